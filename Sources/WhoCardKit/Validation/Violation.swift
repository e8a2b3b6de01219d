/// A rule one value broke: the rule id (see ``Rule``), its severity, and a message that
/// names the field and says what is wrong. ``ProfileValidator`` turns violations into ``Finding``s.
public struct Violation: Sendable, Equatable, Hashable, Error {
    public var rule: String
    public var severity: Severity
    public var message: String

    public init(_ rule: String, _ severity: Severity, _ message: String) {
        self.rule = rule
        self.severity = severity
        self.message = message
    }

    /// An error.
    public init(_ rule: String, _ message: String) {
        self.init(rule, .error, message)
    }
}

extension Rule {
    /// The catalog hint for a rule id, or an empty string for an id the catalog lacks
    /// (the tests check that every id whocard emits is in the catalog).
    static func hint(for id: String) -> String { named(id)?.hint ?? "" }
}
