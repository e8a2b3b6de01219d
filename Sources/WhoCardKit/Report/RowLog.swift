import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A report's rows, in input order, kept as ``RowEncoder`` bytes: in memory while they are
/// few, then in an unnamed temporary file, so a million rejected rows cost disk space rather
/// than memory.
///
/// The file is created with `O_TMPFILE` (or unlinked at once), so it never has a name and
/// disappears when the process ends, however it ends. Should the temporary folder refuse it
/// (full, read-only), the rows stay in memory: a report never loses a row to save memory.
final class RowLog: Sendable {
    private struct State {
        /// Encoded rows not yet in the file.
        var pending: [UInt8] = []
        /// The spill file, or -1 while every row is in memory.
        var fd: Int32 = -1
        /// Bytes in the file; `pending` follows them.
        var fileLength = 0
        var count = 0
        var encoder = RowEncoder()
        /// Why the file could not be created or written, when it could not: rows stay in
        /// memory from then on.
        var failure: String?
    }

    private let state = Mutex(State())
    /// Encoded bytes kept in memory before the first spill.
    private let memoryLimit: Int
    /// Once spilling, pending bytes are written in pieces of this size.
    private static let flushSize = 1 << 20

    /// `memoryLimit`: how many encoded bytes stay in memory before rows go to a file.
    init(memoryLimit: Int = 8 << 20) {
        self.memoryLimit = memoryLimit
    }

    deinit {
        state.withLock { if $0.fd >= 0 { close($0.fd) } }
    }

    var count: Int { state.withLock { $0.count } }

    /// Whether rows are (partly) in a file: for tests and the benchmark.
    var isSpilled: Bool { state.withLock { $0.fd >= 0 } }

    /// Why the rows could not go to a file and are kept in memory; `nil` while all is well.
    var spillFailure: String? { state.withLock { $0.failure } }

    func append(_ row: RowOutcome) {
        state.withLock { s in
            s.encoder.encode(row, into: &s.pending)
            s.count += 1
            guard s.failure == nil else { return }
            if s.fd < 0 {
                guard s.pending.count > memoryLimit else { return }
                s.fd = Self.openTemporaryFile()
                if s.fd < 0 {
                    s.failure = Self.failure("cannot create a file in")
                    return
                }
            } else if s.pending.count < Self.flushSize {
                return
            }
            Self.flush(&s)
        }
    }

    /// A copy with the same rows, for a report that is changed after being copied.
    func copy() -> RowLog {
        let copy = RowLog(memoryLimit: memoryLimit)
        var rows = makeIterator()
        while let row = rows.next() { copy.append(row) }
        return copy
    }

    func makeIterator() -> Iterator {
        Iterator(log: self, end: state.withLock { $0.fileLength + $0.pending.count })
    }

    /// Copies up to `limit` bytes starting at `offset` of the log onto `buffer`; returns how
    /// many (fewer than `limit` where the file ends and memory begins).
    private func read(at offset: Int, limit: Int, into buffer: inout [UInt8]) -> Int {
        state.withLock { s in
            if offset < s.fileLength {
                let n = min(limit, s.fileLength - offset)
                let start = buffer.count
                buffer += repeatElement(0, count: n)
                var got = 0
                buffer.withUnsafeMutableBytes { raw in
                    while got < n {
                        let r = pread(s.fd, raw.baseAddress! + start + got, n - got, off_t(offset + got))
                        if r < 0 && errno == EINTR { continue }
                        // The file is ours and unnamed: a read error is an I/O failure of the disk.
                        precondition(r > 0, "whocard: cannot read back its temporary report file")
                        got += r
                    }
                }
                return n
            } else {
                let from = offset - s.fileLength
                let n = min(s.pending.count - from, limit)
                buffer += s.pending[from..<from + n]
                return n
            }
        }
    }

    private static func flush(_ s: inout State) {
        let fd = s.fd, at = s.fileLength
        var problem: FileWriteError?
        s.pending.withUnsafeBytes { bytes in
            do throws(FileWriteError) {
                try AtomicFile.writeAll(fd, bytes, path: "temporary report file", at: at)
            } catch { problem = error }
        }
        if let problem {
            s.failure = "\(problem)"  // the rows stay in `pending`; what reached the file is ignored
            return
        }
        s.fileLength += s.pending.count
        s.pending.removeAll(keepingCapacity: true)
    }

    /// "`what` FOLDER: the system's reason", from `errno` as the failed call left it.
    private static func failure(_ what: String) -> String {
        let reason = String(cString: strerror(errno))
        return "\(what) \(FileManager.default.temporaryDirectory.path): \(reason)"
    }

    /// An unnamed read-write file in the temporary folder (`TMPDIR`), or -1.
    private static func openTemporaryFile() -> Int32 {
        let folder = FileManager.default.temporaryDirectory.path
        let fd = open(folder, AtomicFile.tmpFileFlag | O_RDWR | O_CLOEXEC, 0o600)
        if fd >= 0 { return fd }
        // File systems without O_TMPFILE: a named file, unlinked at once.
        var template = Array((folder + "/whocard-rows.XXXXXX").utf8CString)
        let named = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        if named >= 0 { template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) } }
        return named
    }

    /// Reads the rows back in order, up to the last row appended when it was made.
    struct Iterator: IteratorProtocol {
        let log: RowLog
        let end: Int
        private var buffer: [UInt8] = []
        private var position = 0
        /// Offset in the log of `buffer`'s end.
        private var loaded = 0
        private var decoder = RowDecoder()
        private static let chunk = 1 << 16

        init(log: RowLog, end: Int) {
            self.log = log
            self.end = end
        }

        mutating func next() -> RowOutcome? {
            while true {
                if let (length, body) = RowDecoder.recordLength(buffer, at: position), body + length <= buffer.count {
                    position = body + length
                    return decoder.decode(buffer, from: body)
                }
                guard loaded < end else { return nil }
                buffer.removeSubrange(0..<position)
                position = 0
                loaded += log.read(at: loaded, limit: min(Self.chunk, end - loaded), into: &buffer)
            }
        }
    }
}
