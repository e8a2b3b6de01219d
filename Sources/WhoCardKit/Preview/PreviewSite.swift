import Foundation

/// The pages `whocard preview --serve` shows, rendered from the export and templates and kept
/// until ``invalidate()`` (a file changed).
///
/// - `/` (also `/index.html`), `/index-2.html`, …: the gallery, every card inline, sorted by id
/// - `/cards/<id>`: a user's standalone preview page
/// - `/whocard.css`: the stylesheet; `/_whocard/reload.js`: the live-reload script;
///   `/_whocard/preview.css`: the error pages' style; `/favicon.ico`: 204 No Content
///
/// Pages are the ones `whocard preview` writes, plus one external script that reloads them;
/// an error (export unreadable, template broken, unknown user) is a page too, so the server
/// keeps running while someone fixes the file. Safe to call from any thread.
///
/// Only pages that exist (status 200) are kept, at most ``cacheLimit`` of them (the oldest go
/// first): a client asking for endless distinct paths cannot grow the server's memory.
public final class PreviewSite: @unchecked Sendable {
    public let source: PreviewSource
    private let lock = NSLock()
    private var snapshot: Result<Snapshot, PreviewError>?
    private var pages: [String: PreviewResponse] = [:]
    /// Paths in ``pages``, oldest first.
    private var pageOrder: [String] = []
    private var pageOrderStart = 0
    private var generationNumber: Int
    private let launch: String

    /// Most pages kept rendered; each holds a gallery page or a card page (some kilobytes).
    public static let cacheLimit = 512

    /// Where the live-reload script is served.
    public static let reloadScriptPath = "/_whocard/reload.js"
    /// The stylesheet of the server's own pages (errors, not found).
    public static let stylesheetPath = "/_whocard/preview.css"
    /// The Server-Sent Events stream announcing a new ``generation``.
    public static let eventsPath = "/_whocard/events"

    /// The path of a user's page, `/cards/<id>` with the id percent-encoded.
    public static func cardPath(id: String) -> String {
        "/cards/" + PreviewPages.percentEncoded(id)
    }

    public init(source: PreviewSource) {
        self.source = source
        self.generationNumber = 1
        // A restarted server starts a new series, so pages open before the restart reload.
        self.launch = String(UInt64(Date().timeIntervalSince1970 * 1000), radix: 36)
    }

    /// Changes with every ``invalidate()``; pages carry the generation they were rendered at
    /// and reload when the server announces another one.
    public var generation: String {
        lock.withLock { "\(launch)-\(generationNumber)" }
    }

    /// Forgets everything rendered: the next request reads the export and templates again.
    public func invalidate() {
        lock.withLock {
            snapshot = nil
            pages = [:]
            pageOrder = []
            pageOrderStart = 0
            generationNumber += 1
        }
    }

    /// The answer to a GET of `path` (percent-encoded, without the query).
    public func response(for path: String) -> PreviewResponse {
        let path = path.removingPercentEncoding ?? path
        return lock.withLock {
            if let cached = pages[path] { return cached }
            let response = render(path)
            if response.status == 200 { keep(response, for: path) }
            return response
        }
    }

    /// The number of pages kept rendered (at most ``cacheLimit``).
    public var cachedPageCount: Int { lock.withLock { pages.count } }

    /// Adds a page to the cache, first dropping the oldest when it is full (under the lock).
    private func keep(_ response: PreviewResponse, for path: String) {
        if pages.count >= Self.cacheLimit {
            pages[pageOrder[pageOrderStart]] = nil
            pageOrderStart += 1
            if pageOrderStart >= Self.cacheLimit {
                pageOrder.removeFirst(pageOrderStart)
                pageOrderStart = 0
            }
        }
        pages[path] = response
        pageOrder.append(path)
    }

    // MARK: - Rendering (under the lock)

    private func render(_ path: String) -> PreviewResponse {
        if path == Self.reloadScriptPath {
            return PreviewResponse(
                status: 200, contentType: "text/javascript; charset=utf-8", body: PreviewPages.reloadScript)
        }
        if path == Self.stylesheetPath {
            return PreviewResponse(status: 200, contentType: "text/css; charset=utf-8", body: PreviewPages.stylesheet)
        }
        if path == "/favicon.ico" {  // browsers ask; "no icon" keeps their consoles clean
            return PreviewResponse(status: 204, contentType: "image/x-icon", body: "")
        }
        let loaded = loadSnapshot()
        if path == "/" + TemplateLibrary.cssFileName {
            let css = (try? loaded.get().library.css) ?? TemplateLibrary.defaults.css
            return PreviewResponse(status: 200, contentType: "text/css; charset=utf-8", body: css)
        }
        let snapshot: Snapshot
        switch loaded {
        case .success(let value): snapshot = value
        case .failure(let error): return page(PreviewPages.error(error), status: 500)
        }
        do throws(TemplateError) {
            if let page = Self.galleryPage(path) {
                return try gallery(page: page, snapshot)
            }
            if path.hasPrefix("/cards/") {
                return try card(id: String(path.dropFirst("/cards/".count)), snapshot)
            }
        } catch {
            return page(PreviewPages.error(.template(error)), status: 500)
        }
        return page(PreviewPages.notFound(path: path), status: 404)
    }

    private var currentGeneration: String { "\(launch)-\(generationNumber)" }

    /// 1 for `/` and `/index.html`, N for `/index-N.html`, nil otherwise.
    static func galleryPage(_ path: String) -> Int? {
        if path == "/" { return 1 }
        guard path.hasPrefix("/") else { return nil }
        return GalleryPaging.page(fileName: String(path.dropFirst()))
    }

