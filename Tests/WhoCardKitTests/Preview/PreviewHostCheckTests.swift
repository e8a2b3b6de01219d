import XCTest
@testable import WhoCardKit

final class PreviewHostCheckTests: XCTestCase {
    func testLoopbackNamesAndTheBoundAddressWithThePortAreAllowed() {
        let check = PreviewHostCheck(boundHost: "127.0.0.1")
        XCTAssertFalse(check.allows("127.0.0.1:8080"), "nothing is allowed before the server listens")
        check.port = 8080
        for host in ["127.0.0.1:8080", "localhost:8080", "LocalHost:8080", "[::1]:8080"] {
            XCTAssertTrue(check.allows(host), host)
        }
        for host in [
            nil, "", "evil.example:8080", "evil.example", "127.0.0.1", "localhost", "127.0.0.1:80", "127.0.0.1:08080x",
            "localhost.:8080", "localhost:8080.", "127.0.0.1.nip.io:8080", "[::1]", "[::1]8080", "[::2]:8080",
            "127.0.0.2:8080", "0.0.0.0:8080", "::1:8080", "127.0.0.1:8080:8080", "127.0.0.1: 8080",
            "127.0.0.1:+8080", "user@127.0.0.1:8080",
        ] {
            XCTAssertFalse(check.allows(host), host ?? "nil")
        }
    }

    func testTheBoundAddressItselfIsAllowed() {
        let v6 = PreviewHostCheck(boundHost: "::1")
        v6.port = 9000
        XCTAssertTrue(v6.allows("[::1]:9000"))
        let any = PreviewHostCheck(boundHost: "0.0.0.0")
        any.port = 9000
        XCTAssertTrue(any.allows("0.0.0.0:9000"))
        XCTAssertFalse(any.allows("192.168.1.5:9000"), "only the names listed, not every address it answers on")
        let named = PreviewHostCheck(boundHost: "preview.internal")
        named.port = 80
        XCTAssertTrue(named.allows("preview.internal"))
        XCTAssertTrue(named.allows("preview.internal:80"))
        XCTAssertTrue(named.allows("localhost"))
    }
}
