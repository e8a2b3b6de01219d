/// A user whose row was rejected this time but who had a card from an earlier build: the
/// provider still exists, so their last good card is kept, marked stale in `report.json`
/// (`build.kept_stale`) until their row is fixed.
public struct StaleCard: Sendable, Equatable {
    public var id: String
    /// The line of the rejected row.
    public var line: Int
    /// The rules that rejected it (error findings), in the order found.
    public var rules: [String]
    /// The user's position in the previous manifest.
    var position: Int

    init(id: String, line: Int, rules: [String], position: Int) {
        self.id = id
        self.line = line
        self.rules = rules
        self.position = position
    }

    /// The stale card for a rejected `outcome` of a user at `position` of the previous manifest.
    init(_ outcome: RowOutcome, id: String, position: Int) {
        var rules: [String] = []
        for finding in outcome.findings where finding.severity == .error && !rules.contains(finding.rule) {
            rules.append(finding.rule)
        }
        self.init(id: id, line: outcome.line, rules: rules, position: position)
    }
}
