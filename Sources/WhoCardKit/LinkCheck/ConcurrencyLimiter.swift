/// Bounds requests in flight: at most `perHost` to one host and `total` overall. Waiters queue
/// per host in arrival order, so a host at its limit never holds up the others. It also records
/// the most requests it let run at once per host, so a run can show that it kept its promise.
actor ConcurrencyLimiter {
    private let perHost: Int
    private let total: Int
    private var running = 0
    private var runningByHost: [String: Int] = [:]
    private var peakByHost: [String: Int] = [:]
    /// Waiters per host, first come first served.
    private var queues: [String: [CheckedContinuation<Void, Never>]] = [:]
    /// Hosts with waiters, in the order they started waiting.
    private var hostsWaiting: [String] = []

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
        if queues[host] == nil && running < total && runningByHost[host, default: 0] < perHost {
            start(host)
            return
        }
        await withCheckedContinuation { continuation in
            if queues[host] == nil {
                queues[host] = []
                hostsWaiting.append(host)
            }
            queues[host]!.append(continuation)
        }
    }

    private func release(_ host: String) {
        running -= 1
        runningByHost[host, default: 1] -= 1
        if runningByHost[host] == 0 { runningByHost[host] = nil }
        var index = 0
        while running < total && index < hostsWaiting.count {
            let waitingHost = hostsWaiting[index]
            guard runningByHost[waitingHost, default: 0] < perHost else {
                index += 1
                continue
            }
            let continuation = queues[waitingHost]!.removeFirst()
            if queues[waitingHost]!.isEmpty {
                queues[waitingHost] = nil
                hostsWaiting.remove(at: index)
            }
            start(waitingHost)
            continuation.resume()
        }
    }

    private func start(_ host: String) {
        running += 1
        let now = runningByHost[host, default: 0] + 1
        runningByHost[host] = now
        peakByHost[host] = max(peakByHost[host, default: 0], now)
    }
}
