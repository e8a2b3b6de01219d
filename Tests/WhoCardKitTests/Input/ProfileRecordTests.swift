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

    /// The canonical bytes are every field's end offset (UInt32, little-endian), then the
    /// values: the layout a build's input digests were made from, so a manifest written before
    /// still matches an unchanged row.
    func testCanonicalBytesAreTheEndOffsetsThenTheValues() {
        let record = ProfileRecord(line: 7, [.id: "a", .name: "Bob", .bio: "é"])
        var expected: [UInt8] = []
        var end: UInt32 = 0
        for field in Field.allCases {
            end += UInt32(record[field]?.utf8.count ?? 0)
            withUnsafeBytes(of: end.littleEndian) { expected += $0 }
        }
        expected += Array("aBobé".utf8)
        XCTAssertEqual(record.withCanonicalBytes { Array($0) }, expected)
        XCTAssertEqual(expected.count, 4 * Field.allCases.count + 6)
    }
}
