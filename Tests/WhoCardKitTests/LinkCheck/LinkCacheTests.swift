import Foundation
import XCTest
@testable import WhoCardKit

final class LinkCacheTests: XCTestCase {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("whocard-linkcache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    func result(_ url: String, _ verdict: Verdict) -> LinkResult {
        LinkResult(url: url, normalized: url, verdict: verdict, httpStatus: verdict == .ok ? 200 : 404, finalURL: url, elapsedMs: 12, attempts: 1, detail: "HTTP")
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
        XCTAssertEqual(text, """
            {"entries":{"https://a.example/x":{"checked_at":1800000000,"result":{"attempts":1,"cached":false,"detail":"HTTP","elapsed_ms":12,"final_url":"https://a.example/x","http_status":200,"normalized":"https://a.example/x","url":"https://a.example/x","verdict":"ok"}}},"format":"whocard-link-cache","tool_version":"\(WhoCard.version)","version":1}

            """)
        let (loaded, warning) = LinkCache.load(path: path)
        XCTAssertNil(warning)
        XCTAssertEqual(loaded.entries, cache.entries)
    }

    func testMissingFileIsAnEmptyCacheWithoutWarning() {
        let (cache, warning) = LinkCache.load(path: directory.appendingPathComponent("none.json").path)
        XCTAssertTrue(cache.entries.isEmpty)
        XCTAssertNil(warning)
    }

    func testCorruptOrForeignCachesAreIgnoredWithAWarning() throws {
        let path = directory.appendingPathComponent("bad.json").path
        try "{\"entries\": [1, 2".write(toFile: path, atomically: true, encoding: .utf8)
        let (corrupt, warning) = LinkCache.load(path: path)
        XCTAssertTrue(corrupt.entries.isEmpty)
        XCTAssertEqual(warning, "link cache \(path) is not a whocard link cache or is corrupt; ignoring it and checking every link")

        var cache = LinkCache()
        cache.record(result("https://a.example", .ok), now: now)
        try cache.save(to: path, toolVersion: "0.0.9")
        let (old, oldWarning) = LinkCache.load(path: path)
        XCTAssertTrue(old.entries.isEmpty)
        XCTAssertEqual(oldWarning, "link cache \(path) is from whocard 0.0.9 (format 1), not \(WhoCard.version); ignoring it and checking every link")
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
