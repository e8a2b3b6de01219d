/// Turns one parsed JSON profile object into a ``ProfileRecord``.
///
/// Keys go through the ``FieldMap``. Objects under `social`, `contact` and `support` are read
/// as if their keys were at the top level, except that inside `support` the short keys
/// `url`, `email`, `phone` and `hours` mean the support fields. Strings are taken as they are;
/// numbers are accepted for `id` and the phone fields (as written); `null` is an absent value;
/// anything else where a string is expected rejects the row (`row.json-type`).
struct JSONRecordMapper {
    /// What a key stands for.
    private enum Meaning {
        case field(Field)
        /// `social`, `contact` or `support` (normalized).
        case group(String)
        case unknown
    }

    private let fieldMap: FieldMap
    /// Key → meaning, for top-level keys and (prefixed with the group) nested ones.
    private var cache: [String: Meaning] = [:]
    /// Keys not used, in order of first appearance (nested ones as `support.fax`), with their first line.
    private(set) var unknownKeys: [String] = []
    private(set) var firstUnknownLine: Int?
    private var unknownSet = Set<String>()

    init(fieldMap: FieldMap) {
        self.fieldMap = fieldMap
    }

    private static let groups: Set<String> = ["social", "contact", "support"]
    private static let supportShortKeys: [String: Field] = [
        "url": .supportURL, "email": .supportEmail, "phone": .supportPhone, "hours": .supportHours,
    ]
    private static let numericFields: Set<Field> = [.id, .phone, .supportPhone]

    private mutating func meaning(of key: String, in group: String?) -> Meaning {
        let cacheKey = group.map { $0 + "\u{0}" + key } ?? key
        if let cached = cache[cacheKey] { return cached }
        let meaning: Meaning
        if let group {
            let short = group == "support" ? JSONRecordMapper.supportShortKeys[FieldMap.normalize(key)] : nil
            meaning = (short ?? fieldMap.field(forColumn: key)).map { .field($0) } ?? .unknown
        } else if let field = fieldMap.field(forColumn: key) {
            meaning = .field(field)
        } else {
            let normalized = FieldMap.normalize(key)
            meaning = JSONRecordMapper.groups.contains(normalized) ? .group(normalized) : .unknown
        }
        if cache.count < 4096 { cache[cacheKey] = meaning }
        return meaning
    }

    private mutating func noteUnknown(_ key: String, line: Int) {
        guard unknownSet.count < 1000, unknownSet.insert(key).inserted else { return }
        unknownKeys.append(key)
        if firstUnknownLine == nil { firstUnknownLine = line }
    }

    /// The record for `value`, or the finding that rejects it.
    mutating func item(for value: JSONNode, line: Int, file: String) -> ReadItem {
        guard case .object(let members) = value else {
            return .rejected(
                ReadFinding.make(
                    "row.json-type", file: file, line: line,
                    message: "Each profile must be a JSON object, but this is \(value.kindName)."))
        }
        var values = [String?](repeating: nil, count: ProfileRecord.fieldCount)
        var typeError: (field: String, found: String, expected: String)?
        func assign(_ field: Field, _ value: JSONNode, key: @autoclosure () -> String) {
            switch value {
            case .string(let text):
                values[field.index] = text
            case .number(let text) where JSONRecordMapper.numericFields.contains(field):
                values[field.index] = text
            case .null:
                break
            default:
                if typeError == nil {
                    let expected = JSONRecordMapper.numericFields.contains(field) ? "a string or a number" : "a string"
                    typeError = (key(), value.kindName, expected)
                }
            }
        }
        for (key, member) in members {
            let group: String
            switch meaning(of: key, in: nil) {
            case .field(let field):
                assign(field, member, key: key)
                continue
            case .unknown:
                noteUnknown(key, line: line)
                continue
            case .group(let name):
                group = name
            }
            switch member {
            case .null:
                continue
            case .object(let inner):
                for (innerKey, innerValue) in inner {
                    if case .field(let field) = meaning(of: innerKey, in: group) {
                        assign(field, innerValue, key: key + "." + innerKey)
                    } else {
                        noteUnknown(key + "." + innerKey, line: line)
                    }
                }
            default:
                if typeError == nil { typeError = (key, member.kindName, "an object") }
            }
        }
        if let error = typeError {
            return .rejected(
                ReadFinding.make(
                    "row.json-type", file: file, line: line, field: error.field, userID: values[Field.id.index],
                    message:
                        "'\(error.field)' must be \(error.expected), but it is \(error.found); the row was skipped."))
        }
        return .record(ProfileRecord(line: line, values: values))
    }
}
