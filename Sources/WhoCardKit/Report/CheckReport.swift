/// Counts that add up: `rows == accepted + rejected`.
public struct CheckSummary: Sendable, Codable, Equatable {
    public var rows: Int
    public var accepted: Int
    public var rejected: Int
    /// Distinct users with an accepted row (equals `accepted`: duplicates are rejected).
    public var users: Int
    /// Link fields filled in across accepted and rejected rows.
    public var links: Int
    public var errors: Int
    public var warnings: Int

    public init(
        rows: Int = 0, accepted: Int = 0, rejected: Int = 0, users: Int = 0, links: Int = 0, errors: Int = 0,
        warnings: Int = 0
    ) {
        self.rows = rows
        self.accepted = accepted
        self.rejected = rejected
        self.users = users
        self.links = links
        self.errors = errors
        self.warnings = warnings
    }
}

/// The outcome of checking one export: the input of every report format.
///
/// Rows are kept as compact bytes (see ``RowLog``), spilled to an unnamed temporary file once
/// they pass a few megabytes, and read back in order through ``rows`` while a report is
/// written: memory does not grow with the number of findings. The summary is counted as rows
/// are appended.
public struct CheckReport: Sendable, Equatable {
    /// The export's path as given (`-` for standard input).
    public var file: String
    /// whocard's version, for reports that name their tool.
    public var toolVersion: String
    /// Findings about the file as a whole (e.g. unknown columns), not about one row.
    public var fileFindings: [Finding]
    /// Whether accepted rows without findings are kept in ``rows``. Reports that list every
    /// user (JUnit) need them; a million-row build does not, and keeps only their count.
    public var keepsCleanRows: Bool
    /// Accepted rows without findings that were counted but not kept.
    public private(set) var omittedCleanRows = 0
    /// Links of the rows counted in ``omittedCleanRows``.
    public private(set) var omittedCleanLinks = 0
    /// Results of the online link check, one per distinct link; `nil` when the check was offline.
    public var links: [LinkResult]? = nil
    /// Whether the online check verified links (`--verify`): the JSON report's `links` entries
    /// then carry `verified_at` and `verified_by`.
    public var linksVerified = false

    private var log: RowLog
    /// Counts of the rows in ``log``.
    private var kept = CheckSummary()

    public init(
        file: String, toolVersion: String = WhoCard.version, fileFindings: [Finding] = [], rows: [RowOutcome] = [],
        keepsCleanRows: Bool = true
    ) {
        self.init(
            file: file, toolVersion: toolVersion, fileFindings: fileFindings, keepsCleanRows: keepsCleanRows,
            log: RowLog())
        for row in rows { append(row) }
    }

    /// A report whose rows go to `log`; tests choose a small memory limit to make it spill.
    init(
        file: String, toolVersion: String = WhoCard.version, fileFindings: [Finding] = [], keepsCleanRows: Bool,
        log: RowLog
    ) {
        self.file = file
        self.toolVersion = toolVersion
        self.fileFindings = fileFindings
        self.keepsCleanRows = keepsCleanRows
        self.log = log
    }

    /// Rows in input order: every row, or (when ``keepsCleanRows`` is off) only the rows that
    /// were rejected or have findings. Read from the log each time it is iterated.
    public var rows: Rows { Rows(log: log) }

    /// Set when the rows could not spill to the temporary folder and are all kept in memory:
    /// nothing is lost, but memory grows with the findings. For a warning on standard error.
    public var memoryWarning: String? {
        log.spillFailure.map {
            "the report's rows are kept in memory, which grows with the findings: \($0) (point TMPDIR at a writable folder with free space)"
        }
    }

    /// Records one row's outcome, in input order.
    public mutating func append(_ row: RowOutcome) {
        if !keepsCleanRows && row.accepted && row.findings.isEmpty {
            omittedCleanRows += 1
            omittedCleanLinks += row.links
            return
        }
        if !isKnownUniquelyReferenced(&log) { log = log.copy() }
        log.append(row)
        kept.rows += 1
        if row.accepted { kept.accepted += 1 } else { kept.rejected += 1 }
        kept.links += row.links
        for finding in row.findings {
            switch finding.severity {
            case .error: kept.errors += 1
            case .warning: kept.warnings += 1
            }
        }
    }

    /// Replaces every row by `transform` of it, in order (e.g. to add findings to some).
    mutating func mapRows(_ transform: (RowOutcome) -> RowOutcome) {
        var mapped = CheckReport(
            file: file, toolVersion: toolVersion, fileFindings: fileFindings, keepsCleanRows: true, log: RowLog())
        for row in rows { mapped.append(transform(row)) }
        log = mapped.log
        kept = mapped.kept
    }

    /// All findings: file-level first, then each row's in input order. Made as it is iterated.
    public var findings: Findings { Findings(fileFindings: fileFindings, rows: rows) }

    /// Whether the export could not be read to its end (`export.incomplete`): some rows are
    /// unaccounted for, so nobody may be taken for gone from it.
    public var isIncomplete: Bool { fileFindings.contains { $0.rule == "export.incomplete" } }

    /// Whether the export has a header and no rows (`export.empty`): an empty export says
    /// nothing about who is gone either.
    public var isEmptyExport: Bool { fileFindings.contains { $0.rule == "export.empty" } }

    public var summary: CheckSummary {
        var s = kept
        s.rows += omittedCleanRows
        s.accepted += omittedCleanRows
        s.links += omittedCleanLinks
        s.users = s.accepted
        for finding in fileFindings {
            switch finding.severity {
            case .error: s.errors += 1
            case .warning: s.warnings += 1
            }
        }
        return s
    }

    public static func == (a: CheckReport, b: CheckReport) -> Bool {
        a.file == b.file && a.toolVersion == b.toolVersion && a.fileFindings == b.fileFindings
            && a.keepsCleanRows == b.keepsCleanRows && a.omittedCleanRows == b.omittedCleanRows
            && a.omittedCleanLinks == b.omittedCleanLinks && a.links == b.links && a.kept == b.kept
            && a.rows.elementsEqual(b.rows)
    }

    /// The kept rows, read back in input order each time they are iterated.
    public struct Rows: Sequence, Sendable {
        fileprivate let log: RowLog
        /// Number of rows.
        public var count: Int { log.count }
        public var isEmpty: Bool { count == 0 }
        public var underestimatedCount: Int { count }
        public func makeIterator() -> Iterator { Iterator(base: log.makeIterator()) }

        public struct Iterator: IteratorProtocol {
            fileprivate var base: RowLog.Iterator
            public mutating func next() -> RowOutcome? { base.next() }
        }
    }

    /// Every finding of a report, file-level first, made as it is iterated.
    public struct Findings: Sequence, Sendable {
        fileprivate let fileFindings: [Finding]
        fileprivate let rows: Rows

        public func makeIterator() -> AnyIterator<Finding> {
            var files = fileFindings.makeIterator()
            var rows = rows.makeIterator()
            var current: IndexingIterator<[Finding]>? = nil
            return AnyIterator {
                if let finding = files.next() { return finding }
                while true {
                    if let finding = current?.next() { return finding }
                    guard let row = rows.next() else { return nil }
                    current = row.findings.makeIterator()
                }
            }
        }
    }
}
