import Foundation
import XCTest
@testable import WhoCardKit

/// Renders the Markdown report with cmark-gfm (GitHub's own parser, through Python's
/// `cmarkgfm`) and checks what a reader would see: one table row per finding, seven cells
/// each, every value shown exactly, and no HTML element from the export.
final class MarkdownRenderingTests: XCTestCase {
    private static let script = """
        import json, sys
        from html.parser import HTMLParser
        try:
            import cmarkgfm
            from cmarkgfm.cmark import Options
        except ImportError:
            print("Python's cmarkgfm is missing: pip install cmarkgfm"); sys.exit(3)
        html = cmarkgfm.github_flavored_markdown_to_html(sys.stdin.read(), options=Options.CMARK_OPT_UNSAFE)
        class Table(HTMLParser):
            def __init__(self):
                super().__init__(); self.tags = set(); self.rows = []; self.cell = None; self.body = False
            def handle_starttag(self, tag, attrs):
                self.tags.add(tag)
                if tag == "tbody": self.body = True
                if tag == "tr" and self.body: self.rows.append([])
                if tag == "td" and self.body: self.cell = ""
            def handle_endtag(self, tag):
                if tag == "td" and self.cell is not None: self.rows[-1].append(self.cell); self.cell = None
            def handle_data(self, data):
                if self.cell is not None: self.cell += data
        table = Table(); table.feed(html)
        print(json.dumps({"tags": sorted(table.tags), "rows": table.rows}))
        """

    private struct Rendered: Decodable {
        var tags: [String]
        var rows: [[String]]
    }

    private func render(_ markdown: String) throws -> Rendered? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.script]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(markdown.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            XCTFail("Rendering failed (\(process.terminationStatus)): \(String(decoding: data, as: UTF8.self))")
            return nil
        }
        return try JSONDecoder().decode(Rendered.self, from: data)
    }

    private func assertRendersFaithfully(_ report: CheckReport, file: StaticString = #filePath, line: UInt = #line)
        throws
    {
        guard let rendered = try render(MarkdownReportFormatter().format(report)) else { return }
        let allowed: Set = [
            "h3", "h4", "p", "table", "thead", "tbody", "tr", "th", "td", "code", "ul", "li", "em", "a",
        ]
        XCTAssertEqual(Set(rendered.tags).subtracting(allowed), [], file: file, line: line)
        let findings = Array(report.findings)
        XCTAssertEqual(rendered.rows.count, findings.count, file: file, line: line)
        for (row, finding) in zip(rendered.rows, findings) {
            XCTAssertEqual(row.count, 7, "\(row)", file: file, line: line)
            guard row.count == 7 else { continue }
            XCTAssertEqual(row[0], finding.severity.rawValue, file: file, line: line)
            XCTAssertEqual(row[1], finding.userID.map(VisibleText.escaped) ?? "", file: file, line: line)
            XCTAssertEqual(row[3], finding.field ?? "", file: file, line: line)
            XCTAssertEqual(
                row[4], finding.value.map { $0.isEmpty ? "(empty)" : VisibleText.escaped($0) } ?? "",
                file: file, line: line)
            XCTAssertEqual(row[5], finding.rule, file: file, line: line)
            XCTAssertEqual(row[6], VisibleText.escaped(finding.message), file: file, line: line)
        }
    }

    func testSampleReportRendersOneRowPerFinding() throws {
        try assertRendersFaithfully(ReportSamples.mixed)
    }

    func testHostileValuesStayInTheirCell() throws {
        let values = [
            "a|b\n| error | `x` | 1 | | | | <img src=x onerror=alert(1)> |",
            "``` `", "`", " ` ", "\\|", "x\\", "<script>alert(1)</script>", "&amp; &lt;", "*a* _b_ [c](d) $e$",
            "|\u{301}|", "",
        ]
        for value in values {
            let finding = Finding(
                severity: .error, rule: "url.characters", userID: "m|a`l<b>", file: "in.csv", line: 2,
                field: "website", value: value, message: "Bad <i>URL</i> | `x` *y*", hint: "Fix it.")
            let report = CheckReport(
                file: "in.csv", toolVersion: "0.1.0",
                rows: [RowOutcome(line: 2, userID: "m|a`l<b>", accepted: true, findings: [finding])])
            try assertRendersFaithfully(report)
        }
    }
}
