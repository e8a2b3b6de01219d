/// A Mustache template parsed once into a node tree, rendered by appending into one string.
///
/// Supports the Mustache spec's variables (`{{x}}`, `{{{x}}}`, `{{&x}}`), sections
/// (`{{#x}}…{{/x}}`), inverted sections (`{{^x}}…{{/x}}`), comments (`{{! … }}`), dotted names,
/// the implicit iterator `{{.}}` and standalone lines (a line holding only a section, inverted,
/// close or comment tag and whitespace disappears from the output). Partials, set-delimiter
/// tags, pragmas and inheritance are rejected with a ``TemplateError``.
///
/// Values arrive escaped for the output format (see ``TemplateValue``), so every form of
/// variable prints its text as is.
struct CompiledTemplate: Sendable {
    /// The file name errors are reported against.
    let file: String
    private let nodes: [Node]
    private let capacity: Int

    enum Node: Sendable {
        /// Literal text, kept as UTF-8 bytes: appending bytes to a byte buffer is several
        /// times cheaper than appending strings to a `String`.
        case text([UInt8])
        case variable(Name)
        case section(Name, [Node], inverted: Bool)
    }

    /// A possibly dotted name; `first == nil` is the implicit iterator `.`.
    struct Name: Sendable {
        let first: TemplateKey?
        let rest: [TemplateKey]
    }

    /// Parses `source`; `file` names the template in errors.
    init(_ source: String, file: String) throws(TemplateError) {
        var parser = TemplateParser(source: source, file: file)
        nodes = try parser.parse()
        self.file = file
        capacity = parser.literalBytes + parser.literalBytes / 2 + 256
    }

    /// Renders the template with `context` as the root of the context stack.
    func render(_ context: TemplateObject) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(capacity)
        var stack: [TemplateValue] = [.object(context)]
        stack.reserveCapacity(8)
        Self.render(nodes, stack: &stack, into: &output)
        // Every piece is valid UTF-8 (template text and Swift strings), so this never repairs.
        return String(decoding: output, as: UTF8.self)
    }

    @inline(__always)
    private static func append(_ text: String, to output: inout [UInt8]) {
        if text.utf8.withContiguousStorageIfAvailable({ output.append(contentsOf: $0) }) == nil {
            output.append(contentsOf: text.utf8)
        }
    }

    private static func render(_ nodes: [Node], stack: inout [TemplateValue], into output: inout [UInt8]) {
        for node in nodes {
            switch node {
            case .text(let text):
                output.append(contentsOf: text)
            case .variable(let name):
                switch resolve(name, in: stack) {
                case .text(let text)?: append(text, to: &output)
                case .bool(let value)?: append(value ? "true" : "false", to: &output)
                case .object?, .list?, nil: break
                }
            case .section(let name, let children, let inverted):
                let value = resolve(name, in: stack)
                if inverted {
                    if !(value?.isTruthy ?? false) { render(children, stack: &stack, into: &output) }
                    continue
                }
                guard let value, value.isTruthy else { continue }
                switch value {
                case .bool:
                    render(children, stack: &stack, into: &output)
                case .list(let items):
                    for item in items {
                        stack.append(item)
                        render(children, stack: &stack, into: &output)
                        stack.removeLast()
                    }
                case .text, .object:
                    stack.append(value)
                    render(children, stack: &stack, into: &output)
                    stack.removeLast()
                }
            }
        }
    }

    /// The first name part is looked up from the top of the stack down; the other parts
    /// inside the value found.
    private static func resolve(_ name: Name, in stack: [TemplateValue]) -> TemplateValue? {
        guard let first = name.first else { return stack.last }
        var found: TemplateValue?
        var index = stack.count - 1
        while index >= 0 {
            if case .object(let object) = stack[index], let child = object[first] {
                found = child
                break
            }
            index -= 1
        }
        for key in name.rest {
            guard case .object(let object)? = found else { return nil }
            found = object[key]
        }
        return found
    }
}

/// Turns template source into ``CompiledTemplate/Node``s, applying the standalone-line rules.
private struct TemplateParser {
    typealias Node = CompiledTemplate.Node

    private let bytes: [UInt8]
    private let file: String
    /// Bytes of literal text kept, to size the output buffer.
    private(set) var literalBytes = 0

    /// An open section: its tag, where it starts, and the nodes collected so far.
    private struct Frame {
        var name: CompiledTemplate.Name?
        var nameText: String
        var tag: String
        var offset: Int
        var inverted: Bool
        var nodes: [Node] = []
    }

