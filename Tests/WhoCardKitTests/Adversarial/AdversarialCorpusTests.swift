import CCmark
import Foundation
import XCTest
@testable import WhoCardKit

/// The adversarial export (Fixtures/Adversarial/naughty.*, made by make_corpus.py from the Big
/// List of Naughty Strings, XSS filter-evasion vectors, bidi spoofs and path-traversal ids) built
/// into a temporary folder in each format; every written file is scanned.
final class AdversarialCorpusTests: XCTestCase {
    private struct Expected: Decodable {
        var rows: Int
        var hostile_ids: [String]
    }

    private var parent: URL!

    override func setUpWithError() throws {
        parent = FileManager.default.temporaryDirectory.appendingPathComponent("whocard-naughty-\(UUID())")
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: parent)
    }

    private var expected: Expected {
        get throws {
            try JSONDecoder().decode(Expected.self, from: Data(contentsOf: Fixtures.url("Adversarial/naughty.ids")))
        }
    }

    /// Builds the corpus in `format` into `parent/out` and checks every property.
    private func checkCorpus(_ format: InputFormat, file: String) throws {
        let output = parent.appendingPathComponent("out")
        let input = Fixtures.url("Adversarial/\(file)").path
        let reader = try ExportReader(path: input, format: format)
        let checker = ExportChecker(reader: reader, file: file)
        let result = try BuildPipeline(checker: checker, options: BuildOptions(outputDirectory: output.path, jobs: 2))
            .run()

        // Every row accounted for.
        let summary = result.report.summary
        let expected = try expected
        XCTAssertEqual(summary.rows, expected.rows, "rows read")
        XCTAssertEqual(summary.accepted + summary.rejected, summary.rows)
        XCTAssertEqual(result.cards, summary.accepted)
        XCTAssertEqual(result.report.rows.count + result.report.omittedCleanRows, expected.rows)

        // Ids that are paths, hidden, or not plain ASCII are rejected; the plain ones land in cards/.
        let cardNames = try FileManager.default.contentsOfDirectory(atPath: output.appendingPathComponent("cards").path)
        let acceptedIDs = Set(cardNames.filter { $0.hasSuffix(".html") }.map { String($0.dropLast(5)) })
        for id in expected.hostile_ids {
            let plain = ["-rf", "CON", "index", "manifest", "report", "whocard"].contains(id)
            XCTAssertEqual(
                acceptedIDs.contains(id.trimmingCharacters(in: .whitespacesAndNewlines)), plain,
                "id \(id.debugDescription)")
            if plain {
                XCTAssertTrue(
                    FileManager.default.fileExists(atPath: output.appendingPathComponent("cards/\(id).html").path), id)
            }
        }

        // Nothing outside the output folder: the parent holds only `out`, and `out` only what a build writes.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: parent.path), ["out"])
        let top = Set(try FileManager.default.contentsOfDirectory(atPath: output.path))
        XCTAssertTrue(
            top.isSubset(of: [
                "cards", "whocard.css", "index.html", "index-2.html", "manifest.json", "report.json", ".whocard.lock",
            ]), "\(top)")
        let cards = try FileManager.default.contentsOfDirectory(atPath: output.appendingPathComponent("cards").path)
        XCTAssertEqual(cards.count, 4 * summary.accepted)
        for name in cards {
            XCTAssertFalse(name.hasPrefix(".") || name.contains("/") || name.contains("\\"), name)
            var isDirectory: ObjCBool = false
            XCTAssertTrue(
                FileManager.default.fileExists(
                    atPath: output.appendingPathComponent("cards/\(name)").path, isDirectory: &isDirectory))
            XCTAssertFalse(isDirectory.boolValue, "cards/\(name) is a folder")
        }

        // No executable content in any written file; no raw bidi controls in HTML or Markdown.
        var scanned = 0
        for name in cards.map({ "cards/" + $0 }) + top.filter({ $0.hasSuffix(".html") }) {
            let text = try String(contentsOf: output.appendingPathComponent(name), encoding: .utf8)
            scanned += 1
            if name.hasSuffix(".html") {
                XCTAssertEqual(HTMLSafetyScanner.problems(in: text), [], name)
            }
            if name.hasSuffix(".md") {
                // Rendered as a site would, with raw HTML allowed: still nothing executable.
                XCTAssertEqual(HTMLSafetyScanner.problems(in: Self.commonMarkUnsafe(text)), [], name)
            }
            if name.hasSuffix(".html") || name.hasSuffix(".md") {
                let bidi = text.unicodeScalars.filter {
                    (0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value)
                }
                XCTAssertTrue(
                    bidi.isEmpty, "\(name) holds raw bidi controls \(bidi.map { "U+" + String($0.value, radix: 16) })")
            }
        }
        XCTAssertEqual(scanned, cards.count + top.filter { $0.hasSuffix(".html") }.count)

        // Every Markdown card and every JSON card's bio.markdown, judged by cmark-gfm (GFM and
        // CommonMark, raw HTML allowed): nothing that runs.
        var markdown: [String] = []
        for name in cards where name.hasSuffix(".md") || name.hasSuffix(".json") {
            let data = try Data(contentsOf: output.appendingPathComponent("cards/\(name)"))
            if name.hasSuffix(".md") {
                markdown.append(String(decoding: data, as: UTF8.self))
            } else if let card = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                let bio = card["bio"] as? [String: Any], let text = bio["markdown"] as? String
            {
                markdown.append(text)
            }
        }
        XCTAssertGreaterThan(markdown.count, summary.accepted)
        XCTAssertEqual(try MarkdownJudge.problems(markdown), [:])
    }

    /// libcmark with raw HTML and every link kept, as a careless site would render a Markdown card.
    static func commonMarkUnsafe(_ markdown: String) -> String {
        guard let html = cmark_markdown_to_html(markdown, markdown.utf8.count, CMARK_OPT_UNSAFE) else { return "" }
        defer { free(html) }
        return String(cString: html)
    }

    func testCSVCorpus() throws { try checkCorpus(.csv, file: "naughty.csv") }
    func testJSONCorpus() throws { try checkCorpus(.json, file: "naughty.json") }
    func testJSONLinesCorpus() throws { try checkCorpus(.jsonl, file: "naughty.jsonl") }

    /// The three formats hold the same rows, so they give the same findings.
    func testFormatsAgree() throws {
        func rules(_ format: InputFormat, _ file: String) throws -> [String] {
            let reader = try ExportReader(path: Fixtures.url("Adversarial/\(file)").path, format: format)
            return try ExportChecker(reader: reader, file: file).run().rows.map {
                "\($0.userID ?? "-") \($0.accepted) \($0.findings.map(\.rule))"
            }
        }
        let csv = try rules(.csv, "naughty.csv")
        XCTAssertEqual(csv, try rules(.json, "naughty.json"))
        XCTAssertEqual(csv, try rules(.jsonl, "naughty.jsonl"))
    }

    /// The scanner itself finds what it is meant to find.
    func testScannerCatchesExecutableMarkup() {
        let bad = [
            "<script>alert(1)</script>", "<SCRIPT SRC=x></SCRIPT>", "<img src=x onerror=alert(1)>",
            "<a href=\"jav&#x09;ascript:alert(1)\">x</a>", "<a href=' javascript:alert(1)'>x</a>",
            "<a href=JaVaScRiPt:alert(1)>x</a>", "<iframe src=\"data:text/html,x\">", "<a href=\"vbscript:x\">x</a>",
            "<svg/onload=alert(1)>", "<a href=\"&#106;avascript:alert(1)\">x</a>",
            "<a href=\"javascript&colon;x\">x</a>",
        ]
        for html in bad { XCTAssertFalse(HTMLSafetyScanner.problems(in: html).isEmpty, html) }
        let good = [
            "<p>&lt;script&gt;alert(1)&lt;/script&gt; onerror=x</p>",
            "<a href=\"https://x.com/javascript\">javascript:</a>",
            "<script type=\"application/ld+json\">{\"a\":\"\\u003cscript\\u003e\"}</script>", "<!-- <script> -->",
        ]
        for html in good { XCTAssertEqual(HTMLSafetyScanner.problems(in: html), [], html) }
    }
}
