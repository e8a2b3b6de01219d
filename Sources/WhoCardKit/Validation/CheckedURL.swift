/// A web URL that passed ``URLValidator``: its checked parts in normalised form, the
/// ``ValidLink`` built from them, and any warnings (such as `url.insecure`).
public struct CheckedURL: Sendable, Equatable {
    /// The value as typed, trimmed.
    public var original: String
    /// `true` for `https://`, `false` for `http://` (the normalised link always uses https).
    public var isSecure: Bool
    public var host: HostName
    /// The port, when it is not the scheme's default.
    public var port: Int?
    /// Path with non-ASCII bytes percent-encoded and trailing slashes dropped (`""` for the root).
    public var path: String
    /// Query without tracking parameters; `nil` when none is left.
    public var query: String?
    /// Warnings the URL raised; the URL is still valid.
    public var warnings: [Violation]
    /// General-purpose normalisation (www. kept); platform rules build their own canonical link.
    public var link: ValidLink

    /// Path segments without empty ones (`/in/alice/` → `["in", "alice"]`).
    public var pathSegments: [Substring] {
        // The path is ASCII (non-ASCII bytes are percent-encoded), so splitting bytes splits characters.
        guard isASCII(path) else { return path.split(separator: "/") }
        let utf8 = path.utf8
        return withBytes(path) { bytes in
            var segments: [Substring] = []
            var start = 0
            for end in 0...bytes.count where end == bytes.count || bytes[end] == UInt8(ascii: "/") {
                if end > start {
                    let lower = utf8.index(utf8.startIndex, offsetBy: start)
                    segments.append(path[lower..<utf8.index(lower, offsetBy: end - start)])
                }
                start = end + 1
            }
            return segments
        }
    }

    /// The value of a query parameter (first occurrence), as typed.
    public func queryValue(_ name: String) -> Substring? {
        guard let query else { return nil }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if parts[0] == name { return parts.count > 1 ? parts[1] : "" }
        }
        return nil
    }
}
