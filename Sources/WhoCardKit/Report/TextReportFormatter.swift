import Dispatch

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
        // Each row's lines are appended to one buffer (a report can hold a million rows).
        var out = ReportText()
        if !report.fileFindings.isEmpty {
            append(.bold, VisibleText.escaped(report.file), to: &out)
            out.append("\n")
            for finding in report.fileFindings { appendLines(for: finding, to: &out) }
            out.append("\n")
            try sink.append(out.text)
        }
        // Rows are read in order and written in order, a batch at a time, each batch's text
        // made on every core: a million rows with findings would otherwise leave all but
        // one core idle at the end of a check.
        var batch: [RowOutcome] = []
        batch.reserveCapacity(Self.batchRows)
        for row in report.rows where !row.accepted || !row.findings.isEmpty {
            batch.append(row)
            if batch.count == Self.batchRows {
                try write(batch, to: &sink)
                batch.removeAll(keepingCapacity: true)
            }
        }
        try write(batch, to: &sink)
        out.removeAll(keepingCapacity: true)
        appendSummary(report.summary, to: &out)
        out.append("\n")
        try sink.append(out.text)
    }

    /// Rows a batch holds: enough for each core to have several parts to take.
    private static let batchRows = 8_192
    /// Rows a part of a batch holds: the text one thread makes at a time.
    private static let partRows = 512

    /// Writes the text of `rows`, made in parts on every core, in order.
    private func write(_ rows: [RowOutcome], to sink: inout some TextSink) throws(FileWriteError) {
        let parts = stride(from: 0, to: rows.count, by: Self.partRows).map { $0..<min($0 + Self.partRows, rows.count) }
        let texts = IndexedResults<String>.map(parts.count, jobs: parts.count) { part in
            var out = ReportText()
            for row in rows[parts[part]] {
                appendHeader(for: row, to: &out)
                out.append("\n")
                for finding in row.findings { appendLines(for: finding, to: &out) }
                out.append("\n")
            }
            return out.text
        }
        for text in texts { try sink.append(text) }
    }

    private func appendHeader(for row: RowOutcome, to out: inout ReportText) {
        if let userID = row.userID {
            append(.bold, VisibleText.escaped(userID), to: &out)
            out.append(" (line ")
            out.append(String(row.line))
            out.append(")")
        } else {
            append(.bold, "line " + String(row.line), to: &out)
            out.append(" (no user id)")
        }
        if !row.accepted {
            out.append(": ")
            append(.red, "rejected", to: &out)
        }
    }

    private func appendLines(for finding: Finding, to out: inout ReportText) {
        out.append("  ")
        out.append(finding.location)
        out.append(": ")
        switch finding.severity {
        case .error: append(.boldRed, "error:", to: &out)
        case .warning: append(.boldYellow, "warning:", to: &out)
        }
        out.append(" [")
        out.append(VisibleText.escaped(finding.rule))
        out.append("] ")
        if let field = finding.field {
            out.append(VisibleText.escaped(field))
            out.append(": ")
        }
        out.append(VisibleText.escaped(finding.message))
        out.append("\n")
        if let value = finding.value {
            out.append("    ")
            append(.dim, "value:", to: &out)
            out.append(" ")
            out.append(VisibleText.quoted(value))
            out.append("\n")
        }
        if !finding.hint.isEmpty {
            out.append("    ")
            append(.cyan, "fix:", to: &out)
            out.append(" ")
            out.append(VisibleText.escaped(finding.hint))
            out.append("\n")
        }
    }

    private func appendSummary(_ summary: CheckSummary, to out: inout ReportText) {
        let colour: ANSIStyle = summary.errors > 0 ? .boldRed : summary.warnings > 0 ? .boldYellow : .boldGreen
        append(colour, summary.sentence, to: &out)
    }

    private enum ANSIStyle: String {
        case bold = "1", dim = "2", red = "31", cyan = "36"
        case boldRed = "1;31", boldYellow = "1;33", boldGreen = "1;32"
    }

    private func append(_ style: ANSIStyle, _ text: String, to out: inout ReportText) {
        guard options.color else { return out.append(text) }
        out.append("\u{1B}[")
        out.append(style.rawValue)
        out.append("m")
        out.append(text)
        out.append("\u{1B}[0m")
    }
}

/// Text being made, as UTF-8 bytes: appending to a `String` costs several times as much per
/// piece, and a report of a million findings appends twenty pieces each.
private struct ReportText {
    private var bytes: [UInt8] = []

    mutating func append(_ piece: String) { bytes.append(contentsOf: piece.utf8) }

    mutating func removeAll(keepingCapacity: Bool) { bytes.removeAll(keepingCapacity: keepingCapacity) }

    var text: String { String(decoding: bytes, as: UTF8.self) }
}
