import Foundation
import XCTest
@testable import WhoCardKit

/// `whocard build --verified-from CACHE`: the link cache of `check --online --verify` decides
/// which links each card marks as verified, and a verification that appears or expires renders
/// that user's cards again.
final class CardVerificationsTests: XCTestCase {
    private var directory: URL!
    private let day = 86_400.0
    private let now = Date(timeIntervalSince1970: 1_796_428_800)  // 5 Dec 2026
    private let verification = try! LinkVerification(cardURL: "https://market.example/people/{id}")

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("whocard-verified-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private var cachePath: String { directory.appendingPathComponent("links.json").path }

    /// A cache entry for `link`, `ok` unless said, verified `age` seconds before `now` for `cards`.
    private func result(_ link: String, age: Double, cards: [String], verdict: Verdict = .ok) -> LinkResult {
        var result = LinkResult(url: link, normalized: link, verdict: verdict, detail: "HTTP 200")
        result.verifiedAt = now.addingTimeInterval(-age)
        result.verifiedBy = link + "/home"
        result.verifiedFor = cards
        return result
    }

    private func saveCache(_ results: [LinkResult]) throws {
        var cache = LinkCache()
        for result in results { cache.record(result, now: now) }
        try cache.save(to: cachePath)
    }

    private func card(_ id: String) -> String { verification.card(for: id)! }

    func testFreshVerificationsOfOkLinksForThisTemplatesCardsCount() throws {
        try saveCache([
            result("https://alice.example", age: 3 * day, cards: [card("alice")]),
            result("https://team.example", age: 1 * day, cards: [card("alice"), card("bob")]),
            result("https://old.example", age: 40 * day, cards: [card("alice")]),
            result("https://elsewhere.example", age: day, cards: ["https://other.example/people/alice"]),
            result("https://gone.example", age: day, cards: [card("carol")], verdict: .broken),
            LinkResult(url: "https://plain.example", normalized: "https://plain.example", verdict: .ok),
        ])
        let loaded = CardVerifications(
            cachePath: cachePath, verification: verification, maxAge: .seconds(30 * 86_400), now: now)
        XCTAssertNil(loaded.warning)
        XCTAssertEqual(loaded.links(for: "alice").map(\.link), ["https://alice.example", "https://team.example"])
        XCTAssertEqual(loaded.links(for: "bob").map(\.link), ["https://team.example"])
        XCTAssertEqual(loaded.links(for: "carol"), [], "a link that is broken now proves nothing")
        XCTAssertEqual(loaded.links(for: "alice").first?.page, "https://alice.example/home")
        XCTAssertEqual(loaded.links(for: "alice").first?.isoDate, "2026-12-02")
        XCTAssertEqual(loaded.linkCount, 3)
        XCTAssertEqual(loaded.ignored, 2, "the 40-day-old one and the other template's card")

        let strict = CardVerifications(
            cachePath: cachePath, verification: verification, maxAge: .seconds(2 * 86_400), now: now)
        XCTAssertEqual(strict.links(for: "alice").map(\.link), ["https://team.example"])
        XCTAssertNotEqual(strict.digestBytes(for: "alice"), loaded.digestBytes(for: "alice"))
        XCTAssertNil(strict.digestBytes(for: "carol"))

        let otherTemplate = try LinkVerification(cardURL: "https://other.example/people/{id}")
        let other = CardVerifications(
            cachePath: cachePath, verification: otherTemplate, maxAge: .seconds(30 * 86_400), now: now)
        XCTAssertEqual(other.links(for: "alice").map(\.link), ["https://elsewhere.example"])
    }

    func testAMissingOrUnusableCacheMarksNothingAndSaysWhy() throws {
        let missing = CardVerifications(
            cachePath: cachePath, verification: verification, maxAge: .seconds(86_400), now: now)
        XCTAssertEqual(missing.linkCount, 0)
        XCTAssertTrue(missing.warning?.contains("does not exist") ?? false, missing.warning ?? "")
        XCTAssertTrue(missing.warning?.contains("whocard check --online --verify") ?? false)

        try "{not json".write(toFile: cachePath, atomically: true, encoding: .utf8)
        let corrupt = CardVerifications(
            cachePath: cachePath, verification: verification, maxAge: .seconds(86_400), now: now)
        XCTAssertEqual(corrupt.linkCount, 0)
        let warning = try XCTUnwrap(corrupt.warning)
        XCTAssertTrue(warning.contains("not a whocard link cache or is corrupt"), warning)
        XCTAssertFalse(warning.contains("writing a new cache"), "a build writes no cache: \(warning)")
    }

    private func build(_ csv: String, verifications: CardVerifications) throws -> BuildResult {
        let reader = try ExportReader(data: Array(csv.utf8), name: "export.csv", format: .csv)
        var options = BuildOptions(
            outputDirectory: directory.appendingPathComponent("site").path, jobs: 2, maxPrunePercent: 100)
        options.verifications = verifications
        return try BuildPipeline(checker: ExportChecker(reader: reader, file: "export.csv"), options: options).run()
    }

    private func cardFile(_ name: String) throws -> String {
        try String(contentsOfFile: directory.appendingPathComponent("site/cards/\(name)").path, encoding: .utf8)
    }

    /// The nightly build: a verification shows on the user's cards, a rebuild with the same one
    /// renders nothing, and when it expires the user's cards are rendered again without it.
    func testTheBuildMarksVerifiedLinksAndRendersAgainWhenTheyExpire() throws {
        let csv = """
            id,name,website,twitter_url
            alice,Alice,https://alice.example/,https://twitter.com/alice
            bob,Bob,https://bob.example,

            """
        try saveCache([
            result("https://alice.example", age: 3 * day, cards: [card("alice")]),
            result("https://bob.example", age: 3 * day, cards: [card("alice")]),
        ])
        func verifications(at date: Date) -> CardVerifications {
            CardVerifications(
                cachePath: cachePath, verification: verification, maxAge: .seconds(30 * 86_400), now: date)
        }
        XCTAssertEqual(try build(csv, verifications: CardVerifications()).rendered, 2)
        XCTAssertFalse(try cardFile("alice.html").contains("whocard__verified"))

        // The verification appears: Alice's cards alone are rendered again, with the mark.
        let verified = try build(csv, verifications: verifications(at: now))
        XCTAssertEqual(verified.rendered, 1)
        let html = try cardFile("alice.html")
        XCTAssertTrue(html.contains("<bdi>alice.example</bdi> links back to this card (checked 2 Dec 2026)"), html)
        XCTAssertTrue(html.contains("1 of 2 verified by linking back to this card"), html)
        XCTAssertTrue(try cardFile("alice.md").contains(#"✓ alice\.example links back to this card"#))
        XCTAssertTrue(try cardFile("alice.json").contains(#""verified_at": "2026-12-02""#))
        // Bob's site linked back to Alice's card, not his: nothing on his card.
        XCTAssertFalse(try cardFile("bob.html").contains("whocard__verified"))

        XCTAssertEqual(try build(csv, verifications: verifications(at: now)).rendered, 0, "nothing changed")

        // Thirty days on, unchecked since: the verification has expired and the mark goes.
        let expired = try build(csv, verifications: verifications(at: now.addingTimeInterval(28 * day)))
        XCTAssertEqual(expired.rendered, 1)
        XCTAssertFalse(try cardFile("alice.html").contains("whocard__verified"))
        XCTAssertTrue(try cardFile("alice.html").contains("not verified by the marketplace"))
    }
}
