/// The characters and length a platform allows in a handle (user name, slug).
public struct HandleSyntax: Sendable {
    public var lengths: ClosedRange<Int>
    /// Allowed besides ASCII letters and digits.
    public var extraCharacters: Set<UInt8>
    /// Whether non-ASCII letters (typed or percent-encoded) are allowed (LinkedIn slugs).
    public var allowsNonASCII: Bool
    /// For messages: "1–15 letters, digits or _".
    public var summary: String

    public init(_ lengths: ClosedRange<Int>, extra: String, allowsNonASCII: Bool = false, summary: String) {
        self.lengths = lengths
        self.extraCharacters = Set(extra.utf8)
        self.allowsNonASCII = allowsNonASCII
        self.summary = summary
    }

    /// Whether `handle` (as in the URL path) fits. Dots alone (`.`, `..`, also written `%2e`)
    /// never do: a browser reads `.` and `..` as "this folder" and "the folder above", not as a
    /// profile, and no platform has a user of that name.
    public func accepts(_ handle: Substring) -> Bool {
        let count = allowsNonASCII ? handle.unicodeScalars.count : handle.utf8.count
        guard lengths.contains(count), !Self.isDots(handle) else { return false }
        for byte in handle.utf8 {
            if isLetterOrDigit(byte) || extraCharacters.contains(byte) { continue }
            if allowsNonASCII && (byte >= 0x80 || byte == UInt8(ascii: "%")) { continue }
            return false
        }
        return true
    }

    /// Only dots, each written `.` or percent-encoded as `%2e`/`%2E`.
    static func isDots(_ handle: Substring) -> Bool {
        var bytes = handle.utf8[...]
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
