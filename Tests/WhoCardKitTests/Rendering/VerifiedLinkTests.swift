import Foundation
import XCTest
@testable import WhoCardKit

/// Cards with links seen linking back to them (`build --verified-from`): each verified link is
/// marked with the day it was checked, the note counts them, the JSON card lists them, and
/// nothing is marked that the card does not show.
final class VerifiedLinkTests: XCTestCase {
    let checked = Date(timeIntervalSince1970: 1_796_428_800)  // 5 Dec 2026, 00:00 UTC
    let profile = SampleProfiles.full  // 4 social links and a website: 5 links a card can verify

    private func verified(_ links: String...) -> [VerifiedLink] {
        links.map { VerifiedLink(link: $0, checkedAt: checked, page: $0 + "/") }
    }

    func testVerifiedLinksAreMarkedAndCountedInTheNote() throws {
        let card = try CardRenderer().render(
            profile, file: "x", verified: verified("https://acme.example/team/alice", "https://x.com/alice_ex"))
        XCTAssertTrue(
            card.html.contains(
                "Links added by this person; 2 of 5 verified by linking back to this card."), card.html)
        XCTAssertFalse(card.html.contains("not verified by the marketplace"))
        XCTAssertTrue(
            card.html.contains(
                #"<span class="whocard__verified" data-whocard-verified="2026-12-05"><span class="whocard__check" aria-hidden="true">✓ </span><bdi>acme.example/team/alice</bdi> links back to this card (checked 5 Dec 2026)</span>"#
            ), card.html)
        XCTAssertTrue(card.html.contains("<bdi>@alice_ex</bdi> links back to this card (checked 5 Dec 2026)"))
        XCTAssertEqual(card.html.components(separatedBy: "whocard__verified\"").count - 1, 2, "only those two")
        // The mark sits on the verified link's own line, not on a neighbour's.
        let xLine = try XCTUnwrap(card.html.split(separator: "\n").first { $0.contains("whocard__link--twitter") })
        XCTAssertTrue(xLine.contains("whocard__verified"))
        let facebookLine = try XCTUnwrap(
            card.html.split(separator: "\n").first { $0.contains("whocard__link--facebook") })
        XCTAssertFalse(facebookLine.contains("whocard__verified"))

        // Markdown escapes every punctuation mark; the text a reader sees is without the backslashes.
        let markdown = card.markdown.replacingOccurrences(of: "\\", with: "")
        XCTAssertTrue(
            markdown.contains(
                "- Website: [acme.example/team/alice](https://acme.example/team/alice) — ✓ acme.example/team/alice links back to this card (checked 5 Dec 2026)"
            ), card.markdown)
        XCTAssertTrue(markdown.contains("- X (Twitter): [@alice_ex](https://x.com/alice_ex) — ✓ @alice_ex links back"))
        XCTAssertTrue(markdown.contains("*Links added by this person; 2 of 5 verified by linking back to this card.*"))

        let json = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(card.json.utf8)) as? [String: Any])
        let links = try XCTUnwrap(json["verified_links"] as? [[String: String]])
        XCTAssertEqual(
            links,
            [
                [
                    "url": "https://x.com/alice_ex", "verified_at": "2026-12-05",
                    "verified_by": "https://x.com/alice_ex/",
                ],
                [
                    "url": "https://acme.example/team/alice", "verified_at": "2026-12-05",
                    "verified_by": "https://acme.example/team/alice/",
                ],
            ], "in the card's order: social links, then the website")
    }

    /// Nothing is marked that was not seen: a card without verifications is the card it always
    /// was, and a verification of a link the profile does not have (an old link, another
    /// user's, the support page) marks nothing.
    func testOnlyTheProfilesOwnIdentityLinksCanBeMarked() throws {
        let renderer = CardRenderer()
        let plain = try renderer.render(profile, file: "x")
        XCTAssertTrue(plain.html.contains("not verified by the marketplace"))
        XCTAssertFalse(plain.html.contains("whocard__verified"))
        XCTAssertTrue(plain.json.contains(#""verified_links": []"#), plain.json)

        let foreign = try renderer.render(
            profile, file: "x",
            verified: verified("https://x.com/someone_else", "https://help.acme.example", "https://acme.example"))
        XCTAssertEqual(foreign.html, plain.html)
        XCTAssertEqual(foreign.markdown, plain.markdown)
        XCTAssertEqual(foreign.json, plain.json)
        XCTAssertEqual(foreign.vcard, plain.vcard)
    }

    /// The link text and the page come from the export and the web: escaped like everything else.
    func testTheMarkIsEscaped() throws {
        let hostile = SampleProfiles.hostile
        let card = try CardRenderer().render(
            hostile, file: "x",
            verified: [
                VerifiedLink(link: "https://x.com/evil_", checkedAt: checked, page: #"https://e.example/"><script>"#)
            ])
        XCTAssertTrue(card.html.contains("<bdi>@evil_</bdi> links back"), card.html)
        XCTAssertFalse(card.html.contains("<script>"))
        XCTAssertTrue(card.markdown.contains(#"✓ \@evil\_ links back"#), card.markdown)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(card.json.utf8)) as? [String: Any])
        let links = try XCTUnwrap(json["verified_links"] as? [[String: String]])
        XCTAssertEqual(links.first?["verified_by"], #"https://e.example/"><script>"#, "JSON keeps the value, escaped")
    }

    /// The mark and the note speak the card's language, dates included, and the HTML and
    /// Markdown rendered together equal those rendered apart.
    func testTheMarkSpeaksTheCardsLanguage() throws {
        for (tag, phrase) in [
            ("fr", "renvoie vers cette carte (vérifié le 5 déc. 2026)"),
            ("de", "verlinkt zurück auf diese Karte (geprüft am 5. Dez. 2026)"),
            ("ja", "はこのカードにリンクしています（2026年12月5日 に確認）"),
        ] {
            let renderer = try CardRenderer(options: CardOptions(locale: tag))
            let card = try renderer.render(profile, file: "x", verified: verified("https://acme.example/team/alice"))
            XCTAssertTrue(card.html.contains(phrase), "\(tag): \(card.html)")
            XCTAssertFalse(card.html.contains("links back"), tag)
            let both = try renderer.htmlAndMarkdown(profile, verified: verified("https://acme.example/team/alice"))
            XCTAssertEqual(both.html, card.html, tag)
            XCTAssertEqual(both.markdown, card.markdown, tag)
        }
    }
}
