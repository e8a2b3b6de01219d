import CCmark

/// Every call into libcmark lives here.
public enum CommonMark {
    /// The linked libcmark's version, e.g. `0.30.2`.
    public static var libraryVersion: String { String(cString: cmark_version_string()) }

    /// Parses a bio and renders it the three ways a card needs, after making the document safe
    /// to embed (see ``Bio``).
    static func bio(_ source: String, outputs: Bio.Outputs, limit: Int = Bio.characterLimit) -> Bio {
        var truncated = false
        guard let document = parse(source) else {
            return Bio(html: "", commonMark: "", plainText: "", truncated: false)
        }
        var root = document
        if source.utf8.count > limit, source.count > limit {
            truncated = true
            if !keepLeadingBlocks(of: root, source: source, limit: limit) {
                // The first block alone is too long: cut its source at a space instead.
                cmark_node_free(root)
                guard let shorter = parse(cutAtSpace(source, limit: limit)) else {
                    return Bio(html: "", commonMark: "", plainText: "", truncated: true)
                }
                root = shorter
            }
        }
        defer { cmark_node_free(root) }
        sanitize(root)
        return Bio(
            html: outputs.contains(.html) ? take(cmark_render_html(root, options)) : "",
            commonMark: outputs.contains(.commonMark) ? commonMark(root) : "",
            plainText: outputs.contains(.plainText) ? plainText(root) : "",
            truncated: truncated)
    }

    /// The bio written back as CommonMark by ``BioMarkdownWriter`` (not libcmark's renderer,
    /// which prints autolinks verbatim), then read again as a check: should the result hold raw
    /// HTML, an image or a link a bio may not keep, the bio's plain text is written instead.
    private static func commonMark(_ root: OpaquePointer) -> String {
        let markdown = BioMarkdownWriter.write(node(root))
        guard isHarmless(markdown) else {
            return BioMarkdownWriter.escapeText(plainText(root).replacingOccurrences(of: "\n", with: " ")) + "\n"
        }
        return markdown
    }

