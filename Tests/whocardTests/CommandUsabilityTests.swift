import Foundation
import XCTest

/// What the command line does when a person gets it slightly wrong: `templates init` over
/// existing files, `preview --output` elsewhere, `--serve` with a missing folder, help and
/// usage errors, shell completion.
final class CommandUsabilityTests: XCTestCase {
    let csv = WhoCardBinary.repoRoot.appendingPathComponent("examples/providers.csv").path
    private var temp: URL!

    override func setUpWithError() throws {
        temp = FileManager.default.temporaryDirectory.appendingPathComponent("whocard-usability-\(UUID())")
        try FileManager.default.createDirectory(at: temp, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: temp)
    }

    func testTemplatesInitRefusesToOverwriteUnlessForced() throws {
        let folder = temp.appendingPathComponent("mine")
        XCTAssertEqual(try WhoCardBinary.run(["templates", "init", folder.path]).status, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent("locales/ar.json").path))
        let edited = folder.appendingPathComponent("card.html.mustache")
        try Data("<p>{{name}}</p>\n".utf8).write(to: edited)

        let again = try WhoCardBinary.run(["templates", "init", folder.path])
        XCTAssertEqual(again.status, 2, again.stderr)
        XCTAssertTrue(again.stderr.contains(edited.path), again.stderr)
        XCTAssertTrue(again.stderr.contains("pass --force to overwrite them"), again.stderr)
        XCTAssertEqual(try String(contentsOf: edited, encoding: .utf8), "<p>{{name}}</p>\n", "nothing was overwritten")

        // One existing file is enough to write nothing.
        let partly = temp.appendingPathComponent("partly")
        try FileManager.default.createDirectory(at: partly, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: partly.appendingPathComponent("whocard.css"))
        let one = try WhoCardBinary.run(["templates", "init", partly.path])
        XCTAssertEqual(one.status, 2)
        XCTAssertTrue(one.stderr.contains("this file exists and would be overwritten: "), one.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: partly.path), ["whocard.css"])

        let forced = try WhoCardBinary.run(["templates", "init", folder.path, "--force"])
        XCTAssertEqual(forced.status, 0, forced.stderr)
        XCTAssertNotEqual(try String(contentsOf: edited, encoding: .utf8), "<p>{{name}}</p>\n")
    }

    func testPreviewOutputElsewhereIsStyled() throws {
        let page = temp.appendingPathComponent("deep/down/alice.html")
        let run = try WhoCardBinary.run(["preview", "u1001", "--input", csv, "--output", page.path])
        XCTAssertEqual(run.status, 0, run.stderr)
        let html = try String(contentsOf: page, encoding: .utf8)
        XCTAssertTrue(html.contains(#"<link rel="stylesheet" href="whocard.css">"#), html)
        let css = page.deletingLastPathComponent().appendingPathComponent("whocard.css")
        XCTAssertTrue(try String(contentsOf: css, encoding: .utf8).contains(".whocard:not(#\\#)"))
    }

    func testServeWithAMissingTemplatesFolderExits2() throws {
        let missing = temp.appendingPathComponent("nope").path
        let run = try WhoCardBinary.run([
            "preview", "u1001", "--input", csv, "--serve", "--port", "0", "--templates", missing,
        ])
        XCTAssertEqual(run.status, 2, run.stderr)
        XCTAssertTrue(run.stderr.contains("\(missing): template directory does not exist"), run.stderr)
        XCTAssertTrue(run.stderr.contains("whocard templates init \(missing)"), run.stderr)
    }

    func testServeWithAnUnknownLocaleExits2() throws {
        let run = try WhoCardBinary.run([
            "preview", "u1001", "--input", csv, "--serve", "--port", "0", "--locale", "zz",
        ])
        XCTAssertEqual(run.status, 2, run.stderr)
        XCTAssertTrue(run.stderr.contains("there is no catalogue for locale 'zz'"), run.stderr)
    }

    func testHelpListsInputFirstAndEachDefaultOnce() throws {
        for command in ["check", "build", "preview"] {
            let help = try WhoCardBinary.run([command, "--help"]).stdout
            let input = try XCTUnwrap(help.range(of: "  -i, --input <file>"), command)
            for later in ["--online", "--theme", "--templates", "--as"] {
                if let range = help.range(of: "\n  " + later + " ") {
                    XCTAssertLessThan(input.lowerBound, range.lowerBound, "\(command): --input after \(later)")
                }
            }
            let flat = help.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            XCTAssertNil(flat.range(of: #"\(default:[^)]*\)\.? \(default:"#, options: .regularExpression), flat)
            XCTAssertFalse(flat.contains("core count). (default"), flat)
        }
    }

    func testUsageErrorsPrintTheSubcommandsUsage() throws {
        for arguments in [
            ["build", "--input", csv, "--jobs", "0"], ["build", "--input", csv, "--shard", "5/2"],
            ["check", "--input", csv, "--map", "nonsense"], ["preview", "u1", "--input", csv, "--port", "9"],
        ] {
            let run = try WhoCardBinary.run(arguments)
            XCTAssertEqual(run.status, 2, "\(arguments): \(run.stderr)")
            XCTAssertTrue(run.stderr.contains("Usage: whocard \(arguments[0]) "), "\(arguments): \(run.stderr)")
        }
    }

    func testCompletionCompletesFileNames() throws {
        let bash = try WhoCardBinary.run(["--generate-completion-script", "bash"]).stdout
        for (option, kind) in [("'-i'|'--input'", "-f"), ("'--templates'", "-d"), ("'--cache'", "-f")] {
            XCTAssertTrue(bash.contains("\(option))\n        __whocard_add_completions \(kind)"), option)
        }
        XCTAssertTrue(bash.contains("'-o'|'--output')\n        __whocard_add_completions -f"), "check --output")
        XCTAssertTrue(bash.contains("'-o'|'--output')\n        __whocard_add_completions -d"), "build --output")
        let zsh = try WhoCardBinary.run(["--generate-completion-script", "zsh"]).stdout
        XCTAssertTrue(zsh.contains(":file:_files'"), "zsh")
        let fish = try WhoCardBinary.run(["--generate-completion-script", "fish"]).stdout
        XCTAssertTrue(fish.contains("-l 'input' -d 'The settings export"), "fish")
        XCTAssertTrue(fish.contains("-rF"), "fish completes files")
    }
}
