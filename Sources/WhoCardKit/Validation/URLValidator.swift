/// Checks one web address against the product page's URL rules and normalises it.
///
/// A valid URL starts with `http://` or `https://` (any case), has a real host name
/// (see ``HostName``; IDN allowed), no user info, no whitespace, control or invisible
/// characters, quotes, angle brackets or backslashes, well-formed `%` escapes, a valid port,
/// at most ``maxLength`` characters, and a host that does not imitate a known site
/// (see ``LookalikeDetector``). `http://` is valid with an `url.insecure` warning.
///
/// Normalisation (``ValidLink/normalized``): https, lower-case Punycode host, default port,
/// fragment, tracking parameters (``trackingParameters``, `utm_*`) and trailing slashes
/// dropped, path case kept, non-ASCII path and query bytes percent-encoded. `www.` is kept:
/// dropping it breaks some sites; only the platform rules drop it, for hosts they know.
public struct URLValidator: Sendable {
    /// Longest accepted URL, in characters.
    public var maxLength = 2048
    /// Sites a host must not imitate.
    public var lookalikes: LookalikeDetector = .platforms

    /// Query parameters that only track clicks; dropped from normalised links
    /// (plus every parameter starting with `utm_`). Compared case-insensitively.
    public static let trackingParameters: Set<String> = [
        "fbclid", "igshid", "igsh", "si", "ref", "ref_src", "ref_url", "gclid", "dclid", "msclkid",
        "mc_cid", "mc_eid",
    ]

    public init() {}

    /// Validates `value` (trimmed first); `field` names the value in messages.
    public func validate(_ value: String, field: String = "URL") -> Result<CheckedURL, Violation> {
        validate(value, field: field, buildsLink: true)
    }

    /// ``validate(_:field:)``; without `buildsLink` the result's ``CheckedURL/link`` is left
    /// empty, for callers that build their own link (the platform rules) and would throw it away.
    func validate(_ value: String, field: String, buildsLink: Bool) -> Result<CheckedURL, Violation> {
        let text = trimmed(value)
        guard !text.isEmpty else { return .failure(Violation("url.syntax", "\(field) is empty")) }
        if text.utf8.count > maxLength {
            let length = text.unicodeScalars.count
            if length > maxLength {
                return .failure(
                    Violation(
                        "url.length",
                        "\(field) is \(grouped(length)) characters long; the limit is \(grouped(maxLength))"))
            }
        }
        if let bad = firstForbiddenCharacter(in: text) {
            return .failure(
                Violation("url.characters", "\(field) contains \(bad.description) at character \(bad.position)"))
        }
        let isSecure: Bool
        if hasASCIIPrefixIgnoringCase(text.utf8, "https://") {
            isSecure = true
        } else if hasASCIIPrefixIgnoringCase(text.utf8, "http://") {
            isSecure = false
        } else {
            return .failure(schemeViolation(text, field: field))
        }
        guard let parts = URLParts(text[...]) else {
            return .failure(Violation("url.syntax", "\(field) cannot be read as a web address"))
        }
        if let userInfo = parts.userInfo {
            let real = parts.host.isEmpty ? "missing" : String(parts.host).lowercased()
            return .failure(
                Violation(
                    "url.userinfo", "\(field) has user info before the host ('\(userInfo)@'); the real host is \(real)")
            )
        }
        let host: HostName
        switch HostName.parse(parts.host) {
        case .success(let parsed): host = parsed
        case .failure(.empty): return .failure(Violation("url.host", "\(field) has no host name after '//'"))
        case .failure(.reason(let reason)):
            return .failure(Violation("url.host", "\(field) host '\(parts.host)' \(reason)"))
        }
        var port: Int?
        if let portText = parts.port, !portText.isEmpty {
            guard portText.utf8.count <= 5, portText.utf8.allSatisfy(isDigit), let number = Int(portText),
                (1...65535).contains(number)
            else { return .failure(Violation("url.syntax", "\(field) has an invalid port ':\(portText)'")) }
            if number != (isSecure ? 443 : 80) { port = number }
        }
        if !hasValidEscapes(parts.path) || !hasValidEscapes(parts.query ?? "") || !hasValidEscapes(parts.fragment ?? "")
        {
            return .failure(Violation("url.syntax", "\(field) has a '%' that is not followed by two hex digits"))
        }
        if let match = lookalikes.match(host) {
            return .failure(Self.lookalikeViolation(match, host: host, field: field))
        }

        let path = normalizedPath(parts.path)
        let query = parts.query.flatMap(normalizedQuery)
        let portSuffix = port.map { ":\($0)" } ?? ""
        var link = ValidLink(original: text, normalized: "", display: "")
        if buildsLink {
            let pathAndQuery = query.map { concatenated(path.isEmpty ? "/" : path, "?", $0) } ?? path
            link.normalized = concatenated("https://", host.ascii, portSuffix, pathAndQuery)
            link.display = concatenated(host.unicode, portSuffix, displayForm(pathAndQuery))
        }
        var warnings: [Violation] = []
        if !isSecure {
            let secure = "https://" + text.dropFirst("http://".count)
            warnings.append(Violation("url.insecure", .warning, "\(field) uses http://; use \(secure) instead"))
        }
        return .success(
            CheckedURL(
                original: text, isSecure: isSecure, host: host, port: port, path: path, query: query,
                warnings: warnings, link: link))
    }

