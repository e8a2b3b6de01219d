/// A link that passed validation: what the user typed, and its normalised form.
public struct ValidLink: Sendable, Codable, Equatable, Hashable {
    /// The value as in the export (trimmed).
    public var original: String
    /// Canonical form: https, lower-case punycode host, no www./m., no tracking parameters,
    /// fragment or trailing slash. This is what cards link to.
    public var normalized: String
    /// The URL for display: host in Unicode (IDN), scheme dropped.
    public var display: String

    public init(original: String, normalized: String, display: String) {
        self.original = original
        self.normalized = normalized
        self.display = display
    }
}

/// A personal social profile that passed its platform's rules.
public struct SocialLink: Sendable, Codable, Equatable, Hashable {
    public var platform: Platform
    public var link: ValidLink
    /// Handle derived from the URL, without `@` (`yourusername`, or a profile.php id).
    public var handle: String

    public init(platform: Platform, link: ValidLink, handle: String) {
        self.platform = platform
        self.link = link
        self.handle = handle
    }
}

/// A support channel: a web page, an e-mail address (`mailto:`) or a phone number (`tel:`).
public enum SupportChannel: Sendable, Codable, Equatable, Hashable {
    case web(ValidLink)
    case email(String)
    case phone(String)
}

/// A row that was accepted: only valid values are kept; fields with an error are `nil`
/// (a link that failed validation is never rendered). `findings` holds every finding of the row.
public struct ValidatedProfile: Sendable, Equatable {
    public var id: String
    public var line: Int
    public var name: String?
    public var provider: String?
    public var avatar: ValidLink?
    /// Valid social profiles, in ``Platform`` order.
    public var social: [SocialLink]
    public var email: String?
    public var phone: String?
    public var website: ValidLink?
    public var support: SupportChannel?
    public var supportEmail: String?
    public var supportPhone: String?
    public var supportHours: String?
    /// CommonMark source, as written by the user.
    public var bio: String?
    public var findings: [Finding]

    public init(
        id: String, line: Int, name: String? = nil, provider: String? = nil, avatar: ValidLink? = nil,
        social: [SocialLink] = [], email: String? = nil, phone: String? = nil, website: ValidLink? = nil,
        support: SupportChannel? = nil, supportEmail: String? = nil, supportPhone: String? = nil,
        supportHours: String? = nil, bio: String? = nil, findings: [Finding] = []
    ) {
        self.id = id
        self.line = line
        self.name = name
        self.provider = provider
        self.avatar = avatar
        self.social = social
        self.email = email
        self.phone = phone
        self.website = website
        self.support = support
        self.supportEmail = supportEmail
        self.supportPhone = supportPhone
        self.supportHours = supportHours
        self.bio = bio
        self.findings = findings
    }
}
