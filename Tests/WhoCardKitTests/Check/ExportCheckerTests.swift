import XCTest
@testable import WhoCardKit

/// Duplicate ids as `ExportChecker` reports them: the first row of an id wins, every later row
/// of it is rejected with `id.duplicate`, naming both lines.
final class ExportCheckerTests: XCTestCase {
    private func check(_ csv: String) throws -> CheckReport {
        let reader = try ExportReader(data: Array(csv.utf8), name: "export.csv", format: .csv)
        return try ExportChecker(reader: reader, file: "export.csv").run()
    }

    func testEveryLaterRowOfAnIDIsADuplicateOfTheFirst() throws {
        let report = try check(
            """
            id,name,website
            alice,Alice,https://alice.example
            bob,Bob,
            alice,Alice Again,https://alice.example/2
            Alice,Other Alice,
            alice,Alice Thrice,
            bob,Bob Again,

            """)
        XCTAssertEqual(
            report.rows.map { "\($0.line) \($0.userID ?? "-") \($0.accepted)" },
            [
                "2 alice true", "3 bob true", "4 alice false", "5 Alice true", "6 alice false", "7 bob false",
            ])
        let duplicates = report.rows.flatMap(\.findings).filter { $0.rule == "id.duplicate" }
        XCTAssertEqual(
            duplicates.map(\.message),
            [
                "id 'alice' is used again on line 4; line 2 has it first and wins",
                "id 'alice' is used again on line 6; line 2 has it first and wins",
                "id 'bob' is used again on line 7; line 3 has it first and wins",
            ])
        let first = try XCTUnwrap(duplicates.first)
        XCTAssertEqual(first.severity, .error)
        XCTAssertEqual(first.line, 4)
        XCTAssertEqual(first.field, "id")
        XCTAssertEqual(first.value, "alice")
        XCTAssertEqual(first.userID, "alice")
        XCTAssertEqual(first.hint, Rule.named("id.duplicate")?.hint)
        // A rejected duplicate still counts the links it filled in.
        XCTAssertEqual(Array(report.rows)[2].links, 1)
        XCTAssertEqual(report.summary.rows, 6)
        XCTAssertEqual(report.summary.accepted, 3)
    }

    /// The summary's link count counts filled-in link fields: white space, ASCII or not, is
    /// not a link; a value with anything else is, valid or not.
    func testLinksCountFilledInLinkFieldsOnly() throws {
        let report = try check(
            "id,website,twitter_url,support_url,avatar_url\n"
                + "a,   ,\u{3000}\u{00A0},\t,\n"
                + "b,https://b.example,not a link,\u{00A0}x,é\n"
                // Leading white space before a link, and a control character, are filled in too.
                + "c, https://c.example,\t\u{3000}x,,\u{7F}\n")
        XCTAssertEqual(report.summary.rows, 3)
        XCTAssertEqual(report.summary.links, 7)
        XCTAssertEqual(report.rows.map(\.links), [0, 4, 3])
    }

    /// A batch's ids are looked up a block at a time; the first row of an id wins wherever the
    /// rows fall, in one block, across blocks or across batches, padded or not.
    func testDuplicatesAreFoundAcrossBlocksAndBatches() throws {
        var csv = "id,name\n"
        var expected: [String] = []
        var firstLine: [String: Int] = [:]
        for i in 0..<3_000 {
            // Every fifth row brings a new id; the others repeat the id of the row 1, 252, 263 or
            // 1,004 rows before (u0 near the start); some ids are padded with spaces.
            let distance = [0, 1, 252, 263, 1_004][i % 5]
            let id = "u\(max(i - distance, 0))"
            let line = i + 2
            csv += (i % 7 == 0 ? " \(id) " : id) + ",Name\n"
            if let first = firstLine[id] {
                expected.append(
                    "\(line) \(id) id '\(id)' is used again on line \(line); line \(first) has it first and wins")
            } else {
                firstLine[id] = line
                expected.append("\(line) accepted")
            }
        }
        for limit in [1, 255, 256, 257, 4_096] {
            let reader = try ExportReader(data: Array(csv.utf8), name: "export.csv", format: .csv)
            let checker = ExportChecker(reader: reader, file: "export.csv")
            var seen: [String] = []
            while case let batch = try checker.nextBatch(limit: limit), !batch.isEmpty {
                XCTAssertLessThanOrEqual(batch.count, limit)
                for row in batch {
                    switch row {
                    case .record(let record, let id):
                        XCTAssertEqual(id, record[.id]?.trimmingCharacters(in: .whitespaces))
                        seen.append("\(record.line) accepted")
                    case .rejected(let outcome):
                        XCTAssertEqual(outcome.findings.map(\.rule), ["id.duplicate"])
                        seen.append("\(outcome.line) \(outcome.userID ?? "-") \(outcome.findings.first?.message ?? "")")
                    case .notice(let finding):
                        XCTFail("unexpected notice \(finding.message)")
                    }
                }
            }
            XCTAssertEqual(seen, expected, "batches of \(limit)")
        }
    }

