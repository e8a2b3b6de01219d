import XCTest
@testable import WhoCardKit

final class InstagramRuleTests: XCTestCase {
    func testUsernames() {
        for (value, handle) in [
            ("https://instagram.com/alice", "alice"), ("https://www.instagram.com/alice.smith_99/", "alice.smith_99"),
            ("https://instagram.com/" + String(repeating: "a", count: 30), String(repeating: "a", count: 30)),
        ] {
            let social = V.social(.instagramURL, value)
            XCTAssertEqual(social?.handle, handle, value)
            XCTAssertEqual(social?.link.normalized, "https://instagram.com/\(handle)", value)
        }
    }

    func testHandleSyntax() {
        XCTAssertEqual(
            V.problems(.instagramURL, "https://instagram.com/" + String(repeating: "a", count: 31)),
            [
                Problem(
                    "instagram.handle",
                    "instagram_url handle '\(String(repeating: "a", count: 31))' is not valid; Instagram handles are up to 30 letters, digits, '.' or _"
                )
            ])
        XCTAssertEqual(
            V.problems(.instagramURL, "https://instagram.com/alice-smith"),
            [
                Problem(
                    "instagram.handle",
                    "instagram_url handle 'alice-smith' is not valid; Instagram handles are up to 30 letters, digits, '.' or _"
                )
            ])
    }

    func testReservedPaths() {
        XCTAssertEqual(
            V.problems(.instagramURL, "https://www.instagram.com/p/Cxyz123/"),
            [
                Problem(
                    "instagram.reserved",
                    "instagram_url points to instagram.com/p/Cxyz123, a page of the site, not a profile")
            ])
        XCTAssertEqual(
            V.problems(.instagramURL, "https://instagram.com/reel/abc"),
            [
                Problem(
                    "instagram.reserved",
                    "instagram_url points to instagram.com/reel/abc, a page of the site, not a profile")
            ])
        XCTAssertEqual(
            V.problems(.instagramURL, "https://instagram.com/explore/"),
            [
                Problem(
                    "instagram.reserved",
                    "instagram_url points to instagram.com/explore, a page of the site, not a profile")
            ])
        XCTAssertEqual(
            V.problems(.instagramURL, "https://instagram.com/accounts/login/"),
            [
                Problem(
                    "instagram.reserved",
                    "instagram_url points to instagram.com/accounts/login, a page of the site, not a profile")
            ])
        XCTAssertEqual(
            V.problems(.instagramURL, "https://instagram.com/stories/alice/1"),
            [
                Problem(
                    "instagram.reserved",
                    "instagram_url points to instagram.com/stories/alice/1, a page of the site, not a profile")
            ])
    }

    func testWrongSiteAndBareHandle() {
        XCTAssertEqual(
            V.problems(.instagramURL, "https://x.com/alice"),
            [
                Problem(
                    "instagram.host",
                    "instagram_url points to x.com; expected instagram.com (this link is for X (Twitter); did you mean twitter_url?)"
                )
            ])
        XCTAssertEqual(
            V.problems(.instagramURL, "@alice.smith"),
            [
                Problem(
                    "url.scheme",
                    "instagram_url is a handle, not a web address; did you mean https://instagram.com/alice.smith?")
            ])
        XCTAssertEqual(
            V.problems(.instagramURL, "https://instagram.com.evil.example/alice"),
            [
                Problem(
                    "url.lookalike",
                    "instagram_url host 'instagram.com.evil.example' imitates instagram.com; the real site is evil.example"
                )
            ])
    }
}
