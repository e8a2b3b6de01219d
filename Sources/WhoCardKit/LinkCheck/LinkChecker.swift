import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Checks links online: HEAD first, GET when HEAD is refused or its answer is doubtful;
/// redirects followed by hand so that ``AddressPolicy`` and ``HostPolicy`` judge every hop;
/// retries with back-off for timeouts and 5xx, Retry-After honoured for 429; at most
/// ``LinkCheckOptions/perHost`` requests per host and ``LinkCheckOptions/maxConcurrency`` overall.
///
/// Bounded in time: ``LinkCheckOptions/timeout`` bounds each address lookup and each request
/// end to end (connection, answer and body), and no lookup, attempt, back-off or Retry-After
/// wait runs past ``LinkCheckOptions/deadline``. A host name is resolved once per hop, by ``AddressPolicy``,
/// and the connection goes to the address it checked (``PinnedClients``): a DNS name that
/// answers differently the second time cannot lead the request elsewhere.
public final class LinkChecker: Sendable {
    /// A link to check: what the user typed and its normalised form (what is fetched).
    public struct Link: Sendable, Hashable {
        public var url: String
        public var normalized: String
        /// A social profile link: a redirect that drops its handle means the profile is gone
        /// (``HostPolicy/lostHandle(profile:redirectTarget:linkHost:)``).
        public var isProfile: Bool

        public init(url: String, normalized: String, isProfile: Bool = false) {
            self.url = url
            self.normalized = normalized
            self.isProfile = isProfile
        }
    }

    public let options: LinkCheckOptions
    private let clients: PinnedClients
    private let limiter: ConcurrencyLimiter