    func testARowWithAnInvalidIDClaimsNothing() throws {
        // The id is trimmed before it is compared; an invalid id is the validator's finding,
        // and does not make a later valid row a duplicate.
        let report = try check("id,name\n.carol,Bad\n carol ,Carol\ncarol,Carol Again\n")
        XCTAssertEqual(
            report.rows.map { "\($0.line) \($0.accepted) \($0.findings.map(\.rule))" },
            [
                "2 false [\"id.invalid\"]", "3 true []", "4 false [\"id.duplicate\"]",
            ])
        XCTAssertEqual(
            Array(report.rows)[2].findings.first?.message,
            "id 'carol' is used again on line 4; line 3 has it first and wins")
    }
}

/// `check` validates on several threads; the report must not depend on how many.
final class ParallelCheckTests: XCTestCase {
    func testTheReportIsTheSameWhateverTheJobs() throws {
        // 26,000 rows: seven batches at --jobs 2 and five at --jobs 3, more than the three that
        // `run(jobs:)` keeps in flight, so batches are merged both when done and when forced.
        var csv = "id,name,email,twitter_url,linkedin_url,bio\n"
        for i in 0..<26_000 {
            switch i % 9 {
            case 0: csv += "u\(i),User \(i),not-an-email,https://x.com/u\(i),,Bio\n"
            case 1: csv += "u\(i - 1),Duplicate \(i),,,,\n"
            case 2: csv += "u\(i),\"broken,,,,\n"  // a quote that ends on the next line: text after it
            case 3: csv += "../u\(i),Bad Id,,,,\n"
            case 4: csv += "u\(i),User \(i),,https://twitter.com@evil.example/x,https://linkedin.com/company/x,\n"
            default:
                csv += "u\(i),User \(i),u\(i)@example.com,https://x.com/u\(i),https://linkedin.com/in/u\(i),**Hi**\n"
            }
        }
        func check(jobs: Int) throws -> (CheckReport, [LinkOccurrence]) {
            let reader = try ExportReader(
                data: Array(csv.utf8), name: "export.csv", format: .csv, fieldMap: FieldMap(), limits: .default,
                chunkSize: 4096)
            return try ExportChecker(reader: reader, file: "export.csv").run(jobs: jobs, collectsLinks: true)
        }
        let (one, oneLinks) = try check(jobs: 1)
        XCTAssertGreaterThan(one.summary.errors, 1_000)
        XCTAssertGreaterThan(one.summary.rejected, 500)
        for jobs in [2, 3, 8] {
            let (many, manyLinks) = try check(jobs: jobs)
            XCTAssertEqual(many, one, "jobs \(jobs)")
            XCTAssertEqual(manyLinks, oneLinks, "jobs \(jobs)")
        }
        // Without links the clean rows skip the validator (ProfileValidator.isCertainlyClean): the same report.
        for jobs in [1, 2] {
            let reader = try ExportReader(data: Array(csv.utf8), name: "export.csv", format: .csv)
            XCTAssertEqual(try ExportChecker(reader: reader, file: "export.csv").run(jobs: jobs).report, one)
        }
        // And the same as the sequential API a library user calls.
        let reader = try ExportReader(data: Array(csv.utf8), name: "export.csv", format: .csv)
        XCTAssertEqual(try ExportChecker(reader: reader, file: "export.csv").run(), one)
    }
}
