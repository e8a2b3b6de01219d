/// A JSON document with keys in a fixed order, written byte-for-byte deterministically
/// through ``JSONWriter``.
///
/// Reports build their JSON as values so golden files stay stable and key order follows the
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
        var writer = JSONWriter(indent: "  ")
        write(key: nil, to: &writer) { _ in }
        return writer.output + "\n"
    }

    /// Writes ``rendered()`` to `path` atomically, in pieces of about 64 KiB.
    func write(toFile path: String) throws(FileWriteError) {
        try AtomicFile.write(to: path) { (file: inout AtomicFile.AppendingFile) throws(FileWriteError) in
            var writer = JSONWriter(indent: "  ")
            var failure: FileWriteError?
            write(key: nil, to: &writer) { writer in
                guard failure == nil, writer.output.utf8.count >= 1 << 16 else { return }
                do throws(FileWriteError) { try file.append(writer.takeOutput()) } catch { failure = error }
            }
            if let failure { throw failure }
            try file.append(writer.takeOutput() + "\n")
        }
    }

    /// Writes the value (as member `key` when given); `drain` is called after each member or
    /// item so a caller may take the output written so far.
    private func write(key: String?, to writer: inout JSONWriter, drain: (inout JSONWriter) -> Void) {
        switch self {
        case .null: writer.null(key)
        case .bool(let b): writer.bool(key, b)
        case .int(let n): writer.int(key, n)
        case .string(let s): writer.string(key, s)
        case .array(let items):
            writer.beginArray(key)
            for item in items {
                item.write(key: nil, to: &writer, drain: drain)
                drain(&writer)
            }
            writer.endArray()
        case .lazyArray(let count, let item):
            writer.beginArray(key)
            for i in 0..<count {
                item(i).write(key: nil, to: &writer, drain: drain)
                drain(&writer)
            }
            writer.endArray()
        case .object(let members):
            writer.beginObject(key)
            for (name, value) in members {
                value.write(key: name, to: &writer, drain: drain)
                drain(&writer)
            }
            writer.endObject()
        }
    }
}
