import XCTest
@testable import WhoCardKit

final class CSVReaderTests: XCTestCase {
    func testReadsHeaderAndRows() throws {
        let items = try readItems("id,name,twitter_url\n1,Ann,https://x.com/ann\n2,Bob,\n")
        XCTAssertEqual(
            summaries(items),
            [
                "record@2 id=1 name=Ann twitter_url=https://x.com/ann",
                "record@3 id=2 name=Bob",
            ])
        XCTAssertEqual(items[0].record?.column, 1)
    }

    func testLastRowWithoutLineBreak() throws {
        XCTAssertEqual(summaries(try readItems("id,name\n1,Ann")), ["record@2 id=1 name=Ann"])
    }

    func testCRLFAndBOM() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("id,name\r\n1,Ann\r\n2,\"Bob\"\r\n".utf8)
        XCTAssertEqual(summaries(try readItems(bytes: bytes)), ["record@2 id=1 name=Ann", "record@3 id=2 name=Bob"])
    }

    func testQuotedFieldsWithEscapesCommasAndNewlines() throws {
        let csv = "id,name,bio\n1,\"Ann, PhD\",\"She said \"\"hi\"\"\nand left\"\n2,Bob,\"a\r\nb\"\n3,Cy,x\n"
        let items = try readItems(csv)
        XCTAssertEqual(items[0].record?[.name], "Ann, PhD")
        XCTAssertEqual(items[0].record?[.bio], "She said \"hi\"\nand left")
        XCTAssertEqual(items[1].record?[.bio], "a\r\nb")
        XCTAssertEqual(items.map { $0.record?.line }, [2, 4, 6])
    }

    func testQuoteInsideUnquotedFieldIsText() throws {
        XCTAssertEqual(try readItems("id,name\n1,Ann \"Jr\" Lee\n")[0].record?[.name], "Ann \"Jr\" Lee")
    }

    func testBlankLinesAreSkipped() throws {
        let items = try readItems("\n\nid,name\n\n1,Ann\n   \n\r\n2,Bob\n\n")
        XCTAssertEqual(summaries(items), ["record@5 id=1 name=Ann", "record@8 id=2 name=Bob"])
    }

    func testEmptyFieldsAreAbsentAndValuesAreNotTrimmed() throws {
        let record = try XCTUnwrap(try readItems("id,name,email\n 7 ,,\"\"\n")[0].record)
        XCTAssertEqual(record[.id], " 7 ")
        XCTAssertNil(record[.name])
        XCTAssertNil(record[.email])
    }

    func testHeaderAliasesAndNormalisation() throws {
        let csv =
            "User ID,Display-Name,VENDOR,X,Contact_Email,about,photo url\n1,Ann,Acme,https://x.com/a,a@b.co,Hi,https://i/a.png\n"
        XCTAssertEqual(
            summaries(try readItems(csv)),
            [
                "record@2 id=1 name=Ann provider=Acme avatar_url=https://i/a.png twitter_url=https://x.com/a email=a@b.co bio=Hi"
            ])
    }

    func testUserMappingAddsAColumn() throws {
        let map = try FieldMap.parse(mappings: ["twitter_url=Tweets", "id=Seller No"])
        let items = try readItems("Seller No,Tweets\n5,https://x.com/s\n", fieldMap: map)
        XCTAssertEqual(summaries(items), ["record@2 id=5 twitter_url=https://x.com/s"])
    }

    func testUnknownColumnsGiveOneWarningFirst() throws {
        let items = try readItems("id,Color,name,Shoe Size\n1,red,Ann,9\n2,blue,Bob,10\n")
        XCTAssertEqual(
            summaries(items),
            [
                "notice@1 input.unknown-columns", "record@2 id=1 name=Ann", "record@3 id=2 name=Bob",
            ])
        let notice = try XCTUnwrap(items[0].notice)
        XCTAssertEqual(notice.severity, .warning)
        XCTAssertEqual(notice.message, "2 columns are not used: 'Color', 'Shoe Size'.")
        XCTAssertEqual(notice.hint, "Rename the columns, or map them with --map field=column.")
    }

    func testDuplicateColumnForAFieldIsReportedUnused() throws {
        let items = try readItems("id,twitter,twitter_url\n1,a,b\n")
        XCTAssertEqual(items[0].notice?.message, "The column 'twitter_url' is not used.")
        XCTAssertEqual(items[1].record?[.twitterURL], "a")
    }

    // MARK: Malformed rows

    func testWrongFieldCountRejectsOnlyThatRow() throws {
        let items = try readItems("id,name,email\n1,Ann\n2,Bob,b@x.co,extra\n3,Cy,c@x.co\n")
        XCTAssertEqual(
            summaries(items),
            [
                "rejected@2:6 row.field-count", "rejected@3:14 row.field-count", "record@4 id=3 name=Cy email=c@x.co",
            ])
        let finding = try XCTUnwrap(items[0].rejection)
        XCTAssertEqual(finding.userID, "1")
        XCTAssertEqual(finding.file, "export")
        XCTAssertEqual(finding.severity, .error)
        XCTAssertEqual(finding.message, "The row has 2 fields but the header has 3 columns.")
        XCTAssertEqual(finding.hint, "Quote fields that contain commas, or add the missing fields.")
    }

    /// A quote still open at the end of the file swallowed the rest: those lines are the
    /// field's text as far as anyone can tell, so they are not read as rows (they could be a
    /// bio's lines that look like rows); the rest is reported unaccounted for instead.
    func testUnterminatedQuoteLeavesTheRestUnaccountedForInsteadOfReadingItsTextAsRows() throws {
        let items = try readItems("id,name\n1,\"Ann\n2,Bob\n3,Cy\n")
        XCTAssertEqual(summaries(items), ["rejected@2:3 row.unterminated-quote", "notice@2 export.incomplete"])
        XCTAssertEqual(
            items[0].rejection?.message, "The quoted field that starts here is never closed; the row was skipped.")
        XCTAssertEqual(items[1].notice?.severity, .error)
        XCTAssertEqual(
            items[1].notice?.message,
            "Reading stopped at line 2 (byte 10): the quoted field opened on line 2, column 3 is never closed, so "
                + "nothing after it can be told apart from the field's text; 16 bytes of 26 after it were not read "
                + "as rows. A build removes no card while the export is incomplete.")
    }

    func testTextAfterClosingQuoteIsRejected() throws {
        let items = try readItems("id,name\n1,\"Ann\"x\n2,Bob\n")
        XCTAssertEqual(summaries(items), ["rejected@2:8 row.unterminated-quote", "record@3 id=2 name=Bob"])
    }

    func testRunawayQuoteOverTheRowLimitIsNotReadAsRows() throws {
        var csv = "id,name\n1,\"Ann\n"
        for n in 2...50 { csv += "\(n),Name\(n)\n" }
        let items = try readItems(csv, limits: ReaderLimits(maxRowBytes: 100), chunkSize: 64)
        XCTAssertEqual(summaries(items), ["rejected@2:1 row.too-long", "notice@2 export.incomplete"])
    }

    func testOverlongSingleLineRowIsSkippedToTheNextLine() throws {
        let csv = "id,name\n1," + String(repeating: "a", count: 500) + "\n2,Bob\n"
        let items = try readItems(csv, limits: ReaderLimits(maxRowBytes: 64), chunkSize: 16)
        XCTAssertEqual(summaries(items), ["rejected@2:1 row.too-long", "record@3 id=2 name=Bob"])
    }

    func testFieldTooLong() throws {
        let csv = "id,bio\n1," + String(repeating: "b", count: 33) + "\n2,ok\n"
        let items = try readItems(csv, limits: ReaderLimits(maxFieldBytes: 32))
        XCTAssertEqual(summaries(items), ["rejected@2:3 row.field-too-long", "record@3 id=2 bio=ok"])
        XCTAssertEqual(items[0].rejection?.field, "bio")
        XCTAssertEqual(items[0].rejection?.userID, "1")
        XCTAssertEqual(items[0].rejection?.message, "The field is 33 bytes long; the limit is 32.")
    }

    func testInvalidUTF8IsRejectedWithColumnAndField() throws {
        let bytes = Array("id,name\n1,Zoë\n2,A".utf8) + [0xC3, 0x28] + Array("\n3,Cy\n".utf8)
        let items = try readItems(bytes: bytes)
        XCTAssertEqual(
            summaries(items), ["record@2 id=1 name=Zoë", "rejected@3:3 row.encoding", "record@4 id=3 name=Cy"])
        XCTAssertEqual(items[1].rejection?.field, "name")
        XCTAssertEqual(items[1].rejection?.userID, "2")
    }

    func testInvalidUTF8InAnUnusedColumnIsIgnored() throws {
        let bytes = Array("id,junk\n1,".utf8) + [0xFF] + Array("\n".utf8)
        XCTAssertEqual(summaries(try readItems(bytes: bytes)), ["notice@1 input.unknown-columns", "record@2 id=1"])
    }

    func testColumnsCountCharactersNotBytes() throws {
        let items = try readItems("id,name,email\nü,Zoë,\"x\n")
        XCTAssertEqual(items.map(\.summary), ["rejected@2:7 row.unterminated-quote", "notice@2 export.incomplete"])
    }

    func testLineNumbersStayRightAfterMultilineFieldsAndErrors() throws {
        let csv = "id,bio\n1,\"a\nb\nc\"\n2,\"x\"y\n3,z\n"
        XCTAssertEqual(
            summaries(try readItems(csv)),
            [
                "record@2 id=1 bio=a\nb\nc", "rejected@5:6 row.unterminated-quote", "record@6 id=3 bio=z",
            ])
    }

    // MARK: File-level errors

    func testEmptyFileThrows() {
        for text in ["", "\n\n", "\u{FEFF}", "  \n"] {
            XCTAssertThrowsError(try readItems(text)) { error in
                XCTAssertEqual(error as? InputError, .empty(path: "export"), text.debugDescription)
            }
        }
    }

    func testMissingIDColumnThrows() {
        XCTAssertThrowsError(try readItems("name,email\nAnn,a@b.co\n")) { error in
            XCTAssertEqual(error as? InputError, .noIDColumn(path: "export", columns: ["name", "email"]))
            XCTAssertEqual(
                "\(error)",
                "'export' has no id column (columns: 'name', 'email'). Add an id column, or map one with --map id=column."
            )
        }
    }

    func testMalformedHeaderThrows() {
        XCTAssertThrowsError(try readItems("id,\"name\n1,Ann\n")) { error in
            XCTAssertEqual(
                error as? InputError,
                .badHeader(path: "export", line: 1, reason: "a quoted column name is never closed"))
        }
    }

    func testHeaderOnlyIsAnEmptyExportError() throws {
        let items = try readItems("id,name\n")
        XCTAssertEqual(summaries(items), ["notice@2 export.empty"])
        XCTAssertEqual(items.first?.notice?.severity, .error)
    }

    // MARK: Streaming

    func testChunkBoundariesDoNotChangeTheResult() throws {
        var csv = "\u{FEFF}id,name,bio,twitter,unused\r\n"
        for n in 1...40 {
            switch n % 5 {
            case 0: csv += "\(n),\"Name, \(n)\",\"line1\r\nline \"\"2\"\"\",https://x.com/u\(n),z\r\n"
            case 1: csv += "\(n),Zoë \(n),,,\r\n\r\n"
            case 2: csv += "\(n),only two\r\n"
            case 3: csv += "\(n),\"bad\"quote,b,t,u\r\n"
            default: csv += "\(n),N,b,t,u" + (n == 40 ? "" : "\r\n")
            }
        }
        let whole = try readItems(csv, chunkSize: 1 << 20)
        XCTAssertEqual(whole.count, 41)
        for chunk in [1, 2, 3, 7, 64] {
            XCTAssertEqual(try readItems(csv, chunkSize: chunk), whole, "chunk size \(chunk)")
        }
    }
}
