import Foundation

/// Hands every message to all open Server-Sent Events streams; ``finish()`` ends them all,
/// which is what lets the server shut down while browsers keep their event streams open.
final class ReloadBroadcaster: @unchecked Sendable {
    private let lock = NSLock()
    private var streams: [Int: AsyncStream<String>.Continuation] = [:]
    private var nextID = 0
    private var finished = false

    /// A stream of messages from now on; it ends on ``finish()`` (at once, if already finished).
    func subscribe() -> AsyncStream<String> {
        let (stream, continuation) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingNewest(8))
        let id: Int? = lock.withLock {
            guard !finished else { return nil }
            nextID += 1
            streams[nextID] = continuation
            return nextID
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            guard let self else { return }
            _ = self.lock.withLock { self.streams.removeValue(forKey: id) }
        }
        return stream
    }

    /// Open streams: for tests and diagnostics.
    var subscriberCount: Int { lock.withLock { streams.count } }

    func send(_ message: String) {
        for continuation in lock.withLock({ Array(streams.values) }) { continuation.yield(message) }
    }

    func finish() {
        let all: [AsyncStream<String>.Continuation] = lock.withLock {
            finished = true
            defer { streams = [:] }
            return Array(streams.values)
        }
        for continuation in all { continuation.finish() }
    }
}
