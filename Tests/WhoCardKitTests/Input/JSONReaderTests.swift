import XCTest
@testable import WhoCardKit

final class JSONReaderTests: XCTestCase {
    func testTopLevelArray() throws {
        let json = """
            [
              {"id": "1", "name": "Ann", "twitter_url": "https://x.com/ann"},
              {"id": 2, "phone": 15550100199, "bio": null}
            ]
            """
        XCTAssertEqual(
            summaries(try readItems(json, format: .json)),
            [
                "record@2 id=1 name=Ann twitter_url=https://x.com/ann",
                "record@3 id=2 phone=15550100199",
            ])
    }

    func testUsersAndProvidersWrappers() throws {
        let users = #"{"version": 3, "meta": {"a": [1, {"b": null}]}, "users": [{"id": "u1"}], "count": 1}"#
        XCTAssertEqual(summaries(try readItems(users, format: .json)), ["record@1 id=u1"])
        let providers = "{\n\"Providers\": [\n{\"uid\": \"p1\"},\n{\"uid\": \"p2\"}\n]\n}\n"
        XCTAssertEqual(summaries(try readItems(providers, format: .json)), ["record@3 id=p1", "record@4 id=p2"])
    }

    func testNestedSocialContactSupport() throws {
        let json = """
            [{"id":"1","social":{"twitter":"https://x.com/a","linkedin_url":"https://linkedin.com/in/a"},
              "contact":{"email":"a@b.co","phone":"+1 555","website":"https://a.dev"},
              "support":{"url":"https://help.a.dev","email":"help@a.dev","phone":"+1 556","hours":"9-5"}}]
            """
        let record = try XCTUnwrap(try readItems(json, format: .json).first?.record)
        XCTAssertEqual(
            record,
            ProfileRecord(
                line: 1,
                [
                    .id: "1", .twitterURL: "https://x.com/a", .linkedinURL: "https://linkedin.com/in/a",
                    .email: "a@b.co", .phone: "+1 555", .website: "https://a.dev",
                    .supportURL: "https://help.a.dev", .supportEmail: "help@a.dev", .supportPhone: "+1 556",
                    .supportHours: "9-5",
                ]))
    }

    func testStringEscapesAndUnicode() throws {
        let json = #"[{"id":"1","bio":"a\"b\\c\/d\n\u00e9\ud83d\ude00 ünï"}]"#
        XCTAssertEqual(try readItems(json, format: .json).first?.record?[.bio], "a\"b\\c/d\né😀 ünï")
    }

    func testUnknownKeysGiveOneWarningAtTheEnd() throws {
        let json = """
            [
            {"id":"1","color":"red","support":{"fax":"1"}},
            {"id":"2","color":"blue","shoe":9}
            ]
            """
        let items = try readItems(json, format: .json)
        XCTAssertEqual(summaries(items), ["record@2 id=1", "record@3 id=2", "notice@2 input.unknown-columns"])
        XCTAssertEqual(items[2].notice?.message, "3 keys are not used: 'color', 'support.fax', 'shoe'.")
    }

    func testWrongTypesRejectTheRow() throws {
        let json = """
            [
            {"id":"1","name":true},
            {"id":"2","twitter_url":["a"]},
            {"id":"3","email":5},
            {"id":"4","social":"x"},
            "just a string",
            {"id":"6"}
            ]
            """
        let items = try readItems(json, format: .json)
        XCTAssertEqual(
            summaries(items),
            [
                "rejected@2 row.json-type", "rejected@3 row.json-type", "rejected@4 row.json-type",
                "rejected@5 row.json-type", "rejected@6 row.json-type", "record@7 id=6",
            ])
        let first = try XCTUnwrap(items[0].rejection)
        XCTAssertEqual(first.field, "name")
        XCTAssertEqual(first.userID, "1")
        XCTAssertEqual(first.message, "'name' must be a string, but it is a boolean; the row was skipped.")
        XCTAssertEqual(items[4].rejection?.message, "Each profile must be a JSON object, but this is a string.")
    }

    func testSyntaxErrorInAProfileResumesAtTheNextProfileLine() throws {
        let json = """
            [
              {"id": "1", "name": "Ann"},
              {"id": "2", "name": "Bob" "x": 1},
              {"id": "3", "name": "Cy"},
              {"id": "4", "name": 'single'},
              {"id": "5"}
            ]
            """
        let items = try readItems(json, format: .json)
        XCTAssertEqual(
            summaries(items),
            [
                "record@2 id=1 name=Ann", "rejected@3:29 row.json-syntax", "record@4 id=3 name=Cy",
                "rejected@5:23 row.json-syntax", "record@6 id=5",
            ])
        XCTAssertEqual(
            items[1].rejection?.message,
            "The profile is not valid JSON: expected ',' or '}', found '\"'; it was skipped.")
    }

