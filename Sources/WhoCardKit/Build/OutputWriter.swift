import Foundation

/// Writes output files only when their content changed, atomically, so unchanged files keep
/// their mtime (a CDN or object-store sync then uploads only real changes).
///
/// What the previous manifest vouches for is not read again; anything else is compared with
/// the file on disk before writing.
struct OutputWriter: Sendable {
    let root: String
    let force: Bool
    /// Frees the files this writer replaces off the writing threads; kept in `root` (a small
    /// folder: not `cards`, where each kept file would be a name among four per user).
    let oldVersions: ReplacedFiles
    /// Set for a first build (no manifest, no cards yet): card files are created in this
    /// hidden folder of `root`, with no rename per file, and the folder becomes `cards` once
    /// every card is written (``publishStagedCards()``). Until then no card is visible, so a
    /// killed build still leaves only complete files in `cards`.
    var staging: String?

    init(root: String, force: Bool) {
        self.root = root
        self.force = force
        oldVersions = ReplacedFiles(folder: root)
    }

    /// The hidden folder a first build writes its cards in.
    static let stagingFolder = ".cards.staging"

    /// Files written and files left untouched.
    struct Counts: Sendable {
        var written = 0
        var unchanged = 0

        mutating func add(_ other: Counts) {
            written += other.written
            unchanged += other.unchanged
        }
    }

    /// Writes a user's card files unless `previous` (the last build's digest) equals `digest`.
    /// `known` says the last manifest was readable: a user it does not list is new, and their
    /// files are written without reading the folder first.
    func writeCard(
        _ files: [(name: String, content: String)], digest: Digest, previous: Digest?, known: Bool, counts: inout Counts
    ) throws(FileWriteError) {
        if !force, let previous, previous == digest {
            counts.unchanged += files.count
            return
        }
        if let staging {
            for file in files {
                try Self.createNew(file.content, at: root + "/" + staging + "/" + file.name.dropFirst("cards/".count))
                counts.written += 1
            }
            return
        }
        for file in files {
            try write(
                file.content, to: file.name, compare: previous != nil || !known, replacing: previous != nil,
                counts: &counts)
        }
    }

    /// Writes one file unless it already holds `content` (and `--force` is off). `replacing`:
    /// the file is expected to exist (see ``AtomicFile/write(_:to:replacing:)``).
    func write(
        _ content: String, to relativePath: String, compare: Bool = true, replacing: Bool = false, counts: inout Counts
    ) throws(FileWriteError) {
        let path = root + "/" + relativePath
        if !force, compare, Self.file(at: path, equals: content) {
            counts.unchanged += 1
            return
        }
        try AtomicFile.write(content, to: path, replacing: replacing, oldVersions: oldVersions)
        counts.written += 1
    }

    /// Writes a shared file unless `previousHash` (or the file itself) says it is current; returns its hash.
    func writeSite(_ content: String, to relativePath: String, previousHash: String?, counts: inout Counts)
        throws(FileWriteError) -> String
    {
        let hash = SHA256.hex(content)
        if !force, hash == previousHash, AtomicFile.isRegularFile(root + "/" + relativePath) {
            counts.unchanged += 1
        } else {
            try write(content, to: relativePath, counts: &counts)
        }
        return hash
    }

    /// Creates a file that must not exist yet (a staged card), without a temporary name.
    private static func createNew(_ content: String, at path: String) throws(FileWriteError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileWriteError(path: path, reason: AtomicFile.systemReason()) }
        var content = content
        let failure = content.withUTF8 { bytes -> FileWriteError? in
            do throws(FileWriteError) { try AtomicFile.writeAll(fd, UnsafeRawBufferPointer(bytes), path: path) } catch {
                return error
            }
            return nil
        }
        if close(fd) != 0, failure == nil { throw FileWriteError(path: path, reason: AtomicFile.systemReason()) }
        if let failure { throw failure }
    }

    /// Makes the staged cards the `cards` folder in one rename (over an empty `cards`, if any).
    func publishStagedCards() throws(FileWriteError) {
        guard let staging else { return }
        let cards = root + "/cards"
        rmdir(cards)  // only succeeds when it is empty; a non-empty one makes the rename fail below
        if rename(root + "/" + staging, cards) != 0 {
            throw FileWriteError(path: cards, reason: AtomicFile.systemReason())
        }
    }

    func remove(_ relativePath: String) {
        unlink(root + "/" + relativePath)
    }

    /// Throws when `relativePath` in the output folder is a symbolic link: whocard never writes
    /// through one.
    func refuseLink(_ relativePath: String) throws(FileWriteError) {
        let path = root + "/" + relativePath
        guard AtomicFile.isSymbolicLink(path) else { return }
        throw FileWriteError(
            path: path,
            reason: "it is a symbolic link; whocard writes only inside the output folder, never through links: "
                + "remove the link (and check who made it)")
    }

    func makeDirectory(_ relativePath: String) throws(FileWriteError) {
        let path = relativePath.isEmpty ? root : root + "/" + relativePath
        // The output folder itself may be a link the user made; nothing inside it may be.
        if !relativePath.isEmpty { try refuseLink(relativePath) }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw FileWriteError(path: path, reason: "it is a file, not a folder; choose another output folder")
            }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw FileWriteError(
                path: path,
                reason:
                    "cannot create the folder (\((error as NSError).localizedDescription)); choose a writable output folder"
            )
        }
    }

    /// Whether the file at `path` holds exactly `content`.
    static func file(at path: String, equals content: String) -> Bool {
        var content = content
        return content.withUTF8 { file(at: path, equals: UnsafeRawBufferPointer($0)) }
    }

    static func file(at path: String, equals content: [UInt8]) -> Bool {
        content.withUnsafeBytes { file(at: path, equals: $0) }
    }

    static func file(at path: String, equals expected: UnsafeRawBufferPointer) -> Bool {
        guard let bytes = contents(of: path, ifSize: expected.count) else { return false }
        return bytes.withUnsafeBytes {
            expected.isEmpty || memcmp($0.baseAddress!, expected.baseAddress!, expected.count) == 0
        }
    }

    /// The bytes of the file at `path`; `nil` when it cannot be read (or its size is not `size`).
    /// A link is never read through (it counts as unreadable, so the file is written again).
    static func contents(of path: String, ifSize size: Int? = nil) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var stats = stat()
        guard fstat(fd, &stats) == 0, size == nil || Int(stats.st_size) == size else { return nil }
        let count = Int(stats.st_size)
        var complete = true
        let bytes = [UInt8](unsafeUninitializedCapacity: max(count, 1)) { buffer, filled in
            while filled < count {
                let n = read(fd, buffer.baseAddress! + filled, count - filled)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else {
                    complete = false
                    break
                }
                filled += n
            }
        }
        return complete ? bytes : nil
    }
}
