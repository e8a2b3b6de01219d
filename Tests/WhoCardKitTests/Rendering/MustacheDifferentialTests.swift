import Mustache
import XCTest
@testable import WhoCardKit

/// Our Mustache engine against swift-mustache, the outside judge: every default template on
/// the sample profiles' contexts must render identically. swift-mustache gets the
/// `{{% CONTENT_TYPE: TEXT}}` pragma because our values arrive already escaped.
final class MustacheDifferentialTests: XCTestCase {
    private let profiles: [(String, ValidatedProfile)] = [
        ("full", SampleProfiles.full), ("name-only", SampleProfiles.nameOnly),
        ("hostile", SampleProfiles.hostile), ("rtl", SampleProfiles.rightToLeft),
    ]

    func testCardTemplatesMatchSwiftMustache() throws {
        for (label, profile) in profiles {
            let card = CardContext(profile)
            var html = card.values(.html)
            html["json_ld"] = .text(StructuredData.jsonLD(card))
            try assertSameOutput(.cardHTML, html, label)
            try assertSameOutput(.cardMarkdown, card.values(.markdown), label)

            var page = card.values(.html)
            page["card"] = .text(try CardRenderer().html(profile))
            page["css_href"] = .text("../whocard.css")
            try assertSameOutput(.page, page, label)
        }
    }

    func testIndexTemplateMatchesSwiftMustache() throws {
        let entry: TemplateObject = ["id": .text("u2"), "name": .text("Bob"), "card": .text("<article>…</article>\n")]
        let linked: TemplateObject = [
            "id": .text("evil"), "name": .text("&lt;b&gt;"), "provider": .text("A &amp; B"),
            "href": .text("cards/evil.html"),
        ]
        let full: TemplateObject = [
            "css_href": .text("whocard.css"), "page": .text("2"), "page_count": .text("3"), "count": .text("2"),
            "prev_href": .text("index.html"), "next_href": .text("index-3.html"),
            "has_entries": true, "entries": .list([.object(entry), .object(linked)]),
        ]
        try assertSameOutput(.index, full, "two entries")
        let empty: TemplateObject = [
            "css_href": .text("whocard.css"), "page": .text("1"), "page_count": .text("1"), "count": .text("0"),
        ]
        try assertSameOutput(.index, empty, "no entries")
    }

    private func assertSameOutput(
        _ name: TemplateLibrary.Name, _ context: TemplateObject, _ label: String,
        line: UInt = #line
    ) throws {
        let source = try XCTUnwrap(DefaultTemplates.files[name.rawValue])
        let ours = try CompiledTemplate(source, file: name.rawValue).render(context)
        let judge = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + source).render(
            Self.foundation(.object(context)))
        XCTAssertFalse(ours.isEmpty, line: line)
        XCTAssertEqual(ours, judge, "\(name.rawValue), \(label)", line: line)
    }

    /// The same values as plain Swift types, which swift-mustache understands.
    private static func foundation(_ value: TemplateValue) -> Any {
        switch value {
        case .text(let text): text
        case .bool(let bool): bool
        case .list(let items): items.map(foundation)
        case .object(let object):
            Dictionary(object.fields.map { ($0.key.name, foundation($0.value)) }, uniquingKeysWith: { $1 })
        }
    }
}
