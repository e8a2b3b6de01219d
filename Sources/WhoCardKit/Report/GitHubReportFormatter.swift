/// The report as GitHub Actions workflow commands: one `::error` or `::warning` annotation per
/// finding, pointing at the export's line and column, then a plain summary line for the log.
///
/// ```
/// ::error file=examples.csv,line=2,col=41,title=url.userinfo [alice]::twitter_url: A URL has …%0Avalue: "…"%0Afix: …
/// whocard: 3 rows: 2 accepted, 1 rejected; 7 links; 1 error, 0 warnings
/// ```
///
/// Data is escaped by GitHub's rules (`%`, CR, LF; properties also `:` and `,`), so a value
/// can never end the annotation or start a second command.
public struct GitHubReportFormatter: ReportFormatter {
    public init() {}

    public func write(_ report: CheckReport, to sink: inout some TextSink) throws(FileWriteError) {
        for f in report.findings {
            var properties = ["file=" + Self.property(f.file), "line=\(f.line)"]
            if let column = f.column { properties.append("col=\(column)") }
            let title = f.rule + (f.userID.map { " [\($0)]" } ?? "")
            properties.append("title=" + Self.property(VisibleText.escaped(title)))

            var message = (f.field.map { $0 + ": " } ?? "") + f.message
            message = VisibleText.escaped(message)
            if let value = f.value { message += "\nvalue: " + VisibleText.quoted(value) }
            if !f.hint.isEmpty { message += "\nfix: " + VisibleText.escaped(f.hint) }

            let command = f.severity == .error ? "error" : "warning"
            try sink.append("::\(command) " + properties.joined(separator: ",") + "::" + Self.data(message) + "\n")
        }
        try sink.append("whocard: " + report.summary.sentence + "\n")
    }

    /// Escapes a command's message (GitHub's `escapeData`).
    static func data(_ s: String) -> String {
        s.replacingScalars { scalar in
            switch scalar {
            case "%": "%25"
            case "\r": "%0D"
            case "\n": "%0A"
            default: nil
            }
        }
    }

    /// Escapes a command property value (GitHub's `escapeProperty`).
    static func property(_ s: String) -> String {
        s.replacingScalars { scalar in
            switch scalar {
            case "%": "%25"
            case "\r": "%0D"
            case "\n": "%0A"
            case ":": "%3A"
            case ",": "%2C"
            default: nil
            }
        }
    }
}
