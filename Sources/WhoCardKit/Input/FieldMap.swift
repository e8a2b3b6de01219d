/// Matches an export's column names (or JSON keys) to the ``Field``s whocard understands.
///
/// Names match case-insensitively, ignoring spaces, `_` and `-`, so `Twitter URL`,
/// `twitter_url` and `twitterUrl` are all ``Field/twitterURL``. Each field also has
/// aliases (`user_id`, `x`, `vendor`, …); user mappings (`--map field=column`) come first.
///
/// In JSON, a mapped name with dots is a path into nested objects: `--map twitter_url=links.tw`
/// reads `{"links": {"tw": "…"}}`. A mapping the export never has is a usage error
/// (``InputError/mappedColumnMissing(mapping:nearest:)``) naming the nearest names it does have.
public struct FieldMap: Sendable {
    /// A `--map field=column` the user gave.
    public struct Mapping: Sendable, Equatable {
        /// The argument as given, for messages.
        public let argument: String
        public let column: String
        public let field: Field
        /// The column split at dots and normalized, once: a JSON path when it has more than one
        /// part (the JSON reader compares it with every key while the mapping is unmatched).
        let path: [String]

        init(argument: String, column: String, field: Field) {
            self.argument = argument
            self.column = column
            self.field = field
            path = column.split(separator: ".", omittingEmptySubsequences: false).map { FieldMap.normalize(String($0)) }
        }
    }

    /// Normalized column name → field, user mappings over the built-in names.
    private let table: [String: Field]
    /// The user's mappings, in the order given.
    public let mappings: [Mapping]

    /// A map with the built-in names plus `extra` (column name, raw or normalized → field).
    public init(extra: [String: Field] = [:]) {
        self.init(extra: extra, mappings: [])
    }

    private init(extra: [String: Field], mappings: [Mapping]) {
        var table = FieldMap.builtIn
        for (column, field) in extra { table[FieldMap.normalize(column)] = field }
        for mapping in mappings { table[FieldMap.normalize(mapping.column)] = mapping.field }
        self.table = table
        self.mappings = mappings
    }

    /// The user mappings that name no column of `columns`, each with the closest names there.
    public func missing(in columns: [String]) -> [(mapping: Mapping, nearest: [String])] {
        let present = Set(columns.map(FieldMap.normalize))
        return mappings.filter { !present.contains(FieldMap.normalize($0.column)) }.map { mapping in
            (mapping, FieldMap.nearest(to: mapping.column, in: columns))
        }
    }

    /// Up to three of `names` closest to `name` (edit distance on normalized names).
    static func nearest(to name: String, in names: [String]) -> [String] {
        let target = Array(normalize(name).unicodeScalars)
        var seen = Set<String>()
        let scored = names.filter { seen.insert($0).inserted }.map { candidate -> (String, Int) in
            (candidate, distance(target, Array(normalize(candidate).unicodeScalars)))
        }
        let limit = max(2, target.count / 2)
        return scored.filter { $0.1 <= limit }.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.prefix(3).map(\.0)
    }

    private static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }

    /// Parses `--map` arguments of the form `field=column`, such as `twitter_url=Twitter Handle`.
    public static func parse(mappings: [String]) throws(InputError) -> FieldMap {
        var parsed: [Mapping] = []
        for mapping in mappings {
            guard let eq = mapping.firstIndex(of: "=") else {
                throw .invalidMapping(mapping: mapping, reason: "there is no '='")
            }
            let fieldName = String(mapping[..<eq])
            let column = String(mapping[mapping.index(after: eq)...])
            guard let field = Field.allCases.first(where: { normalize($0.rawValue) == normalize(fieldName) }) else {
                let known = Field.allCases.map(\.rawValue).joined(separator: ", ")
                throw .invalidMapping(mapping: mapping, reason: "unknown field '\(fieldName)'; the fields are \(known)")
            }
            guard !normalize(column).isEmpty else {
                throw .invalidMapping(mapping: mapping, reason: "the column name is empty")
            }
            parsed.append(Mapping(argument: mapping, column: column, field: field))
        }
        return FieldMap(extra: [:], mappings: parsed)
    }

    /// The field a column or key name stands for, or `nil` when whocard does not use it.
    public func field(forColumn name: String) -> Field? {
        table[FieldMap.normalize(name)]
    }

    /// Lowercases a name and drops spaces, `_` and `-`: `"Twitter URL"` → `"twitterurl"`.
    public static func normalize(_ name: String) -> String {
        String(name.lowercased().unicodeScalars.filter { $0 != " " && $0 != "_" && $0 != "-" && $0 != "\t" })
    }

    private static let builtIn: [String: Field] = {
        var table: [String: Field] = [:]
        for field in Field.allCases {
            table[normalize(field.rawValue)] = field
            for alias in field.aliases { table[normalize(alias)] = field }
        }
        return table
    }()
}
