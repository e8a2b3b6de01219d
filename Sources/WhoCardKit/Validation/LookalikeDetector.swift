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
    public let sites: [String]
    /// Each site, and with a leading dot (what a subdomain of it ends with).
    private let siteBytes: [[UInt8]]
    private let dottedSiteBytes: [[UInt8]]
    /// The same for each site's ``matchKey(_:)``, its labels and its labels joined by `-`.
    private let siteKeys: [[UInt8]]
    private let dottedSiteKeys: [[UInt8]]
    private let siteKeyLabels: [[[UInt8]]]
    private let hyphenatedSiteKeys: [[UInt8]]
    /// The fewest labels a site has.
    private let fewestSiteLabels: Int
    /// ``sites``, for telling a site's own hosts at once.
    private let siteSet: Set<Substring>

    public init(sites: [String]) {
        self.sites = sites
        self.siteBytes = sites.map { Array($0.utf8) }
        self.dottedSiteBytes = sites.map { Array(".\($0)".utf8) }
        let keys = sites.map { Self.matchKey($0) }
        self.siteKeys = keys
        self.dottedSiteKeys = keys.map { [UInt8(ascii: ".")] + $0 }
        let labels = keys.map {
            $0.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).map(Array.init)
        }
        self.siteKeyLabels = labels
        self.hyphenatedSiteKeys = labels.map { Array($0.joined(separator: [UInt8(ascii: "-")])) }
        self.fewestSiteLabels = labels.map(\.count).min() ?? 0
        self.siteSet = Set(sites.map { Substring($0) })
    }

    /// Whether `ascii` is one of ``sites`` or a subdomain of one.
    private func isOwnHost(_ ascii: String) -> Bool {
        var rest = Substring(ascii)
        while true {
            if siteSet.contains(rest) { return true }
            guard let dot = rest.utf8.firstIndex(of: UInt8(ascii: ".")) else { return false }
            rest = rest[rest.utf8.index(after: dot)...]
        }
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
        // A site's own host, or a subdomain only that site can create, imitates nothing: most
        // links in an export are on a platform's own host, and this spares them the search.
        if isOwnHost(host.ascii) { return nil }
        guard isASCII(host.unicode) else {
            return Self.matchKey(host.unicode).withUnsafeBufferPointer { match(host, key: $0) }
        }
        // Hosts are at most 253 bytes: the key is built on the stack, not the heap.
        return withBytes(host.unicode) { bytes in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(bytes.count, 1)) { buffer in
                let count = Self.asciiMatchKey(bytes, into: buffer)
                return match(host, key: UnsafeBufferPointer(rebasing: buffer[..<count]))
            }
        }
    }

    /// ``match(_:)`` on the host's ``matchKey(_:)``.
    private func match(_ host: HostName, key: UnsafeBufferPointer<UInt8>) -> Match? {
        var labelCount = 1
        var hasHyphen = false
        for byte in key {
            if byte == UInt8(ascii: ".") { labelCount += 1 } else if byte == UInt8(ascii: "-") { hasHyphen = true }
        }
        // Splitting labels is only needed by the two label checks below.
        var labels: [Slice<UnsafeBufferPointer<UInt8>>] = []
        if labelCount >= fewestSiteLabels + 2 || hasHyphen {
            labels = key.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        }
        let asciiHost = host.ascii
        for index in sites.indices {
            // The site itself or a subdomain of it.
            if withBytes(
                asciiHost, { $0.elementsEqual(siteBytes[index]) || hasBytesSuffix($0, dottedSiteBytes[index]) })
            {
                continue
            }
            if key.elementsEqual(siteKeys[index]) || hasBytesSuffix(key, dottedSiteKeys[index]) {
                return Match(site: sites[index], realSite: nil, byCharacters: true)
            }
            let siteParts = siteKeyLabels[index]
            let count = siteParts.count
            // The site's labels followed by a real site of its own (at least two labels, so that
            // `x.com.au`-style country domains are not mistaken for `x.com`).
            if labels.count >= count + 2 {
                for start in 0...(labels.count - count - 2)
                where labels[start..<(start + count)].elementsEqual(siteParts, by: { $0.elementsEqual($1) }) {
                    let real = host.unicode.split(separator: ".").suffix(from: start + count).joined(separator: ".")
                    return Match(site: sites[index], realSite: real, byCharacters: false)
                }
            }
            if hasHyphen, labels.contains(where: { $0.elementsEqual(hyphenatedSiteKeys[index]) }) {
                return Match(site: sites[index], realSite: nil, byCharacters: false)
            }
        }
        return nil
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
        let count = asciiSkeleton(bytes, into: buffer)
        for index in 0..<count where buffer[index] == UInt8(ascii: "i") { buffer[index] = UInt8(ascii: "l") }
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
