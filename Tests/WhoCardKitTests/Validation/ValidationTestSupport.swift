import XCTest
@testable import WhoCardKit

/// Shared helpers for the validation tests: validate one field, read back its findings.
enum V {
    static let validator = ProfileValidator()

    /// Validates a row with id `u1` plus `pairs`, from `export.csv` line `line`.
    static func row(_ pairs: [Field: String], line: Int = 7) -> ValidationOutcome {
        var all = pairs
        if all[.id] == nil { all[.id] = "u1" }
        return validator.validate(ProfileRecord(line: line, all), file: "export.csv")
    }

    /// The accepted profile of `row(pairs)`; fails the test when the row was rejected.
    static func profile(_ pairs: [Field: String], file: StaticString = #filePath, line: UInt = #line)
        -> ValidatedProfile?
    {
        guard let profile = row(pairs).profile else {
            XCTFail("row was rejected", file: file, line: line)
            return nil
        }
        return profile
    }

    /// `(rule, message)` of every finding for one field's value.
    static func problems(_ field: Field, _ value: String) -> [Problem] {
        row([field: value]).findings.map { Problem($0.rule, $0.message) }
    }

    /// The social link a platform field's value gives, or `nil`.
    static func social(_ field: Field, _ value: String) -> SocialLink? {
        row([field: value]).profile?.social.first
    }

    /// Validates `value` as a URL alone.
    static func url(_ value: String) -> Result<CheckedURL, Violation> {
        URLValidator().validate(value, field: "website")
    }

    static func link(_ value: String, file: StaticString = #filePath, line: UInt = #line) -> ValidLink? {
        switch url(value) {
        case .success(let checked): return checked.link
        case .failure(let violation):
            XCTFail("unexpected \(violation.rule): \(violation.message)", file: file, line: line)
            return nil
        }
    }

    static func violation(_ value: String) -> Problem? {
        if case .failure(let violation) = url(value) { return Problem(violation.rule, violation.message) }
        return nil
    }
}

/// A finding reduced to what most tests assert: its rule and exact message.
struct Problem: Equatable, CustomStringConvertible {
    var rule: String
    var message: String
    init(_ rule: String, _ message: String) {
        self.rule = rule
        self.message = message
    }
    var description: String { "\(rule): \(message)" }
}
