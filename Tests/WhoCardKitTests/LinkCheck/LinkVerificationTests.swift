import Foundation
import XCTest
@testable import WhoCardKit

/// `--verify` against pages served on loopback: a link is verified when its page links back
/// with rel="me" to the user's card, or to another verified link of the card.
final class LinkVerificationTests: XCTestCase {
    var server: LinkServer!
    let verification = try! LinkVerification(cardURL: "https://market.example/people/{id}")
    let now = Date(timeIntervalSince1970: 1_796_428_800)  // 5 Dec 2026

    override func setUpWithError() throws {
        server = try LinkServer(hosts: 1)
    }

    override func tearDown() {
        server?.stop()
        server = nil
    }

    /// Checks user `u1`'s `links` (normalised URL → server path serving it) and verifies them.
    private func verify(_ links: [(String, String)], options change: (inout LinkCheckOptions) -> Void = { _ in })
        async throws -> [String: LinkResult]
    {
        var options = LinkCheckOptions()
        options.timeout = .seconds(2)
        options.retries = 0
        options.addressPolicy.allowPrivate = true
        options.readsRelMe = true
        options.remaps = try links.map { link, path in
            try URLRemap(
                pattern: "^" + NSRegularExpression.escapedPattern(for: link) + "$", replacement: server.url(path))
        }
        change(&options)
        let checker = LinkChecker(options: options)
        var results = await checker.check(links.map { LinkChecker.Link(url: $0.0, normalized: $0.0) })
        await checker.shutdown()
        verification.apply(to: &results, users: [("u1", links.map(\.0))], now: now)
        return Dictionary(uniqueKeysWithValues: results.map { ($0.normalized, $0) })
    }

    func testAPageThatLinksBackWithRelMeIsVerified() async throws {
        let results = try await verify([
            ("https://alice.example", "/page/relme-card"), ("https://alice.example/about", "/page/relme-link-tag"),
        ])
        XCTAssertEqual(results["https://alice.example"]?.verifiedAt, now)
        XCTAssertEqual(results["https://alice.example"]?.verifiedBy, server.url("/page/relme-card"))
        XCTAssertEqual(results["https://alice.example/about"]?.verifiedAt, now, "a <link rel=\"authn me\"> counts")
    }

    func testALinkBackWithoutRelMeOrToAnotherCardIsNot() async throws {
        let results = try await verify([
            ("https://alice.example", "/page/no-relme"), ("https://mallory.example", "/page/other-card"),
            ("https://gone.example", "/status/404"),
        ])
        XCTAssertEqual(results.values.compactMap(\.verifiedAt), [])
        XCTAssertEqual(results["https://mallory.example"]?.relMe, ["https://market.example/people/u2"])
    }

    func testAChainThroughAVerifiedLinkOfTheSameCard() async throws {
        // The X profile links back to the card; the site links to the X profile (as twitter.com,
        // with www. and a trailing slash: compared as whocard normalises it).
        let results = try await verify([
            ("https://x.com/alice", "/page/relme-card"), ("https://alice.example", "/page/relme-chain"),
        ])
        XCTAssertEqual(results["https://x.com/alice"]?.verifiedAt, now)
        XCTAssertEqual(results["https://alice.example"]?.verifiedAt, now)
        // Without the link that links back, the chain proves nothing.
        let alone = try await verify([
            ("https://x.com/alice", "/page/no-relme"), ("https://alice.example", "/page/relme-chain"),
        ])
        XCTAssertEqual(alone.values.compactMap(\.verifiedAt), [])
    }

    func testAChainDoesNotCrossCards() {
        var results = [
            LinkResult(url: "a", normalized: "https://a.example", verdict: .ok),
            LinkResult(url: "b", normalized: "https://b.example", verdict: .ok),
        ]
        results[0].relMe = ["https://market.example/people/u2"]
        results[1].relMe = ["https://a.example/"]
        verification.apply(
            to: &results, users: [("u1", ["https://b.example"]), ("u2", ["https://a.example"])], now: now)
        XCTAssertEqual(results.map { $0.verifiedAt != nil }, [true, false], "b links to u2's link, but b is u1's")
    }

