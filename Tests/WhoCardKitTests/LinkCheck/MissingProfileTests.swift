import Foundation
import XCTest
@testable import WhoCardKit

/// Missing profiles, recognised per platform (``MissingProfileSignature``) and by the generic
/// rule for any site, against saved pages served by the loopback server: each platform's host
/// is remapped to it, so the checker applies that platform's signatures.
final class MissingProfileTests: XCTestCase {
    var server: LinkServer!

    override func setUpWithError() throws {
        server = try LinkServer(hosts: 1)
    }

    override func tearDown() {
        server?.stop()
        server = nil
    }

    /// Checks `link` (a normalised profile address) with its URL remapped to the server's `path`.
    private func check(_ link: String, servedBy path: String, isProfile: Bool = true) async throws -> LinkResult {
        var options = LinkCheckOptions()
        options.timeout = .seconds(2)
        options.retries = 0
        options.addressPolicy.allowPrivate = true
        let pattern = "^" + NSRegularExpression.escapedPattern(for: link) + "$"
        options.remaps = [try URLRemap(pattern: pattern, replacement: server.url(path))]
        let checker = LinkChecker(options: options)
        let result = await checker.check(LinkChecker.Link(url: link, normalized: link, isProfile: isProfile))
        await checker.shutdown()
        return result
    }

    func testEachPlatformsNotFoundPageIsBroken() async throws {
        for (link, page, marker) in [
            ("https://facebook.com/ghost.user", "facebook-missing", "This content isn't available right now"),
            ("https://instagram.com/ghost.user", "instagram-missing", "Sorry, this page isn't available."),
            ("https://youtube.com/@ghostuser", "youtube-missing", "This page isn't available. Sorry about that."),
            ("https://tiktok.com/@ghost.user", "tiktok-missing", "Couldn't find this account"),
            ("https://bsky.app/profile/ghost.bsky.social", "bluesky-missing", "Profile not found"),
        ] {
            let result = try await check(link, servedBy: "/page/\(page)")
            XCTAssertEqual(result.verdict, .broken, link)
            XCTAssertEqual(result.detail, "HTTP 200 with a not-found page (\"\(marker)\")", link)
        }
    }

    func testASignatureAppliesToItsOwnPlatformOnly() async throws {
        // TikTok's wording on an Instagram link, or on any other site, is just text.
        let onInstagram = try await check("https://instagram.com/ghost.user", servedBy: "/page/tiktok-missing")
        XCTAssertEqual(onInstagram.verdict, .ok)
        let elsewhere = try await check("https://shop.example/@ghost", servedBy: "/page/instagram-missing")
        XCTAssertEqual(elsewhere.verdict, .ok)
    }

    func testAnExistingProfileIsOK() async throws {
        for link in ["https://instagram.com/alice", "https://tiktok.com/@alice", "https://youtube.com/@alice"] {
            let result = try await check(link, servedBy: "/page/profile")
            XCTAssertEqual(result.verdict, .ok, link)
        }
    }

    func testALoginWallPageIsLoginRequiredNotOK() async throws {
        let instagram = try await check("https://instagram.com/alice", servedBy: "/page/instagram-login")
        XCTAssertEqual(instagram.verdict, .loginRequired)
        XCTAssertEqual(instagram.detail, "HTTP 200 with a login wall instead of the profile (\"Login • Instagram\")")
        let facebook = try await check("https://facebook.com/alice", servedBy: "/page/facebook-login")
        XCTAssertEqual(facebook.verdict, .loginRequired)
    }

    func testARedirectFromAProfileToAPageWithoutItsHandleIsBroken() async throws {
        let result = try await check("https://social.example/@ghost", servedBy: "/to?url=/")
        XCTAssertEqual(result.verdict, .broken)
        XCTAssertEqual(result.detail, "redirect away from the profile to a page that does not name 'ghost'")
        XCTAssertEqual(result.finalURL, server.url("/"))
        let github = try await check("https://github.com/Ghost-User", servedBy: "/to?url=/explore")
        XCTAssertEqual(github.verdict, .broken)
        XCTAssertEqual(github.detail, "redirect away from the profile to a page that does not name 'ghost-user'")
    }

    func testARedirectThatKeepsTheHandleIsFollowed() async throws {
        // Case and percent-encoding do not matter; the handle may move into the path's end.
        let result = try await check("https://social.example/@Alice", servedBy: "/to?url=/profiles/%2561LICE")
        XCTAssertEqual(result.verdict, .ok)
        XCTAssertEqual(result.finalURL, server.url("/profiles/%61LICE"))
    }

    func testTheGenericRuleSparesOtherLinksAndSitesThatRename() async throws {
        // A website or an avatar may redirect anywhere.
        let website = try await check("https://shop.example/team/alice", servedBy: "/to?url=/", isProfile: false)
        XCTAssertEqual(website.verdict, .ok)
        // YouTube's /c/<name> redirects to an @handle that may differ; Facebook's profile.php?id=
        // to the vanity name (and has a query besides).
        let youtube = try await check("https://youtube.com/c/OldName", servedBy: "/to?url=/profiles/@newname")
        XCTAssertEqual(youtube.verdict, .ok)
        let facebook = try await check("https://facebook.com/profile.php?id=100", servedBy: "/to?url=/profiles/alice")
        XCTAssertEqual(facebook.verdict, .ok)
    }

    func testProfileLinksOfAnExportAreCheckedAsProfiles() async throws {
        let profile = ValidatedProfile(
            id: "u1", line: 2, avatar: SampleLinks.link("https://cdn.example/a.jpg"),
            social: [
                SocialLink(
                    platform: .mastodon, link: SampleLinks.link("https://social.example/@alice"),
                    handle: "alice@social.example")
            ])
        var options = LinkCheckOptions()
        options.timeout = .seconds(2)
        options.addressPolicy.allowPrivate = true
        options.remaps = [try URLRemap(pattern: "^https://[^/]+/.*$", replacement: server.url("/to?url=/"))]
        let checker = LinkChecker(options: options)
        var cache: LinkCache? = nil
        let results = await checker.check(profile.linkOccurrences, cache: &cache)
        await checker.shutdown()
        XCTAssertEqual(results.map(\.normalized), ["https://cdn.example/a.jpg", "https://social.example/@alice"])
        XCTAssertEqual(results.map(\.verdict), [.ok, .broken], "only the profile link is held to its handle")
    }
}

private enum SampleLinks {
    static func link(_ normalized: String) -> ValidLink {
        ValidLink(original: normalized, normalized: normalized, display: String(normalized.dropFirst(8)))
    }
}
