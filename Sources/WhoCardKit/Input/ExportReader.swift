/// Reads a settings export one row at a time, whatever its format.
///
/// Memory stays bounded by the longest row, so exports of millions of profiles stream.
/// Rows that cannot be read come back as ``ReadItem/rejected(_:)`` findings and reading goes
/// on; only problems with the file as a whole (missing, empty, no id column, not a JSON
/// array) throw ``InputError``.
///
/// Every row ends as a record or a rejection, and the reader never makes rows out of text
/// inside a field. Recovery, so one bad row never hides the others:
/// - CSV: a row with a bad field (too long, invalid UTF-8) or the wrong number of fields is
///   rejected and the next row is read. A row whose structure breaks (over
///   ``ReaderLimits/maxRowBytes``, text after a closing quote) is rejected and skipped to its
///   real end, the next line break outside quotes.
/// - JSON: a profile object that cannot be parsed is rejected and reading resumes after its
///   end, found by following its brackets and strings. Unused keys are reported once, after
///   the last profile.
/// - JSON Lines: a bad line is rejected and the next line is read.
///
/// When the rest of the input cannot be accounted for (a quote or string never closed, a
/// document cut off, a read error), the reader hands out one `export.incomplete` finding and
/// stops; a header with no rows gives `export.empty`. Both are errors: a build then removes no
/// card (see ``CheckReport/isIncomplete``).
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
    ///
    /// `delimiter` forces a CSV export's delimiter; by default it is read from the header line.
    /// `records` (dotted) names a JSON document's profile array inside its wrapper object; by
    /// default the `users` or `providers` member.
    public convenience init(
        path: String, format: InputFormat? = nil, fieldMap: FieldMap = FieldMap(), limits: ReaderLimits = .default,
        delimiter: CSVDelimiter? = nil, records: String? = nil
    ) throws(InputError) {
        try self.init(
            path: path, format: format, fieldMap: fieldMap, limits: limits, chunkSize: ByteSource.defaultChunkSize,
            delimiter: delimiter, records: records)
    }

    /// Reads an export held in memory; `name` is used in findings.
    public convenience init(
        data: [UInt8], name: String, format: InputFormat, fieldMap: FieldMap = FieldMap(),
        limits: ReaderLimits = .default, delimiter: CSVDelimiter? = nil, records: String? = nil
    ) throws(InputError) {
        try self.init(
            data: data, name: name, format: format, fieldMap: fieldMap, limits: limits,
            chunkSize: ByteSource.defaultChunkSize, delimiter: delimiter, records: records)
    }

    convenience init(
        path: String, format: InputFormat?, fieldMap: FieldMap, limits: ReaderLimits, chunkSize: Int,
        delimiter: CSVDelimiter? = nil, records: String? = nil
    ) throws(InputError) {
        // Opened first, so a folder or a missing file is said before a name without an extension.
        let source = try ByteSource(path: path, chunkSize: chunkSize)
        var resolved = format ?? InputFormat.infer(fromPath: path)
        if resolved == nil && path != "-" { throw .unknownFormat(path: path) }
        if resolved == nil { resolved = try ExportReader.sniff(source) }
        try self.init(
            source: source, format: resolved ?? .csv, fieldMap: fieldMap, limits: limits, delimiter: delimiter,
            records: records)
    }

    convenience init(
        data: [UInt8], name: String, format: InputFormat, fieldMap: FieldMap, limits: ReaderLimits, chunkSize: Int,
        delimiter: CSVDelimiter? = nil, records: String? = nil
    ) throws(InputError) {
        try self.init(
            source: ByteSource(bytes: data, name: name, chunkSize: chunkSize), format: format, fieldMap: fieldMap,
            limits: limits, delimiter: delimiter, records: records)
    }

    private init(
        source: ByteSource, format: InputFormat, fieldMap: FieldMap, limits: ReaderLimits, delimiter: CSVDelimiter?,
        records: String?
    ) throws(InputError) {
        self.source = source
        self.format = format
        switch format {
        case .csv:
            backend = .csv(try CSVReader(source: source, fieldMap: fieldMap, limits: limits, delimiter: delimiter))
        case .json:
            backend = .json(
                try JSONReader(source: source, lines: false, fieldMap: fieldMap, limits: limits, records: records))
        case .jsonl: backend = .json(try JSONReader(source: source, lines: true, fieldMap: fieldMap, limits: limits))
        }
    }

    /// On how many threads at most a CSV export's rows are parsed; 1, the default, parses them
    /// on the calling thread. The items, their order and their findings are the same whatever
    /// it is; more threads read ahead by up to a mebibyte and 16,384 rows. JSON is always read
    /// on one thread.
    public var parsingJobs = 1

    /// The least bytes of rows a thread is given to parse at a time (tests make it small).
    var pieceBytes = 16 * 1024

    /// For tests: how many pieces of rows parsed ahead were used, and the most items queued at
    /// a time.
    var parsedAhead: (pieces: Int, mostQueued: Int) {
        guard case .csv(let reader) = backend else { return (0, 0) }
        return (reader.piecesUsed, reader.mostQueued)
    }

    /// Items parsed ahead on several threads.
    private var queued = ReadQueue()
    /// The error that stopped parsing ahead, thrown once the items before it are handed out.
    private var queuedError: InputError?

    /// Rows handed out so far (records and rejections).
    private var rows = 0
    private var sawIncomplete = false
    private var ended = false

    /// The next row or file-level finding, or `nil` after the last one.
    ///
    /// A read error after the header does not throw: it ends the export with `export.incomplete`.
    public func next() throws(InputError) -> ReadItem? {
        if ended { return nil }
        let item: ReadItem?
        do {
            switch backend {
            case .csv(let reader) where parsingJobs > 1 || !queued.isEmpty || queuedError != nil:
                item = try nextQueuedItem(reader)
            case .csv(let reader): item = try reader.next()
            case .json(let reader): item = try reader.next()
            }
        } catch {
            guard case .unreadable(_, let reason) = error else { throw error }
            ended = true
            let offset = source.bytesRead
            return .notice(
                ReadFinding.incomplete(
                    file: name, line: currentLine, offset: offset,
                    unread: source.totalBytes.map { max(0, $0 - offset) } ?? 0, total: source.totalBytes,
                    reason: "reading the file failed (\(reason))"))
        }
        switch item {
        case .notice(let finding)?:
            if finding.rule == "export.incomplete" { sawIncomplete = true }
        case .some:
            rows += 1
        case nil:
            ended = true
            if rows == 0 && !sawIncomplete { return .notice(ReadFinding.empty(file: name, line: currentLine)) }
        }
        return item
    }

    /// The next item parsed ahead on ``parsingJobs`` threads, parsing the next window's rows
    /// when none is left.
    private func nextQueuedItem(_ reader: CSVReader) throws(InputError) -> ReadItem? {
        if let item = queued.next() { return item }
        if let error = queuedError {
            queuedError = nil
            throw error
        }
        do throws(InputError) {
            try reader.readRows(into: &queued, jobs: parsingJobs, pieceBytes: pieceBytes)
        } catch {
            if queued.isEmpty { throw error }
            queuedError = error
        }
        return queued.next()
    }

    private var currentLine: Int {
        switch backend {
        case .csv(let reader): reader.currentLine
        case .json(let reader): reader.currentLine
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
