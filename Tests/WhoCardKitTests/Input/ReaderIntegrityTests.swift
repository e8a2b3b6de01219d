import Foundation
import XCTest

@testable import WhoCardKit

/// Every row ends accepted or rejected: the readers never make rows out of text inside a
/// field, never drop the rows after a bad one, and say so when they cannot account for the
/// rest of the input.
final class ReaderIntegrityTests: XCTestCase {
    // MARK: CSV: no row smuggling

    /// A quoted field over the row limit whose text holds lines that look like rows: they are
    /// the field's text, not rows, whatever the limit and however the input is chunked.
    func testAnOverLimitQuotedFieldIsSkippedToItsRealEnd() throws {
        var bio = ""
        for n in 0..<40 { bio += "line \(n) of a long bio\nu\(900 + n),Smuggled \(n),https://x.com/evil\n" }
        let csv = "id,name,bio\nu1,Ann,\"\(bio)\"\nu2,Bob,ok\nu900,Real,\n"
        for (limits, chunk) in [
            (ReaderLimits(maxFieldBytes: 500, maxRowBytes: 300), 1 << 20),
            (ReaderLimits(maxFieldBytes: 500, maxRowBytes: 300), 37),
            (ReaderLimits(maxFieldBytes: 100, maxRowBytes: 1_000), 64),
        ] {
            let items = try readItems(csv, limits: limits, chunkSize: chunk)
            XCTAssertEqual(items.first?.rejection?.line, 2, "\(limits) chunk \(chunk)")
            XCTAssertEqual(
                Array(summaries(items).dropFirst()),
                ["record@83 id=u2 name=Bob bio=ok", "record@84 id=u900 name=Real"],
                "\(limits) chunk \(chunk)")
        }
    }

    /// The same at the default 1 MiB row limit, with a field of 1.2 MB.
    func testAQuotedFieldOverOneMebibyteIsNotReadAsRows() throws {
        let line = "u7,Impostor,https://x.com/impostor\n"
        let bio = String(repeating: line, count: 1_200_000 / line.utf8.count)
        let csv = "id,name,twitter_url\nu1,Ann,\"\(bio)\"\nu7,Real Seven,https://x.com/seven\n"
        let items = try readItems(csv, chunkSize: 1 << 16)
        let lines = bio.filter { $0 == "\n" }.count
        XCTAssertEqual(
            summaries(items),
            ["rejected@2:1 row.too-long", "record@\(lines + 3) id=u7 name=Real Seven twitter_url=https://x.com/seven"])
        XCTAssertTrue(items[0].rejection?.message.contains("up to its end on line \(lines + 2)") ?? false)
    }

    /// Text after a closing quote in a field that spans lines: skipped to the record's end,
    /// not resumed inside the field.
    func testTextAfterAMultilineQuotedFieldSkipsTheWholeRecord() throws {
        let items = try readItems("id,name\n1,\"Ann\n2,Evil\n\"x\n3,Real\n")
        XCTAssertEqual(summaries(items), ["rejected@4:2 row.unterminated-quote", "record@5 id=3 name=Real"])
    }

    /// A quote never closed, over the row limit and chunked small: the rest is unaccounted
    /// for, and the count of bytes not read is right.
    func testARunawayQuoteOverTheLimitReportsTheBytesNotRead() throws {
        let rest = (2...200).map { "\($0),Name\($0)\n" }.joined()
        let csv = "id,name\n1,\"Ann\n" + rest
        let items = try readItems(csv, limits: ReaderLimits(maxRowBytes: 64), chunkSize: 16)
        XCTAssertEqual(summaries(items), ["rejected@2:1 row.too-long", "notice@2 export.incomplete"])
        let quoteOffset = "id,name\n1,".utf8.count
        XCTAssertTrue(
            items[1].notice?.message.contains(
                "\(csv.utf8.count - quoteOffset) bytes of \(csv.utf8.count) after it were not read as rows") ?? false,
            items[1].notice?.message ?? "")
    }

    /// A last row cut short (no line break, fields missing) means the file was cut off.
    func testAShortLastRowWithoutALineBreakIsAnIncompleteExport() throws {
        let items = try readItems("id,name,email\n1,Ann,a@x.co\n2,Bo")
        XCTAssertEqual(
            summaries(items),
            ["record@2 id=1 name=Ann email=a@x.co", "rejected@3:5 row.field-count", "notice@3 export.incomplete"])
        // A complete last row without a line break is fine.
        XCTAssertEqual(summaries(try readItems("id,name\n1,Ann")), ["record@2 id=1 name=Ann"])
    }

