import Foundation
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

    /// A platform's own host and its subdomains (which only the platform can create) imitate
    /// nothing, even when a subdomain spells another platform's name; the same names under
    /// anyone else's domain still do.
    func testAPlatformsOwnSubdomainsImitateNothing() {
        let detector = LookalikeDetector.platforms
        func host(_ text: String) -> HostName {
            guard case .success(let host) = HostName.parse(Substring(text)) else { preconditionFailure(text) }
            return host
        }
        for own in [
            "twitter.com", "mobile.twitter.com", "uk.linkedin.com", "facebook.com.twitter.com", "m.facebook.com",
        ] {
            XCTAssertNil(detector.match(host(own)), own)
        }
        for lookalike in ["facebook.com.twitter.com.evil.example", "twitter.com.evil.example", "tw1tter.com"] {
            XCTAssertNotNil(detector.match(host(lookalike)), lookalike)
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

    /// Combining marks a look-alike may carry: macron, ogonek, acute, circumflex, caron, dot
    /// above, dot below, grave, tilde, diaeresis, ring, cedilla, breve, double acute, hook above,
    /// horn, stroke overlay and comma below.
    static let marks: [Unicode.Scalar] = [
        "\u{0304}", "\u{0328}", "\u{0301}", "\u{0302}", "\u{030C}", "\u{0307}", "\u{0323}", "\u{0300}",
        "\u{0303}", "\u{0308}", "\u{030A}", "\u{0327}", "\u{0306}", "\u{030B}", "\u{0309}", "\u{031B}",
        "\u{0335}", "\u{0326}",
    ]

    /// Each platform host with one letter carrying a diacritic (the marks taken in turn), written
    /// precomposed (NFC) and with a combining mark (NFD, not NFC), and the same in a subdomain.
    static var accentedLookalikes: [(Field, String)] {
        let platforms: [(Field, String)] = [
            (.twitterURL, "twitter.com"), (.twitterURL, "x.com"), (.facebookURL, "facebook.com"),
            (.facebookURL, "fb.com"), (.linkedinURL, "linkedin.com"), (.instagramURL, "instagram.com"),
        ]
        var hosts: [(Field, String)] = []
        var next = 0
        for (field, host) in platforms {
            let name = host.prefix { $0 != "." }
            for position in name.indices {
                let mark = marks[next % marks.count]
                next += 1
                var letter = String(name[position])
                letter.unicodeScalars.append(mark)
                let combining = String(name[..<position]) + letter + String(name[name.index(after: position)...])
                let tail = String(host.dropFirst(name.count))
                hosts.append((field, combining + tail))
                // Swift compares strings by canonical equivalence: compare the scalars.
                let composed = (combining + tail).precomposedStringWithCanonicalMapping
                if !composed.unicodeScalars.elementsEqual((combining + tail).unicodeScalars) {
                    hosts.append((field, composed))
                }
                if position == name.startIndex { hosts.append((field, "www." + combining + tail)) }
            }
        }
        // Letters with a stroke or hook that no canonical decomposition takes apart.
        hosts += [
            (.twitterURL, "ŧwitter.com"), (.twitterURL, "twɨtter.com"), (.facebookURL, "facebøøk.com"),
            (.facebookURL, "faceƀook.com"), (.facebookURL, "ƒacebook.com"), (.linkedinURL, "linkeđin.com"),
            (.linkedinURL, "łinkedin.com"), (.instagramURL, "ɨnstagram.com"), (.instagramURL, "instagraɱ.com"),
            (.twitterURL, "twitteɍ.com"), (.instagramURL, "ınstagram.com"),
        ]
        return hosts
    }

    func testAccentedLookalikesAreErrorsInEveryLinkField() {
        let hosts = Self.accentedLookalikes
        XCTAssertGreaterThanOrEqual(hosts.count, 69)
        for (field, host) in hosts {
            for target in [field, .website, .supportURL, .avatarURL] {
                let url = "https://\(host)\(Self.path(field))"
                XCTAssertEqual(errors(target, url), ["url.lookalike"], "\(target.rawValue) \(url.debugDescription)")
                // The same host as Punycode, as a browser would send it.
                if let ascii = try? HostName.parse(Substring(host)).get().ascii {
                    XCTAssertEqual(
                        errors(target, "https://\(ascii)\(Self.path(field))"), ["url.lookalike"],
                        "\(target.rawValue) \(ascii)")
                }
            }
        }
    }

    func testHonestAccentedHostsAreAccepted() {
        for host in ["café.example", "müller.de", "bücher.example", "façade.example", "señor.example", "пример.рф"] {
            for field in [Field.website, .supportURL, .avatarURL] {
                XCTAssertEqual(errors(field, "https://\(host)/acme"), [], "\(field.rawValue) \(host)")
            }
        }
    }

    /// Dot segments (`.`, `..`, also percent-encoded) are where a browser goes up a folder, never
    /// a profile: `https://instagram.com/..` is not the profile `@..`.
    func testDotSegmentsAreNotProfiles() {
        let cases: [(Field, String)] = [
            (.instagramURL, "https://instagram.com/.."), (.instagramURL, "https://instagram.com/."),
            (.instagramURL, "https://www.instagram.com/%2e%2e"), (.instagramURL, "https://instagram.com/.%2E/"),
            (.instagramURL, "https://instagram.com/..."), (.facebookURL, "https://facebook.com/.."),
            (.facebookURL, "https://facebook.com/%2E"), (.linkedinURL, "https://linkedin.com/in/%2e%2e"),
            (.linkedinURL, "https://linkedin.com/in/.."), (.twitterURL, "https://x.com/.."),
        ]
        for (field, url) in cases {
            let outcome = ProfileValidator().validate(ProfileRecord([.id: "u1", field: url]), file: "t")
            let fieldErrors = outcome.findings.filter { $0.severity == .error && $0.field == field.rawValue }
            XCTAssertFalse(fieldErrors.isEmpty, "\(url) is accepted as a profile")
            if case .accepted(let profile) = outcome {
                XCTAssertTrue(profile.social.isEmpty, "\(url) -> \(profile.social.map(\.handle))")
            }
        }
    }
}
