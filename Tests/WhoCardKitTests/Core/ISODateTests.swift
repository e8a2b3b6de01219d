import Foundation
import XCTest
@testable import WhoCardKit

final class ISODateTests: XCTestCase {
    func testKnownDays() {
        for (seconds, day) in [
            (0.0, "1970-01-01"), (-1, "1969-12-31"), (951_782_400, "2000-02-29"), (951_868_799, "2000-02-29"),
            (1_796_428_800, "2026-12-05"), (1_796_515_199.9, "2026-12-05"), (4_107_456_000, "2100-02-28"),
            (4_107_542_400, "2100-03-01"), (-2_208_988_800, "1900-01-01"),
        ] {
            XCTAssertEqual(ISODate.day(Date(timeIntervalSince1970: seconds)), day, "\(seconds)")
        }
    }

    /// The same day as Foundation's ISO 8601 formatter, for dates across four centuries.
    func testAgreesWithFoundationsFormatter() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let date = Date(timeIntervalSince1970: Double.random(in: -2_208_988_800...7_258_118_400, using: &generator))
            XCTAssertEqual(ISODate.day(date), formatter.string(from: date), "\(date.timeIntervalSince1970)")
        }
    }
}
