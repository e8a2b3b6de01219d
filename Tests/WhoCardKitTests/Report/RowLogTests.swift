import Foundation
import XCTest

@testable import WhoCardKit

#if canImport(Glibc)
    import Glibc
#endif

/// A report's rows leave memory for an unnamed temporary file once they pass a limit, and come
/// back unchanged, in order, in every format.
final class RowLogTests: XCTestCase {
    /// Rows with every shape a finding can take: file-level and row users, no column, no
    /// field, no value, warnings, non-ASCII and control characters, values longer than the
    /// log's 64 KiB read size, and rule ids past the point where they stop being interned.
    private func sampleRows(_ count: Int) -> [RowOutcome] {
        (0..<count).map { i in
            let id: String? = i % 7 == 0 ? nil : "user-\(i)-é"
            var findings: [Finding] = []
            for k in 0..<(i % 4) {
                findings.append(
                    Finding(
                        severity: k % 2 == 0 ? .error : .warning, rule: i % 500 == 0 ? "rule.\(i)" : "url.scheme",
                        userID: k == 2 ? "someone-else" : id, file: i % 3 == 0 ? "a.csv" : "b.csv", line: i + 2,
                        column: k == 1 ? nil : k * 10 + 1, field: k == 3 ? nil : "twitter_url",
                        value: i == 1234
                            ? String(repeating: "𝕏\u{1B}[31m", count: 40_000) : k == 0 ? nil : "v\(i)\n\u{202E}",
                        message: "message \(i).\(k) — ✓", hint: k == 1 ? "" : "Fix it \(k % 2)."))
            }
            return RowOutcome(line: i + 2, userID: id, accepted: i % 5 != 0, findings: findings, links: i % 6)
        }
    }

    func testRowsSpilledToAFileReadBackUnchangedAndInOrder() {
        let rows = sampleRows(5000)
        let log = RowLog(memoryLimit: 4096)
        for row in rows { log.append(row) }
        XCTAssertTrue(log.isSpilled)
        XCTAssertEqual(log.count, rows.count)
        var first = log.makeIterator(), read: [RowOutcome] = []
        while let row = first.next() { read.append(row) }
        XCTAssertEqual(read, rows)
        // A second pass (formats such as JUnit read the rows twice) gives the same rows.
        var second = log.makeIterator(), again: [RowOutcome] = []
        while let row = second.next() { again.append(row) }
        XCTAssertEqual(again, rows)
    }

    func testEveryFormatWritesTheSameBytesWhetherTheRowsSpilledOrNot() {
        let rows = sampleRows(3000)
        let inMemory = CheckReport(file: "a.csv", fileFindings: ReportSamples.mixed.fileFindings, rows: rows)
        var spilled = CheckReport(
            file: "a.csv", fileFindings: ReportSamples.mixed.fileFindings, keepsCleanRows: true,
            log: RowLog(memoryLimit: 2048))
        for row in rows { spilled.append(row) }
        XCTAssertEqual(spilled, inMemory)
        XCTAssertEqual(spilled.summary, inMemory.summary)
        for format in ReportFormat.allCases {
            let formatter = format.makeFormatter()
            XCTAssertEqual(formatter.format(spilled), formatter.format(inMemory), "\(format)")
        }
    }

    func testACopiedReportKeepsItsRowsWhenTheOriginalGrows() {
        let rows = sampleRows(400)
        var original = CheckReport(file: "a.csv", keepsCleanRows: true, log: RowLog(memoryLimit: 1024))
        for row in rows.prefix(300) { original.append(row) }
        let copy = original
        for row in rows.dropFirst(300) { original.append(row) }
        XCTAssertEqual(Array(copy.rows), Array(rows.prefix(300)))
        XCTAssertEqual(copy.summary.rows, 300)
        XCTAssertEqual(Array(original.rows), rows)
    }

    func testTheSpillFileNeverHasANameInTheTemporaryFolder() throws {
        let folder = try temporaryFolder()
        try withTemporaryFolder(folder) {
            let log = RowLog(memoryLimit: 1024)
            for row in sampleRows(2000) { log.append(row) }
            XCTAssertTrue(log.isSpilled)
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), [])
        }
    }

    func testAnUnusableTemporaryFolderKeepsTheRowsInMemory() throws {
        let rows = sampleRows(2000)
        try withTemporaryFolder("/nonexistent/whocard-\(getpid())") {
            let log = RowLog(memoryLimit: 1024)
            for row in rows { log.append(row) }
            XCTAssertFalse(log.isSpilled)
            var iterator = log.makeIterator(), read: [RowOutcome] = []
            while let row = iterator.next() { read.append(row) }
            XCTAssertEqual(read, rows, "no row is lost because it could not go to disk")
            let failure = try XCTUnwrap(log.spillFailure, "and it is said, for a warning")
            XCTAssertTrue(failure.contains("/nonexistent/whocard-"), failure)
            XCTAssertTrue(failure.contains("No such file or directory"), failure)
            let report = CheckReport(file: "export.csv", keepsCleanRows: true, log: log)
            XCTAssertTrue(report.memoryWarning?.contains("point TMPDIR at a writable folder") ?? false)
        }
    }

    /// A report of many findings reaches its sink a piece at a time, never as one string.
    func testFormattersWriteLargeReportsInPieces() {
        let findings = 20_000
        var report = CheckReport(file: "a.csv", keepsCleanRows: false)
        for i in 0..<findings {
            report.append(
                RowOutcome(
                    line: i + 2, userID: nil, accepted: false,
                    findings: [
                        Finding(
                            severity: .error, rule: "id.missing", file: "a.csv", line: i + 2, field: "id",
                            message: "id is missing", hint: "Every row needs an id.")
                    ]))
        }
        for format in ReportFormat.allCases {
            var sink = PieceCounter()
            do { try format.makeFormatter().write(report, to: &sink) } catch { XCTFail("\(error)") }
            XCTAssertGreaterThan(sink.total, findings * 20, "\(format)")
            XCTAssertGreaterThan(sink.pieces, 10, "\(format)")
            XCTAssertLessThan(sink.largest, 1 << 18, "\(format): one piece held \(sink.largest) bytes")
        }
    }

    private struct PieceCounter: TextSink {
        var pieces = 0, largest = 0, total = 0
        mutating func append(_ text: String) {
            pieces += 1
            largest = max(largest, text.utf8.count)
            total += text.utf8.count
        }
    }

    private func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "rowlog-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    /// Runs `body` with `TMPDIR` set to `folder`.
    private func withTemporaryFolder(_ folder: String, _ body: () throws -> Void) throws {
        let old = ProcessInfo.processInfo.environment["TMPDIR"]
        setenv("TMPDIR", folder, 1)
        defer { if let old { setenv("TMPDIR", old, 1) } else { unsetenv("TMPDIR") } }
        try body()
    }
}
