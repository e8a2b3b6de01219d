import XCTest
@testable import WhoCardKit

/// Every format of the mixed sample report against its reviewed golden file.
final class ReportGoldenTests: XCTestCase {
    func testText() {
        assertGolden(ReportFormat.text.makeFormatter().format(ReportSamples.mixed), "mixed.txt")
    }

    func testTextInColour() {
        let output = ReportFormat.text.makeFormatter(options: ReportOptions(color: true)).format(ReportSamples.mixed)
        assertGolden(output, "mixed-color.txt")
    }

    func testJSON() {
        assertGolden(ReportFormat.json.makeFormatter().format(ReportSamples.mixed), "mixed.json")
    }

    func testJUnit() {
        assertGolden(ReportFormat.junit.makeFormatter().format(ReportSamples.mixed), "mixed.junit.xml")
    }

    func testMarkdown() {
        assertGolden(ReportFormat.markdown.makeFormatter().format(ReportSamples.mixed), "mixed.md")
    }

    func testGitHub() {
        assertGolden(ReportFormat.github.makeFormatter().format(ReportSamples.mixed), "mixed.github.txt")
    }

    func testSARIF() {
        assertGolden(ReportFormat.sarif.makeFormatter().format(ReportSamples.mixed), "mixed.sarif")
    }

    func testEveryFormatIsDeterministic() {
        for format in ReportFormat.allCases {
            let formatter = format.makeFormatter()
            XCTAssertEqual(formatter.format(ReportSamples.mixed), formatter.format(ReportSamples.mixed), "\(format)")
            XCTAssertTrue(formatter.format(ReportSamples.mixed).hasSuffix("\n"), "\(format)")
        }
    }
}
