import Foundation
import XCTest

/// Faults while `whocard build` writes: a read-only folder, a full disk, a file-size limit, a
/// corrupt manifest. Each is a clear error on stderr naming the path (exit 2) or a clean
/// recovery, and the previous output stays byte for byte as it was.
///
/// The read-only and full-disk cases mount a bind mount or a small tmpfs, which needs root with
/// CAP_SYS_ADMIN; without it they are skipped (saying why). The file-size limit and the
/// corrupt manifest need nothing special.
///
/// A broken link cache (`check --online --cache`) has its own end-to-end tests: LinkCacheFaultTests.
final class FaultTests: XCTestCase {
    private var root: URL!
    private var output: URL { root.appendingPathComponent("out") }
    private var sample: String { WhoCardBinary.repoRoot.appendingPathComponent("examples/providers.csv").path }

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("whocard-faults-\(UUID())")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        _ = try? shell("umount \(quoted(output.path)) 2>/dev/null")
        try? FileManager.default.removeItem(at: root)
    }

    // MARK: Helpers

    private func quoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    @discardableResult
    private func shell(_ command: String) throws -> WhoCardBinary.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return .init(
            status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
            stderr: String(decoding: e, as: UTF8.self))
    }

    /// The sample export with every name changed and `extra` more users: a build of it rewrites every card.
    private func changedExport(extra: Int = 0) throws -> String {
        var csv = try String(contentsOfFile: sample, encoding: .utf8).replacingOccurrences(of: "Alice", with: "Alicia")
        let columns = csv.prefix { $0 != "\n" }.split(separator: ",").count
        for i in 0..<extra {
            csv += "extra\(i),Extra User \(i)" + String(repeating: ",", count: columns - 2) + "\n"
        }
        let path = root.appendingPathComponent("changed.csv").path
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Every file under `dir` (relative path → content), without the lock file, whose content is the holder's pid.
    private func snapshot(_ dir: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let base = dir.standardizedFileURL.path
        guard let walker = FileManager.default.enumerator(atPath: base) else { return files }
        for case let relative as String in walker where relative != ".whocard.lock" {
            var isDirectory: ObjCBool = false
            let path = base + "/" + relative
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[relative] = try Data(contentsOf: URL(fileURLWithPath: path))
            }
        }
        return files
    }

    private func buildSample() throws -> [String: Data] {
        let first = try WhoCardBinary.run(["build", "--input", sample, "--output", output.path, "--no-progress"])
        XCTAssertEqual(first.status, 0, first.stderr)
        let before = try snapshot(output)
        XCTAssertGreaterThan(before.count, 80)
        return before
    }

    /// The previous build's files are all there, unchanged, and nothing half-written was left.
    private func assertPreviousOutputIntact(
        _ before: [String: Data], allowingNewCards: Bool = false, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let after = try snapshot(output)
        for (name, data) in before {
            XCTAssertEqual(after[name], data, "\(name) changed", file: file, line: line)
        }
        for name in Set(after.keys).subtracting(before.keys) where name != ".whocard.building" {
            XCTAssertTrue(
                allowingNewCards && name.hasPrefix("cards/extra") && !name.hasSuffix(".tmp"), "\(name) was left behind",
                file: file, line: line)
        }
    }

    // MARK: Tests

    func testFileSizeLimitMidBuildIsAClearErrorAndKeepsThePreviousOutput() throws {
        let before = try buildSample()
        // ulimit -f counts 512-byte blocks in sh: 4 blocks = 2 KiB, less than a card.
        let result = try shell(
            "ulimit -f 4 && exec \(quoted(WhoCardBinary.executableURL.path)) build --input \(quoted(try changedExport())) --output \(quoted(output.path)) --no-progress --force"
        )
        XCTAssertEqual(result.status, 2, "killed by SIGXFSZ instead of an error? stderr: \(result.stderr)")
        XCTAssertTrue(result.stderr.contains("error: cannot write '\(output.path)/"), result.stderr)
        XCTAssertTrue(result.stderr.contains("(file size limit); raise the limit"), result.stderr)
        try assertPreviousOutputIntact(before)
    }

    func testFullDiskMidBuildIsAClearErrorAndKeepsThePreviousOutput() throws {
        let mount = try shell("mount -t tmpfs -o size=600k whocard-test \(quoted(output.path))")
        try XCTSkipIf(mount.status != 0, "cannot mount a tmpfs (needs root with CAP_SYS_ADMIN): \(mount.stderr)")
        let before = try buildSample()
        // 400 more users need far more than the folder has left.
        let result = try WhoCardBinary.run([
            "build", "--input", try changedExport(extra: 400), "--output", output.path, "--no-progress",
        ])
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertTrue(result.stderr.contains("error: cannot write '\(output.path)/"), result.stderr)
        XCTAssertTrue(result.stderr.contains("no space left on the device; free some space"), result.stderr)
        // Changed cards are renamed over the old ones only when complete; the manifest comes last.
        let after = try snapshot(output)
        XCTAssertEqual(after["manifest.json"], before["manifest.json"])
        for (name, data) in after where name.hasPrefix("cards/") && !name.hasPrefix("cards/extra") {
            let old = try XCTUnwrap(before[name], name)
            if data != old {
                XCTAssertTrue(
                    String(decoding: data, as: UTF8.self).contains("Alicia"), "\(name) is neither old nor new")
            }
        }
        XCTAssertTrue(
            after.keys.allSatisfy { !$0.hasSuffix(".tmp") },
            "temporary files left: \(after.keys.filter { $0.hasSuffix(".tmp") })")
        // Once there is room again, the next build finishes the job.
        _ = try shell("mount -o remount,size=8m \(quoted(output.path))")
        let retry = try WhoCardBinary.run([
            "build", "--input", try changedExport(extra: 400), "--output", output.path, "--no-progress",
        ])
        XCTAssertEqual(retry.status, 0, retry.stderr)
    }

    /// A build that adds users and runs out of space leaves their new card files in no
    /// manifest; the next build, of the previous export, removes every one of them and ends
    /// equal to that export's clean build.
    func testCardsAFullDiskLeftInNoManifestAreRemovedByTheNextBuild() throws {
        let mount = try shell("mount -t tmpfs -o size=600k whocard-test \(quoted(output.path))")
        try XCTSkipIf(mount.status != 0, "cannot mount a tmpfs (needs root with CAP_SYS_ADMIN): \(mount.stderr)")
        let before = try buildSample()
        let full = try WhoCardBinary.run([
            "build", "--input", try changedExport(extra: 400), "--output", output.path, "--no-progress",
        ])
        XCTAssertEqual(full.status, 2, full.stderr)
        let left = try snapshot(output).keys.filter { $0.hasPrefix("cards/extra") }
        XCTAssertFalse(left.isEmpty, "the full disk should have struck after some new cards were written")
        _ = try shell("mount -o remount,size=8m \(quoted(output.path))")
        let again = try WhoCardBinary.run(["build", "--input", sample, "--output", output.path, "--no-progress"])
        XCTAssertEqual(again.status, 0, again.stderr)
        var after = try snapshot(output)
        var expected = before
        for name in ["report.json", ".whocard.building"] {
            after[name] = nil
            expected[name] = nil
        }
        XCTAssertEqual(after.keys.filter { $0.hasPrefix("cards/extra") }, [])
        XCTAssertEqual(Set(after.keys), Set(expected.keys))
        for (name, data) in expected where after[name] != data { XCTFail("\(name) differs from the clean build") }
    }

    func testReadOnlyOutputIsAClearErrorAndKeepsThePreviousOutput() throws {
        let before = try buildSample()
        let mount = try shell("mount --bind -o ro \(quoted(output.path)) \(quoted(output.path))")
        try XCTSkipIf(mount.status != 0, "cannot bind-mount read-only (needs root with CAP_SYS_ADMIN): \(mount.stderr)")
        let result = try WhoCardBinary.run([
            "build", "--input", try changedExport(), "--output", output.path, "--no-progress",
        ])
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertTrue(result.stderr.contains("'\(output.path)/"), result.stderr)
        XCTAssertTrue(result.stderr.contains("the file system is read-only; choose a writable folder"), result.stderr)
        _ = try shell("umount \(quoted(output.path))")
        try assertPreviousOutputIntact(before)
    }

    /// `check` with TMPDIR unusable: the report's rows (10 MB of findings, past the 8 MB kept in
    /// memory) cannot spill to a file and stay in memory; the report is whole and a warning
    /// says what to change.
    func testAnUnusableTemporaryFolderIsAWarningAndTheReportIsWhole() throws {
        let rows = 30_000
        let padding = String(repeating: "x", count: 300)
        let export = root.appendingPathComponent("rejected.csv")
        try Data(("id,name\n" + (0..<rows).map { "!\(padding)\($0),x\n" }.joined()).utf8).write(to: export)
        let report = root.appendingPathComponent("report.json").path
        let result = try WhoCardBinary.run(
            ["check", "--input", export.path, "--format", "json", "--output", report],
            environment: ["TMPDIR": root.appendingPathComponent("missing").path])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(
            result.stderr.contains("warning: the report's rows are kept in memory, which grows with the findings"),
            result.stderr)
        XCTAssertTrue(result.stderr.contains("point TMPDIR at a writable folder"), result.stderr)
        let json = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any])
        XCTAssertEqual((json["findings"] as? [Any])?.count, rows, "every rejected row is reported")
        // With a usable temporary folder: the same report, no warning.
        let fine = try WhoCardBinary.run(["check", "--input", export.path, "--format", "json", "--output", report])
        XCTAssertEqual(fine.status, 1, fine.stderr)
        XCTAssertFalse(fine.stderr.contains("kept in memory"), fine.stderr)
    }

    func testCorruptManifestIsRecoveredWithAWarning() throws {
        let before = try buildSample()
        for garbage in [Data("{\"version\": 1, \"users\": [".utf8), Data([0x00, 0xFF, 0xFE]), Data()] {
            try garbage.write(to: output.appendingPathComponent("manifest.json"))
            let result = try WhoCardBinary.run(["build", "--input", sample, "--output", output.path, "--no-progress"])
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertTrue(
                result.stderr.contains("warning: the manifest '\(output.path)/manifest.json' is unreadable"),
                result.stderr)
            XCTAssertTrue(result.stderr.contains("0 files written, 86 unchanged"), result.stderr)
            // Every card compared equal on disk; the manifest is rewritten as it was.
            let after = try snapshot(output)
            for (name, data) in before where name != "report.json" {
                XCTAssertEqual(after[name], data, name)
            }
        }
    }
}
