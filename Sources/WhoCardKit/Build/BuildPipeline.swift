import Foundation

/// `whocard build`: checks an export and writes every accepted user's card files, the
/// stylesheet, the gallery, the manifest (last) and the build report.
///
/// Rows are read and de-duplicated in order on one thread, then validated, rendered and
/// written in chunks on `jobs` threads; results are put back in input order, so the output is
/// the same whatever `jobs` is. Memory is bounded by one batch plus a manifest entry per user.
public final class BuildPipeline {
    /// The card files written per user, by extension.
    public static let cardExtensions = ["html", "md", "json", "vcf"]

    private let checker: ExportChecker
    private let options: BuildOptions
    private let writer: OutputWriter

    public init(checker: ExportChecker, options: BuildOptions) {
        self.checker = checker
        self.options = options
        self.writer = OutputWriter(root: options.outputDirectory, force: options.force)
    }

    private var manifestPath: String { options.outputDirectory + "/manifest\(options.shard.suffix).json" }
    private var reportPath: String { options.outputDirectory + "/report\(options.shard.suffix).json" }

    public func run() throws -> BuildResult {
        let start = Date()
        try self.writer.makeDirectory("")
        let lock = try BuildLock(directory: options.outputDirectory, name: ".whocard\(options.shard.suffix).lock")
        defer { withExtendedLifetime(lock) {} }
        // Before anything looks inside them (a first build checks whether `cards` is empty).
        for owned in ["cards", OutputWriter.stagingFolder] { try self.writer.refuseLink(owned) }

        // A build that died (SIGKILL, power cut) may have left temporary files of replacements
        // it was writing; the marker says so, and this build sweeps them before starting.
        let marker = options.outputDirectory + "/.whocard\(options.shard.suffix).building"
        let staging = options.outputDirectory + "/" + OutputWriter.stagingFolder
        let unfinished = FileManager.default.fileExists(atPath: marker)
        if unfinished || (options.shard.isWhole && FileManager.default.fileExists(atPath: staging)) {
            sweepTemporaryFiles()
        }
        try AtomicFile.write("\(getpid())\n", to: marker)
        // Kept unless the build gets as far as its manifest: a build that fails part-way (a full
        // disk, a template error) may have replaced cards and pages the manifest does not
        // describe, and the next build must check them as after a kill.
        var keepMarker = true
        defer { if !keepMarker { unlink(marker) } }
        // (Runs before the marker goes: the old versions of replaced files are gone by then.)
        defer { self.writer.oldVersions.wait() }

        var notes: [String] = []
        var previous = Manifest()
        var manifestKnown = true
        do {
            previous = try Manifest.load(from: manifestPath) ?? Manifest()
        } catch {
            notes.append("\(error)")
            manifestKnown = false
        }
        previous.sortUsers()
        // A first build creates its cards in a hidden folder and renames it to `cards` at the end.
        var writer = self.writer
        if options.shard.isWhole, manifestKnown, previous.users.isEmpty,
            Self.isMissingOrEmpty(options.outputDirectory + "/cards")
        {
            writer.staging = OutputWriter.stagingFolder
            try writer.makeDirectory(OutputWriter.stagingFolder)
        } else {
            try writer.makeDirectory("cards")
        }
        // The gallery copies the cards rendered now from here, not from their files.
        let spill = options.shard.isWhole ? try CardSpill(directory: options.outputDirectory) : nil
        // What the cards folder holds that the previous manifest does not vouch for: links or
        // other non-files at a user's card names (that user is rendered again, replacing them)
        // and files no user of the previous manifest owns (removed below unless rendered now).
        let scan =
            writer.staging == nil
            ? CardsFolderScan(
                options.outputDirectory + "/cards", previous: previous, shard: options.shard, thorough: unfinished)
            : CardsFolderScan()
        var suspect = scan.suspect
        if unfinished, manifestKnown, !options.force {
            // The last build died: any user's files may be half changed or gone, whatever the
            // manifest says. Each is checked against its digest; those that differ are rendered again.
            suspect.formUnion(
                CardDigest.mismatches(in: previous, root: options.outputDirectory, jobs: max(1, options.jobs)))
        }
        var (report, fresh, counts, rendered, fate, stale, unaccounted) = try renderAll(
            previous: previous, manifestKnown: manifestKnown, suspect: suspect, writer: writer, spill: spill)
        try writer.publishStagedCards()
        writer.staging = nil
        // Users whose row was rejected still exist: their last good card stays, marked stale.
        var keptStale: [StaleCard] = []
        for card in stale where fate[card.position] == .unseen {
            fate[card.position] = .kept
            keptStale.append(card)
        }
        // Users gone from the export: remove their cards, unless that looks like a bad export.
        let gone = fate.indices.filter { fate[$0] == .unseen }
        let previousCount = previous.users.count
        var removed: [String] = []
        var pruneRefused: (Int, Int)?
        var keptUnseen: Int?
        if unaccounted {
            // Part of the export was not read (or it has no rows): nobody can be told gone.
            keptUnseen = gone.count
            for position in gone { fate[position] = .kept }
        } else if !gone.isEmpty, Double(gone.count) * 100 > options.maxPrunePercent * Double(previousCount) {
            pruneRefused = (gone.count, previousCount)
            for position in gone { fate[position] = .kept }  // still on disk: keep them in the manifest
        } else {
            for position in gone {
                for name in previous.cardFiles(of: previous.users[position].id) { writer.remove(name) }
                removed.append(previous.users[position].id)
            }
            removed.sort(by: Manifest.precedes)
        }
        let cards = fate.count(where: { $0 == .kept }) + fresh.count
        let previousGallery = Gallery.Previous(previous, trusted: !unfinished)
        // The new manifest's users: the previous ones kept, with the rendered ones merged in.
        var users = previous.users
        previous.users = []
        Self.merge(&fresh, into: &users, keeping: fate)
        var manifest = Manifest(site: previous.site, pages: previous.pages, users: users)
        manifest.locales = options.extraLocales
        users = []
        for name in scan.orphans {
            let owners = Self.owners(ofCardFile: name, locales: manifest.locales)
            if owners.contains(where: { manifest.index(of: $0) != nil }) { continue }
            writer.remove("cards/" + name)
        }
        // Languages the last build wrote and this one does not: their files go.
        let dropped = previous.locales.filter { !manifest.locales.contains($0) }
        if !dropped.isEmpty {
            for user in manifest.users where options.shard.contains(userID: user.id) {
                for tag in dropped { for ext in ["html", "md"] { writer.remove("cards/\(user.id).\(tag).\(ext)") } }
            }
        }
        manifest.site[TemplateLibrary.cssFileName] = try writer.writeSite(
            options.templates.css, to: TemplateLibrary.cssFileName,
            previousHash: previous.site[TemplateLibrary.cssFileName], counts: &counts)
        if options.shard.isWhole {
            try Gallery(
                writer: writer, templates: options.templates, pageSize: options.indexPageSize, jobs: options.jobs,
                spill: spill, findings: GalleryFindings(report, shownTo: manifest)
            )
            .write(&manifest, previous: previousGallery, counts: &counts)
        }
        try manifest.write(to: manifestPath)
        keepMarker = false
        options.progress?(
            BuildProgress(
                rows: report.summary.rows, bytesRead: checker.progress.read, totalBytes: checker.progress.total,
                elapsedSeconds: Date().timeIntervalSince(start), finished: true))
        if let keptUnseen {
            notes.append(
                (report.isEmptyExport ? "the export has no rows" : "the export could not be read to its end")
                    + ": no card was removed (\(keptUnseen) user\(keptUnseen == 1 ? "" : "s") not seen kept as in the last build)"
            )
        }
        let result = BuildResult(
            report: report, cards: cards, rendered: rendered, written: counts.written, unchanged: counts.unchanged,
            removed: removed, keptStale: keptStale, keptUnseen: keptUnseen, pruneRefused: pruneRefused, notes: notes,
            elapsedSeconds: Date().timeIntervalSince(start))
        try BuildReport(result: result, shard: options.shard).write(to: reportPath)
        return result
    }

