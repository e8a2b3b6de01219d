import Foundation

/// Notices changes to a set of files by polling their modification time, size and inode:
/// simple, portable, and enough for a preview (a save shows within one poll interval).
/// A file that appears or disappears counts as a change.
public struct FileWatcher: Sendable {
    private let files: @Sendable () -> [URL]
    private var last: [Stamp]

    /// `files` is asked on every poll, so it can list a folder's current contents.
    public init(files: @escaping @Sendable () -> [URL]) {
        self.files = files
        self.last = Self.stamps(files())
    }

    /// Whether anything changed since the last call (or since `init`).
    public mutating func poll() -> Bool {
        let now = Self.stamps(files())
        defer { last = now }
        return now != last
    }

    private struct Stamp: Equatable, Sendable {
        var path: String
        var exists: Bool
        var modified: timespec?
        var size: Int64
        var inode: UInt64

        static func == (a: Stamp, b: Stamp) -> Bool {
            a.path == b.path && a.exists == b.exists && a.size == b.size && a.inode == b.inode
                && a.modified?.tv_sec == b.modified?.tv_sec && a.modified?.tv_nsec == b.modified?.tv_nsec
        }
    }

    private static func stamps(_ files: [URL]) -> [Stamp] {
        files.map { url in
            var info = stat()
            guard stat(url.path, &info) == 0 else {
                return Stamp(path: url.path, exists: false, modified: nil, size: 0, inode: 0)
            }
            #if canImport(Darwin)
                let modified = info.st_mtimespec
            #else
                let modified = info.st_mtim
            #endif
            return Stamp(
                path: url.path, exists: true, modified: modified, size: Int64(info.st_size), inode: UInt64(info.st_ino))
        }
    }
}
