import Foundation
import XCTest
@testable import WhoCardKit

final class FileWatcherTests: XCTestCase {
    func testNoticesWritesNewFilesAndDeletions() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("whocard-watch-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let export = folder.appendingPathComponent("export.csv")
        try Data("id\nu1\n".utf8).write(to: export)
        let source = PreviewSource(input: export.path, templates: folder.appendingPathComponent("templates"))
        var watcher = FileWatcher { source.watchedFiles() }
        XCTAssertFalse(watcher.poll(), "nothing changed yet")

        // Same size and inode: the modification time tells (set ahead, as file systems keep
        // coarse timestamps and two writes in one test can share one).
        try Data("id\nu2\n".utf8).write(to: export)
        try FileManager.default.setAttributes(
            [.modificationDate: Date().addingTimeInterval(5)], ofItemAtPath: export.path)
        XCTAssertTrue(watcher.poll())
        XCTAssertFalse(watcher.poll(), "a change is reported once")

        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("templates"), withIntermediateDirectories: true)
        XCTAssertTrue(watcher.poll(), "the templates folder appeared")
        let template = folder.appendingPathComponent("templates/card.html.mustache")
        try Data("x".utf8).write(to: template)
        XCTAssertTrue(watcher.poll(), "a new template")
        try FileManager.default.removeItem(at: template)
        XCTAssertTrue(watcher.poll(), "a removed template")
        XCTAssertFalse(watcher.poll())
    }
}
