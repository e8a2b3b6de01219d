import XCTest
@testable import WhoCardKit

/// Look-alike hosts of the four platforms are `url.lookalike` errors in every link field: the
/// platform's own field and the website, support and avatar fields, where a link that
/// impersonates a platform would otherwise reach the card. The platforms' real hosts and honest
/// hosts that merely contain a brand word are not.
final class LookalikeHostTests: XCTestCase {
    /// Field, look-alike host (each paired with a valid profile path of that platform).
    static let lookalikes: [(Field, String)] = [
        (.twitterURL, "tw1tter.com"), (.twitterURL, "twіtter.com"), (.twitterURL, "twittеr.com"),
        (.twitterURL, "tvvitter.com"), (.twitterURL, "twitter.com.evil.example"),
        (.twitterURL, "twitter-com.evil.example"),
        (.twitterURL, "х.com"), (.twitterURL, "x.com.evil.example"), (.twitterURL, "twitter.corn"),
        (.twitterURL, "xn--twtter-qvf.com"), (.twitterURL, "twíttér.com"),
        (.facebookURL, "faceb00k.com"), (.facebookURL, "fаcebook.com"), (.facebookURL, "facebo0k.com"),
        (.facebookURL, "facebook.com.evil.example"), (.facebookURL, "facebook-com.evil.example"),
        (.facebookURL, "fb.com.evil.example"),
        (.facebookURL, "fаcеbооk.com"), (.facebookURL, "ƒacebook.com"), (.facebookURL, "xn--acebook-w1b.com"),
        (.linkedinURL, "linkedln.com"), (.linkedinURL, "1inkedin.com"), (.linkedinURL, "lіnkedin.com"),
        (.linkedinURL, "linkedin.com.evil.example"), (.linkedinURL, "linkedin-com.evil.example"),
        (.linkedinURL, "linkedіn.com"),
        (.linkedinURL, "www.linkedln.com"), (.linkedinURL, "l1nked1n.com"),
        (.instagramURL, "instagrarn.com"), (.instagramURL, "lnstagram.com"), (.instagramURL, "іnstagram.com"),
        (.instagramURL, "instagram.com.evil.example"), (.instagramURL, "instagram-com.evil.example"),
        (.instagramURL, "1nstagram.com"),
        (.instagramURL, "instagrаm.com"), (.instagramURL, "1nstagrarn.com"),
        (.twitterURL, "tw1tter.com.evil.example"), (.twitterURL, "tvv1tter-com.evil.example"), (.twitterURL, "x.corn"),
    ]

    private static func path(_ field: Field) -> String {
        switch field {
        case .facebookURL: "/alice.moreau"
        case .linkedinURL: "/in/alice-moreau"
        default: "/alicemoreau"
        }
    }

    private func errors(_ field: Field, _ url: String) -> [String] {
        let outcome = ProfileValidator().validate(ProfileRecord([.id: "u1", field: url]), file: "t")
        return outcome.findings.filter { $0.severity == .error && $0.field == field.rawValue }.map(\.rule)
    }

    func testLookalikeHostsAreLookalikeErrorsInTheirPlatformField() {
        for (field, host) in Self.lookalikes {
            let url = "https://\(host)\(Self.path(field))"
            XCTAssertEqual(errors(field, url), ["url.lookalike"], "\(field.rawValue) \(url)")
        }
    }

    func testLookalikeHostsAreLookalikeErrorsInOtherLinkFields() {
        for (field, host) in Self.lookalikes {
            for other in [Field.website, .supportURL, .avatarURL] {
                let url = "https://\(host)\(Self.path(field))"
                XCTAssertEqual(errors(other, url), ["url.lookalike"], "\(other.rawValue) \(url)")
            }
        }
    }

    func testTheMessageNamesTheImitatedPlatform() {
        func message(_ field: Field, _ url: String) -> String? {
            ProfileValidator().validate(ProfileRecord([.id: "u1", field: url]), file: "t").findings.first {
                $0.field == field.rawValue
            }?.message
        }
        XCTAssertEqual(
            message(.website, "https://tw1tter.com/alice"),
            "website host 'tw1tter.com' imitates twitter.com with look-alike characters")
        XCTAssertEqual(
            message(.supportURL, "https://help.1nstagram.com"),
            "support_url host 'help.1nstagram.com' imitates instagram.com with look-alike characters")
        XCTAssertEqual(
            message(.avatarURL, "https://linkedln.com/a.png"),
            "avatar_url host 'linkedln.com' imitates linkedin.com with look-alike characters")
        XCTAssertEqual(
            message(.website, "https://xn--acebook-w1b.com/acme"),
            "website host 'ƒacebook.com' (xn--acebook-w1b.com) imitates facebook.com with look-alike characters")
        XCTAssertEqual(
            message(.website, "https://tw1tter.com.evil.example/alice"),
            "website host 'tw1tter.com.evil.example' imitates twitter.com; the real site is evil.example")
    }

    func testRealHostsAreAccepted() {
        let real: [(Field, String)] = [
            (.twitterURL, "twitter.com"), (.twitterURL, "x.com"), (.twitterURL, "mobile.twitter.com"),
            (.facebookURL, "facebook.com"), (.facebookURL, "m.facebook.com"), (.linkedinURL, "www.linkedin.com"),
            (.instagramURL, "instagram.com"), (.instagramURL, "www.instagram.com"),
        ]
        for (field, host) in real {
            let url = "https://\(host)\(Self.path(field))"
            XCTAssertEqual(errors(field, url), [], url)
            // A website, support page or avatar on the platform itself is no imitation.
            for other in [Field.website, .supportURL, .avatarURL] {
                XCTAssertEqual(errors(other, url), [], "\(other.rawValue) \(url)")
            }
        }
    }

    func testHonestHostsInOtherLinkFieldsAreAccepted() {
        // The platforms' image and short-link hosts, and sites that contain a brand word or
        // split one (they do not pass for the platform's own host; many honest sites are named
        // so, and in a platform field the wrong-site rules reject them anyway).
        let hosts = [
            "www.facebook.com", "business.facebook.com", "about.instagram.com", "help.twitter.com", "x.com",
            "pbs.twimg.com", "media.licdn.com", "scontent.cdninstagram.com", "scontent-lhr8-1.xx.fbcdn.net",
            "lnkd.in", "instagr.am", "t.co", "fb.me",
            "twitterific.example", "linkedinsider.example", "in-stagram-fans.example", "evil-twitter.com",
            "twitterfans.example", "instagrammer.example", "facebook-marketing.example", "linkedin.example",
            "fb.company.example", "x.com.au", "box.com", "lil.example", "tvvitch.example", "modern.example",
        ]
        for host in hosts {
            for field in [Field.website, .supportURL, .avatarURL] {
                XCTAssertEqual(errors(field, "https://\(host)/acme"), [], "\(field.rawValue) \(host)")
            }
        }
    }
}
