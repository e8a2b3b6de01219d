import Foundation

/// A catalogue's labels escaped once per renderer for each output format, plus the card's
/// language, direction and theme: what ``CardContext`` adds to every card.
struct CardLabels: Sendable {
    let catalogue: LocaleCatalogue
    let theme: CardOptions.Theme
    /// The `t` object of each format: every label, escaped.
    let html: TemplateObject
    let markdown: TemplateObject
    private let linkLabel: LabelPattern
    private let photoAlt: LabelPattern
    private let verifiedMark: LabelPattern
    private let noteVerified: LabelPattern
    private let dateStyle: Date.FormatStyle
    private let htmlLabels: [LocaleCatalogue.Key: String]
    private let markdownLabels: [LocaleCatalogue.Key: String]

    /// English, following the system's colour scheme.
    static let english: CardLabels = {
        do {
            return CardLabels(try TemplateLibrary.defaults.catalogue(LocaleCatalogue.defaultTag), theme: .auto)
        } catch {
            preconditionFailure("The compiled-in English catalogue does not load: \(error)")
        }
    }()

    init(_ catalogue: LocaleCatalogue, theme: CardOptions.Theme) {
        self.catalogue = catalogue
        self.theme = theme
        func object(_ escape: (String) -> String, markdown: Bool) -> TemplateObject {
            var object = TemplateObject(capacity: LocaleCatalogue.Key.allCases.count + 2)
            for key in LocaleCatalogue.Key.allCases {
                object.append(TemplateKey(key.rawValue), .text(escape(catalogue.label(key))))
            }
            var org = catalogue.split(.forProvider, at: "provider")
            // The Markdown card starts a line with it: "For **Acme**".
            if markdown, let first = org.before.first { org.before = first.uppercased() + org.before.dropFirst() }
            object.append(TemplateKey("for_before"), .text(Self.keepingOuterSpaces(org.before, escape)))
            object.append(TemplateKey("for_after"), .text(Self.keepingOuterSpaces(org.after, escape)))
            return object
        }
        var htmlLabels: [LocaleCatalogue.Key: String] = [:], markdownLabels: [LocaleCatalogue.Key: String] = [:]
        for key in LocaleCatalogue.Key.allCases {
            htmlLabels[key] = Escape.html(catalogue.label(key))
            markdownLabels[key] = Escape.markdown(catalogue.label(key))
        }
        self.htmlLabels = htmlLabels
        self.markdownLabels = markdownLabels
        html = object(Escape.html, markdown: false)
        markdown = object(Escape.markdown, markdown: true)
        linkLabel = LabelPattern(catalogue.label(.linkLabel))
        photoAlt = LabelPattern(catalogue.label(.photoAlt))
        verifiedMark = LabelPattern(catalogue.label(.verified))
        noteVerified = LabelPattern(catalogue.label(.noteVerified))
        dateStyle = Date.FormatStyle(
            date: .abbreviated, time: .omitted, locale: Locale(identifier: catalogue.dateLocale),
            calendar: Calendar(identifier: .gregorian), timeZone: TimeZone(identifier: "UTC") ?? .current)
    }

    /// `date`'s day in the catalogue's date locale, in UTC ("5 Dec 2026").
    func day(_ date: Date) -> String { date.formatted(dateStyle) }

    /// A verified link's mark, "alice.example links back to this card (checked 5 Dec 2026)",
    /// escaped for `format`; `link` is the link as shown, unescaped (isolated in `<bdi>` in HTML).
    func verifiedMark(link: String, checkedAt: Date, _ format: CardContext.Format) -> String {
        let date = day(checkedAt)
        switch format {
        case .html:
            return verifiedMark.fill(
                escapedLiterals: true,
                values: [("link", "<bdi>" + Escape.html(link) + "</bdi>"), ("date", Escape.html(date))])
        case .markdown:
            return Escape.markdown(verifiedMark.fill(escapedLiterals: false, values: [("link", link), ("date", date)]))
        }
    }

    /// The note of a card with verified links: "…; 2 of 4 verified by linking back to this card."
    func noteVerified(verified: Int, total: Int, _ format: CardContext.Format) -> String {
        let values = [("verified", String(verified)), ("total", String(total))]
        switch format {
        case .html: return noteVerified.fill(escapedLiterals: true, values: values)
        case .markdown: return Escape.markdown(noteVerified.fill(escapedLiterals: false, values: values))
        }
    }

    /// `text` escaped, with a space it starts or ends with kept (Markdown escaping trims them).
    private static func keepingOuterSpaces(_ text: String, _ escape: (String) -> String) -> String {
        let core = escape(text.trimmingCharacters(in: .whitespaces))
        return (text.first == " " ? " " : "") + core + (text.last == " " && !core.isEmpty ? " " : "")
    }

    /// The label for `key`, escaped for `format`.
    func label(_ key: LocaleCatalogue.Key, _ format: CardContext.Format) -> String {
        (format == .html ? htmlLabels[key] : markdownLabels[key]) ?? ""
    }

    /// The hidden label of a social link: `name` and `platform` already escaped for HTML.
    func linkLabelHTML(name: String, platform: String) -> String {
        linkLabel.fill(escapedLiterals: true, name: name, platform: platform)
    }

    /// The avatar's alt text, `name` already escaped for HTML.
    func photoAltHTML(name: String) -> String { photoAlt.fill(escapedLiterals: true, name: name) }

    /// The same labels as plain text, for other formats to escape whole.
    func linkLabelText(name: String, platform: String) -> String {
        linkLabel.fill(escapedLiterals: false, name: name, platform: platform)
    }

    func photoAltText(name: String) -> String { photoAlt.fill(escapedLiterals: false, name: name) }
}

/// A label split once into literal text and `{placeholder}`s, so filling it is concatenation.
struct LabelPattern: Sendable {
    private enum Part: Sendable {
        case literal(text: String, html: String)
        case placeholder(String)
    }

    private let parts: [Part]

    init(_ label: String) {
        var parts: [Part] = []
        var rest = Substring(label)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            let literal = String(rest[..<open])
            if !literal.isEmpty { parts.append(.literal(text: literal, html: Escape.html(literal))) }
            parts.append(.placeholder(String(rest[rest.index(after: open)..<close])))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { parts.append(.literal(text: String(rest), html: Escape.html(String(rest)))) }
        self.parts = parts
    }

    /// The label with `{name}` and `{platform}` replaced (other placeholders by nothing);
    /// literals HTML-escaped when `escapedLiterals`.
    func fill(escapedLiterals: Bool, name: String, platform: String = "") -> String {
        fill(escapedLiterals: escapedLiterals) { $0 == "name" ? name : $0 == "platform" ? platform : "" }
    }

    /// The label with each `{placeholder}` of `values` replaced (others by nothing), values as given.
    func fill(escapedLiterals: Bool, values: [(String, String)]) -> String {
        fill(escapedLiterals: escapedLiterals) { name in values.first { $0.0 == name }?.1 ?? "" }
    }

    /// The label with each placeholder replaced by `value(name)`.
    private func fill(escapedLiterals: Bool, _ value: (String) -> String) -> String {
        var result = ""
        for part in parts {
            switch part {
            case .literal(let text, let html): result += escapedLiterals ? html : text
            case .placeholder(let name): result += value(name)
            }
        }
        return result
    }
}
