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
            get {
                let digest = InputDigest(high: storedInput.high, low: storedInput.low & ~1)
                return digest == .unknown ? nil : digest
            }
            set { storedInput = InputDigest(high: newValue?.high ?? 0, low: (newValue?.low ?? 0) & ~1 | storedInput.low & 1) }
        }
        /// Whether the row had findings (warnings, or errors that dropped a field) when it was
        /// last checked. A row that comes back with the same ``input`` and had none is accepted
        /// without validating it again; one that had some is validated, so the report lists them.
        /// (Kept in the lowest bit of the stored input digest, which ``InputDigest`` leaves 0.)
        public var hasFindings: Bool {
            get { storedInput.low & 1 != 0 }
            set { storedInput.low = storedInput.low & ~1 | (newValue ? 1 : 0) }
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
        // Positions in id order: 8 bytes a user, so only made when the users are not sorted already.
        var order: [Int]?
        if !Self.isSorted(users) {
            order = users.indices.sorted { Self.precedes(users[$0].id, users[$1].id) }
        }
        try AtomicFile.write(to: path) { (file: inout AtomicFile.AppendingFile) throws(FileWriteError) in
            var head = "{\n  \"version\": 1,\n  \"generator\": \"whocard \(WhoCard.version)\",\n"
            head += "  \"site\": " + Self.inlineObject(site) + ",\n"
            head += "  \"pages\": " + Self.inlineObject(pages) + ",\n"
            if let pageSize { head += "  \"page_size\": \(pageSize),\n" }
            head += "  \"users\": ["
            try file.append(head)
            for i in users.indices {
                try file.append { bytes in
                    bytes.append(contentsOf: i == 0 ? "\n".utf8 : ",\n".utf8)
                    Self.appendLine(users[order?[i] ?? i], to: &bytes)
                }
            }
            try file.append(users.isEmpty ? "]\n}\n" : "\n  ]\n}\n")
        }
    }

    /// The position of user `id` in ``users``, which must be sorted (see ``sortUsers()``).
    public func index(of id: String) -> Int? {
        var low = 0, high = users.count
        while low < high {
            let middle = (low + high) / 2
            if Self.precedes(users[middle].id, id) { low = middle + 1 } else { high = middle }
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
            while other < previous.users.count, Self.precedes(previous.users[other].id, users[index].id) { other += 1 }
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
            entries.sort { precedes($0.id, $1.id) }
            return
        }
        var order = (0..<UInt32(entries.count)).map { $0 }
        entries.withUnsafeBufferPointer { entries in
            order.sort { precedes(entries[Int($0)].id, entries[Int($1)].id) }
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

    /// Whether `a` sorts before `b` in byte order (the manifest's and the gallery's order):
    /// `memcmp` on their UTF-8, which the generic comparison is several times slower than, and
    /// a rebuild compares a million ids twenty times each.
    static func precedes(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { a in
            b.withUTF8 { b in
                let common = min(a.count, b.count)
                let order = common == 0 ? 0 : memcmp(a.baseAddress!, b.baseAddress!, common)
                return order != 0 ? order < 0 : a.count < b.count
            }
        }
    }

    private static func isSorted(_ users: [Entry]) -> Bool {
        zip(users, users.dropFirst()).allSatisfy { precedes($0.id, $1.id) }
    }

    /// Appends `entry`'s line, e.g. `    {"id": "u1", "files": ["cards/u1.html", …], "sha256": "…",
    /// "input": "…", "findings": true, "gallery": [661, 3347]}`, as bytes: this runs a million
    /// times in a rebuild that changed little, so it builds no strings for plain ids.
    static func appendLine(_ entry: Entry, to out: inout [UInt8]) {
        var id = entry.id
        id.withUTF8 { id in
            // Quoting is per character, so the id is quoted once and the file names built around it.
            let quoted = JSONValue.isPlain(id) ? nil : Array(JSONValue.quoted(entry.id).utf8.dropFirst().dropLast())
            func inner() { if let quoted { out.append(contentsOf: quoted) } else { out.append(contentsOf: id) } }
            out.append(contentsOf: "    {\"id\": \"".utf8)
            inner()
            out.append(contentsOf: "\", \"files\": [".utf8)
            for (index, ext) in BuildPipeline.cardExtensions.enumerated() {
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
                    manifest.users.append(entry)
                } else {
                    try take(Substring(decoding: line, as: UTF8.self))
                }
            }
        }

        private mutating func take(_ trimmed: Substring) throws(ManifestError) {
            if trimmed.hasPrefix("\"version\": ") {
                guard trimmed.hasPrefix("\"version\": 1,") else { throw ManifestError(path: path, reason: "it has an unknown version") }
                sawVersion = true
            } else if trimmed.hasPrefix("\"page_size\": ") {
                manifest.pageSize = Int(trimmed.dropFirst("\"page_size\": ".count).prefix { $0.isASCII && $0.isNumber }).flatMap { $0 > 0 ? $0 : nil }
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

    /// Reads a user's line, a flat JSON object (see ``appendLine(_:to:)``), in one pass and
    /// without a string per field: a rebuild reads a million of them before it can start.
    /// Keys may come in any order; unknown ones are skipped. `nil` when it is malformed or
    /// lacks `id` or `sha256` (strings with escapes are not ours, so they count as malformed).
    enum UserLine {
        static func entry(from text: UnsafeBufferPointer<UInt8>) -> Entry? {
            var scanner = Scanner(text: text)
            var id: String?, digest: Digest?, input: InputDigest?, findings = false, gallery: [Int]?
            guard scanner.take(UInt8(ascii: "{")) else { return nil }
            repeat {
                guard let key = scanner.string(), scanner.take(UInt8(ascii: ":")) else { return nil }
                switch true {
                case scanner.equals(key, "id"):
                    guard let value = scanner.string() else { return nil }
                    id = String(decoding: UnsafeBufferPointer(rebasing: text[value]), as: UTF8.self)
                case scanner.equals(key, "sha256"):
                    guard let value = scanner.string(), let parsed = Digest(hex: UnsafeBufferPointer(rebasing: text[value])) else { return nil }
                    digest = parsed
                case scanner.equals(key, "input"):
                    guard let value = scanner.string() else { return nil }
                    input = InputDigest(hex: UnsafeBufferPointer(rebasing: text[value]))
                case scanner.equals(key, "findings"):
                    guard let value = scanner.literal() else { return nil }
                    findings = value
                case scanner.equals(key, "gallery"):
                    gallery = scanner.numbers()
                    if gallery == nil, !scanner.skipValue() { return nil }
                default:
                    guard scanner.skipValue() else { return nil }
                }
            } while scanner.take(UInt8(ascii: ","))
            guard scanner.take(UInt8(ascii: "}")), let id, let digest else { return nil }
            var entry = Entry(id: id, digest: digest, input: input)
            entry.hasFindings = findings
            if let gallery, gallery.count == 2, gallery[1] > 0, gallery[0] <= Int.max - gallery[1] {
                entry.galleryRange = gallery[0]..<(gallery[0] + gallery[1])
            }
            return entry
        }

        private struct Scanner {
            let text: UnsafeBufferPointer<UInt8>
            var position = 0

            private mutating func skipSpaces() {
                while position < text.count, text[position] == UInt8(ascii: " ") { position += 1 }
            }

            /// Consumes `byte` (after spaces) if it comes next.
            mutating func take(_ byte: UInt8) -> Bool {
                skipSpaces()
                guard position < text.count, text[position] == byte else { return false }
                position += 1
                return true
            }

            /// The bytes of a string without escapes.
            mutating func string() -> Range<Int>? {
                guard take(UInt8(ascii: "\"")) else { return nil }
                let start = position
                while position < text.count, text[position] != UInt8(ascii: "\"") {
                    if text[position] == UInt8(ascii: "\\") { return nil }
                    position += 1
                }
                guard position < text.count else { return nil }
                position += 1
                return start..<position - 1
            }

            mutating func literal() -> Bool? {
                skipSpaces()
                for (word, value) in [("true", true), ("false", false)] where text[position...].starts(with: word.utf8) {
                    position += word.utf8.count
                    return value
                }
                return nil
            }

            /// An array of non-negative integers.
            mutating func numbers() -> [Int]? {
                let start = position
                guard take(UInt8(ascii: "[")) else { return nil }
                var numbers: [Int] = []
                repeat {
                    skipSpaces()
                    var value = 0, digits = 0
                    while position < text.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(text[position]) {
                        let (times, overflow) = value.multipliedReportingOverflow(by: 10)
                        let (sum, overflow2) = times.addingReportingOverflow(Int(text[position] - UInt8(ascii: "0")))
                        guard !overflow, !overflow2 else { position = start; return nil }
                        value = sum
                        digits += 1
                        position += 1
                    }
                    guard digits > 0 else { position = start; return nil }
                    numbers.append(value)
                } while take(UInt8(ascii: ","))
                guard take(UInt8(ascii: "]")) else { position = start; return nil }
                return numbers
            }

            /// Skips a string, literal, number or array of those.
            mutating func skipValue() -> Bool {
                skipSpaces()
                guard position < text.count else { return false }
                switch text[position] {
                case UInt8(ascii: "\""):
                    return string() != nil
                case UInt8(ascii: "["):
                    position += 1
                    if take(UInt8(ascii: "]")) { return true }
                    repeat { guard skipValue() else { return false } } while take(UInt8(ascii: ","))
                    return take(UInt8(ascii: "]"))
                default:
                    let start = position
                    while position < text.count, text[position] != UInt8(ascii: ","), text[position] != UInt8(ascii: "}"),
                          text[position] != UInt8(ascii: "]"), text[position] != UInt8(ascii: " ") { position += 1 }
                    return position > start
                }
            }

            func equals(_ range: Range<Int>, _ word: StaticString) -> Bool {
                range.count == word.utf8CodeUnitCount && memcmp(text.baseAddress! + range.lowerBound, word.utf8Start, range.count) == 0
            }
        }
    }
}

/// A SHA-256 digest held as four words: 32 bytes per user in memory, not a 64-character string.
public struct Digest: Sendable, Hashable {
    var words: (UInt64, UInt64, UInt64, UInt64)

    init(words: (UInt64, UInt64, UInt64, UInt64)) { self.words = words }

    init(_ w: SHA256.Words) {
        words = (UInt64(w.0) << 32 | UInt64(w.1), UInt64(w.2) << 32 | UInt64(w.3),
                 UInt64(w.4) << 32 | UInt64(w.5), UInt64(w.6) << 32 | UInt64(w.7))
    }

    init?(hex: String) {
        var hex = hex
        guard let digest = hex.withUTF8({ Digest(hex: $0) }) else { return nil }
        self = digest
    }

    /// From exactly 64 hex digits.
    init?(hex: UnsafeBufferPointer<UInt8>) {
        guard hex.count == 64, let w0 = Self.word(hex: hex, at: 0), let w1 = Self.word(hex: hex, at: 16),
              let w2 = Self.word(hex: hex, at: 32), let w3 = Self.word(hex: hex, at: 48) else { return nil }
        words = (w0, w1, w2, w3)
    }

    /// The 16 hex digits (either case) at `offset` of `hex` as a word; `nil` if one is not a digit.
    static func word(hex: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt64? {
        guard offset >= 0, offset + 16 <= hex.count else { return nil }
        var word: UInt64 = 0
        for byte in hex[offset..<offset + 16] {
            let nibble: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            word = word << 4 | UInt64(nibble)
        }
        return word
    }

    public var hex: String { Self.hex([words.0, words.1, words.2, words.3]) }

    /// `word` as 16 lowercase hex digits.
    static func hex16(_ word: UInt64) -> String { hex([word]) }

    /// The words' lowercase hex digits, 16 a word.
    static func hex(_ words: [UInt64]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16 * words.count)
        for word in words { appendHex(word, to: &bytes) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `word` as 16 lowercase hex digits.
    static func appendHex(_ word: UInt64, to out: inout [UInt8]) {
        for shift in stride(from: 60, through: 0, by: -4) {
            let nibble = UInt8(truncatingIfNeeded: word >> UInt64(shift)) & 0xF
            out.append(nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10)
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
