import Foundation
import XCTest
@testable import WhoCardKit

/// Bios crafted to smuggle script into the Markdown card and the JSON card's `bio.markdown`,
/// judged from outside: each card is rendered by cmark-gfm with raw HTML allowed (GFM and plain
/// CommonMark) and by libcmark the same way, and the HTML is scanned by `HTMLSafetyScanner`.
final class MarkdownScriptTests: XCTestCase {
    /// Character references decode to `<` inside autolinks, link destinations, titles, text and
    /// code; links whose text equals the URL; GFM's extended autolinks next to escaped markup.
    static let hostileBios = [
        "<http://x/&lt;img/src=x/onerror=alert(1)&gt;>",
        "<https://a.example/&gt;&lt;svg/onload=alert(1)&gt;>",
        "<http://a&#60;img&#47;src=x&#47;onerror=alert(1)&#62;>",
        "<mailto:a@b.example&gt;&lt;img/src=x/onerror=alert(1)&gt;>",
        "[http://a/&gt;&lt;img/src/onerror=alert(1)&gt;](http://a/&gt;&lt;img/src/onerror=alert(1)&gt;)",
        "[https://a/&lt;a/href=javascript:alert(1)&gt;x](https://a/&lt;a/href=javascript:alert(1)&gt;x)",
        "<http://x/&lt;/a&gt;&lt;a/href=&quot;javascript:alert(1)&quot;&gt;x>",
        "<http://x/&gt;[y](javascript:alert(1))>",
        "http://a&lt;img src=x onerror=alert(1)&gt;",
        "www.a.example&lt;img src=x onerror=alert(1)&gt;",
        "a@b.example&lt;img src=x onerror=alert(1)&gt;",
        "http://a&amp;lt;img src=x onerror=alert(1)&amp;gt;",
        "http://a\\`&lt;` `<img src=x onerror=alert(1)>`",
        "`http://a` `&lt;img src=x onerror=alert(1)&gt;` and ``<svg onload=alert(1)>``",
        "[x](http://a \"&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\")",
        "[x](&#x6A;avascript:alert(1)) [y](java&#x0A;script:alert(1)) [z](<javascript:alert(1)>)",
        "<data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;> <vbscript:msgbox(1)>",
        "[x](<http://a/&#10;&lt;img src=x onerror=alert(1)&gt;>)",
        "![&lt;img src=x onerror=alert(1)&gt;](http://a/&quot;onerror=alert(1))",
        "*&lt;script&gt;alert(1)&lt;/script&gt;* **&lt;img src=x onerror=alert(1)&gt;**",
        "> - &lt;script&gt;alert(1)&lt;/script&gt;\n>   1. <http://a/&lt;script&gt;alert(1)&lt;/script&gt;>",
        "```\n<script>alert(1)</script>\n```\n\n- ```\n  <img src=x onerror=alert(1)>\n  ```",
        "&#32;&#32;&#32;&#32;&lt;img src=x onerror=alert(1)&gt;\\\n&#32;&#32;&#32;&#32;&lt;script&gt;",
        "line one\\\n&lt;img src=x onerror=alert(1)&gt;\n\n&#35; not a heading &#60;script&#62;",
        "[a](http://a/%3Cimg) [&lt;img src=x onerror=alert(1)&gt;](https://ok.example/)",
        "<http://a/&NewLine;javascript:alert(1)> <https://x/&Tab;&lt;img src onerror=alert(1)&gt;>",
        "| a | b |\n|---|---|\n| &lt;img src=x onerror=alert(1)&gt; | <http://x/&lt;b&gt;> |",
    ]

    private func profile(bio: String) -> ValidatedProfile {
        var profile = SampleProfiles.full
        profile.bio = bio
        return profile
    }

    /// The bio's CommonMark, the Markdown card and the JSON card's `bio.markdown` of each hostile
    /// bio, rendered with raw HTML allowed, hold nothing that runs.
    func testMarkdownOutputsOfHostileBiosRenderWithoutScript() throws {
        var documents: [String] = []
        for bio in Self.hostileBios {
            let card = try CardRenderer().render(profile(bio: bio), file: "export.csv")
            let json = try XCTUnwrap(
                JSONSerialization.jsonObject(with: Data(card.json.utf8)) as? [String: Any])
            let bioObject = try XCTUnwrap(json["bio"] as? [String: Any], bio)
            documents += [Bio(bio).commonMark, card.markdown, try XCTUnwrap(bioObject["markdown"] as? String)]
        }
        XCTAssertEqual(try MarkdownJudge.problems(documents), [:])
        for document in documents {
            XCTAssertEqual(
                HTMLSafetyScanner.problems(in: AdversarialCorpusTests.commonMarkUnsafe(document)), [], document)
        }
    }

