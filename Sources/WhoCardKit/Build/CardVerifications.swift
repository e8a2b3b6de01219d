import Foundation

/// The verified links each user's cards show (`whocard build --verified-from CACHE`): read from
/// the link cache `whocard check --online --verify --cache CACHE` keeps. A link counts for a user
/// when its page was seen linking back to that user's card (``LinkResult/verifiedFor``, compared
/// with the build's `--card-url`) no longer ago than the maximum age; an older verification is
/// dropped from the card until the check sees it again.
public struct CardVerifications: Sendable {
    /// Each user's verified links (normalised link, date, page), sorted by link.
    public private(set) var byUser: [String: [VerifiedLink]] = [:]
    /// Why the cache gave nothing (missing, unreadable, corrupt, another whocard version), for a
    /// warning; `nil` when it was read.
    public private(set) var warning: String?
    /// Verifications in the cache that were too old, or for cards of another `--card-url`.
    public private(set) var ignored = 0

    /// No verified links: every card says its links are not verified.
    public init() {}

    /// Reads the link cache at `path` as of `now`: verifications younger than `maxAge` of
    /// links that were `ok`, for cards of `verification`'s template.
    public init(cachePath path: String, verification: LinkVerification, maxAge: Duration, now: Date = Date()) {
        let loaded = LinkCache.load(path: path)
        if loaded.missing {
            warning =
                "link cache \(path) does not exist: no card shows a verified link (run whocard check --online --verify --card-url … --cache \(path) first)"
            return
        }
        if let problem = loaded.problem {
            warning =
                "\(problem): no card shows a verified link (run whocard check --online --verify --cache \(path) again)"
            return
        }
        let limit = Double(maxAge.components.seconds)
        var cardIDs: [String: String?] = [:]
        let userID = verification.userIDs()
        for (link, entry) in loaded.cache.entries {
            let result = entry.result
            guard let at = result.verifiedAt, let cards = result.verifiedFor, result.verdict == .ok else { continue }
            let age = now.timeIntervalSince(at)
            guard age >= -86_400, age < limit else {
                ignored += cards.count
                continue
            }
            for card in cards {
                // A user with several verified links has the same card each time.
                let id: String?
                if let known = cardIDs[card] {
                    id = known
                } else {
                    id = userID(card)
                    cardIDs[card] = id
                }
                guard let id else {
                    ignored += 1
                    continue
                }
                byUser[id, default: []].append(VerifiedLink(link: link, checkedAt: at, page: result.verifiedBy ?? link))
            }
        }
        for id in byUser.keys { byUser[id]?.sort { $0.link < $1.link } }
    }

    /// User `id`'s verified links (empty for most users).
    public func links(for id: String) -> [VerifiedLink] { byUser[id] ?? [] }

    /// How many links of how many users are verified, for the summary on standard error.
    public var linkCount: Int { byUser.values.reduce(0) { $0 + $1.count } }

    /// What user `id`'s cards show of their verifications, for their input digest: each link,
    /// the day it was checked and the page; `nil` for a user without any, whose digest stays
    /// what it is without `--verified-from`.
    func digestBytes(for id: String) -> [UInt8]? {
        guard let links = byUser[id], !links.isEmpty else { return nil }
        var bytes: [UInt8] = []
        for link in links {
            for part in [link.link, link.isoDate, link.page] {
                bytes.append(contentsOf: String(part.utf8.count).utf8)
                bytes.append(UInt8(ascii: ":"))
                bytes.append(contentsOf: part.utf8)
            }
        }
        return bytes
    }
}
