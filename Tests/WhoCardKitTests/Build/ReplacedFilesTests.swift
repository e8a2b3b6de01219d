import Foundation
import XCTest
@testable import WhoCardKit

final class ReplacedFilesTests: XCTestCase {
    private var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("whocard-replaced-\(UUID())")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("cards"), withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    private func status(_ path: String) -> stat? {
        var result = stat()
        return stat(path, &result) == 0 ? result : nil
    }

    /// The old version stays linked in the side folder through the rename, so the rename does
    /// not free it; once freed and waited for, only the new version is left.
    func testTheOldVersionIsKeptThroughTheRenameAndFreedAfter() throws {
        let path = dir.appendingPathComponent("cards/alice.html").path
        try AtomicFile.write("old card", to: path)
        let old = try XCTUnwrap(status(path))
        let replaced = ReplacedFiles(folder: dir.path)
        let kept = try XCTUnwrap(replaced.keep(path))
        XCTAssertEqual(status(kept)?.st_ino, old.st_ino)
        XCTAssertEqual(status(kept)?.st_nlink, 2)
        XCTAssertTrue(kept.hasPrefix(dir.path + "/.") && kept.hasSuffix(".tmp"), "a name the next build sweeps after a kill: \(kept)")
        replaced.free(kept)
        replaced.wait()
        XCTAssertNil(status(kept))
        XCTAssertEqual(status(path)?.st_nlink, 1)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "old card")
    }

    func testNothingIsKeptWhenThereIsNoOldVersion() {
        XCTAssertNil(ReplacedFiles(folder: dir.path).keep(dir.appendingPathComponent("cards/nobody.html").path))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["cards"])
    }

    func testAReplacementLeavesOnlyTheNewFile() throws {
        let path = dir.appendingPathComponent("cards/bob.md").path
        try AtomicFile.write("# Bob", to: path)
        let replaced = ReplacedFiles(folder: dir.path)
        for version in 1...3 {
            try AtomicFile.write("# Bob, version \(version)", to: path, replacing: true, oldVersions: replaced)
        }
        replaced.wait()
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "# Bob, version 3")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["cards"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("cards").path), ["bob.md"])
    }
}
