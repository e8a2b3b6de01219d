import Dispatch

/// Runs async work to completion from synchronous code (the CLI's commands are synchronous):
/// the calling thread waits while the work runs on Swift's concurrency threads.
enum BlockingTask {
    static func run<T: Sendable>(_ work: @escaping @Sendable () async -> T) -> T {
        let box = Box<T>()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            box.value = await work()
            done.signal()
        }
        done.wait()
        return box.value!  // set before the signal
    }

    private final class Box<T>: @unchecked Sendable {
        var value: T?  // written once by the task, read after the semaphore
    }
}