    func testTruncatedProfileOnOneLineResumesAtTheNext() throws {
        let json = "[\n{\"id\":\"1\",\n{\"id\":\"2\"}\n]"
        XCTAssertEqual(
            summaries(try readItems(json, format: .json)), ["rejected@3:1 row.json-syntax", "record@3 id=2"])
    }

    func testMissingCommaBetweenProfilesIsANoticeAndBothAreRead() throws {
        let json = "[\n{\"id\":\"1\"}\n{\"id\":\"2\"}\n]"
        XCTAssertEqual(
            summaries(try readItems(json, format: .json)),
            [
                "record@2 id=1", "notice@3:1 row.json-syntax", "record@3 id=2",
            ])
    }

    /// A document that ends before its array is closed was cut off: more users may have followed.
    func testUnclosedArrayIsAnIncompleteExport() throws {
        let items = try readItems("[{\"id\":\"1\"},\n", format: .json)
        XCTAssertEqual(summaries(items), ["record@1 id=1", "notice@2 export.incomplete"])
        XCTAssertEqual(items[1].notice?.severity, .error)
    }

    func testTextAfterTheDocumentIsANotice() throws {
        XCTAssertEqual(
            summaries(try readItems("[{\"id\":\"1\"}]\n]", format: .json)),
            ["record@1 id=1", "notice@2:1 row.json-syntax"])
    }

    func testDeepNestingIsAnErrorNotACrash() throws {
        let deep =
            "[\n" + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
            + ",\n{\"id\":\"2\"}\n]"
        let items = try readItems(deep, format: .json)
        XCTAssertEqual(summaries(items), ["rejected@2:64 row.json-syntax", "record@3 id=2"])
        XCTAssertEqual(
            items[0].rejection?.message,
            "The profile is not valid JSON: the JSON is nested deeper than 64 levels; it was skipped.")
    }

    func testDeepNestingInsideAProfileKey() throws {
        let limits = ReaderLimits(maxJSONDepth: 4)
        let ok = #"[{"id":"1","q":{"y":{}}}]"#
        XCTAssertEqual(
            summaries(try readItems(ok, format: .json, limits: limits)),
            ["record@1 id=1", "notice@1 input.unknown-columns"])
        let tooDeep = #"[{"id":"1","q":{"y":{"z":{}}}}]"#
        XCTAssertEqual(
            summaries(try readItems(tooDeep, format: .json, limits: limits)), ["rejected@1:26 row.json-syntax"])
    }

    func testInvalidUTF8AndOverlongStrings() throws {
        let bytes =
            Array("[\n{\"id\":\"1\",\"name\":\"".utf8) + [0xFF]
            + Array("\"},\n{\"id\":\"2\",\"bio\":\"0123456789\"},\n{\"id\":\"3\"}\n]".utf8)
        let items = try readItems(bytes: bytes, format: .json, limits: ReaderLimits(maxFieldBytes: 8))
        XCTAssertEqual(
            summaries(items), ["rejected@2:18 row.encoding", "rejected@3:17 row.field-too-long", "record@4 id=3"])
        XCTAssertEqual(items[0].rejection?.field, "name")
        XCTAssertEqual(items[0].rejection?.userID, "1")
        XCTAssertEqual(items[1].rejection?.field, "bio")
    }

    func testProfileOverTheRowLimit() throws {
        let big = "[\n{\"id\":\"1\",\"bio\":\"" + String(repeating: "a", count: 300) + "\"},\n{\"id\":\"2\"}\n]"
        let items = try readItems(big, format: .json, limits: ReaderLimits(maxRowBytes: 100), chunkSize: 32)
        XCTAssertEqual(summaries(items), ["rejected@2:1 row.too-long", "record@3 id=2"])
        // Read in one chunk, the profile's end is known: it is rejected and the next one follows.
        let oneLine = "[{\"id\":\"1\",\"bio\":\"" + String(repeating: "a", count: 300) + "\"}, {\"id\":\"2\"}]"
        let whole = try readItems(oneLine, format: .json, limits: ReaderLimits(maxRowBytes: 100))
        XCTAssertEqual(summaries(whole), ["rejected@1 row.too-long", "record@1 id=2"])
        XCTAssertEqual(whole[0].rejection?.message, "The profile is 319 bytes long; the limit is 100.")
        // Just under the limit, read in tiny chunks: still a record.
        let fits = "[{\"id\":\"1\",\"bio\":\"" + String(repeating: "a", count: 70) + "\"}]"
        XCTAssertEqual(
            try readItems(fits, format: .json, limits: ReaderLimits(maxRowBytes: 100), chunkSize: 3).count, 1)
    }

