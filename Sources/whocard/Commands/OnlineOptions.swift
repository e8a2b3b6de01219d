import ArgumentParser
import WhoCardKit

/// `whocard check --online`: fetch every valid link and report a verdict per link.
struct OnlineOptions: ParsableArguments {
    @Flag(help: "After offline validation, fetch every valid link and report whether it is alive.")
    var online = false

    @Option(help: ArgumentHelp("Seconds allowed for one request.", valueName: "seconds"))
    var timeout: Double = 10

    @Option(
        help: ArgumentHelp(
            "Seconds allowed for the whole online check; links not done by then are 'timeout'.", valueName: "seconds"))
    var deadline: Double = 600

    @Option(help: ArgumentHelp("Requests in flight to one host.", valueName: "n"))
    var perHost = 2

    @Option(help: ArgumentHelp("Requests in flight overall.", valueName: "n"))
    var maxConcurrency = 32

    @Option(help: ArgumentHelp("Retries after a timeout or a 5xx, with exponential back-off.", valueName: "n"))
    var retries = 2

    @Option(help: ArgumentHelp("The longest Retry-After (seconds) waited for after a 429.", valueName: "seconds"))
    var maxRetryAfter: Double = 30

    @Flag(help: "Also fetch hosts that resolve to loopback, private, link-local or multicast addresses.")
    var allowPrivate = false

    @Option(
        help: ArgumentHelp(
            "Fetch this host whatever it resolves to (one intranet site, a test server). Repeatable.", valueName: "host"
        ))
    var allowHost: [String] = []

    @Option(
        help: ArgumentHelp(
            "Rewrite URLs before fetching, e.g. '^https://example\\.com/=http://127.0.0.1:8080/' ($1 inserts a group). Repeatable.",
            valueName: "regex=replacement"))
    var remap: [String] = []

    @Option(
        help: ArgumentHelp("Keep results in this JSON file and re-check only links that are due.", valueName: "file"),
        completion: .file())
    var cache: String?

    @Option(
        help: ArgumentHelp(
            "How long cached results stay fresh, per verdict (or 'failures' for every non-ok verdict): ok=7d, failures=1d, broken=12h. Repeatable.",
            valueName: "verdict=duration"))
    var cacheTtl: [String] = []

    @Option(
        help: ArgumentHelp(
            "Severity of a verdict's finding: broken=error by default, others warning. Repeatable.",
            valueName: "verdict=error|warning|ignore"))
    var verdictSeverity: [String] = []

    @Flag(
        help: ArgumentHelp(
            "With --online: mark the links whose page links back with rel=\"me\" to the user's card (--card-url), "
                + "or to another verified link of the card."))
    var verify = false

    @Option(
        help: ArgumentHelp(
            "The address of a user's card on the marketplace, {id} standing for the user id.",
            valueName: "url-template"))
    var cardURL: String?

    @Option(
        help: ArgumentHelp(
            "Days a verification holds before its link is checked again (with --cache).", valueName: "days"))
    var verifyMaxAge: Double = 30

    func validate() throws {
        guard timeout > 0, deadline > 0, maxRetryAfter >= 0 else {
            throw ValidationError("--timeout and --deadline must be more than 0 seconds")
        }
        guard perHost >= 1, maxConcurrency >= 1 else {
            throw ValidationError("--per-host and --max-concurrency must be at least 1")
        }
        guard retries >= 0 else { throw ValidationError("--retries must be 0 or more") }
        _ = try linkCheckOptions()
        if verify && !online { throw ValidationError("--verify needs --online: verification fetches every link") }
        if verify && cardURL == nil {
            throw ValidationError(
                "--verify needs --card-url, the address links must link back to, such as 'https://market.example/people/{id}'"
            )
        }
        guard verifyMaxAge > 0 else { throw ValidationError("--verify-max-age must be more than 0 days") }
        _ = try verification()
        _ = try severities()
        _ = try cacheLifetimes()
    }

    func linkCheckOptions() throws -> LinkCheckOptions {
        var options = LinkCheckOptions()
        options.timeout = .milliseconds(Int(timeout * 1000))
        options.deadline = .milliseconds(Int(deadline * 1000))
        options.perHost = perHost
        options.maxConcurrency = maxConcurrency
        options.retries = retries
        options.maxRetryAfter = .milliseconds(Int(maxRetryAfter * 1000))
        options.addressPolicy.allowPrivate = allowPrivate
        options.addressPolicy.allowedHosts = Set(allowHost.map { $0.lowercased() })
        do {
            options.remaps = try remap.map { text throws(LinkCheckError) in try URLRemap(parsing: text) }
        } catch {
            throw ValidationError(error.description)
        }
        return options
    }

    /// The verification `--verify --card-url` asks for, or `nil`.
    func verification() throws -> LinkVerification? {
        guard verify, let cardURL else { return nil }
        do { return try LinkVerification(cardURL: cardURL) } catch { throw ValidationError(error.description) }
    }

    func severities() throws -> VerdictSeverities {
        var severities = VerdictSeverities()
        for setting in verdictSeverity {
            do { try severities.apply(setting) } catch { throw ValidationError(error.description) }
        }
        return severities
    }

    func cacheLifetimes() throws -> [Verdict: Duration] {
        var lifetimes = LinkCache.defaultLifetimes
        for setting in cacheTtl {
            let parts = setting.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let lifetime = LinkCache.parseLifetime(parts[1]) else {
                throw ValidationError("--cache-ttl: '\(setting)' is not VERDICT=DURATION, e.g. ok=7d or failures=12h")
            }
            if parts[0] == "failures" {
                for verdict in Verdict.allCases where verdict != .ok { lifetimes[verdict] = lifetime }
            } else if let verdict = Verdict(rawValue: parts[0]) {
                lifetimes[verdict] = lifetime
            } else {
                throw ValidationError(
                    "--cache-ttl: '\(parts[0])' is not a verdict (\(Verdict.allCases.map(\.rawValue).joined(separator: ", ")), or failures)"
                )
            }
        }
        return lifetimes
    }
}
