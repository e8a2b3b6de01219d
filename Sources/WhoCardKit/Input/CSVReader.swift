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
    private struct Span {
        /// Content bounds (inside the quotes for a quoted field).
        var start: Int
        var end: Int
        /// Offset of the opening quote, or of the first byte when unquoted.
        var origin: Int
        /// The content holds `""` pairs.
        var escaped: Bool
    }

    private enum Scan {
        case needMore
        /// `end`: offset after the line break; `contentEnd`: offset of the line break.
        case row(end: Int, contentEnd: Int, newlines: Int)
        case tooLong
        case unterminatedQuote(quote: Int)
        case textAfterQuote(at: Int)
    }

    private let source: ByteSource
    private let limits: ReaderLimits
    private var line = 1
    private var spansStorage: [Span] = []
    private var spans: [Span] { spansStorage }
    private var columnNames: [String] = []
    private var columnCount = 0
    /// (column, field index) for every mapped column, in column order.
    private var mapped: [(column: Int, field: Int)] = []
    /// The column of each field (by ``Field/index``), or -1.
    private var columnOfField = [Int](repeating: -1, count: ProfileRecord.fieldCount)
    private var idColumn = 0
    /// Findings to hand out before reading on (the unknown-columns warning, `export.incomplete`).
    private var pending: [ReadItem] = []
    /// Set once the rest of the input cannot be read as rows.
    private var stopped = false
    /// The field delimiter.
    private var delimiter: UInt8
    /// A delimiter given by the user rather than detected.
    private let forcedDelimiter: UInt8?

    private static let quote = UInt8(ascii: "\"")
    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")

    /// Reads the header row; throws when it is missing, malformed or lacks an id column.
    /// `delimiter` forces the field delimiter; `nil` detects it from the header line.
    init(source: ByteSource, fieldMap: FieldMap, limits: ReaderLimits, delimiter: CSVDelimiter? = nil)
        throws(InputError)
    {
        self.source = source
        self.limits = limits
        self.forcedDelimiter = delimiter?.byte
        self.delimiter = delimiter?.byte ?? CSVDelimiter.comma.byte
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
                    guard let name = source.buffer.withUnsafeBufferPointer({ CSVReader.decode(span, in: $0) }) else {
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
        delimiter = CSVDelimiter.allCases[first].byte
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
        columnNames = names
        columnCount = names.count
        var taken = Set<Field>()
        var unused: [String] = []
        for (column, name) in names.enumerated() {
            if let field = fieldMap.field(forColumn: name), !taken.contains(field) {
                taken.insert(field)
                mapped.append((column, field.index))
                columnOfField[field.index] = column
                if field == .id { idColumn = column }
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
    private func isBlankRow() -> Bool {
        guard spans.count == 1, columnCount != 1 || spans[0].start == spans[0].end else { return false }
        let span = spans[0]
        if span.origin != span.start { return false }  // quoted
        var i = span.start
        while i < span.end {
            let b = source.buffer[i]
            if b != UInt8(ascii: " ") && b != UInt8(ascii: "\t") { return false }
            i += 1
        }
        return true
    }

    /// Splits the record starting at `s` into spans, reusing `spansStorage`.
    private func scanRow(_ p: UnsafeBufferPointer<UInt8>, from s: Int) -> Scan {
        // Work on a local array: appending to a stored property would check exclusivity per field.
        var spans = spansStorage
        spansStorage = []
        defer { spansStorage = spans }
        return CSVReader.scanRow(
            p, from: s, eof: source.isAtEOF, maxRowBytes: limits.maxRowBytes, delimiter: delimiter, into: &spans)
    }

    private static func scanRow(
        _ p: UnsafeBufferPointer<UInt8>, from s: Int, eof: Bool, maxRowBytes: Int, delimiter: UInt8,
        into spans: inout [Span]
    ) -> Scan {
        spans.removeAll(keepingCapacity: true)
        let limitHit = s + maxRowBytes < p.count
        let bound = limitHit ? s + maxRowBytes : p.count
        var i = s
        var newlines = 0
        while true {
            let fieldStart = i
            if i < bound && p[i] == CSVReader.quote {
                i += 1
                var escaped = false
                while true {
                    if i >= bound {
                        if limitHit { return .tooLong }
                        return eof ? .unterminatedQuote(quote: fieldStart) : .needMore
                    }
                    let b = p[i]
                    if b == CSVReader.quote {
                        if i + 1 < bound {
                            if p[i + 1] == CSVReader.quote {
                                escaped = true
                                i += 2
                                continue
                            }
                        } else if !limitHit && !eof {
                            return .needMore
                        }
                        break
                    }
                    if b == CSVReader.lf { newlines += 1 }
                    i += 1
                }
                spans.append(Span(start: fieldStart + 1, end: i, origin: fieldStart, escaped: escaped))
                i += 1
                if i >= bound {
                    if limitHit { return .tooLong }
                    if !eof { return .needMore }
                    return .row(end: i, contentEnd: i, newlines: newlines)
                }
                switch p[i] {
                case delimiter:
                    i += 1
                    continue
                case CSVReader.lf:
                    return .row(end: i + 1, contentEnd: i, newlines: newlines + 1)
                case CSVReader.cr:
                    if i + 1 < bound {
                        if p[i + 1] == CSVReader.lf { return .row(end: i + 2, contentEnd: i, newlines: newlines + 1) }
                    } else if limitHit {
                        return .tooLong
                    } else if !eof {
                        return .needMore
                    }
                    return .textAfterQuote(at: i)
                default:
                    return .textAfterQuote(at: i)
                }
            }
            i = CSVReader.findDelimiterOrLineFeed(p, from: i, bound: bound, delimiter: delimiter)
            if i >= bound {
                if limitHit { return .tooLong }
                if !eof { return .needMore }
                var e = i
                if e > fieldStart && p[e - 1] == CSVReader.cr { e -= 1 }
                spans.append(Span(start: fieldStart, end: e, origin: fieldStart, escaped: false))
                return .row(end: i, contentEnd: e, newlines: newlines)
            }
            if p[i] == delimiter {
                spans.append(Span(start: fieldStart, end: i, origin: fieldStart, escaped: false))
                i += 1
                continue
            }
            var e = i
            if e > fieldStart && p[e - 1] == CSVReader.cr { e -= 1 }
            spans.append(Span(start: fieldStart, end: e, origin: fieldStart, escaped: false))
            return .row(end: i + 1, contentEnd: e, newlines: newlines + 1)
        }
    }

    /// Offset of the first `delimiter` or LF in `p[from..<bound]`, or `bound`; eight bytes at a time.
    @inline(__always)
    private static func findDelimiterOrLineFeed(
        _ p: UnsafeBufferPointer<UInt8>, from start: Int, bound: Int, delimiter: UInt8
    ) -> Int {
        var i = start
        if let base = UnsafeRawPointer(p.baseAddress) {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            while i + 8 <= bound {
                let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                let commas = word ^ (ones &* UInt64(delimiter))
                let feeds = word ^ (ones &* UInt64(lf))
                // A byte of `x` is zero exactly where the lowest set high bit of this mask is.
                let hits = ((commas &- ones) & ~commas | (feeds &- ones) & ~feeds) & highs
                if hits != 0 { return i + hits.trailingZeroBitCount / 8 }
                i += 8
            }
        }
        while i < bound {
            let b = p[i]
            if b == delimiter || b == lf { return i }
            i += 1
        }
        return bound
    }

    /// Turns the scanned spans into a record, or rejects the row.
    private func makeItem(_ p: UnsafeBufferPointer<UInt8>, rowStart: Int, contentEnd: Int) -> ReadItem {
        let rowLine = line
        let spans = spansStorage
        let columnCount = self.columnCount
        let maxFieldBytes = limits.maxFieldBytes
        if spans.count != columnCount {
            let offset = spans.count > columnCount ? spans[columnCount].origin : contentEnd
            let (l, c) = locate(p, rowStart: rowStart, offset: offset)
            let message =
                spans.count > columnCount
                ? "The row has \(spans.count) fields but the header has \(columnCount) columns; the extra fields start here."
                : "The row has \(spans.count) field\(spans.count == 1 ? "" : "s") but the header has \(columnCount) columns."
            return .rejected(
                ReadFinding.make(
                    "row.field-count", file: file, line: l, column: c, userID: userID(p), message: message))
        }
        for (column, span) in spans.enumerated() where span.end - span.start > maxFieldBytes {
            let (l, c) = locate(p, rowStart: rowStart, offset: span.origin)
            return .rejected(
                ReadFinding.make(
                    "row.field-too-long", file: file, line: l, column: c, field: columnNames[column],
                    userID: column == idColumn ? nil : userID(p),
                    message: "The field is \(span.end - span.start) bytes long; the limit is \(limits.maxFieldBytes)."))
        }
        // One check for the whole row spares a check per field in the common all-ASCII case.
        let rowIsASCII =
            p.baseAddress.map {
                UTF8Text.isASCII(UnsafeBufferPointer(start: $0 + rowStart, count: contentEnd - rowStart))
            } ?? true
        if !rowIsASCII {
            for (column, _) in mapped {
                let span = spans[column]
                if span.start == span.end || CSVReader.isValidUTF8(span, in: p) { continue }
                let (l, c) = locate(p, rowStart: rowStart, offset: span.origin)
                return .rejected(
                    ReadFinding.make(
                        "row.encoding", file: file, line: l, column: c, field: columnNames[column],
                        userID: column == idColumn ? nil : userID(p),
                        message: "The field is not valid UTF-8; the row was skipped."))
            }
        }
        // The mapped values, back to back in field order: one String for the whole row.
        let columnOfField = self.columnOfField
        var capacity = 0
        for column in columnOfField where column >= 0 { capacity += spans[column].end - spans[column].start }
        var ends = ProfileRecord.FieldEnds(repeating: 0)
        let text = String(unsafeUninitializedCapacity: capacity) { target in
            var length = 0
            for field in 0..<ProfileRecord.fieldCount {
                let column = columnOfField[field]
                if column >= 0 {
                    let span = spans[column]
                    if !span.escaped {
                        let count = span.end - span.start
                        if count > 0 {
                            (target.baseAddress! + length).initialize(from: p.baseAddress! + span.start, count: count)
                            length += count
                        }
                    } else {
                        var i = span.start
                        while i < span.end {
                            target[length] = p[i]
                            length += 1
                            // `""` inside a quoted field is one quote.
                            i += p[i] == CSVReader.quote ? 2 : 1
                        }
                    }
                }
                ends[field] = UInt32(truncatingIfNeeded: length)
            }
            return length
        }
        return .record(ProfileRecord(line: rowLine, column: 1, text: text, ends: ends))
    }

    private func userID(_ p: UnsafeBufferPointer<UInt8>) -> String? {
        guard idColumn < spans.count else { return nil }
        let span = spans[idColumn]
        guard span.end > span.start, span.end - span.start <= limits.maxFieldBytes else { return nil }
        return CSVReader.decode(span, in: p)
    }

    private static func isValidUTF8(_ span: Span, in p: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = p.baseAddress else { return true }
        return String(
            validating: UnsafeBufferPointer(start: base + span.start, count: span.end - span.start), as: UTF8.self)
            != nil
    }

    @inline(__always)
    private static func decode(_ span: Span, in p: UnsafeBufferPointer<UInt8>) -> String? {
        guard let base = p.baseAddress else { return "" }
        let raw = UnsafeBufferPointer(start: base + span.start, count: span.end - span.start)
        if !span.escaped { return UTF8Text.string(raw) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(raw.count)
        var i = 0
        while i < raw.count {
            bytes.append(raw[i])
            i += raw[i] == CSVReader.quote ? 2 : 1
        }
        return bytes.withUnsafeBufferPointer { UTF8Text.string($0) }
    }

    /// Line and column of `offset` inside the row that starts at `rowStart` on line `line`.
    private func locate(_ p: UnsafeBufferPointer<UInt8>, rowStart: Int, offset: Int) -> (line: Int, column: Int) {
        var l = line
        var lineStart = rowStart
        var i = rowStart
        while i < offset && i < p.count {
            if p[i] == CSVReader.lf {
                l += 1
                lineStart = i + 1
            }
            i += 1
        }
        return (l, UTF8Text.column(in: p, lineStart: lineStart, offset: offset))
    }
}