    /// The libcmark tree as ``BioMarkdownWriter/Node`` values.
    private static func node(_ node: OpaquePointer) -> BioMarkdownWriter.Node {
        func string(_ pointer: UnsafePointer<CChar>?) -> String { pointer.map { String(cString: $0) } ?? "" }
        let kind: BioMarkdownWriter.Node.Kind
        switch cmark_node_get_type(node) {
        case CMARK_NODE_BLOCK_QUOTE: kind = .blockQuote
        case CMARK_NODE_LIST:
            kind = .list(
                ordered: cmark_node_get_list_type(node) == CMARK_ORDERED_LIST,
                start: Int(cmark_node_get_list_start(node)), tight: cmark_node_get_list_tight(node) != 0)
        case CMARK_NODE_ITEM: kind = .item
        case CMARK_NODE_CODE_BLOCK:
            kind = .codeBlock(
                info: string(cmark_node_get_fence_info(node)), literal: string(cmark_node_get_literal(node)))
        case CMARK_NODE_PARAGRAPH: kind = .paragraph
        case CMARK_NODE_HEADING: kind = .heading(level: Int(cmark_node_get_heading_level(node)))
        case CMARK_NODE_THEMATIC_BREAK: kind = .thematicBreak
        case CMARK_NODE_TEXT: kind = .text(string(cmark_node_get_literal(node)))
        case CMARK_NODE_SOFTBREAK: kind = .softBreak
        case CMARK_NODE_LINEBREAK: kind = .lineBreak
        case CMARK_NODE_CODE: kind = .code(string(cmark_node_get_literal(node)))
        case CMARK_NODE_EMPH: kind = .emphasis
        case CMARK_NODE_STRONG: kind = .strong
        case CMARK_NODE_LINK:
            kind = .link(url: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node)))
        case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE, CMARK_NODE_IMAGE:
            // Removed or replaced by `sanitize`; should one remain, only its text is kept.
            kind = .text(string(cmark_node_get_literal(node)))
        default: kind = .document
        }
        var result = BioMarkdownWriter.Node(kind: kind)
        var child = cmark_node_first_child(node)
        while let current = child {
            result.children.append(self.node(current))
            child = cmark_node_next(current)
        }
        return result
    }

    /// True when `markdown`, read by libcmark, holds no raw HTML and no image, and every link
    /// is one a bio may keep with no `<`, `>`, space or control character in its destination.
    static func isHarmless(_ markdown: String) -> Bool {
        guard let document = parse(markdown) else { return false }
        defer { cmark_node_free(document) }
        guard let iterator = cmark_iter_new(document) else { return false }
        defer { cmark_iter_free(iterator) }
        while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
            guard let node = cmark_iter_get_node(iterator) else { continue }
            switch cmark_node_get_type(node) {
            case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE, CMARK_NODE_IMAGE: return false
            case CMARK_NODE_LINK:
                guard let pointer = cmark_node_get_url(node) else { return false }
                let url = String(cString: pointer)
                if !BioLinkPolicy.allows(url)
                    || url.unicodeScalars.contains(where: {
                        $0.value <= 0x20 || $0 == "<" || $0 == ">" || $0.value == 0x7F
                    })
                {
                    return false
                }
            default: break
            }
        }
        return true
    }

    // Raw HTML is removed from the tree below; CMARK_OPT_SAFE is the second line of defence.
    private static let options = CMARK_OPT_SAFE | CMARK_OPT_VALIDATE_UTF8

    private static func parse(_ source: String) -> OpaquePointer? {
        var source = source
        return source.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                cmark_parse_document(chars.baseAddress, chars.count, options | CMARK_OPT_SOURCEPOS)
            }
        }
    }

    /// Copies and frees a string libcmark allocated.
    private static func take(_ pointer: UnsafeMutablePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        defer { cmark_get_default_mem_allocator().pointee.free(pointer) }
        return String(cString: pointer)
    }

    /// The document's text: blocks separated by blank lines, list items prefixed with `- `,
    /// links reduced to their text.
    private static func plainText(_ root: OpaquePointer) -> String {
        var blocks: [String] = []
        var current = ""
        var itemPrefix = ""
        guard let iterator = cmark_iter_new(root) else { return "" }
        defer { cmark_iter_free(iterator) }
        func literal(_ node: OpaquePointer) -> String {
            cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
        }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            if event == CMARK_EVENT_ENTER {
                switch type {
                case CMARK_NODE_ITEM: itemPrefix += "- "
                case CMARK_NODE_PARAGRAPH, CMARK_NODE_HEADING:
                    current = itemPrefix
                    itemPrefix = ""
                case CMARK_NODE_TEXT, CMARK_NODE_CODE: current += literal(node)
                case CMARK_NODE_SOFTBREAK: current += " "
                case CMARK_NODE_LINEBREAK: current += "\n"
                case CMARK_NODE_CODE_BLOCK:
                    blocks.append(itemPrefix + literal(node).trimmingTrailingNewlines())
                    itemPrefix = ""
                default: break
                }
            } else if type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING {
                blocks.append(current)
                current = ""
            }
        }
        return blocks.joined(separator: "\n\n")
    }

    /// Keeps whole top-level blocks while their source (up to the end of the block) fits in
    /// `limit` characters; frees the rest. Returns false when not even the first block fits.
    private static func keepLeadingBlocks(of root: OpaquePointer, source: String, limit: Int) -> Bool {
        let lines = lineStarts(source)
        var kept = 0
        var node = cmark_node_first_child(root)
        while let block = node {
            let line = Int(cmark_node_get_end_line(block))
            let column = Int(cmark_node_get_end_column(block))
            let end = line >= 1 && line <= lines.count ? lines[line - 1] + max(column, 0) : source.utf8.count
            let characters = String(decoding: source.utf8.prefix(end), as: UTF8.self).count
            if characters > limit { break }
            kept += 1
            node = cmark_node_next(block)
        }
        while let extra = node {
            node = cmark_node_next(extra)
            cmark_node_unlink(extra)
            cmark_node_free(extra)
        }
        return kept > 0
    }

    /// UTF-8 offsets at which each line starts.
    private static func lineStarts(_ source: String) -> [Int] {
        var starts = [0]
        for (offset, byte) in source.utf8.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(offset + 1)
        }
        return starts
    }

    private static func cutAtSpace(_ source: String, limit: Int) -> String {
        let prefix = source.prefix(limit)
        guard let space = prefix.lastIndex(where: \.isWhitespace), space > prefix.startIndex else {
            return String(prefix)
        }
        return String(prefix[..<space])
    }

    /// Demotes headings below the card's own (h2 for the name, h3 for its sections), removes raw HTML, unwraps links whose destination
    /// is not http(s) or mailto, and turns images into links to the image.
    private static func sanitize(_ root: OpaquePointer) {
        var headings: [OpaquePointer] = []
        var rawHTML: [OpaquePointer] = []
        var links: [OpaquePointer] = []
        var images: [OpaquePointer] = []
        guard let iterator = cmark_iter_new(root) else { return }
        while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
            guard cmark_iter_get_event_type(iterator) == CMARK_EVENT_ENTER,
                let node = cmark_iter_get_node(iterator)
            else { continue }
            switch cmark_node_get_type(node) {
            case CMARK_NODE_HEADING: headings.append(node)
            case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE: rawHTML.append(node)
            case CMARK_NODE_LINK: links.append(node)
            case CMARK_NODE_IMAGE: images.append(node)
            default: break
            }
        }
        cmark_iter_free(iterator)

        for heading in headings {
            let level = cmark_node_get_heading_level(heading)
            cmark_node_set_heading_level(heading, min(level + 3, 6))
        }
        for node in rawHTML {
            cmark_node_unlink(node)
            cmark_node_free(node)
        }
        for link in links where !isSafeDestination(cmark_node_get_url(link)) {
            unwrap(link)
        }
        for image in images {
            if isSafeDestination(cmark_node_get_url(image)), !isInsideLink(image),
                let link = cmark_node_new(CMARK_NODE_LINK)
            {
                cmark_node_set_url(link, cmark_node_get_url(image))
                cmark_node_set_title(link, cmark_node_get_title(image))
                while let child = cmark_node_first_child(image) {
                    cmark_node_unlink(child)
                    cmark_node_append_child(link, child)
                }
                cmark_node_insert_before(image, link)
                cmark_node_unlink(image)
                cmark_node_free(image)
            } else {
                unwrap(image)
            }
        }
    }

    /// Replaces a node by its children.
    private static func unwrap(_ node: OpaquePointer) {
        while let child = cmark_node_first_child(node) {
            cmark_node_unlink(child)
            cmark_node_insert_before(node, child)
        }
        cmark_node_unlink(node)
        cmark_node_free(node)
    }

    private static func isInsideLink(_ node: OpaquePointer) -> Bool {
        var parent = cmark_node_parent(node)
        while let current = parent {
            if cmark_node_get_type(current) == CMARK_NODE_LINK { return true }
            parent = cmark_node_parent(current)
        }
        return false
    }

    private static func isSafeDestination(_ url: UnsafePointer<CChar>?) -> Bool {
        guard let url else { return false }
        return BioLinkPolicy.allows(String(cString: url))
    }
}
