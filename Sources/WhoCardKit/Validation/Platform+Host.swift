extension Platform {
    /// The platforms with hosts of their own (every one but the federated ones).
    static let withFixedHosts = Platform.allCases.filter { !$0.hosts.isFederated }

    /// Whether `host` (lower-case ASCII) is one of this platform's hosts, after dropping a
    /// prefix; a federated platform accepts any host that is not another platform's.
    public func accepts(host: String) -> Bool { canonicalForm(host: host) != nil }

    /// The registrable host `host` stands for (`www.x.com` → `x.com`), or `nil` when it is not
    /// this platform's. A federated platform's host is the host itself.
    func canonicalForm(host: String) -> String? {
        let hosts = self.hosts
        if hosts.isFederated {
            return Platform.withFixedHosts.contains { $0.accepts(host: host) } ? nil : host
        }
        // Hosts reach here as lower-case ASCII (``HostName/ascii``), so bytes are characters.
        guard isASCII(host) else { return slowCanonicalForm(host: host) }
        return withBytes(host) { hosts.knownHostIndex($0).map { hosts.hosts[$0] } }
    }

    /// ``canonicalForm(host:)`` on strings, for hosts that are not ASCII (internal: the tests
    /// hold the byte-level lookup to it).
    func slowCanonicalForm(host: String) -> String? {
        let known = hosts.hosts
        if known.contains(host) { return host }
        for prefix in hosts.droppedPrefixes where host.hasPrefix(prefix) {
            let rest = String(host.dropFirst(prefix.count))
            if known.contains(rest) { return rest }
        }
        if hosts.dropsCountrySubdomain, let dot = host.firstIndex(of: "."),
            host[..<dot].utf8.count == 2, host[..<dot].utf8.allSatisfy(isLetter)
        {
            let rest = String(host[host.index(after: dot)...])
            if known.contains(rest) { return rest }
        }
        return nil
    }

    /// The profile URL for a bare handle typed instead of a URL (`@alice` → `https://x.com/alice`),
    /// when the platform has plain handles and the value is one. A federated platform needs the
    /// instance: `@alice@mastodon.social` → `https://mastodon.social/@alice`.
    public func profileURL(forBareHandle value: String) -> String? {
        guard suggestsBareHandles else { return nil }
        var handle = value.hasPrefix("@") ? value.dropFirst() : value[...]
        let host: String
        if let canonical = hosts.canonical {
            guard value.hasPrefix("@") || !value.contains(".") else { return nil }
            host = canonical
        } else {
            guard value.hasPrefix("@"), let at = handle.firstIndex(of: "@") else { return nil }
            let instance = handle[handle.index(after: at)...].lowercased()
            guard case .success(let name) = HostName.parse(instance[...]), accepts(host: name.ascii) else { return nil }
            host = name.ascii
            handle = handle[..<at]
        }
        for path in paths {
            switch path {
            case .handle(let syntax) where syntax.accepts(handle):
                return "https://\(host)/\(handle)"
            case .atHandle(let syntax) where syntax.accepts(handle):
                return "https://\(host)/@\(handle)"
            case .prefixed(let prefix, let syntax, _, false) where syntax.accepts(handle):
                return "https://\(host)/\(prefix)/\(handle)"
            default:
                continue
            }
        }
        return nil
    }
}

extension PlatformHosts {
    /// The hosts of the platforms with hosts of their own, which a federated platform's are not.
    private static let fixed = Platform.withFixedHosts.map(\.hosts)

    /// Whether the lower-case ASCII host `bytes` is one of these hosts, after dropping a
    /// prefix; when federated, whether it is no fixed platform's host.
    func accepts(asciiHost bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if isFederated { return !Self.fixed.contains { $0.knownHostIndex(bytes) != nil } }
        return knownHostIndex(bytes) != nil
    }

    /// Which of ``hosts`` the lower-case ASCII host `bytes` stands for (`www.x.com` → `x.com`).
    func knownHostIndex(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        /// The host `bytes[start...]` is.
        func lookup(_ start: Int) -> Int? {
            let rest = UnsafeBufferPointer(rebasing: bytes[start...])
            return hostBytes.firstIndex { $0.withUnsafeBufferPointer { sameBytes(rest, $0) } }
        }
        if let host = lookup(0) { return host }
        for prefix in droppedPrefixBytes where prefix.withUnsafeBufferPointer({ startsWithBytes(bytes, $0) }) {
            if let host = lookup(prefix.count) { return host }
        }
        if dropsCountrySubdomain, bytes.count > 3, bytes[2] == UInt8(ascii: "."), isLetter(bytes[0]),
            isLetter(bytes[1]), let host = lookup(3)
        {
            return host
        }
        return nil
    }
}
