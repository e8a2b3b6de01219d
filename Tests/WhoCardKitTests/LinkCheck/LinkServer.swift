import Foundation
import XCTest

/// The loopback test server `Fixtures/LinkCheck/linkserver.py`, started for one test case:
/// listens on 127.0.0.1 … 127.0.0.`hosts` on one free port and is killed on `stop()`.
final class LinkServer {
    let port: Int
    private let process: Process

    init(hosts: Int = 3, script: URL = Fixtures.url("LinkCheck/linkserver.py")) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, "--hosts", String(hosts), "--lifetime", "300"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        var line = Data()
        while !line.contains(0x0a) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        else {
            process.terminate()
            throw XCTSkip("the loopback test server did not start (python3 missing?)")
        }
        self.port = port
    }

    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    deinit { stop() }

    /// `http://127.0.0.N:PORT/path`.
    func url(_ path: String, host: Int = 1) -> String { "http://127.0.0.\(host):\(port)\(path)" }

    struct Stats: Decodable {
        var peak: [String: Int]
        var hits: [String: Int]
        var retry_gaps: [String: [Double]]
    }

    /// What the server observed (read with python3's urllib, outside the checker under test).
    func stats() throws -> Stats {
        let fetch = Process()
        fetch.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        fetch.arguments = [
            "python3", "-c",
            "import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1]).read().decode())",
            url("/_stats"),
        ]
        let out = Pipe()
        fetch.standardOutput = out
        try fetch.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        fetch.waitUntilExit()
        return try JSONDecoder().decode(Stats.self, from: data)
    }
}
