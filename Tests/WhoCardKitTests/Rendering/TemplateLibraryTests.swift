import Foundation
import XCTest
@testable import WhoCardKit

final class TemplateLibraryTests: XCTestCase {
    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "whocard-templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    func testCompiledInDefaultsMatchTemplatesFolder() throws {
        let folder = Fixtures.repoRoot.appendingPathComponent("Templates")
        for (file, contents) in DefaultTemplates.files {
            let onDisk = try Data(contentsOf: folder.appendingPathComponent(file))
            XCTAssertEqual(
                Data(contents.utf8), onDisk, "\(file) differs from Templates/\(file); run python3 Templates/generate.py"
            )
        }
        let templateFiles =
            try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".mustache") || $0.hasSuffix(".css") || $0 == "README.md" }
            + FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("locales").path).map {
                "locales/" + $0
            }
        XCTAssertEqual(Set(templateFiles), Set(DefaultTemplates.files.keys))
    }

    func testOverrideReplacesOnlyTheGivenFile() throws {
        let directory = try temporaryDirectory()
        try Data("# {{name}} at {{provider}}\n".utf8).write(to: directory.appendingPathComponent("card.md.mustache"))
        let renderer = CardRenderer(templates: try TemplateLibrary(overrideDirectory: directory))
        var profile = SampleProfiles.nameOnly
        profile.provider = "A*B"
        XCTAssertEqual(try renderer.markdown(profile), "# Bob at A\\*B\n")
        XCTAssertEqual(try renderer.html(profile), try CardRenderer().html(profile))
        XCTAssertEqual(renderer.templates.css, TemplateLibrary.defaults.css)
    }

    func testDoubleAndTripleMustachePrintTheSameEscapedValue() throws {
        let directory = try temporaryDirectory()
        try Data("{{name}}|{{{name}}}".utf8).write(to: directory.appendingPathComponent("card.html.mustache"))
        let renderer = CardRenderer(templates: try TemplateLibrary(overrideDirectory: directory))
        var profile = SampleProfiles.nameOnly
        profile.name = "<b>&"
        XCTAssertEqual(try renderer.html(profile), "&lt;b&gt;&amp;|&lt;b&gt;&amp;")
    }

    func testBrokenTemplateNamesFileLineAndColumn() throws {
        let directory = try temporaryDirectory()
        let file = directory.appendingPathComponent("card.html.mustache")
        try Data("<article>\n  {{#social}}\n  <p>{{/links}}</p>\n</article>\n".utf8).write(to: file)
        XCTAssertThrowsError(try TemplateLibrary(overrideDirectory: directory)) { error in
            guard let error = error as? TemplateError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.file, file.path)
            XCTAssertEqual(error.line, 3)
            XCTAssertEqual(error.column, 6)
            XCTAssertTrue(error.message.contains("{{/name}} must match"), error.message)
            XCTAssertTrue(error.message.hasSuffix("in `{{/links}}`"), error.message)
            XCTAssertTrue(error.description.hasPrefix("\(file.path):3:6: error: "), error.description)
        }
    }

    func testErrorOnFirstLineReportsTheColumnInTheFile() throws {
        let directory = try temporaryDirectory()
        try Data("ab {{name".utf8).write(to: directory.appendingPathComponent("card.md.mustache"))
        XCTAssertThrowsError(try TemplateLibrary(overrideDirectory: directory)) { error in
            let error = error as? TemplateError
            XCTAssertEqual(error?.line, 1)
            XCTAssertEqual(error?.column, 4)
            XCTAssertEqual(error?.message.contains("CONTENT_TYPE"), false, error?.message ?? "")
            XCTAssertEqual(error?.message.hasSuffix("in `{{name`"), true, error?.message ?? "")
            XCTAssertEqual(error?.message.hasPrefix("unexpected end of template"), true, error?.message ?? "")
        }
    }

    func testMissingDirectoryIsAnError() {
        let missing = URL(fileURLWithPath: "/nonexistent/whocard-templates")
        XCTAssertThrowsError(try TemplateLibrary(overrideDirectory: missing)) { error in
            XCTAssertEqual((error as? TemplateError)?.file, missing.path)
        }
    }

    func testWriteDefaultsRoundTrips() throws {
        let directory = try temporaryDirectory().appendingPathComponent("new")
        try TemplateLibrary.writeDefaults(to: directory)
        for (file, contents) in DefaultTemplates.files {
            XCTAssertEqual(try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8), contents)
        }
        let library = try TemplateLibrary(overrideDirectory: directory)
        XCTAssertEqual(
            try CardRenderer(templates: library).html(SampleProfiles.full), try CardRenderer().html(SampleProfiles.full)
        )
    }
}
