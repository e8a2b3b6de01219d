import Dispatch

/// Streams an RFC 4180 CSV export: a header row, then one profile per record.
///
/// Fields may be quoted (`""` is a quote inside), may hold delimiters and line breaks; the
/// delimiter is `,`, `;`, TAB or `|` (read from the header line unless given); lines end in
/// LF, CRLF or (old Mac and Excel exports) CR alone; a UTF-8 byte-order mark is skipped; blank
/// lines are skipped. A quote inside an unquoted field is kept as text. Only mapped columns
/// become Strings.
///
/// Recovery never turns text inside a field into rows: a record whose structure breaks (text
/// after a closing quote, a row over the row limit) is rejected and skipped to its real end,
/// the first line break outside quotes, however far that is, in bounded memory. A quote still
/// open at the end of the file leaves the rest of the file unaccounted for: that row is
/// rejected and an `export.incomplete` finding says how many bytes were not read. A
/// well-formed row with a bad field (too long, invalid UTF-8, wrong field count) is rejected
/// and reading resumes after it.
final class CSVReader {
    private let source: ByteSource
    private let limits: ReaderLimits
    private var line = 1
    private var spansStorage: [Span] = []
    private var spans: [Span] { spansStorage }
    /// The header's layout: what turns a record's bytes into a ``ReadItem``.
    private var parser: CSVRowParser
    private var columnCount: Int { parser.columnCount }
    /// Findings to hand out before reading on (the unknown-columns warning, `export.incomplete`).
    private var pending: [ReadItem] = []
    /// Set once the rest of the input cannot be read as rows.
    private var stopped = false
    /// The field delimiter.
    private var delimiter: UInt8 { parser.delimiter }
    /// A delimiter given by the user rather than detected.
    private let forcedDelimiter: UInt8?

    private typealias Span = CSVRowParser.Span
    private typealias Scan = CSVRowParser.Scan
    private static let quote = CSVRowParser.quote
    private static let lf = CSVRowParser.lf
    private static let cr = CSVRowParser.cr

    /// Reads the header row; throws when it is missing, malformed or lacks an id column.
    /// `delimiter` forces the field delimiter; `nil` detects it from the header line.
    init(source: ByteSource, fieldMap: FieldMap, limits: ReaderLimits, delimiter: CSVDelimiter? = nil)
        throws(InputError)
    {
        self.source = source
        self.limits = limits
        self.forcedDelimiter = delimiter?.byte
        self.parser = CSVRowParser(
            file: source.name, limits: limits, delimiter: delimiter?.byte ?? CSVDelimiter.comma.byte)
        try readHeader(fieldMap: fieldMap)
    }

    private var file: String { source.name }

    /// The line reading has reached.
    var currentLine: Int { line }

    // MARK: Header

    private func readHeader(fieldMap: FieldMap) throws(InputError) {
        // Byte-order mark.
        while source.end - source.start < 3 && !source.isAtEOF { try source.fill() }
        if source.end - source.start >= 3,
            source.buffer[source.start] == 0xEF, source.buffer[source.start + 1] == 0xBB,
            source.buffer[source.start + 2] == 0xBF
        {
            source.start += 3
        }
        try detectDialect()
        while true {
            if source.start >= source.end {
                if source.isAtEOF { throw .empty(path: file) }
                try source.fill()
                continue
            }
            let scan = source.buffer.withUnsafeBufferPointer { scanRow($0, from: source.start) }
            switch scan {
            case .needMore:
                try source.fill()
            case .tooLong:
                throw .badHeader(path: file, line: line, reason: "it is longer than \(limits.maxRowBytes) bytes")
            case .unterminatedQuote:
                throw .badHeader(path: file, line: line, reason: "a quoted column name is never closed")
            case .textAfterQuote:
                throw .badHeader(path: file, line: line, reason: "there is text after a closing quote")
            case .row(let end, _, let newlines):
                if isBlankRow() {
                    source.start = end
                    line += newlines
                    continue
                }
                var names: [String] = []
                for span in spans {
                    guard let name = source.buffer.withUnsafeBufferPointer({ CSVRowParser.decode(span, in: $0) })
                    else {
                        throw .badHeader(path: file, line: line, reason: "a column name is not valid UTF-8")
                    }
                    names.append(name)
                }
                source.start = end
                let headerLine = line
                line += newlines
                try mapColumns(names, fieldMap: fieldMap, headerLine: headerLine)
                return
            }
        }
    }

