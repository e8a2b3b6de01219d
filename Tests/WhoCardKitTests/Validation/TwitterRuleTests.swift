import XCTest
@testable import WhoCardKit

final class TwitterRuleTests: XCTestCase {
    func testAcceptsProfilesOnBothHosts() {
        for (value, handle) in [
            ("https://twitter.com/alice", "alice"), ("https://x.com/Alice_99", "Alice_99"),
            ("https://www.twitter.com/a", "a"), ("https://mobile.twitter.com/alice/", "alice"),
            ("https://www.x.com/abcdefghijklmno", "abcdefghijklmno"), ("https://twitter.com/alice?lang=en", "alice"),
        ] {
            let social = V.social(.twitterURL, value)
            XCTAssertEqual(social?.handle, handle, value)
            XCTAssertEqual(social?.link.normalized, "https://x.com/\(handle)", value)
            XCTAssertEqual(social?.platform, .twitter)
        }
    }

    func testWrongSite() {
        XCTAssertEqual(
            V.problems(.twitterURL, "https://facebook.com/alice"),
            [
                Problem(
                    "twitter.host",
                    "twitter_url points to facebook.com; expected twitter.com or x.com (this link is for Facebook; did you mean facebook_url?)"
                )
            ])
        XCTAssertEqual(
            V.problems(.twitterURL, "https://api.twitter.com/alice"),
            [
                Problem(
                    "twitter.host", "twitter_url points to api.twitter.com; expected twitter.com or x.com")
            ])
        XCTAssertEqual(
            V.problems(.twitterURL, "https://evil-twitter.com/alice"),
            [
                Problem(
                    "twitter.host", "twitter_url points to evil-twitter.com; expected twitter.com or x.com")
            ])
    }

    func testHandleSyntax() {
        XCTAssertEqual(
            V.problems(.twitterURL, "https://twitter.com/alice.smith"),
            [
                Problem(
                    "twitter.handle",
                    "twitter_url handle 'alice.smith' is not valid; X (Twitter) handles are 1–15 letters, digits or _")
            ])
        XCTAssertEqual(
            V.problems(.twitterURL, "https://x.com/abcdefghijklmnop"),
            [
                Problem(
                    "twitter.handle",
                    "twitter_url handle 'abcdefghijklmnop' is not valid; X (Twitter) handles are 1–15 letters, digits or _"
                )
            ])
        XCTAssertEqual(
            V.problems(.twitterURL, "https://x.com/"),
            [
                Problem(
                    "twitter.handle", "twitter_url has no profile after the host; expected https://x.com/yourusername")
            ])
    }

    func testReservedPaths() {
        XCTAssertEqual(
            V.problems(.twitterURL, "https://twitter.com/home"),
            [
                Problem(
                    "twitter.reserved", "twitter_url points to x.com/home, a page of the site, not a profile")
            ])
        XCTAssertEqual(
            V.problems(.twitterURL, "https://twitter.com/i/lists/123"),
            [
                Problem(
                    "twitter.reserved", "twitter_url points to x.com/i/lists/123, a page of the site, not a profile")
            ])
        XCTAssertEqual(
            V.problems(.twitterURL, "https://x.com/Intent/tweet?text=hi"),
            [
                Problem(
                    "twitter.reserved", "twitter_url points to x.com/Intent/tweet, a page of the site, not a profile")
            ])
        XCTAssertEqual(
            V.problems(.twitterURL, "https://x.com/alice/status/1234"),
            [
                Problem(
                    "twitter.reserved",
                    "twitter_url points to a page below the profile (x.com/alice/status/1234); use https://x.com/alice")
            ])
    }

    func testBareHandleSuggestsTheProfileURL() {
        XCTAssertEqual(
            V.problems(.twitterURL, "@alice"),
            [
                Problem(
                    "url.scheme", "twitter_url is a handle, not a web address; did you mean https://x.com/alice?")
            ])
        XCTAssertEqual(
            V.problems(.twitterURL, "twitter.com/alice"),
            [
                Problem(
                    "url.scheme",
                    "twitter_url does not start with http:// or https://; did you mean https://twitter.com/alice?")
            ])
    }

    func testInsecureProfileKeepsTheLinkWithAWarning() {
        let outcome = V.row([.twitterURL: "http://twitter.com/alice"])
        XCTAssertEqual(outcome.profile?.social.first?.link.normalized, "https://x.com/alice")
        XCTAssertEqual(
            outcome.findings.map { Problem($0.rule, $0.message) },
            [
                Problem(
                    "url.insecure", "twitter_url uses http://; use https://twitter.com/alice instead")
            ])
        XCTAssertEqual(outcome.findings.first?.severity, .warning)
    }

    func testLookalikeBeatsWrongSite() {
        XCTAssertEqual(
            V.problems(.twitterURL, "https://twіtter.com/alice"),
            [
                Problem(
                    "url.lookalike",
                    "twitter_url host 'twіtter.com' (xn--twtter-qvf.com) imitates twitter.com with look-alike characters"
                )
            ])
        XCTAssertEqual(
            V.problems(.twitterURL, "https://twitter.com.evil.example/alice"),
            [
                Problem(
                    "url.lookalike",
                    "twitter_url host 'twitter.com.evil.example' imitates twitter.com; the real site is evil.example")
            ])
        XCTAssertEqual(
            V.problems(.twitterURL, "https://twitter.com@evil.example/alice"),
            [
                Problem(
                    "url.userinfo",
                    "twitter_url has user info before the host ('twitter.com@'); the real host is evil.example")
            ])
    }
}
