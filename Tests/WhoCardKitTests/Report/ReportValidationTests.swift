import Foundation
import XCTest
#if canImport(FoundationXML)
    import FoundationXML
#endif
@testable import WhoCardKit

/// Reports validated by the standards' own schemas, not only compared with golden files.
final class ReportValidationTests: XCTestCase {
    private let reports = [ReportSamples.mixed, ReportSamples.clean, CheckReport(file: "-", toolVersion: "0.1.0")]

    func testSARIFIsValidAgainstTheOASISSchema() throws {
        let schema = ExternalValidator.standard("sarif-schema-2.1.0.json")
        for report in reports {
            try ExternalValidator.assertValid(json: SARIFReportFormatter().format(report), schema: schema)
        }
    }

    func testSARIFSchemaCheckIsLive() throws {
        let broken = SARIFReportFormatter().format(ReportSamples.mixed)
            .replacingOccurrences(of: "\"version\": \"2.1.0\"", with: "\"version\": \"2.0.9\"")
        try assertRejected(broken, by: ExternalValidator.standard("sarif-schema-2.1.0.json"), saying: "/version")
    }

    func testJSONIsValidAgainstItsSchema() throws {
        let schema = Fixtures.repoRoot.appendingPathComponent(
            "Tests/WhoCardKitTests/Fixtures/Report/report.schema.json")
        for report in reports {
            try ExternalValidator.assertValid(json: JSONReportFormatter().format(report), schema: schema)
        }
    }

    func testJSONSchemaRejectsADocumentMissingAMember() throws {
        let schema = Fixtures.repoRoot.appendingPathComponent(
            "Tests/WhoCardKitTests/Fixtures/Report/report.schema.json")
        let broken = JSONReportFormatter().format(ReportSamples.clean).replacingOccurrences(
            of: "\"version\": 1,", with: "")
        try assertRejected(broken, by: schema, saying: "'version' is a required property")
    }

    /// The schema check can fail: `json` is rejected by `schema` with a message containing `expected`.
    private func assertRejected(_ json: String, by schema: URL, saying expected: String, line: UInt = #line) throws {
        let document = try ExternalValidator.temporaryFile(json, named: "broken.json")
        defer { try? FileManager.default.removeItem(at: document.deletingLastPathComponent()) }
        let outcome = try ExternalValidator.run([
            "python3", "-c", ExternalValidator.jsonSchemaScript, schema.path, document.path,
        ])
        XCTAssertEqual(outcome.status, 1, outcome.output, line: line)
        XCTAssertTrue(outcome.output.contains(expected), outcome.output, line: line)
    }

    func testJUnitIsValidAgainstTheJenkinsXSD() throws {
        let xsd = ExternalValidator.standard("junit-10.xsd")
        for report in reports {
            try ExternalValidator.assertValid(xml: JUnitReportFormatter().format(report), xsd: xsd)
        }
    }

    func testJUnitXSDCheckIsLive() throws {
        let xsd = ExternalValidator.standard("junit-10.xsd")
        let broken = JUnitReportFormatter().format(ReportSamples.clean).replacingOccurrences(
            of: " errors=\"0\" skipped", with: " skipped")
        let document = try ExternalValidator.temporaryFile(broken, named: "broken.xml")
        defer { try? FileManager.default.removeItem(at: document.deletingLastPathComponent()) }
        let outcome = try ExternalValidator.run(["xmllint", "--noout", "--schema", xsd.path, document.path])
        XCTAssertNotEqual(outcome.status, 127, "xmllint is missing: apt-get install libxml2-utils")
        XCTAssertTrue(outcome.output.contains("The attribute 'errors' is required but missing"), outcome.output)
    }

    #if canImport(FoundationXML)
        func testJUnitParsesAndKeepsHostileValuesAsText() throws {
            let xml = JUnitReportFormatter().format(ReportSamples.mixed)
            let document = try XMLDocument(xmlString: xml)
            let cases = try document.nodes(forXPath: "//testcase")
            XCTAssertEqual(cases.count, 8)
            XCTAssertEqual(try document.nodes(forXPath: "//testcase/failure").count, 5)
            XCTAssertEqual(try document.nodes(forXPath: "//script").count, 0)
            let chloe = try XCTUnwrap(
                document.nodes(forXPath: "//testcase[@name='chloé']/failure").first as? XMLElement)
            XCTAssertEqual(chloe.attribute(forName: "type")?.stringValue, "url.characters")
            let body = try XCTUnwrap(chloe.stringValue)
            XCTAssertTrue(body.contains(#"value: "https://chloé.example/\"><script>alert(1)</script>|x""#), body)
            XCTAssertTrue(body.contains(#"\u{1B}[31mred\u{1B}[0m\u{202E}gpj.exe\u{0}"#), body)
        }
    #endif
}
