import Foundation

/// What a build wrote: per user, their card files and one SHA-256 over the files' contents;
/// plus the shared files (stylesheet, gallery pages). Sorted, without timestamps, so two builds
/// of the same export are byte-identical and the next build can tell what changed.
///
/// The file holds one user a line and is read back line by line, so a manifest of millions
/// of users loads in bounded time and little memory.
public struct Manifest: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var id: String
        /// SHA-256 over the user's card files (see ``CardDigest``).
        public var digest: Digest
        /// What the cards were rendered from; `nil` in manifests of older versions.
        public var input: InputDigest? {
            get { storedInput == .unknown ? nil : storedInput }
            set { storedInput = newValue ?? .unknown }
        }
        /// Where the user's HTML card sits in their gallery page, in bytes, so the next build can
        /// copy it from there rather than open the card file; `nil` when not known.
        public var galleryRange: Range<Int>? {
            get { storedRange == 0 || storedRange & Self.spillFlag != 0 ? nil : Int(storedRange >> 32)..<Int(storedRange >> 32 + storedRange & 0xFFFF_FFFF) }
            set {
                guard let range = newValue, !range.isEmpty, range.lowerBound < 1 << 31, range.count <= UInt32.max else { storedRange = 0; return }
                storedRange = UInt64(range.lowerBound) << 32 | UInt64(range.count)
            }
        }
        /// Not optional, so an entry takes 72 bytes, not 88: millions are held during a build.
        private var storedInput: InputDigest
        /// Where this build's rendering of the user's HTML card sits in the ``CardSpill``, until
        /// the gallery records their place in a page (shares the storage of `galleryRange`).
        var spilledRange: Range<Int>? {
            get {
                guard storedRange & Self.spillFlag != 0 else { return nil }
                let offset = Int(storedRange >> 24 & (1 << 39 - 1)), count = Int(storedRange & 0xFF_FFFF)
                return offset..<offset + count
            }
            set {
                guard let range = newValue, !range.isEmpty, range.lowerBound < 1 << 39, range.count <= 0xFF_FFFF else { storedRange = 0; return }
                storedRange = Self.spillFlag | UInt64(range.lowerBound) << 24 | UInt64(range.count)
            }
        }
        /// Gallery place: offset << 32 | length; spilled: flag | offset << 24 | length; 0 when unknown.
        private var storedRange: UInt64 = 0
        private static let spillFlag: UInt64 = 1 << 63

        public init(id: String, digest: Digest, input: InputDigest? = nil, galleryRange: Range<Int>? = nil) {
            self.id = id
            self.digest = digest
            self.storedInput = input ?? .unknown
            self.galleryRange = galleryRange
        }
    }

    /// Shared files other than the gallery pages (the stylesheet) to the SHA-256 of their content.
    public var site: [String: String] = [:]
    /// Gallery page to a digest of what it shows (its ids, their card digests, the template):
    /// a page with the same digest is not made again. (Pages carry no content hash: hashing
    /// 2.6 GB of pages would cost a million-user rebuild more than the rest of it.)
    public var pages: [String: String] = [:]
    public var users: [Entry] = []
    /// Users a gallery page when the gallery was written (the pages' layout, with each
    /// entry's ``Entry/galleryRange``); `nil` when not known.
    public var pageSize: Int?

    public init(site: [String: String] = [:], pages: [String: String] = [:], users: [Entry] = [], pageSize: Int? = nil) {
        self.site = site
        self.pages = pages
        self.users = users
        self.pageSize = pageSize
    }

    /// The card files of user `id`, relative to the output folder.
    public static func cardFiles(of id: String) -> [String] {
        BuildPipeline.cardExtensions.map { "cards/\(id).\($0)" }
    }

    /// Writes the manifest's canonical JSON to `path` atomically, a user a line, sorted by id
    /// (byte order), without building the whole text in memory.
    public func write(to path: String) throws(FileWriteError) {
        var order = Array(users.indices)
        if !Self.isSorted(users) {
            order.sort { users[$0].id.utf8.lexicographicallyPrecedes(users[$1].id.utf8) }
        }
        try AtomicFile.write(to: path) { (file: inout AtomicFile.AppendingFile) throws(FileWriteError) in
            var head = "{\n  \"version\": 1,\n  \"generator\": \"whocard \(WhoCard.version)\",\n"
            head += "  \"site\": " + Self.inlineObject(site) + ",\n"
            head += "  \"pages\": " + Self.inlineObject(pages) + ",\n"
            if let pageSize { head += "  \"page_size\": \(pageSize),\n" }
            head += "  \"users\": ["
            try file.append(head)
            for (i, index) in order.enumerated() {
                try file.append((i == 0 ? "\n" : ",\n") + Self.line(users[index]))
            }
            try file.append(order.isEmpty ? "]\n}\n" : "\n  ]\n}\n")
        }
    }

    /// The position of user `id` in ``users``, which must be sorted (see ``sortUsers()``).
    public func index(of id: String) -> Int? {
        var low = 0, high = users.count
        while low < high {
            let middle = (low + high) / 2
            if users[middle].id.utf8.lexicographicallyPrecedes(id.utf8) { low = middle + 1 } else { high = middle }
        }
        return low < users.count && users[low].id == id ? low : nil
    }

    /// Sorts the users by id (byte order), the order the manifest and the gallery list them in;
    /// an id listed twice (a hand-edited manifest) is kept once.
    public mutating func sortUsers() {
        guard !Self.isSorted(users) else { return }
        Self.sortByID(&users)
        var kept = 0
        for index in users.indices where kept == 0 || users[index].id != users[kept - 1].id {
            users[kept] = users[index]
            kept += 1
        }
        users.removeLast(users.count - kept)
    }

    /// Gives each user with the same card as in `previous` their place in the previous gallery
    /// (see ``Entry/galleryRange``). Both must be sorted.
    mutating func adoptGalleryRanges(from previous: Manifest) {
        var other = 0
        for index in users.indices {
            while other < previous.users.count, previous.users[other].id.utf8.lexicographicallyPrecedes(users[index].id.utf8) { other += 1 }
            guard other < previous.users.count else { break }
            let last = previous.users[other]
            if last.id == users[index].id, last.digest == users[index].digest { users[index].galleryRange = last.galleryRange }
        }
    }

    /// Sorts entries by id (byte order) in place. The standard sort would take a scratch
    /// buffer of half the array (36 MB at a million users); this sorts 4-byte positions and
    /// then moves each entry once.
    static func sortByID(_ entries: inout [Entry]) {
        guard entries.count > 1, entries.count <= Int(UInt32.max) else {
            entries.sort { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }
            return
        }
        var order = (0..<UInt32(entries.count)).map { $0 }
        entries.withUnsafeBufferPointer { entries in
            order.sort { entries[Int($0)].id.utf8.lexicographicallyPrecedes(entries[Int($1)].id.utf8) }
        }
        // Entry `order[i]` belongs at `i`: follow each cycle of the permutation once.
        for start in order.indices where order[start] != UInt32(start) {
            let held = entries[start]
            var position = start
            while true {
                let from = Int(order[position])
                order[position] = UInt32(position)
                if from == start {
                    entries[position] = held
                    break
                }
                entries[position] = entries[from]
                position = from
            }
        }
    }

    private static func isSorted(_ users: [Entry]) -> Bool {
        zip(users, users.dropFirst()).allSatisfy { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }
    }

    private static func line(_ entry: Entry) -> String {
        // Quoting is per character, so the id is quoted once and the file names built around it.
        let id = JSONValue.quoted(entry.id)
        let inner = id.dropFirst().dropLast()
        let files = BuildPipeline.cardExtensions.map { "\"cards/\(inner).\($0)\"" }.joined(separator: ", ")
        let input = entry.input.map { ", \"input\": \"\($0.hex)\"" } ?? ""
        let range = entry.galleryRange.map { ", \"gallery\": [\($0.lowerBound), \($0.count)]" } ?? ""
        return "    {\"id\": \(id), \"files\": [\(files)], \"sha256\": \"\(entry.digest.hex)\"\(input)\(range)}"
    }

    private static func inlineObject(_ dictionary: [String: String]) -> String {
        "{" + dictionary.keys.sorted().map { "\(JSONValue.quoted($0)): \(JSONValue.quoted(dictionary[$0]!))" }.joined(separator: ", ") + "}"
    }

    /// Reads a manifest; `nil` when there is none. The file is read a piece at a time, so a
    /// manifest of millions of users costs the memory of its entries, not of its text.
    public static func load(from path: String) throws(ManifestError) -> Manifest? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
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
                parser.manifest.users.reserveCapacity(Int(Double(parser.manifest.users.count) * Double(size) / Double(consumed) * 1.05) + 1024)
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
            guard sawVersion, sawEnd else { throw ManifestError(path: path, reason: "it is incomplete or not a whocard manifest") }
            return manifest
        }

        /// Parses whole lines (the last may lack its newline).
        mutating func feed(_ bytes: UnsafeRawBufferPointer) throws(ManifestError) {
            let text = bytes.bindMemory(to: UInt8.self)
            var lineStart = 0
            while lineStart < text.count {
                var lineEnd = lineStart
                while lineEnd < text.count && text[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
                let line = Substring(decoding: UnsafeBufferPointer(rebasing: text[lineStart..<lineEnd]), as: UTF8.self)
                lineStart = lineEnd + 1
                try take(line)
            }
        }

        private mutating func take(_ line: Substring) throws(ManifestError) {
            let trimmed = line.drop(while: { $0 == " " })
            if trimmed.hasPrefix("{\"id\": ") {
                guard let id = Manifest.value(after: "{\"id\": \"", in: trimmed), let hex = Manifest.value(after: "\"sha256\": \"", in: trimmed),
                      let digest = Digest(hex: hex) else {
                    throw ManifestError(path: path, reason: "line \(manifest.users.count) of users is malformed")
                }
                let input = Manifest.value(after: "\"input\": \"", in: trimmed).flatMap(InputDigest.init(hex:))
                var entry = Entry(id: id, digest: digest, input: input)
                if let range = Manifest.numbers(after: "\"gallery\": [", in: trimmed), range.count == 2, range[0] >= 0, range[1] > 0 {
                    entry.galleryRange = range[0]..<(range[0] + range[1])
                }
                manifest.users.append(entry)
            } else if trimmed.hasPrefix("\"version\": ") {
                guard trimmed.hasPrefix("\"version\": 1,") else { throw ManifestError(path: path, reason: "it has an unknown version") }
                sawVersion = true
            } else if trimmed.hasPrefix("\"page_size\": ") {
                manifest.pageSize = Manifest.numbers(after: "\"page_size\": ", in: trimmed)?.first.flatMap { $0 > 0 ? $0 : nil }
            } else if trimmed.hasPrefix("\"site\": ") || trimmed.hasPrefix("\"pages\": ") {
                let json = "{" + trimmed.dropLast(trimmed.hasSuffix(",") ? 1 : 0) + "}"
                guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: [String: String]] else {
                    throw ManifestError(path: path, reason: "its site section is malformed")
                }
                if let site = object["site"] { manifest.site = site }
                if let pages = object["pages"] { manifest.pages = pages }
            } else if trimmed == "}" {
                sawEnd = true
            }
        }
    }

    /// The comma-separated non-negative integers after `prefix`, up to `]` or the line's end;
    /// `nil` when there are none or one is malformed.
    private static func numbers(after prefix: StaticString, in line: Substring) -> [Int]? {
        var line = line
        return line.withUTF8 { text -> [Int]? in
            guard let start = offset(after: prefix, in: text) else { return nil }
            var numbers: [Int] = []
            var current: Int?
            for byte in text[start...] {
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"):
                    let (value, overflow) = (current ?? 0).multipliedReportingOverflow(by: 10)
                    guard !overflow, value <= Int.max - 9 else { return nil }
                    current = value + Int(byte - UInt8(ascii: "0"))
                case UInt8(ascii: ","), UInt8(ascii: "]"):
                    guard let value = current else { return nil }
                    numbers.append(value)
                    current = nil
                    if byte == UInt8(ascii: "]") { return numbers }
                case UInt8(ascii: " "):
                    continue
                default:
                    return current.map { numbers + [$0] } ?? (numbers.isEmpty ? nil : numbers)
                }
            }
            return current.map { numbers + [$0] } ?? (numbers.isEmpty ? nil : numbers)
        }
    }

    /// The JSON string value after `prefix` (our own files: ids and digests need no escapes).
    /// Searched byte by byte: this runs once per user and field of a million-user manifest.
    private static func value(after prefix: StaticString, in line: Substring) -> String? {
        var line = line
        return line.withUTF8 { text -> String? in
            guard let start = offset(after: prefix, in: text) else { return nil }
            var end = start
            while end < text.count, text[end] != UInt8(ascii: "\"") {
                if text[end] == UInt8(ascii: "\\") { return nil }
                end += 1
            }
            guard end < text.count else { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: text[start..<end]), as: UTF8.self)
        }
    }

    /// Where the text after the first `prefix` in `text` starts.
    private static func offset(after prefix: StaticString, in text: UnsafeBufferPointer<UInt8>) -> Int? {
        prefix.withUTF8Buffer { pattern -> Int? in
            guard pattern.count <= text.count, let base = text.baseAddress else { return nil }
            var start = 0
            while start + pattern.count <= text.count {
                if text[start] == pattern[0], memcmp(base + start, pattern.baseAddress!, pattern.count) == 0 { return start + pattern.count }
                start += 1
            }
            return nil
        }
    }

}

