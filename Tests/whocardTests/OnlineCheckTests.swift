import Foundation
import XCTest

/// `whocard check --online` as CI runs it, against the loopback test server, with --remap
/// pointing the export's real-looking links at it.
final class OnlineCheckTests: XCTestCase {
    var server: Process!
    var port = 0
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("whocard-online-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let script = WhoCardBinary.repoRoot.appendingPathComponent("Tests/WhoCardKitTests/Fixtures/LinkCheck/linkserver.py")
        server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = ["python3", script.path, "--hosts", "6", "--lifetime", "300"]
        let out = Pipe()
        server.standardOutput = out
        try server.run()
        var line = Data()
        while !line.contains(0x0a) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw XCTSkip("the loopback test server did not start")
        }
        self.port = port
    }

    override func tearDownWithError() throws {
        if server?.isRunning == true { server.terminate() }
        server?.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }

    /// An export whose links look real; --remap sends each to a route of the test server.
    func export() throws -> String {
        let csv = """
            id,name,linkedin_url,instagram_url,website
            alice,Alice,https://www.linkedin.com/in/alice,https://instagram.com/alice,https://alice.example/
            bob,Bob,,,https://bob.example/missing
            carol,Carol,,,https://alice.example
            """
        let path = directory.appendingPathComponent("export.csv").path
        try (csv + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    var remaps: [String] {
        [
            "--remap", "^https://linkedin\\.com/in/=http://127.0.0.2:\(port)/linkedin/",
            "--remap", "^https://instagram\\.com/alice=http://127.0.0.3:\(port)/login-wall",
            "--remap", "^https://alice\\.example=http://127.0.0.4:\(port)/ok",
            "--remap", "^https://bob\\.example/=http://127.0.0.5:\(port)/status/404?",
        ]
    }

    func run(_ extra: [String]) throws -> WhoCardBinary.Result {
        try WhoCardBinary.run(["check", "--input", try export(), "--online", "--allow-private", "--timeout", "2"] + remaps + extra)
    }

    func testVerdictsInJSONAndOnlyBrokenFails() throws {
        let result = try run(["--format", "json"])
        XCTAssertEqual(result.status, 1, result.stderr)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let links = try XCTUnwrap(report["links"] as? [[String: Any]])
        let verdicts = Dictionary(uniqueKeysWithValues: links.map { ($0["normalized"] as! String, $0["verdict"] as! String) })
        XCTAssertEqual(verdicts, [
            "https://linkedin.com/in/alice": "blocked",
            "https://instagram.com/alice": "login_required",
            "https://alice.example": "ok",
            "https://bob.example/missing": "broken",
        ])
        XCTAssertEqual(links.count, 4, "alice.example is on two rows and fetched once")
        let findings = try XCTUnwrap(report["findings"] as? [[String: Any]])
        XCTAssertEqual(findings.map { "\($0["user_id"]!) \($0["rule"]!) \($0["severity"]!)" }, [
            "alice link.blocked warning", "alice link.login-required warning", "bob link.broken error",
        ])
        XCTAssertTrue(result.stderr.contains("Checked 4 links in "), result.stderr)
        XCTAssertTrue(result.stderr.contains(": 1 ok, 1 broken, 1 blocked, 1 login_required."), result.stderr)
    }

    func testSeverityOverridesDecideTheExitCode() throws {
        XCTAssertEqual(try run(["--verdict-severity", "broken=warning"]).status, 0)
        XCTAssertEqual(try run(["--verdict-severity", "broken=warning", "--fail-on", "warning"]).status, 1)
        XCTAssertEqual(try run(["--verdict-severity", "broken=ignore", "--verdict-severity", "blocked=ignore",
                                "--verdict-severity", "login_required=ignore", "--fail-on", "warning"]).status, 0)
        let bad = try run(["--verdict-severity", "dead=error"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("--verdict-severity: 'dead=error' is not VERDICT=error|warning|ignore"), bad.stderr)
    }

    func testPrivateAddressesAreRefusedWithoutAllowPrivate() throws {
        let result = try WhoCardBinary.run(["check", "--input", try export(), "--online", "--format", "json", "--fail-on", "never"] + remaps)
        XCTAssertEqual(result.status, 0, result.stderr)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let links = try XCTUnwrap(report["links"] as? [[String: Any]])
        XCTAssertEqual(Set(links.map { $0["verdict"] as! String }), ["refused"])
        XCTAssertEqual(links.first?["detail"] as? String, "not fetched: 127.0.0.2 is a loopback address")
    }

    func testCacheIsReusedAndACorruptCacheOnlyWarns() throws {
        let cache = directory.appendingPathComponent("links.json").path
        try "not json".write(toFile: cache, atomically: true, encoding: .utf8)
        let first = try run(["--cache", cache, "--fail-on", "never"])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stderr.contains("warning: link cache \(cache) is not a whocard link cache or is corrupt"), first.stderr)
        let second = try run(["--cache", cache, "--fail-on", "never", "--format", "markdown"])
        XCTAssertTrue(second.stderr.contains("Checked 4 links (4 from the cache)"), second.stderr)
        XCTAssertTrue(second.stdout.contains("| ok | `https://alice.example` | 200 | `http://127.0.0.4:\(port)/ok` | cached | HTTP 200 |"), second.stdout)
        let third = try run(["--cache", cache, "--fail-on", "never", "--cache-ttl", "failures=0s"])
        XCTAssertTrue(third.stderr.contains("Checked 4 links (1 from the cache)"), third.stderr)
    }

    func testOfflineCheckIsUnchangedAndFetchesNothing() throws {
        let result = try WhoCardBinary.run(["check", "--input", try export(), "--format", "json"] + remaps)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertFalse(result.stdout.contains("\"links\": ["), result.stdout)
        XCTAssertEqual(result.stderr, "")
    }
}
