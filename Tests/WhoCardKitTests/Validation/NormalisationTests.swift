import XCTest
@testable import WhoCardKit

final class NormalisationTests: XCTestCase {
    func testHTTPSLowerCaseHostDefaultPortFragmentTrailingSlash() {
        XCTAssertEqual(
            V.link("HTTP://WWW.Example.COM:80/About/Team/#people")?.normalized, "https://www.example.com/About/Team")
        XCTAssertEqual(V.link("https://example.com:443/")?.normalized, "https://example.com")
        XCTAssertEqual(V.link("https://example.com:8443/a")?.normalized, "https://example.com:8443/a")
        XCTAssertEqual(V.link("https://example.com///")?.normalized, "https://example.com")
    }

    func testTrackingParametersAreDropped() {
        XCTAssertEqual(
            V.link(
                "https://example.com/page?utm_source=x&id=7&fbclid=abc&UTM_Medium=y&gclid=1&si=2&ref=3&mc_cid=4&mc_eid=5&igshid=6"
            )?
            .normalized,
            "https://example.com/page?id=7")
        XCTAssertEqual(V.link("https://example.com/?utm_campaign=spring")?.normalized, "https://example.com")
        XCTAssertEqual(V.link("https://example.com/?lang=de")?.normalized, "https://example.com/?lang=de")
        XCTAssertEqual(V.link("https://example.com/a?ref_src=twsrc&&b=2")?.normalized, "https://example.com/a?b=2")
    }

    func testWWWIsKeptOnOtherSites() {
        let link = V.link("https://www.example.com/shop/")
        XCTAssertEqual(
            link,
            ValidLink(
                original: "https://www.example.com/shop/", normalized: "https://www.example.com/shop",
                display: "www.example.com/shop"))
    }

    func testNonASCIIPathIsPercentEncodedAndDisplayedDecoded() {
        XCTAssertEqual(
            V.link("https://example.com/café?q=thé"),
            ValidLink(
                original: "https://example.com/café?q=thé",
                normalized: "https://example.com/caf%C3%A9?q=th%C3%A9",
                display: "example.com/café?q=thé"))
        XCTAssertEqual(V.link("https://example.com/caf%C3%A9")?.display, "example.com/café")
        XCTAssertEqual(V.link("https://example.com/a%20b")?.display, "example.com/a%20b", "ASCII escapes stay")
    }

    func testPlatformLinksAreCanonical() {
        XCTAssertEqual(
            V.social(.twitterURL, "http://www.Twitter.com/Alice_Smith/?s=20&ref_src=twsrc#x")?.link,
            ValidLink(
                original: "http://www.Twitter.com/Alice_Smith/?s=20&ref_src=twsrc#x",
                normalized: "https://x.com/Alice_Smith",
                display: "x.com/Alice_Smith"))
        XCTAssertEqual(
            V.social(.facebookURL, "https://m.facebook.com/alice.smith?fbclid=abc")?.link.normalized,
            "https://facebook.com/alice.smith")
        XCTAssertEqual(
            V.social(.linkedinURL, "https://uk.linkedin.com/in/alice-smith-42/")?.link.normalized,
            "https://linkedin.com/in/alice-smith-42")
        XCTAssertEqual(
            V.social(.instagramURL, "https://www.instagram.com/alice.smith/?igshid=xyz")?.link.normalized,
            "https://instagram.com/alice.smith")
    }
}
