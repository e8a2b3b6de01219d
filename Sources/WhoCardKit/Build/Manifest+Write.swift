import Foundation

extension Manifest {
    /// Writes the manifest's canonical JSON to `path` atomically, a user a line, sorted by id
    /// (byte order), without building the whole text in memory. A file that already holds
    /// exactly this manifest is left as it is.
    public func write(to path: String) throws(FileWriteError) {
        // Positions in id order: 8 bytes a user, so only made when the users are not sorted already.
        var order: [Int]?
        if !Self.isSorted(users) {
            order = users.indices.sorted { Self.precedes(users[$0].id, users[$1].id) }
        }
        // An unchanged manifest keeps its file and modification time: a sync by mtime uploads nothing.
        try AtomicFile.writeIfChanged(to: path) { (file: inout AtomicFile.AppendingFile) throws(FileWriteError) in
            var head = "{\n  \"version\": 1,\n  \"generator\": \"whocard \(WhoCard.version)\",\n"
            head += "  \"site\": " + Self.inlineObject(site) + ",\n"
            head += "  \"pages\": " + Self.inlineObject(pages) + ",\n"
            if let pageSize { head += "  \"page_size\": \(pageSize),\n" }
            if !locales.isEmpty {
                head += "  \"locales\": [" + locales.map(JSONString.quoted).joined(separator: ", ") + "],\n"
            }
            let extensions = cardExtensions
            head += "  \"users\": ["
            try file.append(head)
            for i in users.indices {
                try file.append { bytes in
                    bytes.append(contentsOf: i == 0 ? "\n".utf8 : ",\n".utf8)
                    Self.appendLine(users[order?[i] ?? i], extensions: extensions, to: &bytes)
                }
            }
            try file.append(users.isEmpty ? "]\n}\n" : "\n  ]\n}\n")
        }
    }

    /// Appends `entry`'s line, e.g. `    {"id": "u1", "files": ["cards/u1.html", …], "sha256": "…",
    /// "input": "…", "findings": true, "gallery": [661, 3347]}`, as bytes: this runs a million
    /// times in a rebuild that changed little, so it builds no strings for plain ids.
    static func appendLine(
        _ entry: Entry, extensions: [String] = BuildPipeline.cardExtensions, to out: inout [UInt8]
    ) {
        var id = entry.id
        id.withUTF8 { id in
            // Quoting is per character, so the id is quoted once and the file names built around it.
            let quoted = JSONString.isPlain(id) ? nil : Array(JSONString.quoted(entry.id).utf8.dropFirst().dropLast())
            func inner() { if let quoted { out.append(contentsOf: quoted) } else { out.append(contentsOf: id) } }
            out.append(contentsOf: "    {\"id\": \"".utf8)
            inner()
            out.append(contentsOf: "\", \"files\": [".utf8)
            for (index, ext) in extensions.enumerated() {
                out.append(contentsOf: index == 0 ? "\"cards/".utf8 : ", \"cards/".utf8)
                inner()
                out.append(UInt8(ascii: "."))
                out.append(contentsOf: ext.utf8)
                out.append(UInt8(ascii: "\""))
            }
        }
        out.append(contentsOf: "], \"sha256\": \"".utf8)
        let digest = entry.digest.words
        for word in [digest.0, digest.1, digest.2, digest.3] { Digest.appendHex(word, to: &out) }
        out.append(UInt8(ascii: "\""))
        if let input = entry.input {
            out.append(contentsOf: ", \"input\": \"".utf8)
            Digest.appendHex(input.high, to: &out)
            Digest.appendHex(input.low, to: &out)
            out.append(UInt8(ascii: "\""))
        }
        if entry.hasFindings { out.append(contentsOf: ", \"findings\": true".utf8) }
        if let range = entry.galleryRange {
            out.append(contentsOf: ", \"gallery\": [".utf8)
            out.append(contentsOf: String(range.lowerBound).utf8)
            out.append(contentsOf: ", ".utf8)
            out.append(contentsOf: String(range.count).utf8)
            out.append(UInt8(ascii: "]"))
        }
        out.append(UInt8(ascii: "}"))
    }

    private static func inlineObject(_ dictionary: [String: String]) -> String {
        "{"
            + dictionary.keys.sorted().map { "\(JSONString.quoted($0)): \(JSONString.quoted(dictionary[$0]!))" }.joined(
                separator: ", ") + "}"
    }
}
