/// A settings field whocard understands, named as in the platform's export.
///
/// Export columns are matched to fields by ``FieldMap`` (case-insensitive, ignoring
/// spaces, `_` and `-`, with aliases). There is one profile field per ``Platform``, made from
/// the platform registry, between the avatar and the contact fields.
public struct Field: RawRepresentable, CaseIterable, Sendable, Codable, Hashable, Comparable, CustomStringConvertible {
    /// Position of the field in ``Field/allCases``; used to index per-record storage. A field
    /// is only this number, so copying one (every value of every row names its field) is free.
    public let index: Int

    /// The column name (`twitter_url`).
    public var rawValue: String { Self.specs[index].name }
    /// Whether the field holds a web link.
    public var isURL: Bool { Self.specs[index].isURL }
    /// The platform whose profile URL the field holds.
    public var platform: Platform? { Self.specs[index].platform }
    /// Other column names for the field (`user_id` for `id`).
    var aliases: [String] { Self.specs[index].aliases }

    private init(index: Int) { self.index = index }

    /// What each field is, by ``index``.
    private struct Spec: Sendable {
        var name: String
        var isURL = false
        var platform: Platform? = nil
        var aliases: [String] = []
    }

    public init?(rawValue: String) {
        guard let field = Self.byName[rawValue] else { return nil }
        self = field
    }

    public static let id = allCases[0]
    public static let name = allCases[1]
    public static let provider = allCases[2]
    public static let avatarURL = allCases[3]
    public static let twitterURL = Platform.twitter.field
    public static let facebookURL = Platform.facebook.field
    public static let linkedinURL = Platform.linkedin.field
    public static let instagramURL = Platform.instagram.field
    public static let mastodonURL = Platform.mastodon.field
    public static let blueskyURL = Platform.bluesky.field
    public static let githubURL = Platform.github.field
    public static let youtubeURL = Platform.youtube.field
    public static let tiktokURL = Platform.tiktok.field
    public static let email = named("email")
    public static let phone = named("phone")
    public static let website = named("website")
    public static let supportURL = named("support_url")
    public static let supportEmail = named("support_email")
    public static let supportPhone = named("support_phone")
    public static let supportHours = named("support_hours")
    public static let bio = named("bio")

    /// Every field, in the order of the export's settings page: identity, avatar, one profile
    /// per platform (in ``Platform/allCases`` order), contact, support, bio.
    public static let allCases: [Field] = specs.indices.map(Field.init(index:))

    private static let specs: [Spec] = {
        var specs: [Spec] = [
            Spec(name: "id", aliases: ["user_id", "uid"]),
            Spec(name: "name", aliases: ["display_name", "full_name"]),
            Spec(name: "provider", aliases: ["provider_name", "vendor", "company"]),
            Spec(name: "avatar_url", isURL: true, aliases: ["photo_url"]),
        ]
        for platform in Platform.allCases {
            specs.append(Spec(name: platform.column, isURL: true, platform: platform, aliases: platform.columnAliases))
        }
        specs += [
            Spec(name: "email", aliases: ["contact_email"]),
            Spec(name: "phone", aliases: ["contact_phone"]),
            Spec(name: "website", isURL: true),
            Spec(name: "support_url", isURL: true),
            Spec(name: "support_email"),
            Spec(name: "support_phone"),
            Spec(name: "support_hours"),
            Spec(name: "bio", aliases: ["about", "description"]),
        ]
        return specs
    }()

    /// The profile fields, in ``Platform/allCases`` order.
    public static let platformFields: [Field] = allCases.filter { $0.platform != nil }

    fileprivate static let byPlatform: [String: Field] = Dictionary(
        uniqueKeysWithValues: platformFields.compactMap { field in field.platform.map { ($0.rawValue, field) } })

    private static let byName: [String: Field] = Dictionary(uniqueKeysWithValues: allCases.map { ($0.rawValue, $0) })

    private static func named(_ name: String) -> Field { byName[name]! }

    public var description: String { rawValue }

    public static func == (a: Field, b: Field) -> Bool { a.index == b.index }
    public func hash(into hasher: inout Hasher) { hasher.combine(index) }
    public static func < (lhs: Field, rhs: Field) -> Bool { lhs.index < rhs.index }

    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let field = Field(rawValue: name) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "unknown field '\(name)'"))
        }
        self = field
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

extension Platform {
    /// The export field that holds this platform's profile URL.
    public var field: Field { Field.byPlatform[rawValue]! }
}
