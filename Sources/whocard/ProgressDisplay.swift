import Foundation
import WhoCardKit

/// Shows build progress on stderr: a redrawn bar on a terminal; elsewhere (or with CI=true)
/// a plain line every 10 seconds, so logs stay readable.
final class ProgressDisplay: @unchecked Sendable {
    private let enabled: Bool
    private let interactive: Bool
    private let lock = NSLock()
    private var lastLine = Date()
    private var drawn = false

    init(enabled: Bool) {
        self.enabled = enabled
        let environment = ProcessInfo.processInfo.environment
        interactive = Console.stderrIsTTY && environment["CI"] != "true" && environment["TERM"] != "dumb"
    }

    var update: (@Sendable (BuildProgress) -> Void)? {
        guard enabled else { return nil }
        return { [self] progress in self.show(progress) }
    }

    private func show(_ progress: BuildProgress) {
        lock.lock()
        defer { lock.unlock() }
        if interactive {
            guard !progress.finished else { return }
            Console.errorRaw("\r\u{1B}[2K" + progress.line(barWidth: 30))
            drawn = true
        } else if Date().timeIntervalSince(lastLine) >= 10, !progress.finished {
            lastLine = Date()
            Console.error("progress: " + progress.line(barWidth: 0))
        }
    }

    /// Removes the bar before the summary line.
    func clear() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { Console.errorRaw("\r\u{1B}[2K") }
        drawn = false
    }
}