    // MARK: CSV: line endings and delimiters

    func testCarriageReturnOnlyLineEndingsAreLineBreaks() throws {
        let items = try readItems("id,name,bio\r1,Ann,\"two\rlines\"\r2,Bob,x\r\r3,Cy,y\r")
        XCTAssertEqual(
            summaries(items),
            ["record@2 id=1 name=Ann bio=two\nlines", "record@4 id=2 name=Bob bio=x", "record@6 id=3 name=Cy bio=y"])
        // Split across tiny chunks, the CR right at a chunk's end included.
        XCTAssertEqual(summaries(try readItems("id,name\r1,Ann\r2,Bob\r", chunkSize: 3)).count, 2)
        // CRLF files are unchanged: CR before LF is not a line of its own.
        XCTAssertEqual(
            summaries(try readItems("id,name\r\n1,Ann\r\n2,Bob\r\n")),
            ["record@2 id=1 name=Ann", "record@3 id=2 name=Bob"])
    }

    func testTheDelimiterIsReadFromTheHeader() throws {
        for (delimiter, text) in [(";", "semicolon"), ("\t", "tab"), ("|", "pipe")] {
            let csv =
                ["id", "name", "twitter_url"].joined(separator: delimiter) + "\n"
                + ["1", "\"Doe, Ann\"", "https://x.com/ann"].joined(separator: delimiter) + "\n"
            XCTAssertEqual(
                summaries(try readItems(csv)), ["record@2 id=1 name=Doe, Ann twitter_url=https://x.com/ann"], text)
        }
        // A comma inside a quoted header name does not count.
        XCTAssertEqual(summaries(try readItems("id;\"name, full\"\n1;Ann\n")).last, "record@2 id=1")
    }

    func testAForcedDelimiterIsUsedAndAOneColumnHeaderNamesTheOption() throws {
        let reader = try ExportReader(
            data: Array("id;name\n1;Ann\n".utf8), name: "export.csv", format: .csv, delimiter: .semicolon)
        XCTAssertEqual(try reader.next()?.summary, "record@2 id=1 name=Ann")
        XCTAssertThrowsError(
            try ExportReader(data: Array("id;name\n1;Ann\n".utf8), name: "export.csv", format: .csv, delimiter: .comma)
        ) { error in
            XCTAssertEqual(
                error as? InputError,
                .singleColumnHeader(path: "export.csv", column: "id;name", likelyDelimiter: .semicolon))
            XCTAssertTrue("\(error)".contains("--delimiter ';'"), "\(error)")
        }
        XCTAssertThrowsError(
            try ExportReader(data: Array("id\tname\n".utf8), name: "export.csv", format: .csv, delimiter: .comma)
        ) { error in
            XCTAssertTrue("\(error)".contains("--delimiter 'tab'"), "\(error)")
        }
    }

    // MARK: JSON: a bad element never ends the array

    /// Minified JSON: every kind of broken element is rejected alone and every later user is read.
    func testABrokenElementInMinifiedJSONDropsNothingAfterIt() throws {
        let broken = [
            #"{"id":"2","name":tru}"#,  // an invalid literal
            #"{"id":"2" "name":"Bo"}"#,  // a missing comma
            #"{"id":"2","name":"Bo",}"#,  // a trailing comma
            #"{"id":"2","n":[1,{"a":[]}],"x":01}"#,  // a bad number after nesting
            #"{"id":"2","name":"B\q"}"#,  // a bad escape
            #"{"id":"2","bio":"a ] } , { \"id\": \"9\" }",bad}"#,  // brackets inside a string
            #"{"id":"2","x":[1,2}"#,  // a mismatched bracket
            #"nul"#,  // a broken scalar
        ]
        for element in broken {
            let json = #"[{"id":"1"},"# + element + #",{"id":"3"},{"id":"4"}]"#
            let items = try readItems(json, format: .json)
            XCTAssertEqual(items.count, 4, element)
            XCTAssertEqual(items.first?.summary, "record@1 id=1", element)
            XCTAssertEqual(items[1].rejection?.rule, "row.json-syntax", element)
            XCTAssertEqual(Array(summaries(items).suffix(2)), ["record@1 id=3", "record@1 id=4"], element)
            // The same through one-byte chunks.
            XCTAssertEqual(summaries(try readItems(json, format: .json, chunkSize: 1)), summaries(items), element)
        }
    }

