import Foundation
import Synchronization

/// The QA gallery: every card inline, sorted by id, `pageSize` a page. A page is made again
/// only when what it shows changed (its ids, their card digests, or the template), and then
/// mostly copied: an unchanged card's HTML is taken from the previous page that held it (one
/// sequential read of that page) rather than from its card file, which at a million users
/// means a thousand reads instead of a million; a card rendered by this build is copied from
/// the build's ``CardSpill``. Pages are independent, so they are made on
/// `jobs` threads; each replaces its old version as soon as no page still to be made may copy
/// cards from that version (its own and its neighbours'), which frees the old page's memory
/// for the next (writing into recycled memory is about twice as fast as into fresh).
struct Gallery {
    let writer: OutputWriter
    let templates: TemplateLibrary
    let pageSize: Int
    var jobs = 1
    /// This build's rendered HTML cards (see ``Manifest/Entry/spilledRange``).
    var spill: CardSpill?
    /// The findings listed under each user's card.
    var findings = GalleryFindings()

    /// What the gallery needs of the previous build: its pages' keys, and which
    /// page showed which users, to find an unchanged card's HTML in an old page.
    struct Previous: Sendable {
        var site: [String: String] = [:]
        var pages: [String: String] = [:]
        /// The first id of each old page, in page order; empty when the old pages cannot be used.
        var firstIDs: [String] = []
        /// The old pages are the ones `pages` describes: a page whose key is unchanged is left alone.
        var trusted = false

        init() {}

        /// `manifest`'s users must be sorted. `trusted` says the old pages are the ones the
        /// manifest describes: the build that wrote them finished.
        init(_ manifest: Manifest, trusted: Bool) {
            site = manifest.site
            pages = manifest.pages
            self.trusted = trusted
            if trusted, let size = manifest.pageSize, !manifest.users.isEmpty {
                firstIDs = stride(from: 0, to: manifest.users.count, by: size).map { manifest.users[$0].id }
            }
        }

        /// The old pages (0-based) a new page showing `users` may copy cards from.
        func oldPages(copiedBy users: Slice<UnsafeMutableBufferPointer<Manifest.Entry>>) -> Range<Int> {
            guard let first = users.first, let last = users.last, let end = page(of: last.id) else { return 0..<0 }
            return (page(of: first.id) ?? 0)..<end + 1
        }

        /// The old page (0-based) that showed user `id`.
        func page(of id: String) -> Int? {
            var low = 0, high = firstIDs.count
            while low < high {
                let middle = (low + high) / 2
                if Manifest.precedes(id, firstIDs[middle]) { high = middle } else { low = middle + 1 }
            }
            return low == 0 ? nil : low - 1
        }
    }

    /// One page's outcome, collected in page order.
    private struct PageResult: Sendable {
        var key = ""
        var counts = OutputWriter.Counts()
        var pending: AtomicFile.Pending?
        var failure: (any Error)?
    }

    /// The pages' outcomes, shared by the jobs; a made page replaces its old version as soon
    /// as no page still to be made may copy cards from that version.
    private final class Results: Sendable {
        private struct State {
            /// A page's `pending` is set once it is made, and cleared once it replaced its old version.
            var pages: [PageResult]
            /// Per old page: how many pages not made yet may copy cards from it.
            var readers: [Int]
            var failed = false
        }

        /// Per page (0-based): the old pages it may copy cards from.
        private let copied: [Range<Int>]
        private let state: Mutex<State>

        init(copied: [Range<Int>], oldPages: Int) {
            var readers = Array(repeating: 0, count: oldPages)
            for old in copied { for page in old.clamped(to: readers.indices) { readers[page] += 1 } }
            self.copied = copied
            state = Mutex(State(pages: Array(repeating: PageResult(), count: copied.count), readers: readers))
        }

        /// Records page `index`'s outcome and replaces the old versions, of the pages made so
        /// far, that no page still to be made may copy from.
        func finish(_ index: Int, _ result: PageResult) {
            let ready: [(Int, AtomicFile.Pending)] = state.withLock { state in
                state.pages[index] = result
                if result.failure != nil { state.failed = true }
                let old = copied[index].clamped(to: state.readers.indices)
                for page in old { state.readers[page] -= 1 }
                guard !state.failed else { return [] }
                var ready: [(Int, AtomicFile.Pending)] = []
                for page in [index] + Array(old)
                where page < state.pages.count && (page >= state.readers.count || state.readers[page] == 0) {
                    if let pending = state.pages[page].pending {
                        state.pages[page].pending = nil
                        ready.append((page, pending))
                    }
                }
                return ready
            }
            for (page, pending) in ready {
                do throws(FileWriteError) { try pending.commit() } catch {
                    state.withLock { state in
                        state.pages[page].failure = error
                        state.failed = true
                    }
                }
            }
        }

        /// Once every page is made: the outcomes in page order, or the first failure (the
        /// pages not yet in place are then discarded).
        func outcomes() throws -> [PageResult] {
            let pages = state.withLock { $0.pages }
            if let failure = pages.lazy.compactMap(\.failure).first {
                for page in pages { page.pending?.discard() }
                throw failure
            }
            return pages
        }
    }

