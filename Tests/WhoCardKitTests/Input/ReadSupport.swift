import XCTest
@testable import WhoCardKit

/// Reads a whole in-memory export and returns every item. A CSV export is also read with its
/// rows parsed on several threads in small pieces, which must give the same items.
func readItems(
    _ text: String, format: InputFormat = .csv, name: String = "export", fieldMap: FieldMap = FieldMap(),
    limits: ReaderLimits = .default, chunkSize: Int = 1 << 20, file: StaticString = #filePath, line: UInt = #line
) throws -> [ReadItem] {
    try readItems(
        bytes: Array(text.utf8), format: format, name: name, fieldMap: fieldMap, limits: limits, chunkSize: chunkSize,
        file: file, line: line)
}

func readItems(
    bytes: [UInt8], format: InputFormat = .csv, name: String = "export", fieldMap: FieldMap = FieldMap(),
    limits: ReaderLimits = .default, chunkSize: Int = 1 << 20, file: StaticString = #filePath, line: UInt = #line
) throws -> [ReadItem] {
    let items = try readItems(
        bytes: bytes, format: format, name: name, fieldMap: fieldMap, limits: limits, chunkSize: chunkSize, jobs: 1)
    if format == .csv {
        for (jobs, pieceBytes) in [(2, 1), (3, 13)] {
            let parallel = try readItems(
                bytes: bytes, format: format, name: name, fieldMap: fieldMap, limits: limits, chunkSize: chunkSize,
                jobs: jobs, pieceBytes: pieceBytes)
            XCTAssertEqual(
                summaries(parallel), summaries(items), "\(jobs) jobs, pieces of \(pieceBytes) bytes", file: file,
                line: line)
            XCTAssertEqual(parallel, items, "\(jobs) jobs, pieces of \(pieceBytes) bytes", file: file, line: line)
        }
    }
    return items
}

/// Reads a whole in-memory export, parsing CSV rows on `jobs` threads.
func readItems(
    bytes: [UInt8], format: InputFormat = .csv, name: String = "export", fieldMap: FieldMap = FieldMap(),
    limits: ReaderLimits = .default, chunkSize: Int, jobs: Int, pieceBytes: Int = 16 * 1024
) throws -> [ReadItem] {
    try readParsingAhead(
        bytes: bytes, format: format, name: name, fieldMap: fieldMap, limits: limits, chunkSize: chunkSize, jobs: jobs,
        pieceBytes: pieceBytes
    ).items
}

/// Reads a whole in-memory export, parsing CSV rows on `jobs` threads, and says how many
/// pieces parsed ahead were used and the most items queued at a time.
func readParsingAhead(
    bytes: [UInt8], format: InputFormat = .csv, name: String = "export", fieldMap: FieldMap = FieldMap(),
    limits: ReaderLimits = .default, chunkSize: Int, jobs: Int, pieceBytes: Int = 16 * 1024
) throws -> (items: [ReadItem], pieces: Int, mostQueued: Int) {
    let reader = try ExportReader(
        data: bytes, name: name, format: format, fieldMap: fieldMap, limits: limits, chunkSize: chunkSize)
    reader.parsingJobs = jobs
    reader.pieceBytes = pieceBytes
    var items: [ReadItem] = []
    while let item = try reader.next() {
        items.append(item)
        if items.count > 100_000 {
            XCTFail("reader does not end")
            break
        }
    }
    return (items, reader.parsedAhead.pieces, reader.parsedAhead.mostQueued)
}

extension ReadItem {
    var record: ProfileRecord? {
        if case .record(let record) = self { return record }
        return nil
    }

    var rejection: Finding? {
        if case .rejected(let finding) = self { return finding }
        return nil
    }

    var notice: Finding? {
        if case .notice(let finding) = self { return finding }
        return nil
    }

    /// A short form for exact comparisons: `record@2 id=1` / `rejected@3:5 row.field-count` / `notice@1 rule`.
    var summary: String {
        switch self {
        case .record(let record):
            let fields = Field.allCases.compactMap { field in record[field].map { "\(field.rawValue)=\($0)" } }
            return "record@\(record.line) " + fields.joined(separator: " ")
        case .rejected(let finding):
            return "rejected@\(finding.line)\(finding.column.map { ":\($0)" } ?? "") \(finding.rule)"
        case .notice(let finding):
            return "notice@\(finding.line)\(finding.column.map { ":\($0)" } ?? "") \(finding.rule)"
        }
    }
}

func summaries(_ items: [ReadItem]) -> [String] { items.map(\.summary) }
