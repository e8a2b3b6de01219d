import XCTest
@testable import WhoCardKit

final class CardRendererTests: XCTestCase {
    /// Rendering both at once shares the bio's parse; the cards must be the ones rendered apart.
    func testHTMLAndMarkdownTogetherEqualEachRenderedAlone() throws {
        let renderer = CardRenderer()
        for profile in [
            SampleProfiles.full, SampleProfiles.nameOnly, SampleProfiles.hostile, SampleProfiles.rightToLeft,
        ] {
            let both = try renderer.htmlAndMarkdown(profile)
            XCTAssertEqual(both.html, try renderer.html(profile), profile.id)
            XCTAssertEqual(both.markdown, try renderer.markdown(profile), profile.id)
            let card = try renderer.render(profile, file: "x")
            XCTAssertEqual(both.html, card.html, profile.id)
            XCTAssertEqual(both.markdown, card.markdown, profile.id)
        }
    }
}
