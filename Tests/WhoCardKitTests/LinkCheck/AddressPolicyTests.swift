import XCTest
@testable import WhoCardKit

final class AddressPolicyTests: XCTestCase {
    func scope(_ text: String) throws -> AddressScope? {
        try XCTUnwrap(IPAddress(text), text).scope
    }

    func testIPv4Ranges() throws {
        XCTAssertEqual(try scope("127.0.0.1"), .loopback)
        XCTAssertEqual(try scope("127.255.1.2"), .loopback)
        XCTAssertEqual(try scope("10.1.2.3"), .private)
        XCTAssertEqual(try scope("172.16.0.1"), .private)
        XCTAssertEqual(try scope("172.31.255.255"), .private)
        XCTAssertEqual(try scope("192.168.1.1"), .private)
        XCTAssertEqual(try scope("100.64.0.1"), .private)
        XCTAssertEqual(try scope("169.254.169.254"), .linkLocal)
        XCTAssertEqual(try scope("224.0.0.1"), .multicast)
        XCTAssertEqual(try scope("0.0.0.0"), .unspecified)
        XCTAssertEqual(try scope("255.255.255.255"), .reserved)
        XCTAssertNil(try scope("172.32.0.1"))
        XCTAssertNil(try scope("8.8.8.8"))
        XCTAssertNil(try scope("93.184.216.34"))
    }

    func testIPv6RangesIncludingMappedIPv4() throws {
        XCTAssertEqual(try scope("::1"), .loopback)
        XCTAssertEqual(try scope("::"), .unspecified)
        XCTAssertEqual(try scope("fe80::1"), .linkLocal)
        XCTAssertEqual(try scope("fd12:3456::1"), .uniqueLocal)
        XCTAssertEqual(try scope("fc00::1"), .uniqueLocal)
        XCTAssertEqual(try scope("ff02::1"), .multicast)
        XCTAssertEqual(try scope("::ffff:127.0.0.1"), .loopback)
        XCTAssertEqual(try scope("::ffff:169.254.169.254"), .linkLocal)
        XCTAssertEqual(try scope("::ffff:a00:1"), .private)
        XCTAssertEqual(try scope("64:ff9b::10.0.0.1"), .private)
        XCTAssertNil(try scope("::ffff:8.8.8.8"))
        XCTAssertNil(try scope("2001:4860:4860::8888"))
    }

    /// Every IPv6 form that carries an IPv4 address is judged by the address it carries.
    func testIPv6FormsEmbeddingIPv4AreJudgedByTheEmbeddedAddress() throws {
        let embedded: [(String, AddressScope)] = [
            // IPv4-compatible, ::/96 (deprecated)
            ("::127.0.0.1", .loopback), ("::7f00:1", .loopback), ("::10.0.0.1", .private),
            ("::169.254.169.254", .linkLocal), ("::192.168.0.1", .private),
            // IPv4-translated, ::ffff:0:0/96
            ("::ffff:0:7f00:1", .loopback), ("::ffff:0:127.0.0.1", .loopback), ("::ffff:0:a00:1", .private),
            // 6to4, 2002::/16, the IPv4 address in bits 16-47
            ("2002:7f00:1::", .loopback), ("2002:7f00:0001::1", .loopback), ("2002:a00:1::1", .private),
            ("2002:a9fe:a9fe::", .linkLocal), ("2002:c0a8:101:1::1", .private),
            // NAT64 local-use 64:ff9b:1::/48
            ("64:ff9b:1::7f00:1", .loopback), ("64:ff9b:1::a00:1", .private),
            // Teredo, 2001::/32: server in bits 32-63, client (inverted) in the last 32
            ("2001:0:7f00:1::", .loopback), ("2001:0:808:808:0:0:80ff:fffe", .loopback),
            ("2001:0:808:808::f5ff:fffe", .private),
            // ISATAP interface identifiers (::0:5efe:a.b.c.d, ::200:5efe:a.b.c.d)
            ("2001:db8::5efe:127.0.0.1", .loopback), ("2001:db8::200:5efe:10.0.0.1", .private),
        ]
        for (text, expected) in embedded {
            XCTAssertEqual(try scope(text), expected, text)
        }
        // Forms that are never a public address on their own.
        for text in ["::8.8.8.8", "::ffff:0:808:808", "64:ff9b:1::808:808"] {
            XCTAssertNotNil(try scope(text), text)
        }
        // A public IPv4 address inside 6to4 or NAT64 is public.
        XCTAssertNil(try scope("2002:808:808::1"))
        XCTAssertNil(try scope("64:ff9b::8.8.8.8"))
    }

