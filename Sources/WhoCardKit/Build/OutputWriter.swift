import Foundation

/// Writes output files only when their content changed, atomically, so unchanged files keep
/// their mtime (a CDN or object-store sync then uploads only real changes).
struct OutputWriter {
    let root: String
    let force: Bool
    private(set) var written = 0
    private(set) var unchanged = 0

    init(root: String, force: Bool) {
        self.root = root
        self.force = force
    }

    /// Writes `content` to `relativePath` unless `previousHash` says it is already there; returns its hash.
    @discardableResult
    mutating func write(_ content: String, to relativePath: String, previousHash: String?) throws(FileWriteError) -> String {
        let hash = SHA256.hex(content)
        let path = root + "/" + relativePath
        if !force, hash == previousHash, FileManager.default.fileExists(atPath: path) {
            unchanged += 1
        } else {
            try AtomicFile.write(content, to: path)
            written += 1
        }
        return hash
    }

    func remove(_ relativePath: String) {
        try? FileManager.default.removeItem(atPath: root + "/" + relativePath)
    }

    func makeDirectory(_ relativePath: String) throws(FileWriteError) {
        let path = relativePath.isEmpty ? root : root + "/" + relativePath
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw FileWriteError(path: path, reason: "cannot create the folder (\((error as NSError).localizedDescription)); choose a writable output folder")
        }
    }
}
