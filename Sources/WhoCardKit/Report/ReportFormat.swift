/// The output formats of `whocard check`, one formatter each.
public enum ReportFormat: String, CaseIterable, Sendable {
    /// Findings grouped by user for people at a terminal; the default.
    case text
    /// A stable, versioned document for scripts (see ``JSONReportFormatter``).
    case json
    /// JUnit XML: one test case per row, for CI test-report views.
    case junit
    /// A GitHub-flavoured Markdown table for job summaries and pull-request comments.
    case markdown
    /// GitHub Actions workflow commands that annotate the export in the run and the pull request.
    case github
    /// SARIF 2.1.0 for code-scanning dashboards.
    case sarif

    /// The formatter that writes this format.
    public func makeFormatter(options: ReportOptions = ReportOptions()) -> any ReportFormatter {
        switch self {
        case .text: TextReportFormatter(options: options)
        case .json: JSONReportFormatter()
        case .junit: JUnitReportFormatter()
        case .markdown: MarkdownReportFormatter()
        case .github: GitHubReportFormatter()
        case .sarif: SARIFReportFormatter()
        }
    }

    /// The usual file name extension of a saved report, without the dot.
    public var fileExtension: String {
        switch self {
        case .text, .github: "txt"
        case .json: "json"
        case .junit: "xml"
        case .markdown: "md"
        case .sarif: "sarif"
        }
    }
}
