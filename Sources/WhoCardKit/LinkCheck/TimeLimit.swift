import Foundation

/// Runs work under a time limit without waiting for work that ignores it.
///
/// A task group would wait for its children: a response body that trickles in, or a
/// `getaddrinfo` blocked on a silent DNS server, would hold the caller past the limit. Here the
/// caller gets its answer (or `nil`) when the limit passes; the work is cancelled (the HTTP
/// client then closes the connection) and, if it cannot stop at once, finishes unobserved.
enum TimeLimit {
    /// `operation`'s result, or `nil` when `limit` passes first (or the caller is cancelled).
    static func run<T: Sendable>(_ limit: Duration, _ operation: @escaping @Sendable () async -> T) async -> T? {
        let race = Race<T>()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let work = Task { race.finish(await operation()) }
                let timer = Task {
                    try? await Task.sleep(for: limit)
                    race.finish(nil)
                }
                race.start(continuation, tasks: [work, timer])
            }
        } onCancel: {
            race.finish(nil)
        }
    }

    /// The first of the operation and the timer to finish resumes the caller and cancels both.
    private final class Race<T: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var continuation: CheckedContinuation<T?, Never>?
        private var result: T??
        private var tasks: [Task<Void, Never>] = []

        func start(_ continuation: CheckedContinuation<T?, Never>, tasks: [Task<Void, Never>]) {
            lock.lock()
            if let result {
                lock.unlock()
                continuation.resume(returning: result)
                for task in tasks { task.cancel() }
                return
            }
            self.continuation = continuation
            self.tasks = tasks
            lock.unlock()
        }

        func finish(_ value: T?) {
            lock.lock()
            guard result == nil else {
                lock.unlock()
                return
            }
            result = .some(value)
            let continuation = self.continuation
            let tasks = self.tasks
            self.continuation = nil
            self.tasks = []
            lock.unlock()
            continuation?.resume(returning: value)
            for task in tasks { task.cancel() }
        }
    }
}