    func testNumbersKeepTheirText() throws {
        let items = try readItems(#"[{"id": -12.50e3, "support": {"phone": 0}}]"#, format: .json)
        XCTAssertEqual(summaries(items), ["record@1 id=-12.50e3 support_phone=0"])
    }

    func testByteOrderMarkIsSkipped() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("[{\"id\":\"1\"}]".utf8)
        XCTAssertEqual(summaries(try readItems(bytes: bytes, format: .json)), ["record@1 id=1"])
        let lines: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("{\"id\":\"1\"}\n".utf8)
        XCTAssertEqual(summaries(try readItems(bytes: lines, format: .jsonl)), ["record@1 id=1"])
    }

    func testFieldMapAppliesToKeys() throws {
        let items = try readItems(
            #"[{"seller":"7","social":{"tweets":"https://x.com/s"}}]"#, format: .json,
            fieldMap: FieldMap(extra: ["Seller": .id, "tweets": .twitterURL]))
        XCTAssertEqual(summaries(items), ["record@1 id=7 twitter_url=https://x.com/s"])
    }

    func testEmptyArrayIsAnEmptyExportError() throws {
        XCTAssertEqual(summaries(try readItems(" [ ] ", format: .json)), ["notice@1 export.empty"])
        XCTAssertEqual(summaries(try readItems(#"{"users": []}"#, format: .json)), ["notice@1 export.empty"])
    }

    // MARK: JSON Lines

    func testJSONLinesBadLineIsRejectedAndOthersGoOn() throws {
        let jsonl =
            "{\"id\":\"1\"}\r\n\n{\"id\":\"2\",}\n{\"id\":\"3\"} x\n[1]\n{\"id\":\"5\",\"social\":{\"x\":\"https://x.com/e\"}}"
        let items = try readItems(jsonl, format: .jsonl)
        XCTAssertEqual(
            summaries(items),
            [
                "record@1 id=1", "rejected@3:11 row.json-syntax", "rejected@4:12 row.json-syntax",
                "rejected@5 row.json-type", "record@6 id=5 twitter_url=https://x.com/e",
            ])
    }

    func testJSONLinesOverlongLine() throws {
        let jsonl = "{\"id\":\"" + String(repeating: "1", count: 200) + "\"}\n{\"id\":\"2\"}\n"
        let items = try readItems(jsonl, format: .jsonl, limits: ReaderLimits(maxRowBytes: 50), chunkSize: 16)
        XCTAssertEqual(summaries(items), ["rejected@1:1 row.too-long", "record@2 id=2"])
    }

    // MARK: File-level errors

    func testEmptyJSONThrows() {
        for format in [InputFormat.json, .jsonl] {
            XCTAssertThrowsError(try readItems(" \n ", format: format)) { error in
                XCTAssertEqual(error as? InputError, .empty(path: "export"))
            }
        }
    }

    func testNotAnArrayOrObjectThrows() {
        XCTAssertThrowsError(try readItems("id,name\n1,Ann\n", format: .json)) { error in
            XCTAssertEqual(
                error as? InputError,
                .badJSONDocument(path: "export", line: 1, reason: "expected '[' or '{' at the start, found 'i'"))
        }
    }

    func testObjectWithoutUsersArrayThrows() {
        XCTAssertThrowsError(try readItems("{\"id\": \"1\", \"name\": \"Ann\"}", format: .json)) { error in
            XCTAssertEqual(
                error as? InputError,
                .badJSONDocument(
                    path: "export", line: 1,
                    reason:
                        "the top-level object has no \"users\" or \"providers\" array (name another with --records KEY)"
                ))
        }
    }

    func testChunkBoundariesDoNotChangeTheResult() throws {
        let json = """
            {"users": [
              {"id": "1", "name": "Zoë \\u00e9", "social": {"twitter": "https://x.com/z"}},
              {"id": 2, "bio": "a\\nb", "extra": [1, 2.5e-3, true, false, null]},
              {"id": "3", "name": tru},
              {"id": "4"}
            ], "total": 4}
            """
        let whole = try readItems(json, format: .json)
        XCTAssertEqual(whole.count, 5)
        for chunk in [1, 2, 5, 13] {
            XCTAssertEqual(try readItems(json, format: .json, chunkSize: chunk), whole, "chunk size \(chunk)")
        }
    }
}
