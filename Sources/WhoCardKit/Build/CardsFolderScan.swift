#if canImport(Glibc)
    import Glibc
#endif

/// One pass over `cards/` before a build renders: what the folder holds that the previous
/// manifest does not vouch for.
///
/// - A link (or folder, or anything but a regular file) at one of a user's card names: that
///   user is rendered again, and writing replaces the link; nothing is ever read or written
///   through it.
/// - A file no user of the previous manifest owns (left by a build that died, or planted): it
///   is removed after the build unless this build rendered its user.
///
/// A shard looks only at its own users' names: the other shards' files are theirs.
struct CardsFolderScan {
    /// Users whose card files cannot be trusted as they are.
    private(set) var suspect: Set<String> = []
    /// Names in `cards/` that no user of the previous manifest owns.
    private(set) var orphans: [String] = []

    init() {}

    /// `thorough` (after a build that died) looks at every name even when the counts match.
    init(_ folder: String, previous: Manifest, shard: Shard, thorough: Bool) {
        // The usual case costs one readdir and no name lookups: as many regular files as the
        // manifest's users have card files, and nothing else (temporary files aside).
        if !thorough, shard.isWhole,
            Self.countsMatch(folder, expected: previous.users.count * previous.cardExtensions.count)
        {
            return
        }
        guard let directory = opendir(folder) else { return }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            // Dot names: `.` and `..`, and temporary files, which the sweep after a killed build handles.
            if name.hasPrefix(".") { continue }
            let owners = BuildPipeline.owners(ofCardFile: name, locales: previous.locales)
            if !owners.isEmpty, !owners.contains(where: { shard.contains(userID: $0) }) { continue }
            if !shard.isWhole && owners.isEmpty { continue }
            guard let id = owners.first(where: { previous.index(of: $0) != nil }) else {
                orphans.append(name)
                continue
            }
            if !Self.isRegular(entry, in: folder, name: name) { suspect.insert(id) }
        }
    }

    /// Whether `folder` holds exactly `expected` regular files and nothing else but dot names.
    private static func countsMatch(_ folder: String, expected: Int) -> Bool {
        guard let directory = opendir(folder) else { return true }
        defer { closedir(directory) }
        var regular = 0
        while let entry = readdir(directory) {
            let dot = withUnsafeBytes(of: entry.pointee.d_name) { $0.first == UInt8(ascii: ".") }
            if dot { continue }
            guard entry.pointee.d_type == UInt8(DT_REG) else { return false }
            regular += 1
        }
        return regular == expected
    }

    private static func isRegular(_ entry: UnsafeMutablePointer<dirent>, in folder: String, name: String) -> Bool {
        let type = entry.pointee.d_type
        if type != UInt8(DT_UNKNOWN) { return type == UInt8(DT_REG) }
        var info = stat()
        return lstat(folder + "/" + name, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }
}
