import Foundation

/// The QA gallery: every card inline, sorted by id, `pageSize` a page. A page is rendered only
/// when what it shows changed (its ids, their card digests, or the template). Pages are
/// independent, so they are made on `jobs` threads.
struct Gallery {
    let writer: OutputWriter
    let templates: TemplateLibrary
    let pageSize: Int
    var jobs = 1

    /// One page's outcome, collected in page order.
    private struct PageResult: Sendable {
        var key = ""
        var hash: String?
        var counts = OutputWriter.Counts()
        var failure: (any Error)?
    }

    private final class Results: @unchecked Sendable {
        var pages: [PageResult]
        init(_ count: Int) { pages = Array(repeating: PageResult(), count: count) }
    }

    func write(_ manifest: inout Manifest, previous: Manifest, counts: inout OutputWriter.Counts) throws {
        let renderer = CardRenderer(templates: templates)
        manifest.sortUsers()
        let users = manifest.users
        let size = max(1, pageSize)
        let pageCount = max(1, (users.count + size - 1) / size)
        // A change of template or stylesheet shows in an empty page's rendering.
        let templateKey = SHA256.hex(try renderer.indexPage(entries: [], page: 1, pageCount: 1, cssHref: TemplateLibrary.cssFileName))
        let writer = self.writer
        let results = Results(pageCount)
        let perJob = (pageCount + max(1, jobs) - 1) / max(1, jobs)
        DispatchQueue.concurrentPerform(iterations: min(max(1, jobs), pageCount)) { job in
            for page in (job * perJob + 1)...min(pageCount, (job + 1) * perJob) {
                var result = PageResult()
                do {
                    let slice = users[min(users.count, (page - 1) * size)..<min(users.count, page * size)]
                    let name = CardRenderer.indexFileName(page: page)
                    var key = templateKey + "\n\(page)/\(pageCount)\n"
                    for entry in slice { key += entry.id + " " + entry.digest.hex + "\n" }
                    result.key = SHA256.hex(key)
                    if !writer.force, previous.pages[name] == result.key, let hash = previous.site[name] {
                        result.hash = hash
                        result.counts.unchanged += 1
                    } else {
                        let entries = slice.map { entry -> IndexEntry in
                            if let fragment = Self.contents(of: writer.root + "/cards/\(entry.id).html") {
                                return IndexEntry(id: entry.id, name: nil, provider: nil, card: .fragment(fragment))
                            }
                            return IndexEntry(id: entry.id, name: nil, provider: nil, card: .link("cards/\(entry.id).html"))
                        }
                        let html = try renderer.indexPage(entries: entries, page: page, pageCount: pageCount, cssHref: TemplateLibrary.cssFileName)
                        result.hash = try writer.writeSite(html, to: name, previousHash: previous.site[name], counts: &result.counts)
                    }
                } catch {
                    result.failure = error
                }
                results.pages[page - 1] = result
            }
        }
        var site = manifest.site.filter { !$0.key.hasPrefix("index") }
        var pages: [String: String] = [:]
        for (offset, result) in results.pages.enumerated() {
            if let failure = result.failure { throw failure }
            let name = CardRenderer.indexFileName(page: offset + 1)
            pages[name] = result.key
            site[name] = result.hash
            counts.add(result.counts)
        }
        for name in previous.site.keys where name.hasPrefix("index") && site[name] == nil { writer.remove(name) }
        manifest.site = site
        manifest.pages = pages
    }

    /// The file's text, or `nil` when it cannot be read.
    private static func contents(of path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var stats = stat()
        guard fstat(fd, &stats) == 0 else { return nil }
        let size = Int(stats.st_size)
        var complete = true
        let text = String(unsafeUninitializedCapacity: size) { buffer in
            var offset = 0
            while offset < size {
                let n = read(fd, buffer.baseAddress! + offset, size - offset)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { complete = false; break }
                offset += n
            }
            return offset
        }
        return complete ? text : nil
    }
}
