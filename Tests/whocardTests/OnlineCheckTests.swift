import Foundation
import XCTest

/// `whocard check --online` as CI runs it, against the loopback test server, with --remap
/// pointing the export's real-looking links at it.
final class OnlineCheckTests: XCTestCase {
    var fixture: OnlineCheckFixture!
    var directory: URL!
    var port: Int { fixture.port }

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("whocard-online-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        fixture = try OnlineCheckFixture(directory: directory)
    }

    override func tearDownWithError() throws {
        fixture?.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    func export() throws -> String { try fixture.export() }

    var remaps: [String] { fixture.remaps }

    func run(_ extra: [String]) throws -> WhoCardBinary.Result {
        try WhoCardBinary.run(
            ["check", "--input", try export(), "--online", "--allow-private", "--timeout", "2"] + remaps + extra)
    }

    func testVerdictsInJSONAndOnlyBrokenFails() throws {
        let result = try run(["--format", "json"])
        XCTAssertEqual(result.status, 1, result.stderr)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let links = try XCTUnwrap(report["links"] as? [[String: Any]])
        let verdicts = Dictionary(
            uniqueKeysWithValues: links.map { ($0["normalized"] as! String, $0["verdict"] as! String) })
        XCTAssertEqual(
            verdicts,
            [
                "https://linkedin.com/in/alice": "blocked",
                "https://instagram.com/alice": "login_required",
                "https://alice.example": "ok",
                "https://bob.example/missing": "broken",
            ])
        XCTAssertEqual(links.count, 4, "alice.example is on two rows and fetched once")
        let findings = try XCTUnwrap(report["findings"] as? [[String: Any]])
        XCTAssertEqual(
            findings.map { "\($0["user_id"]!) \($0["rule"]!) \($0["severity"]!)" },
            [
                "alice link.blocked warning", "alice link.login-required warning", "bob link.broken error",
            ])
        XCTAssertTrue(result.stderr.contains("Checked 4 links in "), result.stderr)
        XCTAssertTrue(result.stderr.contains(": 1 ok, 1 broken, 1 blocked, 1 login_required."), result.stderr)
    }

    /// `--verify`: alice.example links back to alice's card; the other links do not (or were
    /// not seen), and say so with nulls.
    func testVerifiedLinksInTheJSONReport() throws {
        let result = try WhoCardBinary.run(
            [
                "check", "--input", try export(), "--online", "--allow-private", "--timeout", "2", "--verify",
                "--card-url", "https://market.example/people/{id}", "--format", "json",
                "--remap", "^https://alice\\.example=http://127.0.0.4:\(port)/page/relme-alice",
            ] + remaps)
        XCTAssertEqual(result.status, 1, result.stderr)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let links = try XCTUnwrap(report["links"] as? [[String: Any]])
        let verifiedBy = Dictionary(
            uniqueKeysWithValues: links.map { ($0["normalized"] as! String, "\($0["verified_by"]!)") })
        XCTAssertEqual(verifiedBy["https://alice.example"], "http://127.0.0.4:\(port)/page/relme-alice")
        XCTAssertEqual(verifiedBy["https://linkedin.com/in/alice"], "<null>")
        XCTAssertEqual(verifiedBy["https://bob.example/missing"], "<null>")
        let verifiedAt =
            links.first { $0["normalized"] as? String == "https://alice.example" }?["verified_at"] as? String
        XCTAssertNotNil(
            verifiedAt.flatMap { try? Date($0, strategy: .iso8601.year().month().day()) }, "\(verifiedAt ?? "")")
        XCTAssertTrue(result.stderr.contains("; 1 verified by linking back to their card."), result.stderr)
    }

    func testVerifyNeedsACardURLWithTheUserID() throws {
        let missing = try run(["--verify"])
        XCTAssertEqual(missing.status, 2, "a usage error")
        XCTAssertTrue(missing.stderr.contains("--verify needs --card-url"), missing.stderr)
        let noID = try run(["--verify", "--card-url", "https://market.example/people/"])
        XCTAssertEqual(noID.status, 2)
        XCTAssertTrue(noID.stderr.contains("has no {id}"), noID.stderr)
    }

    func testSeverityOverridesDecideTheExitCode() throws {
        XCTAssertEqual(try run(["--verdict-severity", "broken=warning"]).status, 0)
        XCTAssertEqual(try run(["--verdict-severity", "broken=warning", "--fail-on", "warning"]).status, 1)
        XCTAssertEqual(
            try run([
                "--verdict-severity", "broken=ignore", "--verdict-severity", "blocked=ignore",
                "--verdict-severity", "login_required=ignore", "--fail-on", "warning",
            ]).status, 0)
        let bad = try run(["--verdict-severity", "dead=error"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(
            bad.stderr.contains("--verdict-severity: 'dead=error' is not VERDICT=error|warning|ignore"), bad.stderr)
    }

    func testPrivateAddressesAreRefusedWithoutAllowPrivate() throws {
        let result = try WhoCardBinary.run(
            ["check", "--input", try export(), "--online", "--format", "json", "--fail-on", "never"] + remaps)
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
        XCTAssertTrue(
            first.stderr.contains("warning: link cache \(cache) is not a whocard link cache or is corrupt"),
            first.stderr)
        let second = try run(["--cache", cache, "--fail-on", "never", "--format", "markdown"])
        XCTAssertTrue(second.stderr.contains("Checked 4 links (4 from the cache)"), second.stderr)
        XCTAssertTrue(
            second.stdout.contains(
                "| ok | `https://alice.example` | 200 | `http://127.0.0.4:\(port)/ok` | cached | HTTP 200 |"),
            second.stdout)
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
