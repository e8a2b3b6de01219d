import XCTest

@testable import WhoCardKit

/// Parsing a CSV export's rows on several threads (``ExportReader/parsingJobs``) gives the
/// items reading in order gives: the same rows, lines, columns, findings and recovery, however
/// the window and its pieces are cut (inside quoted fields that hold line feeds, inside CRLF,
/// beside rows that are rejected, skipped or never end).
final class CSVParallelReadingTests: XCTestCase {
    typealias Generator = CleanRowTests.Generator

    /// One row of a hostile export: the kinds of row that make reading in order branch.
    static func row(_ n: Int, _ random: inout Generator, crlf: Bool) -> String {
        let end = crlf ? "\r\n" : "\n"
        switch random.below(16) {
        case 0:
            // A quoted bio holding line feeds and text that looks like rows.
            return "u\(n),\"Name \(n)\",\"line one\nu\(n + 1),Evil,https://x.com/evil\n\"\"quoted\"\"\"\(end)"
        case 1: return end  // blank
        case 2: return "  \t\(end)"  // blank with white space
        case 3: return "u\(n),only two\(end)"  // too few fields
        case 4: return "u\(n),a,b,c,d\(end)"  // too many fields
        case 5: return "u\(n),\"closed\"then text,bio\(end)"  // text after a closing quote
        case 6:
            // Text after a quote that closes on a later line: skipped to the record's real end.
            return "u\(n),\"Ann\nu\(n + 1),Evil\n\"x,bio\nstill\(end)"
        case 7: return "u\(n),\(String(repeating: "w", count: 70)),bio\(end)"  // field over the limit
        case 8:
            // A row over the limit whose quoted field holds lines that look like rows.
            return "u\(n),Long,\"\(String(repeating: "u9,Smuggled,x\n", count: 12))\"\(end)"
        case 9: return "u\(n),Zo\u{EB} \u{5F20},\u{1F600}\(end)"  // non-ASCII
        case 10: return "u\(n),bad \u{FFFD} byte,bio\(end)".replacingOccurrences(of: "\u{FFFD}", with: "\u{1}")
        case 11: return "u\(n),a\"quote\"inside,bio\(end)"  // a quote inside an unquoted field is text
        case 12: return "u\(n),\"\",\"\"\"\"\(end)"  // empty quoted fields and a lone quote
        case 13: return "u\(n),\"Name\r\nwith CRLF\",bio\r\n"
        default: return "u\(n),Name \(n),Bio of \(n)\(end)"
        }
    }

    /// An export of `rows` hostile rows; the last may lack its line break or leave a quote open.
    static func export(rows: Int, seed: UInt64) -> [UInt8] {
        var random = Generator(state: seed)
        let crlf = random.below(3) == 0
        var text = (random.below(4) == 0 ? "\u{FEFF}" : "") + "id,name,bio" + (crlf ? "\r\n" : "\n")
        for n in 0..<rows { text += row(n, &random, crlf: crlf) }
        switch random.below(4) {
        case 0: text += "u\(rows),last,no line break"
        case 1: text += "u\(rows),\"never closed\nu\(rows + 1),Evil,x\n"
        default: break
        }
        // Invalid UTF-8 where the rows asked for it.
        return text.utf8.map { $0 == 1 ? 0xFF : $0 }
    }

    func testManyThreadsReadWhatOneReads() throws {
        let limits = ReaderLimits(maxFieldBytes: 64, maxRowBytes: 120)
        var checkedRows = 0
        var piecesUsed = 0
        for seed in UInt64(1)...60 {
            var random = Generator(state: seed &* 7919)
            let bytes = Self.export(rows: 40 + random.below(200), seed: seed)
            let chunk = random.pick([7, 64, 333, 4096, 1 << 20])
            let sequential = try readItems(bytes: bytes, limits: limits, chunkSize: chunk, jobs: 1)
            XCTAssertTrue(sequential.contains { $0.rejection != nil }, "seed \(seed) has no rejected row")
            for (jobs, pieceBytes) in [(2, 1), (2, 17), (3, 64), (4, 512)] {
                let (parallel, pieces, _) = try readParsingAhead(
                    bytes: bytes, limits: limits, chunkSize: chunk, jobs: jobs, pieceBytes: pieceBytes)
                piecesUsed += pieces
                XCTAssertEqual(
                    summaries(parallel), summaries(sequential),
                    "seed \(seed), chunk \(chunk), \(jobs) jobs, pieces of \(pieceBytes)")
                XCTAssertEqual(
                    parallel, sequential, "seed \(seed), chunk \(chunk), \(jobs) jobs, pieces of \(pieceBytes)")
            }
            checkedRows += sequential.count
        }
        XCTAssertGreaterThan(checkedRows, 5_000)
        // Rows were parsed ahead, not all read in order.
        XCTAssertGreaterThan(piecesUsed, 1_000)
    }

