import XCTest

@testable import WhoCardKit

/// The text report of many rows is made in batches on every core; it must be the text made
/// one row at a time, in input order, across batch and part boundaries.
final class TextReportBatchingTests: XCTestCase {
    func testManyRowsGiveTheTextOfEachRowInOrder() {
        let samples = Array(ReportSamples.mixed.rows)
        let formatter = ReportFormat.text.makeFormatter()
        /// A report's text without its last line, the summary.
        func rowsText(_ report: CheckReport) -> Substring {
            let text = formatter.format(report).dropLast()
            return text[..<(text.lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex)]
        }
        var report = CheckReport(file: ReportSamples.file, keepsCleanRows: false)
        var expected = ""
        // 8,192 rows a batch and 512 a part: this crosses both, and ends in a partial batch.
        for n in 0..<20_011 {
            var row = samples[n % samples.count]
            row.line = n + 2
            report.append(row)
            var single = CheckReport(file: ReportSamples.file, keepsCleanRows: false)
            single.append(row)
            expected += rowsText(single)
        }
        let output = formatter.format(report)
        XCTAssertEqual(String(rowsText(report)), expected)
        XCTAssertTrue(
            output.split(separator: "\n").last?.hasPrefix("20011 rows: ") ?? false, String(output.suffix(120)))
        XCTAssertGreaterThan(expected.count, 20_011 * 100)
    }
}
