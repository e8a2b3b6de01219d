import XCTest
@testable import WhoCardKit

final class ProfileValidatorTests: XCTestCase {
    func testFullRowIsAcceptedWithNormalisedValues() {
        let record = ProfileRecord(
            line: 4,
            [
                .id: "u-42", .name: "  Alice Smith ", .provider: "Acme Support",
                .avatarURL: "https://cdn.example.com/alice.png",
                .twitterURL: "https://twitter.com/alice", .facebookURL: "",
                .linkedinURL: "https://www.linkedin.com/in/alice-smith/",
                .instagramURL: "   ", .email: "alice@example.com", .phone: "+1 555 010 0199",
                .website: "https://alice.example",
                .supportURL: "mailto:help@acme.example", .supportHours: "Mon–Fri 9–17 CET", .bio: "I *fix* things.\n",
            ])
        XCTAssertEqual(
            ProfileValidator().validate(record, file: "export.csv"),
            .accepted(
                ValidatedProfile(
                    id: "u-42", line: 4, name: "Alice Smith", provider: "Acme Support",
                    avatar: ValidLink(
                        original: "https://cdn.example.com/alice.png", normalized: "https://cdn.example.com/alice.png",
                        display: "cdn.example.com/alice.png"),
                    social: [
                        SocialLink(
                            platform: .twitter,
                            link: ValidLink(
                                original: "https://twitter.com/alice", normalized: "https://x.com/alice",
                                display: "x.com/alice"), handle: "alice"),
                        SocialLink(
                            platform: .linkedin,
                            link: ValidLink(
                                original: "https://www.linkedin.com/in/alice-smith/",
                                normalized: "https://linkedin.com/in/alice-smith",
                                display: "linkedin.com/in/alice-smith"), handle: "alice-smith"),
                    ],
                    email: "alice@example.com", phone: "+1 555 010 0199",
                    website: ValidLink(
                        original: "https://alice.example", normalized: "https://alice.example", display: "alice.example"
                    ),
                    support: .email("help@acme.example"), supportHours: "Mon–Fri 9–17 CET", bio: "I *fix* things.",
                    findings: [])))
    }

    func testFindingsCarryRowFieldValueAndHint() {
        let record = ProfileRecord(
            line: 9, [.id: "u7", .twitterURL: " twitter.com/alice ", .website: "http://alice.example"])
        let outcome = ProfileValidator().validate(record, file: "data/export.csv")
        XCTAssertEqual(
            outcome.findings,
            [
                Finding(
                    severity: .error, rule: "url.scheme", userID: "u7", file: "data/export.csv", line: 9,
                    field: "twitter_url",
                    value: "twitter.com/alice",
                    message:
                        "twitter_url does not start with http:// or https://; did you mean https://twitter.com/alice?",
                    hint:
                        "Start the URL with https://. Copy the URL from your browser's address bar while viewing your profile."
                ),
                Finding(
                    severity: .warning, rule: "url.insecure", userID: "u7", file: "data/export.csv", line: 9,
                    field: "website",
                    value: "http://alice.example", message: "website uses http://; use https://alice.example instead",
                    hint: "Use https:// so customers reach the page securely."),
            ])
        let profile = outcome.profile
        XCTAssertEqual(profile?.social, [], "a field with an error is dropped")
        XCTAssertEqual(profile?.website?.normalized, "https://alice.example", "a warning keeps the value")
    }

    func testEveryPlatformErrorDropsOnlyThatLink() {
        let outcome = V.row([
            .twitterURL: "https://x.com/alice", .facebookURL: "https://facebook.com/groups/1",
            .instagramURL: "https://instagram.com/alice",
        ])
        XCTAssertEqual(outcome.profile?.social.map(\.platform), [.twitter, .instagram])
        XCTAssertEqual(outcome.findings.map(\.rule), ["facebook.profile"])
    }

    func testLongTextIsShortenedWithAWarning() {
        let name = String(repeating: "é", count: 205)
        let bio = String(repeating: "b", count: 4001)
        let outcome = V.row([.name: name, .bio: bio])
        XCTAssertEqual(outcome.profile?.name, String(repeating: "é", count: 200))
        XCTAssertEqual(outcome.profile?.bio?.count, 4001, "the bio is kept whole; the renderer cuts it at a paragraph")
        XCTAssertEqual(
            outcome.findings.map { Problem($0.rule, $0.message) },
            [
                Problem("text.length", "name is 205 characters long and was shortened to 200"),
                Problem(
                    "bio.length", "bio is 4,001 characters long; the card shows the whole paragraphs that fit in 4,000"),
            ])
        XCTAssertEqual(outcome.findings.map(\.severity), [.warning, .warning])
    }

    func testEmittedRulesAreInTheCatalog() {
        let outcome = V.row([
            .twitterURL: "https://x.com/home", .facebookURL: "https://facebook.com/",
            .linkedinURL: "https://linkedin.com/company/a",
            .instagramURL: "https://instagram.com/p/1", .email: "x", .phone: "1", .website: "http://a.example",
            .supportURL: "nope", .avatarURL: "https://twitter.com.evil.example",
            .name: String(repeating: "n", count: 300),
        ])
        XCTAssertEqual(outcome.findings.count, 10)
        for finding in outcome.findings {
            let rule = Rule.named(finding.rule)
            XCTAssertNotNil(rule, finding.rule)
            XCTAssertEqual(finding.hint, rule?.hint, finding.rule)
            XCTAssertEqual(finding.severity, rule?.severity, finding.rule)
        }
    }

}
