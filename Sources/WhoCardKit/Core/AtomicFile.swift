#if canImport(Glibc)
    import Glibc
#endif

/// Why a file could not be written; the message names the path and what to check.
public struct FileWriteError: Error, CustomStringConvertible, Equatable {
    public var path: String
    public var reason: String
    public var description: String { "cannot write '\(path)': \(reason)" }
}

/// Writes files so that readers (and a crash) only ever see the old or the new content,
/// never a half-written file.
///
/// A new file is written as an unnamed file (`O_TMPFILE`) and linked into place once
/// complete, which costs no more than creating it; an existing file is replaced by writing a
/// temporary file in the same folder and renaming it over the old one.
public enum AtomicFile {
    /// `replacing` says the file is known to exist: it is then replaced at once, without first
    /// trying to create it (a rebuild's changed cards).
    public static func write(_ text: String, to path: String, replacing: Bool = false) throws(FileWriteError) {
        try write(text, to: path, replacing: replacing, oldVersions: nil)
    }

    /// `oldVersions`, if given, frees the replaced file off this thread.
    static func write(_ text: String, to path: String, replacing: Bool, oldVersions: ReplacedFiles?)
        throws(FileWriteError)
    {
        var text = text
        let failure = text.withUTF8 { buffer in
            capture { () throws(FileWriteError) in
                try write(UnsafeRawBufferPointer(buffer), to: path, replacing: replacing, oldVersions: oldVersions)
            }
        }
        if let failure { throw failure }
    }

    public static func write(_ bytes: [UInt8], to path: String) throws(FileWriteError) {
        let failure = bytes.withUnsafeBytes { buffer in
            capture { () throws(FileWriteError) in try write(buffer, to: path) }
        }
        if let failure { throw failure }
    }

    /// Runs `body`, returning its error instead of throwing (closures of `withUTF8` cannot throw typed errors).
    private static func capture(_ body: () throws(FileWriteError) -> Void) -> FileWriteError? {
        do {
            try body()
            return nil
        } catch { return error }
    }

    public static func write(_ bytes: UnsafeRawBufferPointer, to path: String, replacing: Bool = false)
        throws(FileWriteError)
    {
        try write(bytes, to: path, replacing: replacing, oldVersions: nil)
    }

    static func write(_ bytes: UnsafeRawBufferPointer, to path: String, replacing: Bool, oldVersions: ReplacedFiles?)
        throws(FileWriteError)
    {
        _ = fileSizeSignalIgnored
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        if !replacing, try linkNewFile(bytes, directory: directory.isEmpty ? "/" : directory, path: path) { return }
        // Temporary name in the same folder, renamed over the old file.
        try prepare(to: path, oldVersions: oldVersions) { (file: inout AppendingFile) throws(FileWriteError) in
            try file.append(bytes)
        }.commit()
    }

    /// Over a file-size limit (`ulimit -f`), the kernel kills the writer with SIGXFSZ unless the
    /// signal is ignored; ignored, `write` fails with EFBIG and the build reports which file.
    private static let fileSizeSignalIgnored: Void = {
        #if os(Linux)
            signal(SIGXFSZ, SIG_IGN)
        #endif
    }()

    /// `O_TMPFILE` is `__O_TMPFILE | O_DIRECTORY`; Glibc's Swift module does not export it.
    static let tmpFileFlag: Int32 = 0o20_000_000 | O_DIRECTORY

    /// Writes an unnamed file in `directory` and links it at `path`. Returns false when `path`
    /// already exists or the file system cannot do this (the caller then renames instead).
    private static func linkNewFile(_ bytes: UnsafeRawBufferPointer, directory: String, path: String)
        throws(FileWriteError) -> Bool
    {
        #if os(Linux)
            let fd = open(directory, tmpFileFlag | O_WRONLY | O_CLOEXEC, 0o644)
            guard fd >= 0 else {
                if errno == ENOENT || errno == EACCES || errno == EROFS || errno == ENOSPC || errno == EDQUOT {
                    throw FileWriteError(path: path, reason: systemReason())
                }
                return false  // EOPNOTSUPP, EISDIR, EINVAL: no O_TMPFILE here
            }
            defer { close(fd) }
            try writeAll(fd, bytes, path: path)
            if linkat(fd, "", AT_FDCWD, path, 0x1000 /* AT_EMPTY_PATH */) == 0 { return true }
            if errno == EEXIST { return false }
            // AT_EMPTY_PATH needs CAP_DAC_READ_SEARCH; /proc/self/fd works for everyone.
            if linkat(AT_FDCWD, "/proc/self/fd/\(fd)", AT_FDCWD, path, AT_SYMLINK_FOLLOW) == 0 { return true }
            if errno == EEXIST || errno == ENOENT { return false }
            throw FileWriteError(path: path, reason: systemReason())
        #else
            return false
        #endif
    }

