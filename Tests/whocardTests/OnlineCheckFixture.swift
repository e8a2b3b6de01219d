import Foundation
import XCTest

/// What `whocard check --online` runs against in these tests: the loopback test server
/// (`Tests/WhoCardKitTests/Fixtures/LinkCheck/linkserver.py`, on 127.0.0.1 … 127.0.0.6), an
/// export whose links look real, and the --remap options that send each link to a route of the
/// server. The server is killed by `stop()` (or when the fixture goes away).
final class OnlineCheckFixture {
    let port: Int
    let directory: URL
    private let server: Process

    init(directory: URL) throws {
        self.directory = directory
        let script = WhoCardBinary.repoRoot.appendingPathComponent(
            "Tests/WhoCardKitTests/Fixtures/LinkCheck/linkserver.py")
        server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = ["python3", script.path, "--hosts", "6", "--lifetime", "300"]
        let out = Pipe()
        server.standardOutput = out
        try server.run()
        var line = Data()
        while !line.contains(0x0a) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        else {
            if server.isRunning { server.terminate() }
            throw XCTSkip("the loopback test server did not start (python3 missing?)")
        }
        self.port = port
    }

    func stop() {
        if server.isRunning { server.terminate() }
        server.waitUntilExit()
    }

    deinit { stop() }

    /// Writes the export (four distinct links, one of them on two rows) and returns its path.
    func export() throws -> String {
        let csv = """
            id,name,linkedin_url,instagram_url,website
            alice,Alice,https://www.linkedin.com/in/alice,https://instagram.com/alice,https://alice.example/
            bob,Bob,,,https://bob.example/missing
            carol,Carol,,,https://alice.example
            """
        let path = directory.appendingPathComponent("export.csv").path
        try (csv + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The verdict of each of the export's links, by normalised link.
    static let verdicts = [
        "https://linkedin.com/in/alice": "blocked",
        "https://instagram.com/alice": "login_required",
        "https://alice.example": "ok",
        "https://bob.example/missing": "broken",
    ]

    var remaps: [String] {
        [
            "--remap", "^https://linkedin\\.com/in/=http://127.0.0.2:\(port)/linkedin/",
            "--remap", "^https://instagram\\.com/alice=http://127.0.0.3:\(port)/login-wall",
            "--remap", "^https://alice\\.example=http://127.0.0.4:\(port)/ok",
            "--remap", "^https://bob\\.example/=http://127.0.0.5:\(port)/status/404?",
        ]
    }

    /// Requests the server answered since it started or since the last `resetHits()`, by path
    /// (read with python3's urllib, outside the checker under test).
    func hits() throws -> [String: Int] {
        struct Stats: Decodable { var hits: [String: Int] }
        return try JSONDecoder().decode(Stats.self, from: fetch("/_stats")).hits
    }

    func resetHits() throws { _ = try fetch("/_reset") }

    private func fetch(_ path: String) throws -> Data {
        let fetch = Process()
        fetch.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        fetch.arguments = [
            "python3", "-c",
            "import sys, urllib.request; sys.stdout.buffer.write(urllib.request.urlopen(sys.argv[1]).read())",
            "http://127.0.0.1:\(port)\(path)",
        ]
        let out = Pipe()
        fetch.standardOutput = out
        try fetch.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        fetch.waitUntilExit()
        return data
    }
}
