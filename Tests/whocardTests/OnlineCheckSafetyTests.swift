import Foundation
import XCTest

/// `whocard check --online` against a server that trickles its body and a DNS name that
/// rebinds to loopback. Only loopback is ever contacted: the rebinding test runs the binary with
/// `Scripts/rebind_shim.c` preloaded, which refuses every other connect before it leaves the machine.
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

    /// A name that answers a public address to the address check and 127.0.0.1 to the
    /// connection is never fetched from loopback: the connection goes to the address checked.
    func testARebindingNameNeverReachesLoopback() throws {
        let shim = directory.appendingPathComponent("rebind_shim.so")
        let source = WhoCardBinary.repoRoot.appendingPathComponent("Tests/whocardTests/Scripts/rebind_shim.c")
        let compile = try WhoCardBinary.launch(
            URL(fileURLWithPath: "/usr/bin/env"), ["cc", "-shared", "-fPIC", "-o", shim.path, source.path, "-ldl"],
            stdin: nil, environment: [:], currentDirectory: nil)
        guard compile.status == 0 else { throw XCTSkip("cannot build the getaddrinfo shim: \(compile.stderr)") }
        let log = directory.appendingPathComponent("shim.log")
        try fixture.resetHits()
        let result = try WhoCardBinary.run(
            [
                "check", "--input", try export(), "--online", "--format", "json", "--fail-on", "never", "--timeout",
                "3",
                "--remap", "^https://site\\.example/?=http://rebind.test:\(fixture.port)/ok?",
            ], environment: ["LD_PRELOAD": shim.path, "REBIND_LOG": log.path])
        let shimLog = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        print("shim log:\n\(shimLog)")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(shimLog.contains("lookup rebind.test -> 203.0.113.7"), "the shim was not used:\n\(shimLog)")
        XCTAssertEqual(try fixture.hits(), [:], "the loopback server was reached through the rebinding name")
        let verdict = try XCTUnwrap(try links(result).first?["verdict"] as? String)
        XCTAssertNotEqual(verdict, "ok", result.stdout)
        XCTAssertFalse(shimLog.contains("lookup rebind.test -> 127.0.0.1"), "the name was resolved twice:\n\(shimLog)")
    }
}
