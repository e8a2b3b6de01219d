/// The default report for people at a terminal: findings grouped by user, each with a
/// jumpable `file:line:column:` location, the offending value, the fix, and a summary line.
///
/// ```
/// alice (line 2)
///   examples.csv:2:41: error: [url.userinfo] twitter_url: A URL has a user name …
///     value: "https://x.com@evil.example/alice"
///     fix: Remove everything between '//' and '@'.
///
/// 3 rows: 2 accepted, 1 rejected; 7 links; 1 error, 0 warnings
/// ```
///
/// Rows without findings are left out. Values are quoted with control and bidi characters
/// escaped, so a hostile value cannot move the cursor or recolour the terminal.
public struct TextReportFormatter: ReportFormatter {
    public var options: ReportOptions

    public init(options: ReportOptions = ReportOptions()) {
        self.options = options
    }

    public func write(_ report: CheckReport, to sink: inout some TextSink) throws(FileWriteError) {
        if !report.fileFindings.isEmpty {
            var out = style(.bold, VisibleText.escaped(report.file)) + "\n"
            for finding in report.fileFindings { out += lines(for: finding) }
            try sink.append(out + "\n")
        }
        for row in report.rows where !row.accepted || !row.findings.isEmpty {
            var out = header(for: row) + "\n"
            for finding in row.findings { out += lines(for: finding) }
            try sink.append(out + "\n")
        }
        try sink.append(summaryLine(report.summary) + "\n")
    }

    private func header(for row: RowOutcome) -> String {
        let name =
            row.userID.map { style(.bold, VisibleText.escaped($0)) + " (line \(row.line))" }
            ?? style(.bold, "line \(row.line)") + " (no user id)"
        return row.accepted ? name : name + ": " + style(.red, "rejected")
    }

    private func lines(for finding: Finding) -> String {
        let severity =
            switch finding.severity {
            case .error: style(.boldRed, "error:")
            case .warning: style(.boldYellow, "warning:")
            }
        let field = finding.field.map { VisibleText.escaped($0) + ": " } ?? ""
        var out =
            "  \(finding.location): \(severity) [\(VisibleText.escaped(finding.rule))] "
            + field + VisibleText.escaped(finding.message) + "\n"
        if let value = finding.value {
            out += "    " + style(.dim, "value:") + " " + VisibleText.quoted(value) + "\n"
        }
        if !finding.hint.isEmpty {
            out += "    " + style(.cyan, "fix:") + " " + VisibleText.escaped(finding.hint) + "\n"
        }
        return out
    }

    private func summaryLine(_ summary: CheckSummary) -> String {
        let text = summary.sentence
        guard options.color else { return text }
        let colour: ANSIStyle = summary.errors > 0 ? .boldRed : summary.warnings > 0 ? .boldYellow : .boldGreen
        return style(colour, text)
    }

    private enum ANSIStyle: String {
        case bold = "1", dim = "2", red = "31", cyan = "36"
        case boldRed = "1;31", boldYellow = "1;33", boldGreen = "1;32"
    }

    private func style(_ style: ANSIStyle, _ text: String) -> String {
        options.color ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }
}