/// A SHA-256 digest held as four words: 32 bytes per user in memory, not a 64-character string.
public struct Digest: Sendable, Hashable {
    var words: (UInt64, UInt64, UInt64, UInt64)

    init(_ w: SHA256.Words) {
        words = (UInt64(w.0) << 32 | UInt64(w.1), UInt64(w.2) << 32 | UInt64(w.3),
                 UInt64(w.4) << 32 | UInt64(w.5), UInt64(w.6) << 32 | UInt64(w.7))
    }

    init?(hex: String) {
        guard hex.utf8.count == 64 else { return nil }
        var parts: [UInt64] = []
        var index = hex.startIndex
        for _ in 0..<4 {
            let next = hex.index(index, offsetBy: 16)
            guard let word = UInt64(hex[index..<next], radix: 16) else { return nil }
            parts.append(word)
            index = next
        }
        words = (parts[0], parts[1], parts[2], parts[3])
    }

    public var hex: String { Self.hex([words.0, words.1, words.2, words.3]) }

    /// `word` as 16 lowercase hex digits.
    static func hex16(_ word: UInt64) -> String { hex([word]) }

    /// The words' lowercase hex digits, 16 a word, in one allocation.
    static func hex(_ words: [UInt64]) -> String {
        String(unsafeUninitializedCapacity: 16 * words.count) { out in
            var index = 0
            for word in words {
                for shift in stride(from: 60, through: 0, by: -4) {
                    let nibble = UInt8(truncatingIfNeeded: word >> UInt64(shift)) & 0xF
                    out[index] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
                    index += 1
                }
            }
            return index
        }
    }

    public static func == (a: Digest, b: Digest) -> Bool { a.words == b.words }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0); hasher.combine(words.1); hasher.combine(words.2); hasher.combine(words.3)
    }
}

/// The previous build's manifest could not be read; the build then compares with the files
/// on disk instead, so nothing is lost.
public struct ManifestError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String {
        "the manifest '\(path)' is unreadable (\(reason)); every card is compared with the file on disk and the manifest replaced"
    }
}
