/// The report as GitHub-flavoured Markdown, for `$GITHUB_STEP_SUMMARY` or a pull-request comment:
/// a heading, the summary line, the rejected rows, a table of findings, the fixes per rule and,
/// after `--online`, a table of link verdicts.
///
/// Values, user ids, fields and rule ids are code spans; messages are escaped text. Pipes,
/// backticks, line breaks and HTML in a value can neither break out of its cell nor inject
/// markup.
public struct MarkdownReportFormatter: ReportFormatter {
    public init() {}

    public func write(_ report: CheckReport, to sink: inout some TextSink) throws(FileWriteError) {
        let summary = report.summary
        try sink.append(
            "### whocard check: " + Self.code(report.file, inTable: false) + "\n\n" + summary.sentence + "\n")

        if summary.rejected > 0 {
            var separator = "\nRejected rows: "
            for row in report.rows where !row.accepted {
                try sink.append(
                    separator + "line \(row.line)"
                        + (row.userID.map { " (" + Self.code($0, inTable: false) + ")" } ?? ""))
                separator = ", "
            }
            try sink.append(".\n")
        }

        guard summary.errors + summary.warnings > 0 else {
            try sink.append("\nNo findings.\n" + Self.linksTable(report.links))
            return
        }

        try sink.append(
            "\n| Severity | User | Line | Field | Value | Rule | Message |\n| --- | --- | ---: | --- | --- | --- | --- |\n"
        )
        var fixes: [(rule: String, hint: String)] = []
        var known: Set<[String]> = []
        for f in report.findings {
            let location: String = f.column.map { "\(f.line):\($0)" } ?? String(f.line)
            let cells: [String] = [
                f.severity.rawValue,
                f.userID.map { Self.code($0) } ?? "",
                location,
                f.field.map { Self.code($0) } ?? "",
                f.value.map { Self.code($0) } ?? "",
                Self.code(f.rule),
                Self.text(f.message),
            ]
            try sink.append("| " + cells.joined(separator: " | ") + " |\n")
            if !f.hint.isEmpty && known.insert([f.rule, f.hint]).inserted { fixes.append((f.rule, f.hint)) }
        }
        if !fixes.isEmpty {
            var out = "\n#### How to fix\n\n"
            for fix in fixes {
                out += "- " + Self.code(fix.rule, inTable: false) + ": " + Self.text(fix.hint) + "\n"
            }
            try sink.append(out)
        }
        try sink.append(Self.linksTable(report.links))
    }

    /// The online check's verdicts, one row per distinct link (nothing for an offline check).
    static func linksTable(_ links: [LinkResult]?) -> String {
        guard let links else { return "" }
        var out = "\n#### Links\n\n"
        guard !links.isEmpty else { return out + "No links to check.\n" }
        out += "| Verdict | Link | HTTP | Last URL | Time | Detail |\n"
        out += "| --- | --- | ---: | --- | ---: | --- |\n"
        for link in links {
            let cells: [String] = [
                link.verdict.rawValue,
                code(link.normalized),
                link.httpStatus.map(String.init) ?? "",
                link.finalURL.map { $0 == link.normalized ? "" : code($0) } ?? "",
                link.cached ? "cached" : "\(link.elapsedMs) ms",
                text(link.detail),
            ]
            out += "| " + cells.joined(separator: " | ") + " |\n"
        }
        return out
    }

    /// A code span holding `raw` exactly (controls made visible). In a table, `|` is written
    /// `\|`, which GitHub's table parser turns back into `|` inside the span.
    static func code(_ raw: String, inTable: Bool = true) -> String {
        var content = VisibleText.escaped(raw)
        if inTable { content = content.replacingScalars { $0 == "|" ? "\\|" : nil } }
        guard !content.isEmpty else { return "*(empty)*" }
        var longest = 0, run = 0
        for scalar in content.unicodeScalars {
            run = scalar == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let scalars = content.unicodeScalars
        let allSpaces = scalars.allSatisfy { $0 == " " }
        let edges: Set<Unicode.Scalar> = ["`", " "]
        let pad = !allSpaces && (scalars.first.map(edges.contains) == true || scalars.last.map(edges.contains) == true)
        return pad ? fence + " " + content + " " + fence : fence + content + fence
    }

    /// Plain text with every character Markdown or HTML could interpret backslash-escaped.
    static func text(_ raw: String) -> String {
        VisibleText.escaped(raw).replacingScalars { scalar in
            "\\`*_[]<>&~$|".unicodeScalars.contains(scalar) ? "\\" + String(scalar) : nil
        }
    }
}
