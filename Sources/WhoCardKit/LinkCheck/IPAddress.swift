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
            let prefix96Zero = b[0..<10].allSatisfy { $0 == 0 }
            if prefix96Zero && b[10] == 0xff && b[11] == 0xff {  // ::ffff:a.b.c.d, IPv4-mapped
                return IPAddress.v4(Self.tail32(b)).scope
            }
            if b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b[4..<12].allSatisfy({ $0 == 0 }) {
                return IPAddress.v4(Self.tail32(b)).scope  // 64:ff9b::/96, NAT64 with an embedded IPv4 address
            }
            if b[0..<15].allSatisfy({ $0 == 0 }) {
                return b[15] == 1 ? .loopback : b[15] == 0 ? .unspecified : .reserved  // ::1, ::, ::a.b.c.d
            }
            if b[0] == 0xfe && b[1] & 0xc0 == 0x80 { return .linkLocal }  // fe80::/10
            if b[0] == 0xfe && b[1] & 0xc0 == 0xc0 { return .private }  // fec0::/10, deprecated site-local
            if b[0] & 0xfe == 0xfc { return .uniqueLocal }  // fc00::/7
            if b[0] == 0xff { return .multicast }
            return nil
        }
    }

    private static func tail32(_ b: [UInt8]) -> UInt32 {
        UInt32(b[12]) << 24 | UInt32(b[13]) << 16 | UInt32(b[14]) << 8 | UInt32(b[15])
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
