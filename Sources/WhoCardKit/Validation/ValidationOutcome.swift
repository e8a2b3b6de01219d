/// What validating one export row gives: an accepted profile (with its findings), or a
/// rejection when the row has no usable id (with every finding of the row).
public enum ValidationOutcome: Sendable, Equatable {
    case accepted(ValidatedProfile)
    case rejected(userID: String?, findings: [Finding])

    /// The row's findings either way.
    public var findings: [Finding] {
        switch self {
        case .accepted(let profile): profile.findings
        case .rejected(_, let findings): findings
        }
    }

    /// The accepted profile, if any.
    public var profile: ValidatedProfile? {
        if case .accepted(let profile) = self { return profile }
        return nil
    }
}