    private func gallery(page: Int, _ snapshot: Snapshot) throws(TemplateError) -> PreviewResponse {
        let paging = GalleryPaging(userCount: snapshot.ids.count)
        let pageCount = paging.pageCount
        guard page <= pageCount else {
            return self.page(PreviewPages.notFound(path: GalleryPaging.fileName(page: page)), status: 404)
        }
        let renderer = snapshot.renderer
        let ids = snapshot.ids[paging.users(onPage: page)]
        var entries: [IndexEntry] = []
        var origins = Set<String>()
        for id in ids {
            guard let profile = snapshot.profiles[id] else { continue }
            entries.append(
                IndexEntry(
                    id: id, name: profile.name, provider: profile.provider,
                    card: .fragment(try renderer.html(profile, verified: source.verifications.links(for: id))))
            )
            if let origin = Self.avatarOrigin(profile) { origins.insert(origin) }
        }
        let html = try renderer.indexPage(
            entries: entries, page: page, pageCount: pageCount, cssHref: "/" + TemplateLibrary.cssFileName)
        return self.page(html, status: 200, imageOrigins: origins)
    }

    private func card(id: String, _ snapshot: Snapshot) throws(TemplateError) -> PreviewResponse {
        let renderer = snapshot.renderer
        if let profile = snapshot.profiles[id] {
            let html = try renderer.page(
                profile, cssHref: "/" + TemplateLibrary.cssFileName,
                verified: source.verifications.links(for: profile.id))
            return page(html, status: 200, imageOrigins: Self.avatarOrigin(profile).map { [$0] } ?? [])
        }
        if let findings = snapshot.rejected[id] {
            return page(PreviewPages.rejected(id: id, file: source.input, findings: findings), status: 404)
        }
        let suggestions = ProfileLookup.closest(to: id, in: snapshot.ids)
        return page(
            PreviewPages.unknownUser(id: id, file: source.input, users: snapshot.userCount, suggestions: suggestions),
            status: 404)
    }

    /// An HTML page with the live-reload script added.
    private func page(_ html: String, status: Int, imageOrigins: Set<String> = []) -> PreviewResponse {
        PreviewResponse(
            status: status, contentType: PreviewResponse.html,
            body: PreviewPages.addingReloadScript(to: html, generation: currentGeneration),
            contentSecurityPolicy: PreviewResponse.policy(imageOrigins: imageOrigins))
    }

    /// `scheme://host[:port]` of the profile's avatar, when it is a plain web origin.
    static func avatarOrigin(_ profile: ValidatedProfile) -> String? {
        guard let link = profile.avatar, let url = URL(string: link.normalized),
            let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
            let host = url.host?.lowercased(), !host.isEmpty,
            host.unicodeScalars.allSatisfy({
                $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "." || $0 == "-")
            })
        else { return nil }
        return scheme + "://" + host + (url.port.map { ":\($0)" } ?? "")
    }

    // MARK: - Reading the export

    private struct Snapshot {
        var library: TemplateLibrary
        var renderer: CardRenderer
        var profiles: [String: ValidatedProfile] = [:]
        /// Accepted ids, sorted like the build's gallery.
        var ids: [String] = []
        var rejected: [String: [Finding]] = [:]
        var userCount = 0
    }

    private func loadSnapshot() -> Result<Snapshot, PreviewError> {
        if let snapshot { return snapshot }
        let loaded = Result { () throws(PreviewError) -> Snapshot in try read() }
        snapshot = loaded
        return loaded
    }

    private func read() throws(PreviewError) -> Snapshot {
        let library: TemplateLibrary
        let renderer: CardRenderer
        do {
            library =
                try source.templates.map { url throws(TemplateError) in try TemplateLibrary(overrideDirectory: url) }
                ?? .defaults
            renderer = try CardRenderer(templates: library, options: source.card)
        } catch {
            throw .template(error)
        }
        var snapshot = Snapshot(library: library, renderer: renderer)
        do {
            let checker = try ExportChecker(
                path: source.input, format: source.inputFormat, fieldMap: source.fieldMap, delimiter: source.delimiter,
                records: source.records)
            while case let batch = try checker.nextBatch(limit: 1024), !batch.isEmpty {
                for row in batch {
                    guard case .record(let record, let id) = row else {
                        if case .rejected(let outcome) = row, let id = outcome.userID, snapshot.rejected[id] == nil,
                            snapshot.profiles[id] == nil
                        {
                            snapshot.rejected[id] = outcome.findings
                        }
                        continue
                    }
                    switch checker.validator.validate(record, file: source.input) {
                    case .accepted(let profile):
                        snapshot.profiles[profile.id] = profile
                    case .rejected(let userID, let findings):
                        if let key = userID ?? id { snapshot.rejected[key] = findings }
                    }
                }
            }
        } catch {
            throw .input(error)
        }
        snapshot.ids = snapshot.profiles.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        snapshot.userCount = snapshot.profiles.count + snapshot.rejected.count
        return snapshot
    }
}

/// Why the preview cannot show pages right now.
public enum PreviewError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The export cannot be read (missing, empty, no id column, …).
    case input(InputError)
    /// A template does not parse or render; it names the file, line and column.
    case template(TemplateError)

    public var description: String {
        switch self {
        case .input(let error): "\(error)"
        case .template(let error): "\(error)"
        }
    }
}
