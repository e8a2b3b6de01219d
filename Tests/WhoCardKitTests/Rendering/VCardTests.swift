import XCTest
@testable import WhoCardKit

final class VCardTests: XCTestCase {
    func testEscapesTextValues() {
        XCTAssertEqual(VCard.escape("a\\b,c;d\ne\r\nf\rg"), #"a\\b\,c\;d\ne\nf\ng"#)
    }

    func testShortLinesAreNotFolded() {
        let line = "NOTE:" + String(repeating: "x", count: 70)
        XCTAssertEqual(VCard.fold(line), line)
    }

    func testFoldsAt75Octets() {
        let line = "NOTE:" + String(repeating: "x", count: 200)
        let folded = VCard.fold(line)
        let physical = folded.components(separatedBy: "\r\n")
        XCTAssertEqual(physical.map(\.utf8.count), [75, 75, 57])
        XCTAssertTrue(physical.dropFirst().allSatisfy { $0.hasPrefix(" ") })
        XCTAssertEqual(
            physical.enumerated().map { $0.offset == 0 ? $0.element : String($0.element.dropFirst()) }.joined(), line)
    }

    func testFoldsOnUTF8CharacterBoundaries() {
        let line = "FN:" + String(repeating: "ل", count: 80)  // 2 octets each
        let physical = VCard.fold(line).components(separatedBy: "\r\n")
        XCTAssertTrue(physical.allSatisfy { $0.utf8.count <= 75 })
        // 3 + 36 × 2 octets, then a space + 37 × 2, then a space + the last 7 × 2.
        XCTAssertEqual(physical.map(\.utf8.count), [75, 75, 15])
        XCTAssertEqual(physical[0] + physical.dropFirst().map { String($0.dropFirst()) }.joined(), line)
    }

    func testEveryLineEndsWithCRLFAndFits() throws {
        let vcard = try CardRenderer().render(SampleProfiles.full, file: "x").vcard
        XCTAssertTrue(vcard.hasPrefix("BEGIN:VCARD\r\nVERSION:4.0\r\n"))
        XCTAssertTrue(vcard.hasSuffix("END:VCARD\r\n"))
        let lines = vcard.dropLast(2).components(separatedBy: "\r\n")
        XCTAssertTrue(lines.allSatisfy { !$0.contains("\n") && $0.utf8.count <= 75 })
    }

    func testTelephoneIsATelURI() {
        XCTAssertEqual(CardContext.telURI("+1 (555) 010-0199"), "tel:+15550100199")
    }
}
