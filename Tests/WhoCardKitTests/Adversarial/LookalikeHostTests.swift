import XCTest
@testable import WhoCardKit

/// Look-alike hosts of the four platforms: in the platform's own field they are errors, and in
/// any other link field (website, support, avatar) they are `url.lookalike` errors.
final class LookalikeHostTests: XCTestCase {
    /// Field, look-alike host (each paired with a valid profile path of that platform).
    static let lookalikes: [(Field, String)] = [
        (.twitterURL, "tw1tter.com"), (.twitterURL, "twіtter.com"), (.twitterURL, "twittеr.com"),
        (.twitterURL, "tvvitter.com"), (.twitterURL, "twitter.com.evil.example"), (.twitterURL, "twitter-com.evil.example"),
        (.twitterURL, "х.com"), (.twitterURL, "x.com.evil.example"), (.twitterURL, "twitter.corn"),
        (.twitterURL, "xn--twtter-qvf.com"), (.twitterURL, "twíttér.com"),
        (.facebookURL, "faceb00k.com"), (.facebookURL, "fаcebook.com"), (.facebookURL, "facebo0k.com"),
        (.facebookURL, "facebook.com.evil.example"), (.facebookURL, "facebook-com.evil.example"), (.facebookURL, "fb.com.evil.example"),
        (.facebookURL, "fаcеbооk.com"), (.facebookURL, "ƒacebook.com"),
        (.linkedinURL, "linkedln.com"), (.linkedinURL, "1inkedin.com"), (.linkedinURL, "lіnkedin.com"),
        (.linkedinURL, "linkedin.com.evil.example"), (.linkedinURL, "linkedin-com.evil.example"), (.linkedinURL, "linkedіn.com"),
        (.instagramURL, "instagrarn.com"), (.instagramURL, "lnstagram.com"), (.instagramURL, "іnstagram.com"),
        (.instagramURL, "instagram.com.evil.example"), (.instagramURL, "instagram-com.evil.example"), (.instagramURL, "1nstagram.com"),
        (.instagramURL, "instagrаm.com"),
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

    func testLookalikeHostsAreErrorsInTheirPlatformField() {
        for (field, host) in Self.lookalikes {
            let url = "https://\(host)\(Self.path(field))"
            XCTAssertFalse(errors(field, url).isEmpty, "\(field.rawValue) \(url) was accepted")
        }
    }

    func testLookalikeHostsAreLookalikeErrorsInOtherLinkFields() {
        // Not flagged outside their platform field (LookalikeDetector leaves typos alone, and its
        // skeleton maps `1` to `l` only, so `1` for `i` and `ƒ` for `f` are not look-alikes to
        // it); in their platform field they are errors (the test above).
        let typos: Set<String> = ["linkedln.com", "lnstagram.com", "tw1tter.com", "1nstagram.com", "ƒacebook.com"]
        for (field, host) in Self.lookalikes where !typos.contains(host) {
            for other in [Field.website, .supportURL, .avatarURL] {
                let url = "https://\(host)\(Self.path(field))"
                XCTAssertEqual(errors(other, url), ["url.lookalike"], "\(other.rawValue) \(url)")
            }
        }
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
        }
    }
}
