import XCTest
@testable import WhoCardKit

final class URLRemapTests: XCTestCase {
    func testRewritesTheFirstMatchWithGroups() throws {
        let rule = try URLRemap(
            parsing: "^https://(www\\.)?linkedin\\.com/in/([^/]+)=http://127.0.0.5:8080/linkedin/$2")
        XCTAssertEqual(rule.apply("https://linkedin.com/in/alice"), "http://127.0.0.5:8080/linkedin/alice")
        XCTAssertEqual(rule.apply("https://www.linkedin.com/in/bob?x=1"), "http://127.0.0.5:8080/linkedin/bob?x=1")
        XCTAssertNil(rule.apply("https://example.com/in/alice"))
    }

    func testFirstMatchingRuleWins() throws {
        let rules = [
            try URLRemap(parsing: "^https://a\\.example/=http://127.0.0.1:1/"),
            try URLRemap(parsing: "^https://=http://"),
        ]
        XCTAssertEqual(URLRemap.apply(rules, to: "https://a.example/x"), "http://127.0.0.1:1/x")
        XCTAssertEqual(URLRemap.apply(rules, to: "https://b.example/x"), "http://b.example/x")
        XCTAssertEqual(URLRemap.apply(rules, to: "ftp://c.example/"), "ftp://c.example/")
    }

    func testEscapedEqualsBelongsToThePattern() throws {
        let rule = try URLRemap(parsing: "\\?id\\=1=?id=2")
        XCTAssertEqual(rule.pattern, "\\?id\\=1")
        XCTAssertEqual(rule.apply("https://x.example/p?id=1"), "https://x.example/p?id=2")
    }

    func testBadRulesSayWhatToFix() {
        XCTAssertThrowsError(try URLRemap(parsing: "no-equals-sign")) { error in
            XCTAssertTrue("\(error)".hasPrefix("--remap: 'no-equals-sign' is not REGEX=REPLACEMENT"), "\(error)")
        }
        XCTAssertThrowsError(try URLRemap(parsing: "(unclosed=x")) { error in
            XCTAssertTrue("\(error)".hasPrefix("--remap: '(unclosed' is not a valid regular expression"), "\(error)")
        }
    }
}
