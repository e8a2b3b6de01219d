import Foundation
import XCTest
@testable import WhoCardKit

/// Hostile values from the export cannot break out of any format.
final class ReportEscapingTests: XCTestCase {
    private func report(value: String, userID: String = "mallory") -> CheckReport {
        let finding = Finding(
            severity: .error, rule: "url.characters", userID: userID, file: "in.csv", line: 3, column: 7,
            field: "website", value: value, message: "The URL contains special characters.", hint: "Remove them."
        )
        return CheckReport(
            file: "in.csv", toolVersion: "0.1.0",
            rows: [RowOutcome(line: 3, userID: userID, accepted: true, findings: [finding], links: 1)])
    }

    // MARK: Markdown

    func testMarkdownValueCannotAddATableRowOrCell() {
        let hostile = "a|b\n| error | `x` | 1 | | | | <img src=x onerror=alert(1)> |\r\n``` `"
        let output = MarkdownReportFormatter().format(report(value: hostile, userID: "m|a`l"))
        let tableRows = output.split(separator: "\n").filter { $0.hasPrefix("|") }
        XCTAssertEqual(tableRows.count, 3)  // header, delimiter, one finding
        for row in tableRows {
            XCTAssertEqual(Self.unescapedPipes(in: String(row)), 8, String(row))
        }
        XCTAssertTrue(
            output.contains(
                #"```` a\|b\n\| error \| `x` \| 1 \| \| \| \| <img src=x onerror=alert(1)> \|\r\n``` ` ````"#), output)
    }

    func testMarkdownCodeSpanFencesAroundBackticks() {
        XCTAssertEqual(MarkdownReportFormatter.code("plain"), "`plain`")
        XCTAssertEqual(MarkdownReportFormatter.code("a`b"), "``a`b``")
        XCTAssertEqual(MarkdownReportFormatter.code("`x``"), "``` `x`` ```")
        XCTAssertEqual(MarkdownReportFormatter.code(" lead"), "`  lead `")
        XCTAssertEqual(MarkdownReportFormatter.code("x|y"), #"`x\|y`"#)
        XCTAssertEqual(MarkdownReportFormatter.code("x|y", inTable: false), "`x|y`")
        XCTAssertEqual(MarkdownReportFormatter.code("a\nb"), #"`a\nb`"#)
        XCTAssertEqual(MarkdownReportFormatter.code(""), "*(empty)*")
    }

    func testMarkdownTextEscapesMarkupAndHTML() {
        XCTAssertEqual(
            MarkdownReportFormatter.text("<b>*x*</b> [l](u) $m$ a|b"),
            #"\<b\>\*x\*\</b\> \[l\](u) \$m\$ a\|b"#)
    }

    func testMarkdownPipeWithCombiningMarkIsStillEscaped() {
        XCTAssertEqual(MarkdownReportFormatter.code("|\u{301}"), "`\\|\u{301}`")
        XCTAssertEqual(MarkdownReportFormatter.text("|\u{301}"), "\\|\u{301}")
    }

    /// Pipes that GitHub's table parser treats as cell borders.
    private static func unescapedPipes(in line: String) -> Int {
        var count = 0, escaped = false
        for scalar in line.unicodeScalars {
            if scalar == "|" && !escaped { count += 1 }
            escaped = scalar == "\\" && !escaped
        }
        return count
    }

    // MARK: GitHub

    func testGitHubValueCannotStartASecondCommand() {
        let hostile = "x\n::error file=evil.csv,line=1::pwned\r::add-mask::secret%0A::stop-commands::t"
        let output = GitHubReportFormatter().format(report(value: hostile, userID: "a,b:c\nd"))
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, 3)  // one annotation, the summary, the final empty piece
        XCTAssertTrue(
            lines[0].hasPrefix("::error file=in.csv,line=3,col=7,title=url.characters [a%2Cb%3Ac\\nd]::"),
            String(lines[0]))
        XCTAssertFalse(output.contains("\r"))
        XCTAssertTrue(
            lines[0].contains(
                #"value: "x\n::error file=evil.csv,line=1::pwned\r::add-mask::secret%250A::stop-commands::t""#),
            String(lines[0]))
        XCTAssertEqual(lines[1], "whocard: 1 row: 1 accepted, 0 rejected; 1 link; 1 error, 0 warnings")
    }

    func testGitHubEscapingFollowsTheToolkit() {
        XCTAssertEqual(GitHubReportFormatter.data("100% a:b,c\r\nd"), "100%25 a:b,c%0D%0Ad")
        XCTAssertEqual(GitHubReportFormatter.property("100% a:b,c\r\nd"), "100%25 a%3Ab%2Cc%0D%0Ad")
    }

    // MARK: JUnit and XML

    func testXMLEscapingReplacesCharactersXMLCannotCarry() {
        XCTAssertEqual(
            XMLText.content("a<b>&\"c\"\u{0}\u{8}\u{FFFE}\n"), "a&lt;b&gt;&amp;\"c\"\u{FFFD}\u{FFFD}\u{FFFD}\n")
        XCTAssertEqual(XMLText.attribute("\"x\"\n\t\r"), "&quot;x&quot;&#10;&#9;&#13;")
    }

    func testJUnitNamesRowsByUserAndTellsDuplicatesApartByLine() {
        let output = JUnitReportFormatter().format(ReportSamples.mixed)
        XCTAssertTrue(output.contains(#"<testcase name="bob (line 3)""#))
        XCTAssertTrue(output.contains(#"<testcase name="bob (line 9)""#))
        XCTAssertTrue(output.contains(#"<testcase name="line 6""#))
        XCTAssertTrue(output.contains(#"<testcase name="dave" classname="whocard.exports/examples.csv"/>"#))
        XCTAssertTrue(
            output.contains(
                #"message="4 errors: [url.characters] website, [url.characters] facebook_url, [support.syntax] support_url, [url.characters] instagram_url""#
            ))
    }

    func testJUnitFailsARejectedRowEvenWithoutAnError() {
        let report = CheckReport(
            file: "in.csv", toolVersion: "0.1.0",
            rows: [RowOutcome(line: 2, userID: "x", accepted: false, findings: [])])
        XCTAssertTrue(
            JUnitReportFormatter().format(report).contains(
                #"<failure type="rejected" message="The row was rejected."></failure>"#))
    }

    // MARK: JSON and SARIF

    func testJSONKeepsTheExactValueAndIsSafeInHTML() throws {
        let hostile = "</script><script>alert('x')</script>&\u{0}\u{1B}\u{2028}é\"\\"
        let output = JSONReportFormatter().format(report(value: hostile))
        XCTAssertFalse(output.contains("<"))
        XCTAssertFalse(output.contains("&"))
        XCTAssertTrue(
            output.contains(
                #""value": "\u003c/script\u003e\u003cscript\u003ealert('x')\u003c/script\u003e\u0026\u0000\u001b\u2028é\"\\","#
            ), output)
        let decoded = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let findings = try XCTUnwrap(decoded["findings"] as? [[String: Any]])
        XCTAssertEqual(findings.first?["value"] as? String, hostile)
        XCTAssertTrue(findings.first?["field"] as? String == "website")
    }

    func testJSONListsRejectedRowsWithTheirErrorRules() throws {
        let output = JSONReportFormatter().format(ReportSamples.mixed)
        let decoded = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let rejected = try XCTUnwrap(decoded["rejected"] as? [[String: Any]])
        XCTAssertEqual(rejected.map { $0["line"] as? Int }, [4, 6, 9])
        XCTAssertEqual(
            rejected.map { $0["rules"] as? [String] }, [["id.invalid"], ["row.field-count"], ["id.duplicate"]])
        XCTAssertTrue(rejected[1]["user_id"] is NSNull)
    }

    func testJSONStringEscaping() {
        XCTAssertEqual(
            JSONString.quoted("a\"b\\c\n\r\t\u{1}\u{7F}\u{202E}\u{FEFF}<>&é😀'"),
            #""a\"b\\c\n\r\t\u0001\u007f\u202e\ufeff\u003c\u003e\u0026é😀'""#)
        // Every ASCII character inside an otherwise plain string: each special one escaped,
        // whichever way the string is quoted, and a JSON parser reads back what was quoted.
        for byte in UInt8(0)...0x7F {
            let text = "https://x.com/a" + String(UnicodeScalar(byte)) + "b"
            let quoted = JSONString.quoted(text)
            let special = byte < 0x20 || byte == 0x7F || "\"\\<>&".utf8.contains(byte)
            XCTAssertEqual(quoted == "\"" + text + "\"", !special, quoted)
            let decoded = try? JSONSerialization.jsonObject(with: Data(("[" + quoted + "]").utf8)) as? [String]
            XCTAssertEqual(decoded, [text], quoted)
        }
    }

    func testJSONDocumentLayout() {
        let doc: JSONValue = .object([
            ("a", .array([])), ("b", .object([])), ("c", .array([.int(1), .null, .bool(true)])),
        ])
        XCTAssertEqual(
            doc.rendered(),
            """
            {
              "a": [],
              "b": {},
              "c": [
                1,
                null,
                true
              ]
            }

            """)
    }

    func testSARIFFingerprintIgnoresTheLineButNotTheValue() {
        let a = ReportSamples.finding(
            .error, "url.scheme", "bob", line: 3, field: "website", value: "ftp://x", message: "m")
        var moved = a
        moved.line = 40
        var other = a
        other.value = "ftp://y"
        XCTAssertEqual(SARIFReportFormatter.fingerprint(a), SARIFReportFormatter.fingerprint(moved))
        XCTAssertNotEqual(SARIFReportFormatter.fingerprint(a), SARIFReportFormatter.fingerprint(other))
        XCTAssertEqual(SARIFReportFormatter.fingerprint(a).count, 16)
        // The separator keeps ("ab", "") apart from ("a", "b").
        var split = a
        split.userID = "bo"
        split.field = "bwebsite"
        XCTAssertNotEqual(SARIFReportFormatter.fingerprint(a), SARIFReportFormatter.fingerprint(split))
    }

    func testSARIFURIIsARelativeReference() {
        XCTAssertEqual(SARIFReportFormatter.uriReference("exports/my file#1.csv"), "exports/my%20file%231.csv")
        XCTAssertEqual(SARIFReportFormatter.uriReference(#"exports\é.csv"#), "exports/%C3%A9.csv")
    }

    // MARK: Text

    func testVisibleTextEscapesControlsAndBidiButKeepsOtherUnicode() {
        XCTAssertEqual(
            VisibleText.escaped("é\t\u{7}\u{9B}\u{200B}\u{202E}\u{2028}ok\\"),
            #"é\t\u{7}\u{9B}\u{200B}\u{202E}\u{2028}ok\"#)
        XCTAssertEqual(VisibleText.quoted("say \"hi\"\\"), #""say \"hi\"\\""#)
    }

    func testTextFormatOfACleanExportIsTheSummaryAlone() {
        XCTAssertEqual(
            TextReportFormatter().format(ReportSamples.clean),
            "2 rows: 2 accepted, 0 rejected; 4 links; 0 errors, 0 warnings\n")
    }

    func testMarkdownOfACleanExportSaysSo() {
        XCTAssertEqual(
            MarkdownReportFormatter().format(ReportSamples.clean),
            """
            ### whocard check: `clean.json`

            2 rows: 2 accepted, 0 rejected; 4 links; 0 errors, 0 warnings

            No findings.

            """)
    }
}
