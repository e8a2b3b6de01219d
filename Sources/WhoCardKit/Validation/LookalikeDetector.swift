import Foundation

/// Finds hosts that imitate a known site (by default the platforms' hosts), the phishing
/// tricks a profile link can hide:
///
/// - look-alike characters: the host's confusable skeleton (Cyrillic/Greek letters that look
///   Latin, letters with any diacritic, precomposed or combining, `ƒ`→`f`, `0`→`o`, `1`→`l`,
///   `rn`→`m`, `vv`→`w`), with `i`, `l` and
///   `1` read as one letter, is the site or a subdomain of it, but the host is not
///   (`twіtter.com` with a Cyrillic `і`, `faceb00k.com`, `tw1tter.com`, `linkedln.com`);
/// - the site's name followed by another registrable name: `twitter.com.evil.example`;
/// - the site's name with its dot turned into a hyphen as a label: `twitter-com.evil.example`.
///
/// Hosts that merely contain a brand word (`evil-twitter.com`, `twitterfans.example`,
/// `in-stagram-fans.example`) are not flagged: many honest sites do that, and the wrong-site
/// rules of the platform fields catch them where it matters. Typos that no font hides
/// (`twiter.com`) are not flagged either.
public struct LookalikeDetector: Sendable {
    /// The sites to protect, as lower-case ASCII hosts.
    public var sites: [String] { tables.sites }
    private let tables: Tables

    /// What the detector compares hosts with, made once and shared by every copy (a validator
    /// is copied with each row).
    private final class Tables: @unchecked Sendable {  // immutable after init
        let sites: [String]
        /// Each site's spellings back to back (``Spellings`` says where), so that comparing a
        /// host with every site touches one buffer, not an array per site.
        let table: UnsafeMutableBufferPointer<UInt8>
        let spellings: UnsafeMutableBufferPointer<Spellings>
        /// The labels of each site's ``matchKey(_:)``.
        let siteKeyLabels: [[[UInt8]]]
        /// The fewest labels a site has.
        let fewestSiteLabels: Int
        /// Where in ``table`` each site's first key label and its hyphenated key are, shortest
        /// first: every imitation has one of them as a label of its key (see ``mayImitate(key:)``).
        let telltales: UnsafeMutableBufferPointer<Range<Int>>
        /// Where the telltales of each length start in ``telltales`` (and end, at the next
        /// length's start); the last length stands for every longer one.
        let telltalesByLength: UnsafeMutableBufferPointer<Int>
        static let longestIndexedTelltale = 64
        /// The bytes a host label can start with when its key is a telltale, one bit a byte
        /// value below 128: the telltales' first letters, and `r`, `v`, `0`, `1` and `i` where
        /// their key (`m` of `rn`, `w` of `vv`, `o`, `l`) starts one (see ``mayImitate(ascii:)``).
        let telltaleStarts: (low: UInt64, high: UInt64)
        /// Whether a telltale is empty (a site with an empty label).
        let hasEmptyTelltale: Bool

