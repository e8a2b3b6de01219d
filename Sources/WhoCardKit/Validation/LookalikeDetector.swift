/// Finds hosts that imitate a known site (by default the platforms' hosts), the phishing
/// tricks a profile link can hide:
///
/// - look-alike characters: the host's confusable skeleton (Cyrillic/Greek letters that look
///   Latin, accented letters, `0`→`o`, `1`→`l`, `rn`→`m`, `vv`→`w`) is the site or a subdomain
///   of it, but the host is not (`twіtter.com` with a Cyrillic `і`, `faceb00k.com`);
/// - the site's name followed by another registrable name: `twitter.com.evil.example`;
/// - the site's name with its dot turned into a hyphen as a label: `twitter-com.evil.example`.
///
/// Hosts that merely contain a brand word (`evil-twitter.com`, `twitterfans.example`) are not
/// flagged: many honest sites do that, and the wrong-site rules of the platform fields catch
/// them where it matters. Typos (`twiter.com`) are not flagged either.
public struct LookalikeDetector: Sendable {
    /// The sites to protect, as lower-case ASCII hosts.
    public let sites: [String]
    private let siteLabels: [[Substring]]
    private let dottedSites: [String]
    /// Byte forms for ASCII hosts: each site's labels, its labels joined by `-`, and the
    /// fewest labels a site has.
    private let siteBytes: [[UInt8]]
    private let dottedSiteBytes: [[UInt8]]
    private let siteLabelBytes: [[[UInt8]]]
    private let hyphenatedSites: [[UInt8]]
    private let fewestSiteLabels: Int

    public init(sites: [String]) {
        self.sites = sites
        self.siteLabels = sites.map { $0.split(separator: ".") }
        self.dottedSites = sites.map { "." + $0 }
        self.siteBytes = sites.map { Array($0.utf8) }
        self.dottedSiteBytes = dottedSites.map { Array($0.utf8) }
        self.siteLabelBytes = siteLabels.map { $0.map { Array($0.utf8) } }
        self.hyphenatedSites = siteLabels.map { Array($0.joined(separator: "-").utf8) }
        self.fewestSiteLabels = siteLabels.map(\.count).min() ?? 0
    }

