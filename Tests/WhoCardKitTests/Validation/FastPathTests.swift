import XCTest
@testable import WhoCardKit

/// The byte-level fast paths for ASCII values must answer exactly as the general
/// (Unicode-aware) code does; these cases sit on the edges where they split.
final class FastPathTests: XCTestCase {
    func testASCIISkeletonMatchesTheGeneralSkeleton() {
        for host in [
            "twitter.com", "faceb00k.com", "1inkedin.com", "rnrn.com", "rnn.com", "rrn.com", "vvv.com", "vvvv.com",
            "vrnv.com", "turnvvrn.example", "x.com", "r", "n", "v", "", "0rn1vv0",
        ] {
            XCTAssertEqual(
                String(decoding: LookalikeDetector.asciiSkeleton(host), as: UTF8.self),
                LookalikeDetector.skeleton(host), host)
        }
        XCTAssertEqual(String(decoding: LookalikeDetector.asciiSkeleton("rnvvrn"), as: UTF8.self), "mwm")
    }

    func testMatchKeysOfASCIIAndUnicodeHostsAgree() {
        // `i`, `l`, `1` and their look-alikes become one letter, in both paths.
        for (host, key) in [
            ("instagram.com", "lnstagram.com"), ("1nstagrarn.com", "lnstagram.com"), ("іnstagram.com", "lnstagram.com"),
            ("ıinkedin.com", "llnkedln.com"), ("ƒacebook.com", "facebook.com"), ("tvv1tter.com", "twltter.com"),
            ("x.com", "x.com"),
        ] {
            XCTAssertEqual(String(decoding: LookalikeDetector.matchKey(host), as: UTF8.self), key, host)
        }
    }

    func testLookalikesOfASCIIHosts() throws {
        func match(_ host: String) throws -> LookalikeDetector.Match? {
            LookalikeDetector.platforms.match(try HostName.parse(host[...]).get())
        }
        XCTAssertEqual(try match("faceb00k.com"), .init(site: "facebook.com", realSite: nil, byCharacters: true))
        XCTAssertEqual(try match("www.faceb00k.com"), .init(site: "facebook.com", realSite: nil, byCharacters: true))
        XCTAssertEqual(
            try match("twitter.com.evil.example"),
            .init(site: "twitter.com", realSite: "evil.example", byCharacters: false))
        XCTAssertEqual(
            try match("twitter-com.evil.example"), .init(site: "twitter.com", realSite: nil, byCharacters: false))
        XCTAssertEqual(try match("instagrarn.com"), .init(site: "instagram.com", realSite: nil, byCharacters: true))
        XCTAssertEqual(try match("tw1tter.com"), .init(site: "twitter.com", realSite: nil, byCharacters: true))
        XCTAssertEqual(try match("linkedln.com"), .init(site: "linkedin.com", realSite: nil, byCharacters: true))
        XCTAssertEqual(
            try match("1nstagram.com.evil.example"),
            .init(site: "instagram.com", realSite: "evil.example", byCharacters: false))
        XCTAssertEqual(
            try match("www.1inkedin-com.example"), .init(site: "linkedin.com", realSite: nil, byCharacters: false))
        XCTAssertNil(try match("twitterific.example"))
        XCTAssertNil(try match("www.facebook.com"))
        XCTAssertNil(try match("user10.example.com"))
        XCTAssertNil(try match("evil-twitter.com"))
        XCTAssertNil(try match("x.com.au"))
    }

