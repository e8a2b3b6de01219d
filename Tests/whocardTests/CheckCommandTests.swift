import Foundation
import XCTest

/// Runs the built `whocard check` as CI would, on the bundled sample export.
final class CheckCommandTests: XCTestCase {
    let csv = WhoCardBinary.repoRoot.appendingPathComponent("examples/providers.csv").path
    let json = WhoCardBinary.repoRoot.appendingPathComponent("examples/providers.json").path
    let jsonl = WhoCardBinary.repoRoot.appendingPathComponent("examples/providers.jsonl").path

    func testSampleExportFailsOnItsErrorsAndNamesThem() throws {
        let result = try WhoCardBinary.run(["check", "--input", csv])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stdout.contains("u1015"), result.stdout)
        XCTAssertTrue(result.stdout.contains("url.userinfo"), result.stdout)
        XCTAssertTrue(result.stdout.contains("id.invalid"), result.stdout)
        XCTAssertFalse(result.stdout.contains("\u{1B}["), "no colour when stdout is not a terminal")
    }

    func testFailOnNeverExitsZero() throws {
        let result = try WhoCardBinary.run(["check", "--input", csv, "--fail-on", "never"])
        XCTAssertEqual(result.status, 0, result.stderr)
    }

    func testJSONReportCountsAddUp() throws {
        let result = try WhoCardBinary.run(["check", "--input", csv, "--format", "json", "--fail-on", "never"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let summary = try XCTUnwrap(report["summary"] as? [String: Int])
        XCTAssertEqual(summary["rows"], 22)
        XCTAssertEqual(summary["rejected"], 1, "only the '.hidden' id is rejected")
        XCTAssertEqual(summary["accepted"], 21)
        XCTAssertEqual(summary["rows"], (summary["accepted"] ?? -1) + (summary["rejected"] ?? -1))
        let findings = try XCTUnwrap(report["findings"] as? [[String: Any]])
        XCTAssertEqual(findings.filter { $0["severity"] as? String == "error" }.count, summary["errors"])
    }

    /// The same users exported as CSV, JSON and JSON Lines give the same findings.
    func testFormatsAgree() throws {
        func findings(_ path: String) throws -> Set<String> {
            let result = try WhoCardBinary.run(["check", "--input", path, "--format", "json", "--fail-on", "never"])
            let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            let list = try XCTUnwrap(report["findings"] as? [[String: Any]])
            return Set(list.map { "\($0["user_id"] ?? "-") \($0["field"] ?? "-") \($0["rule"] ?? "-")" })
        }
        let fromCSV = try findings(csv)
        XCTAssertFalse(fromCSV.isEmpty)
        XCTAssertEqual(try findings(json), fromCSV)
        XCTAssertEqual(try findings(jsonl), fromCSV)
    }

    func testReadsStandardInput() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: jsonl))
        let result = try WhoCardBinary.run(
            ["check", "--input", "-", "--input-format", "jsonl", "--format", "json", "--fail-on", "never"], stdin: data)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(
            result.stdout.contains("\"rows\" : 22") || result.stdout.contains("\"rows\": 22")
                || result.stdout.contains("\"rows\":22"), result.stdout)
    }

    func testMissingFileIsExit2WithOneLine() throws {
        let result = try WhoCardBinary.run(["check", "--input", "/nonexistent/export.csv"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("/nonexistent/export.csv"), result.stderr)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
        XCTAssertEqual(result.stdout, "")
    }

    func testEmptyFileIsExit2() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("whocard-empty-\(UUID()).csv")
        try Data().write(to: empty)
        defer { try? FileManager.default.removeItem(at: empty) }
        let result = try WhoCardBinary.run(["check", "--input", empty.path])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.lowercased().contains("empty"), result.stderr)
    }

    func testNoIDColumnIsExit2() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("whocard-noid-\(UUID()).csv")
        try Data("name,twitter_url\nAlice,https://x.com/alice\n".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try WhoCardBinary.run(["check", "--input", file.path])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("id"), result.stderr)
    }

    func testUsageErrorIsExit2() throws {
        let result = try WhoCardBinary.run(["check", "--input", csv, "--format", "yaml"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("yaml"), result.stderr)
    }

    func testOutputFileIsWrittenAndSummaryGoesToStderr() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("whocard-report-\(UUID()).sarif")
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try WhoCardBinary.run(["check", "--input", csv, "--format", "sarif", "--output", out.path])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stdout, "")
        XCTAssertTrue(result.stderr.contains("22 rows"), result.stderr)
        let sarif = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: out)) as? [String: Any])
        XCTAssertEqual(sarif["version"] as? String, "2.1.0")
    }

    func testMapOptionReadsRenamedColumn() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("whocard-map-\(UUID()).csv")
        try Data("id,tw_link\nu1,https://facebook.com/alice\n".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try WhoCardBinary.run([
            "check", "--input", file.path, "--map", "twitter_url=tw_link", "--format", "json",
        ])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stdout.contains("twitter.host"), result.stdout)
    }
}
