import XCTest
@testable import WhoCardKit

final class ProfileRecordTests: XCTestCase {
    func testValuesRoundTripInAnyFieldAndEmptyIsAbsent() {
        var record = ProfileRecord(line: 7, [.id: "u1", .bio: "Grüße, 東京 🌍", .name: ""])
        XCTAssertEqual(record[.id], "u1")
        XCTAssertEqual(record[.bio], "Grüße, 東京 🌍")
        XCTAssertNil(record[.name])
        XCTAssertNil(record[.twitterURL])

        record[.twitterURL] = "https://x.com/alice"
        record[.id] = "a-much-longer-user-identifier-than-fifteen-bytes"
        XCTAssertEqual(record[.twitterURL], "https://x.com/alice")
        XCTAssertEqual(record[.id], "a-much-longer-user-identifier-than-fifteen-bytes")
        XCTAssertEqual(record[.bio], "Grüße, 東京 🌍")
        XCTAssertEqual(record.line, 7)
    }

    func testEqualityFollowsFieldBoundariesNotJustText() {
        // Same bytes back to back, split differently between fields.
        let a = ProfileRecord([.id: "ab", .name: "c"])
        let b = ProfileRecord([.id: "a", .name: "bc"])
        XCTAssertNotEqual(a, b)
        XCTAssertEqual(a, ProfileRecord([.id: "ab", .name: "c"]))
    }
}
