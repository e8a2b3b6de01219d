import Foundation

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
        /// Texts in a 200 page that mean a login wall instead of the profile.
        public var loginMarkers: [String]
        /// Statuses that mean "missing" on this site, besides 404 and 410.
        public var missingStatuses: Set<Int>
        /// Whether the site redirects profiles to other addresses of theirs that drop the handle.
        public var renamesOnRedirect: Bool

        public init(
            name: String, domains: [String], blockedStatuses: Set<Int> = [], loginPaths: [String] = [],
            notFoundPaths: [String] = [], notFoundMarkers: [String] = [], loginMarkers: [String] = [],
            missingStatuses: Set<Int> = [], renamesOnRedirect: Bool = false
        ) {
            self.name = name
            self.domains = domains
            self.blockedStatuses = blockedStatuses
            self.loginPaths = loginPaths
            self.notFoundPaths = notFoundPaths
            self.notFoundMarkers = notFoundMarkers
            self.loginMarkers = loginMarkers
            self.missingStatuses = missingStatuses
            self.renamesOnRedirect = renamesOnRedirect
        }

        /// A platform's quirks, on its hosts.
        public init(platform: Platform) {
            let online = platform.online
            self.init(
                name: online.name, domains: platform.hosts.hosts, blockedStatuses: online.blockedStatuses,
                loginPaths: online.loginPaths, notFoundPaths: online.missing.redirectPaths,
                notFoundMarkers: online.missing.bodyMarkers, loginMarkers: online.missing.loginMarkers,
                missingStatuses: online.missing.statuses, renamesOnRedirect: online.missing.renamesOnRedirect)
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
        quirks(hosts: hosts).flatMap(\.notFoundMarkers)
    }

    /// The login-wall markers that apply to a link on `hosts`.
    public func loginMarkers(hosts: [String]) -> [String] {
        quirks(hosts: hosts).flatMap(\.loginMarkers)
    }

    /// The quirks of `hosts`, each once (a link on x.com redirected to twitter.com has one site).
    private func quirks(hosts: [String]) -> [Quirk] {
        var seen = Set<String>()
        return hosts.compactMap { quirk(host: $0) }.filter { seen.insert($0.name).inserted }
    }

    /// Whether `status` means a missing profile for a link on `hosts` (404 and 410 always do).
    public func isMissing(status: Int, hosts: [String]) -> Bool {
        status == 404 || status == 410 || hosts.contains { quirk(host: $0)?.missingStatuses.contains(status) == true }
    }

    /// The generic missing-profile rule, for any site: a redirect from a profile address
    /// (`https://site/@alice`, `/in/alice`; no query) to an address that no longer names its
    /// handle (the last path segment, without `@`, compared case-insensitively and
    /// percent-decoded) means the profile is gone, as when a site sends unknown users to its
    /// home page. `nil` when the redirect keeps the handle, the link has no handle, or the
    /// link's site renames profiles on redirect (``Quirk/renamesOnRedirect``); otherwise the
    /// handle that was lost.
    public func lostHandle(profile: String, redirectTarget: String, linkHost: String) -> String? {
        guard quirk(host: linkHost)?.renamesOnRedirect != true, let handle = Self.handle(ofProfile: profile) else {
            return nil
        }
        let target = (redirectTarget.removingPercentEncoding ?? redirectTarget).lowercased()
        return target.contains(handle) ? nil : handle
    }

    /// The handle of a profile address: its last path segment without `@`, lower-case; `nil`
    /// when the address has a query or no path.
    static func handle(ofProfile address: String) -> String? {
        guard let url = URL(string: address), url.query == nil else { return nil }
        guard var last = url.path.split(separator: "/").last.map(String.init) else { return nil }
        if last.hasPrefix("@") { last.removeFirst() }
        last = (last.removingPercentEncoding ?? last).lowercased()
        return last.isEmpty ? nil : last
    }

    private static func matches(_ path: String, _ prefixes: [String]) -> Bool {
        prefixes.contains { prefix in
            path == prefix || path.hasPrefix(prefix + "/") || path.hasPrefix(prefix + "?")
        }
    }
}
