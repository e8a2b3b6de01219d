/// One row of a settings export, as read: raw field values, not yet validated.
public struct ProfileRecord: Sendable, Equatable {
    /// Where the row starts in the export (1-based line; for JSON, the line of the object's `{`).
    public var line: Int
    /// Column of the row's start (1-based), when the format has columns.
    public var column: Int?
    /// Raw values indexed by ``Field/index``; `nil` when the export has no such column or value.
    public var values: [String?]

    public init(line: Int, column: Int? = nil, values: [String?] = Array(repeating: nil, count: Field.allCases.count)) {
        self.line = line
        self.column = column
        self.values = values
    }

    /// Convenience for tests and library callers: build a record from field/value pairs.
    public init(line: Int = 1, _ pairs: [Field: String]) {
        self.init(line: line)
        for (field, value) in pairs { self[field] = value }
    }

    public subscript(field: Field) -> String? {
        get { values[field.index] }
        set { values[field.index] = newValue }
    }
}
