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
/// 404 or 410: the model of WhatsMyName's and maigret's site data.
public struct MissingProfileSignature: Sendable {
    /// Path prefixes of not-found pages, checked on redirect targets (`/404`).
    public var redirectPaths: [String]
    /// Texts in the first 64 KiB of a page answered 200 that mean "this profile does not exist".
    public var bodyMarkers: [String]

    public init(redirectPaths: [String] = [], bodyMarkers: [String] = []) {
        self.redirectPaths = redirectPaths
        self.bodyMarkers = bodyMarkers
    }
}
