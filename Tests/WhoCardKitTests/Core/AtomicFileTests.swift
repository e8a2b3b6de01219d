import Foundation
import XCTest
@testable import WhoCardKit

final class AtomicFileTests: XCTestCase {
    func testReplacesContentAndLeavesNoTemporaryFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("whocard-atomic-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("a.txt").path
        try AtomicFile.write("old", to: path)
        try AtomicFile.write("new", to: path)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "new")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["a.txt"])
    }

    func testMissingFolderIsAClearError() {
        XCTAssertThrowsError(try AtomicFile.write("x", to: "/nonexistent-whocard/dir/a.txt")) { error in
            XCTAssertEqual(
                "\(error)",
                "cannot write '/nonexistent-whocard/dir/a.txt': the folder does not exist; create it or choose another path"
            )
        }
    }
}
