/// Renders "who you're talking to" cards from validated profiles.
///
/// A renderer is cheap to copy and safe to share between threads; a Swift server can keep one
/// and call ``html(_:)`` per request.
public struct CardRenderer: Sendable {
    /// Cards per gallery page (``GalleryPaging/defaultPageSize``).
    public static let indexPageSize = GalleryPaging.defaultPageSize

    public let templates: TemplateLibrary
    public let options: CardOptions
    /// The labels' catalogue, ``CardOptions/locale``'s.
    public var catalogue: LocaleCatalogue { labels.catalogue }
    let labels: CardLabels

    /// English cards following the system's colour scheme, embedded inline.
    public init(templates: TemplateLibrary = .defaults) {
        self.templates = templates
        self.options = CardOptions()
        self.labels = (try? CardLabels(templates.catalogue(LocaleCatalogue.defaultTag), theme: .auto)) ?? .english
    }

    /// Cards as `options` say; throws when `templates` has no catalogue for the locale.
    public init(templates: TemplateLibrary = .defaults, options: CardOptions) throws(TemplateError) {
        self.templates = templates
        self.options = options
        self.labels = CardLabels(try templates.catalogue(options.locale), theme: options.theme)
    }

    /// What every card depends on besides its profile: the card templates, the options and
    /// the catalogue's labels. A build renders every card again when it changes.
    public var fingerprint: String {
        "\(templates.fingerprint)\n\(options.fingerprint)\n\(catalogue.fingerprint)"
            + (options.embedding == .shadow ? "\n" + SHA256.hex(templates.css) : "")
    }

    /// Renders all four outputs; `file` is the export's path, used for findings. `verified` are
    /// the user's links seen linking back to this card (the others are ignored): the HTML and
    /// Markdown cards mark them and count them in the note, the JSON card lists them.
    public func render(_ profile: ValidatedProfile, file: String, verified: [VerifiedLink] = []) throws(TemplateError)
        -> RenderedCard
    {
        let card = CardContext(profile, labels: labels, verified: verified)
        return RenderedCard(
            html: try html(card), markdown: try markdown(card),
            json: StructuredData.card(card), vcard: VCard.card(card), warnings: [])
    }

    /// The embeddable HTML fragment; `verified` as for ``render(_:file:verified:)``.
    public func html(_ profile: ValidatedProfile, verified: [VerifiedLink] = []) throws(TemplateError) -> String {
        try html(CardContext(profile, bioOutputs: [.html, .plainText], labels: labels, verified: verified))
    }

    /// The Markdown card; `verified` as for ``render(_:file:verified:)``.
    public func markdown(_ profile: ValidatedProfile, verified: [VerifiedLink] = []) throws(TemplateError) -> String {
        try markdown(CardContext(profile, bioOutputs: [.commonMark, .plainText], labels: labels, verified: verified))
    }

    /// The HTML fragment and the Markdown card together, sharing one parse of the bio: what
    /// a caller wanting both should use.
    public func htmlAndMarkdown(_ profile: ValidatedProfile, verified: [VerifiedLink] = []) throws(TemplateError)
        -> (html: String, markdown: String)
    {
        let card = CardContext(
            profile, bioOutputs: [.html, .commonMark, .plainText], labels: labels, verified: verified)
        return (try html(card), try markdown(card))
    }

    /// A standalone HTML page previewing the card beside a mock conversation, with the
    /// findings of the user's row below it; `cssHref` is where the page finds `whocard.css`.
    public func page(_ profile: ValidatedProfile, cssHref: String, verified: [VerifiedLink] = []) throws(TemplateError)
        -> String
    {
        let card = CardContext(profile, bioOutputs: [.html, .plainText], labels: labels, verified: verified)
        var context = card.values(.html)
        context["card"] = .text(try html(card))
        context["css_href"] = .text(Escape.html(cssHref))
        FindingsContext.add(profile.findings, to: &context)
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
                    FindingsContext.add(entry.findings, to: &item)
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
        let fragment = try templates.render(.cardHTML, context)
        return options.embedding == .shadow ? try shadowEmbedding(fragment, id: card.profile.id) : fragment
    }

    /// The fragment inside a `<whocard-card>` element's declarative shadow root, after the
    /// style sheet: host rules do not reach it, and the card still renders without script.
    private func shadowEmbedding(_ fragment: String, id: String) throws(TemplateError) -> String {
        let css = templates.css
        if css.range(of: "</style", options: .caseInsensitive) != nil {
            throw TemplateError(
                file: TemplateLibrary.cssFileName,
                message:
                    "the style sheet contains `</style`, which would end it early inside the shadow root; remove it")
        }
        var fragment = fragment
        fragment.removeTrailingNewlines()
        return CardContext.concat(
            #"<whocard-card class="whocard-host" data-whocard-id=""#, Escape.html(id),
            #""><template shadowrootmode="open"><style>"#, "\n", css, "</style>\n", fragment,
            "\n</template></whocard-card>\n")
    }

    private func markdown(_ card: CardContext) throws(TemplateError) -> String {
        // Sections end with a blank line; the file ends with exactly one newline.
        var output = try templates.render(.cardMarkdown, card.values(.markdown))
        output.removeTrailingNewlines()
        output += "\n"
        return output
    }
}
