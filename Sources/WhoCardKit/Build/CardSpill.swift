#if canImport(Glibc)
    import Glibc
#endif
import Synchronization

/// The HTML cards rendered by this build, kept in one unnamed file so the gallery can copy
/// them without opening a million card files again (a first build's gallery used to spend
/// a third of its time reading back the cards it had just written).
///
/// The file has no name (`O_TMPFILE`, or unlinked at once where that is not supported): it
/// disappears when closed, even if the build is killed.
final class CardSpill: @unchecked Sendable {
    private let fd: Int32
    /// What errors call the file: it has no name, but is in the output folder.
    private let label: String
    /// Bytes reserved so far (appends from several threads each take their own range).
    private let reserved = Mutex(0)

    /// Opens the spill in `directory` (the output folder: known writable, same file system).
    init(directory: String) throws(FileWriteError) {
        #if os(Linux)
            var fd = open(directory, 0o20_000_000 | O_DIRECTORY | O_RDWR | O_CLOEXEC, 0o600)  // O_TMPFILE
        #else
            var fd: Int32 = -1
        #endif
        if fd < 0 {
            let path = directory + "/" + AtomicFile.temporaryName(for: "whocard-cards")
            fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw FileWriteError(path: path, reason: AtomicFile.systemReason()) }
            unlink(path)
        }
        self.fd = fd
        label = directory + "/(the build's unnamed scratch copy of its cards)"
    }

    deinit { close(fd) }

    /// Appends `bytes` (one or more cards laid end to end); returns the offset they start at.
    /// Safe to call from several threads.
    func append(_ bytes: [UInt8]) throws(FileWriteError) -> Int {
        let offset = reserved.withLock { size in
            defer { size += bytes.count }
            return size
        }
        let failure = bytes.withUnsafeBytes { buffer -> FileWriteError? in
            do throws(FileWriteError) {
                try AtomicFile.writeAll(fd, buffer, path: label, at: offset)
            } catch { return error }
            return nil
        }
        if let failure { throw failure }
        return offset
    }

    /// Appends the bytes at `range` of the spill to `html`; false when they cannot be read
    /// (past the end included: `pread` then returns 0).
    func read(_ range: Range<Int>, appendingTo html: inout [UInt8]) -> Bool {
        let start = html.count
        html.append(contentsOf: repeatElement(0, count: range.count))
        var done = 0
        let complete = html.withUnsafeMutableBytes { buffer in
            while done < range.count {
                let n = pread(
                    fd, buffer.baseAddress! + start + done, range.count - done, off_t(range.lowerBound + done))
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return false }
                done += n
            }
            return true
        }
        if !complete { html.removeLast(html.count - start) }
        return complete
    }
}