    /// Writes all of `bytes` at the file's position, or at `position` (`pwrite`) when given.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String, at position: Int? = nil)
        throws(FileWriteError)
    {
        var offset = 0
        while offset < bytes.count {
            let written =
                if let position {
                    pwrite(fd, bytes.baseAddress! + offset, bytes.count - offset, off_t(position + offset))
                } else {
                    Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                }
            if written < 0 {
                if errno == EINTR { continue }
                throw FileWriteError(path: path, reason: systemReason())
            }
            offset += written
        }
    }

    static func systemReason() -> String {
        switch errno {
        case ENOENT: "the folder does not exist; create it or choose another path"
        case EACCES, EPERM: "permission denied; choose a writable folder"
        case EROFS: "the file system is read-only; choose a writable folder"
        case ENOSPC: "no space left on the device; free some space"
        case EDQUOT: "disk quota exceeded; free some space"
        case EFBIG: "the file is larger than allowed (file size limit); raise the limit"
        case ENOTDIR: "a part of the path is a file, not a folder; choose another path"
        case EISDIR: "the path is a folder; choose a file name"
        default: String(cString: strerror(errno))
        }
    }

    /// Writes a file too large to hold in memory as one string: `body` appends its pieces.
    /// Like every write here, the file appears at `path` complete or not at all.
    public static func write(to path: String, _ body: (inout AppendingFile) throws(FileWriteError) -> Void)
        throws(FileWriteError)
    {
        try prepare(to: path, body).commit()
    }

    /// Like ``write(to:_:)``, but leaves an existing file that already holds exactly this
    /// content untouched (its modification time too). Returns whether the file was written.
    @discardableResult
    public static func writeIfChanged(to path: String, _ body: (inout AppendingFile) throws(FileWriteError) -> Void)
        throws(FileWriteError) -> Bool
    {
        try prepare(to: path, body).commitIfChanged()
    }

