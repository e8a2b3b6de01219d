import Foundation

/// Runs the `whocard` binary with standard input fed by a generator thread (nothing is kept in
/// memory) and samples the child's peak resident memory (VmHWM) while it runs.
enum ProcessProbe {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        /// Largest VmHWM seen, in bytes.
        var peakMemory: Int
        var bytesWritten: Int
        var seconds: Double
    }

    /// Runs `executable arguments`; `feed` gets a function that writes to the child's stdin
    /// and returns false once the child has stopped reading.
    static func run(
        _ executable: URL, _ arguments: [String], feed: @escaping @Sendable (_ write: ([UInt8]) -> Bool) -> Void
    ) throws -> Result {
        signal(SIGPIPE, SIG_IGN)  // a child that exits early must not kill the test
        let start = Date()
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let input = Pipe(), out = Pipe(), err = Pipe()
        process.standardInput = input
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let pid = process.processIdentifier

        nonisolated(unsafe) var outData = Data(), errData = Data()
        nonisolated(unsafe) var written = 0
        let group = DispatchGroup()
        for (pipe, isOut) in [(out, true), (err, false)] {
            group.enter()
            Thread.detachNewThread {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                if isOut { outData = data } else { errData = data }
                group.leave()
            }
        }
        group.enter()
        let writer = input.fileHandleForWriting
        Thread.detachNewThread {
            feed { bytes in
                do {
                    try writer.write(contentsOf: bytes)
                    written += bytes.count
                    return true
                } catch { return false }
            }
            try? writer.close()
            group.leave()
        }
        var peak = 0
        while process.isRunning {
            peak = max(peak, peakMemory(of: pid))
            usleep(20_000)
        }
        process.waitUntilExit()
        group.wait()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self), peakMemory: peak, bytesWritten: written,
            seconds: Date().timeIntervalSince(start))
    }

    /// VmHWM of `pid` in bytes (0 once it has exited).
    static func peakMemory(of pid: Int32) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kb = Int(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kb * 1024
    }
}
