/// How a platform's site answers an anonymous link checker, as data (in the style of lychee's
/// quirks and the WhatsMyName site list): social sites answer bots with odd statuses, login
/// walls and soft not-found pages instead of the profile.
public struct OnlineQuirks: Sendable {
    /// Name for messages ("redirect to a login page of LinkedIn").
    public var name: String
    /// Statuses that mean bot protection on this site, not a missing page.
    public var blockedStatuses: Set<Int>
    /// Path prefixes of this site's login walls, checked on redirect targets.
    public var loginPaths: [String]
    /// What a missing profile looks like on this site.
    public var missing: MissingProfileSignature

    public init(
        name: String, blockedStatuses: Set<Int> = [], loginPaths: [String] = [],
        missing: MissingProfileSignature = MissingProfileSignature()
    ) {
        self.name = name
        self.blockedStatuses = blockedStatuses
        self.loginPaths = loginPaths
        self.missing = missing
    }
}

/// What a platform shows for a profile that does not exist (or was suspended), besides a
/// 404 or 410: the model of WhatsMyName's and maigret's site data (status, body strings and
/// redirect targets that mean "missing").
///
/// The body strings were written from the platforms' public pages; whocard has no way to
/// re-check them against the live sites in its tests (they run on loopback servers), so a
/// platform changing its wording makes a missing profile read `ok` again, never the reverse.
public struct MissingProfileSignature: Sendable {
    /// Statuses that mean "missing" on this site, besides 404 and 410 (which mean it everywhere).
    public var statuses: Set<Int>
    /// Path prefixes of not-found pages, checked on redirect targets (`/404`).
    public var redirectPaths: [String]
    /// Texts in the first 64 KiB of a page answered 200 that mean "this profile does not exist".
    public var bodyMarkers: [String]
    /// Texts in a page answered 200 that mean the site shows a login wall instead of the
    /// profile: the link cannot be verified (`login_required`), not `ok`.
    public var loginMarkers: [String]
    /// Whether the site may redirect a profile address to another address of the same profile
    /// that does not repeat the handle (Facebook's `profile.php?id=` to the vanity name,
    /// YouTube's `/c/…` to the `@handle`): then a redirect that drops the handle proves nothing.
    public var renamesOnRedirect: Bool

    public init(
        statuses: Set<Int> = [], redirectPaths: [String] = [], bodyMarkers: [String] = [], loginMarkers: [String] = [],
        renamesOnRedirect: Bool = false
    ) {
        self.statuses = statuses
        self.redirectPaths = redirectPaths
        self.bodyMarkers = bodyMarkers
        self.loginMarkers = loginMarkers
        self.renamesOnRedirect = renamesOnRedirect
    }
}
