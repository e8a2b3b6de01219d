/// How cards look and where they live: the colour scheme, the embedding and the language of
/// their labels. Part of what a build's cards are rendered from, so changing it renders every
/// card again.
public struct CardOptions: Sendable, Equatable {
    /// The card's colour scheme (`data-whocard-theme`).
    public enum Theme: String, Sendable, CaseIterable {
        /// Follows the reader's system (`prefers-color-scheme`).
        case auto
        case light
        case dark
    }

    /// How the HTML fragment is embedded in a host page.
    public enum Embedding: String, Sendable, CaseIterable {
        /// The `<article class="whocard">` itself; the host links `whocard.css`.
        case inline
        /// A `<whocard-card>` element with a declarative shadow root holding the stylesheet and
        /// the card: no host rule reaches inside.
        case shadow
    }

    public var theme: Theme
    public var embedding: Embedding
    /// BCP 47 tag of the labels' language, a catalogue in `Templates/locales/` (``LocaleCatalogue``).
    public var locale: String

    public init(theme: Theme = .auto, embedding: Embedding = .inline, locale: String = LocaleCatalogue.defaultTag) {
        self.theme = theme
        self.embedding = embedding
        self.locale = locale
    }

    /// One line naming every option, for build digests.
    var fingerprint: String { "theme \(theme.rawValue) embed \(embedding.rawValue) locale \(locale)" }
}
