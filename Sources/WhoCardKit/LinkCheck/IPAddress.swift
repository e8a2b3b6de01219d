#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An IPv4 or IPv6 address, as resolved for a link's host.
public enum IPAddress: Sendable, Hashable, CustomStringConvertible {
    case v4(UInt32)
    /// The 16 bytes in network order.
    case v6([UInt8])

    /// Parses a numeric address (`127.0.0.1`, `::1`, `::ffff:10.0.0.1`); `nil` for anything else.
    public init?(_ text: String) {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            self = .v4(UInt32(bigEndian: v4.s_addr))
            return
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            self = .v6(withUnsafeBytes(of: &v6) { Array($0) })
            return
        }
        return nil
    }

    public var description: String {
        switch self {
        case .v4(let value):
            return "\(value >> 24).\(value >> 16 & 0xff).\(value >> 8 & 0xff).\(value & 0xff)"
        case .v6(let bytes):
            var raw = in6_addr()
            withUnsafeMutableBytes(of: &raw) { $0.copyBytes(from: bytes.prefix(16)) }
            var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            guard inet_ntop(AF_INET6, &raw, &buffer, socklen_t(buffer.count)) != nil else { return "?" }
            return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    /// The kind of non-public address this is, or `nil` for a public (globally routed) one.
    public var scope: AddressScope? {
        switch self {
        case .v4(let a):
            func inNet(_ net: UInt32, _ bits: UInt32) -> Bool { a >> (32 - bits) == net >> (32 - bits) }
            if inNet(0x7f00_0000, 8) { return .loopback }
            if inNet(0x0000_0000, 8) { return .unspecified }
            if inNet(0x0a00_0000, 8) || inNet(0xac10_0000, 12) || inNet(0xc0a8_0000, 16) || inNet(0x6440_0000, 10) {
                return .private
            }
            if inNet(0xa9fe_0000, 16) { return .linkLocal }
            if inNet(0xe000_0000, 4) { return .multicast }
            if inNet(0xf000_0000, 4) { return .reserved }  // 240/4 and the broadcast address
            return nil
        case .v6(let b):
            guard b.count == 16 else { return .reserved }
            if let embedded = Self.embeddedIPv4(b) { return embedded }
            if b[0] == 0xfe && b[1] & 0xc0 == 0x80 { return .linkLocal }  // fe80::/10
            if b[0] == 0xfe && b[1] & 0xc0 == 0xc0 { return .private }  // fec0::/10, deprecated site-local
            if b[0] & 0xfe == 0xfc { return .uniqueLocal }  // fc00::/7
            if b[0] == 0xff { return .multicast }
            return nil
        }
    }

    /// The scope of an IPv6 address that carries an IPv4 address, judged by what it carries;
    /// `nil` when it carries none or a public one (in a form that reaches it publicly).
    ///
    /// - `::/96` (IPv4-compatible, deprecated): `::` and `::1` as such; any other is the IPv4
    ///   address's scope, or reserved when that is public (nothing routes these).
    /// - `::ffff:0:0/96` (IPv4-mapped) and `::ffff:0:0:0/96` (IPv4-translated): the IPv4 address's
    ///   scope; a translated public address is reserved.
    /// - `64:ff9b::/96` (NAT64): the IPv4 address's; `64:ff9b:1::/48` (local-use NAT64): its, or private.
    /// - `2002::/16` (6to4): the IPv4 address in bits 16–47.
    /// - `2001::/32` (Teredo): the server (bits 32–63) or the client (the last 32 bits, inverted).
    /// - ISATAP interface identifiers (`…:0:5efe:a.b.c.d`, `…:200:5efe:a.b.c.d`): the IPv4 address's.
    private static func embeddedIPv4(_ b: [UInt8]) -> AddressScope?? {
        func v4(_ at: Int) -> AddressScope? {
            IPAddress.v4(UInt32(b[at]) << 24 | UInt32(b[at + 1]) << 16 | UInt32(b[at + 2]) << 8 | UInt32(b[at + 3]))
                .scope
        }
        func zero(_ range: Range<Int>) -> Bool { b[range].allSatisfy { $0 == 0 } }
        if zero(0..<12) {
            if zero(12..<15) && b[15] <= 1 { return b[15] == 1 ? .loopback : .unspecified }  // ::1, ::
            return .some(v4(12) ?? .reserved)
        }
        if zero(0..<10) && b[10] == 0xff && b[11] == 0xff { return .some(v4(12)) }  // ::ffff:a.b.c.d
        if zero(0..<8) && b[8] == 0xff && b[9] == 0xff && zero(10..<12) { return .some(v4(12) ?? .reserved) }
        if b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b {
            if zero(4..<12) { return .some(v4(12)) }  // 64:ff9b::/96
            if b[4] == 0 && b[5] == 1 { return .some(v4(12) ?? .private) }  // 64:ff9b:1::/48
        }
        if b[0] == 0x20 && b[1] == 0x02 { return .some(v4(2)) }  // 6to4
        if b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0 {  // Teredo
            let client = [b[12] ^ 0xff, b[13] ^ 0xff, b[14] ^ 0xff, b[15] ^ 0xff]
            let clientScope = IPAddress.v4(
                UInt32(client[0]) << 24 | UInt32(client[1]) << 16 | UInt32(client[2]) << 8 | UInt32(client[3])
            ).scope
            return .some(v4(4) ?? clientScope)
        }
        if (b[8] == 0 || b[8] == 2) && b[9] == 0 && b[10] == 0x5e && b[11] == 0xfe, let scope = v4(12) {
            return .some(scope)  // ISATAP
        }
        return nil
    }
}

/// Address ranges a link checker on a CI runner must not reach by default.
public enum AddressScope: String, Sendable, CustomStringConvertible {
    case loopback
    case `private`
    /// 169.254.0.0/16 (cloud metadata services live at 169.254.169.254) and fe80::/10.
    case linkLocal = "link-local"
    /// fc00::/7.
    case uniqueLocal = "unique-local"
    case multicast
    /// 0.0.0.0/8 and `::`.
    case unspecified
    /// 240.0.0.0/4, the broadcast address and other addresses nobody should link to.
    case reserved

    public var description: String { rawValue }
}
