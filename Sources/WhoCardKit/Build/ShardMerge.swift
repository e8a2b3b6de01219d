import Foundation

/// `whocard merge`: after N shard builds wrote into one folder, combines their manifests into
/// `manifest.json`, renders the gallery over all users and combines their reports into
/// `report.json`, so the folder is exactly what one unsharded build would have written.
public struct ShardMerge {
    public var outputDirectory: String
    public var shards: Int
    public var templates: TemplateLibrary
    public var indexPageSize: Int

    public init(
        outputDirectory: String, shards: Int, templates: TemplateLibrary = .defaults,
        indexPageSize: Int = CardRenderer.indexPageSize
    ) {
        self.outputDirectory = outputDirectory
        self.shards = shards
        self.templates = templates
        self.indexPageSize = indexPageSize
    }

    /// Merges; returns the number of users in the merged manifest.
    @discardableResult
    public func run() throws -> Int {
        let root = outputDirectory
        let lock = try BuildLock(directory: root, name: ".whocard.lock")
        defer { withExtendedLifetime(lock) {} }
        let writer = OutputWriter(root: root, force: false)
        defer { writer.oldVersions.wait() }  // the replaced pages' old versions are gone when the merge returns
        var users: [Manifest.Entry] = []
        var locales: [String]?
        var site: [String: String] = [:]
        var reports: [String] = []
        for index in 1...max(1, shards) {
            let shard = try Shard(index: index, count: shards)
            let path = root + "/manifest\(shard.suffix).json"
            guard let manifest = try Manifest.load(from: path) else {
                throw ShardMergeError(
                    message: "shard \(shard) has no manifest ('\(path)'); run `whocard build --shard \(shard)` first")
            }
            users.append(contentsOf: manifest.users)
            if let locales, locales != manifest.locales {
                throw ShardMergeError(
                    message:
                        "shard \(shard) was built with --locales \(manifest.locales.joined(separator: ",")), another with "
                        + "\(locales.joined(separator: ",")); build every shard with the same languages")
            }
            locales = manifest.locales
            site.merge(manifest.site) { first, _ in first }
            let reportPath = root + "/report\(shard.suffix).json"
            do throws(ShardReportReader.Failure) {
                try MergedShardReport.check(reportPath)
            } catch {
                throw ShardMergeError(
                    message:
                        "shard \(shard) has no readable report ('\(reportPath)': \(error.reason)); run its build again"
                )
            }
            reports.append(reportPath)
        }
        var previous = ((try? Manifest.load(from: root + "/manifest.json")) ?? nil) ?? Manifest()
        previous.sortUsers()
        var manifest = Manifest(site: site.filter { !$0.key.hasPrefix("index") }, users: users)
        manifest.locales = locales ?? []
        manifest.sortUsers()
        // The findings the gallery lists under each card, read from the shards' reports.
        let findings: GalleryFindings
        do throws(ShardReportReader.Failure) {
            findings = try GalleryFindings(reports: reports, shownTo: manifest)
        } catch {
            throw ShardMergeError(message: "a shard's report cannot be read (\(error.reason)); run its build again")
        }
        manifest.adoptGalleryRanges(from: previous)
        var counts = OutputWriter.Counts()
        // Present while pages may be newer than manifest.json: a merge that died there leaves it,
        // and the next one then makes changed pages from the card files.
        let marker = root + "/.whocard.merging"
        let trusted = !FileManager.default.fileExists(atPath: marker)
        if !trusted { Self.sweepTemporaryFiles(in: root) }
        try AtomicFile.write("\(getpid())\n", to: marker)
        try Gallery(
            writer: writer, templates: templates, pageSize: indexPageSize, jobs: BuildOptions.defaultJobs,
            findings: findings
        )
        .write(&manifest, previous: Gallery.Previous(previous, trusted: trusted), counts: &counts)
        try manifest.write(to: root + "/manifest.json")
        writer.oldVersions.wait()  // before the marker goes: a merge killed after it leaves no old page behind
        unlink(marker)
        try MergedShardReport(paths: reports, counts: counts).write(to: root + "/report.json")
        return users.count
    }

    /// Removes the temporary files a merge that died left in `root` (its pages and their old
    /// versions, manifest, report and marker); the shards' files are not a merge's to remove.
    private static func sweepTemporaryFiles(in root: String) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [] {
            guard let target = AtomicFile.target(ofTemporary: name) else { continue }
            let file = ReplacedFiles.original(ofKept: name) ?? target
            if GalleryPaging.page(fileName: file) != nil
                || ["manifest.json", "report.json", ".whocard.merging"].contains(file)
            {
                unlink(root + "/" + name)
            }
        }
    }
}

/// Shards cannot be merged yet.
public struct ShardMergeError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
