import Foundation
import XCTest

@testable import WhoCardKit

/// A build removes a card only for a user absent from a complete export: an export that
/// could not be read to its end, or has no rows, prunes nobody; a user whose row was rejected
/// keeps their last good card, marked stale.
final class BuildIntegrityTests: XCTestCase {
    private var output: URL!

    override func setUpWithError() throws {
        output = FileManager.default.temporaryDirectory.appendingPathComponent("whocard-integrity-\(UUID())")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: output)
    }

    private func build(_ text: String, format: InputFormat = .csv, maxPrune: Double = 100) throws -> BuildResult {
        let reader = try ExportReader(data: Array(text.utf8), name: "export", format: format)
        let options = BuildOptions(outputDirectory: output.path, jobs: 2, maxPrunePercent: maxPrune)
        return try BuildPipeline(checker: ExportChecker(reader: reader, file: "export"), options: options).run()
    }

    private func hasCard(_ id: String) -> Bool {
        FileManager.default.fileExists(atPath: output.appendingPathComponent("cards/\(id).html").path)
    }

    private func buildSection() throws -> [String: Any] {
        let data = try Data(contentsOf: output.appendingPathComponent("report.json"))
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try XCTUnwrap(report["build"] as? [String: Any])
    }

    private let users = (1...6).map { #"{"id":"u\#($0)","name":"User \#($0)"}"# }

    /// Minified JSON with a broken element: the users after it keep their cards (they are
    /// read), and the broken one keeps hers, stale.
    func testABrokenJSONElementRemovesNobodyAfterIt() throws {
        _ = try build("[" + users.joined(separator: ",") + "]", format: .json)
        var broken = users
        broken[1] = #"{"id":"u2","name":tru}"#
        let result = try build("[" + broken.joined(separator: ",") + "]", format: .json)
        XCTAssertEqual(result.removed, [])
        XCTAssertEqual(result.report.summary.rows, 6)
        XCTAssertEqual(result.keptStale.map(\.id), ["u2"])
        XCTAssertEqual(result.keptStale.first?.rules, ["row.json-syntax"])
        for n in 1...6 { XCTAssertTrue(hasCard("u\(n)"), "u\(n)") }
        let stale = try XCTUnwrap(try buildSection()["kept_stale"] as? [[String: Any]])
        XCTAssertEqual(stale.first?["id"] as? String, "u2")
        XCTAssertEqual(stale.first?["line"] as? Int, 1)
        XCTAssertEqual(stale.first?["rules"] as? [String], ["row.json-syntax"])
    }

    /// An export that cannot be read to its end prunes nobody, even with pruning allowed.
    func testAnIncompleteExportPrunesNobody() throws {
        _ = try build("[" + users.joined(separator: ",") + "]", format: .json)
        // Cut off after the second user: the array is never closed.
        let result = try build("[" + users[0] + "," + users[1] + ",", format: .json, maxPrune: 100)
        XCTAssertTrue(result.report.isIncomplete)
        XCTAssertEqual(result.removed, [])
        XCTAssertEqual(result.keptUnseen, 4)
        XCTAssertEqual(result.cards, 6)
        for n in 1...6 { XCTAssertTrue(hasCard("u\(n)"), "u\(n)") }
        XCTAssertEqual(try buildSection()["kept_unseen"] as? Int, 4)
        XCTAssertTrue(result.notes.contains { $0.contains("could not be read to its end") }, "\(result.notes)")
        // CSV: a quote never closed swallows the rest; nobody after it is removed either.
        let csv = "id,name\n" + (1...6).map { "u\($0),User \($0)\n" }.joined()
        _ = try build(csv)
        let cut = try build("id,name\nu1,\"User 1\nu2,User 2\n", maxPrune: 100)
        XCTAssertEqual(cut.removed, [])
        for n in 1...6 { XCTAssertTrue(hasCard("u\(n)"), "u\(n)") }
        // The complete export then prunes as usual.
        let complete = try build("id,name\nu1,User 1\n", maxPrune: 100)
        XCTAssertEqual(complete.removed.sorted(), ["u2", "u3", "u4", "u5", "u6"])
        XCTAssertNil(complete.keptUnseen)
    }

    func testAHeaderOnlyExportPrunesNobody() throws {
        _ = try build("id,name\nu1,Ann\nu2,Bob\n")
        let result = try build("id,name\n", maxPrune: 100)
        XCTAssertTrue(result.report.isEmptyExport)
        XCTAssertEqual(result.removed, [])
        XCTAssertTrue(hasCard("u1") && hasCard("u2"))
        XCTAssertEqual(result.report.summary.errors, 1)
    }

    /// A rejected row whose id is known keeps that user's last good card; a user absent from
    /// a complete export is removed. A duplicate row does not make its user stale.
    func testARejectedRowKeepsItsUsersLastCard() throws {
        _ = try build("id,name,email\nu1,Ann,a@x.co\nu2,Bob,b@x.co\nu3,Cy,c@x.co\n")
        let before = try String(contentsOf: output.appendingPathComponent("cards/u2.html"), encoding: .utf8)
        let result = try build("id,name,email\nu1,Ann,a@x.co\nu2,Bob,b@x.co,extra\nu1,Dup,d@x.co\n")
        XCTAssertEqual(result.removed, ["u3"])
        XCTAssertEqual(result.keptStale.map(\.id), ["u2"])
        XCTAssertEqual(result.keptStale.first?.line, 3)
        XCTAssertEqual(result.keptStale.first?.rules, ["row.field-count"])
        XCTAssertEqual(try String(contentsOf: output.appendingPathComponent("cards/u2.html"), encoding: .utf8), before)
        XCTAssertFalse(hasCard("u3"))
        XCTAssertTrue(
            try Manifest.load(from: output.appendingPathComponent("manifest.json").path)?.index(of: "u2") != nil)
        // Fixed: rendered again and no longer stale.
        let fixed = try build("id,name,email\nu1,Ann,a@x.co\nu2,Bob,bob@x.co\n")
        XCTAssertEqual(fixed.keptStale, [])
        XCTAssertTrue(
            try String(contentsOf: output.appendingPathComponent("cards/u2.html"), encoding: .utf8).contains("bob@x.co")
        )
    }
}
