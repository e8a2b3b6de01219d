/// Per-platform quirks that turn what a site answers an anonymous checker into a verdict people
/// can trust, as a data table (like lychee's quirks): social sites answer bots with odd
/// statuses, login walls and soft not-found pages instead of the profile.
public struct HostPolicy: Sendable {
    /// One site's quirks.
    public struct Quirk: Sendable {
        /// Name for messages ("LinkedIn").
        public var name: String
        /// Registrable domains; subdomains match too (`linkedin.com` matches `www.linkedin.com`).
        public var domains: [String]
        /// Statuses that mean bot protection on this site, not a missing page.
        public var blockedStatuses: Set<Int>
        /// Path prefixes of this site's login walls, checked on redirect targets.
        public var loginPaths: [String]
        /// Path prefixes of this site's not-found pages, checked on redirect targets.
        public var notFoundPaths: [String]
        /// Texts in the first 64 KiB of a 200 page that mean "this profile does not exist".
        public var notFoundMarkers: [String]

        public init(
            name: String, domains: [String], blockedStatuses: Set<Int> = [], loginPaths: [String] = [],
            notFoundPaths: [String] = [], notFoundMarkers: [String] = []
        ) {
            self.name = name
            self.domains = domains
            self.blockedStatuses = blockedStatuses
            self.loginPaths = loginPaths
            self.notFoundPaths = notFoundPaths
            self.notFoundMarkers = notFoundMarkers
        }

        /// A platform's quirks, on its hosts.
        public init(platform: Platform) {
            let online = platform.online
            self.init(
                name: online.name, domains: platform.hosts.hosts, blockedStatuses: online.blockedStatuses,
                loginPaths: online.loginPaths, notFoundPaths: online.missing.redirectPaths,
                notFoundMarkers: online.missing.bodyMarkers)
        }

        func matches(host: String) -> Bool {
            let host = host.lowercased()
            return domains.contains { host == $0 || host.hasSuffix("." + $0) }
        }
    }

    public var quirks: [Quirk]
    /// Login-wall paths recognised on any site.
    public var loginPaths: [String]
    /// Not-found paths recognised on any site.
    public var notFoundPaths: [String]
    /// Statuses that mean bot protection on any site (LinkedIn's 999 is used by nobody else).
    public var blockedStatuses: Set<Int>

    public init(quirks: [Quirk], loginPaths: [String], notFoundPaths: [String], blockedStatuses: Set<Int>) {
        self.quirks = quirks
        self.loginPaths = loginPaths
        self.notFoundPaths = notFoundPaths
        self.blockedStatuses = blockedStatuses
    }

    /// The built-in table: each platform's ``Platform/online`` quirks on its hosts.
    public static let standard = HostPolicy(
        quirks: Platform.allCases.filter { !$0.hosts.isFederated }.map(Quirk.init(platform:)),
        loginPaths: ["/login", "/signin", "/sign-in", "/accounts/login", "/auth/login", "/users/sign_in"],
        notFoundPaths: ["/404", "/404.html", "/not-found", "/notfound", "/pagenotfound"],
        blockedStatuses: [999]
    )

    /// The quirk of a host, if it has one.
    public func quirk(host: String) -> Quirk? { quirks.first { $0.matches(host: host) } }

    /// The verdict a redirect to (`host`, `path`) gives without fetching it: a login wall or a
    /// not-found page; `nil` to follow it.
    public func redirectVerdict(host: String, path: String) -> (Verdict, String)? {
        let path = path.lowercased()
        let site = quirk(host: host)
        if Self.matches(path, site?.loginPaths ?? []) || Self.matches(path, loginPaths) {
            return (.loginRequired, "redirect to a login page" + (site.map { " of \($0.name)" } ?? ""))
        }
        if Self.matches(path, site?.notFoundPaths ?? []) || Self.matches(path, notFoundPaths) {
            return (.broken, "redirect to a not-found page" + (site.map { " of \($0.name)" } ?? ""))
        }
        return nil
    }

    /// Whether `status` means bot protection for a link on `hosts` (the link's own host and the host fetched).
    public func isBlocked(status: Int, hosts: [String]) -> Bool {
        if blockedStatuses.contains(status) { return true }
        return hosts.contains { quirk(host: $0)?.blockedStatuses.contains(status) == true }
    }

    /// The not-found markers that apply to a link on `hosts`.
    public func notFoundMarkers(hosts: [String]) -> [String] {
        hosts.compactMap { quirk(host: $0) }.flatMap(\.notFoundMarkers)
    }

    private static func matches(_ path: String, _ prefixes: [String]) -> Bool {
        prefixes.contains { prefix in
            path == prefix || path.hasPrefix(prefix + "/") || path.hasPrefix(prefix + "?")
        }
    }
}
