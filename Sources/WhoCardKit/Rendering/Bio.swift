/// A bio rendered for a card: CommonMark parsed by libcmark, with raw HTML removed, links to
/// anything but http(s) and mailto reduced to their text, images turned into links to the image
/// (with the alt text as the link text), and headings demoted three levels (h1 → h4, capped at
/// h6) so they sit below the card's own `<h2>` name and `<h3>` sections. The CommonMark is
/// written by ``BioMarkdownWriter``: no raw HTML, autolink or unsafe destination survives in it.
public struct Bio: Sendable, Equatable {
    /// Longest bio rendered, in characters. Longer bios are cut at a block boundary.
    public static let characterLimit = ProfileValidator.bioCharacterLimit

    /// HTML for the card fragment.
    public var html: String
    /// CommonMark for the Markdown card and the JSON card (see ``BioMarkdownWriter``).
    public var commonMark: String
    /// Plain text for JSON-LD, the JSON card and vCard.
    public var plainText: String
    /// The source was longer than ``characterLimit`` and was shortened (rule `bio.length`).
    public var truncated: Bool

    /// Renders `source`.
    public init(_ source: String) {
        self = CommonMark.bio(source, outputs: .all)
    }

    /// Renders only `outputs` of `source`; the others are empty.
    init(_ source: String, outputs: Outputs) {
        self = CommonMark.bio(source, outputs: outputs)
    }

    /// Which renderings to make; each is a pass over the parsed document.
    struct Outputs: OptionSet {
        let rawValue: Int
        static let html = Outputs(rawValue: 1)
        static let commonMark = Outputs(rawValue: 2)
        static let plainText = Outputs(rawValue: 4)
        static let all: Outputs = [.html, .commonMark, .plainText]
    }

    init(html: String, commonMark: String, plainText: String, truncated: Bool) {
        self.html = html
        self.commonMark = commonMark
        self.plainText = plainText
        self.truncated = truncated
    }
}

/// Which link destinations a bio may keep.
enum BioLinkPolicy {
    /// True for absolute http, https and mailto URLs. Browsers ignore ASCII tabs and newlines
    /// inside a scheme, so those are removed before looking at it.
    static func allows(_ url: String) -> Bool {
        var scheme = ""
        for scalar in url.unicodeScalars {
            if scalar == ":" { break }
            if scalar.value <= 0x20 { continue }
            scheme.unicodeScalars.append(scalar)
            if scheme.unicodeScalars.count > 6 { return false }
        }
        switch scheme.lowercased() {
        case "http", "https": return url.contains("://")
        case "mailto": return url.contains(":")
        default: return false
        }
    }
}
