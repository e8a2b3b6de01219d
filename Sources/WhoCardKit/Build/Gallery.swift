/// The QA gallery: every card inline, sorted by id, `pageSize` a page. A page is rendered only
/// when what it shows changed (its ids, their card digests, or the template).
struct Gallery {
    let writer: OutputWriter
    let templates: TemplateLibrary
    let pageSize: Int

    func write(_ manifest: inout Manifest, previous: Manifest, counts: inout OutputWriter.Counts) throws {
        let renderer = CardRenderer(templates: templates)
        manifest.sortUsers()
        let users = manifest.users
        let size = max(1, pageSize)
        let pageCount = max(1, (users.count + size - 1) / size)
        // A change of template or stylesheet shows in an empty page's rendering.
        let templateKey = SHA256.hex(try renderer.indexPage(entries: [], page: 1, pageCount: 1, cssHref: TemplateLibrary.cssFileName))
        var site = manifest.site.filter { !$0.key.hasPrefix("index") }
        var pages: [String: String] = [:]
        for page in 1...pageCount {
            let slice = users[min(users.count, (page - 1) * size)..<min(users.count, page * size)]
            let name = CardRenderer.indexFileName(page: page)
            var key = templateKey + "\n\(page)/\(pageCount)\n"
            for entry in slice { key += entry.id + " " + entry.digest.hex + "\n" }
            let pageKey = SHA256.hex(key)
            pages[name] = pageKey
            if !writer.force, previous.pages[name] == pageKey, let hash = previous.site[name] {
                site[name] = hash
                counts.unchanged += 1
                continue
            }
            let entries = slice.map { entry -> IndexEntry in
                let path = writer.root + "/cards/\(entry.id).html"
                if let fragment = try? String(contentsOfFile: path, encoding: .utf8) {
                    return IndexEntry(id: entry.id, name: nil, provider: nil, card: .fragment(fragment))
                }
                return IndexEntry(id: entry.id, name: nil, provider: nil, card: .link("cards/\(entry.id).html"))
            }
            let html = try renderer.indexPage(entries: entries, page: page, pageCount: pageCount, cssHref: TemplateLibrary.cssFileName)
            site[name] = try writer.writeSite(html, to: name, previousHash: previous.site[name], counts: &counts)
        }
        for name in previous.site.keys where name.hasPrefix("index") && site[name] == nil { writer.remove(name) }
        manifest.site = site
        manifest.pages = pages
    }
}

import Foundation
