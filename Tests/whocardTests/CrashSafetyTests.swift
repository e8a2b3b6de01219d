import Foundation
import XCTest

/// Kills a real `whocard build` with SIGKILL at several moments and checks what is left:
/// only complete files (each the old or the new version), and a folder the next build finishes.
final class CrashSafetyTests: XCTestCase {
    private var temp: URL!

    override func setUpWithError() throws {
        temp = FileManager.default.temporaryDirectory.appendingPathComponent("whocard-crash-\(UUID())")
        try FileManager.default.createDirectory(at: temp, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: temp)
    }

    private func export(_ version: String, rows: Int) throws -> String {
        var csv = "id,name,provider,twitter_url,bio\n"
        for i in 0..<rows {
            csv += "u\(i),Person \(i) \(version),Org \(i % 7),https://x.com/user\(i),Bio of **\(i)** (\(version))\n"
        }
        let url = temp.appendingPathComponent("export-\(version).csv")
        try Data(csv.utf8).write(to: url)
        return url.path
    }

    private func files(in dir: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in try FileManager.default.subpathsOfDirectory(atPath: dir.path) {
            let url = dir.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
            if !isDirectory.boolValue { result[name] = try Data(contentsOf: url) }
        }
        return result
    }

    /// Starts `whocard build` and SIGKILLs it after `delay` seconds.
    private func buildKilled(input: String, output: URL, after delay: TimeInterval) throws {
        let process = Process()
        process.executableURL = WhoCardBinary.executableURL
        process.arguments = ["build", "--input", input, "--output", output.path, "--quiet"]
        process.standardError = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: delay)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func testKilledBuildsLeaveOnlyCompleteFilesAndTheNextBuildFinishes() throws {
        let rows = 800
        let old = try export("v1", rows: rows), new = try export("v2", rows: rows)
        // References: clean builds of each version.
        let refOld = temp.appendingPathComponent("ref-old"), refNew = temp.appendingPathComponent("ref-new")
        XCTAssertEqual(try WhoCardBinary.run(["build", "--input", old, "--output", refOld.path, "--quiet"]).status, 0)
        XCTAssertEqual(try WhoCardBinary.run(["build", "--input", new, "--output", refNew.path, "--quiet"]).status, 0)
        let oldFiles = try files(in: refOld), newFiles = try files(in: refNew)

        for (attempt, delay) in [0.1, 0.5, 1.5].enumerated() {
            let out = temp.appendingPathComponent("out-\(attempt)")
            XCTAssertEqual(try WhoCardBinary.run(["build", "--input", old, "--output", out.path, "--quiet"]).status, 0)
            try buildKilled(input: new, output: out, after: delay)

            for (name, data) in try files(in: out) where !name.hasPrefix(".") && !name.contains("/.") {
                if name == "report.json" {
                    // The report records what that run wrote, so its counts match neither
                    // reference build; it must still be whole.
                    XCTAssertNotNil(
                        try? JSONSerialization.jsonObject(with: data),
                        "after a kill at \(delay)s, report.json is not complete JSON")
                    continue
                }
                let matches = data == oldFiles[name] || data == newFiles[name]
                XCTAssertTrue(
                    matches,
                    "after a kill at \(delay)s, \(name) is neither the old nor the new version (\(data.count) bytes)")
            }
            // The manifest is the old one or the new one, never a mix.
            let manifest = try Data(contentsOf: out.appendingPathComponent("manifest.json"))
            XCTAssertTrue(manifest == oldFiles["manifest.json"] || manifest == newFiles["manifest.json"])

            // The next build finishes the job: the same bytes as a clean build, no leftovers.
            let again = try WhoCardBinary.run(["build", "--input", new, "--output", out.path, "--quiet"])
            XCTAssertEqual(again.status, 0, again.stderr)
            var after = try files(in: out)
            after = after.filter { !$0.key.hasPrefix(".whocard") }
            after["report.json"] = nil
            var expected = newFiles.filter { !$0.key.hasPrefix(".whocard") }
            expected["report.json"] = nil
            XCTAssertEqual(Set(after.keys), Set(expected.keys), "after a kill at \(delay)s")
            for (name, data) in expected where after[name] != data {
                XCTFail("\(name) differs after finishing a build killed at \(delay)s")
            }
        }
    }

