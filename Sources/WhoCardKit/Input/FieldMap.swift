/// Matches an export's column names (or JSON keys) to the ``Field``s whocard understands.
///
/// Names match case-insensitively, ignoring spaces, `_` and `-`, so `Twitter URL`,
/// `twitter_url` and `twitterUrl` are all ``Field/twitterURL``. Each field also has
/// aliases (`user_id`, `x`, `vendor`, …); user mappings (`--map field=column`) come first.
public struct FieldMap: Sendable {
    /// Normalized column name → field, user mappings over the built-in names.
    private let table: [String: Field]

    /// A map with the built-in names plus `extra` (column name, raw or normalized → field).
    public init(extra: [String: Field] = [:]) {
        var table = FieldMap.builtIn
        for (column, field) in extra { table[FieldMap.normalize(column)] = field }
        self.table = table
    }

    /// Parses `--map` arguments of the form `field=column`, such as `twitter_url=Twitter Handle`.
    public static func parse(mappings: [String]) throws(InputError) -> FieldMap {
        var extra: [String: Field] = [:]
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
            extra[column] = field
        }
        return FieldMap(extra: extra)
    }

    /// The field a column or key name stands for, or `nil` when whocard does not use it.
    public func field(forColumn name: String) -> Field? {
        table[FieldMap.normalize(name)]
    }

    /// Lowercases a name and drops spaces, `_` and `-`: `"Twitter URL"` → `"twitterurl"`.
    public static func normalize(_ name: String) -> String {
        String(name.lowercased().unicodeScalars.filter { $0 != " " && $0 != "_" && $0 != "-" && $0 != "\t" })
    }

    private static let aliases: [Field: [String]] = [
        .id: ["user_id", "uid"],
        .name: ["display_name", "full_name"],
        .provider: ["provider_name", "vendor", "company"],
        .avatarURL: ["photo_url"],
        .twitterURL: ["twitter", "x_url", "x"],
        .facebookURL: ["facebook"],
        .linkedinURL: ["linkedin"],
        .instagramURL: ["instagram"],
        .email: ["contact_email"],
        .phone: ["contact_phone"],
        .bio: ["about", "description"],
    ]

    private static let builtIn: [String: Field] = {
        var table: [String: Field] = [:]
        for field in Field.allCases {
            table[normalize(field.rawValue)] = field
            for alias in aliases[field] ?? [] { table[normalize(alias)] = field }
        }
        return table
    }()
}
