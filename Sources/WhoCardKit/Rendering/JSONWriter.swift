/// Writes JSON with keys in the order they are added, for byte-stable output without
/// Foundation's `JSONSerialization`. Strings are escaped with ``Escape/jsonString(_:)``, so
/// the output is also safe inside an HTML `<script>` block.
struct JSONWriter {
    private(set) var output = ""
    private var needsComma: [Bool] = []
    private let indentUnit: String?

    /// `indent` of `nil` writes compact JSON.
    init(indent: String? = nil) {
        indentUnit = indent
    }

    mutating func beginObject(_ key: String? = nil) { open(key, "{") }
    mutating func endObject() { close("}") }
    mutating func beginArray(_ key: String? = nil) { open(key, "[") }
    mutating func endArray() { close("]") }

    mutating func string(_ key: String?, _ value: String) { prefix(key); quoted(value) }
    mutating func bool(_ key: String?, _ value: Bool) { prefix(key); output += value ? "true" : "false" }
    mutating func int(_ key: String?, _ value: Int) { prefix(key); output += String(value) }
    mutating func null(_ key: String?) { prefix(key); output += "null" }

    mutating func optional(_ key: String, _ value: String?) {
        if let value { string(key, value) } else { null(key) }
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
            quoted(key)
            output += indentUnit == nil ? ":" : ": "
        }
    }

    private mutating func quoted(_ text: String) {
        output += "\""
        Escape.appendJSONString(text, to: &output)
        output += "\""
    }

    private mutating func newline() {
        guard let indentUnit else { return }
        output += "\n" + String(repeating: indentUnit, count: needsComma.count)
    }
}
