import XCTest
@testable import WhoCardKit

/// Verdicts become findings on the user's row and appear in every report format.
final class LinkReportTests: XCTestCase {
    func makeReport(severities: VerdictSeverities = VerdictSeverities()) -> CheckReport {
        var report = CheckReport(
            file: "export.csv",
            rows: [
                RowOutcome(line: 2, userID: "alice", accepted: true, findings: [], links: 2),
                RowOutcome(line: 3, userID: "bob", accepted: true, findings: [], links: 1),
            ])
        let linkedin = ValidLink(
            original: "linkedin.com/in/alice", normalized: "https://linkedin.com/in/alice", display: "")
        let site = ValidLink(original: "https://alice.example/", normalized: "https://alice.example", display: "")
        let occurrences = [
            LinkOccurrence(userID: "alice", line: 2, field: .linkedinURL, link: linkedin),
            LinkOccurrence(userID: "alice", line: 2, field: .website, link: site),
            LinkOccurrence(userID: "bob", line: 3, field: .website, link: site),
        ]
        let results = [
            LinkResult(
                url: "linkedin.com/in/alice", normalized: "https://linkedin.com/in/alice", verdict: .blocked,
                httpStatus: 999,
                finalURL: "http://127.0.0.5:8080/linkedin/alice", elapsedMs: 7, attempts: 2,
                detail: "HTTP 999: bot protection, not verified"),
            LinkResult(
                url: "https://alice.example/", normalized: "https://alice.example", verdict: .broken, httpStatus: 404,
                finalURL: "https://alice.example", elapsedMs: 3, attempts: 2, detail: "HTTP 404"),
        ]
        report.attachLinks(results, occurrences: occurrences, severities: severities)
        return report
    }

    func testEachOccurrenceGetsAFindingWithItsVerdictsSeverity() {
        let report = makeReport()
        XCTAssertEqual(report.summary.errors, 2, "the broken website, on both rows")
        XCTAssertEqual(report.summary.warnings, 1)
        XCTAssertEqual(Array(report.rows)[0].findings.map(\.rule), ["link.blocked", "link.broken"])
        XCTAssertEqual(
            Array(report.rows)[1].findings,
            [
                Finding(
                    severity: .error, rule: "link.broken", userID: "bob", file: "export.csv", line: 3, field: "website",
                    value: "https://alice.example/", message: "The link is broken: HTTP 404",
                    hint: Rule.named("link.broken")!.hint)
            ])
        XCTAssertEqual(
            Array(report.rows)[0].findings[0].message,
            "The site blocked the check: HTTP 999: bot protection, not verified (last URL http://127.0.0.5:8080/linkedin/alice)"
        )
        XCTAssertTrue(report.rows.allSatisfy(\.accepted), "a dead link does not reject the row")
    }

    func testSeverityOverrides() throws {
        var severities = VerdictSeverities()
        try severities.apply("broken=ignore")
        try severities.apply("blocked=error")
        let report = makeReport(severities: severities)
        XCTAssertEqual(report.findings.map(\.rule), ["link.blocked"])
        XCTAssertEqual(report.summary.errors, 1)
        XCTAssertThrowsError(try severities.apply("dead=error")) { error in
            XCTAssertEqual(
                "\(error)",
                "--verdict-severity: 'dead=error' is not VERDICT=error|warning|ignore with a verdict of ok, broken, blocked, login_required, rate_limited, timeout, unreachable, refused"
            )
        }
        XCTAssertThrowsError(try severities.apply("broken=fatal"))
    }

    func testJSONListsTheLinksOnlyWhenOnline() throws {
        let online = JSONReportFormatter().format(makeReport())
        XCTAssertTrue(
            online.contains(
                """
                "links": [
                """), online)
        XCTAssertTrue(
            online.contains(
                """
                      "url": "linkedin.com/in/alice",
                      "normalized": "https://linkedin.com/in/alice",
                      "verdict": "blocked",
                      "http_status": 999,
                      "final_url": "http://127.0.0.5:8080/linkedin/alice",
                      "elapsed_ms": 7,
                """), online)
        let offline = JSONReportFormatter().format(CheckReport(file: "export.csv"))
        XCTAssertFalse(offline.contains("\"links\": ["), offline)
    }

    func testMarkdownHasALinksTable() {
        let markdown = MarkdownReportFormatter().format(makeReport())
        XCTAssertTrue(
            markdown.hasSuffix(
                """

                #### Links

                | Verdict | Link | HTTP | Last URL | Time | Detail |
                | --- | --- | ---: | --- | ---: | --- |
                | blocked | `https://linkedin.com/in/alice` | 999 | `http://127.0.0.5:8080/linkedin/alice` | 7 ms | HTTP 999: bot protection, not verified |
                | broken | `https://alice.example` | 404 |  | 3 ms | HTTP 404 |

                """), markdown)
        XCTAssertFalse(MarkdownReportFormatter().format(CheckReport(file: "x.csv")).contains("#### Links"))
    }

    func testSARIFListsLinkRulesOnlyWhenOnline() {
        let online = SARIFReportFormatter().format(makeReport())
        XCTAssertTrue(online.contains("\"ruleId\": \"link.broken\""))
        XCTAssertTrue(online.contains("\"id\": \"link.refused\""))
        XCTAssertFalse(SARIFReportFormatter().format(CheckReport(file: "x.csv")).contains("\"id\": \"link."))
    }

    func testGitHubAndJUnitShowTheFindings() {
        let report = makeReport()
        XCTAssertTrue(GitHubReportFormatter().format(report).contains("link.broken"))
        let junit = JUnitReportFormatter().format(report)
        XCTAssertTrue(junit.contains("<failure type=\"link.broken\""), junit)
    }

    func testProfilesListTheirWebLinksInFieldOrder() {
        let link = { (s: String) in ValidLink(original: s, normalized: "https://" + s, display: s) }
        let profile = ValidatedProfile(
            id: "u1", line: 4, avatar: link("img.example/a.png"),
            social: [SocialLink(platform: .linkedin, link: link("linkedin.com/in/u1"), handle: "u1")],
            website: link("u1.example"), support: .web(link("help.example")))
        XCTAssertEqual(profile.linkOccurrences.map(\.field), [.avatarURL, .linkedinURL, .website, .supportURL])
        XCTAssertEqual(ValidatedProfile(id: "u2", line: 5, support: .email("a@b.example")).linkOccurrences, [])
    }
}