    /// Reads the first line to learn the line endings (CR alone turns on ``ByteSource/translatesCR``)
    /// and, unless one was given, the delimiter: the candidate found most often outside quotes.
    private func detectDialect() throws(InputError) {
        // The first line break outside quotes, and the candidates' counts before it.
        var counts = [Int](repeating: 0, count: CSVDelimiter.allCases.count)
        var i = source.start
        var inQuotes = false
        while true {
            if i >= source.end {
                if source.isAtEOF || source.end - source.start > limits.maxRowBytes { break }
                let consumed = source.start
                try source.fill()
                i -= consumed
                continue
            }
            let b = source.buffer[i]
            if b == CSVReader.quote {
                inQuotes.toggle()
            } else if !inQuotes {
                if b == CSVReader.lf { break }
                if b == CSVReader.cr {
                    if i + 1 >= source.end, !source.isAtEOF {
                        let consumed = source.start
                        try source.fill()
                        i -= consumed
                        continue
                    }
                    if i + 1 >= source.end || source.buffer[i + 1] != CSVReader.lf { source.translatesCR = true }
                    break
                }
                if let index = CSVDelimiter.allCases.firstIndex(where: { $0.byte == b }) { counts[index] += 1 }
            }
            i += 1
        }
        guard forcedDelimiter == nil, let best = counts.indices.max(by: { counts[$0] < counts[$1] }),
            counts[best] > 0
        else { return }
        // Ties go to the earlier candidate (the comma first).
        let first = counts.firstIndex(of: counts[best]) ?? best
        parser.delimiter = CSVDelimiter.allCases[first].byte
    }

    private func mapColumns(_ names: [String], fieldMap: FieldMap, headerLine: Int) throws(InputError) {
        // One column holding another delimiter: the delimiter is wrong, whatever else is.
        if names.count == 1, fieldMap.field(forColumn: names[0]) != .id,
            let other = CSVDelimiter.allCases.first(where: { $0.byte != delimiter && names[0].utf8.contains($0.byte) })
        {
            throw .singleColumnHeader(path: file, column: names[0], likelyDelimiter: other)
        }
        if let missing = fieldMap.missing(in: names).first {
            throw .mappedColumnMissing(path: file, mapping: missing.mapping.argument, nearest: missing.nearest)
        }
        parser.columnNames = names
        var taken = Set<Field>()
        var unused: [String] = []
        for (column, name) in names.enumerated() {
            if let field = fieldMap.field(forColumn: name), !taken.contains(field) {
                taken.insert(field)
                parser.mapped.append(CSVRowParser.Mapping(column: column, field: field.index))
                parser.columnOfField[field.index] = column
                if field == .id { parser.idColumn = column }
            } else {
                unused.append(name)
            }
        }
        guard taken.contains(.id) else { throw .noIDColumn(path: file, columns: names) }
        if !unused.isEmpty {
            pending = [.notice(ReadFinding.unknownColumns(unused, file: file, line: headerLine, noun: "column"))]
        }
    }

    // MARK: Rows

