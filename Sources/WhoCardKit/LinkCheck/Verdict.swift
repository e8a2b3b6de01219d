/// What an online check concluded about one link.
///
/// Only ``broken`` says the link is wrong; the other failures say it could not be verified
/// (bot protection, login walls, rate limits, slow or unreachable hosts), which is why
/// only ``broken`` is an error by default.
public enum Verdict: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// The page answered with success (2xx), after any redirects.
    case ok
    /// The page does not exist: 404/410, an unknown host name, or a redirect to a platform's not-found page.
    case broken
    /// Bot protection answered instead of the page (LinkedIn's 999, a 403): not verified, not broken.
    case blocked
    /// The site sent the anonymous checker to a login wall (or answered 401).
    case loginRequired = "login_required"
    /// The site kept answering 429 after retries that honoured Retry-After.
    case rateLimited = "rate_limited"
    /// No answer within `--timeout` (after retries), or the overall deadline passed.
    case timeout
    /// The connection failed (refused, reset, TLS failure), the site kept failing with 5xx, or redirects looped.
    case unreachable
    /// Not fetched: the host resolves to a loopback, private, link-local or multicast address.
    case refused

    public var description: String { rawValue }

    /// The rule id of the finding a link with this verdict gets (`nil` for ``ok``).
    public var rule: String? {
        switch self {
        case .ok: nil
        case .broken: "link.broken"
        case .blocked: "link.blocked"
        case .loginRequired: "link.login-required"
        case .rateLimited: "link.rate-limited"
        case .timeout: "link.timeout"
        case .unreachable: "link.unreachable"
        case .refused: "link.refused"
        }
    }

    /// Severity of the finding by default: only ``broken`` fails a CI gate.
    public var defaultSeverity: Severity? {
        switch self {
        case .ok: nil
        case .broken: .error
        default: .warning
        }
    }
}