    /// Writes the file under a temporary name beside `path`; it replaces `path` only when
    /// ``Pending/commit()`` is called, so a set of files can be replaced after all are written.
    static func prepare(
        to path: String, oldVersions: ReplacedFiles? = nil, _ body: (inout AppendingFile) throws(FileWriteError) -> Void
    ) throws(FileWriteError) -> Pending {
        _ = fileSizeSignalIgnored
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let name = path.split(separator: "/").last.map(String.init) ?? path
        // A fresh unpredictable name, created exclusively and never through a link: a file or
        // link planted in a shared output folder is never opened, truncated or written through.
        var temporary = ""
        var fd: Int32 = -1
        for _ in 0..<16 {
            temporary = (path.contains("/") ? directory + "/" : "") + temporaryName(for: name)
            fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            if fd >= 0 || errno != EEXIST { break }
        }
        guard fd >= 0 else { throw FileWriteError(path: path, reason: systemReason()) }
        var file = AppendingFile(fd: fd, path: path)
        do {
            try body(&file)
            try file.flush()
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        if close(fd) != 0 {
            let reason = systemReason()
            unlink(temporary)
            throw FileWriteError(path: path, reason: reason)
        }
        return Pending(temporary: temporary, path: path, oldVersions: oldVersions)
    }

    /// A new temporary name for `name` in the same folder: `.<name>.<pid>-<64 random bits>.tmp`,
    /// so another process cannot guess it and plant a link there first.
    static func temporaryName(for name: String) -> String {
        ".\(name).\(getpid())-\(String(UInt64.random(in: .min ... .max), radix: 16)).tmp"
    }

    /// The file a temporary file written here stands for: `.<name>.<pid>-<random>.tmp` (or the
    /// older `.<name>.<pid>.tmp`) → `<name>`; `nil` for any other name. (A build that died
    /// leaves these; the next one sweeps them.)
    static func target(ofTemporary name: String) -> String? {
        guard name.hasPrefix("."), name.hasSuffix(".tmp") else { return nil }
        let inner = name.dropFirst().dropLast(".tmp".count)
        guard let dot = inner.lastIndex(of: "."), inner.index(after: dot) < inner.endIndex else { return nil }
        let tag = inner[inner.index(after: dot)...].split(separator: "-", omittingEmptySubsequences: false)
        let isDigit = { (byte: UInt8) in (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
        let isHex = { (byte: UInt8) in isDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte) }
        guard tag.count <= 2, !tag[0].isEmpty, tag[0].utf8.allSatisfy(isDigit),
            tag.count == 1 || (!tag[1].isEmpty && tag[1].utf8.allSatisfy(isHex))
        else { return nil }
        return String(inner[..<dot])
    }

    /// Whether `path` is a regular file itself, not a link to one (or anything else).
    static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    /// Whether `path` is a symbolic link.
    static func isSymbolicLink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }

    /// A complete file under a temporary name, waiting to replace its target.
    struct Pending: Sendable {
        let temporary: String
        let path: String
        /// Frees the old version off this thread, if given.
        let oldVersions: ReplacedFiles?

        func commit() throws(FileWriteError) {
            let kept = oldVersions?.keep(path)
            defer { if let kept { oldVersions?.free(kept) } }
            if rename(temporary, path) != 0 {
                let reason = systemReason()
                unlink(temporary)
                throw FileWriteError(path: path, reason: reason)
            }
        }

        /// Replaces the target only when the new content differs from it (byte for byte, a
        /// regular file, not a link); otherwise drops the new file so the old one keeps its
        /// modification time. Returns whether the target was replaced.
        @discardableResult
        func commitIfChanged() throws(FileWriteError) -> Bool {
            if AtomicFile.sameContents(temporary, path) {
                discard()
                return false
            }
            try commit()
            return true
        }

        /// Removes the temporary file (the build failed before replacing the target).
        func discard() { unlink(temporary) }
    }

    /// Whether two regular files (neither a link) hold the same bytes, compared a megabyte at a time.
    static func sameContents(_ a: String, _ b: String) -> Bool {
        let first = open(a, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard first >= 0 else { return false }
        defer { close(first) }
        let second = open(b, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard second >= 0 else { return false }
        defer { close(second) }
        var one = stat(), two = stat()
        guard fstat(first, &one) == 0, fstat(second, &two) == 0, (two.st_mode & S_IFMT) == S_IFREG,
            one.st_size == two.st_size
        else { return false }
        let size = 1 << 20
        let left = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        let right = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        defer {
            left.deallocate()
            right.deallocate()
        }
        var offset = 0
        while true {
            let n = pread(first, left, size, off_t(offset))
            guard n >= 0 else { return false }
            if n == 0 { return true }
            var got = 0
            while got < n {
                let m = pread(second, right + got, n - got, off_t(offset + got))
                guard m > 0 else { return false }
                got += m
            }
            if memcmp(left, right, n) != 0 { return false }
            offset += n
        }
    }

    /// A file being written piece by piece through a buffer (see ``write(to:_:)``).
    public struct AppendingFile {
        fileprivate let fd: Int32
        fileprivate let path: String
        private var buffer: [UInt8] = []
        private static let flushSize = 1 << 18

        fileprivate init(fd: Int32, path: String) {
            self.fd = fd
            self.path = path
            buffer.reserveCapacity(Self.flushSize + 4096)
        }

        /// Writes `bytes` straight through (after what is buffered).
        mutating func append(_ bytes: UnsafeRawBufferPointer) throws(FileWriteError) {
            try flush()
            try AtomicFile.writeAll(fd, bytes, path: path)
        }

        mutating func append(_ bytes: [UInt8]) throws(FileWriteError) {
            let failure = bytes.withUnsafeBytes { bytes in
                AtomicFile.capture { () throws(FileWriteError) in try append(bytes) }
            }
            if let failure { throw failure }
        }

        public mutating func append(_ text: String) throws(FileWriteError) {
            buffer.append(contentsOf: text.utf8)
            if buffer.count >= Self.flushSize { try flush() }
        }

        /// Lets `body` append bytes to the buffer directly (no `String` in between: a
        /// million-line manifest is written this way).
        mutating func append(_ body: (inout [UInt8]) -> Void) throws(FileWriteError) {
            body(&buffer)
            if buffer.count >= Self.flushSize { try flush() }
        }

        fileprivate mutating func flush() throws(FileWriteError) {
            let failure = buffer.withUnsafeBytes { bytes in
                AtomicFile.capture { () throws(FileWriteError) in try AtomicFile.writeAll(fd, bytes, path: path) }
            }
            if let failure { throw failure }
            buffer.removeAll(keepingCapacity: true)
        }
    }
}
