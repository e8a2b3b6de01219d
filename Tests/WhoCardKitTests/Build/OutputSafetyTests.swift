import Foundation
import XCTest

@testable import WhoCardKit

/// The output folder is often shared (a CI workspace, `/tmp`): a build never reads, writes or
/// removes anything outside it, whatever links or names are planted in it.
final class OutputSafetyTests: XCTestCase {
    private var root: URL!
    private var output: URL { root.appendingPathComponent("site") }
    private var victim: URL { root.appendingPathComponent("outside/victim.txt") }
    private let secret = "the victim's own content\n"

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("whocard-safety-\(UUID())")
        try FileManager.default.createDirectory(
            at: victim.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try secret.write(to: victim, atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: root)
    }

    private let csv = "id,name,twitter_url\nu1,Ann,https://x.com/ann\nu2,Bob,\nu3,Cy,\n"

    @discardableResult
    private func build(_ text: String? = nil, force: Bool = false) throws -> BuildResult {
        let reader = try ExportReader(data: Array((text ?? csv).utf8), name: "export.csv", format: .csv)
        let options = BuildOptions(outputDirectory: output.path, force: force, jobs: 2, maxPrunePercent: 100)
        return try BuildPipeline(checker: ExportChecker(reader: reader, file: "export.csv"), options: options).run()
    }

    private func plantLink(_ name: String, to target: URL? = nil) throws {
        let path = output.appendingPathComponent(name).path
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: (target ?? victim).path)
    }

    private func assertVictimUntouched(file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(try String(contentsOf: victim, encoding: .utf8), secret, file: file, line: line)
    }

    private func isLink(_ name: String) -> Bool {
        AtomicFile.isSymbolicLink(output.appendingPathComponent(name).path)
    }

    func testALockThatIsALinkIsRefusedAndItsTargetUntouched() throws {
        try plantLink(".whocard.lock")
        XCTAssertThrowsError(try build()) { error in
            XCTAssertTrue("\(error)".contains("symbolic link"), "\(error)")
        }
        try assertVictimUntouched()
    }

    /// Links planted at the names the build writes are replaced, never written through.
    func testLinksAtOwnedNamesAreReplacedNotWrittenThrough() throws {
        try build()
        for name in ["manifest.json", "report.json", "whocard.css", "index.html", "cards/u1.html", "cards/u2.vcf"] {
            try plantLink(name)
        }
        try build()  // the same export: nothing changed but the links
        try assertVictimUntouched()
        for name in ["manifest.json", "report.json", "whocard.css", "index.html", "cards/u1.html", "cards/u2.vcf"] {
            XCTAssertFalse(isLink(name), name)
            XCTAssertTrue(AtomicFile.isRegularFile(output.appendingPathComponent(name).path), name)
        }
        // The gallery never copied the victim's content in.
        let index = try String(contentsOf: output.appendingPathComponent("index.html"), encoding: .utf8)
        XCTAssertFalse(index.contains("victim"))
        XCTAssertTrue(index.contains("Ann"))
    }

    /// Temporary names cannot be guessed: links planted for this process's pid (and others)
    /// in the old `.<name>.<pid>.tmp` form catch nothing.
    func testPlantedTemporaryNamesCatchNothing() throws {
        let pid = Int(getpid())
        try FileManager.default.createDirectory(
            at: output.appendingPathComponent("cards"), withIntermediateDirectories: true)
        for candidate in (pid - 3)...(pid + 3) {
            for name in ["manifest.json", "report.json", "whocard.css", "index.html", ".whocard.building"] {
                try plantLink(".\(name).\(candidate).tmp")
            }
            try plantLink("cards/.u1.html.\(candidate).tmp")
        }
        try build()
        try build("id,name\nu1,Ann Changed\nu2,Bob\n")
        try assertVictimUntouched()
        XCTAssertTrue(
            try String(contentsOf: output.appendingPathComponent("cards/u1.html"), encoding: .utf8).contains(
                "Ann Changed"))
    }

    func testACardsFolderThatIsALinkIsRefused() throws {
        let elsewhere = root.appendingPathComponent("outside/cards")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try plantLink("cards", to: elsewhere)
        XCTAssertThrowsError(try build()) { error in
            XCTAssertTrue("\(error)".contains("symbolic link"), "\(error)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path), [])
    }

    /// The output folder itself may be a link the user made.
    func testTheOutputFolderItselfMayBeALink() throws {
        let real = root.appendingPathComponent("real-site")
        try FileManager.default.createDirectory(at: real, withIntermediateDirectories: true)
        let link = root.appendingPathComponent("site-link")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: real)
        let reader = try ExportReader(data: Array(csv.utf8), name: "export.csv", format: .csv)
        _ = try BuildPipeline(
            checker: ExportChecker(reader: reader, file: "export.csv"),
            options: BuildOptions(outputDirectory: link.path, jobs: 1)
        ).run()
        XCTAssertTrue(FileManager.default.fileExists(atPath: real.appendingPathComponent("cards/u1.html").path))
    }

    /// A manifest id that is a path never makes a path: the manifest counts as corrupt (a
    /// warning, a full rebuild, no removals) and the file outside stays.
    func testAManifestIdThatIsAPathRemovesNothingOutside() throws {
        try build()
        let manifestPath = output.appendingPathComponent("manifest.json")
        var manifest = try String(contentsOf: manifestPath, encoding: .utf8)
        let traversal = "../../outside/victim"
        try "x".write(to: root.appendingPathComponent("outside/victim.html"), atomically: true, encoding: .utf8)
        manifest = manifest.replacingOccurrences(of: "\"id\": \"u3\"", with: "\"id\": \"\(traversal)\"")
            .replacingOccurrences(of: "cards/u3.", with: "cards/\(traversal).")
        try manifest.write(to: manifestPath, atomically: true, encoding: .utf8)
        let result = try build("id,name\nu1,Ann\n")
        XCTAssertTrue(result.notes.contains { $0.contains("no export can have") }, "\(result.notes)")
        XCTAssertEqual(result.removed, [])
        XCTAssertTrue(FileManager.default.fileExists(atPath: root.appendingPathComponent("outside/victim.html").path))
        try assertVictimUntouched()
    }

    /// Files in `cards/` that no user owns (left by a build that died, or planted) go; links
    /// among them are removed as links.
    func testFilesNoUserOwnsAreRemoved() throws {
        try build()
        let cards = output.appendingPathComponent("cards")
        try "stray".write(to: cards.appendingPathComponent("ghost.html"), atomically: true, encoding: .utf8)
        try "stray".write(to: cards.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        try plantLink("cards/intruder.json")
        try build()
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: cards.path))
        XCTAssertEqual(
            names, Set(["u1", "u2", "u3"].flatMap { id in BuildPipeline.cardExtensions.map { "\(id).\($0)" } }))
        try assertVictimUntouched()
    }

    /// A no-change rebuild writes nothing but the report: the manifest keeps its mtime.
    func testANoChangeRebuildLeavesTheManifestAlone() throws {
        try build()
        let manifest = output.appendingPathComponent("manifest.json").path
        let old = Date(timeIntervalSince1970: 1_000_000)
        try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: manifest)
        let result = try build()
        XCTAssertEqual(result.written, 0)
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: manifest)[.modificationDate] as? Date, old)
        // A change still writes it.
        try build("id,name,twitter_url\nu1,Ann,https://x.com/ann\nu2,Bob,\nu3,Cy Changed,\n")
        XCTAssertNotEqual(try FileManager.default.attributesOfItem(atPath: manifest)[.modificationDate] as? Date, old)
    }
}
