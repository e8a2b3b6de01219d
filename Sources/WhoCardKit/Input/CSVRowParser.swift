import Foundation

/// The part of reading a CSV export that needs no other row: splitting one record into
/// fields and turning it into a ``ReadItem``.
///
/// It holds only the header's layout and the limits, so any thread can parse rows with it:
/// ``CSVReader`` uses one to parse a window's rows in parallel.
struct CSVRowParser: Sendable {
    /// Where one field's value lies in the bytes.
    struct Span {
        /// Content bounds (inside the quotes for a quoted field).
        var start: Int
        var end: Int
        /// Offset of the opening quote, or of the first byte when unquoted.
        var origin: Int
        /// The content holds `""` pairs.
        var escaped: Bool
    }

    /// What splitting a record found.
    enum Scan {
        /// The bytes end inside the record.
        case needMore
        /// `end`: offset after the line break; `contentEnd`: offset of the line break.
        case row(end: Int, contentEnd: Int, newlines: Int)
        case tooLong
        case unterminatedQuote(quote: Int)
        case textAfterQuote(at: Int)
    }

    /// The export's name in findings.
    let file: String
    let limits: ReaderLimits
    /// The field delimiter.
    var delimiter: UInt8
    /// The header's column names.
    var columnNames: [String] = []
    /// (column, field index) for every mapped column, in column order.
    var mapped: [Mapping] = []
    /// The column of each field (by ``Field/index``), or -1.
    var columnOfField = [Int](repeating: -1, count: ProfileRecord.fieldCount)
    var idColumn = 0

    struct Mapping: Sendable {
        var column: Int
        var field: Int
    }

    var columnCount: Int { columnNames.count }

    static let quote = UInt8(ascii: "\"")
    static let lf = UInt8(ascii: "\n")
    static let cr = UInt8(ascii: "\r")

