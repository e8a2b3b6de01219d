/// Bounds requests in flight: at most `perHost` to one host and `total` overall, waiters served
/// in arrival order. It also records the most requests it let run at once per host, so a run
/// can show that it kept its promise.
actor ConcurrencyLimiter {
    private let perHost: Int
    private let total: Int
    private var running = 0
    private var runningByHost: [String: Int] = [:]
    private var peakByHost: [String: Int] = [:]
    private var waiting: [(host: String, continuation: CheckedContinuation<Void, Never>)] = []

    init(perHost: Int, total: Int) {
        self.perHost = max(1, perHost)
        self.total = max(1, total)
    }

    /// Runs `body` holding a slot for `host`.
    nonisolated func withSlot<T: Sendable>(host: String, _ body: () async -> T) async -> T {
        await acquire(host)
        let result = await body()
        await release(host)
        return result
    }

    /// The most requests that ran at once, per host.
    var peaks: [String: Int] { peakByHost }

    private func acquire(_ host: String) async {
        if canStart(host) {
            start(host)
            return
        }
        await withCheckedContinuation { waiting.append((host, $0)) }
    }

    private func release(_ host: String) {
        running -= 1
        runningByHost[host, default: 1] -= 1
        var index = 0
        while index < waiting.count && running < total {
            if canStart(waiting[index].host) {
                let waiter = waiting.remove(at: index)
                start(waiter.host)
                waiter.continuation.resume()
            } else {
                index += 1
            }
        }
    }

    private func canStart(_ host: String) -> Bool {
        running < total && runningByHost[host, default: 0] < perHost
    }

    private func start(_ host: String) {
        running += 1
        let now = runningByHost[host, default: 0] + 1
        runningByHost[host] = now
        peakByHost[host] = max(peakByHost[host, default: 0], now)
    }
}
