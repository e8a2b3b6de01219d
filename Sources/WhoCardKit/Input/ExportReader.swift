/// Reads a settings export one row at a time, whatever its format.
///
/// Memory stays bounded by the longest row, so exports of millions of profiles stream.
/// Rows that cannot be read come back as ``ReadItem/rejected(_:)`` findings and reading goes
/// on; only problems with the file as a whole (missing, empty, no id column, not a JSON
/// array) throw ``InputError``.
///
/// Recovery, so one bad row never hides the others:
/// - CSV: a row with a bad field (too long, invalid UTF-8) or the wrong number of fields is
///   rejected and the next row is read. A row whose quoting breaks (a quote still open at the
///   end of the file or after ``ReaderLimits/maxRowBytes``, text after a closing quote) is
///   rejected and reading resumes at the line after the row's first line, so the rows a
///   runaway quote swallowed are read again.
/// - JSON: a profile object that cannot be parsed is rejected and reading resumes at the next
///   line whose first non-blank character is `{`. Unused keys are reported once, after the last profile.
/// - JSON Lines: a bad line is rejected and the next line is read.
///
/// ```swift
/// let reader = try ExportReader(path: "export.csv")
/// while let item = try reader.next() { … }
/// ```
public final class ExportReader {
    private enum Backend {
        case csv(CSVReader)
        case json(JSONReader)
    }

    /// The format being read.
    public let format: InputFormat
    /// The export's name in findings (`-` for standard input).
    public var name: String { source.name }

    private let source: ByteSource
    private let backend: Backend

    /// Opens the export at `path` (`-` reads standard input).
    ///
    /// The format comes from `format`, else from the file extension. Standard input without a
    /// format is sniffed from its first non-blank byte: `[` is JSON, `{` is JSON Lines, anything
    /// else CSV. A CSV header is read here, so a missing id column throws now.
    public convenience init(
        path: String, format: InputFormat? = nil, fieldMap: FieldMap = FieldMap(), limits: ReaderLimits = .default
    ) throws(InputError) {
        try self.init(
            path: path, format: format, fieldMap: fieldMap, limits: limits, chunkSize: ByteSource.defaultChunkSize)
    }

    /// Reads an export held in memory; `name` is used in findings.
    public convenience init(
        data: [UInt8], name: String, format: InputFormat, fieldMap: FieldMap = FieldMap(),
        limits: ReaderLimits = .default
    ) throws(InputError) {
        try self.init(
            data: data, name: name, format: format, fieldMap: fieldMap, limits: limits,
            chunkSize: ByteSource.defaultChunkSize)
    }

    convenience init(
        path: String, format: InputFormat?, fieldMap: FieldMap, limits: ReaderLimits, chunkSize: Int
    ) throws(InputError) {
        var resolved = format ?? InputFormat.infer(fromPath: path)
        if resolved == nil && path != "-" { throw .unknownFormat(path: path) }
        let source = try ByteSource(path: path, chunkSize: chunkSize)
        if resolved == nil { resolved = try ExportReader.sniff(source) }
        try self.init(source: source, format: resolved ?? .csv, fieldMap: fieldMap, limits: limits)
    }

    convenience init(
        data: [UInt8], name: String, format: InputFormat, fieldMap: FieldMap, limits: ReaderLimits, chunkSize: Int
    ) throws(InputError) {
        try self.init(
            source: ByteSource(bytes: data, name: name, chunkSize: chunkSize), format: format, fieldMap: fieldMap,
            limits: limits)
    }

    private init(source: ByteSource, format: InputFormat, fieldMap: FieldMap, limits: ReaderLimits) throws(InputError) {
        self.source = source
        self.format = format
        switch format {
        case .csv: backend = .csv(try CSVReader(source: source, fieldMap: fieldMap, limits: limits))
        case .json: backend = .json(try JSONReader(source: source, lines: false, fieldMap: fieldMap, limits: limits))
        case .jsonl: backend = .json(try JSONReader(source: source, lines: true, fieldMap: fieldMap, limits: limits))
        }
    }

    /// The next row or file-level finding, or `nil` after the last one.
    public func next() throws(InputError) -> ReadItem? {
        switch backend {
        case .csv(let reader): try reader.next()
        case .json(let reader): try reader.next()
        }
    }

    /// Bytes read from the export so far, for progress.
    public var bytesRead: Int { source.bytesRead }

    /// The export's size in bytes, when known (not for pipes).
    public var totalBytes: Int? { source.totalBytes }

    /// The format of standard input from its first non-blank byte (after a byte-order mark).
    private static func sniff(_ source: ByteSource) throws(InputError) -> InputFormat {
        var i = source.start
        while true {
            while i < source.end {
                let b = source.buffer[i]
                switch b {
                case 0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF: i += 1
                default: return InputFormat.sniff(firstByte: b)
                }
            }
            let consumed = source.start
            if !(try source.fill()) { return .csv }
            i -= consumed
        }
    }
}
