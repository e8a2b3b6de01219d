import Foundation
import Synchronization

/// The old versions of the files a build replaces, freed off the build's threads.
///
/// Renaming a new file over an old one frees the old one's blocks inside the rename, while
/// the folder is locked; on a file system mounted with `discard` each free waits for the disk.
/// Kept linked in the output root through the rename and unlinked afterwards on a background
/// queue, the old version is freed while the build goes on: a 1 %-changed rebuild of
/// 100,000 users replaces 4,200 files. A kept link is only an extra name for a file that is
/// being replaced, so removing one early (a sweep, a name two files share) costs nothing but
/// the rename freeing that file itself.
final class ReplacedFiles: Sendable {
    /// Where old versions wait to be freed: the output root, a small folder on the same file
    /// system. A build that dies leaves them there as `.replaced.*.tmp`; the next one sweeps them.
    let folder: String
    /// At most this many old versions wait at once (a `--force` rebuild of a million users
    /// replaces four million files, faster than they may be freed); past it, the rename frees.
    let limit: Int
    /// Runs the unlinks, one at a time.
    let queue = DispatchQueue(label: "whocard.replaced-files", qos: .utility)
    private let waiting = Mutex(0)

    init(folder: String, limit: Int = 1_024) {
        self.folder = folder
        self.limit = limit
    }

    /// Links the file at `path` into the output root; `nil` when it cannot (no such file, too
    /// many waiting, a name taken, no hard links here), and the rename then frees it itself.
    func keep(_ path: String) -> String? {
        let admitted = waiting.withLock { count -> Bool in
            guard count < limit else { return false }
            count += 1
            return true
        }
        guard admitted else { return nil }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let kept = folder + "/" + AtomicFile.temporaryName(for: "replaced." + name)
        if link(path, kept) == 0 { return kept }
        waiting.withLock { $0 -= 1 }
        return nil
    }

    /// The name of the file whose old version `name` (as ``keep(_:)`` names them) is:
    /// `.replaced.<name>.<pid>.tmp` → `<name>`; `nil` for any other name.
    static func original(ofKept name: String) -> String? {
        guard let target = AtomicFile.target(ofTemporary: name), target.hasPrefix("replaced.") else { return nil }
        return String(target.dropFirst("replaced.".count))
    }

    /// Unlinks a kept old version in the background.
    func free(_ kept: String) {
        queue.async { [self] in
            _ = unlink(kept)
            waiting.withLock { $0 -= 1 }
        }
    }

    /// Returns once every old version handed to ``free(_:)`` is unlinked.
    func wait() {
        queue.sync {}
    }
}