    /// A link two users share is verified for the user whose card it links back to, not for
    /// the other: on a later run its cached verification counts for that card alone.
    func testASharedLinkIsVerifiedOnlyForTheCardItLinksBackTo() {
        let shared = "https://team.example"
        var results = [LinkResult(url: shared, normalized: shared, verdict: .ok)]
        results[0].relMe = ["https://market.example/people/u1"]
        verification.apply(to: &results, users: [("u1", [shared]), ("u2", [shared])], now: now)
        XCTAssertEqual(results[0].verifiedFor, ["https://market.example/people/u1"])
        XCTAssertEqual(results[0].verifiedAt, now)

        // From the cache (no rel="me" list kept): still u1's only, and u1's date is kept.
        var cached = results
        cached[0].relMe = []
        verification.apply(to: &cached, users: [("u2", [shared]), ("u1", [shared])], now: now + 86_400)
        XCTAssertEqual(cached[0].verifiedFor, ["https://market.example/people/u1"])
        XCTAssertEqual(cached[0].verifiedAt, now)

        // A page linking back to both cards verifies it for both.
        results[0].relMe = ["https://market.example/people/u1", "https://market.example/people/u2"]
        results[0].verifiedFor = nil
        results[0].verifiedAt = nil
        verification.apply(to: &results, users: [("u2", [shared]), ("u1", [shared])], now: now)
        XCTAssertEqual(
            results[0].verifiedFor, ["https://market.example/people/u1", "https://market.example/people/u2"])
    }

    /// The build maps a verified card URL back to its user: only URLs the template makes.
    func testACardURLNamesItsUser() throws {
        for id in ["u1", "alice-01", "a b/c?d#e", "ü%41", "42"] {
            XCTAssertEqual(verification.userID(ofCard: verification.card(for: id)!), id, id)
        }
        for url in [
            "https://market.example/people/", "https://market.example/people", "https://other.example/people/u1",
            "http://market.example/people/u1",
        ] {
            XCTAssertNil(verification.userID(ofCard: url), url)
        }
        let query = try LinkVerification(cardURL: "https://market.example/card?user={id}&v=1")
        XCTAssertEqual(query.userID(ofCard: query.card(for: "u 7")!), "u 7")
        XCTAssertNil(query.userID(ofCard: "https://market.example/card?user=u7&v=2"))
    }

    func testARedirectIsFollowedAndTheFinalPageNamed() async throws {
        let results = try await verify([("https://alice.example", "/to?url=/page/relme-card")])
        XCTAssertEqual(results["https://alice.example"]?.verifiedAt, now)
        XCTAssertEqual(results["https://alice.example"]?.verifiedBy, server.url("/page/relme-card"))
    }

    func testOnlyTheFirstMegabyteIsRead() async throws {
        let results = try await verify([
            ("https://big.example", "/padded/relme-card?bytes=1100000"),
            ("https://fits.example", "/padded/relme-card?bytes=900000"),
        ])
        XCTAssertNil(results["https://big.example"]?.verifiedAt, "the link back is past 1 MB")
        XCTAssertEqual(results["https://fits.example"]?.verifiedAt, now)
    }

    func testTheCardURLMustNameTheUser() {
        XCTAssertThrowsError(try LinkVerification(cardURL: "https://market.example/people/")) { error in
            XCTAssertTrue("\(error)".contains("has no {id}"), "\(error)")
        }
        XCTAssertEqual(verification.card(for: "u 1"), "https://market.example/people/u%201")
    }

