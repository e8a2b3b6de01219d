import XCTest
@testable import WhoCardKit

final class LinkedInRuleTests: XCTestCase {
    func testPersonalProfiles() {
        for (value, handle, normalized) in [
            ("https://linkedin.com/in/alice-smith", "alice-smith", "https://linkedin.com/in/alice-smith"),
            (
                "https://www.linkedin.com/in/alice-smith-4b2a1/", "alice-smith-4b2a1",
                "https://linkedin.com/in/alice-smith-4b2a1"
            ),
            ("https://uk.linkedin.com/in/alice", "alice", "https://linkedin.com/in/alice"),
            ("https://DE.LinkedIn.com/IN/Jörg?trk=x", "Jörg", "https://linkedin.com/in/J%C3%B6rg"),
            ("https://linkedin.com/in/j%C3%B6rg", "jörg", "https://linkedin.com/in/j%C3%B6rg"),
        ] {
            let outcome = V.row([.linkedinURL: value])
            XCTAssertEqual(outcome.findings, [], value)
            XCTAssertEqual(outcome.profile?.social.first?.handle, handle, value)
            XCTAssertEqual(outcome.profile?.social.first?.link.normalized, normalized, value)
        }
        XCTAssertEqual(
            V.social(.linkedinURL, "https://linkedin.com/in/j%C3%B6rg")?.link.display, "linkedin.com/in/jörg")
    }

    func testCompanyPageIsAWarningAndKept() {
        let outcome = V.row([.linkedinURL: "https://www.linkedin.com/company/acme-inc/"])
        XCTAssertEqual(outcome.profile?.social.first?.handle, "acme-inc")
        XCTAssertEqual(outcome.profile?.social.first?.link.normalized, "https://linkedin.com/company/acme-inc")
        XCTAssertEqual(outcome.findings.map(\.severity), [.warning])
        XCTAssertEqual(
            outcome.findings.map { Problem($0.rule, $0.message) },
            [
                Problem(
                    "linkedin.company",
                    "linkedin_url points to a company page (linkedin.com/company/acme-inc), not a personal profile")
            ])
    }

    func testOtherPathsAreNotProfiles() {
        XCTAssertEqual(
            V.problems(.linkedinURL, "https://www.linkedin.com/feed/"),
            [
                Problem(
                    "linkedin.profile",
                    "linkedin_url points to linkedin.com/feed, not a personal profile; expected https://linkedin.com/in/yourusername"
                )
            ])
        XCTAssertEqual(
            V.problems(.linkedinURL, "https://linkedin.com/in/"),
            [
                Problem(
                    "linkedin.profile",
                    "linkedin_url has no name after /in/; expected https://linkedin.com/in/yourusername")
            ])
        XCTAssertEqual(
            V.problems(.linkedinURL, "https://linkedin.com/in/alice/details/skills"),
            [
                Problem(
                    "linkedin.profile",
                    "linkedin_url points to a page below the profile (linkedin.com/in/alice/details/skills); use https://linkedin.com/in/alice"
                )
            ])
        XCTAssertEqual(
            V.problems(.linkedinURL, "https://linkedin.com/in/alice.smith"),
            [
                Problem(
                    "linkedin.profile",
                    "linkedin_url name 'alice.smith' is not valid; LinkedIn names are letters, digits, - or _")
            ])
        XCTAssertEqual(
            V.problems(.linkedinURL, "https://linkedin.com"),
            [
                Problem(
                    "linkedin.profile",
                    "linkedin_url has no profile after the host; expected https://linkedin.com/in/yourusername")
            ])
    }

    func testWrongSite() {
        XCTAssertEqual(
            V.problems(.linkedinURL, "https://lnkd.in/abc"),
            [
                Problem(
                    "linkedin.host", "linkedin_url points to lnkd.in; expected linkedin.com")
            ])
        XCTAssertEqual(
            V.problems(.linkedinURL, "https://careers.linkedin.com/in/alice"),
            [
                Problem(
                    "linkedin.host", "linkedin_url points to careers.linkedin.com; expected linkedin.com")
            ])
        XCTAssertEqual(
            V.problems(.linkedinURL, "alice-smith"),
            [
                Problem(
                    "url.scheme", "linkedin_url is not a web address; it must start with https://")
            ])
    }
}
