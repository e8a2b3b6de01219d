/// One step of reading an export.
///
/// Findings are stored indirectly so the common case, a record, stays small to pass around.
public enum ReadItem: Sendable, Equatable {
    /// A row that parsed; ``ProfileRecord/line`` is its 1-based start line.
    case record(ProfileRecord)
    /// A malformed row: it counts as a row, and is rejected with this error finding.
    indirect case rejected(Finding)
    /// A file-level finding (such as unused columns); not a row.
    indirect case notice(Finding)
}
