import Foundation
import Synchronization

/// One SHA-256 over a user's card files: each file's byte length in decimal, a newline, then
/// its bytes, in ``Manifest/cardExtensions`` order. Any change to any file changes it.
enum CardDigest {
    static func of(_ contents: [String]) -> Digest {
        of(contents.map(\.utf8))
    }

    /// The digest of the files' bytes, framed as the doc comment says.
    private static func of<Bytes: Collection<UInt8>>(_ contents: [Bytes]) -> Digest {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(contents.reduce(0) { $0 + $1.count + 8 })
        for content in contents {
            bytes.append(contentsOf: String(content.count).utf8)
            bytes.append(UInt8(ascii: "\n"))
            bytes.append(contentsOf: content)
        }
        return bytes.withUnsafeBytes { Digest(SHA256.digest($0)) }
    }

    /// The digest of user `id`'s card files as they are in `root`; `nil` when one is missing,
    /// unreadable or a link.
    static func ofFiles(in root: String, id: String, extensions: [String] = BuildPipeline.cardExtensions) -> Digest? {
        var files: [[UInt8]] = []
        for ext in extensions {
            let name = "cards/\(id).\(ext)"
            guard let content = OutputWriter.contents(of: root + "/" + name) else { return nil }
            files.append(content)
        }
        return of(files)
    }

    /// The users of `manifest` whose files on disk do not hash to their entry's digest (or are
    /// missing): after a build that died, what it may have half changed. Reads on `jobs` threads.
    static func mismatches(in manifest: Manifest, root: String, jobs: Int) -> Set<String> {
        let users = manifest.users, extensions = manifest.cardExtensions
        let chunk = max(1, (users.count + jobs * 8 - 1) / (jobs * 8))
        let chunks = stride(from: 0, to: users.count, by: chunk).map { $0..<min($0 + chunk, users.count) }
        let found = Mutex<Set<String>>([])
        DispatchQueue.concurrentPerform(iterations: chunks.count) { index in
            var local: [String] = []
            for user in users[chunks[index]] where ofFiles(in: root, id: user.id, extensions: extensions) != user.digest
            {
                local.append(user.id)
            }
            if !local.isEmpty { found.withLock { $0.formUnion(local) } }
        }
        return found.withLock { $0 }
    }
}
