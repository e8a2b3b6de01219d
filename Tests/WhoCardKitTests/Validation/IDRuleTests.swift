import XCTest
@testable import WhoCardKit

final class IDRuleTests: XCTestCase {
    func testValidIDs() {
        for id in ["u1", "alice.smith", "A_b-c@d+e", String(repeating: "x", count: 128), "42"] {
            XCTAssertEqual(try UserIDRule.check(id).get(), id)
        }
        XCTAssertEqual(try UserIDRule.check("  u1\t").get(), "u1")
    }

    func testMissing() {
        for value in [nil, "", "   "] as [String?] {
            XCTAssertEqual(UserIDRule.check(value), .failure(Violation("id.missing", "id is missing")))
        }
    }

    func testInvalid() {
        let allowed = "only ASCII letters, digits, '.', '_', '-', '@' and '+' are allowed"
        XCTAssertEqual(UserIDRule.check(".hidden"), .failure(Violation("id.invalid", "id '.hidden' starts with '.'")))
        XCTAssertEqual(UserIDRule.check("../etc"), .failure(Violation("id.invalid", "id '../etc' starts with '.'")))
        XCTAssertEqual(
            UserIDRule.check("a/b"),
            .failure(Violation("id.invalid", "id 'a/b' contains '/' at character 2; \(allowed)")))
        XCTAssertEqual(
            UserIDRule.check("alice smith"),
            .failure(
                Violation(
                    "id.invalid", "id 'alice smith' contains a space at character 6; \(allowed)")))
        XCTAssertEqual(
            UserIDRule.check("jörg"),
            .failure(Violation("id.invalid", "id 'jörg' contains 'ö' at character 2; \(allowed)")))
        XCTAssertEqual(
            UserIDRule.check(String(repeating: "x", count: 129)),
            .failure(
                Violation(
                    "id.invalid", "id is 129 characters long; the limit is 128")))
    }

    func testRowsWithIDProblemsAreRejectedWithAllFindings() {
        let record = ProfileRecord(line: 12, [.id: "a b", .twitterURL: "https://x.com/home"])
        XCTAssertEqual(
            ProfileValidator().validate(record, file: "in.csv"),
            .rejected(
                userID: "a b",
                findings: [
                    Finding(
                        severity: .error, rule: "id.invalid", userID: "a b", file: "in.csv", line: 12, field: "id",
                        value: "a b",
                        message:
                            "id 'a b' contains a space at character 2; only ASCII letters, digits, '.', '_', '-', '@' and '+' are allowed",
                        hint: "Use 1–128 letters, digits, '.', '_', '-', '@' or '+', not starting with '.'."),
                    Finding(
                        severity: .error, rule: "twitter.reserved", userID: "a b", file: "in.csv", line: 12,
                        field: "twitter_url",
                        value: "https://x.com/home",
                        message: "twitter_url points to x.com/home, a page of the site, not a profile",
                        hint: "Open your profile and copy its address, such as https://x.com/yourusername."),
                ]))
        let missing = ProfileValidator().validate(ProfileRecord(line: 3, [.name: "Alice"]), file: "in.csv")
        XCTAssertEqual(
            missing,
            .rejected(
                userID: nil,
                findings: [
                    Finding(
                        severity: .error, rule: "id.missing", file: "in.csv", line: 3, field: "id",
                        message: "id is missing",
                        hint: "Every row needs an id; check the export's id column.")
                ]))
    }
}
