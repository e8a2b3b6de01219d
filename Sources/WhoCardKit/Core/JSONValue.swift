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

    /// An array whose items are made one at a time while writing, from a fresh iterator each
    /// time the value is written, so a report of millions of findings is never held as one tree.
    case stream(@Sendable () -> AnyIterator<JSONValue>)

    /// An array of `items` made as they are written.
    static func stream<S: Sequence & Sendable>(_ items: S, _ transform: @escaping @Sendable (S.Element) -> JSONValue)
        -> JSONValue
    {
        .stream { AnyIterator(items.lazy.map(transform).makeIterator()) }
    }

    /// Pretty-printed with two-space indentation and a final newline.
    func rendered() -> String {
        var out = ""
        do { try write(to: &out) } catch { preconditionFailure("appending to a string cannot fail") }
        return out
    }

    /// Writes ``rendered()`` to `path` atomically, in pieces of about 64 KiB.
    func write(toFile path: String) throws(FileWriteError) {
        try AtomicFile.write(to: path) { (file: inout AtomicFile.AppendingFile) throws(FileWriteError) in
            try write(to: &file)
        }
    }

    /// Writes ``rendered()`` to `sink` in pieces of about 64 KiB.
    func write(to sink: inout some TextSink) throws(FileWriteError) {
        var writer = JSONWriter(indent: "  ")
        try write(key: nil, to: &writer, sink: &sink)
        try sink.append(writer.takeOutput() + "\n")
    }

    /// Writes the value (as member `key` when given), handing the output to `sink` whenever
    /// 64 KiB have gathered.
    private func write(key: String?, to writer: inout JSONWriter, sink: inout some TextSink) throws(FileWriteError) {
        switch self {
        case .null: writer.null(key)
        case .bool(let b): writer.bool(key, b)
        case .int(let n): writer.int(key, n)
        case .string(let s): writer.string(key, s)
        case .array(let items):
            writer.beginArray(key)
            for item in items { try item.write(key: nil, to: &writer, sink: &sink) }
            writer.endArray()
        case .stream(let items):
            writer.beginArray(key)
            let iterator = items()
            while let item = iterator.next() { try item.write(key: nil, to: &writer, sink: &sink) }
            writer.endArray()
        case .object(let members):
            writer.beginObject(key)
            for (name, value) in members { try value.write(key: name, to: &writer, sink: &sink) }
            writer.endObject()
        }
        if writer.output.utf8.count >= 1 << 16 { try sink.append(writer.takeOutput()) }
    }
}
