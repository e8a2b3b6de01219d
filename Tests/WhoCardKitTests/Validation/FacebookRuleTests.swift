import XCTest
@testable import WhoCardKit

final class FacebookRuleTests: XCTestCase {
    func testUsernames() {
        for (value, handle, normalized) in [
            ("https://facebook.com/alice.smith", "alice.smith", "https://facebook.com/alice.smith"),
            ("https://www.facebook.com/AliceSmith/", "AliceSmith", "https://facebook.com/AliceSmith"),
            ("https://m.facebook.com/a", "a", "https://facebook.com/a"),
            ("https://web.facebook.com/alice?fbclid=x", "alice", "https://facebook.com/alice"),
            ("https://fb.com/alice", "alice", "https://facebook.com/alice"),
        ] {
            let social = V.social(.facebookURL, value)
            XCTAssertEqual(social?.handle, handle, value)
            XCTAssertEqual(social?.link.normalized, normalized, value)
        }
    }

    func testNumericProfiles() {
        let byID = V.social(.facebookURL, "https://www.facebook.com/profile.php?id=100012345&sk=about")
        XCTAssertEqual(byID?.handle, "100012345")
        XCTAssertEqual(byID?.link.normalized, "https://facebook.com/profile.php?id=100012345")
        let people = V.social(.facebookURL, "https://facebook.com/people/Alice-Smith/100012345/")
        XCTAssertEqual(people?.handle, "100012345")
        XCTAssertEqual(people?.link.normalized, "https://facebook.com/people/Alice-Smith/100012345")
    }

    func testNotAProfile() {
        XCTAssertEqual(
            V.problems(.facebookURL, "https://facebook.com/profile.php"),
            [
                Problem(
                    "facebook.profile",
                    "facebook_url points to profile.php without a numeric id=; expected https://facebook.com/yourusername"
                )
            ])
        XCTAssertEqual(
            V.problems(.facebookURL, "https://facebook.com/profile.php?id=abc"),
            [
                Problem(
                    "facebook.profile",
                    "facebook_url points to profile.php without a numeric id=; expected https://facebook.com/yourusername"
                )
            ])
        XCTAssertEqual(
            V.problems(.facebookURL, "https://www.facebook.com/groups/12345"),
            [
                Problem(
                    "facebook.profile",
                    "facebook_url points to facebook.com/groups/12345, a page of the site, not a profile")
            ])
        XCTAssertEqual(
            V.problems(.facebookURL, "https://facebook.com/sharer/sharer.php?u=x"),
            [
                Problem(
                    "facebook.profile",
                    "facebook_url points to facebook.com/sharer/sharer.php, a page of the site, not a profile")
            ])
        XCTAssertEqual(
            V.problems(.facebookURL, "https://facebook.com/home.php"),
            [
                Problem(
                    "facebook.profile",
                    "facebook_url points to facebook.com/home.php, a page of the site, not a profile")
            ])
        XCTAssertEqual(
            V.problems(.facebookURL, "https://facebook.com/alice_smith"),
            [
                Problem(
                    "facebook.profile",
                    "facebook_url handle 'alice_smith' is not valid; Facebook handles are letters, digits or '.'")
            ])
        XCTAssertEqual(
            V.problems(.facebookURL, "https://facebook.com/alice/posts/1"),
            [
                Problem(
                    "facebook.profile",
                    "facebook_url points to a page below the profile (facebook.com/alice/posts/1); use https://facebook.com/alice"
                )
            ])
        XCTAssertEqual(
            V.problems(.facebookURL, "https://facebook.com"),
            [
                Problem(
                    "facebook.profile",
                    "facebook_url has no profile after the host; expected https://facebook.com/yourusername")
            ])
    }

    func testWrongSite() {
        XCTAssertEqual(
            V.problems(.facebookURL, "https://instagram.com/alice"),
            [
                Problem(
                    "facebook.host",
                    "facebook_url points to instagram.com; expected facebook.com or fb.com (this link is for Instagram; did you mean instagram_url?)"
                )
            ])
        XCTAssertEqual(
            V.problems(.facebookURL, "https://faceb00k.com/alice"),
            [
                Problem(
                    "url.lookalike", "facebook_url host 'faceb00k.com' imitates facebook.com with look-alike characters"
                )
            ])
    }
}
