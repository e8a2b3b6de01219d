import XCTest
@testable import WhoCardKit

final class BioTests: XCTestCase {
    func testHeadingsAreDemotedThreeLevelsUpToH6() {
        let bio = Bio("# One\n\n## Two\n\n#### Four\n\n###### Six")
        XCTAssertEqual(bio.html, "<h4>One</h4>\n<h5>Two</h5>\n<h6>Four</h6>\n<h6>Six</h6>\n")
        XCTAssertEqual(bio.commonMark, "#### One\n\n##### Two\n\n###### Four\n\n###### Six\n")
    }

    func testRawHTMLIsDropped() {
        let bio = Bio("<div>block</div>\n\nText <b>bold</b> <!-- c -->")
        XCTAssertEqual(bio.html, "<p>Text bold </p>\n")
        XCTAssertEqual(bio.commonMark, "Text bold \n")
    }

    func testUnsafeLinksKeepOnlyTheirText() {
        let bio = Bio(
            "[a](javascript:x) [b](JAVASCRIPT:x) [c](vbscript:x) [d](data:text/html,x) [e](file:///x) [f](/relative) [g](https://ok.example) [h](mailto:a@b.example) [i](java&#9;script:x)"
        )
        XCTAssertEqual(
            bio.html,
            #"<p>a b c d e f <a href="https://ok.example">g</a> <a href="mailto:a@b.example">h</a> i</p>"# + "\n")
        XCTAssertEqual(bio.commonMark, "a b c d e f [g](https://ok.example) [h](mailto:a@b.example) i\n")
    }

    func testImagesBecomeLinksToTheImage() {
        let bio = Bio(
            #"![My van](https://img.example/van.jpg "Van") ![bad](javascript:x) [![inner](https://img.example/i.png)](https://link.example)"#
        )
        XCTAssertEqual(
            bio.html,
            #"<p><a href="https://img.example/van.jpg" title="Van">My van</a> bad <a href="https://link.example">inner</a></p>"#
                + "\n")
        XCTAssertFalse(bio.html.contains("<img"))
    }

    func testPlainTextDropsMarkup() {
        let bio = Bio("# Hi\n\nI *fix* [boilers](https://x.example).\nSecond line.\n\n- one\n- two\n\n```\ncode\n```")
        XCTAssertEqual(bio.plainText, "Hi\n\nI fix boilers. Second line.\n\n- one\n\n- two\n\ncode")
    }

    func testLongBioIsCutAfterTheLastWholeBlock() {
        let paragraph = String(repeating: "word ", count: 199) + "end."  // 999 characters
        let source = Array(repeating: paragraph, count: 5).joined(separator: "\n\n")
        XCTAssertGreaterThan(source.count, Bio.characterLimit)
        let bio = Bio(source)
        XCTAssertTrue(bio.truncated)
        // Blocks end at 999, 2,000, 3,001 and 4,002 characters: the first three fit.
        XCTAssertEqual(bio.html.components(separatedBy: "<p>").count - 1, 3)
        XCTAssertFalse(Bio(paragraph).truncated)
    }

    func testSingleHugeBlockIsCutAtASpace() {
        let source = String(repeating: "word ", count: 1_000)  // 5,000 characters
        let bio = Bio(source)
        XCTAssertTrue(bio.truncated)
        XCTAssertLessThanOrEqual(bio.plainText.count, Bio.characterLimit)
        XCTAssertTrue(bio.plainText.hasSuffix("word"))
    }

    /// The check warns once (the validator); the renderer cuts the bio without a second warning.
    func testLongBioIsWarnedOnceAndCut() throws {
        let source = String(repeating: "Paragraph text here.\n\n", count: 300)
        let outcome = ProfileValidator().validate(
            ProfileRecord(line: 3, [.id: "u2", .name: "Bea", .bio: source]), file: "people.csv")
        guard case .accepted(let profile) = outcome else { return XCTFail("row rejected: \(outcome)") }
        XCTAssertEqual(profile.findings.map(\.rule), ["bio.length"])
        XCTAssertEqual(profile.findings.first?.line, 3)
        XCTAssertEqual(profile.findings.first?.field, "bio")
        let card = try CardRenderer().render(profile, file: "people.csv")
        XCTAssertTrue(card.warnings.isEmpty)
        XCTAssertLessThan(card.markdown.count, source.count)
        XCTAssertTrue(
            card.html.contains("<p>Paragraph text here.</p>\n</section>")
                || card.html.contains("Paragraph text here.</p>"))
    }
}
