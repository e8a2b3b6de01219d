/// One problem found in an export: the single model every report format prints.
///
/// A finding says where (file, line, column, field), whose (user id), what (rule,
/// message, the offending value) and how to fix it (hint).
public struct Finding: Sendable, Codable, Equatable, Hashable {
    public var severity: Severity
    /// Stable rule id such as `url.scheme` or `id.duplicate`; see ``Rule``.
    public var rule: String
    /// The user the finding belongs to; `nil` for file-level findings or rows without a readable id.
    public var userID: String?
    /// The export's path as given on the command line (`-` for standard input).
    public var file: String
    /// 1-based line in the export.
    public var line: Int
    /// 1-based column, when known (CSV).
    public var column: Int?
    /// Field name (``Field`` raw value or the export's column name); `nil` for whole-row findings.
    public var field: String?
    /// The offending value, as in the export (reports quote it safely).
    public var value: String?
    public var message: String
    /// What the user should do, in the product page's words.
    public var hint: String

    public init(
        severity: Severity, rule: String, userID: String? = nil, file: String, line: Int,
        column: Int? = nil, field: String? = nil, value: String? = nil, message: String, hint: String
    ) {
        self.severity = severity
        self.rule = rule
        self.userID = userID
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.value = value
        self.message = message
        self.hint = hint
    }

    enum CodingKeys: String, CodingKey {
        case severity, rule, userID = "user_id", file, line, column, field, value, message, hint
    }
}
