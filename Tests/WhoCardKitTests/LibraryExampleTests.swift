import XCTest
import WhoCardKit

/// The library example in docs/architecture.md, kept compiling and true.
final class LibraryExampleTests: XCTestCase {
    func testReadmeExampleRendersAFragmentAndMarkdown() throws {
        let renderer = CardRenderer()
        let record = ProfileRecord([.id: "u1", .name: "Alice", .linkedinURL: "https://www.linkedin.com/in/alice"])
        guard case .accepted(let profile) = ProfileValidator().validate(record, file: "request") else {
            return XCTFail("the example row must be accepted")
        }
        let html = try renderer.html(profile)
        let markdown = try renderer.markdown(profile)
        XCTAssertTrue(html.hasPrefix("<article class=\"whocard h-card\""))
        XCTAssertTrue(html.contains("href=\"https://linkedin.com/in/alice\""))
        XCTAssertTrue(markdown.hasPrefix("## Alice"))
    }
}
