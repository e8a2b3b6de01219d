import Foundation

extension LinkChecker {
    /// Checks the distinct links of `occurrences` (each normalised URL once), answering from
    /// `cache` what is still fresh and recording what was fetched in it. Results are in the
    /// order of first occurrence.
    public func check(_ occurrences: [LinkOccurrence], cache: inout LinkCache?, now: Date = Date()) async
        -> [LinkResult]
    {
        var seen = Set<String>()
        var links: [Link] = []
        for occurrence in occurrences where seen.insert(occurrence.link.normalized).inserted {
            links.append(
                Link(
                    url: occurrence.link.original, normalized: occurrence.link.normalized,
                    isProfile: occurrence.field.platform != nil))
        }
        var fromCache: [String: LinkResult] = [:]
        var due: [Link] = []
        for link in links {
            if var hit = cache?.fresh(link.normalized, now: now) {
                hit.url = link.url
                fromCache[link.normalized] = hit
            } else {
                due.append(link)
            }
        }
        let fetched = await check(due)
        for result in fetched { cache?.record(result, now: now) }
        cache?.prune(now: now)
        let byURL = Dictionary(fetched.map { ($0.normalized, $0) }, uniquingKeysWith: { first, _ in first })
            .merging(fromCache) { fetched, _ in fetched }
        return links.compactMap { byURL[$0.normalized] }
    }
}
