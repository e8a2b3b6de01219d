/// Finds one user in an export without validating or rendering the others: reading stops at
/// the match. When the id is missing, the whole export is read to suggest the closest ids.
public struct ProfileLookup {
    public enum Outcome: Sendable {
        /// The user's first row, validated (findings included).
        case found(ValidatedProfile)
        /// The user's row exists but was rejected; its findings say why.
        case rejected([Finding])
        /// No such id; `users` counts the rows with an id, `suggestions` are the closest ids.
        case notFound(users: Int, suggestions: [String])
    }

    private let reader: ExportReader
    private let file: String
    private let validator = ProfileValidator()

    public init(reader: ExportReader, file: String) {
        self.reader = reader
        self.file = file
    }

    public func find(_ id: String) throws(InputError) -> Outcome {
        var ids: [String] = []
        while let item = try reader.next() {
            guard case .record(let record) = item, let raw = record[.id] else { continue }
            let candidate = trimmed(raw)
            if candidate == id {
                switch validator.validate(record, file: file) {
                case .accepted(let profile): return .found(profile)
                case .rejected(_, let findings): return .rejected(findings)
                }
            }
            if !candidate.isEmpty { ids.append(candidate) }
        }
        return .notFound(users: ids.count, suggestions: Self.closest(to: id, in: ids))
    }

    /// Up to three ids within a small edit distance, closest first.
    static func closest(to id: String, in ids: [String], limit: Int = 3) -> [String] {
        let target = Array(id.lowercased().unicodeScalars)
        let threshold = max(2, target.count / 3)
        // An id is at most 128 characters, so one longer than 192 is more than a third away from
        // every id and the prefix of none: skip the edit distances (quadratic in the length).
        guard target.count <= UserIDRule.maxLength * 3 / 2 else { return [] }
        var scored: [(Int, String)] = []
        for candidate in Set(ids) {
            let distance = editDistance(target, Array(candidate.lowercased().unicodeScalars))
            if distance <= threshold || candidate.lowercased().hasPrefix(id.lowercased()) {
                scored.append((distance, candidate))
            }
        }
        return scored.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }.prefix(limit).map(\.1)
    }

    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