    init(source: String, file: String) {
        bytes = Array(source.utf8)
        self.file = file
    }

    private static let open = UInt8(ascii: "{"), close = UInt8(ascii: "}")
    private static let newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")

    mutating func parse() throws(TemplateError) -> [Node] {
        var frames = [Frame(name: nil, nameText: "", tag: "", offset: 0, inverted: false)]
        var textStart = 0
        var atLineStart = true  // the previous tag was standalone, or nothing came before
        var position = 0
        while let tagStart = findTagStart(from: position) {
            let tag = try readTag(at: tagStart)
            var textEnd = tagStart
            var next = tag.end
            if tag.kind.canStandAlone,
                let lineEnd = standaloneLineEnd(
                    tagStart: tagStart, tagEnd: tag.end, textStart: textStart, atLineStart: atLineStart)
            {
                textEnd = lineStart(before: tagStart)
                next = lineEnd
                atLineStart = true
            } else {
                atLineStart = false
            }
            appendText(textStart, textEnd, to: &frames[frames.count - 1].nodes)
            textStart = next
            position = next

            switch tag.kind {
            case .comment:
                break
            case .variable:
                frames[frames.count - 1].nodes.append(.variable(try name(tag)))
            case .section, .inverted:
                frames.append(
                    Frame(
                        name: try name(tag), nameText: tag.name, tag: tag.text, offset: tagStart,
                        inverted: tag.kind == .inverted))
            case .close:
                guard frames.count > 1, let frame = frames.popLast(), let opened = frame.name else {
                    throw error(
                        at: tagStart,
                        "closes a section that was never opened (remove it or add {{#\(tag.name)}} before it)",
                        tag: tag.text)
                }
                guard frame.nameText == tag.name else {
                    let (line, column) = location(of: frame.offset)
                    throw error(
                        at: tagStart,
                        "section closed with a different name than it was opened with ({{/name}} must match {{#name}}; `\(frame.tag)` is open since \(line):\(column))",
                        tag: tag.text)
                }
                frames[frames.count - 1].nodes.append(.section(opened, frame.nodes, inverted: frame.inverted))
            case .unsupported(let what):
                throw error(at: tagStart, what, tag: tag.text)
            }
        }
        appendText(textStart, bytes.count, to: &frames[frames.count - 1].nodes)
        if frames.count > 1, let frame = frames.last {
            throw error(at: frame.offset, "section is never closed (add {{/\(frame.nameText)}})", tag: frame.tag)
        }
        return frames[0].nodes
    }

    // MARK: Tags

    private enum Kind: Equatable {
        case variable, section, inverted, close, comment
        case unsupported(String)

        var canStandAlone: Bool { self != .variable }
    }

    private struct Tag {
        var kind: Kind
        var name: String
        var text: String
        var end: Int
    }

    private func findTagStart(from position: Int) -> Int? {
        var index = position
        while index + 1 < bytes.count {
            if bytes[index] == Self.open && bytes[index + 1] == Self.open { return index }
            index += 1
        }
        return nil
    }

    private func find(_ closing: [UInt8], from position: Int) -> Int? {
        var index = position
        while index + closing.count <= bytes.count {
            if bytes[index] == closing[0], bytes[index..<index + closing.count].elementsEqual(closing) { return index }
            index += 1
        }
        return nil
    }

    private func readTag(at start: Int) throws(TemplateError) -> Tag {
        let triple = start + 2 < bytes.count && bytes[start + 2] == Self.open
        let closing: [UInt8] = triple ? [Self.close, Self.close, Self.close] : [Self.close, Self.close]
        let contentStart = start + (triple ? 3 : 2)
        guard let contentEnd = find(closing, from: contentStart) else {
            var lineEnd = start
            while lineEnd < bytes.count, bytes[lineEnd] != Self.newline { lineEnd += 1 }
            let rest = String(decoding: bytes[start..<lineEnd], as: UTF8.self)
            let expected = triple ? "}}}" : "}}"
            throw error(
                at: start, "unexpected end of template (a tag is not closed with \(expected))",
                tag: String(rest.trimmingTrailingWhitespace().prefix(80)))
        }
        let end = contentEnd + closing.count
        let text = String(decoding: bytes[start..<end], as: UTF8.self)
        var content = bytes[contentStart..<contentEnd]
        if triple {
            return Tag(kind: .variable, name: Self.trimmed(content), text: text, end: end)
        }
        let kind: Kind
        switch content.first {
        case UInt8(ascii: "#"): kind = .section
        case UInt8(ascii: "^"): kind = .inverted
        case UInt8(ascii: "/"): kind = .close
        case UInt8(ascii: "!"): kind = .comment
        case UInt8(ascii: "&"): kind = .variable
        case UInt8(ascii: ">"):
            kind = .unsupported("partials are not supported; paste the partial's text in its place")
        case UInt8(ascii: "="):
            kind = .unsupported("set-delimiter tags are not supported; keep {{ and }}")
        case UInt8(ascii: "%"):
            kind = .unsupported(
                "pragmas are not supported; values are already escaped for the output format, so remove it")
        case UInt8(ascii: "$"), UInt8(ascii: "<"):
            kind = .unsupported("template inheritance ({{$block}}, {{<parent}}) is not supported")
        default:
            return Tag(kind: .variable, name: Self.trimmed(content), text: text, end: end)
        }
        content = content.dropFirst()
        return Tag(kind: kind, name: Self.trimmed(content), text: text, end: end)
    }

