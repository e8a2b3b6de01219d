import XCTest
@testable import WhoCardKit

final class YouTubeRuleTests: XCTestCase {
    func testAcceptsHandlesAndLegacyChannelAddresses() {
        for (value, url, shown) in [
            ("https://www.youtube.com/@alice.cooks", "https://youtube.com/@alice.cooks", "@alice.cooks"),
            ("https://m.youtube.com/@Alice-Cooks/", "https://youtube.com/@Alice-Cooks", "@Alice-Cooks"),
            (
                "https://youtube.com/channel/UC_x5XG1OV2P6uZZ5FSM9Ttw",
                "https://youtube.com/channel/UC_x5XG1OV2P6uZZ5FSM9Ttw", "channel/UC_x5XG1OV2P6uZZ5FSM9Ttw"
            ),
            ("https://www.youtube.com/c/AliceCooks", "https://youtube.com/c/AliceCooks", "c/AliceCooks"),
            ("https://www.youtube.com/user/alicecooks", "https://youtube.com/user/alicecooks", "user/alicecooks"),
        ] {
            let social = V.social(.youtubeURL, value)
            XCTAssertEqual(social?.link.normalized, url, value)
            XCTAssertEqual(social.map(CardContext.handleText), shown, value)
        }
    }

    func testAVideoIsNotAChannel() {
        XCTAssertEqual(
            V.problems(.youtubeURL, "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
            [Problem("youtube.reserved", "youtube_url points to youtube.com/watch, a page of the site, not a profile")])
        XCTAssertEqual(
            V.problems(.youtubeURL, "https://youtube.com/@alice.cooks/videos"),
            [
                Problem(
                    "youtube.reserved",
                    "youtube_url points to a page below the profile (youtube.com/@alice.cooks/videos); use https://youtube.com/@alice.cooks"
                )
            ])
        XCTAssertEqual(
            V.problems(.youtubeURL, "https://youtu.be/dQw4w9WgXcQ"),
            [Problem("youtube.host", "youtube_url points to youtu.be; expected youtube.com")])
    }

    func testMalformedChannels() {
        XCTAssertEqual(
            V.problems(.youtubeURL, "https://youtube.com/channel/UC123"),
            [
                Problem(
                    "youtube.channel",
                    "youtube_url name 'UC123' is not valid; YouTube names are UC and 22 letters, digits, - or _")
            ])
        XCTAssertEqual(
            V.problems(.youtubeURL, "https://youtube.com/alicecooks"),
            [
                Problem(
                    "youtube.channel",
                    "youtube_url points to youtube.com/alicecooks, not a profile; did you mean https://youtube.com/@alicecooks?"
                )
            ])
    }

    func testABareHandleGetsTheURL() {
        XCTAssertEqual(
            V.problems(.youtubeURL, "@alicecooks"),
            [
                Problem(
                    "url.scheme",
                    "youtube_url is a handle, not a web address; did you mean https://youtube.com/@alicecooks?")
            ])
    }
}
