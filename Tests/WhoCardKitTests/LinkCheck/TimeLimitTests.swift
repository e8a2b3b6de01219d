import Dispatch
import XCTest
@testable import WhoCardKit

final class TimeLimitTests: XCTestCase {
    func testTheResultComesBackWhenInTime() async {
        let value = await TimeLimit.run(.seconds(5)) { 42 }
        XCTAssertEqual(value, 42)
    }

    /// Work that ignores cancellation (a blocked thread, as getaddrinfo is) does not hold the
    /// caller past the limit.
    func testWorkThatIgnoresCancellationIsLeftAtTheLimit() async {
        let start = ContinuousClock.now
        let value: Int? = await TimeLimit.run(.milliseconds(200)) {
            await withCheckedContinuation { continuation in
                DispatchQueue.global().async {
                    Thread.sleep(forTimeInterval: 3)
                    continuation.resume(returning: 1)
                }
            }
        }
        let elapsed = ContinuousClock.now - start
        XCTAssertNil(value)
        XCTAssertLessThan(elapsed, .seconds(2))
    }

    /// Work that honours cancellation is cancelled at the limit.
    func testCancellableWorkIsCancelled() async {
        let value: Bool? = await TimeLimit.run(.milliseconds(100)) {
            do {
                try await Task.sleep(for: .seconds(10))
                return false
            } catch {
                return true
            }
        }
        XCTAssertNil(value)
    }
}
