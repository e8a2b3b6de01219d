import Foundation
import XCTest
@testable import WhoCardKit

/// The checker against a real HTTP server on loopback addresses: one behaviour per route.
final class LinkCheckerTests: XCTestCase {
    var server: LinkServer!

    override func setUpWithError() throws {
        server = try LinkServer(hosts: 3)
    }

    override func tearDown() {
        server?.stop()
        server = nil
    }

    func options(_ change: (inout LinkCheckOptions) -> Void = { _ in }) -> LinkCheckOptions {
        var options = LinkCheckOptions()
        options.timeout = .seconds(1)
        options.retries = 1
        options.retryDelay = .milliseconds(50)
        options.addressPolicy.allowPrivate = true
        change(&options)
        return options
    }

    /// Checks `urls` (used as typed and normalised) with `options`.
    func check(_ urls: [String], _ options: LinkCheckOptions? = nil) async -> [LinkResult] {
        let checker = LinkChecker(options: options ?? self.options())
        let results = await checker.check(urls.map { LinkChecker.Link(url: $0, normalized: $0) })
        await checker.shutdown()
        return results
    }

    func checkOne(_ path: String, _ options: LinkCheckOptions? = nil) async -> LinkResult {
        let results = await check([server.url(path)], options)
        return results[0]
    }

    func testOKWithHEADOnly() async throws {
        let result = await checkOne("/ok")
        XCTAssertEqual(result.verdict, .ok)
        XCTAssertEqual(result.httpStatus, 200)
        XCTAssertEqual(result.finalURL, server.url("/ok"))
        XCTAssertEqual(result.attempts, 1)
        XCTAssertEqual(result.detail, "HTTP 200")
    }

    func testNotFoundAndGoneAreBrokenAfterConfirmingWithGET() async throws {
        let results = await check([server.url("/status/404"), server.url("/status/410")])
        XCTAssertEqual(results.map(\.verdict), [.broken, .broken])
        XCTAssertEqual(results.map(\.httpStatus), [404, 410])
        XCTAssertEqual(results.map(\.attempts), [2, 2], "HEAD, then GET to confirm")
    }

    func testHEADRefusedFallsBackToGET() async throws {
        let result = await checkOne("/head-refused")
        XCTAssertEqual(result.verdict, .ok)
        XCTAssertEqual(result.attempts, 2)
    }

    func testRedirectChainIsFollowedToTheEnd() async throws {
        let result = await checkOne("/redirect/3")
        XCTAssertEqual(result.verdict, .ok)
        XCTAssertEqual(result.finalURL, server.url("/redirect/0"))
        XCTAssertEqual(result.attempts, 4)
    }

    func testTooManyRedirectsAndLoopsAreUnreachable() async throws {
        let results = await check([server.url("/redirect/11"), server.url("/loop/a")])
        XCTAssertEqual(results[0].verdict, .unreachable)
        XCTAssertEqual(results[0].detail, "more than 10 redirects")
        XCTAssertEqual(results[1].verdict, .unreachable)
        XCTAssertEqual(results[1].detail, "redirect loop at \(server.url("/loop/a"))")
    }

    func testLinkedIn999IsBlocked() async throws {
        let result = await checkOne("/linkedin/alice")
        XCTAssertEqual(result.verdict, .blocked)
        XCTAssertEqual(result.httpStatus, 999)
    }

    func testPlatform403IsBlockedByTheLinksOwnHost() async throws {
        var options = self.options()
        options.remaps = [try URLRemap(parsing: "^https://www\\.instagram\\.com/=\(server.url("/status/"))")]
        let checker = LinkChecker(options: options)
        let result = await checker.check(
            LinkChecker.Link(url: "instagram.com/403", normalized: "https://www.instagram.com/403"))
        await checker.shutdown()
        XCTAssertEqual(result.verdict, .blocked)
        XCTAssertEqual(result.httpStatus, 403)
        XCTAssertEqual(result.finalURL, server.url("/status/403"))
    }

    func testLoginWallsAreLoginRequiredWithoutFetchingThem() async throws {
        let results = await check([server.url("/login-wall"), server.url("/authwall"), server.url("/status/401")])
        XCTAssertEqual(results.map(\.verdict), [.loginRequired, .loginRequired, .loginRequired])
        XCTAssertEqual(results[0].finalURL, "https://www.instagram.com/accounts/login/?next=%2Falice%2F")
        XCTAssertEqual(results[0].detail, "redirect to a login page of Instagram")
        XCTAssertEqual(results[1].detail, "redirect to a login page of LinkedIn")
    }

    func testRedirectToANotFoundPageIsBroken() async throws {
        let result = await checkOne("/gone-page")
        XCTAssertEqual(result.verdict, .broken)
        XCTAssertEqual(result.detail, "redirect to a not-found page")
    }

