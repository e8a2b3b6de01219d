/// A settings field whocard understands, named as in the platform's export.
///
/// Export columns are matched to fields by ``FieldMap`` (case-insensitive, ignoring
/// spaces, `_` and `-`, with aliases).
public enum Field: String, CaseIterable, Sendable, Codable, Hashable, Comparable {
    case id
    case name
    case provider
    case avatarURL = "avatar_url"
    case twitterURL = "twitter_url"
    case facebookURL = "facebook_url"
    case linkedinURL = "linkedin_url"
    case instagramURL = "instagram_url"
    case email
    case phone
    case website
    case supportURL = "support_url"
    case supportEmail = "support_email"
    case supportPhone = "support_phone"
    case supportHours = "support_hours"
    case bio

    /// Position of the field in ``Field/allCases``; used to index per-record storage.
    public var index: Int {
        switch self {
        case .id: 0
        case .name: 1
        case .provider: 2
        case .avatarURL: 3
        case .twitterURL: 4
        case .facebookURL: 5
        case .linkedinURL: 6
        case .instagramURL: 7
        case .email: 8
        case .phone: 9
        case .website: 10
        case .supportURL: 11
        case .supportEmail: 12
        case .supportPhone: 13
        case .supportHours: 14
        case .bio: 15
        }
    }

    /// Fields that hold a web link.
    public var isURL: Bool {
        switch self {
        case .avatarURL, .twitterURL, .facebookURL, .linkedinURL, .instagramURL, .website, .supportURL: true
        default: false
        }
    }

    public static func < (lhs: Field, rhs: Field) -> Bool { lhs.index < rhs.index }
}