    /// A cut inside a quoted field is found out: the field's lines never become rows, and the
    /// rows after it keep their line numbers.
    func testACutInsideAQuotedFieldMakesNoRows() throws {
        let bio = (1...50).map { "u\(1000 + $0),Smuggled \($0),https://x.com/evil" }.joined(separator: "\n")
        var csv = "id,name,bio\n"
        for n in 0..<20 { csv += "u\(n),Name \(n),\"\(bio)\"\n" }
        csv += "u99,Last,ok\n"
        // Pieces of 16 bytes cut at almost every line feed, most of them inside a bio.
        let (items, pieces, _) = try readParsingAhead(
            bytes: Array(csv.utf8), chunkSize: 1 << 20, jobs: 2, pieceBytes: 16)
        XCTAssertGreaterThan(pieces, 0)
        XCTAssertEqual(items.count, 21)
        XCTAssertEqual(items.compactMap { $0.record?[.id] }, (0..<20).map { "u\($0)" } + ["u99"])
        XCTAssertEqual(items.compactMap { $0.record?.line }, (0..<20).map { 2 + 50 * $0 } + [1002])
    }

    /// The items come out in the same order when the pieces are parsed on more threads than
    /// there are cores, and a read with the default pieces (16 KiB) is cut too.
    func testDefaultPiecesOnALargeExport() throws {
        var csv = "id,name,bio\n"
        for n in 0..<20_000 {
            csv += n % 97 == 0 ? "u\(n),\"Multi\nline\",x\n" : n % 89 == 0 ? "u\(n),short\n" : "u\(n),Name \(n),Bio\n"
        }
        let bytes = Array(csv.utf8)
        let sequential = try readItems(bytes: bytes, chunkSize: 1 << 16, jobs: 1)
        let (parallel, pieces, _) = try readParsingAhead(bytes: bytes, chunkSize: 1 << 16, jobs: 8)
        XCTAssertGreaterThan(pieces, 0)
        XCTAssertEqual(parallel, sequential)
        XCTAssertEqual(sequential.count, 20_000)
    }

    /// A window of more tiny rows than are parsed ahead at a time (16,384) is parsed in turns,
    /// never more than that many queued, and comes out whole and in order.
    func testAWindowOfTinyRowsIsParsedInTurns() throws {
        var csv = "id,name\n"
        for n in 0..<50_000 { csv += n % 1_000 == 999 ? "u\(n),\"a\nb\"\n" : "u\(n),\n" }
        let bytes = Array(csv.utf8)
        XCTAssertLessThan(bytes.count, 1 << 20)
        let sequential = try readItems(bytes: bytes, chunkSize: 1 << 20, jobs: 1)
        for pieceBytes in [1_024, 64 * 1_024] {
            let (parallel, pieces, mostQueued) = try readParsingAhead(
                bytes: bytes, chunkSize: 1 << 20, jobs: 2, pieceBytes: pieceBytes)
            XCTAssertEqual(parallel, sequential, "pieces of \(pieceBytes) bytes")
            XCTAssertGreaterThan(pieces, 0, "pieces of \(pieceBytes) bytes")
            // A piece of 64 KiB holds 16,000 rows or more: the bound still holds.
            XCTAssertLessThanOrEqual(mostQueued, CSVReader.maxRowsAhead, "pieces of \(pieceBytes) bytes")
            XCTAssertGreaterThan(mostQueued, CSVReader.maxRowsAhead / 2, "pieces of \(pieceBytes) bytes")
        }
        XCTAssertEqual(sequential.count, 50_000)
    }

    /// The line feeds of a piece are counted eight bytes at a time, exactly: no byte next to a
    /// line feed (0x0B after it, 0x8A, 0xFF) counts as one, at any alignment.
    func testLineFeedsAreCountedExactly() {
        var random = Generator(state: 11)
        for length in 0..<80 {
            let bytes: [UInt8] = (0..<length).map { _ in random.pick([0x0A, 0x0B, 0x09, 0x8A, 0xFF, 0x00, 0x41, 0x0A]) }
            let expected = bytes.filter { $0 == 0x0A }.count
            bytes.withUnsafeBufferPointer { p in
                for start in 0...min(9, length) {
                    XCTAssertEqual(
                        CSVRowParser.lineFeeds(in: p, from: start, to: length),
                        bytes[start...].filter { $0 == 0x0A }.count, "length \(length), from \(start)")
                }
                XCTAssertEqual(CSVRowParser.lineFeeds(in: p, from: 0, to: length), expected)
            }
        }
    }

    /// Long rows are counted a line feed at a time, runs of short ones by words (from 64 short
    /// rows on, for 64 KiB): the count is exact across every switch between the two, wherever
    /// a range starts and ends.
    func testLineFeedsAreCountedExactlyAcrossShortAndLongRows() {
        var random = Generator(state: 23)
        var bytes: [UInt8] = []
        while bytes.count < 400_000 {
            // A run of rows, all short (0–30 bytes) or all long (31–400 bytes).
            let short = random.pick([true, false])
            for _ in 0..<random.pick([1, 10, 63, 64, 65, 200, 5_000]) {
                let length = short ? random.pick([0, 1, 2, 7, 30]) : random.pick([31, 32, 100, 400])
                bytes += (0..<length).map { _ in random.pick([0x0B, 0x8A, 0xFF, 0x41, 0x2C, 0x09]) }
                bytes.append(0x0A)
            }
        }
        bytes.withUnsafeBufferPointer { p in
            for _ in 0..<200 {
                let start = random.pick(Array(0..<1_000) + [0, 65_536, 131_071])
                let end = max(start, bytes.count - random.pick([0, 1, 7, 65_537, 200_000]))
                XCTAssertEqual(
                    CSVRowParser.lineFeeds(in: p, from: start, to: end),
                    bytes[start..<end].filter { $0 == 0x0A }.count, "from \(start) to \(end)")
            }
        }
    }
}
