import Foundation

/// The outcome of checking one distinct link online.
public struct LinkResult: Sendable, Codable, Equatable {
    /// The URL as the user typed it (first occurrence in the export).
    public var url: String
    /// The normalised URL whocard links to; checks are keyed by it.
    public var normalized: String
    public var verdict: Verdict
    /// The last HTTP status received, when any.
    public var httpStatus: Int?
    /// The last URL reached, after redirects and `--remap`: the one that answered, the login or
    /// not-found page redirected to, or the one refused.
    public var finalURL: String?
    /// Wall time spent on this link, retries and back-off included.
    public var elapsedMs: Int
    /// HTTP requests made (0 when refused or answered from the cache).
    public var attempts: Int
    /// One line saying why, e.g. `HTTP 404`, `redirect to a login page`, `connection refused`.
    public var detail: String
    /// Whether the result came from `--cache` instead of a request in this run.
    public var cached: Bool
    /// With `--verify`: when the page was seen linking back to the card (``LinkVerification``),
    /// and the URL of the page that did; `nil` when it was not.
    public var verifiedAt: Date?
    public var verifiedBy: String?
    /// With `--verify`: the cards (normalised card URLs, sorted) the page was seen linking back
    /// to, directly or through a chain. A link two users share is verified only for the user
    /// whose card it links back to; `nil` when it was not verified.
    public var verifiedFor: [String]?
    /// With `--verify`: the `rel="me"` links of the page, made absolute (not kept in the cache).
    public var relMe: [String] = []

    public init(
        url: String, normalized: String, verdict: Verdict, httpStatus: Int? = nil, finalURL: String? = nil,
        elapsedMs: Int = 0, attempts: Int = 0, detail: String = "", cached: Bool = false
    ) {
        self.url = url
        self.normalized = normalized
        self.verdict = verdict
        self.httpStatus = httpStatus
        self.finalURL = finalURL
        self.elapsedMs = elapsedMs
        self.attempts = attempts
        self.detail = detail
        self.cached = cached
    }

    enum CodingKeys: String, CodingKey {
        case url, normalized, verdict, httpStatus = "http_status", finalURL = "final_url"
        case elapsedMs = "elapsed_ms", attempts, detail, cached
        case verifiedAt = "verified_at", verifiedBy = "verified_by", verifiedFor = "verified_for"
    }
}
