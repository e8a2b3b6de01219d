import Foundation

/// The templates cards are rendered with: the defaults compiled into whocard, each optionally
/// replaced by a file of the same name in a `--templates` directory.
///
/// Every value a template receives is already escaped for the template's output format, so
/// `{{name}}` and `{{{name}}}` print the same thing (see Templates/README.md).
public struct TemplateLibrary: Sendable {
    /// A template file whocard renders with.
    enum Name: String, CaseIterable, Sendable {
        case cardHTML = "card.html.mustache"
        case cardMarkdown = "card.md.mustache"
        case page = "page.html.mustache"
        case index = "index.html.mustache"
    }

    /// The style sheet shipped next to pages (`whocard.css`).
    public static let cssFileName = "whocard.css"

    /// The compiled-in templates.
    public static let defaults: TemplateLibrary = {
        do {
            return try TemplateLibrary(sources: DefaultTemplates.files, origin: [:])
        } catch {
            preconditionFailure("A compiled-in template does not parse: \(error)")
        }
    }()

    /// The style sheet pages link to.
    public var css: String

    /// SHA-256 of the card templates' sources: a build re-renders every card when it changes.
    public let fingerprint: String

    private var templates: [Name: CompiledTemplate]
    private var origin: [Name: String]

    /// Loads the defaults, replacing each by `overrideDirectory/<file>` when that file exists.
    public init(overrideDirectory: URL?) throws(TemplateError) {
        var sources = DefaultTemplates.files
        var origin: [Name: String] = [:]
        if let directory = overrideDirectory {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory),
                isDirectory.boolValue
            else {
                throw TemplateError(
                    file: directory.path,
                    message:
                        "template directory does not exist; create it with `whocard templates init \(directory.path)`")
            }
            for file in Name.allCases.map(\.rawValue) + [Self.cssFileName] {
                let url = directory.appendingPathComponent(file)
                guard FileManager.default.fileExists(atPath: url.path) else { continue }
                do {
                    sources[file] = try String(contentsOf: url, encoding: .utf8)
                } catch {
                    throw TemplateError(
                        file: url.path,
                        message: "cannot read the template as UTF-8 text (\(error.localizedDescription))")
                }
                if let name = Name(rawValue: file) { origin[name] = url.path }
            }
        }
        try self.init(sources: sources, origin: origin)
    }

    private init(sources: [String: String], origin: [Name: String]) throws(TemplateError) {
        var templates: [Name: CompiledTemplate] = [:]
        for name in Name.allCases {
            let file = origin[name] ?? name.rawValue
            templates[name] = try Self.parse(sources[name.rawValue] ?? "", file: file)
        }
        self.templates = templates
        self.origin = origin
        self.fingerprint = SHA256.hex(
            [Name.cardHTML, .cardMarkdown].map { "\($0.rawValue)\n\(sources[$0.rawValue] ?? "")" }.joined(
                separator: "\u{0}"))
        self.css = sources[Self.cssFileName] ?? ""
    }

    /// Writes the default templates, the style sheet and the README documenting the template
    /// variables into `directory` (created if needed), for `whocard templates init`.
    /// Existing files are overwritten.
    public static func writeDefaults(to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (file, contents) in DefaultTemplates.files.sorted(by: { $0.key < $1.key }) {
            try Data(contents.utf8).write(to: directory.appendingPathComponent(file), options: .atomic)
        }
    }

    private static func parse(_ source: String, file: String) throws(TemplateError) -> CompiledTemplate {
        // Values arrive escaped for the output format (see CardContext), so the engine
        // prints every variable as is.
        try CompiledTemplate(source, file: file)
    }

    /// Renders `context` with the template `name`.
    func render(_ name: Name, _ context: TemplateObject) throws(TemplateError) -> String {
        guard let template = templates[name] else {
            throw TemplateError(file: origin[name] ?? name.rawValue, message: "template is missing")
        }
        return template.render(context)
    }
}
