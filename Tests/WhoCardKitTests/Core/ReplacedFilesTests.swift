import Foundation
import XCTest
@testable import WhoCardKit

final class ReplacedFilesTests: XCTestCase {
    private var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("whocard-replaced-\(UUID())")
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("cards"), withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    private func status(_ path: String) -> stat? {
        var result = stat()
        return stat(path, &result) == 0 ? result : nil
    }

    private func text(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

    /// The old version stays linked in the output root through the rename, so the rename does
    /// not free it; once the background unlinks ran, only the new version is left.
    func testTheOldVersionIsKeptThroughTheRenameAndFreedAfter() throws {
        let path = dir.appendingPathComponent("cards/alice.html").path
        try AtomicFile.write("old card", to: path)
        let old = try XCTUnwrap(status(path))
        let replaced = ReplacedFiles(folder: dir.path)
        replaced.queue.suspend()  // holds the unlinks, to see what the rename left
        try AtomicFile.write("new card", to: path, replacing: true, oldVersions: replaced)
        XCTAssertEqual(text(path), "new card")
        // The kept name is unpredictable (a random part): find it.
        let keptNames = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter {
            $0.hasPrefix(".replaced.alice.html.") && $0.hasSuffix(".tmp")
        }
        XCTAssertEqual(keptNames.count, 1, "\(keptNames)")
        let kept = dir.path + "/" + (keptNames.first ?? "")
        XCTAssertEqual(status(kept)?.st_ino, old.st_ino, "the old version is still linked: the rename did not free it")
        XCTAssertEqual(status(kept)?.st_nlink, 1)
        XCTAssertEqual(text(kept), "old card")
        XCTAssertEqual(ReplacedFiles.original(ofKept: (kept as NSString).lastPathComponent), "alice.html")
        replaced.queue.resume()
        replaced.wait()
        XCTAssertNil(status(kept))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["cards"])
    }

    /// A `--force` rebuild replaces every file: past the limit, the rename frees the old version.
    func testPastTheLimitTheRenameFreesTheOldVersionItself() throws {
        let replaced = ReplacedFiles(folder: dir.path, limit: 2)
        let paths = (1...3).map { dir.appendingPathComponent("cards/u\($0).vcf").path }
        for path in paths { try AtomicFile.write("old", to: path) }
        replaced.queue.suspend()
        for path in paths { try AtomicFile.write("new", to: path, replacing: true, oldVersions: replaced) }
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".replaced.") }.count, 2
        )
        replaced.queue.resume()
        replaced.wait()
        XCTAssertEqual(paths.map(text), ["new", "new", "new"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["cards"])
        // Freed, the places are there again.
        replaced.queue.suspend()
        for path in paths { try AtomicFile.write("newer", to: path, replacing: true, oldVersions: replaced) }
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".replaced.") }.count, 2
        )
        replaced.queue.resume()
        replaced.wait()
    }

    func testNothingIsKeptWhenThereIsNoOldVersion() {
        XCTAssertNil(ReplacedFiles(folder: dir.path).keep(dir.appendingPathComponent("cards/nobody.html").path))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["cards"])
    }
}
