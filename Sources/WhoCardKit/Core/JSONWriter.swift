/// The one JSON writer: writes JSON as it is made, keys in the order they are added, for
/// byte-stable output without Foundation's `JSONSerialization`. Strings are quoted by
/// ``JSONString``, so the output is also safe inside an HTML `<script>` block.
///
/// Pretty output (`indent` given) puts each member on its own line and writes empty
/// containers as `{}` and `[]`; ``JSONValue`` documents are written through it too.
public struct JSONWriter {
    /// What has been written and not yet taken with ``takeOutput()``, as UTF-8: appending
    /// bytes is several times cheaper than appending to a `String` piece by piece.
    private var bytes: [UInt8] = []

    /// What has been written and not yet taken with ``takeOutput()``.
    public var output: String { String(decoding: bytes, as: UTF8.self) }

    /// Bytes written and not yet taken: how a caller decides to take a piece.
    public var byteCount: Int { bytes.count }
    private var needsComma: [Bool] = []
    private let indentUnit: String?
    /// `"\n"` followed by the indentation of each depth, made once.
    private var indents: [String] = []

    /// `indent` of `nil` writes compact JSON.
    public init(indent: String? = nil) {
        indentUnit = indent
    }

    public mutating func beginObject(_ key: String? = nil) { open(key, "{") }
    public mutating func endObject() { close("}") }
    public mutating func beginArray(_ key: String? = nil) { open(key, "[") }
    public mutating func endArray() { close("]") }

    public mutating func string(_ key: String?, _ value: String) {
        prefix(key)
        quote(value)
    }
    public mutating func bool(_ key: String?, _ value: Bool) {
        prefix(key)
        append(value ? "true" : "false")
    }
    public mutating func int(_ key: String?, _ value: Int) {
        prefix(key)
        append(String(value))
    }
    public mutating func null(_ key: String?) {
        prefix(key)
        append("null")
    }

    /// A string, or `null` when absent.
    public mutating func optional(_ key: String, _ value: String?) {
        if let value { string(key, value) } else { null(key) }
    }

    /// Returns what was written so far and forgets it, so a large document can go to a file
    /// in pieces.
    public mutating func takeOutput() -> String {
        defer { bytes.removeAll(keepingCapacity: true) }
        return output
    }

    private mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }

    private mutating func open(_ key: String?, _ bracket: String) {
        prefix(key)
        append(bracket)
        needsComma.append(false)
    }

    private mutating func close(_ bracket: String) {
        let hadItems = needsComma.popLast() ?? false
        if hadItems { newline() }
        append(bracket)
    }

    private mutating func prefix(_ key: String?) {
        if let last = needsComma.last {
            if last { bytes.append(UInt8(ascii: ",")) }
            needsComma[needsComma.count - 1] = true
            newline()
        }
        if let key {
            quote(key)
            append(indentUnit == nil ? ":" : ": ")
        }
    }

    /// Appends `text` quoted, escaped in place (no string per value: a card has twenty).
    private mutating func quote(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        JSONString.appendEscaped(text, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// A line break and the current depth's indentation, in one append (a report writes one
    /// per member, millions for a large report).
    private mutating func newline() {
        guard let indentUnit else { return }
        let depth = needsComma.count
        while indents.count <= depth { indents.append(indents.last.map { $0 + indentUnit } ?? "\n") }
        append(indents[depth])
    }
}