    func testBracketedEmbeddingLiteralsAreRefused() async {
        let policy = AddressPolicy()
        for host in ["[::127.0.0.1]", "[::ffff:0:7f00:1]", "[2002:7f00:1::1]", "[::7f00:1]", "[2002:a00:1::]"] {
            let decision = await policy.decide(host: host)
            guard case .refused = decision else {
                XCTFail("\(host): \(decision)")
                continue
            }
        }
    }

    func testAddressesPrintInTheirUsualForm() {
        XCTAssertEqual(IPAddress("10.0.0.1")?.description, "10.0.0.1")
        XCTAssertEqual(IPAddress("fe80:0:0:0:0:0:0:1")?.description, "fe80::1")
        XCTAssertNil(IPAddress("example.com"))
        XCTAssertNil(IPAddress("1.2.3"))
    }

    func testResolvedNamesAreRefusedWhenAnyAddressIsPrivate() async {
        let policy = AddressPolicy(resolve: { host in
            host == "internal.example"
                ? .addresses([IPAddress("93.184.216.34")!, IPAddress("10.0.0.7")!])
                : .addresses([IPAddress("93.184.216.34")!])
        })
        let inside = await policy.decide(host: "internal.example")
        XCTAssertEqual(inside, .refused("internal.example resolves to 10.0.0.7 (private)"))
        let external = await policy.decide(host: "example.com")
        XCTAssertEqual(external, .allowed)
    }

    func testLiteralsAreJudgedWithoutResolving() async {
        let policy = AddressPolicy(resolve: { _ in .failure("must not be called") })
        let metadata = await policy.decide(host: "169.254.169.254")
        XCTAssertEqual(metadata, .refused("169.254.169.254 is a link-local address"))
        let v6 = await policy.decide(host: "[::ffff:127.0.0.1]")
        XCTAssertEqual(v6, .refused("[::ffff:127.0.0.1] is a loopback address"))
        let unspecified = await policy.decide(host: "0.0.0.0")
        XCTAssertEqual(unspecified, .refused("0.0.0.0 is an unspecified address"))
    }

    func testAllowPrivateAndAllowedHostsLiftTheRefusal() async {
        let open = AddressPolicy(allowPrivate: true)
        let allowed = await open.decide(host: "127.0.0.1")
        XCTAssertEqual(allowed, .allowed)
        let one = AddressPolicy(allowedHosts: ["127.0.0.1"])
        let first = await one.decide(host: "127.0.0.1")
        let second = await one.decide(host: "127.0.0.2")
        XCTAssertEqual(first, .allowed)
        XCTAssertEqual(second, .refused("127.0.0.2 is a loopback address"))
    }

    func testUnknownHostsAndFailuresAreReported() async {
        let policy = AddressPolicy(resolve: {
            $0 == "gone.example" ? .unknownHost : .failure("Temporary failure in name resolution")
        })
        let gone = await policy.decide(host: "gone.example")
        XCTAssertEqual(gone, .unknownHost)
        let failing = await policy.decide(host: "flaky.example")
        XCTAssertEqual(failing, .resolutionFailed("Temporary failure in name resolution"))
    }

    func testSystemResolverResolvesLocalhostToLoopback() async {
        let resolution = await AddressPolicy.systemResolve("localhost")
        guard case .addresses(let addresses) = resolution else { return XCTFail("\(resolution)") }
        XCTAssertTrue(addresses.allSatisfy { $0.scope == .loopback }, "\(addresses)")
    }
}
