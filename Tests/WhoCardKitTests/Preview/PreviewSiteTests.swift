import Foundation
import XCTest
@testable import WhoCardKit

final class PreviewSiteTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("whocard-preview-site-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func export(_ csv: String) throws -> String {
        let url = folder.appendingPathComponent("export.csv")
        try Data(csv.utf8).write(to: url)
        return url.path
    }

    private let sample = """
        id,name,provider,avatar_url,linkedin_url
        u2,Bob Okafor,Okafor Plumbing,,https://linkedin.com/in/bobokafor
        u1,Alice Moreau,Moreau Design,https://images.example.com/a.jpg,
        .bad,Zed,,,

        """

    func testCardPageIsThePreviewPageWithTheReloadScriptAndAvatarHostAllowed() throws {
        let site = PreviewSite(source: PreviewSource(input: try export(sample)))
        let page = site.response(for: "/cards/u1")
        XCTAssertEqual(page.status, 200)
        XCTAssertEqual(page.contentType, "text/html; charset=utf-8")
        XCTAssertEqual(page.contentSecurityPolicy, "default-src 'self'; img-src 'self' https://images.example.com")
        XCTAssertTrue(page.body.contains("<link rel=\"stylesheet\" href=\"/whocard.css\">"), page.body)
        XCTAssertTrue(page.body.contains("<h2 class=\"whocard__name p-name\" dir=\"auto\">Alice Moreau</h2>"))
        // Exactly one script, external, just before </head>; none inline.
        XCTAssertTrue(
            page.body.contains(
                "<script src=\"/_whocard/reload.js\" data-generation=\"\(site.generation)\" defer></script>\n</head>"),
            page.body)
        XCTAssertEqual(
            page.body.components(separatedBy: "<script").count - 1, 2, "the reload script and the card's JSON-LD")
        XCTAssertEqual(
            site.response(for: "/cards/u2").contentSecurityPolicy, "default-src 'self'",
            "no avatar, nothing more allowed")
    }

    /// `preview --serve --verified-from`: the card page and the gallery mark what the nightly
    /// build marks, for that user only.
    func testVerifiedLinksShowOnTheCardPageAndInTheGallery() throws {
        var result = LinkResult(
            url: "https://linkedin.com/in/bobokafor", normalized: "https://linkedin.com/in/bobokafor", verdict: .ok)
        result.verifiedAt = Date().addingTimeInterval(-86_400)
        result.verifiedBy = "https://linkedin.com/in/bobokafor"
        result.verifiedFor = ["https://market.example/people/u2"]
        var cache = LinkCache()
        cache.record(result)
        let cachePath = folder.appendingPathComponent("links.json").path
        try cache.save(to: cachePath)
        var source = PreviewSource(input: try export(sample))
        source.verifications = CardVerifications(
            cachePath: cachePath, verification: try LinkVerification(cardURL: "https://market.example/people/{id}"),
            maxAge: .seconds(30 * 86_400))
        let site = PreviewSite(source: source)
        let bob = site.response(for: "/cards/u2").body
        XCTAssertTrue(bob.contains("<bdi>in/bobokafor</bdi> links back to this card (checked "), bob)
        XCTAssertTrue(bob.contains("1 of 1 verified by linking back to this card"), bob)
        XCTAssertFalse(site.response(for: "/cards/u1").body.contains("whocard__verified"))
        let gallery = site.response(for: "/").body
        XCTAssertEqual(gallery.components(separatedBy: "class=\"whocard__verified\"").count - 1, 1, gallery)
    }

    func testTheStaticPreviewPageHasNoScriptButTheJSONLD() throws {
        // What `whocard preview` writes without --serve: the live-reload script is the server's.
        let profile = try XCTUnwrap(
            ProfileValidator().validate(ProfileRecord([.id: "u1", .name: "Alice"]), file: "x").profile)
        let page = try CardRenderer().page(profile, cssHref: "../whocard.css")
        XCTAssertFalse(page.contains("<script src"))
        XCTAssertEqual(page.components(separatedBy: "<script").count - 1, 1)
        XCTAssertTrue(page.contains("<script type=\"application/ld+json\">"))
    }

    func testGalleryShowsEveryAcceptedCardSortedByID() throws {
        let site = PreviewSite(source: PreviewSource(input: try export(sample)))
        let gallery = site.response(for: "/")
        XCTAssertEqual(gallery.status, 200)
        let alice = try XCTUnwrap(gallery.body.range(of: "id=\"user-u1\""))
        let bob = try XCTUnwrap(gallery.body.range(of: "id=\"user-u2\""))
        XCTAssertLessThan(alice.lowerBound, bob.lowerBound)
        XCTAssertFalse(gallery.body.contains("Zed"))
        XCTAssertEqual(gallery.contentSecurityPolicy, "default-src 'self'; img-src 'self' https://images.example.com")
        XCTAssertEqual(site.response(for: "/index.html"), gallery)
        XCTAssertEqual(site.response(for: "/index-2.html").status, 404, "one page only")
    }

    func testStylesheetAndScript() throws {
        let site = PreviewSite(source: PreviewSource(input: try export(sample)))
        let css = site.response(for: "/whocard.css")
        XCTAssertEqual(css.contentType, "text/css; charset=utf-8")
        XCTAssertEqual(css.body, TemplateLibrary.defaults.css)
        let script = site.response(for: "/_whocard/reload.js")
        XCTAssertEqual(script.contentType, "text/javascript; charset=utf-8")
        XCTAssertTrue(script.body.contains("new EventSource(\"/_whocard/events\")"))
        XCTAssertTrue(script.body.contains("window.location.reload()"))
        XCTAssertEqual(site.response(for: "/_whocard/preview.css").contentType, "text/css; charset=utf-8")
        XCTAssertEqual(
            site.response(for: "/favicon.ico"), PreviewResponse(status: 204, contentType: "image/x-icon", body: ""))
    }

    func testUnknownUserSuggestsIDsAndRejectedUserSaysWhy() throws {
        let site = PreviewSite(source: PreviewSource(input: try export(sample)))
        let unknown = site.response(for: "/cards/u3")
        XCTAssertEqual(unknown.status, 404)
        XCTAssertTrue(unknown.body.contains("There is no user <code>u3</code>"), unknown.body)
        XCTAssertTrue(unknown.body.contains("(3 users)"), unknown.body)
        XCTAssertTrue(
            unknown.body.contains("<li><a href=\"/cards/u1\">u1</a></li>\n<li><a href=\"/cards/u2\">u2</a></li>"),
            unknown.body)
        XCTAssertTrue(unknown.body.contains("/_whocard/reload.js"), "recovers once the user appears")
        let rejected = site.response(for: "/cards/.bad")
        XCTAssertEqual(rejected.status, 404)
        XCTAssertTrue(rejected.body.contains("[id.invalid]"), rejected.body)
        XCTAssertEqual(site.response(for: "/elsewhere").status, 404)
    }

    func testPercentEncodedIDs() throws {
        let site = PreviewSite(source: PreviewSource(input: try export("id,name\nann+1@shop,Ann\n")))
        XCTAssertEqual(PreviewSite.cardPath(id: "ann+1@shop"), "/cards/ann+1@shop")
        XCTAssertEqual(site.response(for: "/cards/ann%2B1%40shop").status, 200)
        XCTAssertEqual(site.response(for: "/cards/ann+1@shop").status, 200)
        XCTAssertEqual(PreviewSite.cardPath(id: "a/b?c#d"), "/cards/a%2Fb%3Fc%23d", "never a path or query separator")
    }

    func testATemplateErrorIsAPageNamingFileAndLineAndTheSiteRecovers() throws {
        let templates = folder.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        let page = templates.appendingPathComponent("page.html.mustache")
        try Data("<!DOCTYPE html>\n<html><head><title>x</title></head>\n<body>{{#card}}\n</body></html>\n".utf8).write(
            to: page)
        let site = PreviewSite(source: PreviewSource(input: try export(sample), templates: templates))
        let broken = site.response(for: "/cards/u1")
        XCTAssertEqual(broken.status, 500)
        XCTAssertTrue(broken.body.contains("A template has an error"), broken.body)
        XCTAssertTrue(broken.body.contains("\(page.path):3:"), broken.body)
        XCTAssertTrue(broken.body.contains("<script src=\"/_whocard/reload.js\""), "the error page reloads when fixed")
        XCTAssertTrue(broken.body.contains("<link rel=\"stylesheet\" href=\"/_whocard/preview.css\">"))
        XCTAssertEqual(
            site.response(for: "/whocard.css").body, TemplateLibrary.defaults.css, "the stylesheet is still served")

        try Data("<!DOCTYPE html>\n<html><head><title>{{name}}</title></head>\n<body>{{{card}}}</body></html>\n".utf8)
            .write(to: page)
        XCTAssertEqual(site.response(for: "/cards/u1"), broken, "cached until invalidated")
        let before = site.generation
        site.invalidate()
        XCTAssertNotEqual(site.generation, before)
        let fixed = site.response(for: "/cards/u1")
        XCTAssertEqual(fixed.status, 200)
        XCTAssertTrue(
            fixed.body.hasPrefix(
                "<!DOCTYPE html>\n<html><head><title>Alice Moreau</title><script src=\"/_whocard/reload.js\" data-generation=\"\(site.generation)\" defer></script>\n</head>"
            ), fixed.body)
    }

    func testAnUnreadableExportIsAnErrorPage() throws {
        let site = PreviewSite(source: PreviewSource(input: folder.appendingPathComponent("missing.csv").path))
        let page = site.response(for: "/")
        XCTAssertEqual(page.status, 500)
        XCTAssertTrue(page.body.contains("The export cannot be read"), page.body)
        XCTAssertTrue(page.body.contains("missing.csv"), page.body)
    }

    func testReloadScriptIsAddedAtTheEndOfAPageWithoutHead() {
        XCTAssertEqual(
            PreviewPages.addingReloadScript(to: "<p>x</p>", generation: "g"),
            "<p>x</p>\n<script src=\"/_whocard/reload.js\" data-generation=\"g\" defer></script>\n")
        XCTAssertEqual(
            PreviewPages.addingReloadScript(to: "<HEAD></HEAD>", generation: "a\"b"),
            "<HEAD><script src=\"/_whocard/reload.js\" data-generation=\"a&quot;b\" defer></script>\n</HEAD>")
    }

    func testGalleryPagePaths() {
        XCTAssertEqual(PreviewSite.galleryPage("/"), 1)
        XCTAssertEqual(PreviewSite.galleryPage("/index.html"), 1)
        XCTAssertEqual(PreviewSite.galleryPage("/index-2.html"), 2)
        XCTAssertNil(PreviewSite.galleryPage("/index-1.html"))
        XCTAssertNil(PreviewSite.galleryPage("/index-x.html"))
        XCTAssertNil(PreviewSite.galleryPage("/cards/u1"))
    }

    /// Only pages that exist are kept, and at most `cacheLimit` of them: missing paths and
    /// unknown users, however many, are rendered each time and not kept.
    func testTheCacheKeepsOnlyExistingPagesAndIsBounded() throws {
        let site = PreviewSite(source: PreviewSource(input: try export(sample)))
        XCTAssertEqual(site.response(for: "/cards/u1").status, 200)
        XCTAssertEqual(site.response(for: "/").status, 200)
        XCTAssertEqual(site.cachedPageCount, 2)
        for index in 0..<2_000 {
            XCTAssertEqual(site.response(for: "/missing-\(index)").status, 404)
            XCTAssertEqual(site.response(for: "/cards/nobody-\(index)").status, 404)
        }
        XCTAssertEqual(site.cachedPageCount, 2)
        site.invalidate()
        XCTAssertEqual(site.cachedPageCount, 0)

        // More users than the cache holds: the oldest pages go, and come back when asked for.
        let users = PreviewSite.cacheLimit + 100
        let many = "id,name\n" + (0..<users).map { "u\($0),User \($0)\n" }.joined()
        let big = PreviewSite(source: PreviewSource(input: try export(many)))
        for index in 0..<users { XCTAssertEqual(big.response(for: "/cards/u\(index)").status, 200) }
        XCTAssertEqual(big.cachedPageCount, PreviewSite.cacheLimit)
        XCTAssertEqual(big.response(for: "/cards/u0").status, 200)
        XCTAssertEqual(big.cachedPageCount, PreviewSite.cacheLimit)
    }
}
