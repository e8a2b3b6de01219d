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
