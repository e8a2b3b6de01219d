/// A JSON document with keys in a fixed order, written byte-for-byte deterministically.
///
/// Reports build their JSON by hand so golden files stay stable and key order follows the
/// documented schema rather than an encoder's choice.
enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    /// A string, or `null` when absent.
    static func nullable(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
    /// A number, or `null` when absent.
    static func nullable(_ value: Int?) -> JSONValue { value.map(JSONValue.int) ?? .null }

    /// An array whose items are made one at a time while writing, so a report of millions
    /// of findings is never held as one tree.
    case lazyArray(count: Int, item: @Sendable (Int) -> JSONValue)

    /// Pretty-printed with two-space indentation and a final newline.
    func rendered() -> String {
        var out = Output(file: nil)
        try? write(to: &out, indent: "")
        return out.text + "\n"
    }

    /// Writes ``rendered()`` to `path` atomically, a piece at a time.
    func write(toFile path: String) throws(FileWriteError) {
        try AtomicFile.write(to: path) { (file: inout AtomicFile.AppendingFile) throws(FileWriteError) in
            var out = Output(file: file)
            try write(to: &out, indent: "")
            try out.append("\n")
            try out.flush()
            file = out.file!
        }
    }

    /// Text being written, handed to `file` (when writing to one) in pieces.
    private struct Output {
        var file: AtomicFile.AppendingFile?
        var text = ""

        mutating func append(_ piece: String) throws(FileWriteError) {
            text += piece
            if file != nil, text.utf8.count >= 1 << 16 { try flush() }
        }

        mutating func flush() throws(FileWriteError) {
            guard file != nil else { return }
            try file!.append(text)
            text = ""
        }
    }

    private func write(to out: inout Output, indent: String) throws(FileWriteError) {
        switch self {
        case .null: try out.append("null")
        case .bool(let b): try out.append(b ? "true" : "false")
        case .int(let n): try out.append(String(n))
        case .string(let s): try out.append(Self.quoted(s))
        case .array(let items):
            try Self.writeArray(count: items.count, item: { items[$0] }, to: &out, indent: indent)
        case .lazyArray(let count, let item):
            try Self.writeArray(count: count, item: item, to: &out, indent: indent)
        case .object(let members):
            guard !members.isEmpty else { try out.append("{}"); return }
            let inner = indent + "  "
            try out.append("{\n")
            for (i, (key, value)) in members.enumerated() {
                try out.append(inner + Self.quoted(key) + ": ")
                try value.write(to: &out, indent: inner)
                try out.append(i == members.count - 1 ? "\n" : ",\n")
            }
            try out.append(indent + "}")
        }
    }

    private static func writeArray(count: Int, item: (Int) -> JSONValue, to out: inout Output, indent: String) throws(FileWriteError) {
        guard count > 0 else { try out.append("[]"); return }
        let inner = indent + "  "
        try out.append("[\n")
        for i in 0..<count {
            try out.append(inner)
            try item(i).write(to: &out, indent: inner)
            try out.append(i == count - 1 ? "\n" : ",\n")
        }
        try out.append(indent + "]")
    }

    /// Whether `utf8` is quoted as is (``quoted(_:)`` only adds the quotes): printable ASCII
    /// other than `"`, `\`, `<`, `>` and `&`. Lets a writer of millions of ids skip building strings.
    static func isPlain(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"): false
            case 0x20...0x7E: true
            default: false
            }
        }
    }

    /// A JSON string literal. Controls, bidi and zero-width characters, `<`, `>` and `&` are
    /// written as `\uXXXX`, so the document is safe to embed in HTML and JavaScript and shows
    /// hostile values visibly in an editor.
    static func quoted(_ s: String) -> String {
        var s = s
        // Most values (ids, messages, URLs) need no escape: a report's ten thousand findings
        // are then quoted without walking their characters one by one.
        if s.withUTF8(isPlain) { return "\"" + s + "\"" }
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<", ">", "&":
                out += unicodeEscape(scalar.value)
            case _ where VisibleText.isInvisible(scalar):
                out += unicodeEscape(scalar.value)
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    private static func unicodeEscape(_ value: UInt32) -> String {
        let hex = String(value, radix: 16)
        return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