    /// The detector for the platforms' hosts (twitter.com, x.com, facebook.com, …).
    public static let platforms = LookalikeDetector(sites: PlatformRule.all.flatMap(\.hosts))

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
        if isASCII(host.unicode) { return matchASCII(host) }
        let skeleton = Self.skeleton(host.unicode)
        let changed = skeleton != host.unicode
        let bytes = skeleton.utf8
        let labelCount = bytes.reduce(1) { $1 == UInt8(ascii: ".") ? $0 + 1 : $0 }
        let hasHyphen = bytes.contains(UInt8(ascii: "-"))
        var labels: [Substring] = []
        if labelCount >= 3 || hasHyphen { labels = skeleton.split(separator: ".", omittingEmptySubsequences: false) }
        for index in sites.indices {
            let site = sites[index]
            if host.ascii == site || host.ascii.hasSuffix(dottedSites[index]) { continue }
            if changed && (skeleton == site || skeleton.hasSuffix(dottedSites[index])) {
                return Match(site: site, realSite: nil, byCharacters: true)
            }
            let siteParts = siteLabels[index]
            let count = siteParts.count
            // The site's labels followed by a real site of its own (at least two labels, so that
            // `x.com.au`-style country domains are not mistaken for `x.com`).
            if labels.count >= count + 2 {
                for start in 0...(labels.count - count - 2) where labels[start..<(start + count)].elementsEqual(siteParts) {
                    let real = host.unicode.split(separator: ".").suffix(from: start + count).joined(separator: ".")
                    return Match(site: site, realSite: real, byCharacters: false)
                }
            }
            if hasHyphen {
                let hyphenated = siteParts.joined(separator: "-")
                if labels.contains(where: { $0 == hyphenated }) {
                    return Match(site: site, realSite: nil, byCharacters: false)
                }
            }
        }
        return nil
    }

    /// ``match(_:)`` for an ASCII host, on bytes: the same checks in the same order, where a
    /// character is a byte.
    private func matchASCII(_ host: HostName) -> Match? {
        let hostBytes = host.unicode.utf8
        let plain = Self.isPlainASCII(host.unicode)
        // Splitting labels is only needed by the two label checks below.
        let needsLabels = { (labelCount: Int, hasHyphen: Bool) in labelCount >= max(3, self.fewestSiteLabels + 2) || hasHyphen }
        if plain {
            // The host is its own skeleton, so only the label checks could match.
            let (labelCount, hasHyphen) = withBytes(host.unicode) { bytes in
                var labelCount = 1
                var hasHyphen = false
                for byte in bytes {
                    if byte == UInt8(ascii: ".") { labelCount += 1 } else if byte == UInt8(ascii: "-") { hasHyphen = true }
                }
                return (labelCount, hasHyphen)
            }
            if !needsLabels(labelCount, hasHyphen) { return nil }
        }
        let skeleton = plain ? Array(hostBytes) : Self.asciiSkeleton(host.unicode)
        let changed = !skeleton.elementsEqual(hostBytes)
        let labelCount = skeleton.reduce(1) { $1 == UInt8(ascii: ".") ? $0 + 1 : $0 }
        let hasHyphen = skeleton.contains(UInt8(ascii: "-"))
        var labels: [ArraySlice<UInt8>] = []
        if needsLabels(labelCount, hasHyphen) {
            labels = skeleton.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        }
        let asciiHost = host.ascii
        for index in sites.indices {
            let site = siteBytes[index]
            let dotted = dottedSiteBytes[index]
            if withBytes(asciiHost, { $0.elementsEqual(site) || hasBytesSuffix($0, dotted) }) { continue }
            if changed && (skeleton == site || hasBytesSuffix(skeleton, dotted)) {
                return Match(site: sites[index], realSite: nil, byCharacters: true)
            }
            let siteParts = siteLabelBytes[index]
            let count = siteParts.count
            if labels.count >= count + 2 {
                for start in 0...(labels.count - count - 2)
                where labels[start..<(start + count)].elementsEqual(siteParts, by: { $0.elementsEqual($1) }) {
                    let real = host.unicode.split(separator: ".").suffix(from: start + count).joined(separator: ".")
                    return Match(site: sites[index], realSite: real, byCharacters: false)
                }
            }
            if hasHyphen, labels.contains(where: { $0.elementsEqual(hyphenatedSites[index]) }) {
                return Match(site: sites[index], realSite: nil, byCharacters: false)
            }
        }
        return nil
    }

    /// ``skeleton(_:)`` of an ASCII host: `0`→`o`, `1`→`l`, `rn`→`m` and `vv`→`w`, pairs
    /// replaced left to right without overlap. One pass does what `skeleton` does in three:
    /// the digits never form or break a pair, and an `rn` never touches a `vv`.
    static func asciiSkeleton(_ host: String) -> [UInt8] {
        withBytes(host, asciiSkeleton(bytes:))
    }

    private static func asciiSkeleton(bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let next = index + 1 < bytes.count ? bytes[index + 1] : 0
            if byte == UInt8(ascii: "r") && next == UInt8(ascii: "n") {
                out.append(UInt8(ascii: "m"))
                index += 2
            } else if byte == UInt8(ascii: "v") && next == UInt8(ascii: "v") {
                out.append(UInt8(ascii: "w"))
                index += 2
            } else {
                switch byte {
                case UInt8(ascii: "0"): out.append(UInt8(ascii: "o"))
                case UInt8(ascii: "1"): out.append(UInt8(ascii: "l"))
                default: out.append(byte)
                }
                index += 1
            }
        }
        return out
    }

    /// The host with look-alike characters replaced by the Latin letters they imitate.
    public static func skeleton(_ host: String) -> String {
        if isPlainASCII(host) { return host }
        var mapped = ""
        mapped.reserveCapacity(host.utf8.count)
        var changed = false
        for scalar in host.unicodeScalars {
            if scalar.isASCII {
                switch scalar {
                case "0": mapped.append("o"); changed = true
                case "1": mapped.append("l"); changed = true
                default: mapped.unicodeScalars.append(scalar)
                }
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
            // Latin look-alikes and letter-like symbols
            ("ı", "i"), ("ɡ", "g"), ("ɑ", "a"), ("ⅼ", "l"), ("ℓ", "l"), ("ⅰ", "i"), ("ǀ", "l"),
            ("à", "a"), ("á", "a"), ("â", "a"), ("ã", "a"), ("ä", "a"), ("å", "a"),
            ("è", "e"), ("é", "e"), ("ê", "e"), ("ë", "e"),
            ("ì", "i"), ("í", "i"), ("î", "i"), ("ï", "i"),
            ("ò", "o"), ("ó", "o"), ("ô", "o"), ("õ", "o"), ("ö", "o"), ("ø", "o"),
            ("ù", "u"), ("ú", "u"), ("û", "u"), ("ü", "u"), ("ý", "y"), ("ÿ", "y"),
            ("ç", "c"), ("ñ", "n"), ("ś", "s"), ("ş", "s"), ("ţ", "t"), ("ķ", "k"), ("ł", "l"),
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
