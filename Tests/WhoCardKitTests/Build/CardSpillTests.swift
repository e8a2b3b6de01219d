import Foundation
import XCTest
@testable import WhoCardKit

final class CardSpillTests: XCTestCase {
    /// The spill gives back exactly what was appended, and has no name in the output folder
    /// (nothing to clean up after a killed build).
    func testReadsBackWhatWasAppendedAndLeavesNoFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("whocard-spill-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let spill = try CardSpill(directory: folder.path)
        XCTAssertEqual(try spill.append(Array("first card".utf8)), 0)
        XCTAssertEqual(try spill.append(Array("second".utf8)), 10)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [])
        var html = Array("<p>".utf8)
        XCTAssertTrue(spill.read(10..<16, appendingTo: &html))
        XCTAssertTrue(spill.read(0..<5, appendingTo: &html))
        XCTAssertEqual(String(decoding: html, as: UTF8.self), "<p>secondfirst")
        XCTAssertFalse(spill.read(12..<17, appendingTo: &html), "past the end")
        XCTAssertEqual(String(decoding: html, as: UTF8.self), "<p>secondfirst")
    }

    /// A spilled place and a gallery place share one field of a manifest entry; neither is
    /// mistaken for the other.
    func testSpilledAndGalleryPlacesDoNotMix() throws {
        var entry = Manifest.Entry(id: "u1", digest: try XCTUnwrap(Digest(hex: String(repeating: "b", count: 64))))
        entry.spilledRange = (1 << 35)..<((1 << 35) + 1_500)
        XCTAssertEqual(entry.spilledRange, (1 << 35)..<((1 << 35) + 1_500))
        XCTAssertNil(entry.galleryRange)
        entry.galleryRange = 2_000_000_000..<2_000_001_500
        XCTAssertEqual(entry.galleryRange, 2_000_000_000..<2_000_001_500)
        XCTAssertNil(entry.spilledRange)
    }
}
