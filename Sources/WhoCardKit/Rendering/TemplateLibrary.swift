import Foundation

/// The templates and label catalogues cards are rendered with: the defaults compiled into
/// whocard, each optionally replaced by a file of the same name in a `--templates` directory
/// (a catalogue by `locales/<tag>.json`, where a new file adds a language).
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
    /// Catalogue sources by lower-cased tag: the tag as the file names it, its JSON, its path.
    private var catalogues: [String: (tag: String, json: String, file: String)]

    /// The tags of every language there is a catalogue for, sorted.
    public var locales: [String] { catalogues.values.map(\.tag).sorted() }

    /// Loads the defaults, replacing each by `overrideDirectory/<file>` when that file exists.
    public init(overrideDirectory: URL?) throws(TemplateError) {
        var sources = DefaultTemplates.files
        var origin: [Name: String] = [:]
        var catalogueOrigin: [String: String] = [:]
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
            let locales = directory.appendingPathComponent("locales")
            let files = (try? FileManager.default.contentsOfDirectory(atPath: locales.path)) ?? []
            for file in files.sorted() where file.hasSuffix(".json") {
                let url = locales.appendingPathComponent(file)
                do {
                    sources["locales/" + file] = try String(contentsOf: url, encoding: .utf8)
                } catch {
                    throw TemplateError(
                        file: url.path,
                        message: "cannot read the locale catalogue as UTF-8 text (\(error.localizedDescription))")
                }
                catalogueOrigin["locales/" + file] = url.path
            }
        }
        try self.init(sources: sources, origin: origin, catalogueOrigin: catalogueOrigin)
    }

    private init(sources: [String: String], origin: [Name: String], catalogueOrigin: [String: String] = [:])
        throws(TemplateError)
    {
        var catalogues: [String: (tag: String, json: String, file: String)] = [:]
        for (file, json) in sources where file.hasPrefix("locales/") && file.hasSuffix(".json") {
            let tag = String(file.dropFirst("locales/".count).dropLast(".json".count))
            catalogues[tag.lowercased()] = (tag, json, catalogueOrigin[file] ?? file)
        }
        self.catalogues = catalogues
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

    /// The catalogue of language `tag` (matched without regard to case), missing keys filled
    /// in from English.
    public func catalogue(_ tag: String) throws(TemplateError) -> LocaleCatalogue {
        guard let english = catalogues[LocaleCatalogue.defaultTag] else {
            throw TemplateError(file: "locales/en.json", message: "the English catalogue is missing")
        }
        let base = try LocaleCatalogue(tag: english.tag, json: english.json, file: english.file, english: nil)
        guard tag.lowercased() != LocaleCatalogue.defaultTag else { return base }
        guard let source = catalogues[tag.lowercased()] else {
            throw TemplateError(
                file: "locales/\(tag).json",
                message:
                    "there is no catalogue for locale '\(tag)' (there are: \(locales.joined(separator: ", "))); "
                    + "add locales/\(tag).json to a --templates folder, starting from a copy of locales/en.json")
        }
        return try LocaleCatalogue(tag: source.tag, json: source.json, file: source.file, english: base)
    }

    /// The files `whocard templates init` writes: the default templates, the style sheet, the
    /// label catalogues and the README documenting the template variables, by relative path.
    public static var defaultFiles: [String] { DefaultTemplates.files.keys.sorted() }

    /// Writes ``defaultFiles`` into `directory` (created if needed), for `whocard templates init`.
    /// Unless `overwrite`, nothing is written when any of them exists:
    /// ``TemplateInitError/wouldOverwrite(_:)`` names them.
    public static func writeDefaults(to directory: URL, overwrite: Bool = false) throws {
        if !overwrite {
            let existing = defaultFiles.filter {
                FileManager.default.fileExists(atPath: directory.appendingPathComponent($0).path)
            }
            if !existing.isEmpty {
                throw TemplateInitError.wouldOverwrite(existing.map { directory.appendingPathComponent($0).path })
            }
        }
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("locales"), withIntermediateDirectories: true)
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
