/// Streams profiles out of a JSON document or a JSON Lines file, one object at a time.
///
/// A JSON document is a top-level array of profile objects, or an object whose `users` or
/// `providers` member is such an array (other members are skipped). Only one profile object
/// is held in memory at a time, bounded by ``ReaderLimits/maxRowBytes``.
///
/// Recovery: a profile object that cannot be parsed is rejected (`row.json-syntax`) and reading
/// resumes at the next line whose first non-blank character is `{` (pretty-printed exports put
/// each profile there). In JSON Lines a bad line is rejected and the next line is read.
/// Problems outside the profile objects (a missing `,` between them, an array never closed,
/// text after the document) are reported once as error notices, not as rows.
/// Keys whocard does not use are collected over the whole file and reported in one
/// `input.unknown-columns` warning after the last profile.
final class JSONReader {
    private enum State {
        case arrayOpen
        case arrayElement
        case arrayAfter
        case wrapperOpen
        case wrapperKey
        case wrapperAfter
        case trailing
        case lines
        case finished
    }

    private let source: ByteSource
    private let limits: ReaderLimits
    private var mapper: JSONRecordMapper
    private var state: State
    private var line = 1
    private var column = 1
    private var inWrapper = false
    private var sawProfileArray = false
    private var wrapperLine = 1
    /// Set after a fault whose extent is unknown: skip to a line starting with `{`.
    private var resyncing = false
    /// JSON Lines: skip the rest of an over-long line.
    private var skippingLine = false

    init(source: ByteSource, lines: Bool, fieldMap: FieldMap, limits: ReaderLimits) throws(InputError) {
        self.source = source
        self.limits = limits
        self.mapper = JSONRecordMapper(fieldMap: fieldMap)
        self.state = lines ? .lines : .finished
        while source.end - source.start < 3 && !source.isAtEOF { try source.fill() }
        if source.end - source.start >= 3,
            source.buffer[source.start] == 0xEF, source.buffer[source.start + 1] == 0xBB,
            source.buffer[source.start + 2] == 0xBF
        {
            source.start += 3
        }
        guard let first = try peek() else { throw .empty(path: source.name) }
        if !lines {
            switch first {
            case UInt8(ascii: "["):
                advance(to: source.start + 1)
                state = .arrayOpen
            case UInt8(ascii: "{"):
                wrapperLine = line
                advance(to: source.start + 1)
                inWrapper = true
                state = .wrapperOpen
            default:
                throw .badJSONDocument(
                    path: source.name, line: line,
                    reason: "expected '[' or '{' at the start, found \(JSONParser.describe(first))")
            }
        }
    }

    private var file: String { source.name }
    private var elementDepth: Int { inWrapper ? 2 : 1 }

    // MARK: Cursor

    /// Consumes bytes up to `offset`, keeping line and column.
    private func advance(to offset: Int) {
        source.buffer.withUnsafeBufferPointer { p in
            var i = source.start
            while i < offset {
                let b = p[i]
                if b == 0x0A {
                    line += 1
                    column = 1
                } else if b & 0xC0 != 0x80 {
                    column += 1
                }
                i += 1
            }
        }
        source.start = offset
    }

    /// Line and column of `offset`, without consuming.
    private func locate(_ offset: Int) -> (line: Int, column: Int) {
        source.buffer.withUnsafeBufferPointer { p in
            var l = line, c = column
            var i = source.start
            while i < offset && i < p.count {
                if p[i] == 0x0A {
                    l += 1
                    c = 1
                } else if p[i] & 0xC0 != 0x80 {
                    c += 1
                }
                i += 1
            }
            return (l, c)
        }
    }

    /// Skips whitespace (reading more as needed); the next byte, or `nil` at end of input.
    private func peek() throws(InputError) -> UInt8? {
        while true {
            var i = source.start
            let end = source.end
            while i < end {
                switch source.buffer[i] {
                case 0x20, 0x0A, 0x0D, 0x09: i += 1
                default:
                    advance(to: i)
                    return source.buffer[i]
                }
            }
            advance(to: end)
            if !(try source.fill()) { return nil }
        }
    }