    func testRetryAfterIsHonouredThenOK() async throws {
        let result = await checkOne("/limited/a?n=1&after=1")
        XCTAssertEqual(result.verdict, .ok)
        XCTAssertEqual(result.attempts, 2)
        let gaps = try server.stats().retry_gaps["a"] ?? []
        XCTAssertEqual(gaps.count, 1)
        XCTAssertGreaterThanOrEqual(gaps.first ?? 0, 0.95, "the retry waited for Retry-After: 1")
    }

    func testPersistent429IsRateLimited() async throws {
        let result = await checkOne("/limited-always", options { $0.rateLimitRetries = 1 })
        XCTAssertEqual(result.verdict, .rateLimited)
        XCTAssertEqual(result.httpStatus, 429)
        XCTAssertEqual(result.attempts, 2)
    }

    func testRetryAfterAboveTheCapGivesUpAtOnce() async throws {
        let result = await checkOne("/limited/b?n=5&after=120")
        XCTAssertEqual(result.verdict, .rateLimited)
        XCTAssertEqual(result.attempts, 1)
        XCTAssertEqual(result.detail, "HTTP 429: Retry-After asks for 120 s, more than the 30 s cap")
    }

    func testServerErrorIsRetriedWithBackOff() async throws {
        let result = await checkOne("/flaky/x?n=1")
        XCTAssertEqual(result.verdict, .ok)
        XCTAssertEqual(result.attempts, 2)
        let failing = await checkOne("/flaky/y?n=9")
        XCTAssertEqual(failing.verdict, .unreachable)
        XCTAssertEqual(failing.httpStatus, 503)
    }

    func testSlowHostTimesOutWithoutStallingTheRun() async throws {
        let start = ContinuousClock.now
        let results = await check(
            [server.url("/slow?ms=2500"), server.url("/ok", host: 2)], options { $0.retries = 0 })
        XCTAssertEqual(results.map(\.verdict), [.timeout, .ok])
        XCTAssertLessThan(ContinuousClock.now - start, .seconds(2), "one request's timeout, not the slow host's 2.5 s")
    }

    func testRefusedConnectionIsUnreachable() async throws {
        let result = await check([server.url("/ok", host: 30)])[0]  // nothing listens on 127.0.0.30
        XCTAssertEqual(result.verdict, .unreachable)
        XCTAssertEqual(result.detail, "connection refused")
        XCTAssertEqual(result.attempts, 1)
    }

    func testPerHostConcurrencyIsObservedAtTheServer() async throws {
        let urls =
            (0..<8).map { server.url("/hold?ms=200&i=\($0)", host: 2) }
            + (0..<8).map { server.url("/hold?ms=200&i=\($0)", host: 3) }
        let checker = LinkChecker(
            options: options {
                $0.perHost = 2
                $0.maxConcurrency = 32
            })
        let results = await checker.check(urls.map { LinkChecker.Link(url: $0, normalized: $0) })
        let peaks = await checker.peakConcurrency()
        await checker.shutdown()
        XCTAssertEqual(Set(results.map(\.verdict)), [.ok])
        let stats = try server.stats()
        XCTAssertEqual(stats.peak["127.0.0.2"], 2)
        XCTAssertEqual(stats.peak["127.0.0.3"], 2)
        XCTAssertEqual(peaks["127.0.0.2:\(server.port)"], 2)
    }

    func testGlobalLimitHoldsAcrossHosts() async throws {
        let urls = (2...3).flatMap { host in (0..<4).map { server.url("/hold?ms=200&i=\($0)", host: host) } }
        _ = await check(
            urls,
            options {
                $0.perHost = 4
                $0.maxConcurrency = 1
            })
        let stats = try server.stats()
        XCTAssertEqual(stats.peak["127.0.0.2"], 1)
        XCTAssertEqual(stats.peak["127.0.0.3"], 1)
    }

    func testIdenticalURLsAreFetchedOnce() async throws {
        let url = server.url("/ok")
        let results = await check([url, url, url])
        XCTAssertEqual(results.count, 1)
        XCTAssertEqual(try server.stats().hits["/ok"], 1)
    }

    func testPrivateAddressesAreRefusedByDefaultAndNeverFetched() async throws {
        var strict = options()
        strict.addressPolicy = AddressPolicy()
        let results = await check(
            [server.url("/ok"), "http://169.254.169.254/latest/meta-data", "http://[::1]:\(server.port)/ok"], strict)
        XCTAssertEqual(results.map(\.verdict), [.refused, .refused, .refused])
        XCTAssertEqual(results[0].detail, "not fetched: 127.0.0.1 is a loopback address")
        XCTAssertEqual(results[1].detail, "not fetched: 169.254.169.254 is a link-local address")
        XCTAssertEqual(results.map(\.attempts), [0, 0, 0])
        XCTAssertNil(try server.stats().hits["/ok"])
    }