    static func lookalikeViolation(_ match: LookalikeDetector.Match, host: HostName, field: String) -> Violation {
        let shown = host.unicode == host.ascii ? "'\(host.unicode)'" : "'\(host.unicode)' (\(host.ascii))"
        let message: String
        if let real = match.realSite {
            message = "\(field) host \(shown) imitates \(match.site); the real site is \(real)"
        } else if match.byCharacters {
            message = "\(field) host \(shown) imitates \(match.site) with look-alike characters"
        } else {
            message = "\(field) host \(shown) imitates \(match.site)"
        }
        return Violation("url.lookalike", message)
    }

    // MARK: Scheme

    private func schemeViolation(_ text: String, field: String) -> Violation {
        if let scheme = Self.foreignScheme(text) {
            return Violation("url.scheme", "\(field) uses the \(scheme): scheme; only http:// and https:// links work")
        }
        let start = "\(field) does not start with http:// or https://"
        if let suggestion = Self.suggestedURL(for: text) {
            return Violation("url.scheme", "\(start); did you mean \(suggestion)?")
        }
        return Violation("url.scheme", "\(field) is not a web address; it must start with https://")
    }

    /// A scheme other than http(s) that `text` starts with (`ftp`, `javascript`), lower-cased.
    static func foreignScheme(_ text: String) -> String? {
        guard let scheme = typedScheme(text) else { return nil }
        let lower = scheme.lowercased()
        return lower.hasPrefix("ht") || lower.hasPrefix("hh") ? nil : lower
    }

    /// The https URL a value without a (correct) scheme probably means: `twitter.com/alice`,
    /// `//twitter.com/alice`, `htps://…` and `https:/…` → `https://twitter.com/alice`.
    static func suggestedURL(for text: String) -> String? {
        if text.hasPrefix("//") { return "https:" + text }
        if let scheme = typedScheme(text) {
            let lower = scheme.lowercased()
            guard lower.hasPrefix("ht") || lower.hasPrefix("hh") else { return nil }
            let rest = text.dropFirst(scheme.count + 1).drop { $0 == "/" }
            return rest.isEmpty ? nil : "https://" + rest
        }
        let hostPart = text.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let hostBytes = hostPart.utf8
        guard hostBytes.contains(UInt8(ascii: ".")), !hostBytes.contains(UInt8(ascii: "@")),
            !hostBytes.contains(UInt8(ascii: ":")), hostBytes.first != UInt8(ascii: "."),
            hostBytes.last != UInt8(ascii: ".")
        else { return nil }
        return "https://" + text
    }

    /// The letters before a `:` when they look like a scheme (`mailto`, `htps`); a host with a
    /// port (`example.com:8080`) has a dot and is not one.
    private static func typedScheme(_ text: String) -> Substring? {
        let utf8 = text.utf8
        guard let colon = utf8.firstIndex(of: UInt8(ascii: ":")), colon != utf8.startIndex else { return nil }
        let scheme = text[..<colon]
        guard scheme.utf8.first.map(isLetter) == true,
            scheme.utf8.allSatisfy({ isLetterOrDigit($0) || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") })
        else { return nil }
        return scheme
    }

    // MARK: Characters

    struct ForbiddenCharacter {
        var description: String
        var position: Int
    }

    private func firstForbiddenCharacter(in text: String) -> ForbiddenCharacter? {
        // ASCII fast path: a byte is a scalar, so a byte's offset is its character position.
        let found: Int? = withBytes(text) { bytes in
            for (offset, byte) in bytes.enumerated() {
                if byte >= 0x80 { return -1 }
                if Self.isForbiddenASCII(byte) { return offset }
            }
            return nil
        }
        guard let found else { return nil }
        guard found >= 0 else { return firstForbiddenScalar(in: text) }
        let byte = text.utf8[text.utf8.index(text.utf8.startIndex, offsetBy: found)]
        guard let description = forbiddenDescription(Unicode.Scalar(byte)) else { return nil }
        return ForbiddenCharacter(description: description, position: found + 1)
    }

    /// The ASCII characters a URL cannot contain: controls, the space, quotes, angle brackets
    /// and the backslash.
    static func isForbiddenASCII(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x00...0x20, 0x7F, UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "<"), UInt8(ascii: ">"),
            UInt8(ascii: "\\"):
            true
        default: false
        }
    }

