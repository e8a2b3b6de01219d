/// How `whocard check --online` fetches links: limits, politeness and safety.
public struct LinkCheckOptions: Sendable {
    /// Time allowed for one request (`--timeout`, default 10 s).
    public var timeout: Duration = .seconds(10)
    /// Time allowed for the whole run (`--deadline`); links not done by then are `timeout`.
    public var deadline: Duration? = .seconds(600)
    /// Requests in flight to one host (`--per-host`, default 2).
    public var perHost = 2
    /// Requests in flight overall (`--max-concurrency`, default 32).
    public var maxConcurrency = 32
    /// Redirects followed before giving up (default 10).
    public var maxRedirects = 10
    /// Retries after a timeout or a 5xx, with exponential back-off and jitter (`--retries`, default 2).
    public var retries = 2
    /// The first back-off; each retry doubles it, with ±50 % jitter.
    public var retryDelay: Duration = .milliseconds(500)
    /// Retries after a 429 (each waits for Retry-After, or the back-off when it is absent).
    public var rateLimitRetries = 2
    /// The longest Retry-After honoured; a site asking for longer is `rate_limited` at once.
    public var maxRetryAfter: Duration = .seconds(30)
    /// Body bytes read from a GET response (for platforms' soft not-found pages).
    public var maxBodyBytes = 64 * 1024
    /// With `--verify`: every page is fetched with GET and up to ``relMeBodyBytes`` of it read
    /// for its `rel="me"` links (``LinkResult/relMe``).
    public var readsRelMe = false
    public var relMeBodyBytes = 1024 * 1024
    /// Sent with every request.
    public var userAgent = "whocard/\(WhoCard.version) (profile link checker)"
    /// URL rewrites applied before fetching (`--remap`).
    public var remaps: [URLRemap] = []
    public var addressPolicy = AddressPolicy()
    public var hostPolicy = HostPolicy.standard

    public init() {}
}