    func testHostEdgesFallBackToTheGeneralParser() {
        func parse(_ host: String) -> Result<HostName, HostName.Problem> { HostName.parse(host[...]) }
        XCTAssertEqual(
            try parse("WWW.Example.COM.").get(), HostName(ascii: "www.example.com", unicode: "www.example.com"))
        XCTAssertEqual(
            try parse("XN--MNCHEN-3YA.de").get(), HostName(ascii: "xn--mnchen-3ya.de", unicode: "münchen.de"))
        XCTAssertEqual(parse("xn--abc.com"), .failure(.reason("has a label 'xn--abc' that is not valid Punycode")))
        XCTAssertEqual(parse("a..com"), .failure(.reason("has an empty label (two dots in a row)")))
        XCTAssertEqual(parse("-a.com"), .failure(.reason("has a label that starts or ends with '-'")))
        XCTAssertEqual(parse("a-.com"), .failure(.reason("has a label that starts or ends with '-'")))
        XCTAssertEqual(
            parse(String(repeating: "a", count: 64) + ".com"),
            .failure(.reason("has a label longer than 63 characters")))
        XCTAssertEqual(
            try parse(String(repeating: "a", count: 63) + ".com").get().ascii,
            String(repeating: "a", count: 63) + ".com")
        XCTAssertEqual(parse("example.c0m"), .failure(.reason("does not end in a top-level domain of letters")))
        XCTAssertEqual(parse("example.c"), .failure(.reason("does not end in a top-level domain of letters")))
        XCTAssertEqual(parse("localhost"), .failure(.reason("is not a full domain name (it has no dot)")))
        XCTAssertEqual(parse("10.0.0.1"), .failure(.reason("is an IP address; use the site's name")))
        XCTAssertEqual(parse("ex_ample.com"), .failure(.reason("contains '_', which host names cannot contain")))
        XCTAssertEqual(parse("."), .failure(.empty))
    }

    func testForbiddenCharacterPositionsBeforeAndAfterNonASCII() {
        XCTAssertEqual(
            V.violation("https://example.com/a b"),
            Problem("url.characters", "website contains a space at character 22"))
        XCTAssertEqual(
            V.violation("https://exämple.com/a b"),
            Problem("url.characters", "website contains a space at character 22"))
        XCTAssertEqual(
            V.violation("https://example.com/\u{7F}"),
            Problem(
                "url.characters", "website contains a control character (U+007F) at character 21"))
    }

    func testASCIIEmailChecksInOrder() {
        func message(_ value: String) -> String? {
            guard case .failure(let violation) = ContactRules.email(value, field: "email") else { return nil }
            return violation.message
        }
        XCTAssertEqual(try ContactRules.email("Alice@Mail.Example.COM", field: "email").get(), "Alice@mail.example.com")
        XCTAssertEqual(message("a@b@c.com"), "email has more than one '@'")
        XCTAssertEqual(message("a\tb@c.com"), "email contains a space at character 2")
        XCTAssertEqual(
            message("a@b\u{1}.com"), "email contains an invisible or control character (U+0001) at character 4")
        XCTAssertEqual(message("a;b@c.com"), "email contains ';' before '@', which addresses cannot contain")
        XCTAssertEqual(message("a..b@c.com"), "email has a misplaced '.' before '@'")
        XCTAssertEqual(message("MAILTO:a@c.com"), "email starts with 'mailto:'; enter only the address (a@c.com)")
        XCTAssertEqual(
            message("Alice <a@c.com>"), "email has a display name or angle brackets; enter only the address (a@c.com)")
    }

    func testLinksAreBuiltFromTheirParts() throws {
        let url = try URLValidator().validate("HTTP://Example.COM:8080/a/%C3%A9//?utm_source=x&b=2#top").get()
        XCTAssertEqual(url.link.normalized, "https://example.com:8080/a/%C3%A9?b=2")
        XCTAssertEqual(url.link.display, "example.com:8080/a/é?b=2")
        XCTAssertEqual(url.pathSegments, ["a", "%C3%A9"])
        let bare = try URLValidator().validate("https://example.com/?fbclid=1").get()
        XCTAssertEqual(bare.link.normalized, "https://example.com")
        let query = try URLValidator().validate("https://example.com?b=2").get()
        XCTAssertEqual(query.link.normalized, "https://example.com/?b=2")
    }
}