    /// Runs `body` on the bytes from the cursor, reading more while it needs them.
    /// Returns the value and the offset where parsing stopped.
    private func parse<T>(
        _ body: (inout JSONParser) throws(JSONFault) -> T
    ) throws(InputError) -> Result<(value: T, end: Int, soft: JSONFault?), JSONFault> {
        while true {
            let atEOF = source.isAtEOF
            let start = source.start
            let limits = self.limits
            let result: Result<(value: T, end: Int, soft: JSONFault?), JSONFault> = source.buffer
                .withUnsafeBufferPointer { p in
                    var parser = JSONParser(
                        p, from: start, end: p.count, atEOF: atEOF,
                        maxDepth: limits.maxJSONDepth, maxStringBytes: limits.maxFieldBytes)
                    do throws(JSONFault) {
                        let value = try body(&parser)
                        return .success((value, parser.i, parser.softFault))
                    } catch {
                        return .failure(error)
                    }
                }
            if case .failure(let fault) = result, case .needMore = fault.kind {
                if source.end - source.start > limits.maxRowBytes {
                    return .failure(JSONFault(kind: .tooLong, offset: source.end))
                }
                try source.fill()
                continue
            }
            return result
        }
    }

    // MARK: Reading

    func next() throws(InputError) -> ReadItem? {
        while true {
            if !queued.isEmpty { return queued.removeFirst() }
            if resyncing {
                try resync()
                continue
            }
            switch state {
            case .finished:
                return nil
            case .lines:
                if let item = try nextLine() { return item }
            case .arrayOpen, .arrayElement:
                guard let b = try peek() else {
                    finish(notice: "the JSON ends before the profile array is closed with ']'")
                    continue
                }
                if b == UInt8(ascii: "]") {
                    let trailingComma = state == .arrayElement
                    let at = (line, column)
                    advance(to: source.start + 1)
                    state = inWrapper ? .wrapperAfter : .trailing
                    if trailingComma { return syntaxNotice("there is a ',' after the last profile", at: at) }
                    continue
                }
                return try nextElement()
            case .arrayAfter:
                guard let b = try peek() else {
                    finish(notice: "the JSON ends before the profile array is closed with ']'")
                    continue
                }
                switch b {
                case UInt8(ascii: ","):
                    advance(to: source.start + 1)
                    state = .arrayElement
                case UInt8(ascii: "]"):
                    advance(to: source.start + 1)
                    state = inWrapper ? .wrapperAfter : .trailing
                case UInt8(ascii: "{"):
                    state = .arrayElement
                    return syntaxNotice("a ',' is missing between two profiles", at: (line, column))
                default:
                    let notice = syntaxNotice(
                        "expected ',' or ']' after a profile, found \(JSONParser.describe(b))", at: (line, column))
                    startResync(from: source.start)
                    return notice
                }
            case .wrapperOpen, .wrapperKey:
                guard try peek() != nil else {
                    try wrapperEnded()
                    continue
                }
                if source.buffer[source.start] == UInt8(ascii: "}") && state == .wrapperOpen {
                    advance(to: source.start + 1)
                    state = .trailing
                    try requireProfileArray()
                    continue
                }
                try wrapperMember()
            case .wrapperAfter:
                guard let b = try peek() else {
                    try wrapperEnded()
                    continue
                }
                switch b {
                case UInt8(ascii: ","):
                    advance(to: source.start + 1)
                    state = .wrapperKey
                case UInt8(ascii: "}"):
                    advance(to: source.start + 1)
                    state = .trailing
                    try requireProfileArray()
                default:
                    let reason = "expected ',' or '}' in the top-level object, found \(JSONParser.describe(b))"
                    if !sawProfileArray { throw .badJSONDocument(path: file, line: line, reason: reason) }
                    finish(notice: reason)
                }
            case .trailing:
                guard let b = try peek() else {
                    finish(notice: nil)
                    continue
                }
                finish(
                    notice:
                        "there is text after the end of the JSON document (\(JSONParser.describe(b))); it was ignored")
            }
        }
    }

    /// Reads one profile object inside the array.
    private func nextElement() throws(InputError) -> ReadItem {
        let elementLine = line
        let depth = elementDepth
        switch try parse({ (parser: inout JSONParser) throws(JSONFault) in try parser.parseValue(depth: depth) }) {
        case .success(let parsed):
            // `parse` may have refilled the window; the profile starts at the cursor either way.
            let length = parsed.end - source.start
            let softAt = parsed.soft.map { locate($0.offset) }
            advance(to: parsed.end)
            state = .arrayAfter
            return item(for: parsed.value, soft: parsed.soft, at: softAt, length: length, line: elementLine)
        case .failure(let fault):
            let finding = rowFinding(for: fault)
            startResync(from: min(fault.offset, source.end))
            state = .arrayElement
            return .rejected(finding)
        }
    }

