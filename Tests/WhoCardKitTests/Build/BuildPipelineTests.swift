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

    private func build(_ csv: String, force: Bool = false) throws -> BuildResult {
        let reader = try ExportReader(data: Array(csv.utf8), name: "export.csv", format: .csv)
        let checker = ExportChecker(reader: reader, file: "export.csv")
        return try BuildPipeline(checker: checker, options: BuildOptions(outputDirectory: output.path, force: force)).run()
    }

    private func file(_ name: String) -> String { output.appendingPathComponent(name).path }

    private func modificationDate(_ name: String) throws -> Date {
        try XCTUnwrap(FileManager.default.attributesOfItem(atPath: file(name))[.modificationDate] as? Date)
    }

    private func setOld(_ name: String) throws {
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_000_000)], ofItemAtPath: file(name))
    }

    func testWritesEveryOutputOfAcceptedUsersOnly() throws {
        let result = try build(header + "alice,Alice,Acme,https://x.com/alice,,Hi\n.bad,Bad,,,,\nbob,Bob,,https://twitter.com@evil.example/bob,https://linkedin.com/in/bob,\n")
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
        let result = try build(header + "alice,Alice,Acme,https://x.com/alice,,Hi\nbob,Robert,,,https://linkedin.com/in/bob,\n")
        XCTAssertEqual(try modificationDate("cards/alice.html"), Date(timeIntervalSince1970: 1_000_000))
        XCTAssertNotEqual(try modificationDate("cards/bob.html"), Date(timeIntervalSince1970: 1_000_000))
        XCTAssertTrue(try String(contentsOfFile: file("cards/bob.html"), encoding: .utf8).contains("Robert"))
        XCTAssertEqual(result.written, 5, "bob's four files and the index that shows his name")
    }

    func testForceRewritesEverything() throws {
        let csv = header + "alice,Alice,Acme,https://x.com/alice,,Hi\n"
        _ = try build(csv)
        XCTAssertEqual(try build(csv, force: true).written, 6)
    }

    func testUsersGoneFromTheExportAreRemovedAndReported() throws {
        _ = try build(header + "alice,Alice,,,,\nbob,Bob,,,,\n")
        let result = try build(header + "alice,Alice,,,,\n")
        XCTAssertEqual(result.removed, ["bob"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: file("cards/bob.html")))
        XCTAssertFalse(FileManager.default.fileExists(atPath: file("cards/bob.vcf")))
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file("report.json")))) as? [String: Any])
        let build = try XCTUnwrap(report["build"] as? [String: Any])
        XCTAssertEqual(build["removed"] as? Int, 1)
        XCTAssertEqual(build["removed_users"] as? [String], ["bob"])
        let manifest = try String(contentsOfFile: file("manifest.json"), encoding: .utf8)
        XCTAssertFalse(manifest.contains("\"bob\""))
    }

    func testCorruptManifestIsANoteAndEverythingIsRewritten() throws {
        _ = try build(header + "alice,Alice,,,,\n")
        try Data("{not json".utf8).write(to: URL(fileURLWithPath: file("manifest.json")))
        let result = try build(header + "alice,Alice,,,,\n")
        XCTAssertEqual(result.notes.count, 1)
        XCTAssertTrue(result.notes[0].contains("manifest"), result.notes[0])
        XCTAssertEqual(result.written, 6)
        XCTAssertNotNil(try Manifest.load(from: file("manifest.json")))
    }

    func testManifestHashesAreTheFilesSHA256() throws {
        _ = try build(header + "alice,Alice,,,,\n")
        let manifest = try XCTUnwrap(Manifest.load(from: file("manifest.json")))
        let entry = try XCTUnwrap(manifest.users.first)
        for (name, hash) in entry.files {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: file(name)))
            XCTAssertEqual(SHA256.hex(Array(bytes)), hash, name)
        }
    }

    func testSHA256KnownAnswers() {
        XCTAssertEqual(SHA256.hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex(String(repeating: "a", count: 1_000)),
                       "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
        XCTAssertEqual(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }
}
