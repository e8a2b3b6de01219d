#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a file could not be written; the message names the path and what to check.
public struct FileWriteError: Error, CustomStringConvertible, Equatable {
    public var path: String
    public var reason: String
    public var description: String { "cannot write '\(path)': \(reason)" }
}

/// Writes files so that readers (and a crash) only ever see the old or the new content,
/// never a half-written file: write to a temporary name in the same folder, flush, rename.
public enum AtomicFile {
    public static func write(_ text: String, to path: String) throws(FileWriteError) {
        try write(Array(text.utf8), to: path)
    }

    public static func write(_ bytes: [UInt8], to path: String) throws(FileWriteError) {
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let temporary = (directory.isEmpty ? "" : directory + "/") + ".\(name).\(getpid()).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileWriteError(path: path, reason: systemReason()) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                let reason = systemReason()
                close(fd)
                unlink(temporary)
                throw FileWriteError(path: path, reason: reason)
            }
            offset += written
        }
        if close(fd) != 0 {
            let reason = systemReason()
            unlink(temporary)
            throw FileWriteError(path: path, reason: reason)
        }
        if rename(temporary, path) != 0 {
            let reason = systemReason()
            unlink(temporary)
            throw FileWriteError(path: path, reason: reason)
        }
    }

    static func systemReason() -> String {
        switch errno {
        case ENOENT: "the folder does not exist; create it or choose another path"
        case EACCES, EPERM: "permission denied; choose a writable folder"
        case EROFS: "the file system is read-only; choose a writable folder"
        case ENOSPC: "no space left on the device; free some space"
        case EDQUOT: "disk quota exceeded; free some space"
        default: String(cString: strerror(errno))
        }
    }
}
