import Foundation
import XCTest

/// The cards as a customer sees them: headless Chromium (Debian's chromium + chromium-driver,
/// driven by Selenium) over `whocard preview --serve`, every sample user at 360 px and 1280 px,
/// light and dark, under `Content-Security-Policy: default-src 'self'`; axe-core in both
/// schemes; live reload and the error page. Screenshots: .build/screenshots/.
/// `WHOCARD_SCREENSHOTS_TO_DOCS=1` also writes docs/card-light.png (the README's screenshot) and docs/card-dark.png.
final class PreviewBrowserTests: XCTestCase {
    /// The example card of the README's screenshot: many kinds of link, and no avatar (the browser is offline).
    static let docsUser = "u1002"

    func testSampleCardsInHeadlessChromium() throws {
        for tool in ["chromium", "chromedriver"] {
            guard try Tool.run("sh", ["-c", "command -v \(tool)"], install: "").status == 0 else {
                return XCTFail(
                    "\(tool) is not installed: sudo apt-get install chromium chromium-driver (make test does this)")
            }
        }
        let root = WhoCardBinary.repoRoot
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("whocard-browser-\(UUID())")
        let templates = work.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let export = work.appendingPathComponent("providers.csv")
        try FileManager.default.copyItem(at: root.appendingPathComponent("examples/providers.csv"), to: export)

        // What each page must show: the JSON cards of a build of the same export.
        let build = try WhoCardBinary.run([
            "build", "--input", export.path, "--output", work.appendingPathComponent("site").path, "--quiet",
        ])
        XCTAssertEqual(build.status, 0, build.stderr)
        var expected: [String: (name: String, social: [String], avatar: String?)] = [:]
        let cards = work.appendingPathComponent("site/cards")
        for file in try FileManager.default.contentsOfDirectory(atPath: cards.path) where file.hasSuffix(".json") {
            let card = try XCTUnwrap(
                JSONSerialization.jsonObject(with: Data(contentsOf: cards.appendingPathComponent(file)))
                    as? [String: Any])
            let id = try XCTUnwrap(card["id"] as? String)
            let social = (card["social"] as? [[String: Any]] ?? []).compactMap { $0["url"] as? String }
            let avatar = (card["avatar_url"] as? [String: Any])?["url"] as? String ?? card["avatar_url"] as? String
            expected[id] = (card["name"] as? String ?? id, social, avatar)
        }
        XCTAssertEqual(expected.count, 21)
        let ids = expected.keys.sorted()

        let server = try ServedPreview(["preview", ids[0], "--input", export.path, "--templates", templates.path])
        let screenshots = root.appendingPathComponent(".build/screenshots")
        var arguments = [
            root.appendingPathComponent("Tests/whocardTests/Scripts/preview_browser.py").path,
            "--base", server.base.absoluteString, "--ids", ids.joined(separator: ","),
            "--axe-ids", "u1001,u1021", "--export", export.path, "--templates", templates.path,
            "--reload-id", "u1001", "--screenshots", screenshots.path, "--docs-id", Self.docsUser,
        ]
        if ProcessInfo.processInfo.environment["WHOCARD_SCREENSHOTS_TO_DOCS"] == "1" {
            arguments += ["--docs", root.appendingPathComponent("docs").path]
        }
        let started = Date()
        let run = try Tool.run("python3", arguments, install: "python3")
        let seconds = Date().timeIntervalSince(started)
        print("browser checks took \(String(format: "%.1f", seconds)) s; screenshots in \(screenshots.path)")
        XCTAssertEqual(run.status, 0, run.stderr)
        let result = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], run.stdout + run.stderr)
        if let setup = result["setup"] as? String { return XCTFail(setup) }

        // Offline, the sample's avatar images (https://images.example.com/…) cannot load; that
        // network error is the only console message allowed, and only for those URLs.
        let avatars = Set(expected.values.compactMap(\.avatar))
        func realErrors(_ page: [String: Any]) -> [String] {
            (page["console"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }.filter { message in
                !(message.contains("net::ERR_NAME_NOT_RESOLVED") && avatars.contains { message.hasPrefix($0 + " ") })
            }
        }

        let pages = try XCTUnwrap(result["pages"] as? [[String: Any]])
        XCTAssertEqual(pages.count, (ids.count + 1) * 4, "every user and the gallery, 2 widths × 2 schemes")
        var backgrounds: [String: Set<String>] = [:]
        for page in pages {
            let path = page["path"] as? String ?? "?"
            let scheme = page["scheme"] as? String ?? "?"
            let width = page["requested_width"] as? Int ?? 0
            let at = "\(path) \(width)px \(scheme)"
            XCTAssertEqual(page["width"] as? Int, width, at)
            XCTAssertEqual(page["dark"] as? Bool, scheme == "dark", at)
            XCTAssertEqual(realErrors(page), [], "console errors on \(at)")
            XCTAssertEqual(page["csp"] as? [String], [], "CSP violations on \(at)")
            XCTAssertEqual(page["overflow"] as? Bool, false, "horizontal scrolling on \(at)")
            XCTAssertEqual(page["reloadScripts"] as? Int, 1, at)
            XCTAssertEqual(page["inlineScripts"] as? Int, 0, at)
            guard let id = page["id"] as? String else { continue }  // the gallery
            let card = try XCTUnwrap(expected[id], at)
            XCTAssertEqual(page["name"] as? String, card.name, at)
            XCTAssertEqual(page["nameVisible"] as? Bool, true, "name hidden on \(at)")
            let links = page["links"] as? [[String: Any]] ?? []
            let visible = Set(links.filter { $0["visible"] as? Bool == true }.compactMap { $0["href"] as? String })
            for url in card.social { XCTAssertTrue(visible.contains(url), "\(url) missing or hidden on \(at)") }
            backgrounds[id + " \(width)", default: []].insert(page["cardBackground"] as? String ?? "")
        }
        for (key, colours) in backgrounds {
            XCTAssertEqual(colours.count, 2, "the dark scheme changes the card's background: \(key)")
        }

        let axe = try XCTUnwrap(result["axe"] as? [[String: Any]])
        XCTAssertEqual(axe.count, 6, "u1001, u1021 and the gallery in both schemes")
        for run in axe {
            let serious = (run["violations"] as? [[String: Any]] ?? []).filter {
                ["serious", "critical"].contains($0["impact"] as? String ?? "")
            }
            XCTAssertTrue(serious.isEmpty, "axe-core on \(run["path"] ?? "") \(run["scheme"] ?? ""): \(serious)")
        }

        let reload = try XCTUnwrap(result["reload"] as? [String: Any])
        XCTAssertEqual(reload["reloaded"] as? Bool, true, "the open page reloads when the export changes: \(reload)")
        XCTAssertEqual(reload["after"] as? String, "Alice Moreau Jr.", "\(reload)")
        XCTAssertLessThan(reload["seconds"] as? Double ?? 99, 5, "\(reload)")

        let error = try XCTUnwrap(result["error_page"] as? [String: Any])
        let shown = error["shown"] as? String ?? ""
        XCTAssertTrue(
            shown.hasPrefix(templates.appendingPathComponent("page.html.mustache").path + ":5:"),
            "the error page names file and line: \(error)")
        XCTAssertEqual(
            error["recovered"] as? String, "Alice Moreau Jr.", "fixing the template brings the card back: \(error)")

        XCTAssertTrue(
            FileManager.default.fileExists(
                atPath: screenshots.appendingPathComponent("\(Self.docsUser)-360-dark.png").path))
        XCTAssertEqual(
            server.stop(SIGINT), 0,
            "the server kept running through the template error and stops cleanly: \(server.stderr)")
        XCTAssertLessThan(seconds, 60, "the browser checks should stay under a minute")
    }
}