    func next() throws(InputError) -> ReadItem? {
        while true {
            if !pending.isEmpty { return pending.removeFirst() }
            if stopped { return nil }
            if source.start >= source.end {
                if source.isAtEOF { return nil }
                try source.fill()
                continue
            }
            let rowStart = source.start
            let scan = source.buffer.withUnsafeBufferPointer { scanRow($0, from: rowStart) }
            switch scan {
            case .needMore:
                try source.fill()
            case .row(let end, let contentEnd, let newlines):
                if isBlankRow() {
                    source.start = end
                    line += newlines
                    continue
                }
                let item = source.buffer.withUnsafeBufferPointer {
                    makeItem($0, rowStart: rowStart, contentEnd: contentEnd)
                }
                // A short last row without its line break: the file was probably cut off there.
                if end == contentEnd, source.isAtEOF, case .rejected(let finding) = item,
                    finding.rule == "row.field-count", spans.count < columnCount
                {
                    pending.append(
                        .notice(
                            ReadFinding.incomplete(
                                file: file, line: line, offset: rowStart + consumedBefore, unread: 0,
                                total: source.totalBytes,
                                reason: "the file ends in the middle of its last row, which has \(spans.count) of "
                                    + "\(columnCount) fields and no line break: it looks cut off")))
                }
                source.start = end
                line += newlines
                return item
            case .tooLong:
                let rowLine = line
                let id = source.buffer.withUnsafeBufferPointer { userID($0) }
                let endLine = try skipRecord(from: rowStart)
                let finding = ReadFinding.make(
                    "row.too-long", file: file, line: rowLine, column: 1, userID: id,
                    message: "The row is longer than \(limits.maxRowBytes) bytes; it was skipped"
                        + (stopped ? "." : " up to its end on line \(endLine)."))
                return .rejected(finding)
            case .unterminatedQuote(let quote):
                let (qLine, qColumn) = source.buffer.withUnsafeBufferPointer {
                    locate($0, rowStart: rowStart, offset: quote)
                }
                let finding = ReadFinding.make(
                    "row.unterminated-quote", file: file, line: qLine, column: qColumn,
                    userID: source.buffer.withUnsafeBufferPointer { userID($0) },
                    message: "The quoted field that starts here is never closed; the row was skipped.")
                stopAtOpenQuote(line: qLine, column: qColumn, offset: quote + consumedBefore)
                return .rejected(finding)
            case .textAfterQuote(let at):
                let (aLine, aColumn) = source.buffer.withUnsafeBufferPointer {
                    locate($0, rowStart: rowStart, offset: at)
                }
                let id = source.buffer.withUnsafeBufferPointer { userID($0) }
                let endLine = try skipRecord(from: rowStart)
                let finding = ReadFinding.make(
                    "row.unterminated-quote", file: file, line: aLine, column: aColumn, userID: id,
                    message: "There is text after a closing quote; the row was skipped"
                        + (stopped ? "." : " up to its end on line \(endLine)."))
                return .rejected(finding)
            }
        }
    }

    // MARK: Rows on several threads

    /// Queues the next rows, at least one item unless the export is done.
    ///
    /// With `jobs` above 1, the window's whole rows are cut into pieces of about `pieceBytes`
    /// or more at line feeds and parsed on up to `jobs` threads. A cut may fall inside a
    /// quoted field; then the piece before it does not end where the next one starts, and from
    /// there rows are read in order, as is every row a piece stops at (a row over the limit,
    /// text after a closing quote). So the items, their lines and the recovery are those of
    /// ``next()``, whatever `jobs` is.
    func readRows(into queue: inout ReadQueue, jobs: Int, pieceBytes: Int) throws(InputError) {
        // Items read in order, queued before the next piece's and when done (also when this throws).
        var run: [ReadItem] = []
        defer { queue.append(run) }
        var queuedPieces = false
        while run.isEmpty && !queuedPieces {
            if jobs > 1, pending.isEmpty, !stopped {
                // Reading ahead must not turn a read error into lost rows: one that fails is
                // left to reading in order, which meets it when its rows need the bytes.
                if source.end - source.start < source.chunkSize / 2, !source.isAtEOF, !readAheadFailed {
                    do throws(InputError) { try source.fill() } catch { readAheadFailed = true }
                }
                if let end = lastRowEnd(), end - source.start >= 2 * pieceBytes {
                    queuedPieces = try readPieces(to: end, into: &queue, run: &run, jobs: jobs, pieceBytes: pieceBytes)
                    continue
                }
            }
            guard let item = try next() else { return }
            run.append(item)
        }
    }

    /// The most rows parsed ahead at a time: a bound on the memory queued items take,
    /// whatever the rows' size.
    static let maxRowsAhead = 16_384

    /// Pieces whose rows were used, for tests: proof that rows were parsed ahead at all.
    private(set) var piecesUsed = 0
    /// The most items one ``readRows(into:jobs:pieceBytes:)`` queued, for tests.
    private(set) var mostQueued = 0

    /// Set when a read ahead failed: there is none after it.
    private var readAheadFailed = false

