import Foundation

/// The online half of `whocard check --online`: fetches every distinct valid link of an
/// export once, answers what is still fresh from a link cache, adds the verdicts to the
/// report (a finding on each row whose link got a verdict with a severity) and keeps the cache.
public struct OnlineCheck: Sendable {
    public var options: LinkCheckOptions
    /// Which verdicts become findings, and how severe.
    public var severities: VerdictSeverities
    /// The link cache file, when results are to be reused across runs.
    public var cachePath: String?
    /// How long each verdict stays fresh in the cache.
    public var cacheLifetimes: [Verdict: Duration]
    /// With `--verify`: which links link back to their card. A link is fetched again unless
    /// the cache holds a verification of it younger than ``verifyMaxAge`` (a cached verdict
    /// without one has no page to read); the results, verifications included, go into the cache.
    public var verification: LinkVerification?
    /// How long a verification holds before its link is checked again (`--verify-max-age`).
    public var verifyMaxAge: Duration = .seconds(30 * 86_400)

    public init(
        options: LinkCheckOptions = LinkCheckOptions(), severities: VerdictSeverities = VerdictSeverities(),
        cachePath: String? = nil, cacheLifetimes: [Verdict: Duration] = LinkCache.defaultLifetimes
    ) {
        self.options = options
        self.severities = severities
        self.cachePath = cachePath
        self.cacheLifetimes = cacheLifetimes
    }

    /// What one online check did: for the summary line on standard error.
    public struct Summary: Sendable, Equatable {
        /// Distinct links with a verdict.
        public var links = 0
        /// Of those, answered from the cache.
        public var cached = 0
        /// Links per verdict.
        public var verdicts: [Verdict: Int] = [:]
        /// With `--verify`: links whose page links back to their card.
        public var verified: Int?
        public var elapsed: Duration = .zero
        /// Problems that did not stop the check (an unreadable cache, a cache not saved).
        public var warnings: [String] = []

        /// E.g. `Checked 12 links (3 from the cache) in 1.4 s: 10 ok, 2 broken.`
        public var sentence: String {
            let verdictList = Verdict.allCases.compactMap { v in verdicts[v].map { "\($0) \(v)" } }.joined(
                separator: ", ")
            let parts = elapsed.components
            let seconds = Double(parts.seconds) + Double(parts.attoseconds) / 1e18
            return "Checked \(links) links" + (cached > 0 ? " (\(cached) from the cache)" : "")
                + " in \(String(format: "%.1f", seconds)) s" + (verdictList.isEmpty ? "" : ": \(verdictList)")
                + (verified.map { "; \($0) verified by linking back to their card." } ?? ".")
        }
    }

    /// Checks the links of `occurrences` (``ValidatedProfile/linkOccurrences`` of the accepted
    /// rows) and attaches the verdicts to `report`.
    public func run(_ occurrences: [LinkOccurrence], into report: inout CheckReport) async -> Summary {
        var summary = Summary()
        let start = ContinuousClock.now
        var cache: LinkCache?
        var savesCache = false
        if let cachePath {
            let loaded = LinkCache.load(path: cachePath, lifetimes: cacheLifetimes)
            if let warning = loaded.warning { summary.warnings.append(warning) }
            cache = loaded.cache
            savesCache = loaded.replaceable
        }
        var options = options
        options.readsRelMe = verification != nil
        let checker = LinkChecker(options: options)
        var results: [LinkResult]
        if let verification {
            // Only fresh verifications are answered from the cache; an older one is dropped
            // until the link is checked again, now.
            let now = Date()
            var reusable: LinkCache? = LinkCache(lifetimes: cacheLifetimes)
            reusable?.entries = (cache?.entries ?? [:]).filter { entry in
                entry.value.result.verifiedAt.map {
                    now.timeIntervalSince($0) < Double(verifyMaxAge.components.seconds)
                }
                    ?? false
            }
            results = await checker.check(occurrences, cache: &reusable)
            var users: [(id: String, links: [String])] = []
            for occurrence in occurrences {
                if users.last?.id != occurrence.userID { users.append((occurrence.userID, [])) }
                users[users.count - 1].links.append(occurrence.link.normalized)
            }
            verification.apply(to: &results, users: users, now: now)
            for result in results { cache?.record(result, now: now) }
            cache?.prune(now: now)
            summary.verified = results.filter { $0.verifiedAt != nil }.count
        } else {
            results = await checker.check(occurrences, cache: &cache)
        }
        await checker.shutdown()
        report.attachLinks(results, occurrences: occurrences, severities: severities)
        report.linksVerified = verification != nil
        if let cachePath, let cache, savesCache {
            do { try cache.save(to: cachePath) } catch { summary.warnings.append("link cache not saved: \(error)") }
        }
        summary.links = results.count
        summary.cached = results.filter(\.cached).count
        for result in results { summary.verdicts[result.verdict, default: 0] += 1 }
        summary.elapsed = ContinuousClock.now - start
        return summary
    }
}
