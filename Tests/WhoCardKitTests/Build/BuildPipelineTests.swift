import Foundation
import XCTest
@testable import WhoCardKit

final class BuildPipelineTests: XCTestCase {
    private var output: URL!

    override func setUpWithError() throws {
        output = FileManager.default.temporaryDirectory.appendingPathComponent("whocard-build-\(UUID())")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: output)
    }

    private let header = "id,name,provider,twitter_url,linkedin_url,bio\n"

    private func build(
        _ csv: String, format: InputFormat = .csv, templates: TemplateLibrary = .defaults, force: Bool = false,
        maxPrune: Double = 10,
        jobs: Int = 2, shard: Shard = .all, into directory: URL? = nil
    ) throws -> BuildResult {
        let reader = try ExportReader(data: Array(csv.utf8), name: "export.csv", format: format)
        let checker = ExportChecker(reader: reader, file: "export.csv")
        let options = BuildOptions(
            outputDirectory: (directory ?? output).path, templates: templates, force: force, jobs: jobs, shard: shard,
            maxPrunePercent: maxPrune)
        return try BuildPipeline(checker: checker, options: options).run()
    }

    private func file(_ name: String) -> String { output.appendingPathComponent(name).path }

    private func modificationDate(_ name: String) throws -> Date {
        try XCTUnwrap(FileManager.default.attributesOfItem(atPath: file(name))[.modificationDate] as? Date)
    }

    private func setOld(_ name: String) throws {
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSince1970: 1_000_000)], ofItemAtPath: file(name))
    }

    func testWritesEveryOutputOfAcceptedUsersOnly() throws {
        let result = try build(
            header
                + "alice,Alice,Acme,https://x.com/alice,,Hi\n.bad,Bad,,,,\nbob,Bob,,https://twitter.com@evil.example/bob,https://linkedin.com/in/bob,\n"
        )
        XCTAssertEqual(result.cards, 2)
        XCTAssertEqual(result.report.summary.rejected, 1)
        for id in ["alice", "bob"] {
            for ext in BuildPipeline.cardExtensions {
                XCTAssertTrue(FileManager.default.fileExists(atPath: file("cards/\(id).\(ext)")), "\(id).\(ext)")
            }
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: file("cards/.bad.html")))
        for name in ["whocard.css", "index.html", "manifest.json", "report.json"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: file(name)), name)
        }
        // Bob's Twitter link failed validation: it is not on his card, his LinkedIn is.
        let bob = try String(contentsOfFile: file("cards/bob.html"), encoding: .utf8)
        XCTAssertFalse(bob.contains("evil.example"))
        XCTAssertTrue(bob.contains("https://linkedin.com/in/bob"))
        let index = try String(contentsOfFile: file("index.html"), encoding: .utf8)
        XCTAssertTrue(index.contains("Alice") && index.contains("Bob"))
    }

    func testRebuildIsByteIdenticalAndTouchesNothing() throws {
        let csv = header + "alice,Alice,Acme,https://x.com/alice,,Hi\nbob,Bob,,,https://linkedin.com/in/bob,\n"
        let first = try build(csv)
        XCTAssertEqual(first.written, 8 + 2)  // 4 files per user, the stylesheet and the index
        let manifest = try Data(contentsOf: URL(fileURLWithPath: file("manifest.json")))
        let report = try Data(contentsOf: URL(fileURLWithPath: file("report.json")))
        try setOld("cards/alice.html")
        try setOld("index.html")
        let second = try build(csv)
        XCTAssertEqual(second.written, 0)
        XCTAssertEqual(second.unchanged, 10)
        XCTAssertEqual(try modificationDate("cards/alice.html"), Date(timeIntervalSince1970: 1_000_000))
        XCTAssertEqual(try modificationDate("index.html"), Date(timeIntervalSince1970: 1_000_000))
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: file("manifest.json"))), manifest)
        // report.json says what this build did (0 written), so only its findings part is stable.
        XCTAssertNotEqual(try Data(contentsOf: URL(fileURLWithPath: file("report.json"))), report)
    }

    func testOnlyChangedCardsAreRewritten() throws {
        _ = try build(header + "alice,Alice,Acme,https://x.com/alice,,Hi\nbob,Bob,,,https://linkedin.com/in/bob,\n")
        try setOld("cards/alice.html")
        try setOld("cards/bob.html")
        let result = try build(
            header + "alice,Alice,Acme,https://x.com/alice,,Hi\nbob,Robert,,,https://linkedin.com/in/bob,\n")
        XCTAssertEqual(try modificationDate("cards/alice.html"), Date(timeIntervalSince1970: 1_000_000))
        XCTAssertNotEqual(try modificationDate("cards/bob.html"), Date(timeIntervalSince1970: 1_000_000))
        XCTAssertTrue(try String(contentsOfFile: file("cards/bob.html"), encoding: .utf8).contains("Robert"))
        XCTAssertEqual(result.written, 5, "bob's four files and the index that shows his name")
        // The old versions were freed before the build returned, not left beside the output.
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: output.path).filter { $0.hasPrefix(".replaced") }, [])
    }

    /// A row whose values (and the templates) are as they were last time is not rendered
    /// again: the manifest's input digest says its cards are current.
    func testRowsUnchangedSinceTheLastBuildAreNotRenderedAgain() throws {
        let csv = header + "alice,Alice,Acme,https://x.com/alice,,Hi\nbob,Bob,,,https://linkedin.com/in/bob,\n"
        XCTAssertEqual(try build(csv).rendered, 2)
        let again = try build(csv)
        XCTAssertEqual(again.rendered, 0)
        XCTAssertEqual(again.written, 0)
        XCTAssertEqual(again.report.summary.accepted, 2, "rows are still checked")
        // Line numbers are not values: the same rows in another order render nothing either.
        let reordered = try build(
            header + "bob,Bob,,,https://linkedin.com/in/bob,\nalice,Alice,Acme,https://x.com/alice,,Hi\n")
        XCTAssertEqual(reordered.rendered, 0)
        XCTAssertEqual(reordered.written, 0)
        // One value changes: that user alone is rendered.
        let changed = try build(
            header + "alice,Alice,Acme,https://x.com/alice,,Hello\nbob,Bob,,,https://linkedin.com/in/bob,\n")
        XCTAssertEqual(changed.rendered, 1)
        XCTAssertTrue(try String(contentsOfFile: file("cards/alice.md"), encoding: .utf8).contains("Hello"))
        // Values moving between fields are a change, even when the row's text stays the same.
        let moved = try build(
            header + "alice,Alice,Acm,e https://x.com/alice,,Hello\nbob,Bob,,,https://linkedin.com/in/bob,\n")
        XCTAssertEqual(moved.rendered, 1)
    }

    /// A row unchanged since a build that found nothing wrong with it is not validated again,
    /// yet a rebuild reports exactly what the first build did: rows with findings are checked
    /// again (the manifest flags them), rejected and repeated rows are reported again.
    func testARebuildReportsWhatTheFirstBuildReported() throws {
        let csv =
            header
            + "alice,Alice,Acme,https://x.com/alice,,Hi\nbob,Bob,,http://twitter.com/bob,https://linkedin.com/in/bob,\n"
            + ".bad,Bad,,,,\nalice,Again,,,,\ncarol,Carol,,,,Hello\n"
        let first = try build(csv)
        XCTAssertEqual(first.report.rows.filter { !$0.accepted }.count, 2, "the bad id and alice's second row")
        XCTAssertTrue(
            first.report.rows.contains { $0.userID == "bob" && $0.accepted && !$0.findings.isEmpty },
            "bob's http link is a warning")
        let again = try build(csv)
        XCTAssertEqual(again.rendered, 0)
        XCTAssertEqual(again.report, first.report)
        let manifest = try XCTUnwrap(Manifest.load(from: file("manifest.json")))
        XCTAssertEqual(manifest.users.filter(\.hasFindings).map(\.id), ["bob"])
        XCTAssertEqual(
            try String(contentsOfFile: file("manifest.json"), encoding: .utf8).components(
                separatedBy: "\"findings\": true"
            ).count, 2)
        // Bob fixes his link: he is rendered, and no longer flagged.
        let fixed = try build(csv.replacingOccurrences(of: "http://twitter.com/bob", with: "https://x.com/bob"))
        XCTAssertEqual(fixed.rendered, 1)
        XCTAssertFalse(fixed.report.rows.contains { $0.userID == "bob" && $0.accepted })
        XCTAssertEqual(
            try XCTUnwrap(Manifest.load(from: file("manifest.json"))).users.filter(\.hasFindings).map(\.id), [])
    }

    func testAnEntryKeepsItsInputDigestAndFindingsFlagApart() {
        let input = InputDigest(ProfileRecord([.id: "a"]), context: [])
        var entry = Manifest.Entry(id: "a", digest: CardDigest.of(["a"]), input: input)
        XCTAssertFalse(entry.hasFindings)
        entry.hasFindings = true
        XCTAssertEqual(entry.input, input)
        entry.input = nil
        XCTAssertNil(entry.input)
        XCTAssertTrue(entry.hasFindings)
        entry.input = input
        entry.hasFindings = false
        XCTAssertEqual(entry.input, input)
        XCTAssertEqual(InputDigest(hex: input.hex), input)
    }

    func testTheSameValuesFromJSONAreNotRenderedAgain() throws {
        _ = try build(header + "alice,Alice,Acme,https://x.com/alice,,Hi\n")
        let json =
            #"[{"id": "alice", "name": "Alice", "provider": "Acme", "twitter_url": "https://x.com/alice", "bio": "Hi"}]"#
        let result = try build(json, format: .json)
        XCTAssertEqual(result.rendered, 0)
        XCTAssertEqual(result.written, 0)
    }

    func testChangedTemplatesRenderEveryCardAgain() throws {
        let csv = header + "alice,Alice,Acme,https://x.com/alice,,Hi\nbob,Bob,,,https://linkedin.com/in/bob,\n"
        _ = try build(csv)
        let directory = output.deletingLastPathComponent().appendingPathComponent("whocard-templates-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try "# {{name}}\n".write(
            to: directory.appendingPathComponent("card.md.mustache"), atomically: true, encoding: .utf8)
        let result = try build(csv, templates: try TemplateLibrary(overrideDirectory: directory))
        XCTAssertEqual(result.rendered, 2)
        XCTAssertEqual(try String(contentsOfFile: file("cards/bob.md"), encoding: .utf8), "# Bob\n")
        XCTAssertEqual(result.written, 2, "only the Markdown cards changed")
    }

    /// A manifest written before input digests existed: cards are rendered and compared as
    /// before (nothing rewritten), and the new manifest records the digests.
    func testManifestWithoutInputDigestsRendersAndCompares() throws {
        let csv = header + "alice,Alice,Acme,https://x.com/alice,,Hi\n"
        _ = try build(csv)
        let path = file("manifest.json")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let old = text.replacingOccurrences(of: #", "input": "[0-9a-f]{32}""#, with: "", options: .regularExpression)
        XCTAssertNotEqual(old, text)
        try old.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try build(csv)
        XCTAssertEqual(result.rendered, 1)
        XCTAssertEqual(result.written, 0)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), text)
    }

    /// A manifest listing a user twice (edited by hand) must not make the build think one of
    /// them left the export and delete the files both name.
    func testAUserListedTwiceInTheManifestKeepsTheirCards() throws {
        let csv = header + "alice,Alice,Acme,https://x.com/alice,,Hi\n"
        _ = try build(csv)
        let path = file("manifest.json")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let line = try XCTUnwrap(text.split(separator: "\n").first { $0.contains("\"id\": \"alice\"") })
        try text.replacingOccurrences(of: line, with: line + ",\n" + line).write(
            toFile: path, atomically: true, encoding: .utf8)
        XCTAssertEqual(try Manifest.load(from: path)?.users.count, 2)
        let result = try build(csv)
        XCTAssertEqual(result.removed, [])
        XCTAssertTrue(FileManager.default.fileExists(atPath: file("cards/alice.html")))
        XCTAssertEqual(try Manifest.load(from: path)?.users.map(\.id), ["alice"])
    }

    /// The manifest is written in pieces; a large one reads back whole and sorted.
    func testLargeManifestRoundTrips() throws {
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let users = (0..<20_000).reversed().map { i in
            var entry = Manifest.Entry(
                id: "user-\(i)", digest: CardDigest.of(["\(i)"]),
                input: i % 2 == 0 ? nil : InputDigest(ProfileRecord([.id: "\(i)"]), context: []))
            entry.hasFindings = i % 3 == 0
            return entry
        }
        try Manifest(site: ["whocard.css": "x"], users: users).write(to: file("manifest.json"))
        let loaded = try XCTUnwrap(Manifest.load(from: file("manifest.json")))
        XCTAssertEqual(loaded.users.count, users.count)
        XCTAssertEqual(loaded.users, users.sorted { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) })
        XCTAssertEqual(
            loaded.index(of: "user-123")
                .map { loaded.users[$0].id }, "user-123")
        XCTAssertNil(loaded.index(of: "user-20000"))
        XCTAssertGreaterThan(
            try Data(contentsOf: URL(fileURLWithPath: file("manifest.json"))).count, 1 << 18,
            "larger than one write buffer")
    }

    func testForceRewritesEverything() throws {
        let csv = header + "alice,Alice,Acme,https://x.com/alice,,Hi\n"
        _ = try build(csv)
        XCTAssertEqual(try build(csv, force: true).written, 6)
    }

    func testUsersGoneFromTheExportAreRemovedAndReported() throws {
        _ = try build(header + "alice,Alice,,,,\nbob,Bob,,,,\n")
        let result = try build(header + "alice,Alice,,,,\n", maxPrune: 100)
        XCTAssertNil(result.pruneRefused)
        XCTAssertEqual(result.removed, ["bob"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: file("cards/bob.html")))
        XCTAssertFalse(FileManager.default.fileExists(atPath: file("cards/bob.vcf")))
        let report = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file("report.json"))))
                as? [String: Any])
        let build = try XCTUnwrap(report["build"] as? [String: Any])
        XCTAssertEqual(build["removed"] as? Int, 1)
        XCTAssertEqual(build["removed_users"] as? [String], ["bob"])
        let manifest = try String(contentsOfFile: file("manifest.json"), encoding: .utf8)
        XCTAssertFalse(manifest.contains("\"bob\""))
    }

    func testMassPruneIsRefusedAndCanBeAllowed() throws {
        let everyone = (1...20).map { "u\($0),User \($0),,,,\n" }.joined()
        _ = try build(header + everyone)
        // One of twenty gone (5%): removed.
        let one = try build(header + (2...20).map { "u\($0),User \($0),,,,\n" }.joined())
        XCTAssertEqual(one.removed, ["u1"])
        XCTAssertNil(one.pruneRefused)
        // A truncated export: 15 of 19 gone. Nothing is removed, the manifest still lists them.
        let truncated = header + (2...5).map { "u\($0),User \($0),,,,\n" }.joined()
        let refused = try build(truncated)
        XCTAssertEqual(refused.removed, [])
        XCTAssertEqual(refused.pruneRefused?.wouldRemove, 15)
        XCTAssertEqual(refused.pruneRefused?.of, 19)
        XCTAssertTrue(FileManager.default.fileExists(atPath: file("cards/u20.html")))
        XCTAssertEqual(try Manifest.load(from: file("manifest.json"))?.users.count, 19)
        // Allowed: the next build finishes the prune.
        let allowed = try build(truncated, maxPrune: 100)
        XCTAssertEqual(allowed.removed.count, 15)
        XCTAssertFalse(FileManager.default.fileExists(atPath: file("cards/u20.html")))
        XCTAssertEqual(try Manifest.load(from: file("manifest.json"))?.users.count, 4)
    }

    func testOutputDoesNotDependOnJobs() throws {
        let csv =
            header + (1...700).map { "u\($0),User \($0),Org,https://x.com/user\($0),,Bio **\($0)**\n" }.joined()
            + "u5,Dup,,,,\n.bad,,,,,\n"
        let single = output.appendingPathComponent("one"), many = output.appendingPathComponent("many")
        let a = try build(csv, jobs: 1, into: single)
        let b = try build(csv, jobs: 4, into: many)
        XCTAssertEqual(a.report, b.report)
        for name in ["manifest.json", "index.html", "index-2.html", "cards/u699.vcf"] {
            XCTAssertEqual(
                try Data(contentsOf: single.appendingPathComponent(name)),
                try Data(contentsOf: many.appendingPathComponent(name)), name)
        }
        XCTAssertEqual(a.report.summary.rejected, 2)
    }

    /// Four shards into one folder, then merge: the same bytes as one unsharded build.
    func testShardsMergedEqualAnUnshardedBuild() throws {
        let csv =
            "id,name,provider,twitter_url,linkedin_url,bio,fax\n"
            + (1...300).map { "u\($0),User \($0),Org,https://x.com/user\($0),,Hi,\n" }.joined()
            + "u7,Again,,,,,\n.bad,,,,,,\nu9x,Bad link,,https://twitter.com@evil.example/a,,,\nshort,row\n"
        let whole = output.appendingPathComponent("whole"), sharded = output.appendingPathComponent("sharded")
        _ = try build(csv, into: whole)
        for k in 1...4 { _ = try build(csv, shard: try Shard(index: k, count: 4), into: sharded) }
        try ShardMerge(outputDirectory: sharded.path, shards: 4).run()
        let names = try FileManager.default.subpathsOfDirectory(atPath: whole.path).filter {
            !$0.hasPrefix("report") && !$0.hasPrefix(".") && $0 != "cards"
        }.sorted()
        XCTAssertGreaterThan(names.count, 1200)
        for name in names {
            XCTAssertEqual(
                try Data(contentsOf: whole.appendingPathComponent(name)),
                try Data(contentsOf: sharded.appendingPathComponent(name)), name)
        }
        let cards = try FileManager.default.contentsOfDirectory(atPath: sharded.appendingPathComponent("cards").path)
        XCTAssertEqual(
            cards.count,
            try FileManager.default.contentsOfDirectory(atPath: whole.appendingPathComponent("cards").path).count)
        // The merged report has the same findings in the same order, and the same summary.
        func report(_ dir: URL) throws -> [String: Any] {
            try XCTUnwrap(
                JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("report.json")))
                    as? [String: Any])
        }
        let (w, s) = (try report(whole), try report(sharded))
        XCTAssertEqual(w["summary"] as? [String: Int], s["summary"] as? [String: Int])
        XCTAssertEqual(w["findings"] as? NSArray, s["findings"] as? NSArray)
        XCTAssertEqual(w["rejected"] as? NSArray, s["rejected"] as? NSArray)
        XCTAssertEqual((w["findings"] as? [Any])?.count, 5, "unknown column, duplicate, bad id, user info, short row")
    }

    /// Shard reports larger than the merge's read size (1 MiB) merge, a piece at a time, into the
    /// findings and rejected rows of one unsharded build, in the same order.
    func testLargeShardReportsMergeLikeAnUnshardedBuild() throws {
        let csv =
            "id,name,twitter_url,fax\n"
            + (1...6000).map { i in
                i % 3 == 0 ? ".bad\(i),,,\n" : "u\(i),User \(i),https://twitter.com@evil.example/u\(i),\n"
            }.joined()
        let whole = output.appendingPathComponent("whole"), sharded = output.appendingPathComponent("sharded")
        _ = try build(csv, into: whole)
        for k in 1...2 { _ = try build(csv, shard: try Shard(index: k, count: 2), into: sharded) }
        let shardReport = sharded.appendingPathComponent("report.shard-1-of-2.json").path
        XCTAssertGreaterThan(try FileManager.default.attributesOfItem(atPath: shardReport)[.size] as? Int ?? 0, 1 << 20)
        try ShardMerge(outputDirectory: sharded.path, shards: 2).run()
        func report(_ dir: URL) throws -> [String: Any] {
            try XCTUnwrap(
                JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("report.json")))
                    as? [String: Any])
        }
        let (w, s) = (try report(whole), try report(sharded))
        XCTAssertEqual(w["summary"] as? [String: Int], s["summary"] as? [String: Int])
        XCTAssertEqual((s["findings"] as? [Any])?.count, 6001, "the unknown column, then one finding a row")
        XCTAssertEqual(w["findings"] as? NSArray, s["findings"] as? NSArray)
        XCTAssertEqual((s["rejected"] as? [Any])?.count, 2000)
        XCTAssertEqual(w["rejected"] as? NSArray, s["rejected"] as? NSArray)
    }

    /// A shard report cut short stops the merge before it writes anything, naming the shard.
    func testATruncatedShardReportStopsTheMerge() throws {
        let csv = header + (1...40).map { "u\($0),User \($0),Org,https://x.com/user\($0),,Hi\n" }.joined()
        let sharded = output.appendingPathComponent("sharded")
        for k in 1...2 { _ = try build(csv, shard: try Shard(index: k, count: 2), into: sharded) }
        let path = sharded.appendingPathComponent("report.shard-2-of-2.json").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try String(text.prefix(text.count / 2)).write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ShardMerge(outputDirectory: sharded.path, shards: 2).run()) { error in
            XCTAssertTrue("\(error)".contains("shard 2/2"), "\(error)")
            XCTAssertTrue("\(error)".contains("run its build again"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: sharded.appendingPathComponent("report.json").path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: sharded.appendingPathComponent("manifest.json").path))
    }

    /// A second merge copies unchanged cards from the old gallery page and still equals an
    /// unsharded build; after a merge that died (its marker left, the page not the one the
    /// manifest describes) the page is made from the card files.
    func testMergingAgainPatchesTheGalleryAndDistrustsAnUnfinishedMerge() throws {
        func csv(_ renamed: Int) -> String {
            header
                + (1...40).map {
                    "u\($0),\($0 == renamed ? "Renamed" : "User") \($0),Org,https://x.com/user\($0),,Hi\n"
                }.joined()
        }
        let whole = output.appendingPathComponent("whole"), sharded = output.appendingPathComponent("sharded")
        func shardsAndMerge(_ text: String) throws {
            for k in 1...2 { _ = try build(text, shard: try Shard(index: k, count: 2), into: sharded) }
            try ShardMerge(outputDirectory: sharded.path, shards: 2).run()
        }
        func assertSameAsWhole(_ text: String, line: UInt = #line) throws {
            _ = try build(text, into: whole)
            for name in ["index.html", "manifest.json"] {
                XCTAssertEqual(
                    try Data(contentsOf: whole.appendingPathComponent(name)),
                    try Data(contentsOf: sharded.appendingPathComponent(name)), name, line: line)
            }
        }
        try shardsAndMerge(csv(0))
        try shardsAndMerge(csv(3))
        try assertSameAsWhole(csv(3))
        let page = sharded.appendingPathComponent("index.html")
        try Data(repeating: UInt8(ascii: "x"), count: try Data(contentsOf: page).count).write(to: page)
        try "1\n".write(to: sharded.appendingPathComponent(".whocard.merging"), atomically: true, encoding: .utf8)
        // What the dead merge was writing goes; a shard's file is not the merge's to remove.
        let dead = [
            ".index.html.999.tmp", ".replaced.index.html.999.tmp", ".manifest.json.999.tmp",
            "..whocard.merging.999.tmp",
        ]
        let shards = [
            ".manifest.shard-1-of-2.json.4242.tmp", ".replaced.u1.html.4242.tmp", ".replaced.index9.html.4242.tmp",
        ]
        for name in dead + shards {
            XCTAssertTrue(
                FileManager.default.createFile(
                    atPath: sharded.appendingPathComponent(name).path, contents: Data("x".utf8)))
        }
        try shardsAndMerge(csv(5))
        try assertSameAsWhole(csv(5))
        XCTAssertFalse(FileManager.default.fileExists(atPath: sharded.appendingPathComponent(".whocard.merging").path))
        for name in dead {
            XCTAssertFalse(FileManager.default.fileExists(atPath: sharded.appendingPathComponent(name).path), name)
        }
        for name in shards {
            XCTAssertTrue(FileManager.default.fileExists(atPath: sharded.appendingPathComponent(name).path), name)
        }
    }

    /// A Kubernetes Indexed Job restarts a shard that died while the others run: the restarted
    /// shard sweeps what it left, and none of the files the other shards are writing.
    func testARestartedShardSweepsOnlyItsOwnTemporaryFiles() throws {
        let first = try Shard(index: 1, count: 2), second = try Shard(index: 2, count: 2)
        let csv = header + (1...20).map { "u\($0),User \($0),Org,https://x.com/user\($0),,Hi\n" }.joined()
        _ = try build(csv, shard: first)
        _ = try build(csv, shard: second)
        let ids = (1...20).map { "u\($0)" }
        let mine = try XCTUnwrap(ids.first { first.contains(userID: $0) }),
            theirs = try XCTUnwrap(ids.first { second.contains(userID: $0) })
        try "1\n".write(
            to: output.appendingPathComponent(".whocard.shard-1-of-2.building"), atomically: true, encoding: .utf8)
        let left = [
            "cards/.\(mine).html.999.tmp", ".replaced.\(mine).md.999.tmp", ".manifest.shard-1-of-2.json.999.tmp",
            ".report.shard-1-of-2.json.999.tmp", "..whocard.shard-1-of-2.building.999.tmp",
        ]
        let others = [
            "cards/.\(theirs).html.4242.tmp", ".replaced.\(theirs).vcf.4242.tmp",
            ".manifest.shard-2-of-2.json.4242.tmp",
            ".report.shard-2-of-2.json.4242.tmp", ".whocard.css.4242.tmp",
        ]
        for name in left + others {
            XCTAssertTrue(FileManager.default.createFile(atPath: file(name), contents: Data("partial".utf8)), name)
        }
        _ = try build(csv, shard: first)
        for name in left {
            XCTAssertFalse(FileManager.default.fileExists(atPath: file(name)), "\(name): left by the dead shard 1")
        }
        for name in others {
            XCTAssertTrue(FileManager.default.fileExists(atPath: file(name)), "\(name): shard 2's, being written")
        }
        // A whole build that died owns everything it finds.
        try "1\n".write(to: output.appendingPathComponent(".whocard.building"), atomically: true, encoding: .utf8)
        _ = try build(csv)
        for name in others { XCTAssertFalse(FileManager.default.fileExists(atPath: file(name)), name) }
    }

    func testShardsSplitUsersStablyAndCoverEveryone() throws {
        let ids = (1...1000).map { "user-\($0)" }
        var seen = 0
        for k in 1...3 {
            let shard = try Shard(index: k, count: 3)
            let mine = ids.filter { shard.contains(userID: $0) }
            XCTAssertGreaterThan(mine.count, 250, "roughly a third each")
            seen += mine.count
        }
        XCTAssertEqual(seen, 1000)
        XCTAssertEqual(Shard.stableHash("a"), 0xaf63_dc4c_8601_ec8c, "FNV-1a, the same on every machine")
        XCTAssertThrowsError(try Shard(parsing: "0/4"))
        XCTAssertThrowsError(try Shard(parsing: "5/4"))
        XCTAssertEqual(try Shard(count: 4, environment: ["JOB_COMPLETION_INDEX": "0"]), try Shard(index: 1, count: 4))
        XCTAssertThrowsError(try Shard(count: 4, environment: [:]))
    }

    func testASecondBuildIntoTheSameFolderFailsAtOnceNamingTheHolder() throws {
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let holder = try BuildLock(directory: output.path, name: ".whocard.lock")
        XCTAssertThrowsError(try build(header + "alice,Alice,,,,\n")) { error in
            XCTAssertTrue("\(error)".contains("another whocard build (pid \(getpid()))"), "\(error)")
        }
        withExtendedLifetime(holder) {}
    }

    func testCorruptManifestIsANoteAndEverythingIsRewritten() throws {
        _ = try build(header + "alice,Alice,,,,\n")
        try Data("{not json".utf8).write(to: URL(fileURLWithPath: file("manifest.json")))
        try setOld("cards/alice.html")
        let result = try build(header + "alice,Alice,,,,\n")
        XCTAssertEqual(result.notes.count, 1)
        XCTAssertTrue(result.notes[0].contains("manifest"), result.notes[0])
        XCTAssertEqual(result.written, 0, "the files on disk are compared instead, and are current")
        XCTAssertEqual(try modificationDate("cards/alice.html"), Date(timeIntervalSince1970: 1_000_000))
        XCTAssertNotNil(try Manifest.load(from: file("manifest.json")))
    }

    /// The manifest's digest is the documented recipe over the files on disk: each file's byte
    /// length, a newline, its bytes, in html, md, json, vcf order.
    func testManifestDigestIsTheDocumentedSHA256OfTheFiles() throws {
        _ = try build(header + "alice,Alice,,,,\n")
        let manifest = try XCTUnwrap(Manifest.load(from: file("manifest.json")))
        let entry = try XCTUnwrap(manifest.users.first)
        var bytes: [UInt8] = []
        for name in ["cards/alice.html", "cards/alice.md", "cards/alice.json", "cards/alice.vcf"] {
            let data = try Data(contentsOf: URL(fileURLWithPath: file(name)))
            bytes += Array("\(data.count)\n".utf8) + Array(data)
        }
        XCTAssertEqual(entry.digest.hex, SHA256.hex(bytes))
        let text = try String(contentsOfFile: file("manifest.json"), encoding: .utf8)
        let range = try XCTUnwrap(entry.galleryRange)
        XCTAssertTrue(
            text.contains(
                "{\"id\": \"alice\", \"files\": [\"cards/alice.html\", \"cards/alice.md\", \"cards/alice.json\", \"cards/alice.vcf\"], \"sha256\": \"\(entry.digest.hex)\", \"input\": \"\(try XCTUnwrap(entry.input).hex)\", \"gallery\": [\(range.lowerBound), \(range.count)]}"
            ), text)
        // The gallery range is where the card's HTML sits in its page, byte for byte.
        let page = try Data(contentsOf: URL(fileURLWithPath: file("index.html")))
        XCTAssertEqual(page[range], try Data(contentsOf: URL(fileURLWithPath: file("cards/alice.html"))))
        XCTAssertTrue(text.contains("\n  \"page_size\": \(CardRenderer.indexPageSize),\n"), text)
    }

    func testSHA256KnownAnswers() {
        XCTAssertEqual(SHA256.hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(
            SHA256.hex(String(repeating: "a", count: 1_000)),
            "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
        XCTAssertEqual(
            SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }
}
