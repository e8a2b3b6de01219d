import XCTest
@testable import WhoCardKit

/// Inputs the fuzz targets (Fuzz/) found crashing, inlined; each must now pass.
final class FuzzRegressionTests: XCTestCase {
    /// FuzzRender, crash-5831a63f: support hours ending in a line break and a control character
    /// (`#\u{FFFD} Heading\n\u{0E}`) made `Escape.markdown` write its dropped trailing space one
    /// byte past the string it was filling (a trap in UnsafeBufferPointer).
    func testRenderCrash5831a63f() throws {
        var record = ProfileRecord([.id: "fuzz-user", .name: "سلام", .email: "."])
        record[.supportHours] = String(
            decoding: [0x23, 0x99, 0x20, 0x48, 0x65, 0x61, 0x64, 0x69, 0x6E, 0x67, 0x0A, 0x0E], as: UTF8.self)
        let profile = try XCTUnwrap(ProfileValidator().validate(record, file: "fuzz").profile)
        let card = try CardRenderer().render(profile, file: "fuzz")
        XCTAssertTrue(card.markdown.contains("\\#\u{FFFD} Heading"), card.markdown)
    }

    /// The same fault directly: whitespace then control characters at the end of a value.
    func testMarkdownEscapeOfTrailingSpaceAndControls() {
        XCTAssertEqual(Escape.markdown("ab \u{0E}"), "ab")
        XCTAssertEqual(Escape.markdown("a\n\u{01}\u{02}"), "a")
        XCTAssertEqual(Escape.markdown("#x\t\u{7F}"), "\\#x")
        XCTAssertEqual(Escape.markdown(" \u{0E}"), "")
        XCTAssertEqual(Escape.markdown("ab "), "ab")
    }

    /// FuzzURL, crash-99515526 (the fuzz target's invariant, not the library, was wrong): a URL of
    /// 318 characters, 300 of them non-ASCII, is within the 2,048-character limit, but its
    /// normalised link percent-encodes each as 9 characters. The limit applies to what the user
    /// wrote; the normalised link validates to itself once the limit is lifted.
    func testNormalisedLinkMayExceedTheLengthLimitOfTheOriginal() throws {
        let original = "https://a.example/" + String(repeating: "\u{FFFD}", count: 300)
        let checked = try URLValidator().validate(original).get()
        XCTAssertEqual(checked.link.normalized.utf8.count, 18 + 300 * 9)
        XCTAssertEqual(URLValidator().validate(checked.link.normalized).failure?.rule, "url.length")
        var unlimited = URLValidator()
        unlimited.maxLength = .max
        XCTAssertEqual(try unlimited.validate(checked.link.normalized).get().link.normalized, checked.link.normalized)
    }
}

private extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
