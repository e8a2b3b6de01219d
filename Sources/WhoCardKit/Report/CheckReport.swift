/// What became of one input row: accepted (a card can be built) or rejected, with its findings.
public struct RowOutcome: Sendable, Equatable {
    /// 1-based line where the row starts.
    public var line: Int
    /// The row's user id, when one could be read.
    public var userID: String?
    public var accepted: Bool
    /// Every finding of this row, in field order.
    public var findings: [Finding]
    /// Number of link fields the row filled in.
    public var links: Int

    public init(line: Int, userID: String?, accepted: Bool, findings: [Finding], links: Int = 0) {
        self.line = line
        self.userID = userID
        self.accepted = accepted
        self.findings = findings
        self.links = links
    }
}

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
public struct CheckReport: Sendable, Equatable {
    /// The export's path as given (`-` for standard input).
    public var file: String
    /// whocard's version, for reports that name their tool.
    public var toolVersion: String
    /// Findings about the file as a whole (e.g. unknown columns), not about one row.
    public var fileFindings: [Finding]
    /// Rows in input order: every row, or (when ``keepsCleanRows`` is off) only the rows that
    /// were rejected or have findings.
    public var rows: [RowOutcome]
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

    public init(
        file: String, toolVersion: String = WhoCard.version, fileFindings: [Finding] = [], rows: [RowOutcome] = [],
        keepsCleanRows: Bool = true
    ) {
        self.file = file
        self.toolVersion = toolVersion
        self.fileFindings = fileFindings
        self.rows = rows
        self.keepsCleanRows = keepsCleanRows
    }

    /// Records one row's outcome, in input order.
    public mutating func append(_ row: RowOutcome) {
        if !keepsCleanRows && row.accepted && row.findings.isEmpty {
            omittedCleanRows += 1
            omittedCleanLinks += row.links
        } else {
            rows.append(row)
        }
    }

    /// All findings: file-level first, then each row's in input order.
    public var findings: [Finding] { fileFindings + rows.flatMap(\.findings) }

    /// Whether the export could not be read to its end (`export.incomplete`): some rows are
    /// unaccounted for, so nobody may be taken for gone from it.
    public var isIncomplete: Bool { fileFindings.contains { $0.rule == "export.incomplete" } }

    /// Whether the export has a header and no rows (`export.empty`): an empty export says
    /// nothing about who is gone either.
    public var isEmptyExport: Bool { fileFindings.contains { $0.rule == "export.empty" } }

    public var summary: CheckSummary {
        var s = CheckSummary()
        s.rows = rows.count + omittedCleanRows
        s.accepted = omittedCleanRows
        s.links = omittedCleanLinks
        for row in rows {
            if row.accepted { s.accepted += 1 } else { s.rejected += 1 }
            s.links += row.links
        }
        s.users = s.accepted
        // Counted in place: `findings` would copy them all (100,000 in a million-row export).
        func count(_ findings: [Finding]) {
            for finding in findings {
                switch finding.severity {
                case .error: s.errors += 1
                case .warning: s.warnings += 1
                }
            }
        }
        count(fileFindings)
        for row in rows { count(row.findings) }
        return s
    }
}
