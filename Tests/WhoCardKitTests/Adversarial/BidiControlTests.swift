import XCTest
@testable import WhoCardKit

/// Explicit bidi controls in names, provider, support hours and bios are dropped, so a value
/// cannot reorder the card's text (`Alice\u{202E}gnp.exe` showing as `Aliceexe.png`).
final class BidiControlTests: XCTestCase {
    private func profile(_ pairs: [Field: String]) throws -> ValidatedProfile {
        var all = pairs
        all[.id] = "u1"
        return try XCTUnwrap(ProfileValidator().validate(ProfileRecord(all), file: "t").profile)
    }

    func testEmbeddingsOverridesAndIsolatesAreDropped() throws {
        let p = try profile([
            .name: "Alice \u{202E}gnp.exe", .provider: "\u{202A}Acme\u{202C} \u{202B}Co\u{202C} \u{202D}x\u{202C}",
            .supportHours: "\u{2066}9\u{2069}–\u{2067}17\u{2069} \u{2068}Mon\u{2069}",
            .bio: "**bold\u{202E}** \u{2067}unclosed",
        ])
        XCTAssertEqual(p.name, "Alice gnp.exe")
        XCTAssertEqual(p.provider, "Acme Co x")
        XCTAssertEqual(p.supportHours, "9–17 Mon")
        XCTAssertEqual(p.bio, "**bold** unclosed")
    }

    func testRightToLeftTextAndMarksAreKept() throws {
        // Letters and the implicit marks (LRM, RLM, ALM) cannot override anything: they stay.
        let p = try profile([.name: "ليلى\u{200F} حداد", .bio: "שלום\u{200E} world \u{061C}"])
        XCTAssertEqual(p.name, "ليلى\u{200F} حداد")
        XCTAssertEqual(p.bio, "שלום\u{200E} world \u{061C}")
    }

    func testAValueOfOnlyControlsIsAbsent() throws {
        let p = try profile([.name: "\u{202E}\u{2066}", .bio: " \u{202C} "])
        XCTAssertNil(p.name)
        XCTAssertNil(p.bio)
    }

    func testRenderedCardsHoldNoBidiControls() throws {
        let card = try CardRenderer().render(
            try profile([.name: "Mallory \u{202E}nimda", .bio: "hi \u{2066}there"]), file: "t")
        for output in [card.html, card.markdown, card.json, card.vcard] {
            XCTAssertFalse(
                output.unicodeScalars.contains {
                    (0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value)
                }, output)
        }
        XCTAssertTrue(card.html.contains("Mallory nimda"))
    }
}
