import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
import XCTest

/// A `whocard preview --serve --port 0` process, started as a user would, with the base URL
/// it printed on stderr.
final class ServedPreview: @unchecked Sendable {
    let process = Process()
    let base: URL
    private let output = Output()

    /// Stderr as it arrives.
    private final class Output: @unchecked Sendable {
        private let lock = NSLock()
        private var text = ""
        func append(_ data: Data) { lock.withLock { text += String(decoding: data, as: UTF8.self) } }
        var value: String { lock.withLock { text } }
    }

    /// Starts the server and waits (up to `timeout`) for it to say where it serves.
    init(_ arguments: [String], timeout: TimeInterval = 60) throws {
        process.executableURL = WhoCardBinary.executableURL
        process.arguments = arguments + ["--serve", "--port", "0"]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        let output = self.output
        err.fileHandleForReading.readabilityHandler = { handle in output.append(handle.availableData) }
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        var found: URL?
        while Date() < deadline, process.isRunning {
            if let url = Self.base(in: output.value) {
                found = url
                break
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        guard let found else {
            if process.isRunning { process.terminate() }
            throw NotServing(stderr: output.value)
        }
        base = found
    }

    /// What the server wrote on stderr so far.
    var stderr: String { output.value }

    /// `http://127.0.0.1:PORT` from `whocard preview: gallery http://127.0.0.1:PORT/; …`.
    static func base(in text: String) -> URL? {
        guard let range = text.range(of: "gallery http://") else { return nil }
        let rest = text[range.lowerBound...].dropFirst("gallery ".count)
        guard let end = rest.range(of: "/;") else { return nil }
        return URL(string: String(rest[..<end.lowerBound]))
    }

    /// Sends `signal` and waits for the exit status (nil if still running after `timeout`).
    func stop(_ signal: Int32 = SIGINT, timeout: TimeInterval = 10) -> Int32? {
        kill(process.processIdentifier, signal)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning {
            process.terminate()
            return nil
        }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { process.terminate() }
    }

    /// GET `path`: status, headers (lower-cased names) and body.
    func get(_ path: String) throws -> (status: Int, headers: [String: String], body: String) {
        let url = try XCTUnwrap(URL(string: base.absoluteString + path))
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: (Data?, URLResponse?, (any Error)?)
        URLSession.shared.dataTask(with: URLRequest(url: url, timeoutInterval: 10)) { data, response, error in
            result = (data, response, error)
            done.signal()
        }.resume()
        done.wait()
        if let error = result.2 { throw error }
        let response = try XCTUnwrap(result.1 as? HTTPURLResponse)
        var headers: [String: String] = [:]
        for (name, value) in response.allHeaderFields {
            headers[String(describing: name).lowercased()] = String(describing: value)
        }
        return (response.statusCode, headers, String(decoding: result.0 ?? Data(), as: UTF8.self))
    }
}

struct NotServing: Error, CustomStringConvertible {
    var stderr: String
    var description: String { "whocard preview --serve did not print its URL; stderr:\n\(stderr)" }
}
