import Dispatch
import Synchronization

/// One result per index, stored from any thread and read once all are in: how work split
/// over `DispatchQueue.concurrentPerform` comes back in input order.
final class IndexedResults<Element: Sendable>: Sendable {
    private let slots: Mutex<[Element?]>

    init(_ count: Int) { slots = Mutex(Array(repeating: nil, count: count)) }

    /// Stores the result of index `index`.
    func store(_ element: Element, at index: Int) { slots.withLock { $0[index] = element } }

    /// Takes every stored result out, in index order; an index never stored is `nil`.
    func take() -> [Element?] {
        slots.withLock { slots in
            let all = slots
            slots = []
            return all
        }
    }
}

extension IndexedResults {
    /// `body(k)` for every `k` below `count`, in index order, run on up to `jobs` threads that
    /// each take every `jobs`-th index.
    static func map(_ count: Int, jobs: Int, _ body: @Sendable (Int) -> Element) -> [Element] {
        let results = IndexedResults(count)
        let threads = max(1, min(jobs, count))
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            for k in stride(from: thread, to: count, by: threads) { results.store(body(k), at: k) }
        }
        return results.take().map { result in
            guard let result else { preconditionFailure("an index was not computed") }
            return result
        }
    }
}
