import Foundation

/// The report as one JSON document for scripts, schema version 1.
///
/// Members appear in this fixed order, and absent values are `null` (never left out):
///
/// - `version`: `1`; bumped only on incompatible changes.
/// - `tool`: `{name: "whocard", version}`.
/// - `file`: the export's path as given (`-` for standard input).
/// - `summary`: `{rows, accepted, rejected, users, links, errors, warnings}`.
/// - `findings`: every finding, file-level first, then by row in input order, each
///   `{severity, rule, user_id, file, line, column, field, value, message, hint}`.
/// - `rejected`: the rejected rows, `{line, user_id, rules}` where `rules` are the distinct
///   rule ids of the row's errors in order. Accepted rows are not listed.
///
/// - `links` (only after `--online`): one entry per distinct link, `{url, normalized, verdict,
///   http_status, final_url, elapsed_ms, attempts, detail, cached}`, plus `verified_at` (an ISO 8601
///   date), `verified_by` (the page that linked back) and `verified_for` (the cards it linked back
///   to) after `--verify`; an offline report has no `links` member.
///
/// `<`, `>` and `&` are written as `\u003c`-style escapes, so the document can be
/// embedded in HTML as it is.
public struct JSONReportFormatter: ReportFormatter {
    /// The `version` member; changes only when the schema changes incompatibly.
    public static let schemaVersion = 1

    public init() {}

    public func write(_ report: CheckReport, to sink: inout some TextSink) throws(FileWriteError) {
        try JSONValue.object(Self.members(for: report)).write(to: &sink)
    }

    /// The document's members in schema order, for documents that extend the report (the build report).
    static func members(for report: CheckReport) -> [(String, JSONValue)] {
        let s = report.summary
        var members: [(String, JSONValue)] = [
            ("version", .int(Self.schemaVersion)),
            ("tool", .object([("name", .string("whocard")), ("version", .string(report.toolVersion))])),
            ("file", .string(report.file)),
            (
                "summary",
                .object([
                    ("rows", .int(s.rows)), ("accepted", .int(s.accepted)), ("rejected", .int(s.rejected)),
                    ("users", .int(s.users)), ("links", .int(s.links)),
                    ("errors", .int(s.errors)), ("warnings", .int(s.warnings)),
                ])
            ),
            ("findings", .stream(report.findings, Self.json(for:))),
            (
                "rejected",
                .stream {
                    AnyIterator(report.rows.lazy.filter { !$0.accepted }.map(Self.json(forRejected:)).makeIterator())
                }
            ),
        ]
        if let links = report.links {
            let verified = report.linksVerified
            members.append(("links", .array(links.map { Self.json(forLink: $0, verified: verified) })))
        }
        return members
    }

    static func json(forLink link: LinkResult, verified: Bool = false) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("url", .string(link.url)),
            ("normalized", .string(link.normalized)),
            ("verdict", .string(link.verdict.rawValue)),
            ("http_status", .nullable(link.httpStatus)),
            ("final_url", .nullable(link.finalURL)),
            ("elapsed_ms", .int(link.elapsedMs)),
            ("attempts", .int(link.attempts)),
            ("detail", .string(link.detail)),
            ("cached", .bool(link.cached)),
        ]
        if verified {
            members.append(("verified_at", .nullable(link.verifiedAt.map(ISODate.day))))
            members.append(("verified_by", .nullable(link.verifiedBy)))
            members.append(("verified_for", .array((link.verifiedFor ?? []).map(JSONValue.string))))
        }
        return .object(members)
    }

    static func json(for f: Finding) -> JSONValue {
        .object([
            ("severity", .string(f.severity.rawValue)),
            ("rule", .string(f.rule)),
            ("user_id", .nullable(f.userID)),
            ("file", .string(f.file)),
            ("line", .int(f.line)),
            ("column", .nullable(f.column)),
            ("field", .nullable(f.field)),
            ("value", .nullable(f.value)),
            ("message", .string(f.message)),
            ("hint", .string(f.hint)),
        ])
    }

    static func json(forRejected row: RowOutcome) -> JSONValue {
        var rules: [String] = []
        for finding in row.findings where finding.severity == .error && !rules.contains(finding.rule) {
            rules.append(finding.rule)
        }
        return .object([
            ("line", .int(row.line)),
            ("user_id", .nullable(row.userID)),
            ("rules", .array(rules.map(JSONValue.string))),
        ])
    }
}
