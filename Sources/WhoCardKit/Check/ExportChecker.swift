import Foundation

/// Reads an export row by row and validates each one, so that every row ends accepted or
/// rejected: the offline core of `whocard check` and of the build.
///
/// Reading and duplicate detection are sequential (the first row of an id wins, in input
/// order); validating a ``PendingRow`` is independent of every other row, so a build can do
/// that part on all cores and still produce the report a sequential run would.
public final class ExportChecker {
    /// The export's path as reported in findings.
    public let file: String
    private let reader: ExportReader
    public let validator: ProfileValidator
    /// Every usable id read so far, with its first line: about 20 bytes an id.
    private var firstLines = FirstLineTable()

    public init(reader: ExportReader, file: String, validator: ProfileValidator = ProfileValidator()) {
        self.reader = reader
        self.file = file
        self.validator = validator
    }

    /// Opens the export at `path` (`-` for standard input).
    public convenience init(
        path: String, format: InputFormat? = nil, fieldMap: FieldMap = FieldMap(), limits: ReaderLimits = .default,
        delimiter: CSVDelimiter? = nil, records: String? = nil
    ) throws(InputError) {
        let reader = try ExportReader(
            path: path, format: format, fieldMap: fieldMap, limits: limits, delimiter: delimiter, records: records)
        self.init(reader: reader, file: path)
    }

    /// Bytes of the export read so far, and its size when known: for progress display.
    public var progress: (read: Int, total: Int?) { (reader.bytesRead, reader.totalBytes) }

    /// One item read from the export, duplicates already decided.
    public enum PendingRow: Sendable {
        /// A file-level finding, not a row.
        case notice(Finding)
        /// A row that is rejected before validation (malformed, or a repeated id).
        case rejected(RowOutcome)
        /// A row to validate; `id` is its usable id, when it has one.
        case record(ProfileRecord, id: String?)

        /// The user id the row belongs to, when known: what sharding goes by.
        public var userID: String? {
            switch self {
            case .notice: nil
            case .rejected(let row): row.userID
            case .record(_, let id): id
            }
        }
    }

    /// Reads up to `limit` items; an empty array means the export is done. `jobs`, when given,
    /// sets on how many threads a CSV export's rows are parsed (``ExportReader/parsingJobs``).
    public func nextBatch(limit: Int, jobs: Int? = nil) throws(InputError) -> [PendingRow] {
        if let jobs { reader.parsingJobs = jobs }
        var batch: [PendingRow] = []
        batch.reserveCapacity(limit)
        // The rows with a usable id: where each is in the batch, its line and its key in the id table.
        var ids: [IDEntry] = []
        ids.reserveCapacity(limit)
        var done = false
        while batch.count < limit {
            guard let item = try reader.next() else {
                done = true
                break
            }
            switch consume item {
            case .notice(let finding):
                batch.append(.notice(finding))
            case .rejected(let finding):
                batch.append(
                    .rejected(
                        RowOutcome(line: finding.line, userID: finding.userID, accepted: false, findings: [finding])))
            case .record(let record):
                // Without a usable id, the validator says what is wrong with it.
                guard case .success(let id) = UserIDRule.check(record) else {
                    batch.append(.record(record, id: nil))
                    continue
                }
                ids.append(IDEntry(index: batch.count, line: record.line, key: firstLines.key(of: id)))
                batch.append(.record(record, id: id))
            }
        }
        if !reservedIDs { reserveIDs(after: batch.count) }
        markDuplicates(in: &batch, ids: ids)
        // The export is done: no id is left to compare, and a million-row build has better use
        // for the table's 20 MB (the gallery, the manifest).
        if done { firstLines = FirstLineTable() }
        return batch
    }

    /// Looks up each of `ids` in input order and turns every row whose id an earlier row has
    /// into an `id.duplicate` rejection. The lookups go a block at a time, the block's slots
    /// touched first (``FirstLineTable/touch(_:)``): most would miss the cache one by one.
    private func markDuplicates(in batch: inout [PendingRow], ids: [IDEntry]) {
        let block = 256
        for start in stride(from: 0, to: ids.count, by: block) {
            let entries = ids[start..<min(start + block, ids.count)]
            touched &+= firstLines.touch(entries.lazy.map(\.key))
            for entry in entries {
                // Only a duplicate's row is read back: copying every row out of the batch cost
                // more than the lookups.
                guard let firstLine = firstLines.firstLine(of: entry.key, recordingIfNew: entry.line),
                    case .record(let record, let id?) = batch[entry.index]
                else { continue }
                let duplicate = Finding(
                    severity: .error, rule: "id.duplicate", userID: id, file: file, line: record.line,
                    field: Field.id.rawValue, value: id,
                    message: "id '\(id)' is used again on line \(record.line); line \(firstLine) has it first and wins",
                    hint: Rule.named("id.duplicate")?.hint ?? "")
                batch[entry.index] = .rejected(
                    RowOutcome(
                        line: record.line, userID: id, accepted: false, findings: [duplicate],
                        links: Self.links(record)))
            }
        }
    }

    /// A row of a batch whose id is to be looked up.
    private struct IDEntry {
        var index: Int
        var line: Int
        var key: FirstLineTable.Key
    }

    /// What ``FirstLineTable/touch(_:)`` read, kept so that its reads are not optimised away.
    private var touched: UInt64 = 0

    /// Whether the id table was sized for the export.
    private var reservedIDs = false

