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
        let utf8 = text.utf8
        guard let colon = utf8.firstIndex(of: UInt8(ascii: ":")), colon != utf8.startIndex else { return nil }
        let scheme = text[..<colon]
        guard scheme.utf8.allSatisfy(Self.isSchemeByte) else { return nil }
        let afterColon = utf8.index(after: colon)
        guard utf8[afterColon...].starts(with: "//".utf8) else { return nil }
        let authorityStart = utf8.index(afterColon, offsetBy: 2)
        let authorityEnd = utf8[authorityStart...].firstIndex {
            $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#")
        } ?? utf8.endIndex
        var hostPort = text[authorityStart..<authorityEnd]
        var userInfo: Substring?
        if let at = hostPort.utf8.lastIndex(of: UInt8(ascii: "@")) {
            userInfo = hostPort[..<at]
            hostPort = hostPort[hostPort.utf8.index(after: at)...]
        }
        var host = hostPort
        var port: Substring?
        let hostUTF8 = hostPort.utf8
        if hostUTF8.first == UInt8(ascii: "["), let close = hostUTF8.firstIndex(of: UInt8(ascii: "]")) {
            let afterClose = hostUTF8.index(after: close)
            host = hostPort[..<afterClose]
            if afterClose < hostUTF8.endIndex {
                port = hostPort[hostUTF8.index(after: afterClose)...]
            }
        } else if let portColon = hostUTF8.firstIndex(of: UInt8(ascii: ":")) {
            host = hostPort[..<portColon]
            port = hostPort[hostUTF8.index(after: portColon)...]
        }
        var rest = text[authorityEnd...]
        var fragment: Substring?
        if let hash = rest.utf8.firstIndex(of: UInt8(ascii: "#")) {
            fragment = rest[rest.utf8.index(after: hash)...]
            rest = rest[..<hash]
        }
        var query: Substring?
        if let question = rest.utf8.firstIndex(of: UInt8(ascii: "?")) {
            query = rest[rest.utf8.index(after: question)...]
            rest = rest[..<question]
        }
        self.scheme = scheme
        self.userInfo = userInfo
        self.host = host
        self.port = port
        self.path = rest
        self.query = query
        self.fragment = fragment
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
