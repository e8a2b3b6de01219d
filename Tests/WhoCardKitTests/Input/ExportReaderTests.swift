import Foundation
import XCTest
@testable import WhoCardKit

final class ExportReaderTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("whocard-input-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func write(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    private func readAll(_ reader: ExportReader) throws -> [ReadItem] {
        var items: [ReadItem] = []
        while let item = try reader.next() { items.append(item) }
        return items
    }

    func testInferFormatFromPath() {
        XCTAssertEqual(InputFormat.infer(fromPath: "a/b/export.CSV"), .csv)
        XCTAssertEqual(InputFormat.infer(fromPath: "export.json"), .json)
        XCTAssertEqual(InputFormat.infer(fromPath: "export.jsonl"), .jsonl)
        XCTAssertEqual(InputFormat.infer(fromPath: "export.ndjson"), .jsonl)
        XCTAssertNil(InputFormat.infer(fromPath: "export.txt"))
        XCTAssertNil(InputFormat.infer(fromPath: "dir.csv/export"))
        XCTAssertNil(InputFormat.infer(fromPath: ".csv"))
        XCTAssertNil(InputFormat.infer(fromPath: "-"))
    }

    func testStdinSniffing() {
        XCTAssertEqual(InputFormat.sniff(firstByte: UInt8(ascii: "[")), .json)
        XCTAssertEqual(InputFormat.sniff(firstByte: UInt8(ascii: "{")), .jsonl)
        XCTAssertEqual(InputFormat.sniff(firstByte: UInt8(ascii: "i")), .csv)
        XCTAssertEqual(InputFormat.sniff(firstByte: nil), .csv)
    }

    func testReadsFilesByExtensionAndReportsProgress() throws {
        let csv = try write("export.csv", "id,name\n1,Ann\n")
        let reader = try ExportReader(path: csv)
        XCTAssertEqual(reader.format, .csv)
        XCTAssertEqual(reader.totalBytes, 14)
        XCTAssertEqual(summaries(try readAll(reader)), ["record@2 id=1 name=Ann"])
        XCTAssertEqual(reader.bytesRead, 14)

        let jsonl = try write("export.ndjson", "{\"id\":\"1\"}\n")
        XCTAssertEqual(summaries(try readAll(try ExportReader(path: jsonl))), ["record@1 id=1"])
    }

    func testExplicitFormatOverridesTheExtension() throws {
        let path = try write("export.txt", "[{\"id\":\"9\"}]")
        XCTAssertEqual(summaries(try readAll(try ExportReader(path: path, format: .json))), ["record@1 id=9"])
    }

    func testFileReadInSmallChunksMatchesWholeRead() throws {
        var csv = "id,name,bio\n"
        for n in 1...300 { csv += "\(n),\"Name \(n)\",\"bio, \"\"quoted\"\"\nsecond line\"\n" }
        let path = try write("big.csv", csv)
        let whole = try readAll(try ExportReader(path: path))
        let chunked = try readAll(
            try ExportReader(path: path, format: nil, fieldMap: FieldMap(), limits: .default, chunkSize: 5))
        XCTAssertEqual(whole.count, 300)
        XCTAssertEqual(chunked, whole)
        XCTAssertEqual(whole.last?.record?.line, 600)
    }

    func testMissingFile() {
        let path = directory.appendingPathComponent("nope.csv").path
        XCTAssertThrowsError(try ExportReader(path: path)) { error in
            XCTAssertEqual(error as? InputError, .notFound(path: path))
            XCTAssertEqual("\(error)", "cannot read '\(path)': no such file. Check the --input path.")
        }
    }

    func testDirectory() throws {
        let path = directory.appendingPathComponent("dir.csv").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        XCTAssertThrowsError(try ExportReader(path: path)) { error in
            XCTAssertEqual(error as? InputError, .isFolder(path: path))
            XCTAssertEqual(
                "\(error)",
                "'\(path)' is a folder, not an export file. Give the export file itself, e.g. --input \(path)/export.csv."
            )
        }
    }

    func testEmptyFile() throws {
        let path = try write("empty.json", "")
        XCTAssertThrowsError(try ExportReader(path: path)) { error in
            XCTAssertEqual(error as? InputError, .empty(path: path))
        }
    }

    func testUnknownExtension() throws {
        let path = try write("export.xlsx", "id\n1\n")
        XCTAssertThrowsError(try ExportReader(path: path)) { error in
            XCTAssertEqual(error as? InputError, .unknownFormat(path: path))
            XCTAssertEqual(
                "\(error)",
                "cannot tell the format of '\(path)' from its name. Name it .csv, .json, .jsonl or .ndjson, or give --input-format csv|json|jsonl."
            )
        }
    }

    func testFixtureExports() throws {
        let expectedRejections = [
            "export.csv": ["row.field-count"], "export.json": ["row.json-type"], "export.jsonl": ["row.json-syntax"],
        ]
        for name in ["export.csv", "export.json", "export.jsonl"] {
            let path = Fixtures.url("Input/\(name)").path
            let items = try readAll(try ExportReader(path: path))
            let records = items.compactMap(\.record)
            XCTAssertEqual(records.map { $0[.id] }, ["1001", "1002", "1003"], name)
            XCTAssertEqual(records[0][.twitterURL], "https://x.com/ann_lee", name)
            XCTAssertEqual(records[1][.supportHours], "Mon–Fri 9:00–17:00 CET", name)
            // A line break inside a quoted CSV field is kept as written (this fixture uses CRLF).
            let lineBreak = name == "export.csv" ? "\r\n" : "\n"
            XCTAssertEqual(records[2][.bio], "Builds \"fast\" things,\(lineBreak)ships them.", name)
            XCTAssertEqual(items.compactMap(\.rejection).map(\.rule), expectedRejections[name], name)
        }
    }
}
