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
}
