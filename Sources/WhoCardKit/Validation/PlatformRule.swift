/// One platform's rules for its profile field, as data (in the style of lychee's quirks
/// table): which hosts it lives on, which host prefixes are dropped, what a profile path
/// looks like, which first path segments are pages of the site rather than profiles,
/// and the canonical form of its links.
///
/// Canonical links are `https://<canonicalHost>/<profile path>`: Twitter/X links use
/// `https://x.com/<handle>`, LinkedIn country subdomains (`uk.linkedin.com`) become
/// `linkedin.com`, and query strings are dropped except Facebook's `profile.php?id=`.
public struct PlatformRule: Sendable {
    public let platform: Platform
    /// Registrable hosts the platform serves profiles on.
    public let hosts: [String]
    /// The host canonical links use.
    public let canonicalHost: String
    /// Host prefixes that are dropped (`www.`, `m.`, …).
    public let droppedPrefixes: [String]
    /// Whether a two-letter country subdomain (`uk.linkedin.com`) is accepted and dropped.
    public let dropsCountrySubdomain: Bool
    /// Profile path shapes, tried in order (`.handle` after the reserved check).
    public let paths: [ProfilePath]
    /// First path segments (lower-case) that are pages of the site, not profiles.
    public let reserved: Set<String>
    /// Rule ids: wrong site; not a profile; a page of the site.
    public let hostRule: String
    public let profileRule: String
    public let reservedRule: String
    /// A profile address for messages.
    public let example: String

    /// The rules of every platform, in ``Platform`` order.
    public static let all: [PlatformRule] = [
        PlatformRule(
            platform: .twitter, hosts: ["twitter.com", "x.com"], canonicalHost: "x.com",
            droppedPrefixes: ["www.", "mobile."], dropsCountrySubdomain: false,
            paths: [.handle(HandleSyntax(1...15, extra: "_", summary: "1–15 letters, digits or _"))],
            reserved: [
                "home", "intent", "share", "search", "i", "explore", "settings", "login", "logout", "signup",
                "notifications", "messages", "hashtag", "compose", "tos", "privacy", "about", "download",
                "account", "lists", "topics", "communities", "bookmarks", "jobs", "oauth", "who_to_follow",
            ],
            hostRule: "twitter.host", profileRule: "twitter.handle", reservedRule: "twitter.reserved",
            example: "https://x.com/yourusername"),
        PlatformRule(
            platform: .facebook, hosts: ["facebook.com", "fb.com"], canonicalHost: "facebook.com",
            droppedPrefixes: ["www.", "m.", "web.", "mbasic."], dropsCountrySubdomain: false,
            paths: [
                .numericQuery(page: "profile.php", parameter: "id"),
                .namedNumeric(prefix: "people"),
                .namedNumeric(prefix: "pages"),
                .handle(HandleSyntax(1...50, extra: ".", summary: "letters, digits or '.'")),
            ],
            reserved: [
                "login", "login.php", "logout.php", "home.php", "profile.php", "groups", "events", "watch",
                "marketplace", "sharer", "sharer.php", "share", "share.php", "dialog", "plugins", "hashtag",
                "search", "photo.php", "photo", "photos", "story.php", "permalink.php", "help", "policies",
                "privacy", "settings", "messages", "notifications", "friends", "bookmarks", "gaming",
                "business", "ads", "recover", "reel", "reels", "stories", "videos", "video.php", "media",
                "fundraisers", "jobs", "places", "saved", "memories", "l.php", "people", "pages",
            ],
            hostRule: "facebook.host", profileRule: "facebook.profile", reservedRule: "facebook.profile",
            example: "https://facebook.com/yourusername"),
        PlatformRule(
            platform: .linkedin, hosts: ["linkedin.com"], canonicalHost: "linkedin.com",
            droppedPrefixes: ["www."], dropsCountrySubdomain: true,
            paths: [
                .prefixed("in", linkedInSlug),
                .prefixed("company", linkedInSlug, warning: (rule: "linkedin.company", page: "a company page")),
            ],
            reserved: [],
            hostRule: "linkedin.host", profileRule: "linkedin.profile", reservedRule: "linkedin.profile",
            example: "https://linkedin.com/in/yourusername"),
        PlatformRule(
            platform: .instagram, hosts: ["instagram.com"], canonicalHost: "instagram.com",
            droppedPrefixes: ["www."], dropsCountrySubdomain: false,
            paths: [.handle(HandleSyntax(1...30, extra: "._", summary: "up to 30 letters, digits, '.' or _"))],
            reserved: [
                "p", "reel", "reels", "tv", "explore", "accounts", "stories", "direct", "about", "legal",
                "developer", "web", "emails", "challenge", "session", "press", "api", "privacy", "terms",
                "directory", "oauth",
            ],
            hostRule: "instagram.host", profileRule: "instagram.handle", reservedRule: "instagram.reserved",
            example: "https://instagram.com/yourusername"),
    ]

    private static let linkedInSlug = HandleSyntax(
        1...100, extra: "-_", allowsNonASCII: true, summary: "letters, digits, - or _")

    /// The rule for `platform`.
    public static func rule(for platform: Platform) -> PlatformRule {
        all.first { $0.platform == platform } ?? all[0]
    }

    /// Whether `host` (lower-case ASCII) is one of this platform's hosts, after dropping a prefix.
    public func accepts(host: String) -> Bool { canonicalForm(host: host) != nil }

    func canonicalForm(host: String) -> String? {
        // Hosts reach here as lower-case ASCII (``HostName/ascii``), so bytes are characters.
        guard isASCII(host) else { return slowCanonicalForm(host: host) }
        return withBytes(host) { bytes in
            func known(_ rest: Slice<UnsafeBufferPointer<UInt8>>) -> String? {
                hosts.first { withBytes($0) { $0.elementsEqual(rest) } }
            }
            if let host = known(bytes[...]) { return host }
            for prefix in droppedPrefixes where withBytes(prefix, { bytes.starts(with: $0) }) {
                if let host = known(bytes[prefix.utf8.count...]) { return host }
            }
            if dropsCountrySubdomain, let dot = bytes.firstIndex(of: UInt8(ascii: ".")), dot == 2,
                bytes[..<dot].allSatisfy(isLetter), let host = known(bytes[(dot + 1)...])
            {
                return host
            }
            return nil
        }
    }

    private func slowCanonicalForm(host: String) -> String? {
        if hosts.contains(host) { return host }
        for prefix in droppedPrefixes where host.hasPrefix(prefix) {
            let rest = String(host.dropFirst(prefix.count))
            if hosts.contains(rest) { return rest }
        }
        if dropsCountrySubdomain, let dot = host.firstIndex(of: "."),
            host[..<dot].utf8.count == 2, host[..<dot].utf8.allSatisfy(isLetter)
        {
            let rest = String(host[host.index(after: dot)...])
            if hosts.contains(rest) { return rest }
        }
        return nil
    }

    /// The profile URL for a bare handle typed instead of a URL (`@alice` → `https://x.com/alice`),
    /// when the platform has plain handles and the value is one.
    public func profileURL(forBareHandle value: String) -> String? {
        let handle = value.hasPrefix("@") ? value.dropFirst() : value[...]
        guard value.hasPrefix("@") || !value.contains(".") else { return nil }
        for case .handle(let syntax) in paths where syntax.accepts(handle) {
            return "https://\(canonicalHost)/\(handle)"
        }
        return nil
    }
}
