/// Streams profiles out of a JSON document or a JSON Lines file, one object at a time.
///
/// A JSON document is a top-level array of profile objects, or an object whose `users` or
/// `providers` member is such an array (other members are skipped). Only one profile object
/// is held in memory at a time, bounded by ``ReaderLimits/maxRowBytes``.
///
/// Recovery: a profile object that cannot be parsed is rejected (`row.json-syntax`) and
/// reading resumes right after it: its end is found by following the nesting of brackets and
/// strings from its start, so in minified JSON too every later profile is read. Stray text
/// between profiles is reported once and skipped to the next `,`, `{` or `]`. When the end of
/// a broken profile cannot be found, or the document ends before its array is closed, the rest
/// of the file is unaccounted for: an `export.incomplete` finding says where reading stopped.
/// A lone surrogate escape (`"\ud800"`, which Python's `json.dumps` writes for broken text)
/// rejects its row with `row.encoding`, in JSON and JSON Lines alike. In JSON Lines a bad line
/// is rejected and the next line is read. Keys whocard does not use are collected over the
/// whole file and reported in one `input.unknown-columns` warning after the last profile.
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
    /// Objects open around the profile array (0: the document is the array).
    private var wrapperLevels = 0
    private var inWrapper: Bool { wrapperLevels > 0 }
    /// `--records`: the normalized keys leading to the profile array; `nil` for `users`/`providers`.
    private let recordsPath: [String]?
    private var sawProfileArray = false
    private var wrapperLine = 1
    /// JSON Lines: skip the rest of an over-long line.
    private var skippingLine = false

    /// `records` (dotted, e.g. `data` or `response.items`) names the profile array inside a
    /// wrapper object; by default it is the `users` or `providers` member.
    init(source: ByteSource, lines: Bool, fieldMap: FieldMap, limits: ReaderLimits, records: String? = nil)
        throws(InputError)
    {
        self.source = source
        self.limits = limits
        self.recordsPath = records.map { $0.split(separator: ".").map { FieldMap.normalize(String($0)) } }
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
                wrapperLevels = 1
                state = .wrapperOpen
            default:
                throw .badJSONDocument(
                    path: source.name, line: line,
                    reason: "expected '[' or '{' at the start, found \(JSONParser.describe(first))")
            }
        }
    }

    private var file: String { source.name }

    /// The line reading has reached.
    var currentLine: Int { line }
    private var elementDepth: Int { wrapperLevels + 1 }

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
            switch state {
            case .finished:
                if !checkedMappings {
                    checkedMappings = true
                    if let missing = mapper.missingMappings().first {
                        throw .mappedColumnMissing(
                            path: file, mapping: missing.mapping.argument, nearest: missing.nearest)
                    }
                }
                return nil
            case .lines:
                if let item = try nextLine() { return item }
            case .arrayOpen, .arrayElement:
                guard let b = try peek() else {
                    finishIncomplete(
                        "the JSON ends before the profile array is closed with ']': the file looks cut off")
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
                    finishIncomplete(
                        "the JSON ends before the profile array is closed with ']': the file looks cut off")
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
                        "expected ',' or ']' after a profile, found \(JSONParser.describe(b)); the text up to the next "
                            + "',', '{' or ']' was skipped", at: (line, column))
                    try skipStrayText()
                    return notice
                }
            case .wrapperOpen, .wrapperKey:
                guard try peek() != nil else {
                    try wrapperEnded()
                    continue
                }
                if source.buffer[source.start] == UInt8(ascii: "}") && state == .wrapperOpen {
                    advance(to: source.start + 1)
                    try closeWrapperLevel()
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
                    try closeWrapperLevel()
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
            var finding = rowFinding(for: fault)
            finding.userID = salvageID(before: min(fault.offset, source.end))
            let elementStart = (line: line, column: column, offset: source.bytesRead - source.end + source.start)
            switch try skipElement() {
            case .ended: state = .arrayAfter
            case .resumed: state = .arrayElement
            case .unterminated:
                finishIncomplete(
                    "the profile that starts on line \(elementStart.line), column \(elementStart.column) is broken "
                        + "and its end cannot be found (a bracket is never closed)",
                    line: elementStart.line, offset: elementStart.offset)
            }
            return .rejected(finding)
        }
    }

    /// The id of a broken profile when its `id` member comes before the fault at `limit`:
    /// members are parsed one by one from the profile's start and the first failure ends the
    /// search. Lets the build keep the card of a user whose row broke.
    private func salvageID(before limit: Int) -> String? {
        let start = source.start
        let limits = self.limits
        let depth = elementDepth
        let mapper = self.mapper
        return source.buffer.withUnsafeBufferPointer { p -> String? in
            var parser = JSONParser(
                p, from: start, end: limit, atEOF: true, maxDepth: limits.maxJSONDepth,
                maxStringBytes: limits.maxFieldBytes)
            parser.skipWhitespace()
            guard parser.i < parser.end, p[parser.i] == UInt8(ascii: "{") else { return nil }
            parser.i += 1
            while true {
                parser.skipWhitespace()
                guard parser.i < parser.end, p[parser.i] == UInt8(ascii: "\""),
                    let key = try? parser.parseString()
                else { return nil }
                parser.skipWhitespace()
                guard parser.i < parser.end, p[parser.i] == UInt8(ascii: ":") else { return nil }
                parser.i += 1
                guard let value = try? parser.parseValue(depth: depth) else { return nil }
                if mapper.isIDKey(key) {
                    switch value {
                    case .string(let id), .number(let id): return id
                    default: return nil
                    }
                }
                parser.skipWhitespace()
                guard parser.i < parser.end, p[parser.i] == UInt8(ascii: ",") else { return nil }
                parser.i += 1
            }
        }
    }

    /// Where reading goes on after a broken profile.
    private enum Skip {
        /// After the profile's end: a `,` or `]` comes next.
        case ended
        /// At a `{` that starts a line after the profile's first line: the profile was cut
        /// short and the next one starts there (pretty-printed exports).
        case resumed
        /// The input ends before the profile does.
        case unterminated
    }

    /// Skips the value at the cursor by following brackets and strings (not their grammar), a
    /// window at a time. A string ends at its closing quote or at a raw line break (which JSON
    /// strings cannot hold); a scalar ends at the next `,`, `]` or `}`. When the brackets
    /// cannot close it (the enclosing array's `]` comes first, or the input ends), reading
    /// resumes at the first `{` that starts a later line, if one was seen within the row limit.
    private func skipElement() throws(InputError) -> Skip {
        var open: [UInt8] = []  // expected closing brackets, innermost last
        var deeper = 0  // levels beyond what `open` keeps, for hostile nesting
        var string = StringTracker()
        var atLineStart = false
        var candidate: Int?
        var i = source.start
        func resumeOrEnd(at offset: Int) -> Skip {
            if let candidate {
                advance(to: candidate)
                return .resumed
            }
            advance(to: offset)
            return .ended
        }
        while true {
            if i >= source.end {
                // Keep the window from the candidate while it is within the row limit.
                if let kept = candidate, source.end - kept <= limits.maxRowBytes {
                    advance(to: kept)
                } else {
                    candidate = nil
                    advance(to: source.end)
                }
                let shift = source.start
                guard try source.fill() else {
                    if candidate != nil { return resumeOrEnd(at: source.end) }
                    return .unterminated
                }
                i -= shift
                candidate = candidate.map { $0 - shift }
                continue
            }
            let b = source.buffer[i]
            if b == 0x0A {
                string = StringTracker()
                atLineStart = true
                i += 1
                continue
            }
            if string.inString {
                if string.feed(b) {
                    if open.isEmpty && deeper == 0 {
                        advance(to: i + 1)
                        return .ended
                    }
                }
                i += 1
                continue
            }
            if b == 0x20 || b == 0x09 || b == 0x0D {
                i += 1
                continue
            }
            switch b {
            case UInt8(ascii: "\""):
                _ = string.feed(b)
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                if b == UInt8(ascii: "{"), atLineStart, candidate == nil, !open.isEmpty { candidate = i }
                if open.count < 1024 {
                    open.append(b == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]"))
                } else {
                    deeper += 1
                }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if open.isEmpty && deeper == 0 {
                    advance(to: i)  // a scalar ended by the enclosing bracket
                    return .ended
                }
                if deeper > 0 {
                    deeper -= 1
                } else if open.last == b {
                    open.removeLast()
                    if open.isEmpty {
                        advance(to: i + 1)
                        return .ended
                    }
                } else if let match = open.lastIndex(of: b) {
                    open.removeSubrange(match...)  // closes the levels opened inside it too
                    if open.isEmpty {
                        advance(to: i + 1)
                        return .ended
                    }
                } else {
                    // The bracket belongs to the enclosing array or object: the profile was cut short.
                    return resumeOrEnd(at: i)
                }
            case UInt8(ascii: ","):
                if open.isEmpty && deeper == 0 {
                    advance(to: i)
                    return .ended
                }
            default:
                break
            }
            atLineStart = false
            i += 1
        }
    }

    /// Skips stray text between profiles up to the next `,`, `{` or `]` outside strings.
    private func skipStrayText() throws(InputError) {
        var string = StringTracker()
        var i = source.start
        while true {
            if i >= source.end {
                advance(to: source.end)
                guard try source.fill() else { return }
                i = source.start
                continue
            }
            let b = source.buffer[i]
            if string.inString || b == UInt8(ascii: "\"") {
                _ = string.feed(b)
            } else {
                switch b {
                case UInt8(ascii: ","), UInt8(ascii: "]"):
                    advance(to: i)
                    return
                case UInt8(ascii: "{"):
                    advance(to: i)
                    state = .arrayElement
                    return
                default: break
                }
            }
            i += 1
        }
    }

    /// Follows JSON strings a byte at a time (their extent, not their meaning), for the scans
    /// that skip broken input.
    private struct StringTracker {
        private(set) var inString = false
        private var escaped = false

        /// Takes the next byte; true when it closed a string.
        mutating func feed(_ byte: UInt8) -> Bool {
            if !inString {
                inString = byte == UInt8(ascii: "\"")
                return false
            }
            if escaped {
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: "\"") {
                inString = false
                return true
            }
            return false
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
        case .loneSurrogate(let key, let escape):
            return .rejected(
                ReadFinding.make(
                    "row.encoding", file: file, line: l, column: c, field: key, userID: userID,
                    message: "A string holds \(escape), half of a UTF-16 surrogate pair without its other half: it is "
                        + "not a character (Python's json.dumps writes these for broken text); the row was skipped."))
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

    /// What a member of a wrapper object turned out to be.
    private enum Member {
        case profileArray
        /// An object on the way to the `--records` array.
        case deeper
        case skipped
    }

    /// Leaves one wrapper object at its `}`.
    private func closeWrapperLevel() throws(InputError) {
        wrapperLevels -= 1
        if wrapperLevels > 0 {
            state = .wrapperAfter
        } else {
            state = .trailing
            try requireProfileArray()
        }
    }

    /// Reads one member of a wrapper object: enters the profile array (`users`/`providers`, or
    /// the `--records` path), enters an object on that path, or skips the value.
    private func wrapperMember() throws(InputError) {
        let depth = wrapperLevels
        let level = wrapperLevels - 1
        let recordsPath = self.recordsPath
        let parsed = try parse({ (parser: inout JSONParser) throws(JSONFault) -> Member in
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
            let opening = parser.p[parser.i]
            if let path = recordsPath {
                if level < path.count, normalized == path[level] {
                    if level == path.count - 1, opening == UInt8(ascii: "[") {
                        parser.i += 1
                        return .profileArray
                    }
                    if level < path.count - 1, opening == UInt8(ascii: "{") {
                        parser.i += 1
                        return .deeper
                    }
                }
            } else if (normalized == "users" || normalized == "providers") && opening == UInt8(ascii: "[") {
                parser.i += 1
                return .profileArray
            }
            _ = try parser.parseValue(depth: depth)
            return .skipped
        })
        switch parsed {
        case .success(let member):
            advance(to: member.end)
            switch member.value {
            case .profileArray:
                sawProfileArray = true
                state = .arrayOpen
            case .deeper:
                wrapperLevels += 1
                state = .wrapperOpen
            case .skipped:
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
        finishIncomplete("the JSON ends before the top-level object is closed with '}': the file looks cut off")
    }

    private func requireProfileArray() throws(InputError) {
        if !sawProfileArray {
            let reason =
                recordsPath.map { "the object has no array at --records \($0.joined(separator: "."))" }
                ?? "the top-level object has no \"users\" or \"providers\" array (name another with --records KEY)"
            throw .badJSONDocument(path: file, line: wrapperLine, reason: reason)
        }
    }

    // MARK: Ending and recovery

    /// Stops reading, queueing the given syntax notice and the unknown-keys warning.
    private func finish(notice reason: String?, at: (line: Int, column: Int)? = nil) {
        state = .finished
        if let reason { queued.append(syntaxNotice(reason, at: at ?? (line, column))) }
        if let unknown = unknownKeysNotice() { queued.append(unknown) }
    }

    /// Stops reading because the rest of the input cannot be accounted for: queues
    /// `export.incomplete` (at `line`, byte `offset`; by default the cursor) and the unknown-keys warning.
    private func finishIncomplete(_ reason: String, line at: Int? = nil, offset: Int? = nil) {
        let position = offset ?? (source.bytesRead - source.end + source.start)
        let total = source.isAtEOF ? source.bytesRead : source.totalBytes
        queued.append(
            .notice(
                ReadFinding.incomplete(
                    file: file, line: at ?? line, offset: position,
                    unread: total.map { max(0, $0 - position) } ?? 0, total: source.totalBytes, reason: reason)))
        finish(notice: nil)
    }

    /// Set once the mappings were checked against the keys seen, at the end.
    private var checkedMappings = false

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
            if lineEnd == source.end, source.isAtEOF, case .syntax = fault.kind, fault.offset >= lineEnd {
                // The last line ends inside its object, without a line break: the file was cut off.
                finishIncomplete(
                    "the last line ends in the middle of its object, without a line break: the file looks cut off",
                    line: lineNumber, offset: source.bytesRead - source.end + start)
            }
        }
        advance(to: min(lineEnd + 1, source.end))
        return item
    }
}