    private static func isMissingOrEmpty(_ path: String) -> Bool {
        guard let directory = opendir(path) else { return errno == ENOENT }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { return false }
        }
        return true
    }

    /// Removes what a build that died left: the staged cards of a first build, and temporary
    /// files (`.<name>.<pid>.tmp`). A shard removes only its own (its users' cards, its
    /// manifest, report and marker): the other shards may be writing theirs right now. (A
    /// shared file's, `whocard.css`, is left to the next whole build that finds its marker.)
    private func sweepTemporaryFiles() {
        let whole = options.shard.isWhole
        if whole {
            try? FileManager.default.removeItem(atPath: options.outputDirectory + "/" + OutputWriter.stagingFolder)
        }
        for folder in ["", "cards"] {
            let path = options.outputDirectory + (folder.isEmpty ? "" : "/" + folder)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            where name.hasPrefix(".") && name.hasSuffix(".tmp") {
                if whole || isShardsOwnTemporary(name, inCards: !folder.isEmpty) { unlink(path + "/" + name) }
            }
        }
    }

    /// Whether this shard writes the temporary file `name`: a card of one of its users (in
    /// `cards/`, or its old version in the root), or its own manifest, report or marker.
    private func isShardsOwnTemporary(_ name: String, inCards: Bool) -> Bool {
        guard let target = AtomicFile.target(ofTemporary: name) else { return false }
        if let card = inCards ? target : ReplacedFiles.original(ofKept: name) {
            return Self.owners(ofCardFile: card, locales: options.extraLocales).contains {
                options.shard.contains(userID: $0)
            }
        }
        let suffix = options.shard.suffix
        return ["manifest\(suffix).json", "report\(suffix).json", ".whocard\(suffix).building"].contains(target)
    }

    /// `<id>.<ext>` → `<id>` for a card file's name; `nil` for any other name.
    static func userID(ofCardFile name: String) -> String? {
        guard let dot = name.lastIndex(of: "."), cardExtensions.contains(String(name[name.index(after: dot)...])) else {
            return nil
        }
        return String(name[..<dot])
    }

    /// The users a card file's name may belong to: `<id>` of `<id>.<ext>`, and of
    /// `<id>.<tag>.html` or `.md` when `tag` is one of `locales` (an id may hold dots, so both).
    static func owners(ofCardFile name: String, locales: [String]) -> [String] {
        guard let id = userID(ofCardFile: name) else { return [] }
        guard name.hasSuffix(".html") || name.hasSuffix(".md"), let dot = id.lastIndex(of: "."),
            locales.contains(String(id[id.index(after: dot)...]))
        else { return [id] }
        return [id, String(id[..<dot])]
    }

    /// One chunk's share of the work, put back in input order afterwards.
    private struct ChunkResult: Sendable {
        var outcomes: [RowOutcome] = []
        var entries: [Manifest.Entry] = []
        /// The HTML cards of `entries` with a ``Manifest/Entry/spilledRange`` (relative to this
        /// chunk until the chunk's cards are appended to the spill).
        var html: [UInt8] = []
        var counts = OutputWriter.Counts()
        var rendered = 0
        /// Positions in the previous manifest of the users kept as they were, and of those rendered again.
        var kept: [Int32] = []
        var replaced: [Int32] = []
        /// Rejected rows of users who had a card.
        var stale: [StaleCard] = []
        var failure: (any Error)?
    }

    /// What became of a user of the previous manifest in this build.
    enum Fate: UInt8 {
        /// Not in the export (so far): their cards go, unless pruning is refused.
        case unseen
        /// In the export with the same input: their entry and cards stay as they are.
        case kept
        /// Rendered again: a new entry replaces theirs.
        case replaced
    }

    /// Validates, renders and writes every row. Returns the report, the manifest entries of the
    /// users rendered (in input order), file counts, how many were rendered, and the fate of
    /// each of `previous.users` (sorted). Users kept as they were cost one byte, not an entry.
    /// New HTML cards go to `spill` for the gallery.
    /// Also returns the users of `previous` whose row was rejected (candidates to keep stale)
    /// and whether the export left rows unaccounted for (incomplete, or no rows at all).
    private func renderAll(
        previous: Manifest, manifestKnown: Bool, suspect: Set<String>, writer: OutputWriter, spill: CardSpill?
    ) throws -> (
        CheckReport, [Manifest.Entry], OutputWriter.Counts, Int, [Fate], [StaleCard], Bool
    ) {
        var stale: [StaleCard] = []
        var unaccounted = false
        var fate = [Fate](repeating: .unseen, count: previous.users.count)
        let renderer = try CardRenderer(templates: options.templates, options: options.card)
        let extraRenderers = try options.extraLocales.map { tag throws(TemplateError) in
            var card = options.card
            card.locale = tag
            return try CardRenderer(templates: options.templates, options: card)
        }
        let inputContext = InputDigest.context(
            renderer: renderer, validator: checker.validator, locales: extraRenderers.map(\.fingerprint))
        let fileExtensions = Manifest.cardExtensions(locales: options.extraLocales)
        let force = options.force
        let start = Date()
        let jobs = max(1, options.jobs)
        let chunkSize = 256
        var report = CheckReport(file: checker.file, keepsCleanRows: false)
        var entries: [Manifest.Entry] = []
        var counts = OutputWriter.Counts()
        var rendered = 0
        let checker = self.checker, rows = checker.rowValidator, shard = options.shard
        let verifications = options.verifications
        var lastProgress = Date()
        var reserved = false
        while true {
            var batch = try checker.nextBatch(limit: chunkSize * jobs * 4, jobs: jobs)
            if batch.isEmpty { break }
            if !shard.isWhole {
                batch.removeAll { row in if case .notice = row { false } else { !shard.contains(userID: row.userID) } }
            }
            for row in batch {
                if case .notice(let finding) = row, ["export.incomplete", "export.empty"].contains(finding.rule) {
                    unaccounted = true  // every shard, so none prunes
                }
            }
            // File-level findings once: every shard reads the whole file, shard 1 reports them.
            if shard.index == 1 {
                for row in batch { if case .notice(let finding) = row { report.fileFindings.append(finding) } }
            }
            let chunks = stride(from: 0, to: batch.count, by: chunkSize).map {
                batch[$0..<min($0 + chunkSize, batch.count)]
            }
            let slots = IndexedResults<ChunkResult>(chunks.count)
            DispatchQueue.concurrentPerform(iterations: chunks.count) { index in
                var result = ChunkResult()
                do {
                    /// The user at `position` of the previous build keeps their entry and cards.
                    func keep(_ position: Int) {
                        result.counts.unchanged += fileExtensions.count
                        result.kept.append(Int32(position))
                    }
                    for row in chunks[index] {
                        var input: InputDigest?
                        // The user's place in the previous manifest (the validated id is this one).
                        var position: Int?
                        // Whether the previous build's files of this user can be taken as they are.
                        var trusted = !force
                        if case .record(let record, let id) = row {
                            let digest = InputDigest(
                                record, context: inputContext, extra: id.flatMap(verifications.digestBytes(for:)))
                            input = digest
                            position = id.flatMap(previous.index(of:))
                            trusted = !force && !(id.map(suspect.contains) ?? false)
                            if trusted, let position, previous.users[position].input == digest {
                                if !previous.users[position].hasFindings {
                                    // Checked and rendered from the same values last time, with no
                                    // findings: the outcome is the same, and the cards on disk are current.
                                    keep(position)
                                    result.outcomes.append(
                                        RowOutcome(
                                            line: record.line, userID: id, accepted: true, findings: [],
                                            links: ExportChecker.links(record)))
                                    continue
                                }
                                // Rendered from the same values last time, but the row had findings:
                                // checked again for the report as `check` does (no profile is needed),
                                // and the cards on disk are current.
                                if let outcome = rows.outcome(of: row), outcome.accepted {
                                    keep(position)
                                    result.outcomes.append(outcome)
                                    continue
                                }
                            }
                        }
                        let outcome = try rows.outcome(of: row) { profile in
                            let last = position.map { previous.users[$0] }
                            if let position { result.replaced.append(Int32(position)) }
                            result.rendered += 1
                            let verified = verifications.links(for: profile.id)
                            let card = try renderer.render(profile, file: rows.file, verified: verified)
                            var contents = [card.html, card.markdown, card.json, card.vcard]
                            for extra in extraRenderers {
                                let localized = try extra.htmlAndMarkdown(profile, verified: verified)
                                contents += [localized.html, localized.markdown]
                            }
                            let digest = CardDigest.of(contents)
                            let files = zip(fileExtensions, contents).map {
                                (name: "cards/\(profile.id).\($0.0)", content: $0.1)
                            }
                            try writer.writeCard(
                                files, digest: digest, previous: trusted ? last?.digest : nil,
                                known: trusted && manifestKnown,
                                counts: &result.counts)
                            // The same card as last time is where it was in the old gallery page.
                            var entry = Manifest.Entry(
                                id: profile.id, digest: digest, input: input,
                                galleryRange: last?.digest == digest ? last?.galleryRange : nil)
                            entry.hasFindings = !profile.findings.isEmpty || !card.warnings.isEmpty
                            // (With --force every page is made again, so every card is spilled.)
                            if spill != nil, force || entry.galleryRange == nil {
                                let start = result.html.count
                                result.html.append(contentsOf: card.html.utf8)
                                entry.spilledRange = start..<result.html.count
                            }
                            result.entries.append(entry)
                            return card.warnings
                        }
                        if let outcome {
                            result.outcomes.append(outcome)
                            if !outcome.accepted, let id = outcome.userID, let position = previous.index(of: id),
                                !outcome.findings.contains(where: { $0.rule == "id.duplicate" })
                            {
                                result.stale.append(StaleCard(outcome, id: id, position: position))
                            }
                        }
                    }
                    if let spill, !result.html.isEmpty {
                        let base = try spill.append(result.html)
                        for position in result.entries.indices {
                            if let range = result.entries[position].spilledRange {
                                result.entries[position].spilledRange =
                                    range.lowerBound + base..<range.upperBound + base
                            }
                        }
                        result.html = []
                    }
                } catch {
                    result.failure = error
                }
                slots.store(result, at: index)
            }
            if !reserved, entries.count >= 65_536, let total = checker.progress.total, checker.progress.read > 0 {
                // Most users rendered (a first build): room for all of them at once, estimated from
                // the part of the file read, rather than growing (and copying) by doubling.
                reserved = true
                entries.reserveCapacity(
                    Int(Double(entries.count) * Double(total) / Double(checker.progress.read) * 1.05) + 1024)
            }
            for result in slots.take() {
                guard let result else { preconditionFailure("a chunk of the batch was not built") }
                if let failure = result.failure { throw failure }
                for outcome in result.outcomes { report.append(outcome) }
                entries.append(contentsOf: result.entries)
                counts.add(result.counts)
                rendered += result.rendered
                for position in result.kept { fate[Int(position)] = .kept }
                for position in result.replaced { fate[Int(position)] = .replaced }
                stale += result.stale
            }
            if let progress = options.progress, Date().timeIntervalSince(lastProgress) >= 0.1 {
                lastProgress = Date()
                progress(
                    BuildProgress(
                        rows: report.summary.rows, bytesRead: checker.progress.read, totalBytes: checker.progress.total,
                        elapsedSeconds: Date().timeIntervalSince(start), finished: false))
            }
        }
        return (report, entries, counts, rendered, fate, stale, unaccounted)
    }

    /// Leaves in `users` (sorted) those whose fate is `.kept`, with `fresh` merged in by id:
    /// in place, so a million-user manifest is not held twice.
    static func merge(_ fresh: inout [Manifest.Entry], into users: inout [Manifest.Entry], keeping fate: [Fate]) {
        var count = 0
        for index in users.indices where fate[index] == .kept {
            if count != index { users[count] = users[index] }
            count += 1
        }
        users.removeLast(users.count - count)
        Manifest.sortByID(&fresh)
        if users.isEmpty { swap(&users, &fresh) }  // a first build
        guard let placeholder = fresh.first else { return }
        let sorted = fresh
        fresh = []
        // From the back, so every entry moves once and no second array is needed.
        users.append(contentsOf: repeatElement(placeholder, count: sorted.count))
        var read = count - 1, next = sorted.count - 1, write = users.count - 1
        while next >= 0 {
            if read >= 0, Manifest.precedes(sorted[next].id, users[read].id) {
                users[write] = users[read]
                read -= 1
            } else {
                users[write] = sorted[next]
                next -= 1
            }
            write -= 1
        }
    }
}
