import Foundation
import XCTest
@testable import WhoCardKit

/// Inputs built to exhaust memory or the stack, generated on the fly into a temporary file:
/// each gets a clear row error (or a clear file error), the rows after it are read as usual,
/// and the reader's peak memory stays far below the input's size.
final class ResourceLimitTests: XCTestCase {
    private var file: URL!

    override func setUpWithError() throws {
        file = FileManager.default.temporaryDirectory.appendingPathComponent("whocard-limits-\(UUID())")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: file)
    }

    /// Writes `parts` to the temporary file; a part `(text, n)` is `text` repeated `n` times,
    /// written 1 MiB at a time so the test itself stays small.
    private func write(_ parts: [(String, Int)]) throws -> String {
        _ = FileManager.default.createFile(atPath: file.path, contents: nil)
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        for (text, count) in parts {
            let unit = Array(text.utf8)
            let perChunk = max(1, (1 << 20) / max(1, unit.count))
            var chunk = [UInt8]()
            chunk.reserveCapacity(perChunk * unit.count)
            for _ in 0..<min(perChunk, count) { chunk += unit }
            var left = count
            while left > 0 {
                let n = min(perChunk, left)
                try handle.write(contentsOf: n == perChunk ? chunk : Array(chunk[0..<(n * unit.count)]))
                left -= n
            }
        }
        return file.path
    }

    // A field of 100 MB is also a row over the 1 MiB row limit, which the readers notice first.

    /// Every item of the export, and the reader's peak memory growth in bytes.
    private func readAll(_ path: String, _ format: InputFormat) throws -> (items: [ReadItem], peakGrowth: Int) {
        let before = PeakMemory.reset()
        let reader = try ExportReader(path: path, format: format)
        var items: [ReadItem] = []
        while let item = try reader.next() { items.append(item) }
        return (items, PeakMemory.current() - before)
    }

    private func summary(_ items: [ReadItem]) -> [String] {
        items.map {
            switch $0 {
            case .record(let r): "record \(r[.id] ?? "-") line \(r.line)"
            case .rejected(let f): "rejected \(f.rule) line \(f.line)"
            case .notice(let f): "notice \(f.rule)"
            }
        }
    }

    private let limit = 64 << 20  // far below each input's size

    func test100MBFieldInCSV() throws {
        let path = try write([("id,name,bio\nu1,Alice,", 1), ("a", 100 << 20), ("\nu2,Bob,fine\n", 1)])
        let (items, peak) = try readAll(path, .csv)
        XCTAssertEqual(summary(items), ["rejected row.too-long line 2", "record u2 line 3"])
        XCTAssertLessThan(peak, limit)
    }

    func test100MBFieldInJSONLines() throws {
        let path = try write([("{\"id\":\"u1\",\"bio\":\"", 1), ("a", 100 << 20), ("\"}\n{\"id\":\"u2\"}\n", 1)])
        let (items, peak) = try readAll(path, .jsonl)
        XCTAssertEqual(summary(items), ["rejected row.too-long line 1", "record u2 line 2"])
        XCTAssertLessThan(peak, limit)
    }

    func test100MBFieldInJSON() throws {
        let path = try write([("[\n{\"id\":\"u1\",\"bio\":\"", 1), ("a", 100 << 20), ("\"},\n{\"id\":\"u2\"}\n]\n", 1)])
        let (items, peak) = try readAll(path, .json)
        XCTAssertEqual(summary(items), ["rejected row.too-long line 2", "record u2 line 3"])
        XCTAssertLessThan(peak, limit)
    }

    func testAMillionColumnHeaderIsAClearError() throws {
        let path = try write([("id", 1), (",c", 999_999), ("\nu1\n", 1)])
        let before = PeakMemory.reset()
        XCTAssertThrowsError(try ExportReader(path: path, format: .csv)) { error in
            XCTAssertEqual(
                error as? InputError, .badHeader(path: path, line: 1, reason: "it is longer than 1048576 bytes"))
        }
        XCTAssertLessThan(PeakMemory.current() - before, limit)
    }

    func testAMillionColumnRowIsRejected() throws {
        let path = try write([("id,name\nu1", 1), (",", 999_999), ("\nu2,Bob\n", 1)])
        let (items, peak) = try readAll(path, .csv)
        XCTAssertEqual(summary(items), ["rejected row.field-count line 2", "record u2 line 3"])
        XCTAssertLessThan(peak, limit)
    }

    func testAMillionKeyObjectIsRejected() throws {
        let path = try write([("{\"id\":\"u1\"", 1), (",\"k\":1", 1_000_000), ("}\n{\"id\":\"u2\"}\n", 1)])
        let (items, peak) = try readAll(path, .jsonl)
        XCTAssertEqual(summary(items), ["rejected row.too-long line 1", "record u2 line 2"])
        XCTAssertLessThan(peak, limit)
    }

    func testJSONNested100000LevelsInAProfileIsRejected() throws {
        for format in [InputFormat.jsonl, .json] {
            let (open, close) = format == .json ? ("[\n", "]\n") : ("", "")
            let path = try write([
                (open + "{\"id\":\"u1\",\"bio\":", 1), ("[", 100_000), ("]", 100_000),
                ("}\n" + (format == .json ? ",\n" : ""), 1), ("{\"id\":\"u2\"}\n" + close, 1),
            ])
            let (items, _) = try readAll(path, format)
            XCTAssertEqual(
                summary(items),
                [
                    "rejected row.json-syntax line \(format == .json ? 2 : 1)",
                    "record u2 line \(format == .json ? 4 : 2)",
                ], "\(format)")
        }
    }

    func testJSONDocumentNested100000LevelsIsOneRejectedRow() throws {
        // The outer array's one element is 99,999 arrays deep: one bad row, no stack overflow.
        let path = try write([("[", 100_000), ("]", 100_000), ("\n", 1)])
        XCTAssertEqual(summary(try readAll(path, .json).items), ["rejected row.json-syntax line 1"])
    }
}

/// The process's peak resident memory (VmHWM), which `reset()` sets back to the current size.
enum PeakMemory {
    /// Resets the peak (writing 5 to /proc/self/clear_refs) and returns the current size.
    static func reset() -> Int {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
        return current()
    }

    /// The peak resident size in bytes since the last reset.
    static func current() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kb = Int(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kb * 1024
    }
}
