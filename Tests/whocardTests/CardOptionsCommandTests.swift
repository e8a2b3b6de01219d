import Foundation
import XCTest

/// `--theme`, `--embed` and `--locale` on `build` and `preview`; what `build` says about findings;
/// the gallery's findings.
final class CardOptionsCommandTests: XCTestCase {
    let csv = WhoCardBinary.repoRoot.appendingPathComponent("examples/providers.csv").path
    private var temp: URL!

    override func setUpWithError() throws {
        temp = FileManager.default.temporaryDirectory.appendingPathComponent("whocard-options-\(UUID())")
        try FileManager.default.createDirectory(at: temp, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: temp)
    }

    private func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    func testLocaleAndThemeReachEveryCardAndChangingThemRendersThemAgain() throws {
        let out = temp.appendingPathComponent("out").path
        let first = try WhoCardBinary.run(["build", "--input", csv, "--output", out, "--no-progress"])
        XCTAssertTrue(first.stderr.contains("21 cards (21 rendered)"), first.stderr)
        XCTAssertTrue(try read(out + "/cards/u1001.html").contains(#"data-whocard-theme="auto" lang="en" dir="ltr""#))
        let json = try read(out + "/cards/u1001.json"), vcard = try read(out + "/cards/u1001.vcf")

        let arabic = try WhoCardBinary.run([
            "build", "--input", csv, "--output", out, "--no-progress", "--locale", "ar", "--theme", "light",
        ])
        XCTAssertTrue(
            arabic.stderr.contains("21 cards (21 rendered)"), "a new locale renders every card: \(arabic.stderr)")
        let html = try read(out + "/cards/u1001.html")
        XCTAssertTrue(html.contains(#"data-whocard-theme="light" lang="ar" dir="rtl""#), html)
        XCTAssertTrue(html.contains("أنت تتحدث مع"))
        XCTAssertTrue(try read(out + "/cards/u1001.md").contains("### الدعم"))
        XCTAssertEqual(try read(out + "/cards/u1001.json"), json, "the JSON card is language-neutral")
        XCTAssertEqual(try read(out + "/cards/u1001.vcf"), vcard, "the vCard is language-neutral")

        let same = try WhoCardBinary.run([
            "build", "--input", csv, "--output", out, "--no-progress", "--locale", "ar", "--theme", "light",
        ])
        XCTAssertTrue(same.stderr.contains("21 cards (0 rendered)"), same.stderr)
    }

    func testLocalesWriteTrackedFilesThatArePrunedLikeTheOthers() throws {
        let out = temp.appendingPathComponent("out").path
        func build(_ extra: [String], input: String? = nil) throws -> WhoCardBinary.Result {
            try WhoCardBinary.run(
                ["build", "--input", input ?? csv, "--output", out, "--no-progress", "--allow-mass-prune"] + extra)
        }
        func cards() throws -> Set<String> { Set(try FileManager.default.contentsOfDirectory(atPath: out + "/cards")) }

        let first = try build(["--locales", "en,fr,AR"])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(try cards().count, 21 * 8, "html, md, json, vcf and fr/ar html and md")
        XCTAssertTrue(try read(out + "/cards/u1001.fr.html").contains(#"lang="fr""#))
        XCTAssertTrue(try read(out + "/cards/u1001.ar.md").contains("### الدعم"))
        XCTAssertTrue(try read(out + "/cards/u1001.html").contains(#"lang="en""#), "the default keeps its names")
        let manifest = try read(out + "/manifest.json")
        XCTAssertTrue(manifest.contains(#""locales": ["ar", "fr"],"#), manifest)
        XCTAssertTrue(manifest.contains(#""cards/u1001.ar.html", "cards/u1001.ar.md", "cards/u1001.fr.html""#))

        XCTAssertTrue(try build(["--locales", "fr,ar"]).stderr.contains("(0 rendered)"), "unchanged: nothing rendered")

        // A stray file for a language the build writes, of a user who does not exist: removed.
        try Data("x".utf8).write(to: URL(fileURLWithPath: out + "/cards/nobody.fr.html"))
        // A user leaves: all their files go, every language.
        let text = try read(csv)
        let smaller = temp.appendingPathComponent("smaller.csv")
        try Data(text.split(separator: "\n").filter { !$0.hasPrefix("u1002,") }.joined(separator: "\n").utf8)
            .write(to: smaller)
        _ = try build(["--locales", "ar,fr"], input: smaller.path)
        let left = try cards()
        XCTAssertFalse(left.contains { $0.hasPrefix("u1002.") }, "\(left)")
        XCTAssertFalse(try cards().contains("nobody.fr.html"))
        XCTAssertEqual(try cards().count, 20 * 8)

        // A language dropped from the list: its files go.
        _ = try build(["--locales", "fr"], input: smaller.path)
        XCTAssertFalse(try cards().contains { $0.contains(".ar.") })
        XCTAssertEqual(try cards().count, 20 * 6)
        XCTAssertFalse(try read(out + "/manifest.json").contains("\"ar\""))
        _ = try build([], input: smaller.path)
        XCTAssertEqual(try cards().count, 20 * 4)
        XCTAssertFalse(try read(out + "/manifest.json").contains("\"locales\""), "no languages, no member")

        let bad = try build(["--locales", "en,../x"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("Usage: whocard build"), bad.stderr)
    }

    func testShardedLocalesAndFindingsMergeIntoWhatOneBuildWrites() throws {
        let whole = temp.appendingPathComponent("whole").path, sharded = temp.appendingPathComponent("sharded").path
        _ = try WhoCardBinary.run(["build", "--input", csv, "--output", whole, "--quiet", "--locales", "fr"])
        for k in 1...2 {
            _ = try WhoCardBinary.run([
                "build", "--input", csv, "--output", sharded, "--quiet", "--locales", "fr", "--shard", "\(k)/2",
            ])
        }
        let merge = try WhoCardBinary.run(["merge", "--shards", "2", "--output", sharded])
        XCTAssertEqual(merge.status, 0, merge.stderr)
        XCTAssertEqual(try read(sharded + "/manifest.json"), try read(whole + "/manifest.json"))
        let gallery = try read(whole + "/index.html")
        XCTAssertTrue(gallery.contains("whocard-qa"), "the sample has findings to list")
        XCTAssertEqual(try read(sharded + "/index.html"), gallery, "the merged gallery lists the same findings")
        XCTAssertEqual(
            Set(try FileManager.default.contentsOfDirectory(atPath: sharded + "/cards")),
            Set(try FileManager.default.contentsOfDirectory(atPath: whole + "/cards")))
    }

    func testShadowEmbeddingFromTheCommandLine() throws {
        let run = try WhoCardBinary.run(["preview", "u1002", "--input", csv, "--as", "html", "--embed", "shadow"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.hasPrefix(#"<whocard-card class="whocard-host" data-whocard-id="u1002">"#), run.stdout)
    }

    func testUnknownLocaleIsAUsageErrorNamingTheChoices() throws {
        let run = try WhoCardBinary.run(["build", "--input", csv, "--output", temp.path + "/o", "--locale", "kl"])
        XCTAssertEqual(run.status, 2, run.stderr)
        XCTAssertTrue(run.stderr.contains("there is no catalogue for locale 'kl'"), run.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: temp.path + "/o/cards"), "nothing was built")
    }

    func testAMissingTranslationIsReportedOnceAndShownInEnglish() throws {
        let templates = temp.appendingPathComponent("t/locales")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        try Data(#"{"talking_to": "Vous parlez avec"}"#.utf8).write(to: templates.appendingPathComponent("fr.json"))
        let out = temp.appendingPathComponent("out").path
        let run = try WhoCardBinary.run([
            "build", "--input", csv, "--output", out, "--no-progress", "--locale", "fr", "--templates",
            temp.appendingPathComponent("t").path,
        ])
        XCTAssertEqual(run.stderr.components(separatedBy: "locales/fr.json has no").count, 2, run.stderr)
        XCTAssertTrue(run.stderr.contains(#""hours""#), run.stderr)
        let html = try read(out + "/cards/u1001.html")
        XCTAssertTrue(html.contains("Vous parlez avec"))
        XCTAssertTrue(html.contains(">Hours<"), "English for the missing key")
    }

    func testBuildNamesWhereTheFindingsAreAndTheGalleryShowsThem() throws {
        let out = temp.appendingPathComponent("out").path
        let run = try WhoCardBinary.run(["build", "--input", csv, "--output", out, "--no-progress"])
        XCTAssertEqual(run.stderr.split(separator: "\n").count, 1, run.stderr)
        XCTAssertTrue(
            run.stderr.contains(
                "Findings: in \(out)/report.json, under each card in \(out)/index.html, "
                    + "or with their fixes from `whocard check --input \(csv)`"), run.stderr)
        // Every accepted user with findings in the report has them under their card in the gallery.
        let report = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/report.json")))
                as? [String: Any])
        let findings = try XCTUnwrap(report["findings"] as? [[String: Any]])
        let cards = Set(try FileManager.default.contentsOfDirectory(atPath: out + "/cards"))
        let gallery = try read(out + "/index.html")
        var shown = 0
        for finding in findings {
            guard let id = finding["user_id"] as? String, cards.contains("\(id).html"),
                let rule = finding["rule"] as? String
            else { continue }
            let item = try XCTUnwrap(gallery.components(separatedBy: #"id="user-\#(id)""#).dropFirst().first)
            let entry = item.components(separatedBy: "</li>\n    <li class=\"whocard-gallery__item\"").first ?? item
            XCTAssertTrue(entry.contains("<code>\(rule)</code>"), "\(id): \(rule) not under the card")
            shown += 1
        }
        XCTAssertGreaterThan(shown, 0, "the sample has accepted users with findings")
        XCTAssertFalse(try read(out + "/cards/u1015.html").contains("whocard-qa"), "never in the card itself")
        let clean = try WhoCardBinary.run([
            "build", "--input", WhoCardBinary.repoRoot.appendingPathComponent("examples/providers.csv").path,
            "--output", out, "--quiet",
        ])
        XCTAssertEqual(clean.stderr, "", "--quiet prints no summary")
    }

    func testPreviewPageShowsWhatWasDropped() throws {
        let page = temp.appendingPathComponent("pages/u1015.html").path
        let run = try WhoCardBinary.run(["preview", "u1015", "--input", csv, "--output", page])
        XCTAssertEqual(run.status, 0, run.stderr)
        let html = try read(page)
        XCTAssertTrue(html.contains(#"<section class="whocard-qa""#), html)
        XCTAssertTrue(html.contains("Fix: "), html)
    }
}