    /// The manifest's users, shared by the jobs: each reads and records places only for the
    /// users of its own pages.
    private struct SharedUsers: @unchecked Sendable {
        let buffer: UnsafeMutableBufferPointer<Manifest.Entry>

        /// The users of page `page` (1-based).
        func of(page: Int, _ paging: GalleryPaging) -> Slice<UnsafeMutableBufferPointer<Manifest.Entry>> {
            buffer[paging.users(onPage: page)]
        }
    }

    /// Writes the pages for `manifest`'s users, and records in the manifest each page's key and
    /// each user's place in their page.
    func write(_ manifest: inout Manifest, previous: Previous, counts: inout OutputWriter.Counts) throws {
        manifest.sortUsers()
        let paging = GalleryPaging(userCount: manifest.users.count, pageSize: pageSize)
        let pageCount = paging.pageCount
        let renderer = CardRenderer(templates: templates)
        // A change of template or stylesheet shows in an empty page's rendering.
        let templateKey = SHA256.hex(
            try renderer.indexPage(entries: [], page: 1, pageCount: 1, cssHref: TemplateLibrary.cssFileName))
        let source = writer.force ? Previous() : previous
        let perJob = (pageCount + max(1, jobs) - 1) / max(1, jobs)
        let jobCount = min(max(1, jobs), pageCount)
        let results = manifest.users.withUnsafeMutableBufferPointer { buffer in
            let users = SharedUsers(buffer: buffer)
            let results = Results(
                copied: (1...pageCount).map { source.oldPages(copiedBy: users.of(page: $0, paging)) },
                oldPages: source.firstIDs.count)
            DispatchQueue.concurrentPerform(iterations: jobCount) { job in
                var oldPages = OldPages(root: writer.root, previous: source, spill: spill)
                for page in (job * perJob + 1)...min(pageCount, (job + 1) * perJob) {
                    var result = PageResult()
                    do {
                        result = try makePage(
                            page, of: pageCount, users: users.of(page: page, paging), templateKey: templateKey,
                            renderer: renderer, previous: previous, oldPages: &oldPages)
                    } catch {
                        result.failure = error
                    }
                    results.finish(page - 1, result)
                }
            }
            return results
        }
        var pages: [String: String] = [:]
        for (offset, result) in try results.outcomes().enumerated() {
            pages[GalleryPaging.fileName(page: offset + 1)] = result.key
            counts.add(result.counts)
        }
        let old =
            previous.pages.keys.filter { $0.hasPrefix("index") } + previous.site.keys.filter { $0.hasPrefix("index") }
        for name in Set(old) where pages[name] == nil { writer.remove(name) }
        // Earlier manifests listed the pages under "site" too.
        manifest.site = manifest.site.filter { !$0.key.hasPrefix("index") }
        manifest.pages = pages
        manifest.pageSize = paging.pageSize
    }

    /// Page `page`: left alone when its key (template, position, ids, card digests) is the
    /// previous one, else made and written under a temporary name. Records each user's place.
    private func makePage(
        _ page: Int, of pageCount: Int, users: Slice<UnsafeMutableBufferPointer<Manifest.Entry>>, templateKey: String,
        renderer: CardRenderer, previous: Previous, oldPages: inout OldPages
    ) throws -> PageResult {
        var result = PageResult()
        let slice = ArraySlice(users)
        let name = GalleryPaging.fileName(page: page)
        var key = templateKey + "\n\(page)/\(pageCount)\n"
        for entry in slice {
            key += entry.id + " " + entry.digest.hex + "\n"
            for finding in findings[entry.id] {
                key +=
                    "  \(finding.severity.rawValue) \(finding.rule) \(finding.line) \(finding.field ?? "") "
                    + "\(finding.value ?? "")\u{0}\(finding.message)\u{0}\(finding.hint)\n"
            }
        }
        result.key = SHA256.hex(key)
        let path = writer.root + "/" + name
        if !writer.force, previous.trusted, previous.pages[name] == result.key,
            FileManager.default.fileExists(atPath: path)
        {
            result.counts.unchanged += 1
            return result
        }
        var html: [UInt8]
        let ranges: [Range<Int>?]
        if let laidOut = try Self.assemble(
            slice, page: page, pageCount: pageCount, renderer: renderer, findings: findings, oldPages: &oldPages)
        {
            (html, ranges) = laidOut
        } else {
            let entries = slice.map { user in
                var entry = Self.entry(user, root: writer.root)
                entry.findings = findings[user.id]
                return entry
            }
            html = Array(
                try renderer.indexPage(
                    entries: entries, page: page, pageCount: pageCount, cssHref: TemplateLibrary.cssFileName
                ).utf8)
            ranges = Array(repeating: nil, count: slice.count)
        }
        for (index, range) in zip(users.indices, ranges) { users.base[index].galleryRange = range }
        // No content hash: 2.6 GB of pages at a million users would cost more than the rest of
        // a 1 %-changed rebuild. The key says what a page shows.
        if !writer.force, OutputWriter.file(at: path, equals: html) {
            result.counts.unchanged += 1
        } else {
            result.pending = try AtomicFile.prepare(to: path, oldVersions: writer.oldVersions) {
                (file: inout AtomicFile.AppendingFile) throws(FileWriteError) in
                try file.append(html)
            }
            result.counts.written += 1
        }
        return result
    }

