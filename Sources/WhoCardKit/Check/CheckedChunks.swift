import Synchronization

/// The outcomes of the chunks of one batch, checked on several threads and read back in input
/// order by ``ExportChecker/run(keepsCleanRows:jobs:collectsLinks:)``.
final class CheckedChunks: Sendable {
    /// One chunk's results: its row outcomes, its file-level findings and the links of its
    /// accepted rows, each in input order.
    struct Part: Sendable {
        var outcomes: [RowOutcome] = []
        var notices: [Finding] = []
        var links: [LinkOccurrence] = []
    }

    private let parts: Mutex<[Part]>

    init(_ count: Int) { parts = Mutex(Array(repeating: Part(), count: count)) }

    func store(_ part: Part, at index: Int) { parts.withLock { $0[index] = part } }

    var all: [Part] { parts.withLock { $0 } }
}