    private static func trimmed(_ content: ArraySlice<UInt8>) -> String {
        var slice = content
        while let first = slice.first, isSpace(first) { slice = slice.dropFirst() }
        while let last = slice.last, isSpace(last) { slice = slice.dropLast() }
        return String(decoding: slice, as: UTF8.self)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private func name(_ tag: Tag) throws(TemplateError) -> CompiledTemplate.Name {
        let start = tag.end - tag.text.utf8.count
        if tag.name.isEmpty {
            throw error(at: start, "tag has no name; write a name such as {{name}}", tag: tag.text)
        }
        if tag.name.utf8.contains(where: { Self.isSpace($0) || $0 == Self.open || $0 == Self.close }) {
            throw error(
                at: start, "tag name contains spaces or braces; a name is one word such as {{name}} or {{avatar.url}}",
                tag: tag.text)
        }
        if tag.name == "." { return CompiledTemplate.Name(first: nil, rest: []) }
        let parts = tag.name.split(separator: ".", omittingEmptySubsequences: false)
        if parts.contains(where: \.isEmpty) {
            throw error(at: start, "dotted name has an empty part; write {{a.b}} or {{.}}", tag: tag.text)
        }
        return CompiledTemplate.Name(
            first: TemplateKey(String(parts[0])), rest: parts.dropFirst().map { TemplateKey(String($0)) })
    }

    // MARK: Standalone lines

    /// Where the line after a standalone tag starts, or nil when the tag shares its line
    /// with text or another tag.
    private func standaloneLineEnd(tagStart: Int, tagEnd: Int, textStart: Int, atLineStart: Bool) -> Int? {
        let start = lineStart(before: tagStart)
        if start > textStart {
            guard bytes[start - 1] == Self.newline else { return nil }
        } else if !atLineStart {
            return nil  // the previous tag ends on this line
        }
        var index = tagEnd
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        if index == bytes.count { return index }
        if bytes[index] == Self.newline { return index + 1 }
        if bytes[index] == Self.carriageReturn, index + 1 < bytes.count, bytes[index + 1] == Self.newline {
            return index + 2
        }
        return nil
    }

    /// The offset of the first byte of the run of spaces and tabs that ends at `offset`.
    private func lineStart(before offset: Int) -> Int {
        var index = offset
        while index > 0, bytes[index - 1] == 0x20 || bytes[index - 1] == 0x09 { index -= 1 }
        return index
    }

    private mutating func appendText(_ start: Int, _ end: Int, to nodes: inout [Node]) {
        guard end > start else { return }
        let text = String(decoding: bytes[start..<end], as: UTF8.self)
        literalBytes += end - start
        if case .text(let previous)? = nodes.last {
            nodes[nodes.count - 1] = .text(previous + Array(text.utf8))
        } else {
            nodes.append(.text(Array(text.utf8)))
        }
    }

    // MARK: Errors

    /// 1-based line and column (in Unicode scalars) of a byte offset.
    private func location(of offset: Int) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for byte in bytes[..<min(offset, bytes.count)] {
            if byte == Self.newline {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }

    private func error(at offset: Int, _ problem: String, tag: String) -> TemplateError {
        let (line, column) = location(of: offset)
        return TemplateError(file: file, line: line, column: column, message: "\(problem) in `\(tag)`")
    }
}

extension String {
    fileprivate func trimmingTrailingWhitespace() -> String {
        var result = Substring(self)
        while let last = result.last, last.isWhitespace { result = result.dropLast() }
        return String(result)
    }
}
