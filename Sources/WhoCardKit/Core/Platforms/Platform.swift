/// A social network a provider can link a personal profile on, and everything whocard knows
/// about it: its export column, its hosts and profile addresses, its rules and fix hints, how
/// a handle is shown, its icon and how its site answers an anonymous link checker.
///
/// Each platform is one file in `Core/Platforms/` (`Platform.twitter` in `Twitter.swift`);
/// ``allCases`` is the registry the export columns, the validation rules, the rule catalogue,
/// the card icons and the online check's quirks are made from. Two platforms are the same
/// when their ``rawValue`` is.
public struct Platform: Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Stable id, lower-case (`twitter`): the JSON card's `platform`, the CSS class, the vCard type.
    public var rawValue: String { storage.rawValue }
    /// Name shown to customers ("Alice on LinkedIn").
    public var displayName: String { storage.displayName }
    /// The export column of the profile URL (`twitter_url`), and other column names for it.
    public var column: String { storage.column }
    public var columnAliases: [String] { storage.columnAliases }
    /// Where profiles live.
    public var hosts: PlatformHosts { storage.hosts }
    /// Profile path shapes, tried in order.
    public var paths: [ProfilePath] { storage.paths }
    /// First path segments (lower-case) that are pages of the site, not profiles.
    public var reserved: Set<String> { storage.reserved }
    /// How a handle is shown on the card.
    public var handleStyle: HandleStyle { storage.handleStyle }
    /// Whether a bare handle typed instead of a URL (`@alice`) gets the profile URL suggested.
    public var suggestsBareHandles: Bool { storage.suggestsBareHandles }
    /// Rule ids: wrong site; not a profile; a page of the site.
    public var hostRule: String { storage.hostRule }
    public var profileRule: String { storage.profileRule }
    public var reservedRule: String { storage.reservedRule }
    /// This platform's entries in the rule catalogue (``Rule/all``), with their fix hints.
    public var rules: [Rule] { storage.rules }
    /// A profile address for messages.
    public var example: String { storage.example }
    /// The card icon: SVG elements drawn on a 16×16 grid with a 1.5 stroke (not the platform's logo).
    public var icon: String { storage.icon }
    /// How the site answers an anonymous checker.
    public var online: OnlineQuirks { storage.online }

    public init(
        _ rawValue: String, displayName: String, column: String, columnAliases: [String], hosts: PlatformHosts,
        paths: [ProfilePath], reserved: Set<String> = [], handleStyle: HandleStyle = .at,
        suggestsBareHandles: Bool = true, hostRule: String, profileRule: String, reservedRule: String,
        rules: [Rule], example: String, icon: String, online: OnlineQuirks
    ) {
        storage = Storage(
            rawValue: rawValue, displayName: displayName, column: column, columnAliases: columnAliases, hosts: hosts,
            paths: paths, reserved: reserved, handleStyle: handleStyle, suggestsBareHandles: suggestsBareHandles,
            hostRule: hostRule, profileRule: profileRule, reservedRule: reservedRule, rules: rules, example: example,
            icon: icon, online: online)
    }

    /// The platform's description, shared by every copy: a `Platform` is copied with each
    /// field and rule that names it, so a copy costs one reference, not twenty.
    private final class Storage: Sendable {
        let rawValue: String
        let displayName: String
        let column: String
        let columnAliases: [String]
        let hosts: PlatformHosts
        let paths: [ProfilePath]
        let reserved: Set<String>
        let handleStyle: HandleStyle
        let suggestsBareHandles: Bool
        let hostRule: String
        let profileRule: String
        let reservedRule: String
        let rules: [Rule]
        let example: String
        let icon: String
        let online: OnlineQuirks

        init(
            rawValue: String, displayName: String, column: String, columnAliases: [String], hosts: PlatformHosts,
            paths: [ProfilePath], reserved: Set<String>, handleStyle: HandleStyle, suggestsBareHandles: Bool,
            hostRule: String, profileRule: String, reservedRule: String, rules: [Rule], example: String, icon: String,
            online: OnlineQuirks
        ) {
            self.rawValue = rawValue
            self.displayName = displayName
            self.column = column
            self.columnAliases = columnAliases
            self.hosts = hosts
            self.paths = paths
            self.reserved = reserved
            self.handleStyle = handleStyle
            self.suggestsBareHandles = suggestsBareHandles
            self.hostRule = hostRule
            self.profileRule = profileRule
            self.reservedRule = reservedRule
            self.rules = rules
            self.example = example
            self.icon = icon
            self.online = online
        }
    }

    private let storage: Storage

    /// Every platform, in the order cards and reports list them. A new platform is one file
    /// and one entry here.
    public static let allCases: [Platform] = [
        .twitter, .facebook, .linkedin, .instagram, .mastodon, .bluesky, .github, .youtube, .tiktok,
    ]

    /// The platform with id `rawValue`, if whocard knows it.
    public init?(rawValue: String) {
        guard let platform = Self.allCases.first(where: { $0.rawValue == rawValue }) else { return nil }
        self = platform
    }

    public var description: String { rawValue }

    public static func == (a: Platform, b: Platform) -> Bool { a.storage === b.storage || a.rawValue == b.rawValue }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

    public init(from decoder: any Decoder) throws {
        let id = try decoder.singleValueContainer().decode(String.self)
        guard let platform = Platform(rawValue: id) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "unknown platform '\(id)'"))
        }
        self = platform
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// The hosts a platform serves profiles on.
public struct PlatformHosts: Sendable {
    /// Registrable hosts; empty for a federated platform (any host).
    public let hosts: [String]
    /// The host canonical links use; `nil` for a federated platform (the link's own host).
    public let canonical: String?
    /// Host prefixes that are dropped (`www.`, `m.`, …).
    public let droppedPrefixes: [String]
    /// Whether a two-letter country subdomain (`uk.linkedin.com`) is accepted and dropped.
    public let dropsCountrySubdomain: Bool
    /// ``hosts`` and ``droppedPrefixes`` as UTF-8, for matching hosts as bytes.
    let hostBytes: [[UInt8]]
    let droppedPrefixBytes: [[UInt8]]