    /// A first build (empty folder) creates its cards in a hidden folder and renames it into
    /// place at the end: killed at any moment, it leaves no card at all or every card whole,
    /// and the next build finishes with the output of a clean build.
    func testKilledFirstBuildLeavesNoPartialCardAndTheNextBuildFinishes() throws {
        let new = try export("v2", rows: 3_000)
        let reference = temp.appendingPathComponent("ref")
        XCTAssertEqual(
            try WhoCardBinary.run(["build", "--input", new, "--output", reference.path, "--quiet"]).status, 0)
        let expected = try files(in: reference).filter { !$0.key.hasPrefix(".whocard") && $0.key != "report.json" }
        XCTAssertFalse(FileManager.default.fileExists(atPath: reference.appendingPathComponent(".cards.staging").path))
        for (attempt, delay) in [0.05, 0.3, 1.0].enumerated() {
            let out = temp.appendingPathComponent("first-\(attempt)")
            try buildKilled(input: new, output: out, after: delay)
            // Killed before it created the folder: nothing to check but that the next build finishes.
            let left = FileManager.default.fileExists(atPath: out.path) ? try files(in: out) : [:]
            for (name, data) in left where !name.hasPrefix(".") && !name.contains("/.") && name != "report.json" {
                XCTAssertEqual(data, expected[name], "after a kill at \(delay)s, \(name) is not the complete file")
            }
            let again = try WhoCardBinary.run(["build", "--input", new, "--output", out.path, "--quiet"])
            XCTAssertEqual(again.status, 0, again.stderr)
            let after = try files(in: out).filter { !$0.key.hasPrefix(".whocard") && $0.key != "report.json" }
            XCTAssertEqual(Set(after.keys), Set(expected.keys), "after a kill at \(delay)s")
            for (name, data) in expected where after[name] != data {
                XCTFail("\(name) differs after finishing a first build killed at \(delay)s")
            }
        }
    }

    /// The case that fooled earlier builds: a build of a *different* export (every name
    /// changed, 8 % of users gone) killed part-way, then a build of the old export again. The
    /// killed build may have changed or removed any card without a manifest saying so; the
    /// next build checks every card against its digest and ends byte for byte equal to a
    /// clean build of the old export.
    func testRebuildingTheOldExportAfterAKilledBuildOfANewOneRestoresItExactly() throws {
        let rows = 3_000
        let old = try export("v1", rows: rows)
        var csv = "id,name,provider,twitter_url,bio\n"
        for i in 0..<rows where i % 12 != 5 {
            csv += "u\(i),Person \(i) v2,Org \(i % 7),https://x.com/user\(i),Bio of **\(i)** (v2)\n"
        }
        let new = temp.appendingPathComponent("export-v2-pruned.csv")
        try Data(csv.utf8).write(to: new)
        let reference = temp.appendingPathComponent("ref-v1")
        XCTAssertEqual(
            try WhoCardBinary.run(["build", "--input", old, "--output", reference.path, "--quiet"]).status, 0)
        let expected = try files(in: reference).filter { !$0.key.hasPrefix(".whocard") && $0.key != "report.json" }
        for (attempt, delay) in [0.05, 0.15, 0.3, 0.6, 1.2].enumerated() {
            let out = temp.appendingPathComponent("back-\(attempt)")
            XCTAssertEqual(try WhoCardBinary.run(["build", "--input", old, "--output", out.path, "--quiet"]).status, 0)
            try buildKilled(input: new.path, output: out, after: delay)
            let again = try WhoCardBinary.run(["build", "--input", old, "--output", out.path, "--quiet"])
            XCTAssertEqual(again.status, 0, again.stderr)
            let after = try files(in: out).filter { !$0.key.hasPrefix(".whocard") && $0.key != "report.json" }
            XCTAssertEqual(Set(after.keys), Set(expected.keys), "after a kill at \(delay)s")
            var differing: [String] = []
            for (name, data) in expected where after[name] != data { differing.append(name) }
            XCTAssertEqual(
                differing.sorted().prefix(5), [], "after a kill at \(delay)s: \(differing.count) files differ")
        }
    }
}
