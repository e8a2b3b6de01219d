import Foundation

extension Manifest {
    /// Reads a manifest; `nil` when there is none. The file is read a piece at a time, so a
    /// manifest of millions of users costs the memory of its entries, not of its text.
    public static func load(from path: String) throws(ManifestError) -> Manifest? {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            if errno == ELOOP { throw ManifestError(path: path, reason: "it is a symbolic link, not whocard's file") }
            throw ManifestError(path: path, reason: "it cannot be read")
        }
        defer { close(fd) }
        var parser = LineParser(path: path)
        var stats = stat()
        let size = fstat(fd, &stats) == 0 ? Int(stats.st_size) : 0
        var consumed = 0
        var reserved = false
        var pending: [UInt8] = []
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 1)
        defer { chunk.deallocate() }
        while true {
            let n = read(fd, chunk.baseAddress, chunk.count)
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw ManifestError(path: path, reason: "it cannot be read") }
            if n == 0 { break }
            pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[..<n]))
            guard let lastNewline = pending.lastIndex(of: UInt8(ascii: "\n")) else { continue }
            try feed(&parser, pending[...lastNewline])
            consumed += lastNewline + 1
            pending.removeSubrange(...lastNewline)
            if !reserved, parser.manifest.users.count >= 50_000 {
                // Room for every user at once, estimated from the lines so far (by then the
                // header is a few percent of them), rather than growing the array by doubling.
                reserved = true
                parser.manifest.users.reserveCapacity(
                    Int(Double(parser.manifest.users.count) * Double(size) / Double(consumed) * 1.05) + 1024)
            }
        }
        try feed(&parser, pending[...])
        return try parser.finish()
    }

    private static func feed(_ parser: inout LineParser, _ bytes: ArraySlice<UInt8>) throws(ManifestError) {
        var failure: ManifestError?
        bytes.withUnsafeBytes { buffer in
            do throws(ManifestError) { try parser.feed(buffer) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    static func parse(_ bytes: UnsafeRawBufferPointer, path: String) throws(ManifestError) -> Manifest {
        var parser = LineParser(path: path)
        try parser.feed(bytes)
        return try parser.finish()
    }

    /// Reads the manifest's lines as they come.
    private struct LineParser {
        let path: String
        var manifest = Manifest()
        var sawVersion = false, sawEnd = false

        init(path: String) { self.path = path }

        mutating func finish() throws(ManifestError) -> Manifest {
            guard sawVersion, sawEnd else {
                throw ManifestError(path: path, reason: "it is incomplete or not a whocard manifest")
            }
            return manifest
        }

        /// Parses whole lines (the last may lack its newline).
        mutating func feed(_ bytes: UnsafeRawBufferPointer) throws(ManifestError) {
            let text = bytes.bindMemory(to: UInt8.self)
            var lineStart = 0
            while lineStart < text.count {
                let rest = UnsafeRawBufferPointer(rebasing: bytes[lineStart...])
                let lineEnd = rest.firstIndex(of: UInt8(ascii: "\n")).map { lineStart + $0 } ?? text.count
                var start = lineStart
                while start < lineEnd, text[start] == UInt8(ascii: " ") { start += 1 }
                let line = UnsafeBufferPointer(rebasing: text[start..<lineEnd])
                lineStart = lineEnd + 1
                if line.count > 1, line[0] == UInt8(ascii: "{") {
                    // A user: most of the file, read without making a string of the line.
                    guard let entry = UserLine.entry(from: line) else {
                        throw ManifestError(path: path, reason: "line \(manifest.users.count) of users is malformed")
                    }
                    // Paths are made from these ids (pruning removes their files): only ids an
                    // export could have, so `../..` never leads out of the folder.
                    guard case .success(let valid) = UserIDRule.check(entry.id), valid == entry.id else {
                        throw ManifestError(
                            path: path,
                            reason:
                                "user \(manifest.users.count + 1) has the id '\(VisibleText.escaped(String(entry.id.prefix(80))))', "
                                + "which no export can have (a path?)")
                    }
                    manifest.users.append(entry)
                } else {
                    try take(Substring(decoding: line, as: UTF8.self))
                }
            }
        }

        private mutating func take(_ trimmed: Substring) throws(ManifestError) {
            if trimmed.hasPrefix("\"version\": ") {
                guard trimmed.hasPrefix("\"version\": 1,") else {
                    throw ManifestError(path: path, reason: "it has an unknown version")
                }
                sawVersion = true
            } else if trimmed.hasPrefix("\"page_size\": ") {
                manifest.pageSize = Int(trimmed.dropFirst("\"page_size\": ".count).prefix { $0.isASCII && $0.isNumber })
                    .flatMap { $0 > 0 ? $0 : nil }
            } else if trimmed.hasPrefix("\"locales\": ") {
                let json = trimmed.dropFirst("\"locales\": ".count).dropLast(trimmed.hasSuffix(",") ? 1 : 0)
                guard let tags = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String],
                    tags.allSatisfy(LocaleCatalogue.isPlausibleTag)
                else {
                    throw ManifestError(path: path, reason: "its locales are malformed")
                }
                manifest.locales = tags
            } else if trimmed.hasPrefix("\"site\": ") || trimmed.hasPrefix("\"pages\": ") {
                let json = "{" + trimmed.dropLast(trimmed.hasSuffix(",") ? 1 : 0) + "}"
                guard
                    let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: [String: String]]
                else {
                    throw ManifestError(path: path, reason: "its site section is malformed")
                }
                if let site = object["site"] { manifest.site = site }
                if let pages = object["pages"] { manifest.pages = pages }
            } else if trimmed == "}" {
                sawEnd = true
            }
        }
    }
}
