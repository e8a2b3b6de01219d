/// Validates one ``ExportChecker/PendingRow`` into its ``RowOutcome``; independent of every
/// other row, so a build runs it on all cores.
public struct RowValidator: Sendable {
    public let validator: ProfileValidator
    public let file: String

    public func outcome(
        of row: ExportChecker.PendingRow, accepted: (ValidatedProfile) throws -> [Finding]
    ) rethrows -> RowOutcome? {
        switch row {
        case .notice: return nil
        case .rejected(let outcome): return outcome
        case .record(let record, _): return try outcome(of: record, skipping: FieldSet(), accepted: accepted)
        }
    }

    /// The outcome of `row` for a caller that needs no profile (`whocard check`): the fields
    /// ``ProfileValidator/certainlyCleanFields(_:)`` proves clean are not validated, and a row
    /// whose every field is proved clean is accepted without validating it. The outcome is the
    /// same either way.
    public func outcome(of row: ExportChecker.PendingRow) -> RowOutcome? {
        guard case .record(let record, let id) = row else { return outcome(of: row) { _ in [] } }
        let clean = validator.certainlyCleanFields(record)
        if clean == .all, let id {
            return RowOutcome(
                line: record.line, userID: id, accepted: true, findings: [], links: ExportChecker.links(record))
        }
        return outcome(of: record, skipping: clean) { _ in [] }
    }

    /// Validates `record` but for the fields in `skipped`; an accepted profile's findings are
    /// joined by what `accepted` returns.
    private func outcome(
        of record: ProfileRecord, skipping skipped: FieldSet, accepted: (ValidatedProfile) throws -> [Finding]
    ) rethrows -> RowOutcome {
        let links = ExportChecker.links(record)
        switch validator.validate(record, file: file, skipping: skipped) {
        case .rejected(let userID, let findings):
            return RowOutcome(line: record.line, userID: userID, accepted: false, findings: findings, links: links)
        case .accepted(let profile):
            let more = try accepted(profile)
            return RowOutcome(
                line: record.line, userID: profile.id, accepted: true, findings: profile.findings + more, links: links)
        }
    }
}
