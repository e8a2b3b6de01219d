/// Writes a cleaned bio back as CommonMark that stays harmless in any Markdown renderer, even
/// one that allows raw HTML or adds GitHub's extended autolinks.
///
/// libcmark's own CommonMark renderer prints a link whose text equals its URL as an autolink
/// `<URL>` verbatim, so a decoded `&lt;` in the URL came out as a raw tag. This writer instead
/// keeps these invariants, whatever the bio:
/// - no `<` or `>` outside code (text writes `&lt;`, `&gt;`; code holding them is written as text);
/// - every ASCII punctuation character in text is escaped, so no renderer extension (autolinks,
///   tables, strikethrough) finds a trigger, and no line starts a block by accident;
/// - links are always `[text](destination)`, never autolinks, and only http, https and mailto
///   destinations are written, percent-encoded so they hold no `<`, `>`, space, control
///   character, parenthesis, backslash or character reference.
enum BioMarkdownWriter {
    /// A block or inline of a parsed bio, as `CommonMark` reads it from libcmark.
    struct Node: Sendable, Equatable {
        enum Kind: Sendable, Equatable {
            case document, blockQuote, item, paragraph, thematicBreak, softBreak, lineBreak, emphasis, strong
            case list(ordered: Bool, start: Int, tight: Bool)
            case codeBlock(info: String, literal: String)
            case heading(level: Int)
            case text(String)
            case code(String)
            case link(url: String, title: String)
        }

        var kind: Kind
        var children: [Node] = []
    }

    /// The CommonMark of `document`, ending in a newline (empty for an empty document).
    static func write(_ document: Node) -> String {
        let lines = blocks(document.children, tight: false)
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }

    /// Blocks one after another: separated by a blank line, or by none inside a tight list item.
    private static func blocks(_ nodes: [Node], tight: Bool) -> [String] {
        var lines: [String] = []
        var previousList: (ordered: Bool, alternate: Bool)?
        for node in nodes {
            if !lines.isEmpty, !tight { lines.append("") }
            var alternate = false
            if case .list(let ordered, _, _) = node.kind {
                // Two lists in a row need different markers, or they merge into one.
                if let previous = previousList, previous.ordered == ordered { alternate = !previous.alternate }
                previousList = (ordered, alternate)
            } else {
                previousList = nil
            }
            lines += block(node, alternateMarker: alternate)
        }
        return lines
    }

    private static func block(_ node: Node, alternateMarker: Bool) -> [String] {
        switch node.kind {
        case .paragraph:
            return lines(inlines(node.children, hardBreaks: true))
        case .heading(let level):
            let text = lineStart(inlines(node.children, hardBreaks: false))
            let marks = String(repeating: "#", count: min(max(level, 1), 6))
            return [text.isEmpty ? marks : marks + " " + text]
        case .thematicBreak:
            return ["***"]
        case .blockQuote:
            return blocks(node.children, tight: false).map { $0.isEmpty ? ">" : "> " + $0 }
        case .list(let ordered, let start, let tight):
            return list(node.children, ordered: ordered, start: start, tight: tight, alternate: alternateMarker)
        case .codeBlock(let info, let literal):
            return codeBlock(info: info, literal: literal)
        case .document, .item:
            return blocks(node.children, tight: false)
        default:
            // An inline where a block belongs: written as a paragraph of it.
            return lines(inlines([node], hardBreaks: true))
        }
    }

    private static func list(_ items: [Node], ordered: Bool, start: Int, tight: Bool, alternate: Bool) -> [String] {
        var lines: [String] = []
        for (index, item) in items.enumerated() {
            if index > 0, !tight { lines.append("") }
            let marker =
                ordered
                ? "\(min(max(start, 0), 999_999_000) + index)" + (alternate ? ")" : ".")
                : (alternate ? "*" : "-")
            let indent = String(repeating: " ", count: marker.count + 1)
            let body = blocks(item.children, tight: tight)
            guard let first = body.first else {
                lines.append(marker)
                continue
            }
            lines.append(first.isEmpty ? marker : marker + " " + first)
            lines += body.dropFirst().map { $0.isEmpty ? "" : indent + $0 }
        }
        return lines
    }

