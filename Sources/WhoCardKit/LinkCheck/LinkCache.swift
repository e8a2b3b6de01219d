import Foundation

/// Results of earlier runs (`--cache FILE`), so that a nightly run re-checks only the links
/// that are due: each result lives for its verdict's lifetime (ok: 7 days, failures: 1 day).
///
/// The file is JSON, written atomically:
/// `{"format": "whocard-link-cache", "version": 1, "tool_version": "0.1.0",
///   "entries": {NORMALIZED_URL: {"checked_at": UNIX_SECONDS, "result": {…link result…}}}}`.
/// A file that is corrupt or from another whocard version is ignored with a warning and replaced;
/// a folder, a file that cannot be read or anything else in the way is left alone.
public struct LinkCache: Sendable, Equatable {
    /// One cached result and when it was checked.
    public struct Entry: Sendable, Codable, Equatable {
        public var checkedAt: Double
        public var result: LinkResult

        enum CodingKeys: String, CodingKey {
            case checkedAt = "checked_at", result
        }
    }

    /// The `version` member; a file with another one is ignored.
    public static let formatVersion = 1

    public var entries: [String: Entry] = [:]
    /// How long a result of each verdict stays fresh.
    public var lifetimes: [Verdict: Duration]

    /// ok: 7 days; every failure: 1 day.
    public static let defaultLifetimes: [Verdict: Duration] = Dictionary(
        uniqueKeysWithValues: Verdict.allCases.map { ($0, $0 == .ok ? Duration.seconds(7 * 86_400) : .seconds(86_400)) }
    )

    public init(lifetimes: [Verdict: Duration] = LinkCache.defaultLifetimes) {
        self.lifetimes = lifetimes
    }

    /// The fresh result for `normalized` at `now`, marked ``LinkResult/cached``; `nil` when due.
    public func fresh(_ normalized: String, now: Date = Date()) -> LinkResult? {
        guard let entry = entries[normalized], let lifetime = lifetimes[entry.result.verdict] else { return nil }
        let age = now.timeIntervalSince1970 - entry.checkedAt
        guard age >= 0, age < Double(lifetime.components.seconds) else { return nil }
        var result = entry.result
        result.cached = true
        result.attempts = 0
        return result
    }

    /// Records a result checked at `now` (cached results keep their first time).
    public mutating func record(_ result: LinkResult, now: Date = Date()) {
        guard !result.cached else { return }
        var stored = result
        stored.cached = false
        // Rounded down: never in the future.
        entries[result.normalized] = Entry(checkedAt: now.timeIntervalSince1970.rounded(.down), result: stored)
    }

    /// Drops entries older than every lifetime, so the file does not grow forever.
    public mutating func prune(now: Date = Date()) {
        let longest = Double(lifetimes.values.map { $0.components.seconds }.max() ?? 0)
        entries = entries.filter { now.timeIntervalSince1970 - $0.value.checkedAt < longest }
    }

    private struct File: Codable {
        var format: String
        var version: Int
        var toolVersion: String
        var entries: [String: Entry]

        enum CodingKeys: String, CodingKey {
            case format, version, toolVersion = "tool_version", entries
        }
    }

    /// What ``load(path:lifetimes:toolVersion:)`` found.
    public struct Loaded: Sendable {
        /// The cache to use: empty unless the file held a usable one.
        public var cache: LinkCache
        /// Whether there was no file at the path (a first run).
        public var missing = false
        /// What is wrong with the file ("link cache x is a folder, not a file"); `nil` when it
        /// was used or did not exist yet.
        public var problem: String?
        /// What the online check does about ``problem``, with the fix.
        var remedy = ""
        /// Whether ``save(to:toolVersion:)`` may write the path: not when it is a folder or
        /// anything else that is not a regular file, or a file whose content could not be read
        /// (whocard does not replace what it could not look at).
        public var replaceable: Bool

        /// The online check's warning: the problem and what it does about it.
        public var warning: String? { problem.map { "\($0); \(remedy)" } }
    }

