import Foundation
import XCTest
@testable import WhoCardKit

final class CardOptionsTests: XCTestCase {
    private func renderer(_ options: CardOptions) throws -> CardRenderer {
        try CardRenderer(templates: .defaults, options: options)
    }

    func testThemeIsOnTheFragment() throws {
        XCTAssertTrue(try CardRenderer().html(SampleProfiles.full).contains(#"data-whocard-theme="auto""#))
        for theme in CardOptions.Theme.allCases {
            let html = try renderer(CardOptions(theme: theme)).html(SampleProfiles.full)
            XCTAssertTrue(html.contains(#"data-whocard-theme="\#(theme.rawValue)""#), theme.rawValue)
        }
    }

    func testShadowEmbeddingHoldsTheStyleSheetAndTheCard() throws {
        let inline = try CardRenderer().html(SampleProfiles.hostile)
        let shadow = try renderer(CardOptions(embedding: .shadow)).html(SampleProfiles.hostile)
        XCTAssertTrue(
            shadow.hasPrefix(
                #"<whocard-card class="whocard-host" data-whocard-id="evil"><template shadowrootmode="open"><style>"#),
            shadow)
        XCTAssertTrue(shadow.contains(TemplateLibrary.defaults.css))
        XCTAssertTrue(shadow.contains(inline.trimmingCharacters(in: .newlines)))
        XCTAssertTrue(shadow.hasSuffix("</template></whocard-card>\n"))
        XCTAssertEqual(shadow.components(separatedBy: "</style>").count, 2, "one style element, ended once")
    }

    func testShadowEmbeddingRefusesAStyleSheetThatWouldEndItsStyleElement() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("whocard-shadow-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(".whocard { color: red } /* </STYLE><script>alert(1)</script> */".utf8).write(
            to: folder.appendingPathComponent("whocard.css"))
        let library = try TemplateLibrary(overrideDirectory: folder)
        XCTAssertThrowsError(
            try CardRenderer(templates: library, options: CardOptions(embedding: .shadow)).html(SampleProfiles.full)
        ) { error in
            XCTAssertTrue("\(error)".hasPrefix("whocard.css: error: the style sheet contains `</style`"), "\(error)")
        }
    }

    func testLabelsComeFromTheLocaleAndDataStaysLanguageNeutral() throws {
        let english = try CardRenderer().render(SampleProfiles.full, file: "x")
        for (tag, talkingTo, hours) in [
            ("fr", "Vous parlez avec", "Horaires"), ("de", "Sie sprechen mit", "Erreichbar"),
            ("es", "Estás hablando con", "Horario"), ("pt-BR", "Você está falando com", "Horário"),
            ("ar", "أنت تتحدث مع", "ساعات العمل"), ("ja", "チャットの相手", "受付時間"),
        ] {
            let card = try renderer(CardOptions(locale: tag)).render(SampleProfiles.full, file: "x")
            XCTAssertTrue(card.html.contains(#"lang="\#(tag)" dir="\#(tag == "ar" ? "rtl" : "ltr")""#), tag)
            XCTAssertTrue(card.html.contains(talkingTo), tag)
            XCTAssertTrue(card.html.contains(#"<span class="whocard__label">\#(hours)</span>"#), tag)
            XCTAssertTrue(card.markdown.contains(hours), tag)
            XCTAssertFalse(card.html.contains("You’re talking to"), tag)
            XCTAssertEqual(card.json, english.json, "\(tag): the JSON card is language-neutral")
            XCTAssertEqual(card.vcard, english.vcard, "\(tag): the vCard is language-neutral")
            XCTAssertEqual(
                StructuredData.jsonLD(CardContext(SampleProfiles.full)),
                StructuredData.jsonLD(
                    CardContext(SampleProfiles.full, labels: try renderer(CardOptions(locale: tag)).labels)),
                tag)
        }
    }

    func testFrenchProviderLineKeepsTheProviderIsolated() throws {
        let html = try renderer(CardOptions(locale: "fr")).html(SampleProfiles.full)
        XCTAssertTrue(
            html.contains(
                #"<p class="whocard__org">pour <bdi class="p-org" dir="auto">Acme Plumbing &amp; Heating</bdi></p>"#),
            html)
        let ja = try renderer(CardOptions(locale: "ja")).html(SampleProfiles.full)
        XCTAssertTrue(ja.contains(#"<bdi class="p-org" dir="auto">Acme Plumbing &amp; Heating</bdi> 所属</p>"#), ja)
    }

    func testInitials() {
        XCTAssertEqual(CardContext.initials("Bob Okafor"), "BO")
        XCTAssertEqual(CardContext.initials("alice"), "A")
        XCTAssertEqual(CardContext.initials("Jean-Luc  de la Tour"), "JT")
        XCTAssertEqual(CardContext.initials("ليلى حداد"), "لح")
        XCTAssertEqual(CardContext.initials("山田太郎"), "山")
        XCTAssertEqual(CardContext.initials("  42 "), "")
    }

    func testBrokenAvatarMarkupHasInitialsBehindThePhoto() throws {
        let html = try CardRenderer().html(SampleProfiles.full)
        XCTAssertTrue(
            html.contains(
                #"<span class="whocard__avatar"><span class="whocard__initials" aria-hidden="true">AE</span><img class="whocard__photo u-photo""#
            ), html)
        let hostile = try CardRenderer().html(SampleProfiles.hostile)
        XCTAssertTrue(hostile.contains(#"<span class="whocard__initials" aria-hidden="true">SO</span>"#), hostile)
    }

    func testPreviewPageListsTheRowsFindingsEscaped() throws {
        var profile = SampleProfiles.full
        profile.findings.append(
            Finding(
                severity: .error, rule: "instagram.not-profile", userID: profile.id, file: "x.csv", line: 2,
                field: "instagram_url", value: "https://instagram.com/p/<script>",
                message: "Not a profile: 'https://instagram.com/p/<script>'", hint: "Link the profile, not a post."))
        let page = try CardRenderer().page(profile, cssHref: "whocard.css")
        XCTAssertTrue(page.contains("Findings in this user’s row (2)"), page)
        XCTAssertTrue(page.contains("<code>instagram.not-profile</code> in <code>instagram_url</code> (line 2)"), page)
        XCTAssertTrue(page.contains("Not a profile: &#39;https://instagram.com/p/&lt;script&gt;&#39;"), page)
        XCTAssertTrue(page.contains("Fix: Link the profile, not a post."), page)
        XCTAssertFalse(page.contains("<script>"))
        let fragment = try CardRenderer().html(profile)
        XCTAssertFalse(fragment.contains("instagram.not-profile"), "findings never reach the embeddable card")
        XCTAssertFalse(try CardRenderer().page(SampleProfiles.nameOnly, cssHref: "x").contains("whocard-qa"))
    }

    func testGalleryListsFindingsUnderTheCard() throws {
        let finding = SampleProfiles.full.findings[0]
        let html = try CardRenderer().indexPage(
            entries: [
                IndexEntry(id: "a", name: "A", provider: nil, card: .fragment("<p>card</p>"), findings: [finding]),
                IndexEntry(id: "b", name: "B", provider: nil, card: .fragment("<p>card</p>")),
            ], page: 1, pageCount: 1, cssHref: "whocard.css")
        XCTAssertEqual(html.components(separatedBy: #"<details class="whocard-qa">"#).count, 2, html)
        XCTAssertTrue(html.contains("The website uses http:// instead of https://."))
        XCTAssertTrue(html.contains("Fix: Use https:// so customers reach the page securely."))
    }
}
