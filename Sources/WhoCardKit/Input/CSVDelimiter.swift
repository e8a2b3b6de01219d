/// The field delimiters a CSV export may use: `,` by the standard; `;` from Excel in most
/// European locales; TAB (TSV) and `|` from database dumps.
public enum CSVDelimiter: String, Sendable, CaseIterable {
    case comma = ","
    case semicolon = ";"
    case tab = "\t"
    case pipe = "|"

    /// The delimiter written as a user would type it: `,`, `;`, `tab` (or `\t`) or `|`.
    public init?(argument: String) {
        switch argument.lowercased() {
        case ",", "comma": self = .comma
        case ";", "semicolon": self = .semicolon
        case "\t", "\\t", "tab", "tsv": self = .tab
        case "|", "pipe": self = .pipe
        default: return nil
        }
    }

    /// How messages and `--delimiter` name it.
    public var argument: String {
        switch self {
        case .comma: ","
        case .semicolon: ";"
        case .tab: "tab"
        case .pipe: "|"
        }
    }

    var byte: UInt8 { rawValue.utf8.first! }
}
