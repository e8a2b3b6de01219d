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

    /// `--map` paths into nested objects, by their first key (normalized).
    private let paths: [String: [(rest: [String], field: Field, mapping: Int)]]
    /// Which of the user's mappings matched a key or path somewhere in the export.
    private var seenMappings: Set<Int> = []
    /// Top-level keys and `key.inner` paths seen, for suggesting names (bounded).
    private var keyNames: [String] = []
    private var keyNameSet = Set<String>()

    init(fieldMap: FieldMap) {
        self.fieldMap = fieldMap
        var paths: [String: [(rest: [String], field: Field, mapping: Int)]] = [:]
        for (index, mapping) in fieldMap.mappings.enumerated() where mapping.path.count > 1 {
            paths[mapping.path[0], default: []].append((Array(mapping.path.dropFirst()), mapping.field, index))
        }
        self.paths = paths
    }

    /// The user's mappings that matched nothing in the export read so far, with the nearest
    /// names it has.
    func missingMappings() -> [(mapping: FieldMap.Mapping, nearest: [String])] {
        fieldMap.mappings.indices.filter { !seenMappings.contains($0) }.map { index in
            (fieldMap.mappings[index], FieldMap.nearest(to: fieldMap.mappings[index].column, in: keyNames))
        }
    }

    private mutating func noteKeyName(_ name: String) {
        guard keyNameSet.count < 2000, keyNameSet.insert(name).inserted else { return }
        keyNames.append(name)
    }

    /// Marks the user mappings whose column is `key` (a plain, undotted mapping) as seen.
    private mutating func noteMapped(_ key: String) {
        guard !fieldMap.mappings.isEmpty else { return }
        let normalized = FieldMap.normalize(key)
        for (index, mapping) in fieldMap.mappings.enumerated()
        where mapping.path.count == 1 && mapping.path[0] == normalized {
            seenMappings.insert(index)
        }
    }

    /// The value at `path` inside `value`, following objects by normalized key.
    private static func value(at path: ArraySlice<String>, in value: JSONNode) -> JSONNode? {
        guard let first = path.first else { return value }
        guard case .object(let members) = value,
            let member = members.first(where: { FieldMap.normalize($0.key) == first })
        else { return nil }
        return Self.value(at: path.dropFirst(), in: member.value)
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

    /// Whether a top-level `key` is the user id.
    func isIDKey(_ key: String) -> Bool { fieldMap.field(forColumn: key) == .id }

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
            if seenMappings.count < fieldMap.mappings.count {
                // Names for the suggestions of a mapping that matches nothing (only while one is unmatched).
                noteKeyName(key)
                if case .object(let inner) = member { for (innerKey, _) in inner { noteKeyName(key + "." + innerKey) } }
                noteMapped(key)
            }
            var byPath = false
            if !paths.isEmpty, let mapped = paths[FieldMap.normalize(key)] {
                for path in mapped {
                    guard let found = Self.value(at: path.rest[...], in: member) else { continue }
                    seenMappings.insert(path.mapping)
                    assign(path.field, found, key: key + "." + path.rest.joined(separator: "."))
                    byPath = true
                }
            }
            let group: String
            switch meaning(of: key, in: nil) {
            case .field(let field):
                assign(field, member, key: key)
                continue
            case .unknown:
                if !byPath { noteUnknown(key, line: line) }
                continue
            case .group(let name):
                group = name
            }
            switch member {
            case .null:
                continue
            case .object(let inner):
                for (innerKey, innerValue) in inner {
                    if seenMappings.count < fieldMap.mappings.count { noteMapped(innerKey) }
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
