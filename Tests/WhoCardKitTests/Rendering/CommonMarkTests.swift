import XCTest
@testable import WhoCardKit

final class CommonMarkTests: XCTestCase {
    func testLinksAgainstLibcmark() {
        XCTAssertTrue(CommonMark.libraryVersion.hasPrefix("0."), CommonMark.libraryVersion)
    }
}
