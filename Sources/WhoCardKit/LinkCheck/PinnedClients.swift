import AsyncHTTPClient
import Foundation

/// HTTP clients that connect to an address already checked, not to what a second DNS lookup
/// answers.
///
/// ``AddressPolicy`` resolves a host and judges its addresses; were the client to resolve the
/// name again to connect, a rebinding DNS server (TTL 0) could answer a public address to the
/// first lookup and 127.0.0.1 to the second. Each (host, address) pair gets a client whose DNS
/// override sends the host to that address, keeping the name for the `Host` header, TLS server
/// name and certificate check. Hosts written as address literals need no override.
final class PinnedClients: @unchecked Sendable {
    private let configuration: HTTPClient.Configuration
    private let lock = NSLock()
    private var clients: [String: HTTPClient] = [:]
    private let direct: HTTPClient

    init(configuration: HTTPClient.Configuration) {
        self.configuration = configuration
        direct = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// The client that connects `host` to `address` (or the plain client for a literal host or
    /// no address).
    func client(host: String, address: IPAddress?) -> HTTPClient {
        guard let address, IPAddress(Self.bare(host)) == nil else { return direct }
        let key = host + " " + address.description
        return lock.withLock {
            if let client = clients[key] { return client }
            var configuration = self.configuration
            configuration.dnsOverride = [host: address.description]
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            clients[key] = client
            return client
        }
    }

    /// Closes every client's connections.
    func shutdown() async {
        let all = lock.withLock {
            let all = Array(clients.values) + [direct]
            clients = [:]
            return all
        }
        for client in all { try? await client.shutdown() }
    }

    private static func bare(_ host: String) -> String {
        host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    }
}
