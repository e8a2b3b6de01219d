/// A parsed JSON value. Numbers keep their text so ids and phone numbers are not altered.
enum JSONNode {
    case string(String)
    case number(String)
    case bool(Bool)
    case null
    case array([JSONNode])
    case object([(key: String, value: JSONNode)])

    /// What the value is, for messages: "a string", "an object", ….
    var kindName: String {
        switch self {
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// Why a JSON value could not be parsed, at a byte offset of the buffer.
struct JSONFault: Error {
    enum Kind {
        /// The buffer ended inside the value; more input may complete it.
        case needMore
        /// The value runs past the row limit before it ends.
        case tooLong
        case syntax(String)
        case tooDeep
        /// A string is not valid UTF-8 (the value's extent is still known).
        case encoding(key: String?)
        /// A string is longer than the field limit (the value's extent is still known).
        case fieldTooLong(key: String?, bytes: Int)
        /// A `\u` escape is half of a UTF-16 surrogate pair with no other half (Python's
        /// `json.dumps` writes these for broken text); read as U+FFFD.
        case loneSurrogate(key: String?, escape: String)
    }

    var kind: Kind
    var offset: Int
}

/// A recursive-descent parser for one JSON value in a byte buffer.
///
/// Recursion is bounded by `maxDepth`, so hostile nesting fails with ``JSONFault/Kind/tooDeep``
/// instead of overflowing the stack. Invalid UTF-8, lone surrogate escapes and over-long
/// strings are noted in ``softFault`` and parsing goes on, so the caller still learns where the
/// value ends.
struct JSONParser {
    let p: UnsafeBufferPointer<UInt8>
    var i: Int
    let end: Int
    /// When true, running out of bytes is a syntax error rather than ``JSONFault/Kind/needMore``.
    let atEOF: Bool
    let maxDepth: Int
    let maxStringBytes: Int
    /// The first encoding or length problem met; the value parsed anyway.
    private(set) var softFault: JSONFault?
    private var currentKey: String?

    init(_ p: UnsafeBufferPointer<UInt8>, from start: Int, end: Int, atEOF: Bool, maxDepth: Int, maxStringBytes: Int) {
        self.p = p
        self.i = start
        self.end = end
        self.atEOF = atEOF
        self.maxDepth = maxDepth
        self.maxStringBytes = maxStringBytes
    }

    private func truncated() -> JSONFault {
        JSONFault(kind: atEOF ? .syntax("the JSON ends in the middle of a value") : .needMore, offset: i)
    }

    private func unexpected(_ expected: String) -> JSONFault {
        guard i < end else { return truncated() }
        return JSONFault(kind: .syntax("expected \(expected), found \(JSONParser.describe(p[i]))"), offset: i)
    }

    static func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        let hex = Array("0123456789ABCDEF")
        return "byte 0x" + String([hex[Int(byte >> 4)], hex[Int(byte & 15)]])
    }

    mutating func skipWhitespace() {
        while i < end {
            switch p[i] {
            case 0x20, 0x0A, 0x0D, 0x09: i += 1
            default: return
            }
        }
    }

    /// Parses one value; `depth` counts the arrays and objects already open around it.
    mutating func parseValue(depth: Int) throws(JSONFault) -> JSONNode {
        skipWhitespace()
        guard i < end else { throw truncated() }
        switch p[i] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw unexpected("a value")
        }
    }

    private mutating func parseObject(depth: Int) throws(JSONFault) -> JSONNode {
        if depth > maxDepth {
            throw JSONFault(kind: .syntax("the JSON is nested deeper than \(maxDepth) levels"), offset: i)
        }
        i += 1
        var members: [(key: String, value: JSONNode)] = []
        skipWhitespace()
        if i < end && p[i] == UInt8(ascii: "}") {
            i += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard i < end else { throw truncated() }
            guard p[i] == UInt8(ascii: "\"") else { throw unexpected("a key in quotes") }
            let key = try parseString()
            skipWhitespace()
            guard i < end else { throw truncated() }
            guard p[i] == UInt8(ascii: ":") else { throw unexpected("':' after the key") }
            i += 1
            let outer = currentKey
            currentKey = key
            let value = try parseValue(depth: depth)
            currentKey = outer
            members.append((key, value))
            skipWhitespace()
            guard i < end else { throw truncated() }
            switch p[i] {
            case UInt8(ascii: ","): i += 1
            case UInt8(ascii: "}"):
                i += 1
                return .object(members)
            default: throw unexpected("',' or '}'")
            }
        }
    }

    private mutating func parseArray(depth: Int) throws(JSONFault) -> JSONNode {
        if depth > maxDepth {
            throw JSONFault(kind: .syntax("the JSON is nested deeper than \(maxDepth) levels"), offset: i)
        }
        i += 1
        var elements: [JSONNode] = []
        skipWhitespace()
        if i < end && p[i] == UInt8(ascii: "]") {
            i += 1
            return .array(elements)
        }
        while true {
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            guard i < end else { throw truncated() }
            switch p[i] {
            case UInt8(ascii: ","): i += 1
            case UInt8(ascii: "]"):
                i += 1
                return .array(elements)
            default: throw unexpected("',' or ']'")
            }
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONFault) {
        let n = word.utf8CodeUnitCount
        for k in 0..<n {
            guard i + k < end else { throw truncated() }
            if p[i + k] != word.utf8Start[k] {
                i += k
                throw unexpected("a value")
            }
        }
        i += n
    }

    private mutating func parseNumber() throws(JSONFault) -> String {
        let start = i
        func digits(_ parser: inout JSONParser) -> Int {
            let from = parser.i
            while parser.i < parser.end, parser.p[parser.i] >= 0x30, parser.p[parser.i] <= 0x39 { parser.i += 1 }
            return parser.i - from
        }
        if p[i] == UInt8(ascii: "-") { i += 1 }
        let intStart = i
        if digits(&self) == 0 { throw unexpected("a digit") }
        if p[intStart] == UInt8(ascii: "0") && i - intStart > 1 {
            throw JSONFault(kind: .syntax("a number has a leading zero"), offset: intStart)
        }
        if i < end && p[i] == UInt8(ascii: ".") {
            i += 1
            if digits(&self) == 0 { throw unexpected("a digit after '.'") }
        }
        if i < end && (p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E")) {
            i += 1
            if i < end && (p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-")) { i += 1 }
            if digits(&self) == 0 { throw unexpected("a digit in the exponent") }
        }
        if i >= end && !atEOF { throw JSONFault(kind: .needMore, offset: i) }
        return String(decoding: UnsafeBufferPointer(rebasing: p[start..<i]), as: UTF8.self)
    }

    /// Parses a string at `i` (on its opening quote).
    mutating func parseString() throws(JSONFault) -> String {
        let open = i
        i += 1
        let start = i
        while i < end {
            let b = p[i]
            if b == UInt8(ascii: "\"") {
                let raw = UnsafeBufferPointer(rebasing: p[start..<i])
                i += 1
                return finishString(raw, at: open)
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw JSONFault(kind: .syntax("a string holds an unescaped control character"), offset: i) }
            i += 1
        }
        guard i < end else { throw truncated() }
        var bytes = Array(UnsafeBufferPointer(rebasing: p[start..<i]))
        while true {
            guard i < end else { throw truncated() }
            let b = p[i]
            if b == UInt8(ascii: "\"") {
                i += 1
                return bytes.withUnsafeBufferPointer { finishString($0, at: open) }
            }
            if b < 0x20 { throw JSONFault(kind: .syntax("a string holds an unescaped control character"), offset: i) }
            if b != UInt8(ascii: "\\") {
                bytes.append(b)
                i += 1
                continue
            }
            guard i + 1 < end else { throw truncated() }
            let escape = p[i + 1]
            i += 2
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): bytes.append(escape)
            case UInt8(ascii: "b"): bytes.append(0x08)
            case UInt8(ascii: "f"): bytes.append(0x0C)
            case UInt8(ascii: "n"): bytes.append(0x0A)
            case UInt8(ascii: "r"): bytes.append(0x0D)
            case UInt8(ascii: "t"): bytes.append(0x09)
            case UInt8(ascii: "u"):
                let escapeStart = i - 2
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    // A high surrogate needs a low one right after it.
                    if i + 1 >= end, !atEOF { throw truncated() }
                    if i + 1 < end, p[i] == UInt8(ascii: "\\"), p[i + 1] == UInt8(ascii: "u") {
                        let saved = i
                        i += 2
                        let low = try hex4()
                        if (0xDC00..<0xE000).contains(low) {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            i = saved  // the next escape is read on its own
                            noteLoneSurrogate(at: escapeStart)
                            scalar = 0xFFFD
                        }
                    } else {
                        noteLoneSurrogate(at: escapeStart)
                        scalar = 0xFFFD
                    }
                } else if (0xDC00..<0xE000).contains(scalar) {
                    noteLoneSurrogate(at: escapeStart)
                    scalar = 0xFFFD
                }
                bytes.append(contentsOf: Unicode.Scalar(scalar)!.utf8)
            default:
                throw JSONFault(
                    kind: .syntax("'\\\(Character(Unicode.Scalar(escape)))' is not a JSON escape"), offset: i - 2)
            }
        }
    }

