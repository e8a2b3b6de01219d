import XCTest
@testable import WhoCardKit

/// The compact id → first line table behind `id.duplicate`, and the keyed hash it stands on.
final class FirstLineTableTests: XCTestCase {
    func testSipHash128MatchesTheReferenceVectors() {
        // vectors_sip128 of the reference implementation (github.com/veorq/SipHash, vectors.h):
        // key 00 01 … 0f, message 00 01 … (n-1) for n bytes.
        let expected: [Int: String] = [
            0: "a3817f04ba25a8e66df67214c7550293",
            1: "da87c1d86b99af44347659119b22fc45",
            7: "a1f1ebbed8dbc153c0b84aa61ff08239",
            8: "3b62a9ba6258f5610f83e264f31497b4",
            15: "5493e99933b0a8117e08ec0f97cfc3d9",
            16: "6ee2a4ca67b054bbfd3315bf85230577",
            63: "5150d1772f50834a503e069a973fbd7c",
        ]
        let hash = SipHash128(k0: 0x0706_0504_0302_0100, k1: 0x0f0e_0d0c_0b0a_0908)
        for (count, hex) in expected {
            let message = (0..<count).map { UInt8($0) }
            let (first, second) = message.withUnsafeBufferPointer { hash.hash(bytes: $0) }
            let bytes =
                (0..<8).map { UInt8(truncatingIfNeeded: first >> (8 * $0)) }
                + (0..<8).map { UInt8(truncatingIfNeeded: second >> (8 * $0)) }
            XCTAssertEqual(bytes.map { String(format: "%02x", $0) }.joined(), hex, "\(count) bytes")
        }
        let text = String(decoding: (0..<15).map { UInt8(ascii: "a") + UInt8($0) }, as: UTF8.self)
        XCTAssertTrue(hash.hash(text) == Array(text.utf8).withUnsafeBufferPointer { hash.hash(bytes: $0) })
    }

    func testAReservedTableAnswersAsAGrownOne() {
        // Reserved for fewer ids than it gets, partly filled before the reservation, or not reserved at all.
        var reserved = FirstLineTable()
        var grown = FirstLineTable()
        for i in 0..<500 { XCTAssertNil(reserved.firstLine(of: "u\(i)", recordingIfNew: i + 2)) }
        reserved.reserve(ids: 20_000)
        // The room is there at once, and half of it fills without growing (the ids spread over
        // the shards unevenly, so a shard may grow before all 20,000 are in).
        let reservedBytes = reserved.slotBytes
        XCTAssertGreaterThanOrEqual(reservedBytes, 20_000 * 16)
        for i in 500..<10_000 { XCTAssertNil(reserved.firstLine(of: "u\(i)", recordingIfNew: i + 2)) }
        XCTAssertEqual(reserved.slotBytes, reservedBytes)
        for i in 10_000..<30_000 { XCTAssertNil(reserved.firstLine(of: "u\(i)", recordingIfNew: i + 2)) }
        for i in 0..<30_000 { XCTAssertNil(grown.firstLine(of: "u\(i)", recordingIfNew: i + 2)) }
        for i in stride(from: 0, to: 30_000, by: 7) {
            XCTAssertEqual(reserved.firstLine(of: "u\(i)", recordingIfNew: 99_999), i + 2)
            XCTAssertEqual(grown.firstLine(of: "u\(i)", recordingIfNew: 99_999), i + 2)
        }
        XCTAssertEqual(reserved.count, 30_000)
        XCTAssertNil(reserved.firstLine(of: "new", recordingIfNew: 5))
    }

    func testEachTableDrawsItsOwnKey() {
        let (a, b) = (SipHash128().hash("alice"), SipHash128().hash("alice"))
        XCTAssertFalse(a == b, "two random keys gave the same hash")
    }

    func testTheFirstLineWinsAndIDsAreCaseSensitive() {
        var table = FirstLineTable()
        XCTAssertNil(table.firstLine(of: "alice", recordingIfNew: 2))
        XCTAssertNil(table.firstLine(of: "bob", recordingIfNew: 3))
        XCTAssertEqual(table.firstLine(of: "alice", recordingIfNew: 4), 2)
        XCTAssertEqual(table.firstLine(of: "alice", recordingIfNew: 9), 2)
        XCTAssertNil(table.firstLine(of: "Alice", recordingIfNew: 5))
        XCTAssertNil(table.firstLine(of: "alice ", recordingIfNew: 6))
        XCTAssertNil(table.firstLine(of: "", recordingIfNew: 7))
        XCTAssertEqual(table.firstLine(of: "", recordingIfNew: 8), 7)
        XCTAssertEqual(table.count, 5)
    }

    func testLinesBeyond32BitsAreKept() {
        var table = FirstLineTable()
        let lines = [1, 4_294_967_294, 4_294_967_295, 4_294_967_296, 5_000_000_000, 0, -3, Int.max]
        for (index, line) in lines.enumerated() {
            XCTAssertNil(table.firstLine(of: "user\(index)", recordingIfNew: line))
        }
        for (index, line) in lines.enumerated() {
            XCTAssertEqual(table.firstLine(of: "user\(index)", recordingIfNew: 7), line, "user\(index)")
        }
        XCTAssertEqual(table.count, lines.count)
    }

    func testManyIDsGrowTheTableAndEveryDuplicateNamesItsFirstLine() {
        var table = FirstLineTable()
        let count = 300_000
        XCTAssertEqual(table.slotBytes, 0)
        var sizes: [Int] = []
        for n in 0..<count {
            XCTAssertNil(table.firstLine(of: "u\(n)", recordingIfNew: n + 2))
            if n % 10_000 == 0 && sizes.last != table.slotBytes { sizes.append(table.slotBytes) }
        }
        XCTAssertEqual(table.count, count)
        XCTAssertGreaterThan(sizes.count, 10, "the table grew step by step: \(sizes)")
        // Every id again, in another order: each is a duplicate of its own first line.
        var wrong = 0
        for n in stride(from: count - 1, through: 0, by: -1)
        where table.firstLine(of: "u\(n)", recordingIfNew: 1) != n + 2 {
            wrong += 1
        }
        XCTAssertEqual(wrong, 0)
        XCTAssertEqual(table.count, count)
        // 16-byte slots, 70–87.5 % full: 18–23 bytes an id. (The [String: Int] it replaces took
        // 32–64 bytes an id, 24-byte buckets at most 75 % full, plus the old buckets while it
        // doubled and the heap copy of every id longer than 15 bytes.)
        let perID = Double(table.slotBytes) / Double(count)
        XCTAssertGreaterThanOrEqual(perID, 16 / 0.875, "fuller than the table allows")
        XCTAssertLessThan(perID, 24, "\(perID) bytes an id")
    }
}
