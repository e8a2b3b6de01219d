import Dispatch
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Decides whether a host may be fetched: a checker on a CI runner must not become a way into
/// the runner's internal network, so hosts that resolve to a non-public address are refused
/// unless ``allowPrivate`` is set. The decision is made for the first URL and at every redirect.
public struct AddressPolicy: Sendable {
    /// What resolving a host name gave.
    public enum Resolution: Sendable, Equatable {
        case addresses([IPAddress])
        /// The name does not exist (NXDOMAIN): the link is broken.
        case unknownHost
        /// Resolution failed for another reason (no DNS server answered, …).
        case failure(String)
    }

    /// The policy's decision for one host.
    public enum Decision: Sendable, Equatable {
        case allowed
        /// Refused, with the reason (`resolves to 10.0.0.1 (private)`).
        case refused(String)
        case unknownHost
        case resolutionFailed(String)
    }

    /// Fetch hosts that resolve to loopback, private, link-local, … addresses (`--allow-private`).
    public var allowPrivate: Bool
    /// Hosts fetched whatever they resolve to (`--allow-host`), e.g. one intranet site or a test server.
    public var allowedHosts: Set<String>
    /// Resolves a host name; ``systemResolve(_:)`` by default, replaceable in tests.
    public var resolve: @Sendable (String) async -> Resolution

    public init(
        allowPrivate: Bool = false, allowedHosts: Set<String> = [],
        resolve: @escaping @Sendable (String) async -> Resolution = AddressPolicy.systemResolve
    ) {
        self.allowPrivate = allowPrivate
        self.allowedHosts = allowedHosts
        self.resolve = resolve
    }

    /// Resolves `host` (a name or an address literal, IPv6 with or without brackets) and refuses
    /// it when any of its addresses is not public.
    public func decide(host: String) async -> Decision {
        await check(host: host).decision
    }

    /// ``decide(host:)``, with the address to connect to when allowed: the first one resolved,
    /// all of which were judged. Connect to it rather than resolving the name again.
    public func check(host: String) async -> (decision: Decision, address: IPAddress?) {
        var bare = host
        if bare.hasPrefix("[") && bare.hasSuffix("]") { bare = String(bare.dropFirst().dropLast()) }
        let literal = IPAddress(bare)
        let resolution: Resolution = if let literal { .addresses([literal]) } else { await resolve(bare) }
        switch resolution {
        case .unknownHost: return (.unknownHost, nil)
        case .failure(let reason): return (.resolutionFailed(reason), nil)
        case .addresses(let addresses):
            guard let first = addresses.first else { return (.unknownHost, nil) }
            if allowPrivate || allowedHosts.contains(bare.lowercased()) { return (.allowed, first) }
            for address in addresses {
                guard let scope = address.scope else { continue }
                return (
                    .refused(
                        literal != nil
                            ? "\(host) is \(scope == .unspecified ? "an" : "a") \(scope) address"
                            : "\(host) resolves to \(address) (\(scope))"), nil
                )
            }
            return (.allowed, first)
        }
    }

    /// Resolves with the system's `getaddrinfo` on a thread of its own (it blocks).
    public static func systemResolve(_ host: String) async -> Resolution {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: getaddrinfoResolve(host)) }
        }
    }

    static func getaddrinfoResolve(_ host: String) -> Resolution {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
            hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        defer { if let list { freeaddrinfo(list) } }
        guard status == 0 else {
            // -5: glibc's EAI_NODATA, not exported to Swift
            if status == EAI_NONAME || status == -5 { return .unknownHost }
            return .failure(String(cString: gai_strerror(status)))
        }
        var addresses: [IPAddress] = []
        var node = list
        while let entry = node?.pointee {
            if let sockaddr = entry.ai_addr {
                if entry.ai_family == AF_INET {
                    let value = sockaddr.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                        $0.pointee.sin_addr.s_addr
                    }
                    addresses.append(.v4(UInt32(bigEndian: value)))
                } else if entry.ai_family == AF_INET6 {
                    var raw = sockaddr.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
                    addresses.append(.v6(withUnsafeBytes(of: &raw) { Array($0) }))
                }
            }
            node = entry.ai_next
        }
        var seen = Set<IPAddress>()
        return .addresses(addresses.filter { seen.insert($0).inserted })
    }
}