        init(sites: [String]) {
            self.sites = sites
            var table: [UInt8] = []
            func add(_ bytes: some Collection<UInt8>) -> Range<Int> {
                table.append(contentsOf: bytes)
                return (table.count - bytes.count)..<table.count
            }
            var spellings: [Spellings] = []
            var labels: [[[UInt8]]] = []
            var telltales: [Range<Int>] = []
            for site in sites {
                let key = LookalikeDetector.matchKey(site)
                let keyLabels = key.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).map(
                    Array.init)
                labels.append(keyLabels)
                let spelling = Spellings(
                    site: add(site.utf8), dottedSite: add(".\(site)".utf8), key: add(key),
                    dottedKey: add([UInt8(ascii: ".")] + key),
                    hyphenatedKey: add(Array(keyLabels.joined(separator: [UInt8(ascii: "-")]))))
                spellings.append(spelling)
                let firstLabel = spelling.key.lowerBound..<(spelling.key.lowerBound + (keyLabels.first?.count ?? 0))
                telltales += [firstLabel, spelling.hyphenatedKey]
            }
            let longest = Self.longestIndexedTelltale
            telltales.sort { min($0.count, longest) < min($1.count, longest) }
            self.telltales = .allocate(capacity: telltales.count)
            _ = self.telltales.initialize(from: telltales)
            var starts: (low: UInt64, high: UInt64) = (0, 0)
            func addStart(_ byte: UInt8) {
                if byte < 64 {
                    starts.low |= 1 << UInt64(byte)
                } else if byte < 128 {
                    starts.high |= 1 << UInt64(byte - 64)
                }
            }
            for telltale in telltales where !telltale.isEmpty {
                let first = table[telltale.lowerBound]
                addStart(first)
                switch first {
                case UInt8(ascii: "m"): addStart(UInt8(ascii: "r"))
                case UInt8(ascii: "w"): addStart(UInt8(ascii: "v"))
                case UInt8(ascii: "o"): addStart(UInt8(ascii: "0"))
                case UInt8(ascii: "l"): [UInt8(ascii: "1"), UInt8(ascii: "i")].forEach(addStart)
                default: break
                }
            }
            telltaleStarts = starts
            hasEmptyTelltale = telltales.contains(where: \.isEmpty)
            telltalesByLength = .allocate(capacity: longest + 2)
            for length in 0...(longest + 1) {
                telltalesByLength[length] = telltales.firstIndex { min($0.count, longest) >= length } ?? telltales.count
            }
            self.table = .allocate(capacity: table.count)
            _ = self.table.initialize(from: table)
            self.spellings = .allocate(capacity: spellings.count)
            _ = self.spellings.initialize(from: spellings)
            self.siteKeyLabels = labels
            self.fewestSiteLabels = labels.map(\.count).min() ?? 0
        }

