import Foundation

/// Verified links (`whocard check --online --verify`), Mastodon's rule: a link is verified when
/// the page it leads to links back with `rel="me"` (an `<a>` or a `<link>`) to the user's card
/// on the marketplace, or to another link of the same card that is itself verified. It proves
/// control of that page on that date, not identity; nothing is marked that was not seen.
///
/// Links are compared as whocard normalises them: `rel="me"` targets go through the same
/// URL rules and platform rules as the export's values (`twitter.com/alice` is `x.com/alice`).
public struct LinkVerification: Sendable {
    /// The card URL template, `{id}` standing for the user id
    /// (`https://market.example/people/{id}`).
    public let cardURL: String

    /// Checks the template: an absolute http(s) URL with `{id}` in it.
    public init(cardURL: String) throws(LinkCheckError) {
        guard cardURL.contains("{id}") else {
            throw .invalidOption(
                "--card-url: '\(cardURL)' has no {id}; give the address of a user's card, such as 'https://market.example/people/{id}'"
            )
        }
        guard case .success = URLValidator().validate(cardURL.replacingOccurrences(of: "{id}", with: "u1")) else {
            throw .invalidOption(
                "--card-url: '\(cardURL)' is not an absolute https:// address, such as 'https://market.example/people/{id}'"
            )
        }
        self.cardURL = cardURL
    }

    /// User `id`'s card URL, normalised; `nil` when it is not a valid URL.
    public func card(for id: String) -> String? {
        let escaped = id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? id
        return Self.normalized(cardURL.replacingOccurrences(of: "{id}", with: escaped))
    }

    /// Marks the `ok` results whose page links back to their user's card, directly or through
    /// another verified link of the same card: the card joins ``LinkResult/verifiedFor``, and
    /// a result verified for the first time gets ``LinkResult/verifiedAt`` = `now` and
    /// ``LinkResult/verifiedBy`` = the page that linked back. `users` lists each user's
    /// normalised links. A result already verified for a card (a fresh one from the cache) keeps
    /// its date and counts for that card's chain only: a link two users share proves nothing
    /// about the user whose card it does not link back to.
    public func apply(to results: inout [LinkResult], users: [(id: String, links: [String])], now: Date) {
        var index: [String: Int] = [:]
        for (position, result) in results.enumerated() { index[result.normalized] = position }
        for user in users {
            guard let card = card(for: user.id) else { continue }
            let links = user.links.filter { index[$0].map { results[$0].verdict == .ok } ?? false }
            var targets: [String: Set<String>] = [:]
            for link in links { targets[link] = Set(results[index[link]!].relMe.compactMap(Self.normalized)) }
            var verified = Set(links.filter { results[index[$0]!].verifiedFor?.contains(card) ?? false })
            let already = verified
            var changed = true
            while changed {
                changed = false
                for link in links where !verified.contains(link) {
                    let linksBack = targets[link]!
                    if linksBack.contains(card) || !linksBack.isDisjoint(with: verified.subtracting([link])) {
                        verified.insert(link)
                        changed = true
                    }
                }
            }
            for link in verified.subtracting(already) {
                let position = index[link]!
                if results[position].verifiedAt == nil {
                    results[position].verifiedAt = now
                    results[position].verifiedBy = results[position].finalURL ?? link
                }
                results[position].verifiedFor = ((results[position].verifiedFor ?? []) + [card]).sorted()
            }
        }
    }

    /// The id of the user whose card is `url` (a normalised card URL, as in
    /// ``LinkResult/verifiedFor``); `nil` when `url` is not a card of this template.
    public func userID(ofCard url: String) -> String? { userIDs()(url) }

    /// ``userID(ofCard:)`` for many cards: the card URL's shape is worked out once.
    public func userIDs() -> @Sendable (String) -> String? {
        let marker = "whocardcardid0"
        guard let shape = card(for: marker), let range = shape.range(of: marker) else { return { _ in nil } }
        let prefix = String(shape[..<range.lowerBound]), suffix = String(shape[range.upperBound...])
        return { url in
            guard url.utf8.count > prefix.utf8.count + suffix.utf8.count, url.hasPrefix(prefix), url.hasSuffix(suffix)
            else { return nil }
            let escaped = url.utf8.dropFirst(prefix.utf8.count).dropLast(suffix.utf8.count)
            guard let id = String(Substring(escaped)).removingPercentEncoding, card(for: id) == url else { return nil }
            return id
        }
    }

    /// `href` as whocard normalises a link: by the platform's rules on a platform's host, by the
    /// URL rules elsewhere; `nil` when it is not a valid web address.
    static func normalized(_ href: String) -> String? {
        guard case .success(let url) = URLValidator().validate(href) else { return nil }
        for platform in Platform.withFixedHosts where platform.accepts(host: url.host.ascii) {
            if case .success(let match) = platform.check(url, field: "rel=me") { return match.link.link.normalized }
        }
        return url.link.normalized
    }
}
