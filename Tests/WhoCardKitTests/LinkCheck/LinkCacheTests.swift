import Foundation
import XCTest
@testable import WhoCardKit

final class LinkCacheTests: XCTestCase {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "whocard-linkcache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    func result(_ url: String, _ verdict: Verdict) -> LinkResult {
        LinkResult(
            url: url, normalized: url, verdict: verdict, httpStatus: verdict == .ok ? 200 : 404, finalURL: url,
            elapsedMs: 12, attempts: 1, detail: "HTTP")
    }

    func testLifetimesPerVerdict() {
        var cache = LinkCache()
        cache.record(result("https://a.example", .ok), now: now)
        cache.record(result("https://b.example", .broken), now: now)
        XCTAssertEqual(cache.fresh("https://a.example", now: now + 6 * 86_400)?.cached, true)
        XCTAssertNil(cache.fresh("https://a.example", now: now + 7 * 86_400))
        XCTAssertEqual(cache.fresh("https://b.example", now: now + 3600)?.verdict, .broken)
        XCTAssertNil(cache.fresh("https://b.example", now: now + 86_400))
        XCTAssertNil(cache.fresh("https://c.example", now: now))
        XCTAssertNil(cache.fresh("https://a.example", now: now - 60), "a result from the future is not trusted")
    }

    func testCachedResultsAreNotRecordedAgain() {
        var cache = LinkCache()
        cache.record(result("https://a.example", .ok), now: now)
        let hit = cache.fresh("https://a.example", now: now + 60)!
        cache.record(hit, now: now + 60)
        XCTAssertEqual(cache.entries["https://a.example"]?.checkedAt, now.timeIntervalSince1970)
    }

    func testSavesAtomicallyAndLoadsBack() throws {
        let path = directory.appendingPathComponent("links.json").path
        var cache = LinkCache()
        cache.record(result("https://a.example/x", .ok), now: now)
        try cache.save(to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertEqual(
            text,
            """
            {"entries":{"https://a.example/x":{"checked_at":1800000000,"result":{"attempts":1,"cached":false,"detail":"HTTP","elapsed_ms":12,"final_url":"https://a.example/x","http_status":200,"normalized":"https://a.example/x","url":"https://a.example/x","verdict":"ok"}}},"format":"whocard-link-cache","tool_version":"\(WhoCard.version)","version":1}

            """)
        let loaded = LinkCache.load(path: path)
        XCTAssertNil(loaded.warning)
        XCTAssertTrue(loaded.replaceable)
        XCTAssertEqual(loaded.cache.entries, cache.entries)
    }

    func testMissingFileIsAnEmptyCacheWithoutWarning() {
        let loaded = LinkCache.load(path: directory.appendingPathComponent("none.json").path)
        XCTAssertTrue(loaded.cache.entries.isEmpty)
        XCTAssertNil(loaded.warning)
        XCTAssertTrue(loaded.replaceable)
    }

    func testCorruptOrForeignCachesAreIgnoredWithAWarning() throws {
        let path = directory.appendingPathComponent("bad.json").path
        try "{\"entries\": [1, 2".write(toFile: path, atomically: true, encoding: .utf8)
        let corrupt = LinkCache.load(path: path)
        XCTAssertTrue(corrupt.cache.entries.isEmpty)
        XCTAssertTrue(corrupt.replaceable)
        XCTAssertEqual(
            corrupt.warning,
            "link cache \(path) is not a whocard link cache or is corrupt; checking every link and writing a new cache in its place"
        )

        var cache = LinkCache()
        cache.record(result("https://a.example", .ok), now: now)
        try cache.save(to: path, toolVersion: "0.0.9")
        let old = LinkCache.load(path: path)
        XCTAssertTrue(old.cache.entries.isEmpty)
        XCTAssertTrue(old.replaceable)
        XCTAssertEqual(
            old.warning,
            "link cache \(path) is from whocard 0.0.9 (format 1), not \(WhoCard.version); checking every link and writing a new cache in its place"
        )
    }

    func testAFolderOrAFIFOInPlaceOfTheCacheIsNeitherReadNorReplaced() throws {
        let folder = directory.appendingPathComponent("links.json")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        let loaded = LinkCache.load(path: folder.path)
        XCTAssertTrue(loaded.cache.entries.isEmpty)
        XCTAssertFalse(loaded.replaceable)
        XCTAssertEqual(
            loaded.warning,
            "link cache \(folder.path) is a folder, not a file; checking every link without a cache (give --cache a file name, such as \(folder.path)/links.json)"
        )
        // Opening a FIFO for reading would wait for a writer forever.
        let fifo = directory.appendingPathComponent("fifo").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let special = LinkCache.load(path: fifo)
        XCTAssertFalse(special.replaceable)
        XCTAssertEqual(
            special.warning,
            "link cache \(fifo) is not a regular file; checking every link without a cache (give --cache a file name)")
        // A path through a file names no file at all.
        try Data("x".utf8).write(to: directory.appendingPathComponent("plain"))
        let through = directory.appendingPathComponent("plain/links.json").path
        XCTAssertEqual(
            LinkCache.load(path: through).warning,
            "link cache \(through) cannot be read (a part of the path is a file, not a folder); checking every link and leaving the file as it is (make it readable, or give --cache another file)"
        )
    }

    func testPruneDropsEntriesOlderThanEveryLifetime() {
        var cache = LinkCache()
        cache.record(result("https://a.example", .ok), now: now)
        cache.record(result("https://b.example", .ok), now: now + 5 * 86_400)
        cache.prune(now: now + 8 * 86_400)
        XCTAssertEqual(Array(cache.entries.keys), ["https://b.example"])
    }

    func testLifetimesParse() {
        XCTAssertEqual(LinkCache.parseLifetime("7d"), .seconds(604_800))
        XCTAssertEqual(LinkCache.parseLifetime("12h"), .seconds(43_200))
        XCTAssertEqual(LinkCache.parseLifetime("30m"), .seconds(1800))
        XCTAssertEqual(LinkCache.parseLifetime("45s"), .seconds(45))
        XCTAssertNil(LinkCache.parseLifetime("7"))
        XCTAssertNil(LinkCache.parseLifetime("-1d"))
        XCTAssertNil(LinkCache.parseLifetime("1w"))
    }
}
