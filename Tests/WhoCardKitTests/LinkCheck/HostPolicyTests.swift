import XCTest
@testable import WhoCardKit

final class HostPolicyTests: XCTestCase {
    let policy = HostPolicy.standard

    func testLoginWallsOfPlatformsAndAnySite() {
        XCTAssertEqual(policy.redirectVerdict(host: "www.linkedin.com", path: "/authwall")?.0, .loginRequired)
        XCTAssertEqual(
            policy.redirectVerdict(host: "www.instagram.com", path: "/accounts/login/")?.1,
            "redirect to a login page of Instagram")
        XCTAssertEqual(policy.redirectVerdict(host: "m.facebook.com", path: "/login.php")?.0, .loginRequired)
        XCTAssertEqual(policy.redirectVerdict(host: "www.facebook.com", path: "/checkpoint/block")?.0, .loginRequired)
        XCTAssertEqual(policy.redirectVerdict(host: "shop.example", path: "/Login")?.1, "redirect to a login page")
        XCTAssertNil(
            policy.redirectVerdict(host: "shop.example", path: "/login-help"), "a prefix must end at a path boundary")
        XCTAssertNil(policy.redirectVerdict(host: "www.linkedin.com", path: "/in/alice"))
    }

    func testNotFoundPages() {
        XCTAssertEqual(
            policy.redirectVerdict(host: "www.linkedin.com", path: "/404/")?.1,
            "redirect to a not-found page of LinkedIn")
        XCTAssertEqual(policy.redirectVerdict(host: "example.com", path: "/pagenotfound")?.0, .broken)
    }

    func testBlockedStatuses() {
        XCTAssertTrue(policy.isBlocked(status: 999, hosts: ["example.com"]))
        XCTAssertTrue(policy.isBlocked(status: 403, hosts: ["linkedin.com", "127.0.0.5"]))
        XCTAssertTrue(policy.isBlocked(status: 403, hosts: ["instagram.com"]))
        XCTAssertFalse(policy.isBlocked(status: 404, hosts: ["linkedin.com"]))
        XCTAssertFalse(policy.isBlocked(status: 403, hosts: ["notlinkedin.com"]), "domains match whole labels")
    }

    func testNotFoundMarkersApplyToTheirPlatformOnly() {
        XCTAssertEqual(policy.notFoundMarkers(hosts: ["instagram.com"]).first, "Page Not Found • Instagram")
        XCTAssertEqual(policy.notFoundMarkers(hosts: ["example.com"]), [])
    }

    func testTheHandleOfAProfileAddress() {
        XCTAssertEqual(HostPolicy.handle(ofProfile: "https://tiktok.com/@Alice.S"), "alice.s")
        XCTAssertEqual(HostPolicy.handle(ofProfile: "https://linkedin.com/in/j%C3%BCrgen"), "jürgen")
        XCTAssertNil(HostPolicy.handle(ofProfile: "https://facebook.com/profile.php?id=1"), "a query names no handle")
        XCTAssertNil(HostPolicy.handle(ofProfile: "https://example.com"))
    }

    func testALostHandle() {
        XCTAssertEqual(
            policy.lostHandle(profile: "https://x.com/ghost", redirectTarget: "https://x.com/", linkHost: "x.com"),
            "ghost")
        XCTAssertNil(
            policy.lostHandle(
                profile: "https://x.com/Ghost", redirectTarget: "https://twitter.com/ghost?s=1", linkHost: "x.com"))
        XCTAssertNil(
            policy.lostHandle(
                profile: "https://youtube.com/c/Old", redirectTarget: "https://youtube.com/@new",
                linkHost: "youtube.com"),
            "YouTube renames on redirect")
    }

    func testEveryPlatformsSignatureIsInTheTable() {
        for platform in Platform.allCases where !platform.hosts.isFederated {
            let hosts = platform.hosts.hosts
            XCTAssertEqual(policy.notFoundMarkers(hosts: hosts), platform.online.missing.bodyMarkers, "\(platform)")
            XCTAssertEqual(policy.loginMarkers(hosts: hosts), platform.online.missing.loginMarkers, "\(platform)")
        }
    }
}
