@testable import WhoCardKit

/// Reports shared by the report tests: a realistic export with hostile values.
enum ReportSamples {
    static let file = "exports/examples.csv"

    /// Eight rows: clean, warned, broken links, an invalid id, a malformed row without id,
    /// hostile values (quotes, HTML, `|`, line breaks, `%`, `::`, backticks, ANSI escapes,
    /// bidi overrides, NUL, non-ASCII) and a duplicate id.
    static let mixed = CheckReport(
        file: file,
        toolVersion: "0.1.0",
        fileFindings: [
            finding(
                .warning, "input.unknown-columns", nil, line: 1, value: "nickname, shoe|size",
                message: "The export has columns whocard does not use: nickname, shoe|size.")
        ],
        rows: [
            RowOutcome(
                line: 2, userID: "alice", accepted: true,
                findings: [
                    finding(
                        .warning, "url.insecure", "alice", line: 2, column: 88, field: "website",
                        value: "http://alice.example/", message: "The website uses http:// instead of https://.")
                ], links: 5),
            RowOutcome(
                line: 3, userID: "bob", accepted: true,
                findings: [
                    finding(
                        .error, "url.userinfo", "bob", line: 3, column: 41, field: "twitter_url",
                        value: "https://x.com@evil.example/bob",
                        message: "The Twitter URL has a user name before the host; it really leads to evil.example."),
                    finding(
                        .warning, "linkedin.company", "bob", line: 3, column: 73, field: "linkedin_url",
                        value: "https://www.linkedin.com/company/bobs-bikes",
                        message: "The LinkedIn URL is a company page, not a personal profile."),
                ], links: 4),
            RowOutcome(
                line: 4, userID: "../etc/passwd", accepted: false,
                findings: [
                    finding(
                        .error, "id.invalid", "../etc/passwd", line: 4, column: 1, field: "id",
                        value: "../etc/passwd", message: "The user id cannot be used as a file name.")
                ], links: 2),
            RowOutcome(
                line: 5, userID: "chloé", accepted: true,
                findings: [
                    finding(
                        .error, "url.characters", "chloé", line: 5, column: 30, field: "website",
                        value: "https://chloé.example/\"><script>alert(1)</script>|x",
                        message: "The URL contains quotes or angle brackets."),
                    finding(
                        .error, "url.characters", "chloé", line: 5, column: 95, field: "facebook_url",
                        value: "https://facebook.com/chloe\n::error file=x::pwned\r\n| injected | row |",
                        message: "The URL contains line breaks."),
                    finding(
                        .error, "support.syntax", "chloé", line: 5, column: 140, field: "support_url",
                        value: "100%0A::warning::%25 `code` ``fence``",
                        message: "The support channel is not a web address, mailto: or tel: link."),
                    finding(
                        .error, "url.characters", "chloé", line: 5, column: 190, field: "instagram_url",
                        value: "https://instagram.com/\u{1B}[31mred\u{1B}[0m\u{202E}gpj.exe\u{0}",
                        message: "The URL contains control characters."),
                ], links: 4),
            RowOutcome(
                line: 6, userID: nil, accepted: false,
                findings: [
                    finding(
                        .error, "row.field-count", nil, line: 6,
                        message: "The row has 3 fields; the header has 16.")
                ], links: 0),
            RowOutcome(line: 7, userID: "dave", accepted: true, findings: [], links: 6),
            RowOutcome(
                line: 9, userID: "bob", accepted: false,
                findings: [
                    finding(
                        .error, "id.duplicate", "bob", line: 9, column: 1, field: "id", value: "bob",
                        message: "The user id bob already appeared on line 3.")
                ], links: 3),
        ]
    )

    /// An export without findings.
    static let clean = CheckReport(
        file: "clean.json", toolVersion: "0.1.0",
        rows: [
            RowOutcome(line: 2, userID: "alice", accepted: true, findings: [], links: 3),
            RowOutcome(line: 3, userID: "bob", accepted: true, findings: [], links: 1),
        ]
    )

    /// A finding with the rule catalog's hint.
    static func finding(
        _ severity: Severity, _ rule: String, _ userID: String?, line: Int, column: Int? = nil,
        field: String? = nil, value: String? = nil, message: String
    ) -> Finding {
        Finding(
            severity: severity, rule: rule, userID: userID, file: file, line: line, column: column,
            field: field, value: value, message: message, hint: Rule.named(rule)?.hint ?? ""
        )
    }
}
