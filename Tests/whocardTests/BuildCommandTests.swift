import Foundation
import XCTest

/// Runs `whocard build`, `preview` and `templates init` as the nightly job and a person would.
final class BuildCommandTests: XCTestCase {
    let csv = WhoCardBinary.repoRoot.appendingPathComponent("examples/providers.csv").path
    private var temp: URL!

    override func setUpWithError() throws {
        temp = FileManager.default.temporaryDirectory.appendingPathComponent("whocard-cli-\(UUID())")
        try FileManager.default.createDirectory(at: temp, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: temp)
    }

    func testBuildWritesCardsAndPrintsOneSummaryLine() throws {
        let out = temp.appendingPathComponent("out").path
        let result = try WhoCardBinary.run(["build", "--input", csv, "--output", out])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "")
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("21 cards"), result.stderr)
        let cards = try FileManager.default.contentsOfDirectory(atPath: out + "/cards")
        XCTAssertEqual(cards.count, 21 * 4)
        let again = try WhoCardBinary.run(["build", "--input", csv, "--output", out])
        XCTAssertTrue(again.stderr.contains("0 files written"), again.stderr)
    }

    func testStrictExitsOneOnErrorsButStillWritesCards() throws {
        let out = temp.appendingPathComponent("out").path
        let result = try WhoCardBinary.run(["build", "--input", csv, "--output", out, "--strict", "--quiet"])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "")
        XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/cards/u1001.html"))
    }

    func testBuildIntoAFileIsExit2() throws {
        let blocker = temp.appendingPathComponent("file")
        try Data("x".utf8).write(to: blocker)
        let result = try WhoCardBinary.run(["build", "--input", csv, "--output", blocker.path])
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertTrue(result.stderr.contains(blocker.path), result.stderr)
    }

    func testPreviewPrintsOneOutputAndFindingsToStderr() throws {
        let result = try WhoCardBinary.run(["preview", "u1015", "--input", csv, "--as", "md"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.hasPrefix("## Oliver Brown"), result.stdout)
        XCTAssertFalse(result.stdout.contains("evil.example"))
        XCTAssertTrue(result.stderr.contains("url.userinfo"), result.stderr)
    }

    func testPreviewWritesThePageAndPrintsItsPath() throws {
        let result = try WhoCardBinary.run(["preview", "u1001", "--input", csv], currentDirectory: temp)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "output/preview/u1001.html\n")
        let page = try String(contentsOf: temp.appendingPathComponent("output/preview/u1001.html"), encoding: .utf8)
        XCTAssertTrue(page.contains("Alice Moreau"))
        XCTAssertTrue(page.contains("../whocard.css"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: temp.appendingPathComponent("output/whocard.css").path))
    }

    func testPreviewOfAnUnknownUserSuggestsClosestIDs() throws {
        let result = try WhoCardBinary.run(["preview", "u101", "--input", csv, "--as", "html"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(
            result.stderr.contains("no user 'u101' in \(csv) (22 users); did you mean: u1001, u1010, u1011"),
            result.stderr)
    }

    func testPreviewOfARejectedRowSaysWhy() throws {
        let result = try WhoCardBinary.run(["preview", ".hidden", "--input", csv, "--as", "html"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("id.invalid"), result.stderr)
    }

    func testTemplatesInitWritesEditableTemplatesThatBuildUses() throws {
        let dir = temp.appendingPathComponent("templates")
        XCTAssertEqual(try WhoCardBinary.run(["templates", "init", dir.path]).status, 0)
        let md = dir.appendingPathComponent("card.md.mustache")
        XCTAssertTrue(FileManager.default.fileExists(atPath: md.path))
        try Data("CUSTOM {{name}}\n".utf8).write(to: md)
        let result = try WhoCardBinary.run(["preview", "u1001", "--input", csv, "--as", "md", "--templates", dir.path])
        XCTAssertEqual(result.stdout, "CUSTOM Alice Moreau\n")
    }

    func testBrokenTemplateNamesFileAndLine() throws {
        let dir = temp.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data("line one\n{{#social}}never closed\n".utf8).write(to: dir.appendingPathComponent("card.html.mustache"))
        let result = try WhoCardBinary.run([
            "build", "--input", csv, "--output", temp.appendingPathComponent("o").path, "--templates", dir.path,
        ])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("card.html.mustache:"), result.stderr)
    }

    func testMassPruneIsRefusedWithExit1AndHowToProceed() throws {
        let out = temp.appendingPathComponent("out").path
        XCTAssertEqual(try WhoCardBinary.run(["build", "--input", csv, "--output", out, "--quiet"]).status, 0)
        let few = temp.appendingPathComponent("few.csv")
        try Data("id,name\nu1001,Alice Moreau\nu1002,Bob Okafor\n".utf8).write(to: few)
        let refused = try WhoCardBinary.run(["build", "--input", few.path, "--output", out, "--quiet"])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("19 of 21 existing cards"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("--allow-mass-prune"), refused.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/cards/u1021.html"))
        let allowed = try WhoCardBinary.run(["build", "--input", few.path, "--output", out, "--allow-mass-prune"])
        XCTAssertEqual(allowed.status, 0, allowed.stderr)
        XCTAssertTrue(allowed.stderr.contains("19 users removed"), allowed.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out + "/cards/u1021.html"))
    }

    func testShardOptionsAreCheckedAndMergeNamesMissingShards() throws {
        let out = temp.appendingPathComponent("out").path
        let bad = try WhoCardBinary.run(["build", "--input", csv, "--output", out, "--shard", "5/4"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("shard 5/4 does not exist"), bad.stderr)
        let noIndex = try WhoCardBinary.run(["build", "--input", csv, "--output", out, "--shards", "3"])
        XCTAssertEqual(noIndex.status, 2)
        XCTAssertTrue(noIndex.stderr.contains("JOB_COMPLETION_INDEX"), noIndex.stderr)
        let indexed = try WhoCardBinary.run(
            ["build", "--input", csv, "--output", out, "--shards", "2", "--quiet"],
            environment: ["JOB_COMPLETION_INDEX": "1"])
        XCTAssertEqual(indexed.status, 0, indexed.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/manifest.shard-2-of-2.json"))
        let early = try WhoCardBinary.run(["merge", "--shards", "2", "--output", out])
        XCTAssertEqual(early.status, 2)
        XCTAssertTrue(early.stderr.contains("shard 1/2 has no manifest"), early.stderr)
        XCTAssertEqual(
            try WhoCardBinary.run(["build", "--input", csv, "--output", out, "--shard", "1/2", "--quiet"]).status, 0)
        let merged = try WhoCardBinary.run(["merge", "--shards", "2", "--output", out])
        XCTAssertEqual(merged.status, 0, merged.stderr)
        XCTAssertTrue(merged.stderr.contains("21 cards"), merged.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/index.html"))
    }

    func testProgressIsAPlainLineWhenNotATerminal() throws {
        // stderr is a pipe here: no bar, no carriage returns; the summary line still comes.
        let result = try WhoCardBinary.run(["build", "--input", csv, "--output", temp.appendingPathComponent("o").path])
        XCTAssertFalse(result.stderr.contains("\r"))
        XCTAssertFalse(result.stderr.contains("\u{1B}["))
    }
}
