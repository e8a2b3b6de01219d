/// Streams an RFC 4180 CSV export: a header row, then one profile per record.
///
/// Fields may be quoted (`""` is a quote inside), may hold commas and line breaks;
/// lines end in LF or CRLF; a UTF-8 byte-order mark is skipped; blank lines are skipped.
/// A quote inside an unquoted field is kept as text. Only mapped columns become Strings.
///
/// Recovery: a row whose structure breaks (a quote never closed before the end of the
/// file or before the row limit, or text after a closing quote) is rejected, and reading
/// resumes at the line after the row's first line, so rows a runaway quote swallowed are
/// still read. A well-formed row with a bad field (too long, invalid UTF-8, wrong field
/// count) is rejected and reading resumes after it.
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
    /// The unknown-columns warning, handed out before the first row.
    private var pending: [ReadItem] = []
    /// After a row too long to see its end: drop bytes up to the next line break.
    private var skippingLine = false

    private static let comma = UInt8(ascii: ",")
    private static let quote = UInt8(ascii: "\"")
    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")

    /// Reads the header row; throws when it is missing, malformed or lacks an id column.
    init(source: ByteSource, fieldMap: FieldMap, limits: ReaderLimits) throws(InputError) {
        self.source = source
        self.limits = limits
        try readHeader(fieldMap: fieldMap)
    }

    private var file: String { source.name }

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

    private func mapColumns(_ names: [String], fieldMap: FieldMap, headerLine: Int) throws(InputError) {
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
        if !pending.isEmpty { return pending.removeFirst() }
        while true {
            if skippingLine {
                try skipToNextLine()
                continue
            }
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
                source.start = end
                line += newlines
                return item
            case .tooLong:
                let finding = ReadFinding.make(
                    "row.too-long", file: file, line: line, column: 1,
                    message: "The row is longer than \(limits.maxRowBytes) bytes; it was skipped up to the next line.")
                resync(rowStart: rowStart)
                return .rejected(finding)
            case .unterminatedQuote(let quote):
                let (qLine, qColumn) = source.buffer.withUnsafeBufferPointer {
                    locate($0, rowStart: rowStart, offset: quote)
                }
                let finding = ReadFinding.make(
                    "row.unterminated-quote", file: file, line: qLine, column: qColumn,
                    message: "The quoted field that starts here is never closed; the row was skipped.")
                resync(rowStart: rowStart)
                return .rejected(finding)
            case .textAfterQuote(let at):
                let (aLine, aColumn) = source.buffer.withUnsafeBufferPointer {
                    locate($0, rowStart: rowStart, offset: at)
                }
                let finding = ReadFinding.make(
                    "row.unterminated-quote", file: file, line: aLine, column: aColumn,
                    message: "There is text after a closing quote; the row was skipped.")
                resync(rowStart: rowStart)
                return .rejected(finding)
            }
        }
    }

    /// Continues at the line after the rejected row's first line.
    private func resync(rowStart: Int) {
        let found: Int? = source.buffer.withUnsafeBufferPointer { p in
            var i = rowStart
            while i < p.count {
                if p[i] == CSVReader.lf { return i }
                i += 1
            }
            return nil
        }
        if let lf = found {
            source.start = lf + 1
            line += 1
        } else {
            source.start = source.end
            skippingLine = true
        }
    }

    private func skipToNextLine() throws(InputError) {
        while source.start < source.end {
            if source.buffer[source.start] == CSVReader.lf {
                source.start += 1
                line += 1
                skippingLine = false
                return
            }
            source.start += 1
        }
        if !(try source.fill()) { skippingLine = false }
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
        return CSVReader.scanRow(p, from: s, eof: source.isAtEOF, maxRowBytes: limits.maxRowBytes, into: &spans)
    }

    private static func scanRow(
        _ p: UnsafeBufferPointer<UInt8>, from s: Int, eof: Bool, maxRowBytes: Int, into spans: inout [Span]
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
                case CSVReader.comma:
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
            i = CSVReader.findCommaOrLineFeed(p, from: i, bound: bound)
            if i >= bound {
                if limitHit { return .tooLong }
                if !eof { return .needMore }
                var e = i
                if e > fieldStart && p[e - 1] == CSVReader.cr { e -= 1 }
                spans.append(Span(start: fieldStart, end: e, origin: fieldStart, escaped: false))
                return .row(end: i, contentEnd: e, newlines: newlines)
            }
            if p[i] == CSVReader.comma {
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

    /// Offset of the first `,` or LF in `p[from..<bound]`, or `bound`; eight bytes at a time.
    @inline(__always)
    private static func findCommaOrLineFeed(_ p: UnsafeBufferPointer<UInt8>, from start: Int, bound: Int) -> Int {
        var i = start
        if let base = UnsafeRawPointer(p.baseAddress) {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            while i + 8 <= bound {
                let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                let commas = word ^ (ones &* UInt64(comma))
                let feeds = word ^ (ones &* UInt64(lf))
                // A byte of `x` is zero exactly where the lowest set high bit of this mask is.
                let hits = ((commas &- ones) & ~commas | (feeds &- ones) & ~feeds) & highs
                if hits != 0 { return i + hits.trailingZeroBitCount / 8 }
                i += 8
            }
        }
        while i < bound {
            let b = p[i]
            if b == comma || b == lf { return i }
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
        var ends = InlineArray<16, UInt32>(repeating: 0)
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
