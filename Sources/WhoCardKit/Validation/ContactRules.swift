/// Rules for the plain contact fields: e-mail addresses and phone numbers.
public enum ContactRules {
    /// A plain address `local@domain`: no display name, angle brackets, spaces or `mailto:`;
    /// a domain with a dot (IDN allowed, see ``HostName``). Returns the address with its
    /// domain in lower case.
    public static func email(_ value: String, field: String) -> Result<String, Violation> {
        let text = trimmed(value)
        if isASCII(text) { return asciiEmail(text, field: field) }
        func fail(_ reason: String) -> Result<String, Violation> {
            .failure(Violation("email.syntax", "\(field) \(reason)"))
        }
        if let open = text.firstIndex(of: "<") {
            let inner = text[text.index(after: open)...].prefix { $0 != ">" }
            let suggestion = inner.contains("@") ? " (\(inner))" : ""
            return fail("has a display name or angle brackets; enter only the address\(suggestion)")
        }
        if text.lowercased().hasPrefix("mailto:") {
            return fail("starts with 'mailto:'; enter only the address (\(text.dropFirst(7)))")
        }
        var position = 0
        for scalar in text.unicodeScalars {
            position += 1
            if scalar.properties.isWhitespace { return fail("contains a space at character \(position)") }
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
                || scalar.properties.generalCategory == .format
            {
                return fail("contains an invisible or control character (U+\(hex(scalar))) at character \(position)")
            }
        }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            return fail(parts.count < 2 ? "has no '@'" : "has more than one '@'")
        }
        let local = parts[0]
        guard !local.isEmpty else { return fail("has nothing before '@'") }
        guard local.utf8.count <= 64 else { return fail("has more than 64 characters before '@'") }
        // Every forbidden character is ASCII, and an ASCII byte in UTF-8 is only ever that character.
        if let bad = local.utf8.first(where: isForbiddenBeforeAt).map(Unicode.Scalar.init) {
            return fail("contains '\(bad)' before '@', which addresses cannot contain")
        }
        if local.hasPrefix(".") || local.hasSuffix(".") || local.contains("..") {
            return fail("has a misplaced '.' before '@'")
        }
        switch HostName.parse(parts[1]) {
        case .failure(.empty): return fail("has nothing after '@'")
        case .failure(.reason(let reason)): return fail("domain '\(parts[1])' \(reason)")
        case .success(let host): return .success(local + "@" + host.unicode)
        }
    }

    /// ``email(_:field:)`` for ASCII text, on bytes (a byte is a character): the same checks
    /// in the same order.
    private static func asciiEmail(_ text: String, field: String) -> Result<String, Violation> {
        func fail(_ reason: String) -> Result<String, Violation> {
            .failure(Violation("email.syntax", "\(field) \(reason)"))
        }
        let utf8 = text.utf8
        if let open = utf8.firstIndex(of: UInt8(ascii: "<")) {
            let inner = text[utf8.index(after: open)...].prefix { $0 != ">" }
            let suggestion = inner.utf8.contains(UInt8(ascii: "@")) ? " (\(inner))" : ""
            return fail("has a display name or angle brackets; enter only the address\(suggestion)")
        }
        if hasASCIIPrefixIgnoringCase(utf8, "mailto:") {
            return fail("starts with 'mailto:'; enter only the address (\(text.dropFirst(7)))")
        }
        // First space or control character (offset and byte), first '@' offset, '@' count.
        let scan = withBytes(text) { bytes in
            var bad: (offset: Int, byte: UInt8)?
            var firstAt = 0
            var atCount = 0
            for (offset, byte) in bytes.enumerated() {
                if byte < 0x21 || byte == 0x7F {
                    bad = (offset, byte)
                    break
                }
                if byte == UInt8(ascii: "@") {
                    if atCount == 0 { firstAt = offset }
                    atCount += 1
                }
            }
            return (bad: bad, firstAt: firstAt, atCount: atCount)
        }
        if let bad = scan.bad {
            if isASCIIWhitespace(bad.byte) { return fail("contains a space at character \(bad.offset + 1)") }
            return fail(
                "contains an invisible or control character (U+\(hex(Unicode.Scalar(bad.byte)))) at character \(bad.offset + 1)"
            )
        }
        let atCount = scan.atCount
        let at = utf8.index(utf8.startIndex, offsetBy: scan.firstAt)
        guard atCount == 1 else {
            return fail(atCount == 0 ? "has no '@'" : "has more than one '@'")
        }
        let local = text[..<at]
        let domain = text[utf8.index(after: at)...]
        guard !local.isEmpty else { return fail("has nothing before '@'") }
        guard local.utf8.count <= 64 else { return fail("has more than 64 characters before '@'") }
        if let bad = withBytes(local, { $0.first(where: isForbiddenBeforeAt) }) {
            return fail("contains '\(Unicode.Scalar(bad))' before '@', which addresses cannot contain")
        }
        if hasMisplacedDot(local.utf8) {
            return fail("has a misplaced '.' before '@'")
        }
        switch HostName.parse(domain) {
        case .failure(.empty): return fail("has nothing after '@'")
        case .failure(.reason(let reason)): return fail("domain '\(domain)' \(reason)")
        case .success(let host):
            var address = String(local)
            address.append("@")
            address.append(host.unicode)
            return .success(address)
        }
    }

    /// Digits with an optional leading `+`, spaces, dashes, dots and parentheses; 7–15 digits
    /// (E.164's limit). Returns the number as typed (trimmed).
    public static func phone(_ value: String, field: String) -> Result<String, Violation> {
        let text = trimmed(value)
        func fail(_ reason: String) -> Result<String, Violation> {
            .failure(Violation("phone.syntax", "\(field) \(reason)"))
        }
        if isASCII(text.utf8.prefix(5))
            ? hasASCIIPrefixIgnoringCase(text.utf8, "tel:") : text.lowercased().hasPrefix("tel:")
        {
            return fail("starts with 'tel:'; enter only the number (\(text.dropFirst(4)))")
        }
        var digits = 0
        var position = 0
        for scalar in text.unicodeScalars {
            position += 1
            switch scalar {
            case "0"..."9": digits += 1
            case _ where scalar.isASCII && isPhoneSeparator(UInt8(scalar.value)): continue
            case "+" where position == 1: continue
            case "+": return fail("has a '+' that is not at the start")
            default:
                let shown = scalar.properties.isWhitespace || scalar.value < 0x20 ? "U+\(hex(scalar))" : "'\(scalar)'"
                return fail(
                    "contains \(shown) at character \(position); use only digits, spaces, '-', '.', '(' ')' and a leading '+'"
                )
            }
        }
        guard phoneDigits.contains(digits) else {
            return fail("has \(digits) digit\(digits == 1 ? "" : "s"); a phone number has 7–15")
        }
        return .success(text)
    }

    /// A valid number as dialled in a `tel:` link: the leading `+` and the digits (`+15550100199`).
    public static func dialString(_ phone: String) -> String {
        String(phone.unicodeScalars.filter { $0 == "+" || ("0"..."9").contains($0) }.map(Character.init))
    }

    /// How many digits a phone number has (E.164's limit).
    static let phoneDigits = 7...15

    /// The separators a phone number may have between its digits.
    static func isPhoneSeparator(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "("), UInt8(ascii: ")"): true
        default: false
        }
    }

    /// The ASCII characters an address cannot have before its `@`.
    static func isForbiddenBeforeAt(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "\\"),
            UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "\""):
            true
        default: false
        }
    }

    /// A local part starting or ending with `.`, or with two in a row.
    static func hasMisplacedDot<Bytes: BidirectionalCollection<UInt8>>(_ local: Bytes) -> Bool {
        local.first == UInt8(ascii: ".") || local.last == UInt8(ascii: ".")
            || zip(local, local.dropFirst()).contains { $0 == UInt8(ascii: ".") && $1 == UInt8(ascii: ".") }
    }

    // MARK: Proved without a finding (for `check`, see ``ProfileValidator/certainlyCleanFields(_:)``)

    /// Whether ``email(_:field:)`` is certain to accept the present value `bytes`: ASCII
    /// without spaces or controls, one `@`, a local part of at most 64 bytes without forbidden
    /// characters or misplaced dots, and a domain of the common kind. The checks of
    /// ``asciiEmail(_:field:)``, without wording a failure.
    static func certainlyValidEmail(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !hasASCIIPrefixIgnoringCase(bytes, "mailto:") else { return false }
        var at: Int?
        for (offset, byte) in bytes.enumerated() {
            switch byte {
            case 0x00...0x20, 0x7F...0xFF, UInt8(ascii: "<"): return false
            case UInt8(ascii: "@"):
                guard at == nil else { return false }
                at = offset
            default: continue
            }
        }
        guard let at, at > 0, at <= 64 else { return false }
        let local = bytes[..<at]
        guard !local.contains(where: isForbiddenBeforeAt), !hasMisplacedDot(local) else { return false }
        return HostName.commonASCII(UnsafeBufferPointer(rebasing: bytes[(at + 1)...])) != nil
    }

    /// Whether ``phone(_:field:)`` is certain to accept the present value `bytes`: no white
    /// space to trim, only digits, separators and a leading `+`, and 7–15 digits.
    static func certainlyValidPhone(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, let last = bytes.last, !isASCIIWhitespace(first), !isASCIIWhitespace(last)
        else { return false }
        var digits = 0
        for (offset, byte) in bytes.enumerated() {
            if isDigit(byte) {
                digits += 1
            } else if !isPhoneSeparator(byte) && !(byte == UInt8(ascii: "+") && offset == 0) {
                return false
            }
        }
        return phoneDigits.contains(digits)
    }
}
