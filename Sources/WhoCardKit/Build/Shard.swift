/// One slice of the users, for running a build on several machines: shard `index` of `count`
/// (1-based, like `--shard 2/4`). A user belongs to a shard by a stable hash of their id, so
/// the same user lands in the same shard on every run and every machine.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    /// The whole export in one shard: an ordinary build.
    public static let all = Shard(uncheckedIndex: 1, count: 1)

    public init(index: Int, count: Int) throws(ShardError) {
        guard count >= 1, (1...count).contains(index) else {
            throw ShardError(message: "shard \(index)/\(count) does not exist; use K/N with 1 ≤ K ≤ N")
        }
        self.init(uncheckedIndex: index, count: count)
    }

    private init(uncheckedIndex index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Parses `K/N`.
    public init(parsing text: String) throws(ShardError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else {
            throw ShardError(message: "'\(text)' is not a shard; write K/N, e.g. --shard 2/4")
        }
        try self.init(index: k, count: n)
    }

    /// Shard `JOB_COMPLETION_INDEX + 1` of `count`, as a Kubernetes Indexed Job runs it.
    public init(count: Int, environment: [String: String]) throws(ShardError) {
        guard let text = environment["JOB_COMPLETION_INDEX"], let zeroBased = Int(text) else {
            throw ShardError(
                message:
                    "--shards needs JOB_COMPLETION_INDEX (set by a Kubernetes Indexed Job); use --shard K/N elsewhere")
        }
        try self.init(index: zeroBased + 1, count: count)
    }

    public var isWhole: Bool { count == 1 }

    public var description: String { "\(index)/\(count)" }

    /// Whether the user `id` belongs here. Rows without a usable id go to shard 1, so each is
    /// reported exactly once.
    public func contains(userID id: String?) -> Bool {
        guard count > 1 else { return true }
        guard let id else { return index == 1 }
        return Int(Self.stableHash(id) % UInt64(count)) + 1 == index
    }

    /// FNV-1a over the id's UTF-8 bytes: stable across runs, machines and Swift versions
    /// (unlike `Hashable`, which is seeded per process).
    static func stableHash(_ id: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in id.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// The shard's own manifest and report names (`manifest.shard-2-of-4.json`).
    var suffix: String { isWhole ? "" : ".shard-\(index)-of-\(count)" }
}

/// A shard specification that cannot be used.
public struct ShardError: Error, CustomStringConvertible, Equatable {
    public var message: String
    public var description: String { message }
}
