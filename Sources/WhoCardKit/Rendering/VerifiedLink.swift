import Foundation

/// A link of a card seen linking back to that card (`whocard check --online --verify`): the card
/// marks it "✓ … links back to this card (checked 5 Dec 2026)". It says the person controlled
/// that page on that date, not who they are.
public struct VerifiedLink: Sendable, Hashable {
    /// The link as whocard normalises it (``ValidLink/normalized``): which of the card's links it is.
    public var link: String
    /// When the page was seen linking back.
    public var checkedAt: Date
    /// The page that linked back (after redirects).
    public var page: String

    public init(link: String, checkedAt: Date, page: String) {
        self.link = link
        self.checkedAt = checkedAt
        self.page = page
    }

    /// `2026-12-05`: the day it was checked, in UTC.
    public var isoDate: String { ISODate.day(checkedAt) }
}