    /// Loads the cache at `path`: an empty cache when the file does not exist, and an empty cache
    /// with a warning when it cannot be used.
    public static func load(
        path: String, lifetimes: [Verdict: Duration] = defaultLifetimes, toolVersion: String = WhoCard.version
    ) -> Loaded {
        let empty = LinkCache(lifetimes: lifetimes)
        let data: [UInt8]
        switch readRegularFile(path) {
        case .missing:
            return Loaded(cache: empty, missing: true, replaceable: true)
        case .folder:
            return Loaded(
                cache: empty,
                problem: "link cache \(path) is a folder, not a file",
                remedy: "checking every link without a cache (give --cache a file name, such as \(path)/links.json)",
                replaceable: false)
        case .special:
            return Loaded(
                cache: empty,
                problem: "link cache \(path) is not a regular file",
                remedy: "checking every link without a cache (give --cache a file name)",
                replaceable: false)
        case .unreadable(let reason):
            return Loaded(
                cache: empty,
                problem: "link cache \(path) cannot be read (\(reason))",
                remedy:
                    "checking every link and leaving the file as it is (make it readable, or give --cache another file)",
                replaceable: false)
        case .bytes(let bytes):
            data = bytes
        }
        guard let file = try? JSONDecoder().decode(File.self, from: Data(data)), file.format == "whocard-link-cache"
        else {
            return Loaded(
                cache: empty,
                problem: "link cache \(path) is not a whocard link cache or is corrupt",
                remedy: "checking every link and writing a new cache in its place",
                replaceable: true)
        }
        guard file.version == formatVersion, file.toolVersion == toolVersion else {
            return Loaded(
                cache: empty,
                problem:
                    "link cache \(path) is from whocard \(file.toolVersion) (format \(file.version)), not \(toolVersion)",
                remedy: "checking every link and writing a new cache in its place",
                replaceable: true)
        }
        var cache = empty
        cache.entries = file.entries
        return Loaded(cache: cache, replaceable: true)
    }

    private enum FileContent {
        case missing, folder, special
        case unreadable(String)
        case bytes([UInt8])
    }

    /// The bytes of the regular file at `path`, or what is there instead. Only a regular file
    /// is opened: opening a FIFO would wait for a writer forever.
    private static func readRegularFile(_ path: String) -> FileContent {
        var info = stat()
        guard stat(path, &info) == 0 else {
            return errno == ENOENT ? .missing : .unreadable(readReason(errno))
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: return .folder
        default: return .special
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .unreadable(readReason(errno)) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count == 0 { return .bytes(bytes) }
            if count < 0 {
                if errno == EINTR { continue }
                return .unreadable(readReason(errno))
            }
            bytes += chunk[..<count]
        }
    }

    private static func readReason(_ code: Int32) -> String {
        switch code {
        case EACCES, EPERM: "permission denied"
        case ENOTDIR: "a part of the path is a file, not a folder"
        case EIO: "an input/output error"
        default: String(cString: strerror(code))
        }
    }

    /// Writes the cache to `path` atomically (sorted keys, so the file diffs well).
    public func save(to path: String, toolVersion: String = WhoCard.version) throws(FileWriteError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let file = File(
            format: "whocard-link-cache", version: Self.formatVersion, toolVersion: toolVersion, entries: entries)
        let data = (try? encoder.encode(file)) ?? Data("{}".utf8)
        try AtomicFile.write([UInt8](data) + [0x0a], to: path)
    }

    /// Parses a lifetime such as `7d`, `12h`, `30m` or `45s`.
    public static func parseLifetime(_ text: String) -> Duration? {
        guard let unit = text.last, let value = Int(text.dropLast()), value >= 0 else { return nil }
        switch unit {
        case "d": return .seconds(value * 86_400)
        case "h": return .seconds(value * 3600)
        case "m": return .seconds(value * 60)
        case "s": return .seconds(value)
        default: return nil
        }
    }
}