    public init(options: LinkCheckOptions) {
        self.options = options
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(
                connect: .nanoseconds(Self.nanoseconds(options.timeout)),
                read: .nanoseconds(Self.nanoseconds(options.timeout))),
            decompression: .enabled(limit: .size(16 * 1024 * 1024))
        )
        configuration.connectionPool.retryConnectionEstablishment = false  // a refused connection is an answer
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = max(8, options.perHost)
        configuration.httpVersion = .http1Only
        clients = PinnedClients(configuration: configuration)
        limiter = ConcurrencyLimiter(perHost: options.perHost, total: options.maxConcurrency)
    }

    /// Closes the client's connections; call once when done.
    public func shutdown() async {
        await clients.shutdown()
    }

    /// The most requests that ran at once per host (`host:port`) so far.
    public func peakConcurrency() async -> [String: Int] { await limiter.peaks }

    /// Checks each distinct normalised link once, concurrently; results in the order of `links`'
    /// first occurrences.
    public func check(_ links: [Link]) async -> [LinkResult] {
        var seen = Set<String>()
        let distinct = links.filter { seen.insert($0.normalized).inserted }
        let end = options.deadline.map { ContinuousClock.now + $0 }
        var results = [LinkResult?](repeating: nil, count: distinct.count)
        await withTaskGroup(of: (Int, LinkResult).self) { group in
            for (index, link) in distinct.enumerated() {
                group.addTask { (index, await self.check(link, end: end)) }
            }
            for await (index, result) in group { results[index] = result }
        }
        return results.compactMap { $0 }
    }

    /// Checks one link.
    public func check(_ link: Link, end: ContinuousClock.Instant? = nil) async -> LinkResult {
        let start = ContinuousClock.now
        var run = Run(link: link, end: end)
        let (verdict, detail) = await follow(&run)
        let elapsed = ContinuousClock.now - start
        var result = LinkResult(
            url: link.url, normalized: link.normalized, verdict: verdict, httpStatus: run.status,
            finalURL: run.finalURL,
            elapsedMs: Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000),
            attempts: run.attempts, detail: detail)
        if verdict == .ok { result.relMe = run.relMe }
        return result
    }

    /// State of one link's check.
    private struct Run {
        var link: Link
        var end: ContinuousClock.Instant?
        var attempts = 0
        var status: Int?
        var finalURL: String?
        var relMe: [String] = []
    }

    private func follow(_ run: inout Run) async -> (Verdict, String) {
        var current = URLRemap.apply(options.remaps, to: run.link.normalized)
        var visited = Set<String>()
        let linkHost = URL(string: run.link.normalized)?.host ?? ""
        for hop in 0...options.maxRedirects {
            guard let url = URL(string: current), let scheme = url.scheme?.lowercased(), let host = url.host,
                !host.isEmpty
            else {
                return (.unreachable, "cannot fetch '\(current)'")
            }
            guard scheme == "http" || scheme == "https" else {
                return (.unreachable, "redirect to a \(scheme): address")
            }
            guard visited.insert(current).inserted else { return (.unreachable, "redirect loop at \(current)") }
            run.finalURL = current
            if let end = run.end, ContinuousClock.now >= end { return (.timeout, Self.deadlinePassed) }
            // Resolved once, here; the connection goes to the address this judged.
            let lookup = await TimeLimit.run(timeLeft(run)) { await self.options.addressPolicy.check(host: host) }
            guard let (decision, address) = lookup else {
                return (.timeout, "no answer in time from the DNS for \(host)")
            }
            switch decision {
            case .allowed: break
            case .refused(let reason): return (.refused, "not fetched: \(reason)")
            case .unknownHost: return (.broken, "unknown host name \(host)")
            case .resolutionFailed(let reason): return (.unreachable, "cannot resolve \(host): \(reason)")
            }
            let lease = clients.acquire(host: host, address: address)
            let hosts = [linkHost, host]
            let hostKey = host + ":" + String(url.port ?? (scheme == "https" ? 443 : 80))
            let markers = Markers(
                notFound: options.hostPolicy.notFoundMarkers(hosts: hosts),
                login: options.hostPolicy.loginMarkers(hosts: hosts))
            let answer = await request(
                current, client: lease.client, hostKey: hostKey, preferGET: !markers.isEmpty || options.readsRelMe,
                markers: markers,
                run: &run)
            clients.release(lease)
            let response: Response
            switch answer {
            case .failed(let verdict, let detail): return (verdict, detail)
            case .response(let r): response = r
            }
            run.status = response.status
            run.relMe = response.relMe
            if (300...399).contains(response.status), let location = response.location {
                guard hop < options.maxRedirects else {
                    return (.unreachable, "more than \(options.maxRedirects) redirects")
                }
                guard let next = URL(string: location, relativeTo: url)?.absoluteURL else {
                    return (.unreachable, "redirect to an invalid address '\(location)'")
                }
                if let (verdict, detail) = options.hostPolicy.redirectVerdict(host: next.host ?? "", path: next.path) {
                    run.finalURL = next.absoluteString
                    return (verdict, detail)
                }
                if run.link.isProfile,
                    let handle = options.hostPolicy.lostHandle(
                        profile: run.link.normalized, redirectTarget: next.absoluteString, linkHost: linkHost)
                {
                    run.finalURL = next.absoluteString
                    return (.broken, "redirect away from the profile to a page that does not name '\(handle)'")
                }
                current = URLRemap.apply(options.remaps, to: next.absoluteString)
                continue
            }
            return verdict(for: response, hosts: hosts)
        }
        return (.unreachable, "more than \(options.maxRedirects) redirects")
    }

    /// The request timeout, or less when the run's deadline is nearer.
    private func timeLeft(_ run: Run) -> Duration {
        guard let end = run.end else { return options.timeout }
        return max(.zero, min(options.timeout, end - ContinuousClock.now))
    }

    /// Sleeps for `wait` unless that would pass the run's deadline; false then (without sleeping).
    private func pause(_ wait: Duration, _ run: Run) async -> Bool {
        if let end = run.end, ContinuousClock.now + wait >= end { return false }
        try? await Task.sleep(for: wait)
        return true
    }

    private static let deadlinePassed = "the run's deadline passed before the link was checked"

    private func verdict(for response: Response, hosts: [String]) -> (Verdict, String) {
        let s = response.status
        let http = "HTTP \(s)"
        if options.hostPolicy.isBlocked(status: s, hosts: hosts) {
            return (.blocked, http + ": bot protection, not verified")
        }
        if options.hostPolicy.isMissing(status: s, hosts: hosts) {
            return (.broken, http)
        }
        switch s {
        case 200...299:
            if let marker = response.notFoundMarker {
                return (.broken, http + " with a not-found page (\"\(marker)\")")
            }
            if let marker = response.loginMarker {
                return (.loginRequired, http + " with a login wall instead of the profile (\"\(marker)\")")
            }
            return (.ok, http)
        case 300...399: return (.unreachable, http + " redirect without a Location header")
        case 401, 407: return (.loginRequired, http + ": login required")
        case 403: return (.blocked, http + ": access denied to the checker, not verified")
        case 429: return (.rateLimited, http + ": too many requests, still limited after retries")
        case 400...499: return (.broken, http)
        default: return (.unreachable, http + ": server error after retries")
        }
    }

    private struct Response {
        var status: Int
        var location: String?
        var retryAfter: String?
        var notFoundMarker: String?
        var loginMarker: String?
        var relMe: [String] = []
    }

    /// Texts a GET's body is searched for.
    private struct Markers {
        var notFound: [String]
        var login: [String]
        var isEmpty: Bool { notFound.isEmpty && login.isEmpty }
    }

    private enum Answer {
        case response(Response)
        case failed(Verdict, String)
    }

    /// One hop: HEAD (or GET), switching to GET when HEAD is refused or doubtful, retrying
    /// timeouts, 5xx and 429 as the options say.
    private func request(
        _ url: String, client: HTTPClient, hostKey: String, preferGET: Bool, markers: Markers, run: inout Run
    ) async -> Answer {
        var method: HTTPMethod = preferGET ? .GET : .HEAD
        var retries = options.retries
        var rateRetries = options.rateLimitRetries
        var backoff = options.retryDelay
        while true {
            let end = run.end
            let attempt: Result<Response, Failure>? = await limiter.withSlot(host: hostKey) {
                // The deadline is checked once the slot is ours: waiting for it may take a while.
                var timeout = self.options.timeout
                if let end {
                    let left = end - ContinuousClock.now
                    if left <= .zero { return nil }
                    timeout = min(timeout, left)
                }
                return await self.single(method, url, client: client, timeout: timeout, markers: markers)
            }
            guard let attempt else { return .failed(.timeout, Self.deadlinePassed) }
            run.attempts += 1
            switch attempt {
            case .failure(let failure):
                if failure.verdict == .timeout && retries > 0 {
                    retries -= 1
                    guard await pause(Self.jittered(backoff), run) else { return .failed(.timeout, failure.detail) }
                    backoff *= 2
                    continue
                }
                return .failed(failure.verdict, failure.detail)
            case .success(let response):
                let s = response.status
                if method == .HEAD && ((400...499).contains(s) && s != 429 || s == 501) {
                    method = .GET  // refused (405/501) or doubtful: ask again with GET
                    continue
                }
                if s == 429 && rateRetries > 0 {
                    rateRetries -= 1
                    let wait = response.retryAfter.flatMap(Self.retryAfter) ?? Self.jittered(backoff)
                    if wait > options.maxRetryAfter {
                        return .failed(
                            .rateLimited,
                            "HTTP 429: Retry-After asks for \(Self.seconds(wait)) s, more than the \(Self.seconds(options.maxRetryAfter)) s cap"
                        )
                    }
                    guard await pause(wait, run) else {
                        return .failed(.rateLimited, "HTTP 429: " + Self.deadlinePassed)
                    }
                    backoff *= 2
                    continue
                }
                if (500...599).contains(s) && retries > 0 {
                    retries -= 1
                    guard await pause(Self.jittered(backoff), run) else { return .response(response) }
                    backoff *= 2
                    continue
                }
                if (500...599).contains(s) && method == .HEAD {
                    method = .GET  // a HEAD-only failure is common: confirm with GET
                    continue
                }
                return .response(response)
            }
        }
    }

    private struct Failure: Error {
        var verdict: Verdict
        var detail: String
    }

    /// One request, answer and body included, bounded by `timeout` (the client's own deadline
    /// ends when the answer's head arrives; a body may trickle in for hours).
    private func single(
        _ method: HTTPMethod, _ url: String, client: HTTPClient, timeout: Duration, markers: Markers
    ) async -> Result<Response, Failure> {
        let outcome = await TimeLimit.run(timeout) {
            await self.fetch(method, url, client: client, timeout: timeout, markers: markers)
        }
        return outcome
            ?? .failure(Failure(verdict: .timeout, detail: "no complete answer in \(Self.seconds(timeout)) s"))
    }

    private func fetch(
        _ method: HTTPMethod, _ url: String, client: HTTPClient, timeout: Duration, markers: Markers
    ) async -> Result<Response, Failure> {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "User-Agent", value: options.userAgent)
        request.headers.add(name: "Accept", value: "text/html,application/xhtml+xml,*/*;q=0.8")
        do {
            let response = try await client.execute(request, timeout: .nanoseconds(Self.nanoseconds(timeout)))
            var result = Response(
                status: Int(response.status.code), location: response.headers.first(name: "Location"),
                retryAfter: response.headers.first(name: "Retry-After"))
            if method == .GET {
                var body: [UInt8] = []
                let limit =
                    options.readsRelMe ? max(options.maxBodyBytes, options.relMeBodyBytes) : options.maxBodyBytes
                for try await chunk in response.body {
                    body += chunk.readableBytesView.prefix(limit - body.count)
                    if body.count >= limit { break }
                }
                if options.readsRelMe, (200...299).contains(result.status) {
                    let base = URL(string: url)
                    result.relMe = RelMeScanner.hrefs(in: String(decoding: body, as: UTF8.self)).compactMap {
                        URL(string: $0, relativeTo: base)?.absoluteString
                    }
                }
                if !markers.isEmpty {
                    let text = String(decoding: body, as: UTF8.self)
                    result.notFoundMarker = markers.notFound.first { text.contains($0) }
                    result.loginMarker = markers.login.first { text.contains($0) }
                }
            }
            return .success(result)
        } catch {
            return .failure(Self.failure(for: error))
        }
    }

    private static func failure(for error: any Error) -> Failure {
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .tlsHandshakeTimeout, .writeTimeout:
                return Failure(verdict: .timeout, detail: "no answer in time (\(error))")
            default:
                break
            }
        }
        let text = String(describing: error)
        let lower = text.lowercased()
        if lower.contains("refused") { return Failure(verdict: .unreachable, detail: "connection refused") }
        if lower.contains("reset") { return Failure(verdict: .unreachable, detail: "connection reset") }
        if lower.contains("ssl") || lower.contains("tls") || lower.contains("certificate")
            || lower.contains("handshake")
        {
            return Failure(verdict: .unreachable, detail: "TLS failure: \(text)")
        }
        return Failure(verdict: .unreachable, detail: text)
    }

    /// A `Retry-After` value in seconds or as an HTTP date.
    static func retryAfter(_ value: String) -> Duration? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(trimmed) { return .seconds(max(0, seconds)) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: trimmed) else { return nil }
        return .milliseconds(max(0, Int(date.timeIntervalSinceNow * 1000)))
    }

    static func jittered(_ duration: Duration) -> Duration {
        duration * Double.random(in: 0.5...1.5)
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let c = duration.components
        return c.seconds * 1_000_000_000 + c.attoseconds / 1_000_000_000
    }

    static func seconds(_ duration: Duration) -> String {
        let ms = nanoseconds(duration) / 1_000_000
        return ms % 1000 == 0 ? String(ms / 1000) : String(format: "%.1f", Double(ms) / 1000)
    }
}
