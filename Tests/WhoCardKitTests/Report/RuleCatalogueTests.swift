import Foundation
import XCTest
@testable import WhoCardKit

/// docs/rules.md is generated from the rule table; this keeps it current.
final class RuleCatalogueTests: XCTestCase {
    private let page = Fixtures.repoRoot.appendingPathComponent("docs/rules.md")

    func testDocsRulesIsCurrent() throws {
        let generated = RuleCatalogue.markdown()
        if ProcessInfo.processInfo.environment["WHOCARD_UPDATE_DOCS"] == "1" {
            try generated.write(to: page, atomically: true, encoding: .utf8)
        }
        let onDisk = try String(contentsOf: page, encoding: .utf8)
        XCTAssertEqual(
            onDisk, generated, "docs/rules.md is out of date with Rule.all: run `make docs` and review the diff")
    }

    func testEveryRuleIsListedOnceWithItsSeverity() {
        let text = RuleCatalogue.markdown()
        for rule in Rule.all {
            let rows = text.components(separatedBy: "\n").filter { $0.hasPrefix("| `\(rule.id)` |") }
            XCTAssertEqual(rows.count, 1, rule.id)
            XCTAssertTrue(rows.first?.hasPrefix("| `\(rule.id)` | \(rule.severity.rawValue) |") ?? false, rule.id)
        }
        XCTAssertEqual(Set(Rule.all.map(\.id)).count, Rule.all.count, "rule ids are unique")
    }
}