    /// A fenced block, its fence longer than any run of backticks inside; the info string keeps
    /// only letters, digits and `+-_.#`.
    private static func codeBlock(info: String, literal: String) -> [String] {
        var longest = 0
        var run = 0
        for character in literal {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        let language = String(
            info.prefix { !$0.isWhitespace }.filter {
                $0.isASCII && ($0.isLetter || $0.isNumber || "+-_.#".contains($0))
            }.prefix(32))
        var body = literal
        while body.hasSuffix("\n") { body.removeLast() }
        let content = body.isEmpty ? [] : body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return [fence + language] + content.map { $0.replacingOccurrences(of: "\r", with: "") } + [fence]
    }

    /// Splits a paragraph's text at its hard breaks (each line but the last ends in `\`).
    private static func lines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { lineStart(String($0)) }
    }

    /// Leading spaces would make an indented code block: the first one is written as a reference.
    private static func lineStart(_ line: String) -> String {
        guard let first = line.first, first == " " || first == "\t" else { return line }
        return "&#32;" + line.dropFirst()
    }

    private static func inlines(_ nodes: [Node], hardBreaks: Bool) -> String {
        var out = ""
        for node in nodes { inline(node, hardBreaks: hardBreaks, into: &out) }
        return out
    }

    private static func inline(_ node: Node, hardBreaks: Bool, into out: inout String) {
        switch node.kind {
        case .text(let text):
            out += escapeText(text)
        case .softBreak:
            out += " "
        case .lineBreak:
            out += hardBreaks ? "\\\n" : " "
        case .code(let code):
            out += codeSpan(code)
        case .emphasis, .strong:
            let inner = inlines(node.children, hardBreaks: hardBreaks)
            guard !inner.isEmpty else { return }
            let mark = node.kind == .strong ? "**" : "*"
            out += mark + inner + mark
        case .link(let url, let title):
            let text = inlines(node.children, hardBreaks: false)
            guard BioLinkPolicy.allows(url), let destination = destination(url) else {
                out += text
                return
            }
            out += "[" + text + "](" + destination
            if !title.isEmpty { out += " \"" + escapeText(title) + "\"" }
            out += ")"
        default:
            // A block inside an inline cannot come from the parser; its text is kept.
            out += inlines(node.children, hardBreaks: hardBreaks)
        }
    }

    /// Text with every ASCII punctuation character escaped: `<`, `>` and `&` as character
    /// references (a renderer that drops a backslash still sees no tag), the rest with a
    /// backslash. Line breaks and tabs become spaces; other control characters are dropped.
    static func escapeText(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\t", "\n", "\r": out += " "
            case "!"..."/", ":"..."@", "["..."`", "{"..."~":
                out += "\\"
                out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A code span; code holding `<`, `>` or a line break is written as escaped text instead,
    /// so that no renderer that reads the backticks differently can turn it into a tag.
    private static func codeSpan(_ code: String) -> String {
        if code.isEmpty || code.contains(where: { $0 == "<" || $0 == ">" || $0.isNewline }) {
            return escapeText(code)
        }
        var longest = 0
        var run = 0
        for character in code {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let ticks = String(repeating: "`", count: longest + 1)
        let pad = code.hasPrefix("`") || code.hasSuffix("`") || code.hasPrefix(" ") || code.hasSuffix(" ") ? " " : ""
        return ticks + pad + code + pad + ticks
    }

    /// `url` percent-encoded to the characters a destination may hold anywhere: letters,
    /// digits and `-._~:/?#@!$*+,;=%[]&'`, with `%` only before two hex digits and `&` only
    /// where it cannot start a character reference. Nil when what is left is not a link a bio
    /// may keep.
    static func destination(_ url: String) -> String? {
        let bytes = Array(url.utf8)
        var out = ""
        out.reserveCapacity(bytes.count)
        for (index, byte) in bytes.enumerated() {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: "%") where index + 2 < bytes.count && isHex(bytes[index + 1]) && isHex(bytes[index + 2]):
                out += "%"
            case UInt8(ascii: "&") where startsReference(bytes, at: index):
                out += "%26"
            case _ where Array("-._~:/?#@!$*+,;=[]&'".utf8).contains(byte):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + hex(byte >> 4) + hex(byte & 0xF)
            }
        }
        return BioLinkPolicy.allows(out) ? out : nil
    }

    private static func isHex(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }

    private static func hex(_ nibble: UInt8) -> String {
        String(UnicodeScalar(nibble < 10 ? nibble + 0x30 : nibble + 0x37))
    }

    /// True when `&` at `index` is followed by letters, digits or `#` and then `;`.
    private static func startsReference(_ bytes: [UInt8], at index: Int) -> Bool {
        var next = index + 1
        while next < bytes.count, next - index <= 40 {
            let byte = bytes[next]
            if byte == UInt8(ascii: ";") { return next > index + 1 }
            let isName =
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "#")
            if !isName { return false }
            next += 1
        }
        return false
    }
}
