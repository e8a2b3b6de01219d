import XCTest
@testable import WhoCardKit

final class TikTokRuleTests: XCTestCase {
    func testAcceptsProfiles() {
        for (value, handle) in [
            ("https://www.tiktok.com/@alice.smith", "alice.smith"), ("https://m.tiktok.com/@bob_99/?lang=en", "bob_99"),
        ] {
            let social = V.social(.tiktokURL, value)
            XCTAssertEqual(social?.link.normalized, "https://tiktok.com/@\(handle)", value)
            XCTAssertEqual(social.map(CardContext.handleText), "@" + handle, value)
        }
    }

    func testAVideoGetsTheProfileSuggested() {
        XCTAssertEqual(
            V.problems(.tiktokURL, "https://www.tiktok.com/@alice.smith/video/7234567890123456789"),
            [
                Problem(
                    "tiktok.reserved",
                    "tiktok_url points to a page below the profile (tiktok.com/@alice.smith/video/7234567890123456789); use https://tiktok.com/@alice.smith"
                )
            ])
    }

    func testNotAProfile() {
        XCTAssertEqual(
            V.problems(.tiktokURL, "https://www.tiktok.com/alice.smith"),
            [
                Problem(
                    "tiktok.handle",
                    "tiktok_url points to tiktok.com/alice.smith, not a profile; did you mean https://tiktok.com/@alice.smith?"
                )
            ])
        XCTAssertEqual(V.problems(.tiktokURL, "https://www.tiktok.com/discover").map(\.rule), ["tiktok.reserved"])
        XCTAssertEqual(
            V.problems(.tiktokURL, "https://vm.tiktok.com/ZMabc123"),
            [Problem("tiktok.host", "tiktok_url points to vm.tiktok.com; expected tiktok.com")])
        XCTAssertEqual(
            V.problems(.tiktokURL, "https://tiktok.com/@a"),
            [
                Problem(
                    "tiktok.handle",
                    "tiktok_url handle 'a' is not valid; TikTok handles are 2–24 letters, digits, '.' or _")
            ])
    }

    func testABareHandleGetsTheURL() {
        XCTAssertEqual(
            V.problems(.tiktokURL, "@alice.smith"),
            [
                Problem(
                    "url.scheme",
                    "tiktok_url is a handle, not a web address; did you mean https://tiktok.com/@alice.smith?")
            ])
    }
}
