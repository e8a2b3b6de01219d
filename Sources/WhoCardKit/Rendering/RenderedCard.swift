/// One user's card in every output format.
public struct RenderedCard: Sendable {
    /// Embeddable HTML fragment (`card.html.mustache`).
    public var html: String
    /// Markdown card (`card.md.mustache`).
    public var markdown: String
    /// JSON card for programs (schema `whocard.card/1`, see Templates/README.md).
    public var json: String
    /// vCard 4.0 with CRLF line endings.
    public var vcard: String
    /// Findings made while rendering (`bio.length` when the bio was shortened).
    public var warnings: [Finding]

    public init(html: String, markdown: String, json: String, vcard: String, warnings: [Finding]) {
        self.html = html
        self.markdown = markdown
        self.json = json
        self.vcard = vcard
        self.warnings = warnings
    }
}

/// A card listed on the QA gallery page (`index.html.mustache`).
public struct IndexEntry: Sendable, Equatable {
    public var id: String
    public var name: String?
    public var provider: String?
    /// How the gallery shows the card.
    public var card: Card
    /// The findings of the user's row, shown to QA beside the card (never in it).
    public var findings: [Finding] = []

    /// The card inline, or a link to its own page.
    public enum Card: Sendable, Equatable {
        /// A rendered HTML fragment, embedded as is (it is whocard's own escaped output).
        case fragment(String)
        /// A link (relative or absolute) to the card's page.
        case link(String)
    }

    public init(id: String, name: String?, provider: String?, card: Card, findings: [Finding] = []) {
        self.id = id
        self.name = name
        self.provider = provider
        self.card = card
        self.findings = findings
    }
}
