/// A problem that stops whocard from reading an export at all (the CLI exits 2).
///
/// Row-level problems are not errors of this kind: they are reported as
/// ``ReadItem/rejected(_:)`` findings and reading goes on.
public enum InputError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The path does not exist.
    case notFound(path: String)
    /// The file exists but cannot be opened or read (permissions, a directory, an I/O error).
    case unreadable(path: String, reason: String)
    /// The path is a folder, not an export file.
    case isFolder(path: String)
    /// The export holds no data (nothing, or only blank lines or a byte-order mark).
    case empty(path: String)
    /// The format cannot be told from the file name.
    case unknownFormat(path: String)
    /// The CSV header has no column that maps to `id`.
    case noIDColumn(path: String, columns: [String])
    /// The CSV header is one column holding another delimiter: the file likely uses that one.
    case singleColumnHeader(path: String, column: String, likelyDelimiter: CSVDelimiter)
    /// The CSV header row itself is malformed.
    case badHeader(path: String, line: Int, reason: String)
    /// The JSON document is not an array of profiles or an object holding one.
    case badJSONDocument(path: String, line: Int, reason: String)
    /// A `--map field=column` mapping cannot be used.
    case invalidMapping(mapping: String, reason: String)
    /// A `--map field=column` names a column (or JSON key or path) the export never has.
    case mappedColumnMissing(path: String, mapping: String, nearest: [String])

    public var description: String {
        switch self {
        case .notFound(let path):
            "cannot read '\(path)': no such file. Check the --input path."
        case .unreadable(let path, let reason):
            "cannot read '\(path)': \(reason). Check the --input path and its permissions."
        case .isFolder(let path):
            "'\(path)' is a folder, not an export file. Give the export file itself, e.g. --input \(path.hasSuffix("/") ? path : path + "/")export.csv."
        case .empty(let path):
            "'\(path)' is empty. Export the Social Media settings again; the file needs a header row and at least one profile."
        case .unknownFormat(let path):
            "cannot tell the format of '\(path)' from its name. Name it .csv, .json, .jsonl or .ndjson, or give --input-format csv|json|jsonl."
        case .noIDColumn(let path, let columns):
            "'\(path)' has no id column (columns: \(columns.map { "'\($0)'" }.joined(separator: ", "))). "
                + "Add an id column, or map one with --map id=column."
        case .singleColumnHeader(let path, let column, let likely):
            "'\(path)' has no id column: its header is one column, '\(column.prefix(80))', which holds "
                + "'\(likely == .tab ? "\\t" : likely.rawValue)'. The file probably uses that delimiter: "
                + "give --delimiter '\(likely.argument)'."
        case .badHeader(let path, let line, let reason):
            "'\(path)' line \(line): the header row is malformed: \(reason). Fix the first row of the export."
        case .badJSONDocument(let path, let line, let reason):
            "'\(path)' line \(line): \(reason). Give the profiles as a JSON array, as an object with a \"users\" "
                + "or \"providers\" array, or one object per line in a .jsonl file."
        case .mappedColumnMissing(let path, let mapping, let nearest):
            "'\(path)' has no column or key named as in --map \(mapping)"
                + (nearest.isEmpty
                    ? "." : "; the nearest it has: \(nearest.map { "'\($0)'" }.joined(separator: ", ")).")
                + " Check the spelling (JSON paths are written with dots, e.g. links.tw)."
        case .invalidMapping(let mapping, let reason):
            "invalid mapping '\(mapping)': \(reason). Write it as --map field=column, e.g. --map twitter_url=Twitter."
        }
    }
}