    init(hosts: [String], canonical: String?, droppedPrefixes: [String], dropsCountrySubdomain: Bool) {
        self.hosts = hosts
        self.canonical = canonical
        self.droppedPrefixes = droppedPrefixes
        self.dropsCountrySubdomain = dropsCountrySubdomain
        hostBytes = hosts.map { Array($0.utf8) }
        droppedPrefixBytes = droppedPrefixes.map { Array($0.utf8) }
    }

    /// Profiles on `hosts`, linked as `https://<canonical>/…`.
    public static func fixed(
        _ hosts: [String], canonical: String, dropping droppedPrefixes: [String] = ["www."],
        countrySubdomains: Bool = false
    ) -> PlatformHosts {
        PlatformHosts(
            hosts: hosts, canonical: canonical, droppedPrefixes: droppedPrefixes,
            dropsCountrySubdomain: countrySubdomains)
    }

    /// A federated platform (Mastodon): profiles on any host that is not another platform's.
    public static let anyHost = PlatformHosts(
        hosts: [], canonical: nil, droppedPrefixes: [], dropsCountrySubdomain: false)

    /// Whether profiles may live on any host.
    public var isFederated: Bool { canonical == nil }
}

/// How a card shows a handle. A handle with a `/` in it (a path such as YouTube's
/// `channel/UC…`) is always shown as it is.
public enum HandleStyle: Sendable {
    /// `@alice`.
    case at
    /// `@alice`, but a numeric id shows the profile address (Facebook's `profile.php?id=`).
    case atUnlessNumeric
    /// The handle after a path prefix: `in/alice` (LinkedIn).
    case prefixed(String)
}
