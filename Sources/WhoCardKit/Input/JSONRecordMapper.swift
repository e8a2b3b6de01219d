/// Turns one parsed JSON profile object into a ``ProfileRecord``.
///
/// Keys go through the ``FieldMap``. Objects under `social`, `contact` and `support` are read
/// as if their keys were at the top level, except that inside `support` the short keys
/// `url`, `email`, `phone` and `hours` mean the support fields. Strings are taken as they are;
/// numbers are accepted for `id` and the phone fields (as written); `null` is an absent value;
/// anything else where a string is expected rejects the row (`row.json-type`).
struct JSONRecordMapper {
    private let fieldMap: FieldMap
    private var cache: [String: Field?] = [:]
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

    private mutating func field(for key: String) -> Field? {
        if let cached = cache[key] { return cached }
        let field = fieldMap.field(forColumn: key)
        if cache.count < 4096 { cache[key] = field }
        return field
    }

    private mutating func noteUnknown(_ key: String, line: Int) {
        guard unknownSet.count < 1000, unknownSet.insert(key).inserted else { return }
        unknownKeys.append(key)
        if firstUnknownLine == nil { firstUnknownLine = line }
    }

    /// The record for `value`, or the finding that rejects it.
    mutating func item(for value: JSONValue, line: Int, file: String) -> ReadItem {
        guard case .object(let members) = value else {
            return .rejected(ReadFinding.make(
                "row.json-type", file: file, line: line,
                message: "Each profile must be a JSON object, but this is \(value.kindName)."))
        }
        var record = ProfileRecord(line: line)
        var typeError: (field: String, found: String, expected: String)?
        func assign(_ field: Field, _ value: JSONValue, key: String) {
            switch value {
            case .string(let text):
                record[field] = text
            case .number(let text) where JSONRecordMapper.numericFields.contains(field):
                record[field] = text
            case .null:
                break
            default:
                if typeError == nil {
                    let expected = JSONRecordMapper.numericFields.contains(field) ? "a string or a number" : "a string"
                    typeError = (key, value.kindName, expected)
                }
            }
        }
        for (key, member) in members {
            if let field = self.field(for: key) {
                assign(field, member, key: key)
                continue
            }
            let group = FieldMap.normalize(key)
            guard JSONRecordMapper.groups.contains(group) else {
                noteUnknown(key, line: line)
                continue
            }
            switch member {
            case .null:
                continue
            case .object(let inner):
                for (innerKey, innerValue) in inner {
                    let path = key + "." + innerKey
                    let short = group == "support" ? JSONRecordMapper.supportShortKeys[FieldMap.normalize(innerKey)] : nil
                    if let field = short ?? self.field(for: innerKey) {
                        assign(field, innerValue, key: path)
                    } else {
                        noteUnknown(path, line: line)
                    }
                }
            default:
                if typeError == nil { typeError = (key, member.kindName, "an object") }
            }
        }
        if let error = typeError {
            return .rejected(ReadFinding.make(
                "row.json-type", file: file, line: line, field: error.field, userID: record[.id],
                message: "'\(error.field)' must be \(error.expected), but it is \(error.found); the row was skipped."))
        }
        return .record(record)
    }
}
