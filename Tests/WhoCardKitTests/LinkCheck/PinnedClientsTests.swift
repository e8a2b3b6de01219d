import AsyncHTTPClient
import XCTest

@testable import WhoCardKit

/// An export may link to a hundred thousand hosts: the pinned clients must not grow with them.
final class PinnedClientsTests: XCTestCase {
    func testIdleClientsAreBoundedAndHeldOnesKept() async throws {
        let clients = PinnedClients(configuration: HTTPClient.Configuration())
        let held = clients.acquire(host: "held.example", address: IPAddress("192.0.2.1"))
        for n in 0..<300 {
            let lease = clients.acquire(host: "host\(n).example", address: IPAddress("192.0.2.\(n % 250 + 2)"))
            clients.release(lease)
        }
        XCTAssertEqual(clients.count, PinnedClients.idleLimit + 1)
        // The held client was not evicted: the same one comes back for its pair.
        let again = clients.acquire(host: "held.example", address: IPAddress("192.0.2.1"))
        XCTAssertTrue(again.client === held.client)
        clients.release(again)
        clients.release(held)
        // A literal host needs no pinning and adds nothing.
        clients.release(clients.acquire(host: "192.0.2.9", address: IPAddress("192.0.2.9")))
        XCTAssertEqual(clients.count, PinnedClients.idleLimit)
        await clients.shutdown()
        XCTAssertEqual(clients.count, 0)
    }
}