        deinit {
            table.deallocate()
            spellings.deallocate()
            telltales.deallocate()
            telltalesByLength.deallocate()
        }
    }

    /// Where a site's spellings are in ``Tables/table``.
    private struct Spellings {
        /// The site, and with a leading dot (what a subdomain of it ends with).
        var site: Range<Int>
        var dottedSite: Range<Int>
        /// The same for its ``matchKey(_:)``, and its key's labels joined by `-`.
        var key: Range<Int>
        var dottedKey: Range<Int>
        var hyphenatedKey: Range<Int>
    }

    public init(sites: [String]) {
        tables = Tables(sites: sites)
    }

    /// Calls `body` with each site's spellings as bytes.
    private func forEachSite<R>(
        _ body: (_ index: Int, _ spelling: (Range<Int>) -> UnsafeBufferPointer<UInt8>, Spellings) -> R?
    ) -> R? {
        let table = UnsafeBufferPointer(tables.table)
        for (index, spelling) in tables.spellings.enumerated() {
            if let result = body(index, { UnsafeBufferPointer(rebasing: table[$0]) }, spelling) { return result }
        }
        return nil
    }

    /// Whether the lower-case ASCII host `ascii` is one of ``sites`` or a subdomain of one.
    private func isOwnHost(_ ascii: UnsafeBufferPointer<UInt8>) -> Bool {
        let table = UnsafeBufferPointer(tables.table)
        for site in tables.spellings {
            if sameBytes(ascii, UnsafeBufferPointer(rebasing: table[site.site])) { return true }
            // Only a host with a dot where the site's name would start can be a subdomain: that
            // one byte spares the comparison for nearly every site.
            let dotAt = ascii.count - site.dottedSite.count
            if dotAt >= 0 && ascii[dotAt] == UInt8(ascii: ".")
                && endsWithBytes(ascii, UnsafeBufferPointer(rebasing: table[site.dottedSite]))
            {
                return true
            }
        }
        return false
    }

    /// Whether a label of the ``matchKey(_:)`` `key` is a site's first key label or its
    /// hyphenated key. Each imitation ``match(_:key:)`` finds has one (the site's key, whole
    /// or after extra labels, or its hyphenated key as a label), so without one the host
    /// imitates no site: most hosts are spared the search.
    private func mayImitate(key: UnsafeBufferPointer<UInt8>) -> Bool {
        let tables = self.tables
        let table = UnsafeBufferPointer(tables.table)
        var start = 0
        var end = 0
        while start <= key.count {
            while end < key.count && key[end] != UInt8(ascii: ".") { end += 1 }
            let length = min(end - start, Tables.longestIndexedTelltale)
            let label = UnsafeBufferPointer(rebasing: key[start..<end])
            for index in tables.telltalesByLength[length]..<tables.telltalesByLength[length + 1]
            where sameBytes(label, UnsafeBufferPointer(rebasing: table[tables.telltales[index]])) {
                return true
            }
            end += 1
            start = end
        }
        return false
    }

    /// Whether a label of the lower-case ASCII host `ascii` can have a telltale as its key,
    /// by its first byte: ``mayImitate(key:)`` without making the key. A host's labels and its
    /// key's are the same labels (no pair of ``asciiSkeleton(_:)`` holds a dot), and a key
    /// label starts with the key of its label's first byte or pair.
    private func mayImitate(ascii: UnsafeBufferPointer<UInt8>) -> Bool {
        let (low, high) = tables.telltaleStarts
        var start = 0
        while start <= ascii.count {
            if start == ascii.count || ascii[start] == UInt8(ascii: ".") {
                if tables.hasEmptyTelltale { return true }
            } else {
                let byte = ascii[start]
                let bit = byte < 64 ? low >> UInt64(byte) : byte < 128 ? high >> UInt64(byte - 64) : 1
                if bit & 1 == 1 { return true }
            }
            while start < ascii.count && ascii[start] != UInt8(ascii: ".") { start += 1 }
            start += 1
        }
        return false
    }

    /// The detector for the platforms' hosts (twitter.com, x.com, facebook.com, …).
    public static let platforms = LookalikeDetector(sites: Platform.allCases.flatMap(\.hosts.hosts))

    /// A host that imitates one of ``sites``.
    public struct Match: Sendable, Equatable {
        /// The imitated site.
        public var site: String
        /// For `site.evil.example`: the site that really serves the link (`evil.example`).
        public var realSite: String?
        /// `true` when look-alike characters (not extra labels) make the imitation.
        public var byCharacters: Bool
    }

    /// The site `host` imitates, or `nil` when it is the site itself, a subdomain of it, or unrelated.
    public func match(_ host: HostName) -> Match? {
        match(host, ruledOutByTelltales: true)
    }

    /// ``match(_:)``; without `ruledOutByTelltales`, by the search alone (``mayImitate(key:)``
    /// is not asked first): what the tests hold the telltales to.
    func match(_ host: HostName, ruledOutByTelltales: Bool) -> Match? {
        let found: (site: Int, how: Imitation)? = withBytes(host.ascii) { ascii in
            // A site's own host, or a subdomain only that site can create, imitates nothing: most
            // links in an export are on a platform's own host, and this spares them the search.
            if isOwnHost(ascii) { return nil }
            func search(_ key: UnsafeBufferPointer<UInt8>) -> (site: Int, how: Imitation)? {
                !ruledOutByTelltales || mayImitate(key: key) ? match(ascii, key: key) : nil
            }
            guard isASCII(host.unicode) else { return Self.matchKey(host.unicode).withUnsafeBufferPointer(search) }
            return withASCIIMatchKey(ascii, search)
        }
        guard let found else { return nil }
        let site = sites[found.site]
        switch found.how {
        case .characters: return Match(site: site, realSite: nil, byCharacters: true)
        case .hyphenated: return Match(site: site, realSite: nil, byCharacters: false)
        case .extraLabels(let realSiteLabel):
            let real = host.unicode.split(separator: ".").suffix(from: realSiteLabel).joined(separator: ".")
            return Match(site: site, realSite: real, byCharacters: false)
        }
    }

    /// How a host imitates a site.
    private enum Imitation {
        /// Look-alike characters: its key is the site's.
        case characters
        /// The site's labels, then a real site starting at label `realSiteLabel`.
        case extraLabels(realSiteLabel: Int)
        /// The site's name with its dots turned into hyphens, as a label.
        case hyphenated
    }

    /// Whether the host `ascii` (lower-case ASCII without `xn--` labels, so its Unicode
    /// spelling is the same) imitates one of ``sites``: ``match(_:)`` without its details.
    /// Without `ruledOutByTelltales`, by the search alone: what the tests hold the telltales to.
    func imitatesSite(ascii: UnsafeBufferPointer<UInt8>, ruledOutByTelltales: Bool = true) -> Bool {
        if isOwnHost(ascii) { return false }
        guard ruledOutByTelltales else { return withASCIIMatchKey(ascii) { match(ascii, key: $0) } != nil }
        if !mayImitate(ascii: ascii) { return false }
        return withASCIIMatchKey(ascii) { mayImitate(key: $0) && match(ascii, key: $0) != nil }
    }

    /// Calls `body` with the ``matchKey(_:)`` of the ASCII host `bytes`, built on the stack
    /// (hosts are at most 253 bytes).
    private func withASCIIMatchKey<R>(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R)
        -> R
    {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(bytes.count, 1)) { buffer in
            let count = Self.asciiMatchKey(bytes, into: buffer)
            return body(UnsafeBufferPointer(rebasing: buffer[..<count]))
        }
    }

    /// ``match(_:)`` of a host that is no site's own, by its ``matchKey(_:)``: the index of the
    /// imitated site, and how.
    private func match(_ ascii: UnsafeBufferPointer<UInt8>, key: UnsafeBufferPointer<UInt8>) -> (
        site: Int, how: Imitation
    )? {
        var labelCount = 1
        var hasHyphen = false
        for byte in key {
            if byte == UInt8(ascii: ".") { labelCount += 1 } else if byte == UInt8(ascii: "-") { hasHyphen = true }
        }
        // Splitting labels is only needed by the two label checks below.
        var labels: [Slice<UnsafeBufferPointer<UInt8>>] = []
        if labelCount >= tables.fewestSiteLabels + 2 || hasHyphen {
            labels = key.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        }
        return forEachSite { index, bytes, site in
            if sameBytes(key, bytes(site.key)) || endsWithBytes(key, bytes(site.dottedKey)) {
                return (index, .characters)
            }
            guard !labels.isEmpty else { return nil }
            let siteParts = tables.siteKeyLabels[index]
            let count = siteParts.count
            // The site's labels followed by a real site of its own (at least two labels, so that
            // `x.com.au`-style country domains are not mistaken for `x.com`).
            if labels.count >= count + 2 {
                for start in 0...(labels.count - count - 2)
                where labels[start..<(start + count)].elementsEqual(siteParts, by: { $0.elementsEqual($1) }) {
                    return (index, .extraLabels(realSiteLabel: start + count))
                }
            }
            let hyphenated = bytes(site.hyphenatedKey)
            if hasHyphen, labels.contains(where: { $0.elementsEqual(hyphenated) }) {
                return (index, .hyphenated)
            }
            return nil
        }
    }

    /// What hosts are compared by: the ``skeleton(_:)`` with `i` read as `l` (so `i`, `l`, `1`
    /// and their look-alikes are one letter), as UTF-8.
    static func matchKey(_ host: String) -> [UInt8] {
        if isASCII(host) {
            return withBytes(host) { bytes in
                [UInt8](unsafeUninitializedCapacity: max(bytes.count, 1)) { buffer, count in
                    count = asciiMatchKey(bytes, into: buffer)
                }
            }
        }
        return skeleton(host).utf8.map { $0 == UInt8(ascii: "i") ? UInt8(ascii: "l") : $0 }
    }

    /// ``matchKey(_:)`` of ASCII `bytes`, written to `buffer` (at least as long); returns its length.
    private static func asciiMatchKey(
        _ bytes: UnsafeBufferPointer<UInt8>, into buffer: UnsafeMutableBufferPointer<UInt8>
    ) -> Int {
        // ``asciiSkeleton(_:into:)``, then `i` → `l`, in one pass: `i` and `l` are in no pair.
        // The bytes that change or start a pair: `0`, `1`, `i`, `r`, `v`, one bit a byte value.
        let specialLow: UInt64 = 1 << 0x30 | 1 << 0x31
        let specialHigh: UInt64 = 1 << (0x69 - 64) | 1 << (0x72 - 64) | 1 << (0x76 - 64)
        var count = 0
        var index = 0
        while index < bytes.count {
            var byte = bytes[index]
            index += 1
            let special = byte < 64 ? specialLow >> byte : byte < 128 ? specialHigh >> (byte - 64) : 0
            if special & 1 == 0 {
                buffer[count] = byte
                count += 1
                continue
            }
            switch byte {
            case UInt8(ascii: "r") where index < bytes.count && bytes[index] == UInt8(ascii: "n"):
                byte = UInt8(ascii: "m")
                index += 1
            case UInt8(ascii: "v") where index < bytes.count && bytes[index] == UInt8(ascii: "v"):
                byte = UInt8(ascii: "w")
                index += 1
            case UInt8(ascii: "0"): byte = UInt8(ascii: "o")
            case UInt8(ascii: "1"), UInt8(ascii: "i"): byte = UInt8(ascii: "l")
            default: break
            }
            buffer[count] = byte
            count += 1
        }
        return count
    }

    /// ``skeleton(_:)`` of an ASCII host: `0`→`o`, `1`→`l`, `rn`→`m` and `vv`→`w`, pairs
    /// replaced left to right without overlap. One pass does what `skeleton` does in three:
    /// the digits never form or break a pair, and an `rn` never touches a `vv`.
    static func asciiSkeleton(_ host: String) -> [UInt8] {
        withBytes(host) { bytes in
            [UInt8](unsafeUninitializedCapacity: max(bytes.count, 1)) { buffer, count in
                count = asciiSkeleton(bytes, into: buffer)
            }
        }
    }

    /// ``asciiSkeleton(_:)`` of `bytes`, written to `buffer` (at least as long); returns its length.
    private static func asciiSkeleton(_ bytes: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>)
        -> Int
    {
        var count = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let next = index + 1 < bytes.count ? bytes[index + 1] : 0
            if byte == UInt8(ascii: "r") && next == UInt8(ascii: "n") {
                out[count] = UInt8(ascii: "m")
                index += 2
            } else if byte == UInt8(ascii: "v") && next == UInt8(ascii: "v") {
                out[count] = UInt8(ascii: "w")
                index += 2
            } else {
                switch byte {
                case UInt8(ascii: "0"): out[count] = UInt8(ascii: "o")
                case UInt8(ascii: "1"): out[count] = UInt8(ascii: "l")
                default: out[count] = byte
                }
                index += 1
            }
            count += 1
        }
        return count
    }

    /// The host with look-alike characters replaced by the Latin letters they imitate.
    ///
    /// The host is first decomposed (NFD), so a letter with a diacritic reads the same whether
    /// it was typed precomposed (`ā`) or as a letter and a combining mark (`a` + U+0304); the
    /// marks are then dropped, leaving the base letter. Letters whose stroke or hook is not a
    /// separate mark (`ł`, `ø`, `đ`, `ɨ`) are in the table of ``confusables``.
    public static func skeleton(_ host: String) -> String {
        if isPlainASCII(host) { return host }
        var mapped = ""
        mapped.reserveCapacity(host.utf8.count)
        var changed = false
        for scalar in host.decomposedStringWithCanonicalMapping.unicodeScalars {
            if scalar.isASCII {
                switch scalar {
                case "0":
                    mapped.append("o")
                    changed = true
                case "1":
                    mapped.append("l")
                    changed = true
                default: mapped.unicodeScalars.append(scalar)
                }
            } else if isMark(scalar) {
                changed = true
            } else if let latin = confusables[scalar] {
                mapped.unicodeScalars.append(latin)
                changed = true
            } else {
                mapped.unicodeScalars.append(scalar)
            }
        }
        guard changed || mapped.contains("rn") || mapped.contains("vv") else { return mapped }
        return mapped.replacing("rn", with: "m").replacing("vv", with: "w")
    }

    /// A combining mark (a diacritic written after its letter, or split off by NFD).
    private static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: true
        default: false
        }
    }

    /// ASCII without `0`, `1`, `rn` or `vv`: its own skeleton (the common case, checked without allocating).
    private static func isPlainASCII(_ host: String) -> Bool {
        withBytes(host) { bytes in
            var previous: UInt8 = 0
            for byte in bytes {
                switch byte {
                case 0x80...0xFF, UInt8(ascii: "0"), UInt8(ascii: "1"): return false
                case UInt8(ascii: "n") where previous == UInt8(ascii: "r"): return false
                case UInt8(ascii: "v") where previous == UInt8(ascii: "v"): return false
                default: previous = byte
                }
            }
            return true
        }
    }

    /// Common non-Latin and accented letters that read as a Latin letter in a browser's address bar
    /// (a practical subset of Unicode's confusables.txt).
    private static let confusables: [Unicode.Scalar: Unicode.Scalar] = {
        let table: [(String, Unicode.Scalar)] = [
            // Cyrillic
            ("а", "a"), ("е", "e"), ("о", "o"), ("р", "p"), ("с", "c"), ("х", "x"), ("у", "y"),
            ("і", "i"), ("ј", "j"), ("ԁ", "d"), ("ѕ", "s"), ("һ", "h"), ("ԛ", "q"), ("ԝ", "w"),
            ("ӏ", "l"), ("к", "k"), ("ո", "n"), ("ɩ", "i"),
            // Greek
            ("α", "a"), ("ο", "o"), ("ρ", "p"), ("ν", "v"), ("ι", "i"), ("κ", "k"), ("υ", "u"),
            ("χ", "x"), ("ε", "e"), ("τ", "t"),
            // Latin look-alikes and letter-like symbols (letters with a diacritic that NFD takes
            // apart need no entry; these are the ones it leaves whole)
            ("ı", "i"), ("ɡ", "g"), ("ɑ", "a"), ("ⅼ", "l"), ("ℓ", "l"), ("ⅰ", "i"), ("ǀ", "l"),
            ("ƒ", "f"), ("ſ", "f"), ("ȷ", "j"), ("ø", "o"), ("ł", "l"), ("đ", "d"), ("ħ", "h"), ("ŧ", "t"),
            ("ƀ", "b"), ("ɨ", "i"), ("ƶ", "z"), ("ȼ", "c"), ("ɇ", "e"), ("ɉ", "j"), ("ɍ", "r"), ("ɏ", "y"),
            ("ɫ", "l"), ("ɬ", "l"), ("ɭ", "l"), ("ƚ", "l"), ("ȴ", "l"), ("ɗ", "d"), ("ɖ", "d"), ("ƈ", "c"),
            ("ɕ", "c"), ("ɠ", "g"), ("ǥ", "g"), ("ɦ", "h"), ("ƙ", "k"), ("ɱ", "m"), ("ɲ", "n"), ("ɳ", "n"),
            ("ƞ", "n"), ("ȵ", "n"), ("ƥ", "p"), ("ʠ", "q"), ("ɽ", "r"), ("ɾ", "r"), ("ʂ", "s"), ("ƭ", "t"),
            ("ʈ", "t"), ("ȶ", "t"), ("ʋ", "v"), ("ⱳ", "w"), ("ƴ", "y"), ("ȥ", "z"), ("ʐ", "z"), ("ʑ", "z"),
            ("ɓ", "b"), ("ƃ", "b"), ("ȡ", "d"), ("ʝ", "j"), ("ꝁ", "k"),
        ]
        var map: [Unicode.Scalar: Unicode.Scalar] = [:]
        for (from, to) in table {
            if let scalar = from.unicodeScalars.first { map[scalar] = to }
        }
        // Full-width Latin letters ａ–ｚ.
        for offset in 0..<26 {
            if let wide = Unicode.Scalar(0xFF41 + UInt32(offset)), let latin = Unicode.Scalar(0x61 + UInt32(offset)) {
                map[wide] = latin
            }
        }
        return map
    }()
}
