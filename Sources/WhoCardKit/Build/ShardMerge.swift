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
        var reports: [[String: Any]] = []
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
            guard let data = FileManager.default.contents(atPath: reportPath),
                let report = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            else {
                throw ShardMergeError(
                    message: "shard \(shard) has no readable report ('\(reportPath)'); run its build again")
            }
            reports.append(report)
        }
        var previous = ((try? Manifest.load(from: root + "/manifest.json")) ?? nil) ?? Manifest()
        previous.sortUsers()
        var manifest = Manifest(site: site.filter { !$0.key.hasPrefix("index") }, users: users)
        manifest.locales = locales ?? []
        manifest.sortUsers()
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
            findings: Self.findings(in: reports)
        )
        .write(&manifest, previous: Gallery.Previous(previous, trusted: trusted), counts: &counts)
        try manifest.write(to: root + "/manifest.json")
        writer.oldVersions.wait()  // before the marker goes: a merge killed after it leaves no old page behind
        unlink(marker)
        try AtomicFile.write(Self.mergedReport(reports, merged: counts), to: root + "/report.json")
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

    /// The findings of the shards' reports by user id, in line order, as
    /// ``Gallery/findings(of:)`` gives them for an unsharded build.
    static func findings(in reports: [[String: Any]]) -> [String: [Finding]] {
        var byUser: [String: [Finding]] = [:]
        for report in reports {
            for object in report["findings"] as? [[String: Any]] ?? [] {
                guard let id = object["user_id"] as? String,
                    let severity = (object["severity"] as? String).flatMap(Severity.init(rawValue:))
                else { continue }
                byUser[id, default: []].append(
                    Finding(
                        severity: severity, rule: object["rule"] as? String ?? "", userID: id,
                        file: object["file"] as? String ?? "", line: object["line"] as? Int ?? 0,
                        column: object["column"] as? Int, field: object["field"] as? String,
                        value: object["value"] as? String, message: object["message"] as? String ?? "",
                        hint: object["hint"] as? String ?? ""))
            }
        }
        return byUser
    }

    /// One report from the shards': counts summed, findings and rejected rows back in line order.
    static func mergedReport(_ reports: [[String: Any]], merged counts: OutputWriter.Counts) -> String {
        func ints(_ report: [String: Any], _ key: String) -> [String: Int] { report[key] as? [String: Int] ?? [:] }
        func list(_ key: String) -> [[String: Any]] { reports.flatMap { $0[key] as? [[String: Any]] ?? [] } }
        var summary: [String: Int] = [:]
        var build: [String: Int] = [:]
        for report in reports {
            summary.merge(ints(report, "summary"), uniquingKeysWith: +)
            for (key, value) in report["build"] as? [String: Any] ?? [:] {
                if let n = value as? Int { build[key, default: 0] += n }
            }
        }
        // File-level findings (only shard 1 reports them) first, then every row's in line order.
        var fileLevel: [[String: Any]] = []
        var rowLevel: [[String: Any]] = []
        for report in reports {
            let all = report["findings"] as? [[String: Any]] ?? []
            let count = min(all.count, (report["build"] as? [String: Any])?["file_findings"] as? Int ?? 0)
            fileLevel += all[..<count]
            rowLevel += all[count...]
        }
        let findings =
            fileLevel
            + rowLevel.enumerated().sorted { a, b in
                let (la, lb) = (a.element["line"] as? Int ?? 0, b.element["line"] as? Int ?? 0)
                return la != lb ? la < lb : a.offset < b.offset
            }.map(\.element)
        let rejected = list("rejected").sorted { ($0["line"] as? Int ?? 0) < ($1["line"] as? Int ?? 0) }
        let removedUsers = reports.flatMap { ($0["build"] as? [String: Any])?["removed_users"] as? [String] ?? [] }
            .sorted()
        let keptStale = reports.flatMap { ($0["build"] as? [String: Any])?["kept_stale"] as? [[String: Any]] ?? [] }
            .sorted { ($0["line"] as? Int ?? 0) < ($1["line"] as? Int ?? 0) }
        let keptUnseen = reports.compactMap { ($0["build"] as? [String: Any])?["kept_unseen"] as? Int }
        func value(_ any: Any?) -> JSONValue {
            switch any {
            case let s as String: .string(s)
            case let n as Int: .int(n)
            case let a as [Any]: .array(a.map(value))
            default: .null
            }
        }
        let findingKeys = [
            "severity", "rule", "user_id", "file", "line", "column", "field", "value", "message", "hint",
        ]
        let first = reports.first ?? [:]
        let document: JSONValue = .object([
            ("version", value(first["version"])),
            ("tool", .object([("name", .string("whocard")), ("version", .string(WhoCard.version))])),
            ("file", value(first["file"])),
            (
                "summary",
                .object(
                    ["rows", "accepted", "rejected", "users", "links", "errors", "warnings"].map {
                        ($0, .int(summary[$0] ?? 0))
                    })
            ),
            ("findings", .array(findings.map { f in .object(findingKeys.map { ($0, value(f[$0])) }) })),
            (
                "rejected",
                .array(rejected.map { r in .object(["line", "user_id", "rules"].map { ($0, value(r[$0])) }) })
            ),
            (
                "build",
                .object([
                    ("shard", .null),
                    ("cards", .int(build["cards"] ?? 0)),
                    ("rendered", .int(build["rendered"] ?? 0)),
                    ("written", .int((build["written"] ?? 0) + counts.written)),
                    ("unchanged", .int((build["unchanged"] ?? 0) + counts.unchanged)),
                    ("removed", .int(removedUsers.count)),
                    ("removed_users", .array(removedUsers.map(JSONValue.string))),
                    (
                        "kept_stale",
                        .array(
                            keptStale.map { card in .object(["id", "line", "rules"].map { ($0, value(card[$0])) }) })
                    ),
                    ("kept_unseen", keptUnseen.isEmpty ? .null : .int(keptUnseen.reduce(0, +))),
                    ("prune_refused", .null),
                    ("file_findings", .int(fileLevel.count)),
                ])
            ),
        ])
        return document.rendered()
    }
}

/// Shards cannot be merged yet.
public struct ShardMergeError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
