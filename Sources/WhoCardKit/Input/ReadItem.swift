/// One step of reading an export.
public enum ReadItem: Sendable, Equatable {
    /// A row that parsed; ``ProfileRecord/line`` is its 1-based start line.
    case record(ProfileRecord)
    /// A malformed row: it counts as a row, and is rejected with this error finding.
    case rejected(Finding)
    /// A file-level finding (such as unused columns); not a row.
    case notice(Finding)
}
