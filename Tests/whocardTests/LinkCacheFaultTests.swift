import Foundation
import XCTest

/// A broken link cache under `whocard check --online --cache FILE`, end to end: the real binary
/// against the loopback test server. Whatever is in the way (garbage, a truncated or empty
/// file, a folder, a file that cannot be read, a folder that cannot be written), the run warns
/// naming the cache and what happens to it, checks every link over HTTP with the right
/// verdicts, and then either writes a whole new cache or leaves what is there untouched.
///
/// Root reads any file, so the unreadable and unwritable cases run the binary without
/// CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH (`setpriv`) when the tests run as root; without
/// `setpriv` they are skipped and say why.
final class LinkCacheFaultTests: XCTestCase {
    private var directory: URL!
    private var fixture: OnlineCheckFixture!
    private var cache: String { directory.appendingPathComponent("links.json").path }

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "whocard-cache-faults-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        fixture = try OnlineCheckFixture(directory: directory)
    }

    override func tearDownWithError() throws {
        fixture?.stop()
        if let walker = FileManager.default.enumerator(atPath: directory.path) {
            for case let relative as String in walker { chmod(directory.path + "/" + relative, 0o700) }
        }
        try? FileManager.default.removeItem(at: directory)
    }

    // MARK: Helpers

    private static let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// `whocard check --online --cache path` of the fixture's export, as JSON. `unprivileged`:
    /// as root, without the capabilities that let root read and write any file.
    private func check(cache path: String, unprivileged: Bool = false) throws -> WhoCardBinary.Result {
        let arguments =
            [
                "check", "--input", try fixture.export(), "--online", "--allow-private", "--timeout", "2",
                "--format", "json", "--fail-on", "never", "--cache", path,
            ] + fixture.remaps
        guard unprivileged && getuid() == 0 else { return try WhoCardBinary.run(arguments) }
        let setpriv = try XCTUnwrap(Self.setpriv, "setpriv is needed to drop root's file capabilities")
        return try WhoCardBinary.launch(
            URL(fileURLWithPath: setpriv),
            ["--bounding-set", "-dac_override,-dac_read_search", WhoCardBinary.executableURL.path] + arguments)
    }

    private func skipUnlessFilePermissionsApply() throws {
        try XCTSkipIf(
            getuid() == 0 && Self.setpriv == nil,
            "running as root without setpriv: root reads and writes any file, so permissions cannot be tested")
    }

    /// The run finished and every link was fetched from the server (none taken from a cache)
    /// and has its right verdict.
    private func assertCheckedEveryLink(
        _ result: WhoCardBinary.Result, _ name: String, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        XCTAssertEqual(result.status, 0, "\(name): \(result.stderr)", file: file, line: line)
        let report = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], name, file: file, line: line
        )
        let links = try XCTUnwrap(report["links"] as? [[String: Any]], name, file: file, line: line)
        let verdicts = Dictionary(
            uniqueKeysWithValues: links.map { ($0["normalized"] as? String ?? "?", $0["verdict"] as? String ?? "?") })
        XCTAssertEqual(verdicts, OnlineCheckFixture.verdicts, name, file: file, line: line)
        XCTAssertEqual(
            links.map { $0["cached"] as? Bool }, [Bool?](repeating: false, count: 4), name, file: file, line: line)
        XCTAssertTrue(
            result.stderr.contains("Checked 4 links in "), "\(name): \(result.stderr)", file: file, line: line)
        let hits = try fixture.hits()
        for path in ["/ok", "/status/404", "/login-wall", "/linkedin/alice"] {
            XCTAssertGreaterThan(
                hits[path] ?? 0, 0, "\(name): \(path) was not requested; hits: \(hits)", file: file, line: line)
        }
    }

    /// The cache at `path` is whole JSON of the documented form and holds every link's verdict.
    private func assertValidCache(_ path: String, _ name: String, file: StaticString = #filePath, line: UInt = #line)
        throws
    {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let json = try XCTUnwrap(
            JSONSerialization.jsonObject(with: data) as? [String: Any], name, file: file, line: line)
        XCTAssertEqual(json["format"] as? String, "whocard-link-cache", name, file: file, line: line)
        XCTAssertEqual(json["version"] as? Int, 1, name, file: file, line: line)
        let entries = try XCTUnwrap(json["entries"] as? [String: [String: Any]], name, file: file, line: line)
        XCTAssertEqual(
            entries.mapValues { ($0["result"] as? [String: Any])?["verdict"] as? String ?? "?" },
            OnlineCheckFixture.verdicts,
            name, file: file, line: line)
    }

    /// A whole cache of the fixture's links, as a first run writes it.
    private func realCache() throws -> Data {
        let first = try check(cache: cache)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertFalse(first.stderr.contains("warning"), first.stderr)
        try assertValidCache(cache, "first run")
        return try Data(contentsOf: URL(fileURLWithPath: cache))
    }

    private func inode(_ path: String) throws -> Int {
        try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int)
    }

    private func permissions(_ path: String) throws -> Int {
        try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    // MARK: Tests

    func testACorruptCacheIsReplacedAndTheCheckCompletes() throws {
        let whole = try realCache()
        var garbage = [UInt8](repeating: 0, count: 4096)
        for index in garbage.indices { garbage[index] = UInt8(truncatingIfNeeded: index &* 131 &+ 7) }
        let cases: [(String, Data)] = [
            ("garbage bytes", Data([0x00, 0xFF, 0xFE, 0x1B] + garbage)),
            ("truncated JSON", whole.prefix(whole.count / 2)),
            ("empty file", Data()),
            ("another tool's JSON", Data(#"{"format": "other-cache", "version": 1, "entries": {}}"#.utf8)),
        ]
        for (name, content) in cases {
            try content.write(to: URL(fileURLWithPath: cache))
            try fixture.resetHits()
            let result = try check(cache: cache)
            XCTAssertTrue(
                result.stderr.contains(
                    "warning: link cache \(cache) is not a whocard link cache or is corrupt; checking every link and writing a new cache in its place\n"
                ),
                "\(name): \(result.stderr)")
            XCTAssertFalse(result.stderr.contains("not saved"), "\(name): \(result.stderr)")
            try assertCheckedEveryLink(result, name)
            try assertValidCache(cache, name)
            // The next run uses the new cache, without a warning.
            let next = try check(cache: cache)
            XCTAssertTrue(next.stderr.contains("Checked 4 links (4 from the cache)"), "\(name): \(next.stderr)")
            XCTAssertFalse(next.stderr.contains("warning"), "\(name): \(next.stderr)")
        }
    }

    func testAFolderInPlaceOfTheCacheIsLeftAlone() throws {
        try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: false)
        try Data("keep".utf8).write(to: URL(fileURLWithPath: cache + "/notes.txt"))
        let result = try check(cache: cache)
        XCTAssertEqual(
            result.stderr.split(separator: "\n").filter { $0.hasPrefix("warning") },
            [
                "warning: link cache \(cache) is a folder, not a file; checking every link without a cache (give --cache a file name, such as \(cache)/links.json)"
            ])
        try assertCheckedEveryLink(result, "folder")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: cache), ["notes.txt"])
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: cache + "/notes.txt")), Data("keep".utf8))
    }

    func testAnUnreadableCacheIsLeftAlone() throws {
        try skipUnlessFilePermissionsApply()
        let content = try realCache()
        XCTAssertEqual(chmod(cache, 0o000), 0)
        let node = try inode(cache)
        try fixture.resetHits()
        let result = try check(cache: cache, unprivileged: true)
        XCTAssertEqual(
            result.stderr.split(separator: "\n").filter { $0.hasPrefix("warning") },
            [
                "warning: link cache \(cache) cannot be read (permission denied); checking every link and leaving the file as it is (make it readable, or give --cache another file)"
            ])
        try assertCheckedEveryLink(result, "unreadable")
        // The very same file, still unreadable, with its content.
        XCTAssertEqual(try inode(cache), node)
        XCTAssertEqual(try permissions(cache), 0o000)
        XCTAssertEqual(chmod(cache, 0o600), 0)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: cache)), content)
    }

    func testACacheThatCannotBeWrittenIsLeftAloneAndSaysWhy() throws {
        // A folder that does not exist: nothing to read, nothing written.
        let nowhere = directory.appendingPathComponent("missing/links.json").path
        let missing = try check(cache: nowhere)
        XCTAssertEqual(
            missing.stderr.split(separator: "\n").filter { $0.hasPrefix("warning") },
            [
                "warning: link cache not saved: cannot write '\(nowhere)': the folder does not exist; create it or choose another path"
            ])
        try assertCheckedEveryLink(missing, "missing folder")
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.appendingPathComponent("missing").path))

        // A corrupt cache in a read-only folder: replacing it fails, and it stays as it was.
        try skipUnlessFilePermissionsApply()
        let folder = directory.appendingPathComponent("readonly")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        let path = folder.appendingPathComponent("links.json").path
        let garbage = Data("{\"entries\": {\"https://alice.example\": {\"checked_at\": 17".utf8)
        try garbage.write(to: URL(fileURLWithPath: path))
        XCTAssertEqual(chmod(path, 0o444), 0)
        XCTAssertEqual(chmod(folder.path, 0o555), 0)
        try fixture.resetHits()
        let result = try check(cache: path, unprivileged: true)
        XCTAssertEqual(
            result.stderr.split(separator: "\n").filter { $0.hasPrefix("warning") },
            [
                "warning: link cache \(path) is not a whocard link cache or is corrupt; checking every link and writing a new cache in its place",
                "warning: link cache not saved: cannot write '\(path)': permission denied; choose a writable folder",
            ])
        try assertCheckedEveryLink(result, "read-only folder")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), garbage)
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: folder.path), ["links.json"],
            "a temporary file was left")
    }
}
