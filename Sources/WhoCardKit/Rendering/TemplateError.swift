import Foundation
import Mustache

/// A template that cannot be read, parsed or rendered, with the position of the problem.
public struct TemplateError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The template's file name, e.g. `card.html.mustache` (a path for files in `--templates`).
    public var file: String
    /// 1-based line of the offending tag, when known.
    public var line: Int?
    /// 1-based column of the offending tag, when known.
    public var column: Int?
    /// What is wrong and how to fix it.
    public var message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:column: error: message`, the form editors and CI logs link to.
    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        return "\(location): error: \(message)"
    }

    /// Wraps a swift-mustache parser error; `columnShift` undoes text whocard put before line 1.
    init(file: String, parserError: MustacheTemplate.ParserError, columnShift: Int) {
        let line = parserError.context.lineNumber
        var column = parserError.context.columnNumber
        if line == 1 { column = max(1, column - columnShift) }
        var text = parserError.context.line
        if line == 1, text.hasPrefix(TemplateLibrary.pragma) { text = String(text.dropFirst(TemplateLibrary.pragma.count)) }
        let tag = String(text.trimmingCharacters(in: .whitespaces).prefix(80))
        self.init(file: file, line: line, column: column,
                  message: "\(Self.explain(parserError.error)) in `\(tag)`")
    }

    private static func explain(_ error: any Error) -> String {
        guard let error = error as? MustacheTemplate.Error else {
            // swift-mustache's reader reports running off the end of the text as "overflow".
            return "\(error)" == "overflow" ? "unexpected end of template (a tag is not closed with }})" : "\(error)"
        }
        switch error {
        case .sectionCloseNameIncorrect:
            return "section closed with a different name than it was opened with ({{/name}} must match {{#name}})"
        case .unfinishedName: return "tag is not closed with }}"
        case .expectedSectionEnd: return "section is never closed (add {{/name}})"
        case .invalidSetDelimiter: return "set-delimiter tag is malformed"
        case .transformAppliedToInheritanceSection: return "transforms cannot be applied to an inheritance section"
        case .illegalTokenInsideInheritSection: return "only block definitions may appear inside a partial's inherit section"
        case .textInsideInheritSection: return "text is not allowed inside a partial's inherit section"
        case .invalidConfigVariableSyntax: return "pragma is malformed; use {{% NAME: value}}"
        case .unrecognisedConfigVariable: return "unknown pragma or content type"
        }
    }
}
