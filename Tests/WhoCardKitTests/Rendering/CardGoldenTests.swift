import XCTest
@testable import WhoCardKit

/// Every output of the sample profiles against reviewed golden files.
final class CardGoldenTests: XCTestCase {
    private let renderer = CardRenderer()

    private func assertCard(
        _ profile: ValidatedProfile, _ name: String, verified: [VerifiedLink] = [], line: UInt = #line
    ) throws {
        let card = try renderer.render(profile, file: "export.csv", verified: verified)
        assertGolden(card.html, "\(name).html", line: line)
        assertGolden(card.markdown, "\(name).md", line: line)
        assertGolden(card.json, "\(name).json", line: line)
        assertGolden(card.vcard, "\(name).vcf", line: line)
    }

    func testFullProfile() throws { try assertCard(SampleProfiles.full, "full") }
    func testNameOnly() throws { try assertCard(SampleProfiles.nameOnly, "name-only") }
    func testHostileProfile() throws { try assertCard(SampleProfiles.hostile, "hostile") }
    func testRightToLeft() throws { try assertCard(SampleProfiles.rightToLeft, "rtl") }

    /// Two of the full profile's five links seen linking back to the card.
    func testVerifiedLinks() throws {
        let checked = Date(timeIntervalSince1970: 1_796_428_800)  // 5 Dec 2026
        try assertCard(
            SampleProfiles.full, "verified",
            verified: [
                VerifiedLink(link: "https://x.com/alice_ex", checkedAt: checked, page: "https://x.com/alice_ex"),
                VerifiedLink(
                    link: "https://acme.example/team/alice", checkedAt: checked - 86_400,
                    page: "https://www.acme.example/team/alice/"),
            ])
    }

    /// The platforms after the first four, validated from a row as an export gives them.
    func testNewPlatforms() throws {
        let record = ProfileRecord([
            .id: "dana-07", .name: "Dana Okoro", .provider: "Okoro Electrics",
            .mastodonURL: "https://Mastodon.Social/@dana_okoro/",
            .blueskyURL: "https://bsky.app/profile/dana.okoro.example",
            .githubURL: "https://www.github.com/dana-okoro?tab=repositories",
            .youtubeURL: "https://www.youtube.com/@DanaFixesThings",
            .tiktokURL: "https://www.tiktok.com/@dana.fixes?lang=en",
        ])
        guard case .accepted(let profile) = ProfileValidator().validate(record, file: "export.csv") else {
            return XCTFail("the row was rejected")
        }
        XCTAssertEqual(profile.findings, [])
        try assertCard(profile, "new-platforms")
    }

    func testPreviewPage() throws {
        assertGolden(try renderer.page(SampleProfiles.full, cssHref: "../whocard.css"), "full.page.html")
    }

    func testIndexPage() throws {
        let entries = [
            IndexEntry(
                id: "u2", name: "Bob", provider: nil, card: .fragment(try renderer.html(SampleProfiles.nameOnly))),
            IndexEntry(id: "evil", name: "<b>x</b>", provider: "A & B", card: .link("cards/evil.html")),
        ]
        let html = try renderer.indexPage(entries: entries, page: 2, pageCount: 3, cssHref: "whocard.css")
        assertGolden(html, "index-2.html")
    }
}