    /// A link in a bio's CommonMark is always `[text](destination)`, never an autolink, and its
    /// destination holds no `<`, `>`, space, control character, parenthesis or reference.
    func testLinksAreWrittenWithPlainDestinations() {
        for bio in Self.hostileBios + ["<https://ok.example/a b>", "<https://ok.example/x>", "[m](mailto:a@b.example)"]
        {
            let markdown = Bio(bio).commonMark
            XCTAssertTrue(CommonMark.isHarmless(markdown), markdown)
            for destination in Self.destinations(in: markdown) {
                XCTAssertFalse(
                    destination.unicodeScalars.contains {
                        $0.value <= 0x20 || $0.value == 0x7F || "<>()\\`\"".unicodeScalars.contains($0)
                    }, destination)
                XCTAssertNil(destination.range(of: "&[A-Za-z0-9#]+;", options: .regularExpression), destination)
                XCTAssertTrue(
                    ["http://", "https://", "mailto:"].contains { destination.lowercased().hasPrefix($0) }, destination)
            }
        }
        XCTAssertEqual(
            Bio("<https://ok.example/x>").commonMark, "[https\\:\\/\\/ok\\.example\\/x](https://ok.example/x)\n")
        XCTAssertEqual(
            Bio("[a](https://ok.example/?q=1&b=2&lt;x)").commonMark, "[a](https://ok.example/?q=1&b=2%3Cx)\n")
    }

    /// Every `](…)` destination in `markdown`.
    private static func destinations(in markdown: String) -> [String] {
        var found: [String] = []
        var rest = Substring(markdown)
        while let open = rest.range(of: "](") {
            let tail = rest[open.upperBound...]
            let end = tail.firstIndex(where: { $0 == ")" || $0 == " " || $0 == "\n" }) ?? tail.endIndex
            found.append(String(tail[..<end]))
            rest = tail[end...]
        }
        return found
    }

    /// A bio's headings land below the card's own (h2 name, h3 sections), in every output, so a
    /// bio cannot fake a card section such as "Support".
    func testBioHeadingsLandBelowTheCardsSectionHeadings() throws {
        let bio = "# Support\n\nCall +1 555 0100\n\n## Contact\n\nSupport heading\n==="
        let card = try CardRenderer().render(profile(bio: bio), file: "export.csv")
        let html = card.html
        for level in 1...3 {
            let count = html.components(separatedBy: "<h\(level)").count - 1
            let expected = [1: 0, 2: 1, 3: 2][level]  // the card's name; its Contact and Support
            XCTAssertEqual(count, expected, "h\(level) in\n\(html)")
        }
        let rendered = AdversarialCorpusTests.commonMarkUnsafe(card.markdown)
        XCTAssertEqual(rendered.components(separatedBy: "<h3>Support</h3>").count - 1, 1, rendered)
        XCTAssertEqual(rendered.components(separatedBy: "<h4>Support</h4>").count - 1, 1, rendered)
        XCTAssertEqual(rendered.components(separatedBy: "<h5>Contact</h5>").count - 1, 1, rendered)
        XCTAssertEqual(rendered.components(separatedBy: "<h4>Support heading</h4>").count - 1, 1, rendered)
    }

    /// The judge can fail: libcmark's own CommonMark rendering of an autolink with a decoded `<`
    /// (what whocard wrote before) is caught.
    func testJudgeCatchesTheOldAutolinkOutput() throws {
        let old = "<http://x/>[y](javascript:alert(1))>\n"
        XCTAssertFalse(try MarkdownJudge.problems([old]).isEmpty)
        XCTAssertFalse(CommonMark.isHarmless(old))
        XCTAssertFalse(CommonMark.isHarmless("[x](javascript:alert(1))"))
        XCTAssertTrue(CommonMark.isHarmless("[x](https://ok.example)"))
    }
}
