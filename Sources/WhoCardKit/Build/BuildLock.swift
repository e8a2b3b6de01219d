#if canImport(Glibc)
    import Glibc
#endif

/// Keeps two builds from writing into one output folder at once. The lock is an `flock` on a
/// file in the folder: the kernel drops it when the holder dies, so a stale lock of a killed
/// build is taken over without anyone deleting anything.
final class BuildLock {
    private let fd: Int32

    /// Takes the lock `name` in `directory`, failing at once when a live process holds it.
    init(directory: String, name: String) throws(BuildLockError) {
        let path = directory + "/" + name
        // Never through a link: a lock planted as a symlink would have its target truncated.
        let fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            if errno == ELOOP {
                throw BuildLockError(
                    message:
                        "the lock file '\(path)' is a symbolic link; whocard never writes through links in the "
                        + "output folder: remove it (and check who made it), then run again")
            }
            throw BuildLockError(message: "cannot create the lock file '\(path)': \(AtomicFile.systemReason())")
        }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw BuildLockError(message: "the lock file '\(path)' is not a regular file; remove it, then run again")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            var buffer = [UInt8](repeating: 0, count: 32)
            let n = pread(fd, &buffer, buffer.count, 0)
            close(fd)
            let pid = n > 0 ? String(decoding: buffer[..<n], as: UTF8.self).filter(\.isNumber) : "?"
            throw BuildLockError(
                message:
                    "another whocard build (pid \(pid)) is writing to '\(directory)'; wait for it to finish or stop it, then run again"
            )
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pwrite(fd, pid, pid.count, 0)
        self.fd = fd
    }

    deinit {
        _ = ftruncate(fd, 0)
        flock(fd, LOCK_UN)
        close(fd)
    }
}

/// The output folder is locked by another build.
public struct BuildLockError: Error, CustomStringConvertible, Equatable {
    public var message: String
    public var description: String { message }
}
