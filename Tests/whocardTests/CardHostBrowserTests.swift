import Foundation
import XCTest

/// The card where it lives, in headless Chromium: inside a hostile host page (Tailwind- and
/// Bootstrap-like resets, `.chat h2 / p / a` rules) its parts compute the same styles as on a
/// blank page, inline and in a shadow root; themes; a broken avatar; narrow containers; the
/// Arabic (right to left) and Japanese cards. `WHOCARD_SCREENSHOTS_TO_DOCS=1` also writes
/// docs/card-in-host-page-inline.png, docs/card-in-host-page-shadow.png and docs/card-ar.png.
final class CardHostBrowserTests: XCTestCase {
    /// Alice Moreau: an avatar that cannot load offline, social links, contact, support and a bio.
    static let user = "u1001"

    func testCardKeepsItsLookInHostPages() throws {
        for tool in ["chromium", "chromedriver"] {
            guard try Tool.run("sh", ["-c", "command -v \(tool)"], install: "").status == 0 else {
                return XCTFail("\(tool) is not installed: sudo apt-get install chromium chromium-driver")
            }
        }
        let root = WhoCardBinary.repoRoot
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("whocard-host-\(UUID())")
        defer { try? FileManager.default.removeItem(at: work) }
        let export = root.appendingPathComponent("examples/providers.csv").path
        var cards: [String: String] = [:]
        for (name, options) in [
            ("inline", []), ("shadow", ["--embed", "shadow"]), ("ar", ["--locale", "ar"]), ("ja", ["--locale", "ja"]),
        ] {
            let file = work.appendingPathComponent("\(name).html")
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            let run = try WhoCardBinary.run(
                ["preview", Self.user, "--input", export, "--as", "html", "--output", file.path] + options)
            XCTAssertEqual(run.status, 0, run.stderr)
            cards[name] = file.path
        }
        let css = work.appendingPathComponent("whocard.css")
        let templates = work.appendingPathComponent("templates")
        XCTAssertEqual(try WhoCardBinary.run(["templates", "init", templates.path]).status, 0)
        try FileManager.default.copyItem(at: templates.appendingPathComponent("whocard.css"), to: css)

        var arguments = [
            root.appendingPathComponent("Tests/whocardTests/Scripts/card_host_browser.py").path,
            "--cards", String(decoding: try JSONSerialization.data(withJSONObject: cards), as: UTF8.self),
            "--css", css.path,
        ]
        if ProcessInfo.processInfo.environment["WHOCARD_SCREENSHOTS_TO_DOCS"] == "1" {
            arguments += ["--docs", root.appendingPathComponent("docs").path]
        }
        let run = try Tool.run("python3", arguments, install: "python3")
        XCTAssertEqual(run.status, 0, run.stderr)
        let result = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], run.stdout + run.stderr)
        if let setup = result["setup"] as? String { return XCTFail(setup) }

        // 1. Every part of the card computes the same styles in the hostile host as on a blank page.
        let styles = try XCTUnwrap(result["styles"] as? [String: [String: Any]])
        for embedding in ["inline", "shadow"] {
            let blank = try XCTUnwrap(styles["\(embedding)-blank"]), host = try XCTUnwrap(styles["\(embedding)-host"])
            XCTAssertEqual(blank.count, 12, embedding)
            for (part, value) in blank {
                guard let expected = value as? [String: String] else {
                    XCTFail("\(part) missing from the \(embedding) card")
                    continue
                }
                let actual = host[part] as? [String: String] ?? [:]
                for (property, want) in expected.sorted(by: { $0.key < $1.key })
                where property != "width" || part != "card" {
                    XCTAssertEqual(actual[property], want, "\(embedding) \(part) \(property) changed by the host page")
                }
            }
            // And the card looks like a card: what the reset must not lose.
            let name = try XCTUnwrap(blank["name"] as? [String: String])
            XCTAssertEqual(name["font-size"], "20px", embedding)
            XCTAssertEqual(name["font-weight"], "600", embedding)
            XCTAssertEqual((blank["link"] as? [String: String])?["text-decoration-line"], "underline", embedding)
            XCTAssertEqual((blank["note"] as? [String: String])?["text-transform"], "none", embedding)
            XCTAssertEqual((blank["icon"] as? [String: String])?["width"], "16px", embedding)
        }
        // The two embeddings look alike.
        for part in ["name", "org", "link", "label", "note", "bio"] {
            let inline = (styles["inline-blank"]?[part] as? [String: String]) ?? [:]
            let shadow = (styles["shadow-blank"]?[part] as? [String: String]) ?? [:]
            XCTAssertEqual(inline, shadow, "\(part): inline and shadow cards differ")
        }

        // 2. Themes: an explicit theme ignores the OS scheme; auto follows it.
        let themes = try XCTUnwrap(result["themes"] as? [String: String])
        let white = "rgb(255, 255, 255)", dark = "rgb(22, 27, 34)"
        XCTAssertEqual(themes["auto-light"], white)
        XCTAssertEqual(themes["auto-dark"], dark)
        XCTAssertEqual(themes["light-dark"], white, "a light card on a dark OS stays light")
        XCTAssertEqual(themes["light-light"], white)
        XCTAssertEqual(themes["dark-light"], dark)
        XCTAssertEqual(themes["dark-dark"], dark)

        // 2. The offline avatar is broken, and shows exactly what the initials alone show.
        let avatar = try XCTUnwrap(result["avatar"] as? [String: Any])
        XCTAssertEqual(avatar["broken"] as? Bool, true, "\(avatar)")
        XCTAssertEqual(avatar["initials"] as? String, "AM")
        XCTAssertLessThan(
            avatar["differing_pixels_vs_initials_alone"] as? Double ?? 1, 0.01,
            "the broken photo (alt text, broken-image icon) shows over the initials: \(avatar)")
        XCTAssertGreaterThan(
            avatar["differing_pixels_vs_empty"] as? Double ?? 0, 0.03, "the initials are visible: \(avatar)")

        // 2. The card fills containers up to 400 px, whatever their display, and stops at 40rem.
        for measured in try XCTUnwrap(result["widths"] as? [[String: Any]]) {
            let box = measured["box"] as? Double ?? 0, card = measured["card"] as? Double ?? -1
            let width = measured["width"] as? Int ?? 0
            XCTAssertEqual(card, width <= 400 ? box : 640, accuracy: 0.5, "\(measured)")
        }

        // 3. Arabic: right to left, the avatar on the right; Japanese labels.
        let locales = try XCTUnwrap(result["locales"] as? [String: [String: Any]])
        let ar = try XCTUnwrap(locales["ar"]), ja = try XCTUnwrap(locales["ja"])
        XCTAssertEqual(ar["lang"] as? String, "ar")
        XCTAssertEqual(ar["direction"] as? String, "rtl")
        XCTAssertEqual(ar["eyebrow"] as? String, "أنت تتحدث مع")
        XCTAssertGreaterThan(
            ar["avatarLeft"] as? Double ?? 0, ar["identityLeft"] as? Double ?? 0, "avatar on the right")
        XCTAssertEqual(ar["overflow"] as? Bool, false)
        XCTAssertEqual(
            ar["nameRight"] as? Double ?? 0, ar["identityRight"] as? Double ?? 1, accuracy: 1,
            "a Latin name lines up on the right in a right-to-left card: \(ar)")
        XCTAssertEqual(ja["lang"] as? String, "ja")
        XCTAssertEqual(ja["direction"] as? String, "ltr")
        XCTAssertEqual(ja["eyebrow"] as? String, "チャットの相手")
        XCTAssertEqual(ja["note"] as? String, "このリンクは本人が追加したもので、マーケットプレイスは確認していません。")
        XCTAssertLessThan(ja["avatarLeft"] as? Double ?? 1, ja["identityLeft"] as? Double ?? 0)
        XCTAssertEqual(ja["overflow"] as? Bool, false)
    }
}
