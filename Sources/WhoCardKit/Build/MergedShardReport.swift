import Synchronization

/// The `report.json` of a sharded build: the shards' reports as one, as an unsharded build
/// would have written it. Counts are summed; file-level findings (shard 1 reports them) come
/// first, then every row's finding and every rejected row in line order (a row's shard
/// decides ties, as each shard's own order does).
///
/// The shards' findings are merged as they are read, a few at a time from each report, so
/// merging a million findings takes no more memory than merging ten.
struct MergedShardReport {
    /// Each shard's report, in shard order.
    var paths: [String]
    /// Files the merge itself wrote or left unchanged (the gallery pages).
    var counts: OutputWriter.Counts

    /// A shard report's small members (everything but its findings, rejected rows and links).
    private struct Head {
        var members: [String: JSONNode] = [:]
        func ints(_ key: String) -> [String: Int] {
            guard case .object(let pairs)? = members[key] else { return [:] }
            var out: [String: Int] = [:]
            for (name, value) in pairs { if case .number(let text) = value, let n = Int(text) { out[name] = n } }
            return out
        }
        func member(_ object: String, _ key: String) -> JSONNode? {
            guard case .object(let pairs)? = members[object] else { return nil }
            return pairs.first { $0.key == key }?.value
        }
    }

    /// Reads every report's small members, so that a report that cannot be read stops the
    /// merge before it writes anything. The error names the report and what is wrong with it.
    static func check(_ path: String) throws(ShardReportReader.Failure) {
        _ = try head(path)
    }

    private static func head(_ path: String) throws(ShardReportReader.Failure) -> Head {
        let reader = try ShardReportReader(path: path)
        var head = Head()
        while let key = try reader.nextMember() {
            if ["findings", "rejected", "links"].contains(key) {
                try reader.skipValue()
            } else {
                head.members[key] = try reader.value()
            }
        }
        return head
    }

    func write(to path: String) throws {
        var heads: [Head] = []
        for report in paths { heads.append(try Self.head(report)) }
        var summary: [String: Int] = [:]
        var build: [String: Int] = [:]
        for head in heads {
            summary.merge(head.ints("summary"), uniquingKeysWith: +)
            build.merge(head.ints("build"), uniquingKeysWith: +)
        }
        let fileFindings = heads.map { head -> Int in
            guard case .number(let text)? = head.member("build", "file_findings") else { return 0 }
            return Int(text) ?? 0
        }
        func list(_ key: String) -> [JSONNode] {
            heads.flatMap { head -> [JSONNode] in
                guard case .array(let items)? = head.member("build", key) else { return [] }
                return items
            }
        }
        let removedUsers = list("removed_users").compactMap { node -> String? in
            if case .string(let s) = node { s } else { nil }
        }.sorted()
        let keptStale = list("kept_stale").enumerated().sorted { a, b in
            let (la, lb) = (Self.line(of: a.element), Self.line(of: b.element))
            return la != lb ? la < lb : a.offset < b.offset
        }.map(\.element)
        let keptUnseen = heads.compactMap { head -> Int? in
            if case .number(let text)? = head.member("build", "kept_unseen") { Int(text) } else { nil }
        }
        let first = heads.first ?? Head()
        let paths = paths
        let failure = FailureBox()
        let findingKeys = [
            "severity", "rule", "user_id", "file", "line", "column", "field", "value", "message", "hint",
        ]
        let document: JSONValue = .object([
            ("version", Self.json(first.members["version"])),
            ("tool", .object([("name", .string("whocard")), ("version", .string(WhoCard.version))])),
            ("file", Self.json(first.members["file"])),
            (
                "summary",
                .object(
                    ["rows", "accepted", "rejected", "users", "links", "errors", "warnings"].map {
                        ($0, .int(summary[$0] ?? 0))
                    })
            ),
            (
                "findings",
                .stream {
                    AnyIterator(
                        LineMerge(paths: paths, member: "findings", leading: fileFindings, failure: failure).lazy.map {
                            Self.json($0, keys: findingKeys)
                        }.makeIterator())
                }
            ),
            (
                "rejected",
                .stream {
                    AnyIterator(
                        LineMerge(paths: paths, member: "rejected", leading: [], failure: failure).lazy.map {
                            Self.json($0, keys: ["line", "user_id", "rules"])
                        }.makeIterator())
                }
            ),
            (
                "build",
                .object([
                    ("shard", .null),
                    ("cards", .int(build["cards"] ?? 0)),
                    ("rendered", .int(build["rendered"] ?? 0)),
                    ("written", .int((build["written"] ?? 0) + counts.written)),
                    ("unchanged", .int((build["unchanged"] ?? 0) + counts.unchanged)),
                    ("removed", .int(removedUsers.count)),
                    ("removed_users", .array(removedUsers.map(JSONValue.string))),
                    ("kept_stale", .array(keptStale.map { Self.json($0, keys: ["id", "line", "rules"]) })),
                    ("kept_unseen", keptUnseen.isEmpty ? .null : .int(keptUnseen.reduce(0, +))),
                    ("prune_refused", .null),
                    ("file_findings", .int(fileFindings.reduce(0, +))),
                ])
            ),
        ])
        try AtomicFile.write(to: path) { (file: inout AtomicFile.AppendingFile) throws(FileWriteError) in
            try document.write(to: &file)
            // A report that changed since it was checked: the merged one is not written.
            if let reason = failure.reason {
                throw FileWriteError(path: path, reason: "a shard's report could not be read again: \(reason)")
            }
        }
    }

