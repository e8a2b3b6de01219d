import Foundation
import XCTest

/// A huge export on standard input with one bad row in the middle: `whocard check` streams it
/// in bounded memory, rejects exactly that row and accepts every other.
///
/// 200 MB by default; `WHOCARD_LARGE_TESTS=1` sends 2 GB (docs/security.md).
final class HostileInputTests: XCTestCase {
    func testHugeStdinExportWithOneBadRowStaysBounded() throws {
        let large = ProcessInfo.processInfo.environment["WHOCARD_LARGE_TESTS"] == "1"
        let total = large ? 2 << 30 : 200 << 20
        // About 450 bytes a row: an id, a name, a valid link and a bio of plain text.
        let bio = String(repeating: "Quality handmade goods shipped worldwide. ", count: 9)
        let rowTail = Array(",Alice Moreau,Acme,https://x.com/alicemoreau,\(bio)\n".utf8)
        let header = Array("id,name,provider,twitter_url,bio\n".utf8)
        let rowsPerChunk = (1 << 20) / (rowTail.count + 11)
        let chunks = total / (rowsPerChunk * (rowTail.count + 11))
        let expectedRows = chunks * rowsPerChunk + 1

        let result = try ProcessProbe.run(
            WhoCardBinary.executableURL, ["check", "--input", "-", "--input-format", "csv", "--fail-on", "never"]
        ) { write in
            guard write(header) else { return }
            var chunk = [UInt8]()
            chunk.reserveCapacity(rowsPerChunk * (rowTail.count + 11) + 64)
            var id = 0
            for index in 0..<chunks {
                chunk.removeAll(keepingCapacity: true)
                for _ in 0..<rowsPerChunk {
                    // "u" and a 10-digit id: every row 11 + rowTail bytes, ids unique.
                    chunk.append(UInt8(ascii: "u"))
                    var digits = [UInt8](repeating: UInt8(ascii: "0"), count: 10)
                    var n = id
                    var i = 9
                    while n > 0 {
                        digits[i] = UInt8(ascii: "0") + UInt8(n % 10)
                        n /= 10
                        i -= 1
                    }
                    chunk += digits
                    chunk += rowTail
                    id += 1
                }
                if index == chunks / 2 {
                    chunk +=
                        Array("bad-row,".utf8) + [0xFF, 0xFE] + Array(" not UTF-8,Acme,https://x.com/bad,bio\n".utf8)
                }
                guard write(chunk) else { return }
            }
        }
        print(
            "whocard check of \(result.bytesWritten) bytes on stdin: \(String(format: "%.1f", result.seconds)) s, peak memory \(result.peakMemory >> 20) MB"
        )
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertGreaterThanOrEqual(result.bytesWritten, total * 9 / 10)
        XCTAssertTrue(
            result.stdout.contains("\(expectedRows) rows: \(expectedRows - 1) accepted, 1 rejected"),
            String(result.stdout.suffix(600)))
        XCTAssertTrue(result.stdout.contains("row.encoding"), String(result.stdout.prefix(600)))
        XCTAssertGreaterThan(result.peakMemory, 0, "VmHWM could not be read")
        // 2 GB: 603 MB before check stopped keeping clean rows, 141 MB since, with the compact
        // duplicate-id table (about 20 bytes an id); see docs/security.md.
        XCTAssertLessThan(result.peakMemory, 150 << 20, "peak memory \(result.peakMemory >> 20) MB")
    }
}
