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
///
/// Memory stays bounded however many hosts an export links to: a client is leased for one hop,
/// and beyond ``idleLimit`` clients nobody holds, the least recently used are shut down.
final class PinnedClients: @unchecked Sendable {
    /// A client held for one hop; give it back with ``release(_:)``.
    struct Lease {
        let client: HTTPClient
        fileprivate let key: String?
    }

    private struct Entry {
        var client: HTTPClient
        var holders = 0
        var lastUse: UInt64 = 0
    }

    /// Clients kept for reuse while nobody holds them.
    static let idleLimit = 64

    private let configuration: HTTPClient.Configuration
    private let lock = NSLock()
    private var clients: [String: Entry] = [:]
    private var uses: UInt64 = 0
    /// Shut-downs of evicted clients, awaited by ``shutdown()``.
    private var closing: [Task<Void, Never>] = []
    private let direct: HTTPClient

    init(configuration: HTTPClient.Configuration) {
        self.configuration = configuration
        direct = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Leases the client that connects `host` to `address` (or the plain client for a literal
    /// host or no address).
    func acquire(host: String, address: IPAddress?) -> Lease {
        guard let address, IPAddress(Self.bare(host)) == nil else { return Lease(client: direct, key: nil) }
        let key = host + " " + address.description
        return lock.withLock {
            uses += 1
            if var entry = clients[key] {
                entry.holders += 1
                entry.lastUse = uses
                clients[key] = entry
                return Lease(client: entry.client, key: key)
            }
            var configuration = self.configuration
            configuration.dnsOverride = [host: address.description]
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            clients[key] = Entry(client: client, holders: 1, lastUse: uses)
            return Lease(client: client, key: key)
        }
    }

    /// Gives a leased client back; shuts down the least recently used idle clients beyond the limit.
    func release(_ lease: Lease) {
        guard let key = lease.key else { return }
        lock.withLock {
            clients[key]?.holders -= 1
            let idle = clients.filter { $0.value.holders == 0 }
            guard idle.count > Self.idleLimit else { return }
            for (key, entry) in idle.sorted(by: { $0.value.lastUse < $1.value.lastUse }).prefix(
                idle.count - Self.idleLimit)
            {
                clients[key] = nil
                let client = entry.client
                closing.append(Task { try? await client.shutdown() })
            }
        }
    }

    /// Clients kept right now (for tests: the bound holds).
    var count: Int { lock.withLock { clients.count } }

    /// Closes every client's connections.
    func shutdown() async {
        let (all, pending) = lock.withLock {
            let all = clients.values.map(\.client) + [direct]
            let pending = closing
            clients = [:]
            closing = []
            return (all, pending)
        }
        for task in pending { await task.value }
        for client in all { try? await client.shutdown() }
    }

    private static func bare(_ host: String) -> String {
        host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    }
}