    private func firstForbiddenScalar(in text: String) -> ForbiddenCharacter? {
        var position = 0
        for scalar in text.unicodeScalars {
            position += 1
            if let description = forbiddenDescription(scalar) {
                return ForbiddenCharacter(description: description, position: position)
            }
        }
        return nil
    }

    private func forbiddenDescription(_ scalar: Unicode.Scalar) -> String? {
        switch scalar {
        case " ": return "a space"
        case "\t": return "a tab"
        case "\n", "\r": return "a line break"
        case "\"": return "a double quote (\")"
        case "'": return "a single quote (')"
        case "<", ">": return "an angle bracket (\(scalar))"
        case "\\": return "a backslash (\\)"
        default: break
        }
        if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
            return "a control character (U+\(hex(scalar)))"
        }
        guard !scalar.isASCII else { return nil }
        if scalar.properties.isWhitespace { return "a special space (U+\(hex(scalar)))" }
        if scalar.properties.generalCategory == .format { return "an invisible character (U+\(hex(scalar)))" }
        return nil
    }

    // MARK: Normalisation

    private func normalizedPath(_ path: Substring) -> String {
        // Percent-encoding never adds a '/', so trailing slashes can go first.
        let utf8 = path.utf8
        var end = utf8.endIndex
        while end > utf8.startIndex, utf8[utf8.index(before: end)] == UInt8(ascii: "/") {
            end = utf8.index(before: end)
        }
        let kept = path[..<end]
        if isASCII(kept.utf8) { return String(kept) }
        return String(decoding: percentEncodingNonASCII(kept.utf8), as: UTF8.self)
    }

    private func normalizedQuery(_ query: Substring) -> String? {
        var kept: [Substring] = []
        for pair in query.split(separator: "&") {
            let name = pair.prefix { $0 != "=" }.lowercased()
            if name.hasPrefix("utm_") || Self.trackingParameters.contains(name) { continue }
            kept.append(pair)
        }
        guard !kept.isEmpty else { return nil }
        return String(decoding: percentEncodingNonASCII(kept.joined(separator: "&").utf8), as: UTF8.self)
    }

    private func percentEncodingNonASCII<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> [UInt8] {
        var out: [UInt8] = []
        for byte in bytes {
            if byte < 0x80 {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hexDigit(byte >> 4))
                out.append(hexDigit(byte & 0xF))
            }
        }
        return out
    }

    /// Decodes percent-escaped UTF-8 (non-ASCII only) for people to read; keeps the escapes
    /// when they are not valid UTF-8 or decode to invisible or control characters.
    private func displayForm(_ pathAndQuery: String) -> String {
        guard containsByte(pathAndQuery, UInt8(ascii: "%")) else { return pathAndQuery }
        var out: [UInt8] = []
        let bytes = Array(pathAndQuery.utf8)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
                let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]), high >= 8
            {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        guard let decoded = String(validating: out, as: UTF8.self),
            decoded.unicodeScalars.allSatisfy({ forbiddenDescription($0) == nil })
        else { return pathAndQuery }
        return decoded
    }

    private func hasValidEscapes(_ text: Substring) -> Bool { withBytes(text, hasValidPercentEscapes) }
}

/// Whether every `%` in `bytes` is followed by two hex digits.
func hasValidPercentEscapes(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var index = 0
    while let percent = bytes[index...].firstIndex(of: UInt8(ascii: "%")) {
        guard percent + 2 < bytes.count, hexValue(bytes[percent + 1]) != nil, hexValue(bytes[percent + 2]) != nil
        else { return false }
        index = percent + 3
    }
    return true
}

private func hexDigit(_ value: UInt8) -> UInt8 {
    value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "A") + value - 10
}

private func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: nil
    }
}
