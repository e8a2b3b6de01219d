/// The shape of a settings export.
public enum InputFormat: String, CaseIterable, Sendable {
    /// RFC 4180 comma-separated values with a header row.
    case csv
    /// A top-level array of profile objects, or an object holding a `users` or `providers` array.
    case json
    /// JSON Lines (`.jsonl`, `.ndjson`): one profile object per line.
    case jsonl

    /// The format a file name's extension names (`.csv`, `.json`, `.jsonl`, `.ndjson`, any case),
    /// or `nil` when the extension is missing or unknown.
    public static func infer(fromPath path: String) -> InputFormat? {
        let name = path.split(separator: "/").last ?? Substring(path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        switch name[name.index(after: dot)...].lowercased() {
        case "csv": return .csv
        case "json": return .json
        case "jsonl", "ndjson": return .jsonl
        default: return nil
        }
    }

    /// The format of standard input when none is given, from its first non-blank byte:
    /// `[` is JSON, `{` is JSON Lines, anything else is CSV.
    static func sniff(firstByte: UInt8?) -> InputFormat {
        switch firstByte {
        case UInt8(ascii: "["): .json
        case UInt8(ascii: "{"): .jsonl
        default: .csv
        }
    }
}
