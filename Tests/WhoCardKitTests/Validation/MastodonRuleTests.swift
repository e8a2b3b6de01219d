import XCTest
@testable import WhoCardKit

final class MastodonRuleTests: XCTestCase {
    func testAcceptsProfilesOnAnyInstance() {
        for (value, url, shown) in [
            ("https://mastodon.social/@alice", "https://mastodon.social/@alice", "@alice@mastodon.social"),
            ("https://Fosstodon.ORG/@Bob_1/", "https://fosstodon.org/@Bob_1", "@Bob_1@fosstodon.org"),
            ("https://social.example:8443/@carol", "https://social.example:8443/@carol", "@carol@social.example"),
        ] {
            let social = V.social(.mastodonURL, value)
            XCTAssertEqual(social?.platform, .mastodon, value)
            XCTAssertEqual(social?.link.normalized, url, value)
            XCTAssertEqual(social.map(CardContext.handleText), shown, value)
        }
    }

    func testAnotherPlatformsSiteIsNotAnInstance() {
        XCTAssertEqual(
            V.problems(.mastodonURL, "https://x.com/@alice"),
            [
                Problem(
                    "mastodon.host",
                    "mastodon_url points to x.com, which is not a Mastodon server (this link is for X (Twitter); did you mean twitter_url?)"
                )
            ])
        XCTAssertEqual(V.problems(.mastodonURL, "https://www.github.com/@alice").map(\.rule), ["mastodon.host"])
    }

    func testAPostIsNotTheProfile() {
        XCTAssertEqual(
            V.problems(.mastodonURL, "https://mastodon.social/@alice/111222333444555666"),
            [
                Problem(
                    "mastodon.reserved",
                    "mastodon_url points to a page below the profile (mastodon.social/@alice/111222333444555666); use https://mastodon.social/@alice"
                )
            ])
    }

    func testPathsThatAreNotProfiles() {
        XCTAssertEqual(
            V.problems(.mastodonURL, "https://mastodon.social/alice"),
            [
                Problem(
                    "mastodon.handle",
                    "mastodon_url points to mastodon.social/alice, not a profile; did you mean https://mastodon.social/@alice?"
                )
            ])
        XCTAssertEqual(
            V.problems(.mastodonURL, "https://mastodon.social/explore").map(\.rule), ["mastodon.reserved"])
        XCTAssertEqual(
            V.problems(.mastodonURL, "https://mastodon.social/@alice@other.example"),
            [
                Problem(
                    "mastodon.handle",
                    "mastodon_url handle 'alice@other.example' is not valid; Mastodon handles are 1–30 letters, digits or _"
                )
            ])
        XCTAssertEqual(V.problems(.mastodonURL, "https://mastodon.social").map(\.rule), ["mastodon.handle"])
    }

    func testABareHandleWithItsInstanceGetsTheURL() {
        XCTAssertEqual(
            V.problems(.mastodonURL, "@alice@mastodon.social"),
            [
                Problem(
                    "url.scheme",
                    "mastodon_url is a handle, not a web address; did you mean https://mastodon.social/@alice?")
            ])
        // Without the instance there is no address to suggest.
        let problems = V.problems(.mastodonURL, "@alice")
        XCTAssertEqual(problems.map(\.rule), ["url.scheme"])
        XCTAssertFalse(problems[0].message.contains("did you mean https://"), problems[0].message)
    }
}
