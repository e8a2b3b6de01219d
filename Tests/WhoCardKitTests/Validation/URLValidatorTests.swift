import XCTest
@testable import WhoCardKit

final class URLValidatorTests: XCTestCase {
    func testAcceptsPlainHTTPSURLs() {
        XCTAssertNil(V.violation("https://example.com"))
        XCTAssertNil(V.violation("HTTPS://Example.com/Path?q=1#top"))
        XCTAssertNil(V.violation("https://sub.example.co.uk:8443/a/b"))
    }

    func testMissingScheme() {
        XCTAssertEqual(
            V.violation("twitter.com/alice"),
            Problem(
                "url.scheme", "website does not start with http:// or https://; did you mean https://twitter.com/alice?"
            ))
        XCTAssertEqual(
            V.violation("//example.com/a"),
            Problem(
                "url.scheme", "website does not start with http:// or https://; did you mean https://example.com/a?"))
        XCTAssertEqual(
            V.violation("htps://example.com/a"),
            Problem(
                "url.scheme", "website does not start with http:// or https://; did you mean https://example.com/a?"))
        XCTAssertEqual(
            V.violation("https:/example.com"),
            Problem(
                "url.scheme", "website does not start with http:// or https://; did you mean https://example.com?"))
        XCTAssertEqual(
            V.violation("my homepage"),
            Problem(
                "url.characters", "website contains a space at character 3"))
        XCTAssertEqual(
            V.violation("alice"),
            Problem(
                "url.scheme", "website is not a web address; it must start with https://"))
    }

    func testOtherSchemes() {
        XCTAssertEqual(
            V.violation("ftp://example.com/file"),
            Problem(
                "url.scheme", "website uses the ftp: scheme; only http:// and https:// links work"))
        XCTAssertEqual(
            V.violation("javascript:alert(1)"),
            Problem(
                "url.scheme", "website uses the javascript: scheme; only http:// and https:// links work"))
    }

    func testForbiddenCharacters() {
        XCTAssertEqual(
            V.violation("https://example.com/a b"),
            Problem("url.characters", "website contains a space at character 22"))
        XCTAssertEqual(
            V.violation("https://example.com/\"x\""),
            Problem(
                "url.characters", "website contains a double quote (\") at character 21"))
        XCTAssertEqual(
            V.violation("https://example.com/it's"),
            Problem(
                "url.characters", "website contains a single quote (') at character 23"))
        XCTAssertEqual(
            V.violation("<https://example.com>"),
            Problem(
                "url.characters", "website contains an angle bracket (<) at character 1"))
        XCTAssertEqual(
            V.violation("https://example.com\\@evil.example"),
            Problem(
                "url.characters", "website contains a backslash (\\) at character 20"))
        XCTAssertEqual(
            V.violation("https://example.com/\u{7}"),
            Problem(
                "url.characters", "website contains a control character (U+0007) at character 21"))
        XCTAssertEqual(
            V.violation("https://exa\u{200B}mple.com"),
            Problem(
                "url.characters", "website contains an invisible character (U+200B) at character 12"))
        XCTAssertEqual(
            V.violation("https://example.com/\u{A0}x"),
            Problem(
                "url.characters", "website contains a special space (U+00A0) at character 21"))
        XCTAssertEqual(
            V.violation("https://example.com/a\tb"), Problem("url.characters", "website contains a tab at character 22")
        )
    }

    func testSurroundingWhitespaceIsTrimmed() throws {
        let checked = try V.url("  https://example.com/a \n").get()
        XCTAssertEqual(checked.original, "https://example.com/a")
    }

    func testUserInfo() {
        XCTAssertEqual(
            V.violation("https://twitter.com@evil.example/alice"),
            Problem(
                "url.userinfo", "website has user info before the host ('twitter.com@'); the real host is evil.example")
        )
        XCTAssertEqual(
            V.violation("https://user:pass@Example.com"),
            Problem(
                "url.userinfo", "website has user info before the host ('user:pass@'); the real host is example.com"))
    }

    func testHostProblems() {
        XCTAssertEqual(V.violation("https:///path"), Problem("url.host", "website has no host name after '//'"))
        XCTAssertEqual(
            V.violation("https://192.0.2.1/admin"),
            Problem(
                "url.host", "website host '192.0.2.1' is an IP address; use the site's name"))
        XCTAssertEqual(
            V.violation("http://[::1]:8080/"),
            Problem(
                "url.host", "website host '[::1]' is an IP address; use the site's name"))
        XCTAssertEqual(
            V.violation("https://localhost:3000"),
            Problem(
                "url.host", "website host 'localhost' is not a full domain name (it has no dot)"))
        XCTAssertEqual(
            V.violation("https://%65xample.com"),
            Problem(
                "url.host", "website host '%65xample.com' contains '%', which host names cannot contain"))
    }