    /// Records a lone surrogate escape starting at `offset` (`\uD800`) as the soft fault.
    private mutating func noteLoneSurrogate(at offset: Int) {
        guard softFault == nil else { return }
        let text = String(decoding: UnsafeBufferPointer(rebasing: p[offset..<min(end, offset + 6)]), as: UTF8.self)
        softFault = JSONFault(kind: .loneSurrogate(key: currentKey, escape: text), offset: offset)
    }

    private mutating func hex4() throws(JSONFault) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard i < end else { throw truncated() }
            let b = p[i]
            let digit: UInt32
            switch b {
            case 0x30...0x39: digit = UInt32(b - 0x30)
            case 0x41...0x46: digit = UInt32(b - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(b - 0x61 + 10)
            default: throw JSONFault(kind: .syntax("a \\u escape needs four hex digits"), offset: i)
            }
            value = value << 4 | digit
            i += 1
        }
        return value
    }

    private mutating func finishString(_ raw: UnsafeBufferPointer<UInt8>, at open: Int) -> String {
        if raw.count > maxStringBytes {
            if softFault == nil {
                softFault = JSONFault(kind: .fieldTooLong(key: currentKey, bytes: raw.count), offset: open)
            }
            return ""
        }
        if let text = UTF8Text.string(raw) { return text }
        if softFault == nil { softFault = JSONFault(kind: .encoding(key: currentKey), offset: open) }
        return ""
    }
}
