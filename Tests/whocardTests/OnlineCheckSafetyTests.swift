import Foundation
import XCTest

/// `whocard check --online` against a server that trickles its body.
final class OnlineCheckSafetyTests: XCTestCase {
    var fixture: OnlineCheckFixture!
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("whocard-safety-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        fixture = try OnlineCheckFixture(directory: directory)
    }

    override func tearDownWithError() throws {
        fixture?.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// An export of one link, `https://site.example/` (normalised to `https://site.example`).
    private func export() throws -> String {
        let path = directory.appendingPathComponent("one.csv").path
        try "id,name,website\nu1,Ann,https://site.example/\n".write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func links(_ result: WhoCardBinary.Result) throws -> [[String: Any]] {
        let report = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], result.stderr)
        return try XCTUnwrap(report["links"] as? [[String: Any]])
    }

    /// HEAD answers 405, then GET sends its body one byte a second: `--timeout` bounds each
    /// request body included, and `--deadline` the run.
    func testATricklingBodyIsBoundedByTimeoutAndDeadline() throws {
        let trickle = "http://127.0.0.4:\(fixture.port)/trickle?bytes=60&ms=1000"
        let cases: [(arguments: [String], limit: Double)] = [
            (["--timeout", "3", "--deadline", "8"], 8 + 2.5),
            // No deadline: three attempts of 2 s and two back-offs (0.25–0.75 s, then 0.5–1.5 s).
            (["--timeout", "2", "--deadline", "600"], 3 * 2 + 2.25 + 2),
        ]
        for (arguments, limit) in cases {
            let start = Date()
            let result = try WhoCardBinary.run(
                [
                    "check", "--input", try export(), "--online", "--allow-private", "--format", "json", "--fail-on",
                    "never", "--remap", "^https://site\\.example/?=\(trickle)&",
                ] + arguments)
            let elapsed = Date().timeIntervalSince(start)
            print("trickling body with \(arguments.joined(separator: " ")): \(String(format: "%.1f", elapsed)) s")
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertLessThan(elapsed, limit, "\(arguments) took \(elapsed) s")
            XCTAssertEqual(try links(result).first?["verdict"] as? String, "timeout", result.stdout)
        }
    }
}
