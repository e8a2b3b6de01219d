import XCTest
@testable import WhoCardKit

final class ReportOptionsTests: XCTestCase {
    func testColourOnlyOnATerminal() {
        XCTAssertTrue(ReportOptions.colorDefault(isTTY: true, environment: [:]))
        XCTAssertTrue(ReportOptions.colorDefault(isTTY: true, environment: ["TERM": "xterm-256color"]))
        XCTAssertFalse(ReportOptions.colorDefault(isTTY: false, environment: [:]))
    }

    func testNoColorWithAnyNonEmptyValueTurnsColourOff() {
        XCTAssertFalse(ReportOptions.colorDefault(isTTY: true, environment: ["NO_COLOR": "1"]))
        XCTAssertFalse(ReportOptions.colorDefault(isTTY: true, environment: ["NO_COLOR": "0"]))
        XCTAssertFalse(ReportOptions.colorDefault(isTTY: true, environment: ["NO_COLOR": "false"]))
    }

    func testEmptyNoColorIsIgnoredAsNoColorOrgSays() {
        XCTAssertTrue(ReportOptions.colorDefault(isTTY: true, environment: ["NO_COLOR": ""]))
    }

    func testDumbTerminalGetsNoColour() {
        XCTAssertFalse(ReportOptions.colorDefault(isTTY: true, environment: ["TERM": "dumb"]))
    }

    func testOnlyTheTextFormatUsesColour() {
        let coloured = ReportOptions(color: true)
        for format in ReportFormat.allCases {
            let output = format.makeFormatter(options: coloured).format(ReportSamples.mixed)
            XCTAssertEqual(output.contains("\u{1B}["), format == .text, "\(format)")
        }
    }

    func testPlainTextHasNoEscapeCharacterEvenForHostileValues() {
        let output = ReportFormat.text.makeFormatter().format(ReportSamples.mixed)
        XCTAssertFalse(output.unicodeScalars.contains("\u{1B}"))
        XCTAssertFalse(output.unicodeScalars.contains("\u{202E}"))
        XCTAssertTrue(output.contains(#"value: "https://instagram.com/\u{1B}[31mred\u{1B}[0m\u{202E}gpj.exe\u{0}""#))
    }

    func testFactoryMakesOneFormatterPerFormat() {
        XCTAssertEqual(ReportFormat.allCases.map(\.rawValue), ["text", "json", "junit", "markdown", "github", "sarif"])
        XCTAssertTrue(ReportFormat.text.makeFormatter() is TextReportFormatter)
        XCTAssertTrue(ReportFormat.json.makeFormatter() is JSONReportFormatter)
        XCTAssertTrue(ReportFormat.junit.makeFormatter() is JUnitReportFormatter)
        XCTAssertTrue(ReportFormat.markdown.makeFormatter() is MarkdownReportFormatter)
        XCTAssertTrue(ReportFormat.github.makeFormatter() is GitHubReportFormatter)
        XCTAssertTrue(ReportFormat.sarif.makeFormatter() is SARIFReportFormatter)
        XCTAssertEqual(ReportFormat.sarif.fileExtension, "sarif")
    }

    func testSummarySentence() {
        XCTAssertEqual(
            ReportSamples.mixed.summary.sentence, "7 rows: 4 accepted, 3 rejected; 24 links; 8 errors, 3 warnings")
        XCTAssertEqual(
            CheckSummary(rows: 1, accepted: 1, links: 1, errors: 1, warnings: 1).sentence,
            "1 row: 1 accepted, 0 rejected; 1 link; 1 error, 1 warning")
    }
}
