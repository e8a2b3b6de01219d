import Foundation
import XCTest
@testable import WhoCardKit

/// The gallery of a rebuild: changed pages are made from the old pages' unchanged cards and
/// must be byte for byte what a build from scratch writes.
final class GalleryTests: XCTestCase {
    private var root: URL!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("whocard-gallery-\(UUID())")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: root)
    }

    private let header = "id,name,provider,twitter_url,linkedin_url,bio\n"

    private func rows(_ ids: some Sequence<Int>, renamed: Set<Int> = []) -> String {
        header
            + ids.map { i in
                "u\(i),\(renamed.contains(i) ? "Renamed" : "Person") \(i),Acme,https://x.com/u\(i),,Hello **\(i)**\n"
            }.joined()
    }

    @discardableResult
    private func build(_ csv: String, into folder: String, pageSize: Int = 3, templates: TemplateLibrary = .defaults)
        throws -> BuildResult
    {
        let reader = try ExportReader(data: Array(csv.utf8), name: "export.csv", format: .csv)
        let options = BuildOptions(
            outputDirectory: root.appendingPathComponent(folder).path, templates: templates, indexPageSize: pageSize,
            jobs: 2, maxPrunePercent: 100)
        return try BuildPipeline(checker: ExportChecker(reader: reader, file: "export.csv"), options: options).run()
    }

    private func contents(_ folder: String, _ name: String) throws -> Data {
        try Data(contentsOf: root.appendingPathComponent(folder).appendingPathComponent(name))
    }

    /// Every gallery page and the manifest of `folder` equal those of a fresh build of `csv`.
    private func assertSameGalleryAsAFreshBuild(
        _ folder: String, _ csv: String, pageSize: Int = 3, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let fresh = "fresh-\(UUID())"
        try build(csv, into: fresh, pageSize: pageSize)
        let names = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(fresh).path).filter
        { $0.hasPrefix("index") }
        XCTAssertGreaterThan(names.count, 1, file: file, line: line)
        for name in names + ["manifest.json"] {
            XCTAssertEqual(try contents(folder, name), try contents(fresh, name), name, file: file, line: line)
        }
        let pages = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path).filter
        { $0.hasPrefix("index") }
        XCTAssertEqual(Set(pages), Set(names), "pages left over or missing", file: file, line: line)
    }

    func testRebuiltPagesEqualAFreshBuildAfterChangesAdditionsAndRemovals() throws {
        try build(rows(0..<20), into: "site")
        // A change on one page, users added (pages shift), users removed (pages shift back).
        let next = rows(Array(0..<20).filter { $0 != 4 && $0 != 11 } + [25, 26, 27, 28], renamed: [7, 15])
        let result = try build(next, into: "site")
        XCTAssertEqual(result.rendered, 6)
        try assertSameGalleryAsAFreshBuild("site", next)
        // Each user's recorded place in their page holds exactly their card.
        let manifest = try XCTUnwrap(Manifest.load(from: root.appendingPathComponent("site/manifest.json").path))
        XCTAssertEqual(manifest.pageSize, 3)
        for (position, user) in manifest.users.enumerated() {
            let page = try contents("site", CardRenderer.indexFileName(page: position / 3 + 1))
            XCTAssertEqual(
                page[try XCTUnwrap(user.galleryRange)], try contents("site", "cards/\(user.id).html"), user.id)
        }
    }

    /// Pages are replaced as soon as no page still to be made copies from their old version:
    /// when users move by several pages (many removed at the front, then many added there),
    /// each page must still copy from the old pages, not from their replacements.
    func testPagesMovedBySeveralPagesCopyFromTheOldVersions() throws {
        try build(rows(10..<40), into: "site")
        let fewer = rows(17..<40, renamed: [20, 30])  // about two pages fewer at the front
        try build(fewer, into: "site")
        try assertSameGalleryAsAFreshBuild("site", fewer)
        let more = rows(0..<40, renamed: [25])  // seventeen users back at the front
        try build(more, into: "site")
        try assertSameGalleryAsAFreshBuild("site", more)
        let names = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("site").path)
        XCTAssertEqual(names.filter { $0.hasSuffix(".tmp") }, [], "temporary files left")
    }

    /// An unchanged card is copied from the old page, not read from its file: a million-user
    /// rebuild then reads a thousand pages instead of a million files.
    func testUnchangedCardsAreCopiedFromTheOldPage() throws {
        try build(rows(0..<9), into: "site")
        let card = root.appendingPathComponent("site/cards/u1.html")
        let original = try Data(contentsOf: card)
        try Data(repeating: UInt8(ascii: "x"), count: 10).write(to: card)
        try build(rows(0..<9, renamed: [2]), into: "site")  // u2 shares the first page with u1
        let page = try String(decoding: contents("site", "index.html"), as: UTF8.self)
        XCTAssertTrue(page.contains(String(decoding: original, as: UTF8.self)))
        XCTAssertFalse(page.contains("xxxxxxxxxx"))
        XCTAssertTrue(page.contains("Renamed 2"))
    }

    /// A build that did not finish may have replaced pages without writing the manifest: the
    /// next build does not trust the old pages and makes changed pages from the card files.
    func testAfterAnUnfinishedBuildPagesAreMadeFromTheCardFiles() throws {
        try build(rows(0..<9), into: "site")
        let page = root.appendingPathComponent("site/index.html")
        let original = try Data(contentsOf: page)
        try Data(repeating: UInt8(ascii: "x"), count: original.count).write(to: page)  // same size, wrong bytes
        try "12345\n".write(
            to: root.appendingPathComponent("site/.whocard.building"), atomically: true, encoding: .utf8)
        let next = rows(0..<9, renamed: [2])
        try build(next, into: "site")
        try assertSameGalleryAsAFreshBuild("site", next)
        XCTAssertFalse(
            FileManager.default.fileExists(atPath: root.appendingPathComponent("site/.whocard.building").path))
    }

    /// A build that died after replacing a page but before writing the manifest leaves a page
    /// the manifest's key does not describe: the next build checks every page against what it
    /// should show, even when nothing in the export changed.
    func testAfterAnUnfinishedBuildEveryPageIsCheckedAgainstItsFile() throws {
        try build(rows(0..<9), into: "site")
        try Data("<p>a page from a build that died</p>".utf8).write(
            to: root.appendingPathComponent("site/index-2.html"))
        try "12345\n".write(
            to: root.appendingPathComponent("site/.whocard.building"), atomically: true, encoding: .utf8)
        try build(rows(0..<9), into: "site")
        try assertSameGalleryAsAFreshBuild("site", rows(0..<9))
    }

    /// A gallery template that does not show each card exactly once cannot be laid out: its
    /// pages are rendered from the card files, and no places are recorded.
    func testATemplateWithoutInlineCardsIsRenderedFromTheCardFiles() throws {
        let folder = root.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "<ul>{{#entries}}<li>{{id}}: {{{card}}}<hr>{{{card}}}</li>{{/entries}}</ul>\n".write(
            to: folder.appendingPathComponent("index.html.mustache"), atomically: true, encoding: .utf8)
        let templates = try TemplateLibrary(overrideDirectory: folder)
        try build(rows(0..<5), into: "site", templates: templates)
        try build(rows(0..<5, renamed: [1]), into: "site", templates: templates)
        let page = try String(decoding: contents("site", "index.html"), as: UTF8.self)
        XCTAssertTrue(page.contains("Renamed 1"))
        XCTAssertEqual(page.components(separatedBy: "data-whocard-id=\"u1\"").count, 3, page)  // twice
        XCTAssertEqual(page.components(separatedBy: "<article").count, 7, page)  // three users, twice each
        let manifest = try XCTUnwrap(Manifest.load(from: root.appendingPathComponent("site/manifest.json").path))
        XCTAssertTrue(manifest.users.allSatisfy { $0.galleryRange == nil })
    }

    /// A first build lays its pages out from the cards it rendered (the spill), not by reading
    /// the card files back; the pages are still what the template renders from those files.
    func testAFirstBuildsPagesEqualThePagesRenderedFromTheCardFiles() throws {
        try build(rows(0..<8), into: "site")
        let renderer = CardRenderer(templates: .defaults)
        for page in 1...3 {
            let entries = try (0..<8).map { "u\($0)" }.sorted().dropFirst((page - 1) * 3).prefix(3).map { id in
                IndexEntry(
                    id: id, name: nil, provider: nil,
                    card: .fragment(String(decoding: try contents("site", "cards/\(id).html"), as: UTF8.self)))
            }
            let expected = try renderer.indexPage(
                entries: entries, page: page, pageCount: 3, cssHref: TemplateLibrary.cssFileName)
            XCTAssertEqual(
                String(decoding: try contents("site", CardRenderer.indexFileName(page: page)), as: UTF8.self), expected)
        }
    }

    /// Cards rendered by this build are copied from the spill: with no card files on disk at
    /// all, the pages still show them, and each user's place in their page is recorded.
    func testCardsRenderedByThisBuildAreCopiedFromTheSpill() throws {
        let spill = try CardSpill(directory: root.path)
        var manifest = Manifest()
        for i in 0..<5 {
            let card = Array("<article>card \(i)</article>".utf8)
            let offset = try spill.append(card)
            var entry = Manifest.Entry(
                id: "u\(i)", digest: try XCTUnwrap(Digest(hex: String(repeating: "a", count: 63) + "\(i)")))
            entry.spilledRange = offset..<offset + card.count
            manifest.users.append(entry)
        }
        var counts = OutputWriter.Counts()
        try Gallery(
            writer: OutputWriter(root: root.path, force: false), templates: .defaults, pageSize: 2, jobs: 2,
            spill: spill
        )
        .write(&manifest, previous: Gallery.Previous(), counts: &counts)
        XCTAssertEqual(counts.written, 3)
        for (position, user) in manifest.users.enumerated() {
            XCTAssertNil(user.spilledRange)
            let page = try contents(".", CardRenderer.indexFileName(page: position / 2 + 1))
            XCTAssertEqual(
                String(decoding: page[try XCTUnwrap(user.galleryRange)], as: UTF8.self),
                "<article>card \(position)</article>")
        }
    }

    func testPiecesAroundAMarker() {
        func pieces(_ text: String) -> [String] {
            let bytes = Array(text.utf8)
            return Gallery.pieces(of: bytes, around: Array("\u{1}<m>".utf8)).map {
                String(decoding: bytes[$0], as: UTF8.self)
            }
        }
        XCTAssertEqual(pieces("a\u{1}<m>b\u{1}<m>c"), ["a", "b", "c"])
        XCTAssertEqual(pieces("\u{1}<m>\u{1}<m>"), ["", "", ""])
        XCTAssertEqual(pieces("no marker"), ["no marker"])
        XCTAssertEqual(pieces("\u{1}<x>\u{1}<m>end\u{1}<m"), ["\u{1}<x>", "end\u{1}<m"])
    }
}
