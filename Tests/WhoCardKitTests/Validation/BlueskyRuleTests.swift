import XCTest
@testable import WhoCardKit

final class BlueskyRuleTests: XCTestCase {
    func testAcceptsHandlesAndDIDs() {
        for (value, handle) in [
            ("https://bsky.app/profile/alice.bsky.social", "alice.bsky.social"),
            ("https://www.bsky.app/profile/alice.example/", "alice.example"),
            ("https://bsky.app/profile/did:plc:z72i7hdynmk6r22z27h6tvur", "did:plc:z72i7hdynmk6r22z27h6tvur"),
        ] {
            let social = V.social(.blueskyURL, value)
            XCTAssertEqual(social?.platform, .bluesky, value)
            XCTAssertEqual(social?.handle, handle, value)
            XCTAssertEqual(social?.link.normalized, "https://bsky.app/profile/\(handle)", value)
            XCTAssertEqual(social.map(CardContext.handleText), "@" + handle, value)
        }
    }

    func testAPostGetsTheProfileSuggested() {
        XCTAssertEqual(
            V.problems(.blueskyURL, "https://bsky.app/profile/alice.bsky.social/post/3kq2b6wqzzc2a"),
            [
                Problem(
                    "bluesky.post",
                    "bluesky_url points to a page below the profile (bsky.app/profile/alice.bsky.social/post/3kq2b6wqzzc2a); use https://bsky.app/profile/alice.bsky.social"
                )
            ])
    }

    func testNotAProfile() {
        XCTAssertEqual(
            V.problems(.blueskyURL, "https://bsky.app/search?q=alice"),
            [
                Problem(
                    "bluesky.profile",
                    "bluesky_url points to bsky.app/search, not a personal profile; expected https://bsky.app/profile/yourname.bsky.social"
                )
            ])
        XCTAssertEqual(
            V.problems(.blueskyURL, "https://bsky.social/profile/alice.bsky.social"),
            [Problem("bluesky.host", "bluesky_url points to bsky.social; expected bsky.app")])
    }

    func testABareHandleGetsTheURL() {
        XCTAssertEqual(
            V.problems(.blueskyURL, "@alice.bsky.social"),
            [
                Problem(
                    "url.scheme",
                    "bluesky_url is a handle, not a web address; did you mean https://bsky.app/profile/alice.bsky.social?"
                )
            ])
    }
}
