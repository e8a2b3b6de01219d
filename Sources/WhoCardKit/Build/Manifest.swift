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
            set {
                storedInput = InputDigest(
                    high: newValue?.high ?? 0, low: (newValue?.low ?? 0) & ~1 | storedInput.low & 1)
            }
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
            get {
                storedRange == 0 || storedRange & Self.spillFlag != 0
                    ? nil : Int(storedRange >> 32)..<Int(storedRange >> 32 + storedRange & 0xFFFF_FFFF)
            }
            set {
                guard let range = newValue, !range.isEmpty, range.lowerBound < 1 << 31, range.count <= UInt32.max else {
                    storedRange = 0
                    return
                }
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
                guard let range = newValue, !range.isEmpty, range.lowerBound < 1 << 39, range.count <= 0xFF_FFFF else {
                    storedRange = 0
                    return
                }
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
    /// The languages besides the default one whose cards the build wrote (`--locales`), each
    /// as `cards/<id>.<tag>.html` and `.md`; sorted.
    public var locales: [String] = []
    /// Users a gallery page when the gallery was written (the pages' layout, with each
    /// entry's ``Entry/galleryRange``); `nil` when not known.
    public var pageSize: Int?

    public init(site: [String: String] = [:], pages: [String: String] = [:], users: [Entry] = [], pageSize: Int? = nil)
    {
        self.site = site
        self.pages = pages
        self.users = users
        self.pageSize = pageSize
    }

    /// The card files of user `id` in the default language only, relative to the output folder.
    public static func cardFiles(of id: String) -> [String] {
        BuildPipeline.cardExtensions.map { "cards/\(id).\($0)" }
    }

    /// What follows `<id>.` in each card file's name, in ``CardDigest`` order: the default
    /// language's files, then `<tag>.html` and `<tag>.md` per entry of ``locales``.
    public var cardExtensions: [String] { Self.cardExtensions(locales: locales) }

    static func cardExtensions(locales: [String]) -> [String] {
        BuildPipeline.cardExtensions + locales.flatMap { ["\($0).html", "\($0).md"] }
    }

    /// The card files of user `id` (``cardExtensions``), relative to the output folder.
    public func cardFiles(of id: String) -> [String] {
        cardExtensions.map { "cards/\(id).\($0)" }
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
            if last.id == users[index].id, last.digest == users[index].digest {
                users[index].galleryRange = last.galleryRange
            }
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

    static func isSorted(_ users: [Entry]) -> Bool {
        zip(users, users.dropFirst()).allSatisfy { precedes($0.id, $1.id) }
    }
}