    /// A window's bytes, read by several threads while its owner waits for them.
    private struct SharedBytes: @unchecked Sendable {
        let pointer: UnsafeBufferPointer<UInt8>
    }

    /// The window's last line feed, found once per window: (where the window ends, where the
    /// row after that line feed starts), both as offsets in the export.
    private var lastLineFeed: (windowEnd: Int, rowEnd: Int?)?

    /// The offset after the window's last line feed, if it is past the reading position.
    private func lastRowEnd() -> Int? {
        let windowEnd = consumedBefore + source.end
        if lastLineFeed?.windowEnd != windowEnd {
            // Only when the window has changed, so a row longer than the window costs one
            // scan, not one per row read in order before it.
            var i = source.end
            while i > source.start && source.buffer[i - 1] != CSVReader.lf { i -= 1 }
            lastLineFeed = (windowEnd, i > source.start ? consumedBefore + i : nil)
        }
        guard let rowEnd = lastLineFeed?.rowEnd, rowEnd > consumedBefore + source.start else { return nil }
        return rowEnd - consumedBefore
    }

    /// Reads the window's rows up to `end`, which follows a line feed, on up to `jobs`
    /// threads, at most ``maxRowsAhead`` of them. Items read in order go to `run`, which is
    /// queued before a piece's items. Returns whether any item was queued.
    private func readPieces(
        to end: Int, into queue: inout ReadQueue, run: inout [ReadItem], jobs: Int, pieceBytes: Int
    ) throws(InputError) -> Bool {
        let size = max(pieceBytes, (end - source.start) / (jobs * 8))
        let cuts = source.buffer.withUnsafeBufferPointer { p in
            var cuts = [source.start]
            while let last = cuts.last, last < end {
                var cut = min(last + size, end)
                while p[cut - 1] != CSVReader.lf { cut += 1 }
                cuts.append(cut)
            }
            return cuts
        }
        let parser = self.parser
        let origin = consumedBefore
        var pieces: [CSVRowParser.Piece?] = []
        var queued = 0
        // How many pieces are parsed: as many as hold at most `maxRowsAhead` lines, and at
        // least the first, which stops at that many rows.
        var count = cuts.count - 1
        source.buffer.withUnsafeBufferPointer { p in
            let window = SharedBytes(pointer: p)
            // Each piece's first line, were every cut where a row starts.
            let feeds = IndexedResults<Int>.map(count, jobs: jobs) { k in
                CSVRowParser.lineFeeds(in: window.pointer, from: cuts[k], to: cuts[k + 1])
            }
            var lines: [Int] = []
            var next = line
            for feeds in feeds {
                if !lines.isEmpty && next + feeds - line > Self.maxRowsAhead { break }
                lines.append(next)
                next += feeds
            }
            count = lines.count
            pieces = IndexedResults<CSVRowParser.Piece>.map(count, jobs: jobs) { [lines] k in
                parser.parsePiece(
                    window.pointer, from: cuts[k], to: cuts[k + 1], line: lines[k], maxRows: Self.maxRowsAhead)
            }
        }
        defer { mostQueued = max(mostQueued, queued + run.count) }
        for k in 0..<count {
            // A piece is right when reading in order got exactly to its start. The window has
            // not moved then: it moves only for a row that runs past its end, and after that
            // row reading is past every cut.
            if consumedBefore + source.start == origin + cuts[k], let piece = pieces[k].take() {
                precondition(consumedBefore == origin, "the window moved while its pieces were read")
                queue.append(run)
                queued += run.count + piece.items.count
                run.removeAll()
                queue.append(backToFront: piece.items)
                piecesUsed += 1
                source.start = piece.stop
                line = piece.stopLine
                // A piece that stopped at the row bound ends this turn; the rest waits for the next.
                if piece.isFull { return queued > 0 }
            }
            while !stopped, consumedBefore + source.start < origin + cuts[k + 1] {
                guard let item = try next() else { return queued > 0 }
                run.append(item)
                // Rows read in order count towards the bound too; the rest waits for the next turn.
                if queued + run.count >= Self.maxRowsAhead { return queued > 0 }
            }
            if stopped { return queued > 0 }
        }
        return queued > 0
    }

