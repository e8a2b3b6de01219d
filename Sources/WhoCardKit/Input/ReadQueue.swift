/// Items read ahead, handed out in input order.
///
/// Each item is moved out rather than copied: copying a record costs a retain and a release
/// of its text, which a million rows parsed on other threads make a measurable share of the
/// reading thread's time.
struct ReadQueue {
    /// Runs of items in input order, each stored back to front so that its next item is its last.
    private var runs: [[ReadItem]] = []
    private var nextRun = 0
    private var current: [ReadItem] = []

    var isEmpty: Bool { current.isEmpty && nextRun == runs.count }

    /// Queues `run`, whose items are stored back to front.
    mutating func append(backToFront run: [ReadItem]) {
        if run.isEmpty { return }
        if nextRun == runs.count {
            runs.removeAll(keepingCapacity: true)
            nextRun = 0
        }
        runs.append(run)
    }

    /// Queues `run`, in input order.
    mutating func append(_ run: [ReadItem]) { append(backToFront: run.reversed()) }

    /// The next item, in input order.
    mutating func next() -> ReadItem? {
        while current.isEmpty {
            guard nextRun < runs.count else { return nil }
            swap(&current, &runs[nextRun])
            nextRun += 1
        }
        return current.popLast()
    }
}
