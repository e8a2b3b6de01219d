/// The report as JUnit XML (valid against Jenkins' `junit-10.xsd`), for CI test-report views.
///
/// One `<testsuite>` named after the export holds one `<testcase>` per row, named by the
/// user id (with ` (line N)` added when an id occurs on several rows, and `line N` for rows
/// without one). A row with errors, or a rejected row, fails: one `<failure>` whose `type` is
/// the first error's rule, whose `message` is the error (or, for several, lists their rules and fields), and whose body gives each
/// error's location, field, value and fix. Warnings go to the test case's `<system-out>`.
/// File-level findings get an extra test case named `(file)`. No times or timestamps are
/// written, so the same report gives the same bytes.
public struct JUnitReportFormatter: ReportFormatter {
    public init() {}

    public func write(_ report: CheckReport, to sink: inout some TextSink) throws(FileWriteError) {
        // First pass: the counts the suite's attributes need, and the ids on several rows (a
        // table of about 20 bytes an id, not the rows).
        let fileCase =
            report.fileFindings.isEmpty ? nil : TestCase(name: "(file)", findings: report.fileFindings, rejected: false)
        var tests = fileCase == nil ? 0 : 1
        var failures = fileCase?.fails == true ? 1 : 0
        var seen = FirstLineTable()
        var repeated: Set<String> = []
        for row in report.rows {
            tests += 1
            if !row.accepted || row.findings.contains(where: { $0.severity == .error }) { failures += 1 }
            if let id = row.userID, seen.firstLine(of: id, recordingIfNew: row.line) != nil { repeated.insert(id) }
        }

        let classname = "whocard." + report.file
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"whocard check\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"0\">\n"
        out +=
            "  <testsuite name=\"\(XMLText.attribute(report.file))\" tests=\"\(tests)\" failures=\"\(failures)\""
            + " errors=\"0\" skipped=\"0\">\n"
        out += "    <properties>\n"
        out += "      <property name=\"whocard.version\" value=\"\(XMLText.attribute(report.toolVersion))\"/>\n"
        out += "      <property name=\"whocard.summary\" value=\"\(XMLText.attribute(report.summary.sentence))\"/>\n"
        out += "    </properties>\n"
        if let fileCase { out += fileCase.xml(classname: classname) }
        try sink.append(out)
        for row in report.rows {
            let name: String
            if let id = row.userID {
                name = repeated.contains(id) ? "\(id) (line \(row.line))" : id
            } else {
                name = "line \(row.line)"
            }
            try sink.append(
                TestCase(name: name, findings: row.findings, rejected: !row.accepted).xml(classname: classname))
        }
        try sink.append("  </testsuite>\n</testsuites>\n")
    }

    private struct TestCase {
        var name: String
        var findings: [Finding]
        var rejected: Bool

        var errors: [Finding] { findings.filter { $0.severity == .error } }
        var warnings: [Finding] { findings.filter { $0.severity == .warning } }
        var fails: Bool { rejected || !errors.isEmpty }

        func xml(classname: String) -> String {
            let open = "    <testcase name=\"\(XMLText.attribute(name))\" classname=\"\(XMLText.attribute(classname))\""
            guard fails || !warnings.isEmpty else { return open + "/>\n" }
            var out = open + ">\n"
            if fails {
                let type = errors.first?.rule ?? "rejected"
                let message =
                    switch errors.count {
                    case 0: "The row was rejected."
                    case 1: "[\(errors[0].rule)] " + Self.headline(errors[0])
                    default: "\(errors.count) errors: " + errors.map(Self.label).joined(separator: ", ")
                    }
                let body = errors.map(Self.block).joined(separator: "\n")
                out +=
                    "      <failure type=\"\(XMLText.attribute(type))\" message=\"\(XMLText.attribute(message))\">"
                    + XMLText.content(body) + "</failure>\n"
            }
            if !warnings.isEmpty {
                out +=
                    "      <system-out>" + XMLText.content(warnings.map(Self.block).joined(separator: "\n"))
                    + "</system-out>\n"
            }
            return out + "    </testcase>\n"
        }

        static func headline(_ f: Finding) -> String {
            VisibleText.escaped((f.field.map { $0 + ": " } ?? "") + f.message)
        }

        /// `[rule] field`, or `[rule]` for a whole-row finding.
        static func label(_ f: Finding) -> String {
            VisibleText.escaped("[\(f.rule)]" + (f.field.map { " " + $0 } ?? ""))
        }

        static func block(_ f: Finding) -> String {
            var lines = ["\(f.location): \(f.severity.rawValue): [\(VisibleText.escaped(f.rule))]"]
            if let field = f.field { lines.append("field: " + VisibleText.escaped(field)) }
            if let value = f.value { lines.append("value: " + VisibleText.quoted(value)) }
            lines.append("message: " + VisibleText.escaped(f.message))
            if !f.hint.isEmpty { lines.append("fix: " + VisibleText.escaped(f.hint)) }
            return lines.joined(separator: "\n") + "\n"
        }
    }
}
