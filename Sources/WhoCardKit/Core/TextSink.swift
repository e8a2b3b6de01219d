#if canImport(Glibc)
    import Glibc
#endif

/// Where a document is written as it is made: a string, a file being written atomically
/// (``AtomicFile/AppendingFile``) or a stream such as standard output
/// (``FileDescriptorSink``). Reports of a million findings go out a piece at a time instead
/// of being built as one string.
public protocol TextSink {
    mutating func append(_ text: String) throws(FileWriteError)
}

extension String: TextSink {}

extension AtomicFile.AppendingFile: TextSink {}

/// A buffered writer to an open file descriptor, typically standard output.
public struct FileDescriptorSink: TextSink {
    private let fd: Int32
    private let name: String
    private var buffer: [UInt8] = []
    private static let flushSize = 1 << 16

    /// `name` is what an error calls the stream, e.g. `standard output`.
    public init(fd: Int32, name: String) {
        self.fd = fd
        self.name = name
        buffer.reserveCapacity(Self.flushSize + 4096)
    }

    public mutating func append(_ text: String) throws(FileWriteError) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.flushSize { try flush() }
    }

    /// Writes what is buffered; call it once the document is complete.
    public mutating func flush() throws(FileWriteError) {
        let (fd, name) = (fd, name)
        let failure = buffer.withUnsafeBytes { bytes -> FileWriteError? in
            do throws(FileWriteError) {
                try AtomicFile.writeAll(fd, bytes, path: name)
                return nil
            } catch { return error }
        }
        buffer.removeAll(keepingCapacity: true)
        if let failure { throw failure }
    }
}