    func testARedirectToAPrivateAddressIsRefusedAtThatHop() async throws {
        var strict = options()
        strict.addressPolicy = AddressPolicy(allowedHosts: ["127.0.0.1"])
        let results = await check(
            [
                server.url("/to?url=http://127.0.0.2:\(server.port)/ok"),
                server.url("/to?url=http://169.254.169.254/latest/meta-data/"),
            ], strict)
        XCTAssertEqual(results.map(\.verdict), [.refused, .refused])
        XCTAssertEqual(results[0].httpStatus, 302)
        XCTAssertEqual(results[0].detail, "not fetched: 127.0.0.2 is a loopback address")
        XCTAssertEqual(results[1].finalURL, "http://169.254.169.254/latest/meta-data/")
        XCTAssertNil(try server.stats().hits["/ok"], "the private target was not fetched")
    }

    func testARedirectToAnIPv6FormEmbeddingLoopbackIsRefused() async throws {
        var strict = options()
        strict.addressPolicy = AddressPolicy(allowedHosts: ["127.0.0.1"])
        let targets = ["[::127.0.0.1]", "[::ffff:0:7f00:1]", "[2002:7f00:1::1]", "[64:ff9b:1::7f00:1]"]
        let results = await check(targets.map { server.url("/to?url=http://\($0):\(server.port)/ok") }, strict)
        XCTAssertEqual(results.map(\.verdict), Array(repeating: .refused, count: targets.count))
        XCTAssertEqual(results[0].detail, "not fetched: ::127.0.0.1 is a loopback address")
        XCTAssertNil(try server.stats().hits["/ok"])
    }

    /// The connection goes to the address the policy checked: a name only the policy's resolver
    /// knows (here pointing at the second loopback host) is fetched from that address, with
    /// the name kept in the Host header.
    func testTheConnectionGoesToTheAddressThePolicyChecked() async throws {
        var options = self.options()
        options.addressPolicy = AddressPolicy(
            allowPrivate: true,
            resolve: { host in host == "pinned.invalid" ? .addresses([IPAddress("127.0.0.2")!]) : .unknownHost })
        let results = await check(["http://pinned.invalid:\(server.port)/ok"], options)
        XCTAssertEqual(results[0].verdict, .ok, results[0].detail)
        XCTAssertEqual(try server.stats().peak.keys.sorted(), ["127.0.0.2"])
    }

    func testUnknownHostIsBroken() async throws {
        var options = self.options()
        options.addressPolicy = AddressPolicy(resolve: { _ in .unknownHost })
        let results = await check(["https://no-such-host.example/x"], options)
        XCTAssertEqual(results[0].verdict, .broken)
        XCTAssertEqual(results[0].detail, "unknown host name no-such-host.example")
    }

    func testOverallDeadlineEndsTheRun() async throws {
        let urls = (0..<6).map { server.url("/hold?ms=400&i=\($0)", host: 2) }
        let start = ContinuousClock.now
        let results = await check(
            urls,
            options {
                $0.perHost = 1
                $0.deadline = .milliseconds(900)
            })
        XCTAssertLessThan(ContinuousClock.now - start, .seconds(2))
        XCTAssertTrue(results.contains { $0.verdict == .ok })
        XCTAssertTrue(
            results.contains {
                $0.verdict == .timeout && $0.detail == "the run's deadline passed before the link was checked"
            })
    }

    func testUserAgentNamesWhoCardAndItsVersion() {
        XCTAssertEqual(LinkCheckOptions().userAgent, "whocard/\(WhoCard.version) (profile link checker)")
    }

    func testCacheAnswersFreshLinksWithoutFetching() async throws {
        let occurrences = [
            LinkOccurrence(
                userID: "u1", line: 2, field: .website,
                link: ValidLink(original: "a", normalized: server.url("/ok"), display: "")),
            LinkOccurrence(
                userID: "u2", line: 3, field: .website,
                link: ValidLink(original: "b", normalized: server.url("/status/404"), display: "")),
        ]
        var cache: LinkCache? = LinkCache()
        let checker = LinkChecker(options: options())
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let first = await checker.check(occurrences, cache: &cache, now: now)
        XCTAssertEqual(first.map(\.cached), [false, false])
        // A day and a minute later: the ok result is still fresh, the failure is due again.
        let second = await checker.check(occurrences, cache: &cache, now: now + 86_460)
        await checker.shutdown()
        XCTAssertEqual(second.map(\.verdict), [.ok, .broken])
        XCTAssertEqual(second.map(\.cached), [true, false])
        let hits = try server.stats().hits
        XCTAssertEqual(hits["/ok"], 1)
        XCTAssertEqual(hits["/status/404"], 4, "HEAD and GET, twice")
    }
}
