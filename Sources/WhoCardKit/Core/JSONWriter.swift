/// The one JSON writer: writes JSON as it is made, keys in the order they are added, for
/// byte-stable output without Foundation's `JSONSerialization`. Strings are quoted by
/// ``JSONString``, so the output is also safe inside an HTML `<script>` block.
///
/// Pretty output (`indent` given) puts each member on its own line and writes empty
/// containers as `{}` and `[]`; ``JSONValue`` documents are written through it too.
public struct JSONWriter {
    /// What has been written and not yet taken with ``takeOutput()``.
    public private(set) var output = ""
    private var needsComma: [Bool] = []
    private let indentUnit: String?

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
        output += value ? "true" : "false"
    }
    public mutating func int(_ key: String?, _ value: Int) {
        prefix(key)
        output += String(value)
    }
    public mutating func null(_ key: String?) {
        prefix(key)
        output += "null"
    }

    /// A string, or `null` when absent.
    public mutating func optional(_ key: String, _ value: String?) {
        if let value { string(key, value) } else { null(key) }
    }

    /// Returns what was written so far and forgets it, so a large document can go to a file
    /// in pieces.
    public mutating func takeOutput() -> String {
        defer { output = "" }
        return output
    }

    private mutating func open(_ key: String?, _ bracket: String) {
        prefix(key)
        output += bracket
        needsComma.append(false)
    }

    private mutating func close(_ bracket: String) {
        let hadItems = needsComma.popLast() ?? false
        if hadItems { newline() }
        output += bracket
    }

    private mutating func prefix(_ key: String?) {
        if let last = needsComma.last {
            if last { output += "," }
            needsComma[needsComma.count - 1] = true
            newline()
        }
        if let key {
            quote(key)
            output += indentUnit == nil ? ":" : ": "
        }
    }

    /// Appends `text` quoted, escaped in place (no string per value: a card has twenty).
    private mutating func quote(_ text: String) {
        output += "\""
        JSONString.appendEscaped(text, to: &output)
        output += "\""
    }

    private mutating func newline() {
        guard let indentUnit else { return }
        output += "\n"
        for _ in 0..<needsComma.count { output += indentUnit }
    }
}