    func testTheJSONReportCarriesTheVerification() async throws {
        var options = LinkCheckOptions()
        options.addressPolicy.allowPrivate = true
        options.remaps = [
            try URLRemap(pattern: "^https://alice\\.example$", replacement: server.url("/page/relme-card"))
        ]
        var check = OnlineCheck(options: options)
        check.verification = verification
        var report = CheckReport(file: "export.csv")
        let occurrences = [
            LinkOccurrence(
                userID: "u1", line: 2, field: .website,
                link: ValidLink(
                    original: "https://alice.example/", normalized: "https://alice.example", display: "alice.example"))
        ]
        let summary = await check.run(occurrences, into: &report)
        XCTAssertEqual(summary.verified, 1)
        let json = JSONReportFormatter().format(report)
        let today = ISODate.day(Date())
        XCTAssertTrue(json.contains(#""verified_at": "\#(today)""#), json)
        XCTAssertTrue(json.contains(#""verified_by": "\#(server.url("/page/relme-card"))""#), json)
    }

    /// A verification from the cache holds for `verifyMaxAge`; an older one is dropped and the
    /// link checked again (here its page no longer links back).
    func testAnExpiredVerificationIsCheckedAgain() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("whocard-verify-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let cachePath = directory.appendingPathComponent("links.json").path
        let day = 86_400.0
        var cache = LinkCache()
        for (link, age) in [("https://recent.example", 3 * day), ("https://old.example", 40 * day)] {
            var result = LinkResult(url: link, normalized: link, verdict: .ok, detail: "HTTP 200")
            result.verifiedAt = Date().addingTimeInterval(-age)
            result.verifiedBy = link
            result.verifiedFor = ["https://market.example/people/u1"]
            cache.record(result)
        }
        try cache.save(to: cachePath)

        var options = LinkCheckOptions()
        options.addressPolicy.allowPrivate = true
        options.remaps = [
            try URLRemap(pattern: "^https://[a-z]+\\.example$", replacement: server.url("/page/no-relme"))
        ]
        var check = OnlineCheck(options: options, cachePath: cachePath)
        check.verification = verification
        var report = CheckReport(file: "export.csv")
        let occurrences = ["https://recent.example", "https://old.example"].map {
            LinkOccurrence(
                userID: "u1", line: 2, field: .website, link: ValidLink(original: $0, normalized: $0, display: $0))
        }
        let summary = await check.run(occurrences, into: &report)
        let links = try XCTUnwrap(report.links)
        XCTAssertEqual(links.map(\.cached), [true, false], "only the recent verification is reused")
        XCTAssertNotNil(links[0].verifiedAt)
        XCTAssertNil(links[1].verifiedAt, "the page no longer links back")
        XCTAssertEqual(summary.verified, 1)
        let saved = LinkCache.load(path: cachePath, lifetimes: LinkCache.defaultLifetimes).cache
        XCTAssertNil(saved.entries["https://old.example"]?.result.verifiedAt, "the cache forgets it too")
        XCTAssertNotNil(saved.entries["https://recent.example"]?.result.verifiedAt)
    }

    func testRelMeScanner() {
        let html = """
            <!-- <a rel="me" href="https://commented.example"> -->
            <A REL='Me' HREF='https://a.example/?x=1&amp;y=2'>a</A>
            <a rel="nofollow" href="https://b.example">b</a><a rel=me href=https://c.example>c</a>
            <link rel="stylesheet me" href="https://d.example/s.css"><a rel="meme" href="https://e.example">e</a>
            """
        XCTAssertEqual(
            RelMeScanner.hrefs(in: html),
            ["https://a.example/?x=1&y=2", "https://c.example", "https://d.example/s.css"])
    }

    /// A page cut off inside a tag, an attribute or a comment (the 1 MB limit does that) ends
    /// the scan instead of reading past the end.
    func testRelMeScannerOnTruncatedPages() {
        for html in [
            "<a rel=\"me\" href=\"https://a.example", "<a rel=me", "<a", "<!-- <a rel=me href=x>", "<",
            "<a rel='me' href='x'",
        ] {
            XCTAssertEqual(RelMeScanner.hrefs(in: html).count <= 1, true, html)
        }
        XCTAssertEqual(RelMeScanner.hrefs(in: "<a rel='me' href='https://x.example'"), ["https://x.example"])
    }

    /// Random fragments of tags, quotes and comments: the scanner ends, never traps, and every
    /// href it returns is one the page holds.
    func testRelMeScannerOnRandomMarkup() {
        let pieces = [
            "<", ">", "a", "link", " ", "rel", "=", "me", "'", "\"", "href", "x.example", "<!--", "-->", "/", "é",
            "&amp;",
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3_000 {
            let count = Int.random(in: 0...40, using: &generator)
            let html = (0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined()
            for href in RelMeScanner.hrefs(in: html) {
                XCTAssertFalse(href.isEmpty, html)
                XCTAssertTrue(html.contains(href) || html.contains("&amp;"), "\(href) is not in \(html)")
            }
        }
    }
}