    /// Sizes the id table for the rows the export holds, estimated from its size and the
    /// `rows` of its first batch (a million-row export then needs no step-by-step growth).
    /// The bytes read include read-ahead, so the estimate errs low; it is capped at 4 million
    /// ids (about 70 MB), so an export whose first rows are short cannot make it reserve much.
    private func reserveIDs(after rows: Int) {
        reservedIDs = true
        guard rows > 0, let total = reader.totalBytes, reader.bytesRead > 0 else { return }
        let estimate = Double(total) / Double(reader.bytesRead) * Double(rows)
        firstLines.reserve(ids: Int(min(estimate * 1.05, 4_000_000)))
    }

    /// The part of checking that needs no other row: safe to run on any thread.
    public var rowValidator: RowValidator { RowValidator(validator: validator, file: file) }

    /// Validates a pending record, handing an accepted profile to `accepted`, whose findings
    /// (e.g. from rendering) join the row's. Notices give `nil`.
    public func outcome(
        of row: PendingRow, accepted: (ValidatedProfile) throws -> [Finding]
    ) rethrows -> RowOutcome? {
        try rowValidator.outcome(of: row, accepted: accepted)
    }

    /// Checks every row in order, handing each accepted profile to `accepted` as soon as it is
    /// validated; findings `accepted` returns are added to that row.
    public func run(keepsCleanRows: Bool = true, accepted: (ValidatedProfile) throws -> [Finding] = { _ in [] }) throws
        -> CheckReport
    {
        var report = CheckReport(file: file, keepsCleanRows: keepsCleanRows)
        while true {
            let batch = try nextBatch(limit: 1024)
            if batch.isEmpty { break }
            for row in batch {
                if case .notice(let finding) = row {
                    report.fileFindings.append(finding)
                } else if let outcome = try outcome(of: row, accepted: accepted) {
                    report.append(outcome)
                }
            }
        }
        return report
    }

    /// Checks every row, validating on `jobs` threads: reading and duplicate detection stay in
    /// input order on this thread, and outcomes are put back in input order, so the report is
    /// the same whatever `jobs` is. With `collectsLinks`, also returns the accepted rows' links
    /// (for the online check), in input order.
    public func run(keepsCleanRows: Bool = true, jobs: Int, collectsLinks: Bool = false) throws -> (
        report: CheckReport, links: [LinkOccurrence]
    ) {
        var report = CheckReport(file: file, keepsCleanRows: keepsCleanRows)
        var links: [LinkOccurrence] = []
        let rows = rowValidator
        let jobs = max(1, jobs)
        let chunkSize = 512
        /// Validates `batch` on `jobs` threads; the results are read from the returned chunks
        /// once `done` has been waited for.
        func validate(_ batch: [PendingRow], done: DispatchGroup) -> IndexedResults<CheckedPart> {
            let chunks = stride(from: 0, to: batch.count, by: chunkSize).map {
                batch[$0..<min($0 + chunkSize, batch.count)]
            }
            let parts = IndexedResults<CheckedPart>(chunks.count)
            let check: @Sendable (Int) -> Void = { index in
                var part = CheckedPart()
                part.outcomes.reserveCapacity(chunks[index].count)
                // Rows are read in place: a copy of each costs a retain and a release.
                chunks[index].withUnsafeBufferPointer { chunk in
                    for row in chunk.indices {
                        if case .notice(let finding) = chunk[row] {
                            part.notices.append(finding)
                            continue
                        }
                        let outcome =
                            collectsLinks
                            ? rows.outcome(of: chunk[row]) { profile in
                                part.links += profile.linkOccurrences
                                return []
                            } : rows.outcome(of: chunk[row])
                        if let outcome { part.outcomes.append(outcome) }
                    }
                }
                parts.store(part, at: index)
            }
            if jobs == 1 {
                for index in chunks.indices { check(index) }
            } else {
                // Off this thread, so that the next batch is read while this one is validated.
                DispatchQueue.global().async(group: done) {
                    DispatchQueue.concurrentPerform(iterations: chunks.count, execute: check)
                }
            }
            return parts
        }
        /// Puts a validated batch's results into the report, in input order.
        func merge(_ parts: IndexedResults<CheckedPart>) {
            for part in parts.take() {
                guard let part else { preconditionFailure("a chunk of the batch was not checked") }
                report.fileFindings += part.notices
                for outcome in part.outcomes { report.append(outcome) }
                links += part.links
            }
        }
        // Batches are validated while this thread reads the next ones and merges the done ones,
        // so the validating threads have work whenever this one does not need them. Up to
        // `depth` batches are in flight: reading is uneven (rows are parsed ahead in turns of
        // thousands), and one batch would leave the validating threads idle during a turn.
        let depth = 3
        var validating: [(parts: IndexedResults<CheckedPart>, done: DispatchGroup)] = []
        var batch = try nextBatch(limit: chunkSize * jobs * 4, jobs: jobs)
        while !batch.isEmpty {
            let done = DispatchGroup()
            validating.append((validate(batch, done: done), done))
            // Merge the oldest batch when too many are in flight, and any that is done anyway.
            while let oldest = validating.first, validating.count > depth || Self.isDone(oldest.done) {
                oldest.done.wait()
                merge(oldest.parts)
                validating.removeFirst()
            }
            do throws(InputError) { batch = try nextBatch(limit: chunkSize * jobs * 4, jobs: jobs) } catch {
                for flight in validating { flight.done.wait() }
                throw error
            }
        }
        for flight in validating {
            flight.done.wait()
            merge(flight.parts)
        }
        return (report, links)
    }

    /// Whether the work of `group` is done, without waiting for it.
    private static func isDone(_ group: DispatchGroup) -> Bool { group.wait(timeout: .now()) == .success }

    /// Link fields the row filled in.
    static func links(_ record: ProfileRecord) -> Int {
        record.visibleValueCount(at: urlFieldIndices)
    }

    /// ``Field/index`` of each link field.
    private static let urlFieldIndices = Field.allCases.filter(\.isURL).map(\.index)
}