    private func item(
        for value: JSONNode, soft: JSONFault?, at softAt: (line: Int, column: Int)?, length: Int, line: Int
    ) -> ReadItem {
        if length > limits.maxRowBytes {
            return .rejected(
                ReadFinding.make(
                    "row.too-long", file: file, line: line,
                    message: "The profile is \(length) bytes long; the limit is \(limits.maxRowBytes)."))
        }
        let mapped = mapper.item(for: value, line: line, file: file)
        guard let soft, let (l, c) = softAt.map({ ($0.line, $0.column) }) else { return mapped }
        var userID: String?
        if case .record(let record) = mapped { userID = record[.id] }
        switch soft.kind {
        case .encoding(let key):
            return .rejected(
                ReadFinding.make(
                    "row.encoding", file: file, line: l, column: c, field: key, userID: userID,
                    message: "A string is not valid UTF-8; the row was skipped."))
        case .fieldTooLong(let key, let bytes):
            return .rejected(
                ReadFinding.make(
                    "row.field-too-long", file: file, line: l, column: c, field: key, userID: userID,
                    message: "The value is \(bytes) bytes long; the limit is \(limits.maxFieldBytes)."))
        default:
            return mapped
        }
    }

    /// The rejection for a profile that could not be parsed.
    private func rowFinding(for fault: JSONFault) -> Finding {
        let (l, c) = locate(min(fault.offset, source.end))
        switch fault.kind {
        case .tooLong:
            return ReadFinding.make(
                "row.too-long", file: file, line: line, column: column,
                message: "The profile is longer than \(limits.maxRowBytes) bytes; it was skipped.")
        case .syntax(let reason):
            return ReadFinding.make(
                "row.json-syntax", file: file, line: l, column: c,
                message: "The profile is not valid JSON: \(reason); it was skipped.")
        default:
            return ReadFinding.make(
                "row.json-syntax", file: file, line: l, column: c,
                message: "The profile is not valid JSON; it was skipped.")
        }
    }

    private func syntaxNotice(_ reason: String, at: (line: Int, column: Int)) -> ReadItem {
        .notice(
            ReadFinding.make(
                "row.json-syntax", file: file, line: at.line, column: at.column,
                message: "The JSON is malformed: \(reason)."))
    }

    // MARK: Wrapper object

    /// Reads one member of the top-level object: enters a `users`/`providers` array, or skips the value.
    private func wrapperMember() throws(InputError) {
        let depth = 1
        let parsed = try parse({ (parser: inout JSONParser) throws(JSONFault) -> Bool in
            parser.skipWhitespace()
            guard parser.i < parser.end, parser.p[parser.i] == UInt8(ascii: "\"") else {
                throw JSONFault(kind: .syntax("expected a key in quotes"), offset: parser.i)
            }
            let key = try parser.parseString()
            parser.skipWhitespace()
            guard parser.i < parser.end else {
                throw JSONFault(kind: parser.atEOF ? .syntax("the JSON ends after a key") : .needMore, offset: parser.i)
            }
            guard parser.p[parser.i] == UInt8(ascii: ":") else {
                throw JSONFault(kind: .syntax("expected ':' after the key"), offset: parser.i)
            }
            parser.i += 1
            parser.skipWhitespace()
            guard parser.i < parser.end else {
                throw JSONFault(kind: parser.atEOF ? .syntax("the JSON ends after a key") : .needMore, offset: parser.i)
            }
            let normalized = FieldMap.normalize(key)
            if (normalized == "users" || normalized == "providers") && parser.p[parser.i] == UInt8(ascii: "[") {
                parser.i += 1
                return true
            }
            _ = try parser.parseValue(depth: depth)
            return false
        })
        switch parsed {
        case .success(let member):
            advance(to: member.end)
            if member.value {
                sawProfileArray = true
                state = .arrayOpen
            } else {
                state = .wrapperAfter
            }
        case .failure(let fault):
            let reason: String
            switch fault.kind {
            case .syntax(let text): reason = text
            case .tooLong: reason = "a member of the top-level object is longer than \(limits.maxRowBytes) bytes"
            default: reason = "the top-level object is malformed"
            }
            let at = locate(min(fault.offset, source.end))
            if !sawProfileArray {
                throw .badJSONDocument(path: file, line: at.line, reason: reason)
            }
            finish(notice: reason, at: at)
        }
    }

    private func wrapperEnded() throws(InputError) {
        try requireProfileArray()
        finish(notice: "the JSON ends before the top-level object is closed with '}'")
    }

