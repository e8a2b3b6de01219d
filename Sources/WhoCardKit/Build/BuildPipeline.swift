import Foundation

/// `whocard build`: checks an export and writes every accepted user's card files, the
/// stylesheet, the gallery, the manifest (last) and the build report.
public final class BuildPipeline {
    /// The card files written per user, by extension.
    public static let cardExtensions = ["html", "md", "json", "vcf"]

    private let checker: ExportChecker
    private let options: BuildOptions

    public init(checker: ExportChecker, options: BuildOptions) {
        self.checker = checker
        self.options = options
    }

    public func run() throws -> BuildResult {
        let start = Date()
        let root = options.outputDirectory
        var writer = OutputWriter(root: root, force: options.force)
        try writer.makeDirectory("")
        try writer.makeDirectory("cards")
        var notes: [String] = []
        let manifestPath = root + "/manifest.json"
        let previous: Manifest
        do {
            previous = try Manifest.load(from: manifestPath) ?? Manifest()
        } catch {
            notes.append("\(error)")
            previous = Manifest()
        }
        let previousFiles = Dictionary(previous.users.map { ($0.id, $0.files) }, uniquingKeysWith: { first, _ in first })

        let renderer = CardRenderer(templates: options.templates)
        var entries: [Manifest.Entry] = []
        var index: [IndexEntry] = []
        let report = try checker.run { profile in
            let card = try renderer.render(profile, file: self.checker.file)
            let old = previousFiles[profile.id] ?? [:]
            var files: [String: String] = [:]
            for (ext, content) in zip(Self.cardExtensions, [card.html, card.markdown, card.json, card.vcard]) {
                let name = "cards/\(profile.id).\(ext)"
                files[name] = try writer.write(content, to: name, previousHash: old[name])
            }
            entries.append(Manifest.Entry(id: profile.id, files: files))
            index.append(IndexEntry(id: profile.id, name: profile.name, provider: profile.provider, card: .link("cards/\(profile.id).html")))
            return card.warnings
        }

        var site: [String: String] = [:]
        site["whocard.css"] = try writer.write(options.templates.css, to: "whocard.css", previousHash: previous.site["whocard.css"])
        index.sort { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }
        let pageSize = max(1, options.indexPageSize)
        let pageCount = max(1, (index.count + pageSize - 1) / pageSize)
        for page in 1...pageCount {
            // The gallery shows each card inline: read back the fragments just written, a page at a time.
            let slice = index[min(index.count, (page - 1) * pageSize)..<min(index.count, page * pageSize)].map { entry in
                var inline = entry
                if let fragment = try? String(contentsOfFile: root + "/cards/\(entry.id).html", encoding: .utf8) {
                    inline.card = .fragment(fragment)
                }
                return inline
            }
            let html = try renderer.indexPage(entries: slice, page: page, pageCount: pageCount, cssHref: "whocard.css")
            let name = CardRenderer.indexFileName(page: page)
            site[name] = try writer.write(html, to: name, previousHash: previous.site[name])
        }
        for name in previous.site.keys where site[name] == nil { writer.remove(name) }

        let current = Set(entries.map(\.id))
        var removed: [String] = []
        for entry in previous.users where !current.contains(entry.id) {
            for name in entry.files.keys { writer.remove(name) }
            removed.append(entry.id)
        }
        removed.sort()

        try AtomicFile.write(Manifest(site: site, users: entries).encoded(), to: manifestPath)
        let result = BuildResult(
            report: report, cards: entries.count, written: writer.written, unchanged: writer.unchanged,
            removed: removed, notes: notes, elapsedSeconds: Date().timeIntervalSince(start))
        try AtomicFile.write(BuildReport(result: result).json(), to: root + "/report.json")
        return result
    }
}
