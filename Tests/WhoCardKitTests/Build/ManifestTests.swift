import Foundation
import XCTest
@testable import WhoCardKit

/// The manifest's user lines are written and read byte by byte (a million of them per
/// build); a JSON parser is the judge of what they say.
final class ManifestTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("whocard-manifest-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func entry(_ id: String, input: Bool = true, findings: Bool = false, gallery: Range<Int>? = nil)
        -> Manifest.Entry
    {
        var entry = Manifest.Entry(
            id: id, digest: CardDigest.of([id]),
            input: input ? InputDigest(ProfileRecord([.id: id]), context: []) : nil, galleryRange: gallery)
        entry.hasFindings = findings
        return entry
    }

    func testUserLinesAreTheDocumentedJSON() throws {
        let users = [
            entry("a\"b<c>&d\\é\u{7}", findings: true, gallery: 10..<25), entry("u1", input: false),
            entry("u2", gallery: 0..<3_000_000_000),
        ]
        let path = directory.appendingPathComponent("manifest.json").path
        try Manifest(users: users).write(to: path)
        let json = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        let lines = try XCTUnwrap(json["users"] as? [[String: Any]])
        XCTAssertEqual(lines.count, users.count)
        for line in lines {
            let id = try XCTUnwrap(line["id"] as? String)
            let user = try XCTUnwrap(users.first { $0.id == id }, id)
            XCTAssertEqual(line["files"] as? [String], Manifest.cardFiles(of: id))
            XCTAssertEqual(line["sha256"] as? String, user.digest.hex)
            XCTAssertEqual(line["input"] as? String, user.input?.hex)
            XCTAssertEqual(line["findings"] as? Bool, user.hasFindings ? true : nil)
            XCTAssertEqual(line["gallery"] as? [Int], user.galleryRange.map { [$0.lowerBound, $0.count] })
        }
        // Escaping: the id's quote, backslash, markup characters and control character.
        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(text.contains(#""id": "a\"b\u003cc\u003e\u0026d\\é\u0007""#), text)
    }

    func testLocalesAreWrittenListedPerUserAndReadBack() throws {
        var manifest = Manifest(users: [entry("a.fr"), entry("u1")])
        manifest.locales = ["ar", "fr"]
        let path = directory.appendingPathComponent("manifest.json").path
        try manifest.write(to: path)
        let json = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        XCTAssertEqual(json["locales"] as? [String], ["ar", "fr"])
        let line = try XCTUnwrap((json["users"] as? [[String: Any]])?.first { $0["id"] as? String == "u1" })
        XCTAssertEqual(
            line["files"] as? [String],
            [
                "cards/u1.html", "cards/u1.md", "cards/u1.json", "cards/u1.vcf", "cards/u1.ar.html", "cards/u1.ar.md",
                "cards/u1.fr.html", "cards/u1.fr.md",
            ])
        let loaded = try XCTUnwrap(try Manifest.load(from: path))
        XCTAssertEqual(loaded.locales, ["ar", "fr"])
        XCTAssertEqual(loaded.users, manifest.users)
        // A file name may belong to a user with a dot in their id, or to another's language.
        XCTAssertEqual(BuildPipeline.owners(ofCardFile: "a.fr.html", locales: ["fr"]), ["a.fr", "a"])
        XCTAssertEqual(BuildPipeline.owners(ofCardFile: "a.fr.json", locales: ["fr"]), ["a.fr"])
        XCTAssertEqual(BuildPipeline.owners(ofCardFile: "a.de.md", locales: ["fr"]), ["a.de"])
        // A tag that could make a path of its own is refused.
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: #"["ar", "fr"]"#, with: #"["../x"]"#).write(
            toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Manifest.load(from: path)) { XCTAssertTrue("\($0)".contains("locales are malformed")) }
    }

    func testUserLinesReadBackInAnyKeyOrder() throws {
        let users = [entry("u1", findings: true, gallery: 5..<9), entry("u2"), entry("u3", input: false)]
        let path = directory.appendingPathComponent("manifest.json").path
        try Manifest(users: users).write(to: path)
        XCTAssertEqual(try Manifest.load(from: path)?.users, users)
        // Edited by hand: keys reordered, spaces changed, a key we do not know.
        let u1 = users[0]
        let edited = """
            {
              "version": 1,
              "users": [
                { "gallery": [5,9], "findings": true, "note": ["x", 1, true], "input": "\(u1.input!.hex)", "sha256": "\(u1.digest.hex)", "id": "u1" }
              ]
            }

            """
        try edited.write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertEqual(try Manifest.load(from: path)?.users, [entry("u1", findings: true, gallery: 5..<14)])
    }

    func testAUserLineWithoutItsDigestIsAnError() throws {
        let path = directory.appendingPathComponent("manifest.json").path
        for line in [
            #"{"id": "u1", "files": []}"#, #"{"id": "u1", "sha256": "abc"}"#,
            #"{"id": "u1", "sha256": "\#(String(repeating: "a", count: 64))""#,
        ] {
            try "{\n  \"version\": 1,\n  \"users\": [\n    \(line)\n  ]\n}\n".write(
                toFile: path, atomically: true, encoding: .utf8)
            XCTAssertThrowsError(try Manifest.load(from: path), line) { error in
                XCTAssertTrue("\(error)".contains("line 0 of users is malformed"), "\(error)")
            }
        }
    }
}
