import Foundation
import XCTest
@testable import WhoCardKit

/// Properties every output of the hostile profile must have, whatever the templates look like.
final class CardEscapingTests: XCTestCase {
    private let card = try! CardRenderer().render(SampleProfiles.hostile, file: "export.csv")

    private func matches(_ pattern: String, in text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range, in: text).map { String(text[$0]) }
        }
    }

    func testHTMLHasOnlyTheJSONLDScript() {
        XCTAssertEqual(matches("<script", in: card.html), ["<script"])
        XCTAssertTrue(card.html.contains(#"<script type="application/ld+json">"#))
        XCTAssertEqual(matches("</script", in: card.html), ["</script"])
    }

    func testHTMLHasNoEventHandlersOrInlineStyles() {
        // Every `<` of the export is escaped, so each `<` starts one of whocard's own tags, and
        // every tag has the shape name (attribute="value")* with double-quoted values.
        let tags = matches(#"<[a-z][a-z0-9]*(\s+[a-z:-]+(="[^"<]*")?)*\s*/?>"#, in: card.html)
        XCTAssertEqual(tags.count, matches("<[^/]", in: card.html).count, "a < that does not start a well-formed tag")
        let attributes = tags.flatMap { tag in
            matches(
                #"\s[a-z:-]+(?==|\s|/?>)"#,
                in: tag.replacingOccurrences(of: #""[^"]*""#, with: "\"\"", options: .regularExpression))
        }.map { $0.trimmingCharacters(in: .whitespaces) }
        XCTAssertTrue(attributes.contains("href"))
        XCTAssertEqual(attributes.filter { $0.hasPrefix("on") || $0 == "style" }, [])
        XCTAssertEqual(matches("<img", in: card.html).count, 1, "only the avatar")
    }

    func testNoDangerousURLInAnyHrefOrSrc() {
        let urls = matches(#"(?:href|src)\s*=\s*"[^"]*""#, in: card.html)
        XCTAssertFalse(urls.isEmpty)
        for url in urls {
            XCTAssertNil(
                url.range(of: #"(javascript|vbscript|data|file):"#, options: [.regularExpression, .caseInsensitive]),
                url)
        }
        XCTAssertEqual(matches(#"\]\((javascript|vbscript|data|file):"#, in: card.markdown), [])
    }

    func testJSONLDParsesAndListsTheSocialURLs() throws {
        let start = try XCTUnwrap(card.html.range(of: #"<script type="application/ld+json">"#))
        let end = try XCTUnwrap(card.html.range(of: "</script>", range: start.upperBound..<card.html.endIndex))
        let body = String(card.html[start.upperBound..<end.lowerBound])
        XCTAssertFalse(body.contains("<"))
        XCTAssertFalse(body.contains("\u{2028}"))
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        XCTAssertEqual(json["@type"] as? String, "Person")
        XCTAssertEqual(json["name"] as? String, SampleProfiles.hostile.name)
        XCTAssertEqual(json["sameAs"] as? [String], ["https://x.com/evil_", "https://instagram.com/_evil.gram_"])
        let description = try XCTUnwrap(json["description"] as? String)
        XCTAssertTrue(description.contains("</script><!--") == false && description.contains("<!--"), description)
    }

    func testJSONCardParses() throws {
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(card.json.utf8)) as? [String: Any])
        XCTAssertEqual(json["id"] as? String, "evil")
        XCTAssertEqual(json["provider"] as? String, SampleProfiles.hostile.provider)
        XCTAssertEqual((json["social"] as? [[String: Any]])?.map { $0["handle"] as? String }, ["evil_", "_evil.gram_"])
    }

    func testMarkdownShowsMetacharactersLiterally() {
        XCTAssertTrue(card.markdown.contains(#"\*Bob\* \[x\]\(javascript\:alert\(1\)\)"#), card.markdown)
        XCTAssertEqual(matches(#"(?<!\\)<"#, in: card.markdown), [], "every < is backslash-escaped")
    }

    func testMarkdownValueRendersAsText() {
        // The escaped value, rendered back through cmark, is a paragraph of the original text.
        let value = "# *Bob* [x](javascript:alert(1)) <b>1.</b>\n> - + `c` _e_ &amp;"
        let bio = Bio(Escape.markdown(value))
        XCTAssertEqual(
            bio.html, "<p># *Bob* [x](javascript:alert(1)) &lt;b&gt;1.&lt;/b&gt; &gt; - + `c` _e_ &amp;amp;</p>\n")
    }

    func testHTMLEscapeCoversAllFiveCharacters() {
        XCTAssertEqual(Escape.html(#"a&b<c>d"e'f"#), "a&amp;b&lt;c&gt;d&quot;e&#39;f")
        XCTAssertEqual(Escape.html("plain ليلى"), "plain ليلى")
    }

    func testJSONStringEscapesScriptBreakers() {
        XCTAssertEqual(
            JSONString.quoted("</script><!--&\u{2028}\u{2029}\"\\\n\u{1}"),
            #""\u003c/script\u003e\u003c!--\u0026\u2028\u2029\"\\\n\u0001""#)
    }

    func testSectionsWithoutContentAreLeftOut() throws {
        let html = try CardRenderer().html(SampleProfiles.nameOnly)
        for section in ["whocard__social", "whocard__contact", "whocard__support", "whocard__bio", "<img", "p-org"] {
            XCTAssertFalse(html.contains(section), section)
        }
    }
}