    private func requireProfileArray() throws(InputError) {
        if !sawProfileArray {
            throw .badJSONDocument(
                path: file, line: wrapperLine, reason: "the top-level object has no \"users\" or \"providers\" array")
        }
    }

    // MARK: Ending and recovery

    /// Stops reading, queueing the given syntax notice and the unknown-keys warning.
    private func finish(notice reason: String?, at: (line: Int, column: Int)? = nil) {
        state = .finished
        if let reason { queued.append(syntaxNotice(reason, at: at ?? (line, column))) }
        if let unknown = unknownKeysNotice() { queued.append(unknown) }
    }

    /// Items to hand out before reading on.
    private var queued: [ReadItem] = []
    private var reportedUnknownKeys = false

    private func unknownKeysNotice() -> ReadItem? {
        guard !mapper.unknownKeys.isEmpty, !reportedUnknownKeys else { return nil }
        reportedUnknownKeys = true
        let finding = ReadFinding.unknownColumns(
            mapper.unknownKeys, file: file, line: mapper.firstUnknownLine ?? 1, noun: "key")
        return .notice(finding)
    }

    /// Begins skipping from `offset` to the next line whose first non-blank byte is `{`.
    private func startResync(from offset: Int) {
        // A fault on a line that begins with `{` (after blanks) other than the profile's first line
        // resumes right there.
        let lineStartHasOnlyBlanks: Bool = source.buffer.withUnsafeBufferPointer { p in
            var i = offset - 1
            while i >= source.start {
                switch p[i] {
                case 0x0A: return true
                case 0x20, 0x09, 0x0D: i -= 1
                default: return false
                }
            }
            return false
        }
        advance(to: offset)
        atLineStart = lineStartHasOnlyBlanks
        resyncing = true
    }

    private var atLineStart = false

    private func resync() throws(InputError) {
        while true {
            let end = source.end
            var i = source.start
            while i < end {
                let b = source.buffer[i]
                switch b {
                case 0x0A: atLineStart = true
                case 0x20, 0x09, 0x0D: break
                case UInt8(ascii: "{") where atLineStart:
                    advance(to: i)
                    resyncing = false
                    return
                default: atLineStart = false
                }
                i += 1
            }
            advance(to: end)
            if !(try source.fill()) {
                resyncing = false
                finish(notice: nil)
                return
            }
        }
    }

    // MARK: JSON Lines

    private func nextLine() throws(InputError) -> ReadItem? {
        if skippingLine {
            while true {
                if let lf = source.buffer[source.start..<source.end].firstIndex(of: 0x0A) {
                    advance(to: lf + 1)
                    skippingLine = false
                    break
                }
                advance(to: source.end)
                if !(try source.fill()) {
                    skippingLine = false
                    break
                }
            }
        }
        guard try peek() != nil else {
            finish(notice: nil)
            return nil
        }
        let lineNumber = line
        var lineEnd: Int
        while true {
            if let lf = source.buffer[source.start..<source.end].firstIndex(of: 0x0A) {
                lineEnd = lf
                break
            }
            if source.end - source.start > limits.maxRowBytes {
                skippingLine = true
                return .rejected(
                    ReadFinding.make(
                        "row.too-long", file: file, line: lineNumber, column: column,
                        message: "The line is longer than \(limits.maxRowBytes) bytes; it was skipped."))
            }
            if !(try source.fill()) {
                lineEnd = source.end
                break
            }
        }
        let start = source.start
        let depth = 0
        let limits = self.limits
        let result: Result<(JSONNode, JSONFault?), JSONFault> = source.buffer.withUnsafeBufferPointer { p in
            var parser = JSONParser(
                p, from: start, end: lineEnd, atEOF: true,
                maxDepth: limits.maxJSONDepth, maxStringBytes: limits.maxFieldBytes)
            do throws(JSONFault) {
                let value = try parser.parseValue(depth: depth)
                parser.skipWhitespace()
                if parser.i < lineEnd {
                    throw JSONFault(
                        kind: .syntax(
                            "expected the end of the line after the object, found \(JSONParser.describe(p[parser.i]))"),
                        offset: parser.i)
                }
                return .success((value, parser.softFault))
            } catch {
                return .failure(error)
            }
        }
        let item: ReadItem
        switch result {
        case .success(let (value, soft)):
            item = self.item(
                for: value, soft: soft, at: soft.map { locate($0.offset) }, length: lineEnd - start, line: lineNumber)
        case .failure(let fault):
            item = .rejected(rowFinding(for: fault))
        }
        advance(to: min(lineEnd + 1, source.end))
        return item
    }
}
