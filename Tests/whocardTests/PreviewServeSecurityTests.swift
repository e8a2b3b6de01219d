import Foundation
import XCTest

/// `whocard preview --serve` against a DNS-rebinding page and a flood of requests: only the
/// loopback names and the bound address (with the port) get pages, and memory stays flat
/// whatever is requested.
final class PreviewServeSecurityTests: XCTestCase {
    private let csv = WhoCardBinary.repoRoot.appendingPathComponent("examples/providers.csv").path

    /// A rebinding page runs under its own name (`evil.example:PORT`); the browser sends that
    /// name in `Host`, so it is refused before any page (and the export's contact data) is read.
    func testOnlyLoopbackHostHeadersGetPages() throws {
        let server = try ServedPreview(["preview", "u1001", "--input", csv])
        defer { _ = server.stop() }
        let port = try XCTUnwrap(server.base.port)
        for host in ["127.0.0.1:\(port)", "localhost:\(port)", "[::1]:\(port)", "LOCALHOST:\(port)"] {
            let page = try RawHTTP.get(port: port, path: "/cards/u1001", host: host)
            XCTAssertEqual(page.status, 200, host)
            XCTAssertTrue(page.response.contains("Alice Moreau"), host)
        }
        let refused = [
            "evil.example:\(port)", "evil.example", "127.0.0.1.evil.example:\(port)", "localhost.evil.example:\(port)",
            "127.0.0.1:\(port + 1)", "localhost:1", "127.0.0.2:\(port)", "0.0.0.0:\(port)",
            "[::ffff:127.0.0.1]:\(port)",
            "127.0.0.1:\(port)@evil.example", "evil.example#127.0.0.1:\(port)", "", "localhost:\(port).",
            "127.1:\(port)", "2130706433:\(port)",
        ]
        for path in ["/cards/u1001", "/", "/index.html", "/whocard.css", "/_whocard/events", "/cards/nobody"] {
            for host in refused {
                let page = try RawHTTP.get(port: port, path: path, host: host)
                XCTAssertTrue([421, 403, 400].contains(page.status), "\(host) \(path): \(page.status)")
                XCTAssertFalse(page.response.contains("Alice"), "\(host) \(path)")
                XCTAssertFalse(page.response.contains("u1001"), "\(host) \(path)")
            }
        }
        let twice = try RawHTTP.exchange(
            port: port,
            "GET /cards/u1001 HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nHost: evil.example\r\nConnection: close\r\n\r\n")
        XCTAssertFalse(twice.hasPrefix("HTTP/1.1 200"), twice)
        XCTAssertFalse(twice.contains("Alice"), "two Host headers")
        let missing = try RawHTTP.get(port: port, path: "/cards/u1001", host: nil)
        XCTAssertTrue([421, 403, 400].contains(missing.status), "no Host: \(missing.status)")
        XCTAssertFalse(missing.response.contains("Alice"))
    }

    /// 13,000 distinct long paths that are not pages (half of them unknown users) leave the
    /// server's resident memory where it was.
    func testMemoryStaysFlatUnderDistinctMissingPaths() throws {
        let server = try ServedPreview(["preview", "u1001", "--input", csv])
        defer { _ = server.stop() }
        let port = try XCTUnwrap(server.base.port)
        let host = "127.0.0.1:\(port)"
        @Sendable func request(_ path: String) throws -> Int {
            try RawHTTP.get(port: port, path: path, host: host).status
        }
        // Warm up: every real page once, and a few hundred misses.
        XCTAssertEqual(try request("/"), 200)
        XCTAssertEqual(try request("/cards/u1001"), 200)
        for index in 0..<300 { XCTAssertEqual(try request("/warm-\(index)"), 404) }
        let before = try Self.residentBytes(server.process.processIdentifier)
        let padding = String(repeating: "x", count: 2_000)
        // Four clients at once, as a page firing requests would.
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            for index in stride(from: worker, to: 13_000, by: 4) {
                let path =
                    index.isMultiple(of: 2) ? "/missing-\(index)-\(padding)" : "/cards/nobody-\(index)-\(padding)"
                let status = try? request(path)
                if status != 404 { failures.add("\(path.prefix(40))…: \(status.map(String.init) ?? "no answer")") }
            }
        }
        XCTAssertEqual(failures.list, [])
        let after = try Self.residentBytes(server.process.processIdentifier)
        let growth = after - before
        print("preview --serve VmRSS: \(before / 1_000_000) MB before, \(after / 1_000_000) MB after 13,000 misses")
        XCTAssertLessThan(growth, 20_000_000, "grew from \(before) to \(after) bytes")
    }

    private final class Failures: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [String] = []
        func add(_ item: String) { lock.withLock { items.append(item) } }
        var list: [String] { lock.withLock { items } }
    }

    /// VmRSS of `pid`, in bytes.
    static func residentBytes(_ pid: Int32) throws -> Int {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        let line = try XCTUnwrap(status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") })
        let kilobytes = try XCTUnwrap(Int(line.split(separator: " ").dropFirst().first ?? ""))
        return kilobytes * 1024
    }
}