    func testPortAndEscapes() {
        XCTAssertEqual(
            V.violation("https://example.com:99999/"), Problem("url.syntax", "website has an invalid port ':99999'"))
        XCTAssertEqual(
            V.violation("https://example.com:8o/"), Problem("url.syntax", "website has an invalid port ':8o'"))
        XCTAssertEqual(
            V.violation("https://example.com/100%"),
            Problem(
                "url.syntax", "website has a '%' that is not followed by two hex digits"))
        XCTAssertNil(V.violation("https://example.com/100%25"))
    }

    func testLength() {
        let path = String(repeating: "a", count: 2048 - "https://example.com/".count)
        XCTAssertNil(V.violation("https://example.com/" + path))
        XCTAssertEqual(
            V.violation("https://example.com/" + path + "b"),
            Problem(
                "url.length", "website is 2,049 characters long; the limit is 2,048"))
    }

    func testInsecureIsAWarningOnly() throws {
        let checked = try V.url("http://example.com/a").get()
        XCTAssertEqual(
            checked.warnings,
            [
                Violation(
                    "url.insecure", .warning, "website uses http://; use https://example.com/a instead")
            ])
        XCTAssertEqual(checked.link.normalized, "https://example.com/a")
        XCTAssertFalse(checked.isSecure)
    }

    func testIDNHosts() throws {
        let link = try XCTUnwrap(V.link("https://Bücher.example/Regal"))
        XCTAssertEqual(
            link,
            ValidLink(
                original: "https://Bücher.example/Regal",
                normalized: "https://xn--bcher-kva.example/Regal",
                display: "bücher.example/Regal"))
        let fromPunycode = try XCTUnwrap(V.link("https://xn--mnchen-3ya.de"))
        XCTAssertEqual(fromPunycode.display, "münchen.de")
        XCTAssertEqual(fromPunycode.normalized, "https://xn--mnchen-3ya.de")
    }

    func testLookalikeHosts() {
        XCTAssertEqual(
            V.violation("https://twіtter.com/alice"),
            Problem(  // Cyrillic і
                "url.lookalike",
                "website host 'twіtter.com' (xn--twtter-qvf.com) imitates twitter.com with look-alike characters"))
        XCTAssertEqual(
            V.violation("https://faceb00k.com/alice"),
            Problem(
                "url.lookalike", "website host 'faceb00k.com' imitates facebook.com with look-alike characters"))
        XCTAssertEqual(
            V.violation("https://www.linkedіn.com/in/alice"),
            Problem(
                "url.lookalike",
                "website host 'www.linkedіn.com' (www.xn--linkedn-wog.com) imitates linkedin.com with look-alike characters"
            ))
        XCTAssertEqual(
            V.violation("https://twitter.com.evil.example/alice"),
            Problem(
                "url.lookalike",
                "website host 'twitter.com.evil.example' imitates twitter.com; the real site is evil.example"))
        XCTAssertEqual(
            V.violation("https://login.instagram.com.evil.example"),
            Problem(
                "url.lookalike",
                "website host 'login.instagram.com.evil.example' imitates instagram.com; the real site is evil.example")
        )
        XCTAssertEqual(
            V.violation("https://twitter-com.evil.example"),
            Problem(
                "url.lookalike", "website host 'twitter-com.evil.example' imitates twitter.com"))
        XCTAssertEqual(
            V.violation("https://tvvitter.com/alice"),
            Problem(
                "url.lookalike", "website host 'tvvitter.com' imitates twitter.com with look-alike characters"))
    }

    func testHonestHostsAreNotLookalikes() {
        for url in [
            "https://twitter.com/alice", "https://mobile.twitter.com/alice", "https://x.com/alice",
            "https://evil-twitter.com", "https://twitterfans.example", "https://x.com.au",
            "https://netflix.com", "https://modern.example", "https://fb.company.example", "https://example.com",
        ] {
            XCTAssertNil(V.violation(url), url)
        }
    }

    func testSplitterParts() throws {
        let parts = try XCTUnwrap(URLParts("HTTPS://u:p@Host.example:8080/a/b?c=d&e#f"))
        XCTAssertEqual(parts.scheme, "HTTPS")
        XCTAssertEqual(parts.userInfo, "u:p")
        XCTAssertEqual(parts.host, "Host.example")
        XCTAssertEqual(parts.port, "8080")
        XCTAssertEqual(parts.path, "/a/b")
        XCTAssertEqual(parts.query, "c=d&e")
        XCTAssertEqual(parts.fragment, "f")
        let bare = try XCTUnwrap(URLParts("https://example.com"))
        XCTAssertEqual(bare.path, "")
        XCTAssertNil(bare.query)
        XCTAssertNil(bare.port)
        let v6 = try XCTUnwrap(URLParts("http://[2001:db8::1]:80/x"))
        XCTAssertEqual(v6.host, "[2001:db8::1]")
        XCTAssertEqual(v6.port, "80")
        let hashBeforeQuery = try XCTUnwrap(URLParts("https://e.com/a#b?c"))
        XCTAssertEqual(hashBeforeQuery.fragment, "b?c")
        XCTAssertNil(hashBeforeQuery.query)
        XCTAssertNil(URLParts("example.com/a"))
        XCTAssertNil(URLParts("mailto:a@b.example"))
    }
}