    /// Splits the record starting at `s` into `spans`. Before `eof`, a record that reaches the
    /// end of `p` needs more bytes; `p.count` bounds the scan, so a caller can stop it early.
    func scan(_ p: UnsafeBufferPointer<UInt8>, from s: Int, eof: Bool, into spans: inout [Span]) -> Scan {
        spans.removeAll(keepingCapacity: true)
        let delimiter = self.delimiter
        let limitHit = s + limits.maxRowBytes < p.count
        let bound = limitHit ? s + limits.maxRowBytes : p.count
        var i = s
        var newlines = 0
        while true {
            let fieldStart = i
            if i < bound && p[i] == Self.quote {
                i += 1
                var escaped = false
                while true {
                    if i >= bound {
                        if limitHit { return .tooLong }
                        return eof ? .unterminatedQuote(quote: fieldStart) : .needMore
                    }
                    let b = p[i]
                    if b == Self.quote {
                        if i + 1 < bound {
                            if p[i + 1] == Self.quote {
                                escaped = true
                                i += 2
                                continue
                            }
                        } else if !limitHit && !eof {
                            return .needMore
                        }
                        break
                    }
                    if b == Self.lf { newlines += 1 }
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
                case Self.lf:
                    return .row(end: i + 1, contentEnd: i, newlines: newlines + 1)
                case Self.cr:
                    if i + 1 < bound {
                        if p[i + 1] == Self.lf { return .row(end: i + 2, contentEnd: i, newlines: newlines + 1) }
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
            i = Self.findDelimiterOrLineFeed(p, from: i, bound: bound, delimiter: delimiter)
            if i >= bound {
                if limitHit { return .tooLong }
                if !eof { return .needMore }
                var e = i
                if e > fieldStart && p[e - 1] == Self.cr { e -= 1 }
                spans.append(Span(start: fieldStart, end: e, origin: fieldStart, escaped: false))
                return .row(end: i, contentEnd: e, newlines: newlines)
            }
            if p[i] == delimiter {
                spans.append(Span(start: fieldStart, end: i, origin: fieldStart, escaped: false))
                i += 1
                continue
            }
            var e = i
            if e > fieldStart && p[e - 1] == Self.cr { e -= 1 }
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

    /// A row of one unquoted field holding nothing but spaces or tabs: skipped, not a row.
    func isBlank(_ spans: [Span], in p: UnsafeBufferPointer<UInt8>) -> Bool {
        guard spans.count == 1, columnCount != 1 || spans[0].start == spans[0].end else { return false }
        let span = spans[0]
        if span.origin != span.start { return false }  // quoted
        var i = span.start
        while i < span.end {
            let b = p[i]
            if b != UInt8(ascii: " ") && b != UInt8(ascii: "\t") { return false }
            i += 1
        }
        return true
    }

    /// The rows of one piece of a window, parsed apart from the rest.
    struct Piece: Sendable {
        /// The piece's rows, blank rows left out, back to front (see ``ReadQueue``).
        var items: [ReadItem] = []
        /// Where parsing stopped: the piece's end, or the start of a row it could not take.
        var stop: Int
        /// The line `stop` is on.
        var stopLine: Int
        /// It stopped because it had as many rows as it was allowed.
        var isFull = false
    }

    /// Parses the rows of `p[start..<end]`, the first on line `line`, stopping at the end, after
    /// `maxRows` rows, or at the first row that does not end inside the piece as a plain record
    /// or rejection (a row over the row limit, text after a closing quote): ``CSVReader`` reads
    /// that one in order. Exact when `start` is where a row starts; the reader checks that
    /// before using it.
    func parsePiece(
        _ window: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, line: Int, maxRows: Int = .max
    ) -> Piece {
        let p = UnsafeBufferPointer(rebasing: window[0..<end])
        var spans: [Span] = []
        var piece = Piece(stop: start, stopLine: line)
        while piece.stop < end {
            if piece.items.count == maxRows {
                piece.isFull = true
                break
            }
            let rowStart = piece.stop
            guard
                case .row(let rowEnd, let contentEnd, let newlines) = scan(p, from: rowStart, eof: false, into: &spans)
            else { break }
            if !isBlank(spans, in: p) {
                piece.items.append(
                    item(p, spans: spans, rowStart: rowStart, contentEnd: contentEnd, line: piece.stopLine))
            }
            piece.stop = rowEnd
            piece.stopLine += newlines
        }
        piece.items.reverse()
        return piece
    }

    /// How many line feeds `p[start..<end]` holds: `memchr` from one to the next, which skips
    /// a row's bytes many at a time; eight bytes at a time where rows are short.
    static func lineFeeds(in p: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        guard let base = p.baseAddress, start < end else { return 0 }
        var count = 0
        var i = start
        // Short rows make a call a line feed cost more than counting words: after a run of
        // them, count the next 64 KiB by words.
        var shortRun = 0
        while i < end {
            if shortRun >= 64 {
                let stop = min(end, i + 65_536)
                count += wordLineFeeds(in: p, from: i, to: stop)
                i = stop
                shortRun = 0
                continue
            }
            guard let hit = memchr(base + i, Int32(lf), end - i) else { break }
            let next = base.distance(to: hit.assumingMemoryBound(to: UInt8.self)) + 1
            shortRun = next - i < 32 ? shortRun + 1 : 0
            count += 1
            i = next
        }
        return count
    }

    /// How many line feeds `p[start..<end]` holds, eight bytes at a time.
    private static func wordLineFeeds(in p: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        var count = 0
        var i = start
        if let base = UnsafeRawPointer(p.baseAddress) {
            let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
            let feeds = 0x0101_0101_0101_0101 &* UInt64(lf)
            while i + 8 <= end {
                let x = base.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ feeds
                // The high bit of each byte that is zero, exactly (no borrow between bytes).
                count += (~(((x & lows) &+ lows) | x | lows)).nonzeroBitCount
                i += 8
            }
        }
        while i < end {
            if p[i] == lf { count += 1 }
            i += 1
        }
        return count
    }

    /// Turns the record split into `spans`, which starts at `rowStart` on line `line`, into a
    /// record, or rejects it.
    func item(
        _ p: UnsafeBufferPointer<UInt8>, spans: [Span], rowStart: Int, contentEnd: Int, line: Int
    ) -> ReadItem {
        let columnCount = self.columnCount
        let maxFieldBytes = limits.maxFieldBytes
        if spans.count != columnCount {
            let offset = spans.count > columnCount ? spans[columnCount].origin : contentEnd
            let (l, c) = locate(p, rowStart: rowStart, line: line, offset: offset)
            let message =
                spans.count > columnCount
                ? "The row has \(spans.count) fields but the header has \(columnCount) columns; the extra fields start here."
                : "The row has \(spans.count) field\(spans.count == 1 ? "" : "s") but the header has \(columnCount) columns."
            return .rejected(
                ReadFinding.make(
                    "row.field-count", file: file, line: l, column: c, userID: userID(p, spans: spans),
                    message: message))
        }
        for (column, span) in spans.enumerated() where span.end - span.start > maxFieldBytes {
            let (l, c) = locate(p, rowStart: rowStart, line: line, offset: span.origin)
            return .rejected(
                ReadFinding.make(
                    "row.field-too-long", file: file, line: l, column: c, field: columnNames[column],
                    userID: column == idColumn ? nil : userID(p, spans: spans),
                    message: "The field is \(span.end - span.start) bytes long; the limit is \(limits.maxFieldBytes)."))
        }
        // One check for the whole row spares a check per field in the common all-ASCII case.
        let rowIsASCII =
            p.baseAddress.map {
                UTF8Text.isASCII(UnsafeBufferPointer(start: $0 + rowStart, count: contentEnd - rowStart))
            } ?? true
        if !rowIsASCII {
            for mapping in mapped {
                let span = spans[mapping.column]
                if span.start == span.end || Self.isValidUTF8(span, in: p) { continue }
                let (l, c) = locate(p, rowStart: rowStart, line: line, offset: span.origin)
                return .rejected(
                    ReadFinding.make(
                        "row.encoding", file: file, line: l, column: c, field: columnNames[mapping.column],
                        userID: mapping.column == idColumn ? nil : userID(p, spans: spans),
                        message: "The field is not valid UTF-8; the row was skipped."))
            }
        }
        // The mapped values, back to back in field order: one String for the whole row.
        let columnOfField = self.columnOfField
        var capacity = 0
        for column in columnOfField where column >= 0 { capacity += spans[column].end - spans[column].start }
        let record = ProfileRecord(line: line, column: 1, textCapacity: capacity) { target, setEnd in
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
                            i += p[i] == Self.quote ? 2 : 1
                        }
                    }
                }
                setEnd(field, UInt32(truncatingIfNeeded: length))
            }
            return length
        }
        return .record(record)
    }

    /// The id column's value, when the record has one that can be read.
    func userID(_ p: UnsafeBufferPointer<UInt8>, spans: [Span]) -> String? {
        guard idColumn < spans.count else { return nil }
        let span = spans[idColumn]
        guard span.end > span.start, span.end - span.start <= limits.maxFieldBytes else { return nil }
        return Self.decode(span, in: p)
    }

    private static func isValidUTF8(_ span: Span, in p: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = p.baseAddress else { return true }
        return String(
            validating: UnsafeBufferPointer(start: base + span.start, count: span.end - span.start), as: UTF8.self)
            != nil
    }

    /// The field's text, `""` pairs undone; `nil` when it is not valid UTF-8.
    @inline(__always)
    static func decode(_ span: Span, in p: UnsafeBufferPointer<UInt8>) -> String? {
        guard let base = p.baseAddress else { return "" }
        let raw = UnsafeBufferPointer(start: base + span.start, count: span.end - span.start)
        if !span.escaped { return UTF8Text.string(raw) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(raw.count)
        var i = 0
        while i < raw.count {
            bytes.append(raw[i])
            i += raw[i] == quote ? 2 : 1
        }
        return bytes.withUnsafeBufferPointer { UTF8Text.string($0) }
    }

    /// Line and column of `offset` inside the row that starts at `rowStart` on line `line`.
    func locate(_ p: UnsafeBufferPointer<UInt8>, rowStart: Int, line: Int, offset: Int) -> (line: Int, column: Int) {
        var l = line
        var lineStart = rowStart
        var i = rowStart
        while i < offset && i < p.count {
            if p[i] == Self.lf {
                l += 1
                lineStart = i + 1
            }
            i += 1
        }
        return (l, UTF8Text.column(in: p, lineStart: lineStart, offset: offset))
    }
}
