/// The characters and length a platform allows in a handle (user name, slug).
public struct HandleSyntax: Sendable {
    public var lengths: ClosedRange<Int>
    /// The ASCII characters allowed besides letters and digits, one bit each: a byte is
    /// tested without hashing it.
    private let extraBits: (low: UInt64, high: UInt64)
    /// Whether non-ASCII letters (typed or percent-encoded) are allowed (LinkedIn slugs).
    public var allowsNonASCII: Bool
    /// For messages: "1–15 letters, digits or _".
    public var summary: String

    public init(_ lengths: ClosedRange<Int>, extra: String, allowsNonASCII: Bool = false, summary: String) {
        self.lengths = lengths
        precondition(extra.utf8.allSatisfy { $0 < 0x80 }, "a handle's extra characters are ASCII")
        var bits: (low: UInt64, high: UInt64) = (0, 0)
        for byte in extra.utf8 {
            if byte < 64 { bits.low |= 1 << UInt64(byte) } else { bits.high |= 1 << UInt64(byte - 64) }
        }
        self.extraBits = bits
        self.allowsNonASCII = allowsNonASCII
        self.summary = summary
    }

    /// Whether `handle` (as in the URL path) fits. Dots alone (`.`, `..`, also written `%2e`)
    /// never do: a browser reads `.` and `..` as "this folder" and "the folder above", not as a
    /// profile, and no platform has a user of that name.
    public func accepts(_ handle: Substring) -> Bool {
        if isASCII(handle) { return withBytes(handle, accepts(ascii:)) }
        guard allowsNonASCII, lengths.contains(handle.unicodeScalars.count), !Self.isDots(handle.utf8) else {
            return false
        }
        for byte in handle.utf8 {
            if isLetterOrDigit(byte) || isExtra(byte) || byte >= 0x80 || byte == UInt8(ascii: "%") {
                continue
            }
            return false
        }
        return true
    }

    /// ``accepts(_:)`` for a handle of ASCII `bytes`.
    func accepts(ascii bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard lengths.contains(bytes.count), !Self.isDots(bytes) else { return false }
        for byte in bytes {
            if isLetterOrDigit(byte) || isExtra(byte) { continue }
            if allowsNonASCII && byte == UInt8(ascii: "%") { continue }
            return false
        }
        return true
    }

    @inline(__always)
    private func isExtra(_ byte: UInt8) -> Bool {
        switch byte {
        case 0..<64: extraBits.low & (1 << UInt64(byte)) != 0
        case 64..<128: extraBits.high & (1 << UInt64(byte - 64)) != 0
        default: false
        }
    }

    /// Only dots, each written `.` or percent-encoded as `%2e`/`%2E`.
    static func isDots(_ handle: some Collection<UInt8>) -> Bool {
        var bytes = handle[...]
        guard !bytes.isEmpty else { return false }
        while let first = bytes.first {
            if first == UInt8(ascii: ".") {
                bytes = bytes.dropFirst()
            } else if first == UInt8(ascii: "%"), bytes.count >= 3,
                bytes.dropFirst().first == UInt8(ascii: "2"),
                (bytes.dropFirst(2).first ?? 0) | 0x20 == UInt8(ascii: "e")
            {
                bytes = bytes.dropFirst(3)
            } else {
                return false
            }
        }
        return true
    }
}

/// One shape of profile path a platform accepts.
public enum ProfilePath: Sendable {
    /// `/<handle>` (`x.com/alice`).
    case handle(HandleSyntax)
    /// `/@<handle>` (`tiktok.com/@alice`, `mastodon.social/@alice`).
    case atHandle(HandleSyntax)
    /// `/<prefix>/<handle>` (`linkedin.com/in/alice`). With `warning`, the link is kept but
    /// raises that rule; `page` describes it in the message ("a company page"). With
    /// `keepsPrefix`, the handle is `<prefix>/<handle>` (YouTube's `channel/UC…`).
    case prefixed(String, HandleSyntax, warning: (rule: String, page: String)? = nil, keepsPrefix: Bool = false)
    /// `/<page>?<parameter>=<digits>` (`facebook.com/profile.php?id=100`); the handle is the number.
    case numericQuery(page: String, parameter: String)
    /// `/<prefix>/<name>/<digits>` (`facebook.com/people/Alice-Smith/100`); the handle is the number.
    case namedNumeric(prefix: String)
}