    static func line(of node: JSONNode) -> Int {
        guard case .object(let pairs) = node, case .number(let text)? = pairs.first(where: { $0.key == "line" })?.value
        else { return 0 }
        return Int(text) ?? 0
    }

    /// An object with `keys` in this order, each taken from `node` (`null` when absent).
    private static func json(_ node: JSONNode, keys: [String]) -> JSONValue {
        guard case .object(let pairs) = node else { return .null }
        return .object(keys.map { key in (key, json(pairs.first { $0.key == key }?.value)) })
    }

    /// Strings, integers and arrays of them as they were; anything else is `null`.
    private static func json(_ node: JSONNode?) -> JSONValue {
        switch node {
        case .string(let s)?: .string(s)
        case .number(let text)?: Int(text).map(JSONValue.int) ?? .null
        case .array(let items)?: .array(items.map { json($0) })
        default: .null
        }
    }

    /// Where a stream met a report it could not read.
    final class FailureBox: Sendable {
        private let stored = Mutex<String?>(nil)
        var reason: String? { stored.withLock { $0 } }
        func record(_ reason: String) { stored.withLock { $0 = $0 ?? reason } }
    }

    /// The elements of one array member of every report, merged by line: first the `leading`
    /// count of each report's elements (file-level findings) in report order, then the rest,
    /// smallest line first, ties to the earlier report.
    struct LineMerge: Sequence, IteratorProtocol {
        private var readers: [ShardReportReader?] = []
        private var heads: [JSONNode?] = []
        private var leading: [Int]
        /// The report whose leading elements come next; `nil` once they are all out.
        private var leadingFrom: Int? = 0
        private let failure: FailureBox

        init(paths: [String], member: String, leading: [Int], failure: FailureBox) {
            self.failure = failure
            self.leading = leading
            for path in paths {
                do throws(ShardReportReader.Failure) {
                    let reader = try ShardReportReader(path: path)
                    guard try reader.advance(to: member) else { throw .init(reason: "it has no '\(member)'") }
                    readers.append(reader)
                } catch {
                    failure.record("'\(path)': \(error.reason)")
                    readers.append(nil)
                }
            }
            heads = Array(repeating: nil, count: readers.count)
        }

        private mutating func pull(_ index: Int) -> JSONNode? {
            guard let reader = readers[index] else { return nil }
            do throws(ShardReportReader.Failure) {
                if let element = try reader.nextElement() { return element }
            } catch {
                failure.record(error.reason)
            }
            readers[index] = nil
            return nil
        }

        mutating func next() -> JSONNode? {
            if let start = leadingFrom {
                for index in start..<readers.count where index < leading.count && leading[index] > 0 {
                    if let element = pull(index) {
                        leading[index] -= 1
                        leadingFrom = index
                        return element
                    }
                }
                leadingFrom = nil
                for index in readers.indices { heads[index] = pull(index) }
            }
            var best: Int?
            for index in heads.indices {
                guard let head = heads[index] else { continue }
                if let b = best, let current = heads[b], Self.line(current) <= Self.line(head) { continue }
                best = index
            }
            guard let best, let element = heads[best] else { return nil }
            heads[best] = pull(best)
            return element
        }

        private static func line(_ node: JSONNode) -> Int { MergedShardReport.line(of: node) }
    }
}
