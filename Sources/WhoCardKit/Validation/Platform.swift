/// A social network a provider can link a personal profile on.
public enum Platform: String, Sendable, Codable, CaseIterable {
    case twitter
    case facebook
    case linkedin
    case instagram

    /// The field that holds this platform's profile URL.
    public var field: Field {
        switch self {
        case .twitter: .twitterURL
        case .facebook: .facebookURL
        case .linkedin: .linkedinURL
        case .instagram: .instagramURL
        }
    }

    /// Name shown to customers ("Alice on LinkedIn").
    public var displayName: String {
        switch self {
        case .twitter: "X (Twitter)"
        case .facebook: "Facebook"
        case .linkedin: "LinkedIn"
        case .instagram: "Instagram"
        }
    }
}
