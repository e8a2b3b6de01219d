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
