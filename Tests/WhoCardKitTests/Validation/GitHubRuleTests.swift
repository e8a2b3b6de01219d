import XCTest
@testable import WhoCardKit

final class GitHubRuleTests: XCTestCase {
    func testAcceptsProfiles() {
        for (value, handle) in [
            ("https://github.com/octocat", "octocat"), ("https://www.github.com/Alice-Smith/", "Alice-Smith"),
            ("https://github.com/alice?tab=repositories", "alice"),
        ] {
            let social = V.social(.githubURL, value)
            XCTAssertEqual(social?.link.normalized, "https://github.com/\(handle)", value)
            XCTAssertEqual(social.map(CardContext.handleText), "@" + handle, value)
        }
    }

    func testARepositoryOrIssueGetsTheProfileSuggested() {
        for value in ["https://github.com/alice/whocard", "https://github.com/alice/whocard/issues/22"] {
            let path = value.dropFirst("https://".count)
            XCTAssertEqual(
                V.problems(.githubURL, value),
                [
                    Problem(
                        "github.reserved",
                        "github_url points to a page below the profile (\(path)); use https://github.com/alice")
                ])
        }
    }

    func testPagesOfTheSite() {
        for value in [
            "https://github.com/orgs/acme", "https://github.com/settings/profile", "https://github.com/login",
        ] {
            XCTAssertEqual(V.problems(.githubURL, value).map(\.rule), ["github.reserved"], value)
        }
        XCTAssertEqual(
            V.problems(.githubURL, "https://gist.github.com/alice"),
            [Problem("github.host", "github_url points to gist.github.com; expected github.com")])
        XCTAssertEqual(
            V.problems(.githubURL, "https://github.com/alice_smith"),
            [
                Problem(
                    "github.handle",
                    "github_url handle 'alice_smith' is not valid; GitHub handles are 1–39 letters, digits or -")
            ])
    }

    func testABareHandleGetsTheURL() {
        XCTAssertEqual(
            V.problems(.githubURL, "@octocat"),
            [
                Problem(
                    "url.scheme", "github_url is a handle, not a web address; did you mean https://github.com/octocat?")
            ])
    }
}