    /// A user's entry for a page rendered from card files: their card inline, or a link when
    /// the file cannot be read.
    private static func entry(_ user: Manifest.Entry, root: String) -> IndexEntry {
        if let fragment = OutputWriter.contents(of: root + "/cards/\(user.id).html") {
            return IndexEntry(
                id: user.id, name: nil, provider: nil, card: .fragment(String(decoding: fragment, as: UTF8.self)))
        }
        return IndexEntry(id: user.id, name: nil, provider: nil, card: .link("cards/\(user.id).html"))
    }

    /// Marks a card's place in a page while it is laid out: not found in the page if the
    /// template escapes the card (the characters escaping changes), nor in an id or a card.
    private static let placeholder = "\u{1}<whocard card \"&>\u{1}"

    /// The page made from its layout (the template rendered around placeholders) with each
    /// card's HTML copied from an old page or read from its file; and each card's place.
    /// `nil` when the template does not show each card exactly once as is, or a card file is
    /// missing: the page is then rendered from the card files.
    private static func assemble(
        _ users: ArraySlice<Manifest.Entry>, page: Int, pageCount: Int, renderer: CardRenderer,
        findings: GalleryFindings, oldPages: inout OldPages
    ) throws -> ([UInt8], [Range<Int>?])? {
        let layout = try renderer.indexPage(
            entries: users.map {
                IndexEntry(
                    id: $0.id, name: nil, provider: nil, card: .fragment(placeholder), findings: findings[$0.id])
            },
            page: page, pageCount: pageCount, cssHref: TemplateLibrary.cssFileName)
        let text = Array(layout.utf8)
        let pieces = Self.pieces(of: text, around: Array(placeholder.utf8))
        guard pieces.count == users.count + 1 else { return nil }
        var html: [UInt8] = []
        html.reserveCapacity(text.count + users.count * 3_000)
        var ranges: [Range<Int>?] = []
        ranges.reserveCapacity(users.count)
        for (user, piece) in zip(users, pieces) {
            html.append(contentsOf: text[piece])
            let start = html.count
            guard oldPages.appendCard(of: user, to: &html) else { return nil }
            ranges.append(start..<html.count)
        }
        html.append(contentsOf: text[pieces[users.count]])
        return (html, ranges)
    }

    /// The parts of `text` between occurrences of `marker` (one more than there are markers).
    static func pieces(of text: [UInt8], around marker: [UInt8]) -> [Range<Int>] {
        text.withUnsafeBufferPointer { text in
            marker.withUnsafeBufferPointer { marker in
                var pieces: [Range<Int>] = []
                guard let base = text.baseAddress, let first = marker.first else { return [0..<text.count] }
                var start = 0, position = 0
                while position + marker.count <= text.count {
                    // memchr finds the marker's first byte (a control character, rare in a page).
                    guard let found = memchr(base + position, Int32(first), text.count - position) else { break }
                    let at = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    guard at + marker.count <= text.count else { break }
                    if memcmp(base + at, marker.baseAddress!, marker.count) == 0 {
                        pieces.append(start..<at)
                        start = at + marker.count
                        position = start
                    } else {
                        position = at + 1
                    }
                }
                pieces.append(start..<text.count)
                return pieces
            }
        }
    }

    /// The old pages a job copies cards from, read whole and one at a time (users are sorted,
    /// so a job moves forward through them).
    private struct OldPages {
        let root: String
        let previous: Previous
        let spill: CardSpill?
        private var loaded: (page: Int, bytes: [UInt8]?)?

        init(root: String, previous: Previous, spill: CardSpill?) {
            self.root = root
            self.previous = previous
            self.spill = spill
        }

        /// Appends `user`'s card HTML: rendered by this build, from the spill; else from their
        /// old page when it shows the same card, else from the card file. False when none can be read.
        mutating func appendCard(of user: Manifest.Entry, to html: inout [UInt8]) -> Bool {
            if let range = user.spilledRange, let spill, spill.read(range, appendingTo: &html) { return true }
            if let range = user.galleryRange, let page = previous.page(of: user.id) {
                if loaded?.page != page {
                    loaded = (page, OutputWriter.contents(of: root + "/" + GalleryPaging.fileName(page: page + 1)))
                }
                if let bytes = loaded?.bytes, range.upperBound <= bytes.count {
                    html.append(contentsOf: bytes[range])
                    return true
                }
            }
            guard let card = OutputWriter.contents(of: root + "/cards/\(user.id).html") else { return false }
            html.append(contentsOf: card)
            return true
        }
    }
}