    /// Pretty-printed, with the broken element inside a wrapper object.
    func testABrokenElementInsideAWrapperDropsNothingAfterIt() throws {
        let json = """
            {"meta": {"n": 3}, "users": [
              {"id": "1", "name": "Ann"},
              {"id": "2", "name": "Bob", "links": {"twitter_url": tru}},
              {"id": "3", "name": "Cy"}
            ], "next": null}
            """
        XCTAssertEqual(
            summaries(try readItems(json, format: .json)),
            ["record@2 id=1 name=Ann", "rejected@3:58 row.json-syntax", "record@4 id=3 name=Cy"])
    }

    /// A string never closed in minified JSON: the end of the element cannot be found, so
    /// the rest is unaccounted for rather than silently gone.
    func testAnElementWhoseEndCannotBeFoundIsAnIncompleteExport() throws {
        let json = #"[{"id":"1"},{"id":"2","name":"Bo},{"id":"3"},{"id":"4"}]"#
        let items = try readItems(json, format: .json)
        XCTAssertEqual(
            summaries(items), ["record@1 id=1", "rejected@1:37 row.json-syntax", "notice@1 export.incomplete"])
        XCTAssertTrue(items[2].notice?.message.contains("byte 12") ?? false, items[2].notice?.message ?? "")
    }

    // MARK: Lone surrogates, the same in JSON and JSON Lines

    func testALoneSurrogateRejectsItsRowAndReadingGoesOn() throws {
        for bad in [#"\ud800"#, #"\uDBFF x"#, #"\udc00"#, #"\ud800\u0041"#, #"\ud800\ud800"#] {
            let json = #"[{"id":"1","name":"A"# + bad + #""},{"id":"2","name":"\ud83d\ude00"}]"#
            let items = try readItems(json, format: .json)
            XCTAssertEqual(summaries(items), ["rejected@1:21 row.encoding", "record@1 id=2 name=😀"], bad)
            XCTAssertEqual(items[0].rejection?.userID, "1", bad)
            XCTAssertEqual(items[0].rejection?.field, "name", bad)
            XCTAssertTrue(items[0].rejection?.message.contains("surrogate") ?? false, bad)
            let lines = #"{"id":"1","name":"A"# + bad + "\"}\n" + #"{"id":"2","name":"\ud83d\ude00"}"# + "\n"
            XCTAssertEqual(
                summaries(try readItems(lines, format: .jsonl)),
                ["rejected@1:20 row.encoding", "record@2 id=2 name=😀"],
                bad)
        }
    }

    func testAJSONLinesFileCutOffInItsLastLineIsIncomplete() throws {
        let items = try readItems("{\"id\":\"1\"}\n{\"id\":\"2\",\"na", format: .jsonl)
        XCTAssertEqual(
            summaries(items), ["record@1 id=1", "rejected@2:14 row.json-syntax", "notice@2 export.incomplete"])
        // A bad line in the middle is just that row.
        XCTAssertEqual(
            summaries(try readItems("{\"id\":\"1\"\n{\"id\":\"2\"}", format: .jsonl)),
            ["rejected@1:10 row.json-syntax", "record@2 id=2"])
    }

    // MARK: Messages that name the right flag

    func testAFolderGivenAsInputIsSaidToBeAFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("whocard-folder-\(UUID())")
        let named = folder.appendingPathComponent("export")
        try FileManager.default.createDirectory(at: named, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // With a format, and with a name that has no extension to go by.
        XCTAssertThrowsError(try ExportReader(path: folder.path, format: .csv)) { error in
            XCTAssertEqual(error as? InputError, .isFolder(path: folder.path))
        }
        XCTAssertThrowsError(try ExportReader(path: named.path)) { error in
            XCTAssertEqual(error as? InputError, .isFolder(path: named.path))
            XCTAssertTrue("\(error)".contains("is a folder"), "\(error)")
        }
    }
}
