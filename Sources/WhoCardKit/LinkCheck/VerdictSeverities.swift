/// The severity each verdict's finding gets: by default only `broken` is an error, `ok` gets no
/// finding and every other verdict is a warning. `--verdict-severity VERDICT=error|warning|ignore`
/// changes one verdict.
public struct VerdictSeverities: Sendable, Equatable {
    /// Overrides; `nil` means ignore (no finding).
    public var overrides: [Verdict: Severity?] = [:]

    public init() {}

    /// The severity of a finding for `verdict`, or `nil` for no finding.
    public func severity(for verdict: Verdict) -> Severity? {
        if let override = overrides[verdict] { return override }
        return verdict.defaultSeverity
    }

    /// Applies one `VERDICT=error|warning|ignore` setting.
    public mutating func apply(_ setting: String) throws(LinkCheckError) {
        let parts = setting.split(separator: "=", maxSplits: 1).map(String.init)
        let verdicts = Verdict.allCases.map(\.rawValue).joined(separator: ", ")
        guard parts.count == 2, let verdict = Verdict(rawValue: parts[0]) else {
            throw .invalidOption(
                "--verdict-severity: '\(setting)' is not VERDICT=error|warning|ignore with a verdict of \(verdicts)")
        }
        switch parts[1] {
        case "error": overrides[verdict] = .some(.error)
        case "warning": overrides[verdict] = .some(.warning)
        case "ignore": overrides[verdict] = .some(nil)
        default: throw .invalidOption("--verdict-severity: '\(parts[1])' is not error, warning or ignore")
        }
    }
}