    /// Bytes of the export dropped from the window before `source.start`'s buffer began.
    private var consumedBefore: Int { source.bytesRead - source.end }

    /// The rest of the input cannot be read as rows: a quote opened at byte `offset` of the
    /// export (line `quoteLine`, `column`) is still open at its end. Queues `export.incomplete`
    /// and stops.
    private func stopAtOpenQuote(line quoteLine: Int, column: Int, offset: Int) {
        pending.append(
            .notice(
                ReadFinding.incomplete(
                    file: file, line: quoteLine, offset: offset, unread: max(0, source.bytesRead - offset),
                    total: source.totalBytes,
                    reason: "the quoted field opened on line \(quoteLine), column \(column) is never closed, "
                        + "so nothing after it can be told apart from the field's text")))
        source.start = source.end
        stopped = true
    }

    /// Skips the record that starts at `rowStart` to its end: the first line break outside
    /// quotes (a quote opens only at a field's start; `""` inside quotes is a quote). Bytes are
    /// dropped as they are passed, so memory stays bounded whatever the record's size. Returns
    /// the line the record ends on; at the end of input inside quotes, stops reading instead.
    private func skipRecord(from rowStart: Int) throws(InputError) -> Int {
        enum State { case fieldStart, unquoted, quoted, quoteInQuoted }
        var state = State.fieldStart
        var i = rowStart
        var quoteLine = line, quoteColumn = 1, quoteOffset = rowStart + consumedBefore
        let delimiter = self.delimiter
        while true {
            if i >= source.end {
                source.start = source.end
                if !(try source.fill()) {
                    if state == .quoted { stopAtOpenQuote(line: quoteLine, column: quoteColumn, offset: quoteOffset) }
                    return line
                }
                i = source.start
                continue
            }
            let b = source.buffer[i]
            if b == CSVReader.lf && state != .quoted {
                source.start = i + 1
                let endLine = line
                line += 1
                return endLine
            }
            if b == CSVReader.lf { line += 1 }
            switch state {
            case .fieldStart:
                if b == CSVReader.quote {
                    state = .quoted
                    quoteLine = line
                    quoteOffset = i + consumedBefore
                    quoteColumn = source.buffer.withUnsafeBufferPointer { p in
                        var lineStart = i
                        while lineStart > 0, p[lineStart - 1] != CSVReader.lf { lineStart -= 1 }
                        return UTF8Text.column(in: p, lineStart: lineStart, offset: i)
                    }
                } else if b != delimiter {
                    state = .unquoted
                }
            case .unquoted:
                if b == delimiter { state = .fieldStart }
            case .quoted:
                if b == CSVReader.quote { state = .quoteInQuoted }
            case .quoteInQuoted:
                state = b == CSVReader.quote ? .quoted : (b == delimiter ? .fieldStart : .unquoted)
            }
            i += 1
        }
    }

    /// A row of one unquoted field holding nothing but spaces or tabs.
    private func isBlankRow() -> Bool { source.buffer.withUnsafeBufferPointer { parser.isBlank(spans, in: $0) } }

    /// Splits the record starting at `s` into spans, reusing `spansStorage`.
    private func scanRow(_ p: UnsafeBufferPointer<UInt8>, from s: Int) -> Scan {
        // Work on a local array: appending to a stored property would check exclusivity per field.
        var spans = spansStorage
        spansStorage = []
        defer { spansStorage = spans }
        return parser.scan(p, from: s, eof: source.isAtEOF, into: &spans)
    }

    /// Turns the scanned spans into a record, or rejects the row.
    private func makeItem(_ p: UnsafeBufferPointer<UInt8>, rowStart: Int, contentEnd: Int) -> ReadItem {
        parser.item(p, spans: spansStorage, rowStart: rowStart, contentEnd: contentEnd, line: line)
    }

    private func userID(_ p: UnsafeBufferPointer<UInt8>) -> String? { parser.userID(p, spans: spans) }

    /// Line and column of `offset` inside the row that starts at `rowStart` on line `line`.
    private func locate(_ p: UnsafeBufferPointer<UInt8>, rowStart: Int, offset: Int) -> (line: Int, column: Int) {
        parser.locate(p, rowStart: rowStart, line: line, offset: offset)
    }
}
