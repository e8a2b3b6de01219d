import XCTest
@testable import WhoCardKit

final class ConcurrencyLimiterTests: XCTestCase {
    /// Counts bodies running at once.
    actor Gauge {
        var now = 0
        var peak = 0
        func enter() {
            now += 1
            peak = max(peak, now)
        }
        func leave() { now -= 1 }
    }

    func testLimitsHoldAndEveryWaiterIsServed() async {
        let limiter = ConcurrencyLimiter(perHost: 2, total: 3)
        let gauge = Gauge()
        let done = await withTaskGroup(of: Int.self) { group in
            for i in 0..<60 {
                group.addTask {
                    await limiter.withSlot(host: "h\(i % 4)") {
                        await gauge.enter()
                        try? await Task.sleep(for: .milliseconds(3))
                        await gauge.leave()
                        return 1
                    }
                }
            }
            return await group.reduce(0, +)
        }
        XCTAssertEqual(done, 60)
        let peaks = await limiter.peaks
        XCTAssertEqual(peaks.keys.sorted(), ["h0", "h1", "h2", "h3"])
        XCTAssertTrue(peaks.values.allSatisfy { $0 <= 2 }, "\(peaks)")
        let peak = await gauge.peak
        XCTAssertLessThanOrEqual(peak, 3)
        XCTAssertGreaterThanOrEqual(peak, 2, "requests do run in parallel")
    }

    func testABusyHostDoesNotHoldUpOthers() async {
        let limiter = ConcurrencyLimiter(perHost: 1, total: 8)
        let start = ContinuousClock.now
        let slowHostDone = Task {
            await limiter.withSlot(host: "slow") { try? await Task.sleep(for: .milliseconds(300)) }
        }
        try? await Task.sleep(for: .milliseconds(20))
        let queued = Task { await limiter.withSlot(host: "slow") { ContinuousClock.now } }
        let other = await limiter.withSlot(host: "fast") { ContinuousClock.now }
        XCTAssertLessThan(other - start, .milliseconds(200), "the fast host was served while the slow one was busy")
        let second = await queued.value
        XCTAssertGreaterThanOrEqual(
            second - start, .milliseconds(290), "the slow host's second request waited its turn")
        await slowHostDone.value
    }
}
