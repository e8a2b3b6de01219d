/// Renders "who you're talking to" cards from validated profiles.
///
/// A renderer is cheap to copy and safe to share between threads; a Swift server can keep one
/// and call ``html(_:)`` per request.
public struct CardRenderer: Sendable {
    /// Cards per gallery page (``GalleryPaging/defaultPageSize``).
    public static let indexPageSize = GalleryPaging.defaultPageSize

    public let templates: TemplateLibrary

    public init(templates: TemplateLibrary = .defaults) {
        self.templates = templates
    }

    /// Renders all four outputs; `file` is the export's path, used for findings.
    public func render(_ profile: ValidatedProfile, file: String) throws(TemplateError) -> RenderedCard {
        let card = CardContext(profile)
        return RenderedCard(
            html: try html(card), markdown: try markdown(card),
            json: StructuredData.card(card), vcard: VCard.card(card), warnings: [])
    }

    /// The embeddable HTML fragment.
    public func html(_ profile: ValidatedProfile) throws(TemplateError) -> String {
        try html(CardContext(profile, bioOutputs: [.html, .plainText]))
    }

    /// The Markdown card.
    public func markdown(_ profile: ValidatedProfile) throws(TemplateError) -> String {
        try markdown(CardContext(profile, bioOutputs: [.commonMark, .plainText]))
    }

    /// The HTML fragment and the Markdown card together, sharing one parse of the bio: what
    /// a caller wanting both should use.
    public func htmlAndMarkdown(_ profile: ValidatedProfile) throws(TemplateError) -> (html: String, markdown: String) {
        let card = CardContext(profile, bioOutputs: [.html, .commonMark, .plainText])
        return (try html(card), try markdown(card))
    }

    /// A standalone HTML page previewing the card beside a mock conversation;
    /// `cssHref` is where the page finds `whocard.css`.
    public func page(_ profile: ValidatedProfile, cssHref: String) throws(TemplateError) -> String {
        let card = CardContext(profile, bioOutputs: [.html, .plainText])
        var context = card.values(.html)
        context["card"] = .text(try html(card))
        context["css_href"] = .text(Escape.html(cssHref))
        return try templates.render(.page, context)
    }

    /// One page of the QA gallery. `page` is 1-based; previous/next links point at
    /// `index.html`, `index-2.html`, … (see ``indexFileName(page:)``).
    public func indexPage(entries: [IndexEntry], page: Int, pageCount: Int, cssHref: String) throws(TemplateError)
        -> String
    {
        var context: TemplateObject = [
            "css_href": .text(Escape.html(cssHref)),
            "page": .text(String(page)),
            "page_count": .text(String(max(pageCount, 1))),
            "count": .text(String(entries.count)),
        ]
        if page > 1 { context["prev_href"] = .text(Escape.html(Self.indexFileName(page: page - 1))) }
        if page < pageCount { context["next_href"] = .text(Escape.html(Self.indexFileName(page: page + 1))) }
        if !entries.isEmpty {
            context["has_entries"] = true
            context["entries"] = .list(
                entries.map { entry -> TemplateValue in
                    var item: TemplateObject = [
                        "id": .text(Escape.html(entry.id)),
                        "name": .text(Escape.html(Escape.singleLine(entry.name ?? entry.id))),
                    ]
                    if let provider = entry.provider {
                        item["provider"] = .text(Escape.html(Escape.singleLine(provider)))
                    }
                    switch entry.card {
                    case .fragment(let html): item["card"] = .text(html)
                    case .link(let href): item["href"] = .text(Escape.html(href))
                    }
                    return .object(item)
                })
        }
        return try templates.render(.index, context)
    }

    /// File name of gallery page `page` (1-based): `index.html`, then `index-2.html`, ….
    public static func indexFileName(page: Int) -> String {
        GalleryPaging.fileName(page: page)
    }

    private func html(_ card: CardContext) throws(TemplateError) -> String {
        var context = card.values(.html)
        context["json_ld"] = .text(StructuredData.jsonLD(card))
        return try templates.render(.cardHTML, context)
    }

    private func markdown(_ card: CardContext) throws(TemplateError) -> String {
        // Sections end with a blank line; the file ends with exactly one newline.
        var output = try templates.render(.cardMarkdown, card.values(.markdown))
        output.removeTrailingNewlines()
        output += "\n"
        return output
    }
}
