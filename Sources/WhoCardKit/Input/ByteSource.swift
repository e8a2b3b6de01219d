#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A sliding window over an export's bytes, filled one chunk at a time so memory
/// stays bounded by the longest row, not by the size of the export.
///
/// Readers scan `buffer[start..<buffer.count]`, move `start` past what they consumed,
/// and call ``fill()`` when a row runs past the end of the window.
final class ByteSource {
    /// Default read size: 1 MiB.
    static let defaultChunkSize = 1 << 20

    private enum Origin {
        case descriptor(Int32, owned: Bool)
        case memory([UInt8], offset: Int)
    }

    /// The export's name in findings and errors (`-` for standard input).
    let name: String
    /// The window; bytes before `start` are consumed and dropped on the next fill.
    private(set) var buffer: [UInt8] = []
    /// First unconsumed byte in `buffer`.
    var start = 0
    /// True once the origin has no more bytes.
    private(set) var isAtEOF = false
    /// Bytes taken from the origin so far.
    private(set) var bytesRead = 0
    /// Size of the whole export, when known.
    let totalBytes: Int?

    private var origin: Origin
    /// How many bytes a fill reads.
    let chunkSize: Int

    /// Reads CR as LF, for exports whose lines end in CR alone (old Mac and Excel exports).
    /// Turning it on translates the unconsumed window too.
    var translatesCR = false {
        didSet { if translatesCR { translateCR(from: start) } }
    }

    private func translateCR(from offset: Int) {
        guard offset < buffer.count else { return }
        buffer.withUnsafeMutableBufferPointer { p in
            for i in offset..<p.count where p[i] == 0x0D { p[i] = 0x0A }
        }
    }

    /// Opens `path` for reading, or standard input for `-`.
    init(path: String, chunkSize: Int = ByteSource.defaultChunkSize) throws(InputError) {
        self.name = path
        self.chunkSize = max(1, chunkSize)
        let fd: Int32
        let owned: Bool
        if path == "-" {
            fd = 0
            owned = false
        } else {
            fd = open(path, O_RDONLY)
            owned = true
            guard fd >= 0 else {
                let code = errno
                if code == ENOENT || code == ENOTDIR { throw .notFound(path: path) }
                throw .unreadable(path: path, reason: ByteSource.describe(errno: code))
            }
        }
        var info = stat()
        if fstat(fd, &info) == 0 {
            if (info.st_mode & S_IFMT) == S_IFDIR {
                if owned { close(fd) }
                throw .isFolder(path: path)
            }
            self.totalBytes = (info.st_mode & S_IFMT) == S_IFREG ? Int(info.st_size) : nil
        } else {
            self.totalBytes = nil
        }
        self.origin = .descriptor(fd, owned: owned)
    }

    /// Serves `bytes` as if read from a file named `name`.
    init(bytes: [UInt8], name: String, chunkSize: Int = ByteSource.defaultChunkSize) {
        self.name = name
        self.chunkSize = max(1, chunkSize)
        self.totalBytes = bytes.count
        self.origin = .memory(bytes, offset: 0)
    }

    deinit {
        if case .descriptor(let fd, owned: true) = origin { close(fd) }
    }

    /// Bytes available to scan.
    var end: Int { buffer.count }

    /// Drops consumed bytes and appends the next chunk. Returns false at end of input.
    @discardableResult
    func fill() throws(InputError) -> Bool {
        if isAtEOF { return false }
        switch origin {
        case .memory(let bytes, let offset):
            if start > 0 {
                buffer.removeSubrange(0..<start)
                start = 0
            }
            let upper = min(bytes.count, offset + chunkSize)
            buffer.append(contentsOf: bytes[offset..<upper])
            bytesRead += upper - offset
            origin = .memory(bytes, offset: upper)
            if upper == bytes.count { isAtEOF = true }
            if translatesCR { translateCR(from: buffer.count - (upper - offset)) }
            return upper > offset
        case .descriptor(let fd, _):
            // Read straight into a fresh window after the unconsumed bytes: no zero-filling, one copy.
            // Pipes deliver at most 64 KiB per read, so keep reading until the chunk is full.
            let size = chunkSize
            var failure: Int32 = 0
            var got = 0
            var reachedEOF = false
            let old = buffer
            let kept = old.count - start
            let keepFrom = start
            buffer = [UInt8](unsafeUninitializedCapacity: kept + size) { target, initialized in
                guard let base = target.baseAddress else { return }
                old.withUnsafeBufferPointer { source in
                    guard let from = source.baseAddress else { return }
                    base.initialize(from: from + keepFrom, count: kept)
                }
                initialized = kept
                while got < size {
                    let n = read(fd, base + kept + got, size - got)
                    if n < 0 {
                        if errno == EINTR { continue }
                        failure = errno
                        return
                    }
                    if n == 0 {
                        reachedEOF = true
                        return
                    }
                    got += n
                    initialized = kept + got
                }
            }
            start = 0
            bytesRead += got
            if translatesCR { translateCR(from: kept) }
            if failure != 0 { throw .unreadable(path: name, reason: ByteSource.describe(errno: failure)) }
            if reachedEOF { isAtEOF = true }
            return got > 0
        }
    }

    private static func describe(errno code: Int32) -> String {
        switch code {
        case EACCES, EPERM: "permission denied"
        case EISDIR: "it is a directory"
        default: String(cString: strerror(code))
        }
    }
}
