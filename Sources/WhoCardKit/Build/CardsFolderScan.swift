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

    init(_ folder: String, previous: Manifest, shard: Shard) {
        guard let directory = opendir(folder) else { return }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            // Dot names: `.` and `..`, and temporary files, which the sweep after a killed build handles.
            if name.hasPrefix(".") { continue }
            let id = BuildPipeline.userID(ofCardFile: name)
            if let id, !shard.contains(userID: id) { continue }
            if !shard.isWhole && id == nil { continue }
            var type = entry.pointee.d_type
            if type == UInt8(DT_UNKNOWN) {
                var info = stat()
                type = lstat(folder + "/" + name, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG ? UInt8(DT_REG) : 0
            }
            guard let id, previous.index(of: id) != nil else {
                orphans.append(name)
                continue
            }
            if type != UInt8(DT_REG) { suspect.insert(id) }
        }
    }
}
