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
        case .record(let record, _):
            let links = ExportChecker.links(record)
            switch validator.validate(record, file: file) {
            case .rejected(let userID, let findings):
                return RowOutcome(line: record.line, userID: userID, accepted: false, findings: findings, links: links)
            case .accepted(let profile):
                let more = try accepted(profile)
                return RowOutcome(
                    line: record.line, userID: profile.id, accepted: true, findings: profile.findings + more,
                    links: links)
            }
        }
    }
}
