import Foundation
import XCTest
@testable import WhoCardKit

final class LocaleCatalogueTests: XCTestCase {
    private func templatesFolder(_ files: [String: String]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("whocard-locales-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: url.appendingPathComponent("locales"), withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        for (name, text) in files { try Data(text.utf8).write(to: url.appendingPathComponent(name)) }
        return url
    }

    func testEveryShippedCatalogueIsComplete() throws {
        let library = TemplateLibrary.defaults
        XCTAssertEqual(library.locales, ["ar", "de", "en", "es", "fr", "ja", "pt-BR"])
        for tag in library.locales {
            let catalogue = try library.catalogue(tag)
            XCTAssertEqual(catalogue.missingKeys, [], tag)
            XCTAssertEqual(catalogue.unknownKeys, [], tag)
            XCTAssertEqual(catalogue.warnings, [], tag)
            XCTAssertEqual(catalogue.direction, tag == "ar" ? .rtl : .ltr, tag)
            for key in LocaleCatalogue.Key.allCases { XCTAssertFalse(catalogue.label(key).isEmpty, "\(tag) \(key)") }
            XCTAssertTrue(catalogue.label(.forProvider).contains("{provider}"), tag)
            XCTAssertTrue(catalogue.label(.linkLabel).contains("{name}"), tag)
            XCTAssertTrue(catalogue.label(.linkLabel).contains("{platform}"), tag)
        }
        XCTAssertEqual(try library.catalogue("PT-br").tag, "pt-BR", "tags match without regard to case")
    }

    func testAMissingKeyFallsBackToEnglishAndIsReported() throws {
        let folder = try templatesFolder(["locales/fr.json": #"{"talking_to": "Vous parlez avec", "colour": "x"}"#])
        let library = try TemplateLibrary(overrideDirectory: folder)
        let catalogue = try library.catalogue("fr")
        XCTAssertEqual(catalogue.label(.talkingTo), "Vous parlez avec")
        XCTAssertEqual(catalogue.label(.hours), "Hours")
        XCTAssertTrue(catalogue.missingKeys.contains("hours"))
        XCTAssertEqual(catalogue.unknownKeys, ["colour"])
        XCTAssertEqual(catalogue.warnings.count, 2, "\(catalogue.warnings)")
        XCTAssertTrue(catalogue.warnings[0].contains("\"hours\""), catalogue.warnings[0])
        XCTAssertTrue(catalogue.warnings[0].contains("the English label is shown instead"), catalogue.warnings[0])
        let html = try CardRenderer(templates: library, options: CardOptions(locale: "fr")).html(SampleProfiles.full)
        XCTAssertTrue(html.contains("Vous parlez avec"))
        XCTAssertTrue(html.contains(#"<span class="whocard__label">Hours</span>"#))
    }

    func testATemplatesFolderAddsALanguage() throws {
        let folder = try templatesFolder([
            "locales/he.json": #"{"direction": "rtl", "talking_to": "את מדברת עם"}"#
        ])
        let library = try TemplateLibrary(overrideDirectory: folder)
        XCTAssertTrue(library.locales.contains("he"))
        let html = try CardRenderer(templates: library, options: CardOptions(locale: "he")).html(SampleProfiles.full)
        XCTAssertTrue(html.contains(#"lang="he" dir="rtl""#), html)
    }

    func testUnknownLocaleAndBadCatalogueSayWhatToDo() throws {
        XCTAssertThrowsError(try TemplateLibrary.defaults.catalogue("xx")) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("no catalogue for locale 'xx'"), text)
            XCTAssertTrue(text.contains("ar, de, en, es, fr, ja, pt-BR"), text)
            XCTAssertTrue(text.contains("add locales/xx.json"), text)
        }
        let folder = try templatesFolder(["locales/de.json": #"{"direction": "up"}"#])
        XCTAssertThrowsError(try TemplateLibrary(overrideDirectory: folder).catalogue("de")) { error in
            XCTAssertTrue("\(error)".contains(#"use "ltr" or "rtl""#), "\(error)")
            XCTAssertTrue("\(error)".hasPrefix(folder.appendingPathComponent("locales/de.json").path), "\(error)")
        }
        let list = try templatesFolder(["locales/de.json": "[1]"])
        XCTAssertThrowsError(try TemplateLibrary(overrideDirectory: list).catalogue("de")) { error in
            XCTAssertTrue("\(error)".contains("one JSON object of strings"), "\(error)")
        }
    }

    func testLabelsAreEscapedAndPlaceholdersFilled() throws {
        let folder = try templatesFolder([
            "locales/en.json": try String(
                contentsOf: Fixtures.repoRoot.appendingPathComponent("Templates/locales/en.json"), encoding: .utf8
            ).replacingOccurrences(of: "\"Photo of {name}\"", with: "\"<b>{name}</b> & co\"")
        ])
        let renderer = CardRenderer(templates: try TemplateLibrary(overrideDirectory: folder))
        var profile = SampleProfiles.full
        profile.name = "A<i>"
        let html = try renderer.html(profile)
        XCTAssertTrue(html.contains(#"alt="&lt;b&gt;A&lt;i&gt;&lt;/b&gt; &amp; co""#), html)
    }
}
