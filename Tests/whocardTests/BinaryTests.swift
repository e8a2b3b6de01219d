import XCTest

final class BinaryTests: XCTestCase {
    func testPrintsVersion() throws {
        let result = try WhoCardBinary.run(["--version"])
        XCTAssertEqual(result.status, 0)
        XCTAssertFalse(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
    }
}
