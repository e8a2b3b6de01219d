import Foundation
import XCTest

/// `check` and `build` on exports that break as real ones do, run as CI runs them.
final class ExportIntegrityTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("whocard-integrity-cli-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func write(_ name: String, _ text: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    private func summary(_ stdout: String) throws -> [String: Int] {
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any])
        return try XCTUnwrap(report["summary"] as? [String: Int])
    }

    private let users = (1...30).map { #"{"id":"u\#($0)","name":"User \#($0)"}"# }

    /// A broken element in minified JSON: `check` counts every row and fails.
    func testCheckCountsEveryRowAfterABrokenElement() throws {
        var broken = users
        broken[4] = #"{"id":"u5","name":"\ud800"}"#
        broken[9] = #"{"id":"u10","name":tru}"#
        let path = try write("export.json", "[" + broken.joined(separator: ",") + "]")
        let result = try WhoCardBinary.run(["check", "--input", path, "--format", "json"])
        XCTAssertEqual(result.status, 1, result.stderr)
        let counts = try summary(result.stdout)
        XCTAssertEqual(counts["rows"], 30)
        XCTAssertEqual(counts["accepted"], 28)
        XCTAssertEqual(counts["rejected"], 2)
    }

    /// A cut-off export: `check` exits 1 with `export.incomplete`; `build` removes nobody,
    /// says so and exits 1, even with mass pruning allowed.
    func testACutOffExportFailsCheckAndBuildRemovesNobody() throws {
        let site = folder.appendingPathComponent("site").path
        let full = try write("full.json", "[" + users.joined(separator: ",") + "]")
        XCTAssertEqual(try WhoCardBinary.run(["build", "--input", full, "--output", site, "--quiet"]).status, 0)
        let cut = try write("cut.json", "[" + users[0..<3].joined(separator: ",") + ",")
        let check = try WhoCardBinary.run(["check", "--input", cut])
        XCTAssertEqual(check.status, 1, check.stderr)
        XCTAssertTrue(check.stdout.contains("export.incomplete"), check.stdout)
        let build = try WhoCardBinary.run(["build", "--input", cut, "--output", site, "--allow-mass-prune"])
        XCTAssertEqual(build.status, 1, build.stderr)
        XCTAssertTrue(build.stderr.contains("no card was removed"), build.stderr)
        for n in 1...30 {
            XCTAssertTrue(FileManager.default.fileExists(atPath: site + "/cards/u\(n).html"), "u\(n)")
        }
    }

    func testAHeaderOnlyExportFailsCheck() throws {
        let result = try WhoCardBinary.run(["check", "--input", try write("export.csv", "id,name\n")])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stdout.contains("export.empty"), result.stdout)
    }

    /// Excel in most European locales writes `;`; old Mac exports end lines in CR alone.
    func testSemicolonsAndCarriageReturnsAreReadAndTheDelimiterCanBeForced() throws {
        let path = try write("export.csv", "id;name;twitter_url\r1;Ann;https://x.com/ann\r2;Bob;\r")
        let result = try WhoCardBinary.run(["check", "--input", path, "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try summary(result.stdout)["accepted"], 2)
        let forced = try WhoCardBinary.run(["check", "--input", path, "--delimiter", ","])
        XCTAssertEqual(forced.status, 2)
        XCTAssertTrue(forced.stderr.contains("--delimiter ';'"), forced.stderr)
        let tab = try WhoCardBinary.run(["check", "--input", path, "--delimiter", "tab", "--format", "json"])
        XCTAssertEqual(tab.status, 2, tab.stderr)
        XCTAssertEqual(try WhoCardBinary.run(["check", "--input", path, "--delimiter", "x"]).status, 2)
    }

    func testMessagesNameTheRightFlags() throws {
        let noExtension = try write("export.data", "id\n1\n")
        let unknown = try WhoCardBinary.run(["check", "--input", noExtension])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains("--input-format"), unknown.stderr)
        let isFolder = try WhoCardBinary.run(["check", "--input", folder.path])
        XCTAssertEqual(isFolder.status, 2)
        XCTAssertTrue(isFolder.stderr.contains("is a folder"), isFolder.stderr)
    }
}
