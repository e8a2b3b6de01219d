/// The parts of an absolute `scheme://userinfo@host:port/path?query#fragment` URL, split
/// without interpretation (no decoding, no case folding), so every check sees exactly what
/// the user typed. Foundation's parser is not used: it differs between platforms and
/// silently "repairs" some inputs.
public struct URLParts: Sendable, Equatable {
    /// Scheme as typed, without `:`.
    public var scheme: Substring
    /// Everything before the last `@` of the authority, when there is one.
    public var userInfo: Substring?
    /// Host as typed (for IPv6, including the brackets); may be empty.
    public var host: Substring
    /// Port digits after `:`, as typed (may be empty or not digits: checked later).
    public var port: Substring?
    /// Path as typed, starting with `/` or empty.
    public var path: Substring
    /// Query without `?`.
    public var query: Substring?
    /// Fragment without `#`.
    public var fragment: Substring?

    /// Splits `text`; `nil` when it does not start with `scheme://`.
    public init?(_ text: Substring) {
        // Every delimiter is ASCII, so byte offsets of delimiters are character boundaries.
        guard let offsets = withBytes(text, Self.offsets) else { return nil }
        let utf8 = text.utf8
        func slice(_ range: Range<Int>) -> Substring {
            let lower = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
            return text[lower..<utf8.index(lower, offsetBy: range.count)]
        }
        self.scheme = slice(offsets.scheme)
        self.userInfo = offsets.userInfo.map(slice)
        self.host = slice(offsets.host)
        self.port = offsets.port.map(slice)
        self.path = slice(offsets.path)
        self.query = offsets.query.map(slice)
        self.fragment = offsets.fragment.map(slice)
    }

    /// Byte ranges of the parts.
    struct Offsets {
        var scheme: Range<Int>
        var userInfo: Range<Int>?
        var host: Range<Int>
        var port: Range<Int>?
        var path: Range<Int>
        var query: Range<Int>?
        var fragment: Range<Int>?
    }

    /// Where the parts of the URL in `bytes` are; `nil` when it does not start with `scheme://`.
    static func offsets(_ bytes: UnsafeBufferPointer<UInt8>) -> Offsets? {
        let end = bytes.count
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon != 0 else { return nil }
        guard bytes[..<colon].allSatisfy(isSchemeByte) else { return nil }
        guard colon + 2 < end, bytes[colon + 1] == UInt8(ascii: "/"), bytes[colon + 2] == UInt8(ascii: "/") else {
            return nil
        }
        let authorityStart = colon + 3
        var authorityEnd = authorityStart
        while authorityEnd < end {
            let byte = bytes[authorityEnd]
            if byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") { break }
            authorityEnd += 1
        }
        var hostPortStart = authorityStart
        var userInfo: Range<Int>?
        if let at = bytes[authorityStart..<authorityEnd].lastIndex(of: UInt8(ascii: "@")) {
            userInfo = authorityStart..<at
            hostPortStart = at + 1
        }
        var host = hostPortStart..<authorityEnd
        var port: Range<Int>?
        let hostPort = bytes[hostPortStart..<authorityEnd]
        if hostPort.first == UInt8(ascii: "["), let close = hostPort.firstIndex(of: UInt8(ascii: "]")) {
            host = hostPortStart..<(close + 1)
            if close + 1 < authorityEnd { port = (close + 2)..<authorityEnd }
        } else if let portColon = hostPort.firstIndex(of: UInt8(ascii: ":")) {
            host = hostPortStart..<portColon
            port = (portColon + 1)..<authorityEnd
        }
        var restEnd = end
        var fragment: Range<Int>?
        if let hash = bytes[authorityEnd..<end].firstIndex(of: UInt8(ascii: "#")) {
            fragment = (hash + 1)..<end
            restEnd = hash
        }
        var query: Range<Int>?
        if let question = bytes[authorityEnd..<restEnd].firstIndex(of: UInt8(ascii: "?")) {
            query = (question + 1)..<restEnd
            restEnd = question
        }
        return Offsets(
            scheme: 0..<colon, userInfo: userInfo, host: host, port: port, path: authorityEnd..<restEnd,
            query: query, fragment: fragment)
    }

    private static func isSchemeByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
            true
        default: false
        }
    }
}
