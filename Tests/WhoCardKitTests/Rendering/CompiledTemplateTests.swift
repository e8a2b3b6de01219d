import XCTest
@testable import WhoCardKit

/// The Mustache engine, spec-style: small templates with exact expected output.
final class CompiledTemplateTests: XCTestCase {
    private func render(_ source: String, _ context: TemplateObject, line: UInt = #line) -> String {
        do {
            return try CompiledTemplate(source, file: "t.mustache").render(context)
        } catch {
            XCTFail("\(error)", line: line)
            return ""
        }
    }

    private func parseError(_ source: String, line: UInt = #line) -> TemplateError? {
        do {
            _ = try CompiledTemplate(source, file: "t.mustache")
            XCTFail("expected an error", line: line)
            return nil
        } catch {
            return error
        }
    }

    // MARK: Variables

    func testEveryVariableFormPrintsTheTextAsIs() {
        XCTAssertEqual(
            render("{{a}}|{{{a}}}|{{&a}}|{{ a }}|{{{ a }}}", ["a": .text("&lt;b&gt;")]),
            "&lt;b&gt;|&lt;b&gt;|&lt;b&gt;|&lt;b&gt;|&lt;b&gt;")
    }

    func testMissingVariablesPrintNothingAndBooleansPrintTheirValue() {
        XCTAssertEqual(render("[{{missing}}][{{yes}}][{{no}}]", ["yes": true, "no": false]), "[][true][false]")
    }

    func testDottedNames() {
        let context: TemplateObject = ["a": .object(["b": .object(["c": .text("deep")])]), "x": .text("root")]
        XCTAssertEqual(render("{{a.b.c}}|{{a.missing.c}}|{{x.y}}", context), "deep||")
        // The first part is found up the stack, the rest inside it.
        XCTAssertEqual(render("{{#a}}{{#b}}{{a.b.c}} {{x}}{{/b}}{{/a}}", context), "deep root")
        XCTAssertEqual(render("{{#a.b}}{{c}}{{/a.b}}", context), "deep")
    }

    // MARK: Sections

    func testSectionTruthiness() {
        let context: TemplateObject = [
            "t": true, "f": false, "text": .text("x"), "empty": .text(""),
            "list": .list([]), "object": .object([:]),
        ]
        let source =
            "{{#t}}t{{/t}}{{#f}}f{{/f}}{{#text}}x{{/text}}{{#empty}}e{{/empty}}{{#list}}l{{/list}}{{#object}}o{{/object}}{{#missing}}m{{/missing}}"
        XCTAssertEqual(render(source, context), "txo")
    }

    func testInvertedSectionsRenderForFalsyAndMissingValues() {
        let context: TemplateObject = [
            "t": true, "f": false, "empty": .text(""), "list": .list([]), "items": .list([.text("a")]),
        ]
        let source =
            "{{^t}}t{{/t}}{{^f}}f{{/f}}{{^empty}}e{{/empty}}{{^list}}l{{/list}}{{^items}}i{{/items}}{{^missing}}m{{/missing}}"
        XCTAssertEqual(render(source, context), "felm")
    }

    func testListsRenderOncePerItemWithTheItemOnTopOfTheStack() {
        let context: TemplateObject = [
            "sep": .text(";"),
            "people": .list([.object(["name": .text("Ann")]), .object(["name": .text("Bo"), "sep": .text("!")])]),
        ]
        XCTAssertEqual(render("{{#people}}{{name}}{{sep}}{{/people}}", context), "Ann;Bo!")
    }

    func testImplicitIterator() {
        let context: TemplateObject = ["letters": .list([.text("a"), .text("b")]), "word": .text("hi")]
        XCTAssertEqual(render("{{#letters}}({{.}}){{/letters}} {{#word}}<{{.}}>{{/word}}", context), "(a)(b) <hi>")
    }

    func testNestedSectionsWithTheSameName() {
        let context: TemplateObject = ["a": .object(["a": .object(["v": .text("inner")]), "v": .text("outer")])]
        XCTAssertEqual(render("{{#a}}{{v}}{{#a}}-{{v}}{{/a}}{{/a}}", context), "outer-inner")
    }

    func testComments() {
        XCTAssertEqual(render("a{{! note }}b{{!\nmulti\nline\n}}c", [:]), "abc")
    }

    // MARK: Standalone lines

    func testStandaloneSectionLinesAreRemoved() {
        XCTAssertEqual(render("| This Is\n{{#b}}\n|\n{{/b}}\n| A Line\n", ["b": true]), "| This Is\n|\n| A Line\n")
        XCTAssertEqual(render("| This Is\n  {{#b}}\n|\n  {{/b}}\n| A Line\n", ["b": true]), "| This Is\n|\n| A Line\n")
        XCTAssertEqual(render("| This Is\n  {{^b}}\n|\n  {{/b}}\n| A Line\n", ["b": false]), "| This Is\n|\n| A Line\n")
    }

    func testStandaloneCommentsAreRemovedWithTheirLine() {
        XCTAssertEqual(render("Begin.\n  {{! Comment Block! }}\nEnd.\n", [:]), "Begin.\nEnd.\n")
        XCTAssertEqual(render("Begin.\n{{!\nmulti\n}}\nEnd.\n", [:]), "Begin.\nEnd.\n")
    }

    func testStandaloneLinesWithCRLFAtTheStartAndAtTheEnd() {
        XCTAssertEqual(render("|\r\n{{#b}}\r\n{{/b}}\r\n|", ["b": true]), "|\r\n|")
        XCTAssertEqual(render("  {{#b}}\n#{{/b}}\n/", ["b": true]), "#\n/")
        XCTAssertEqual(render("#{{#b}}\n/\n  {{/b}}", ["b": true]), "#\n/\n")
    }

    func testTagsSharingALineWithTextOrOtherTagsAreNotStandalone() {
        XCTAssertEqual(render(" {{#b}}YES{{/b}}\n {{#b}}GOOD{{/b}}\n", ["b": true]), " YES\n GOOD\n")
        XCTAssertEqual(render("{{#b}}{{/b}}\nx", ["b": true]), "\nx")
        XCTAssertEqual(render("a {{#b}}\nx\n{{/b}} z\n", ["b": true]), "a \nx\n z\n")
        // A variable is never standalone.
        XCTAssertEqual(render("  {{v}}\n", ["v": .text("x")]), "  x\n")
    }

    // MARK: Errors

    func testUnclosedTagNamesItsPosition() throws {
        let error = try XCTUnwrap(parseError("line one\nab {{name\n"))
        XCTAssertEqual(
            error,
            TemplateError(
                file: "t.mustache", line: 2, column: 4,
                message: "unexpected end of template (a tag is not closed with }}) in `{{name`"))
        XCTAssertEqual(
            parseError("{{{x}}")?.message, "unexpected end of template (a tag is not closed with }}}) in `{{{x}}`")
    }

    func testMismatchedCloseNamesBothTags() throws {
        let error = try XCTUnwrap(parseError("<a>\n  {{#social}}\n  <p>{{/links}}</p>\n"))
        XCTAssertEqual(error.line, 3)
        XCTAssertEqual(error.column, 6)
        XCTAssertEqual(
            error.message,
            "section closed with a different name than it was opened with ({{/name}} must match {{#name}}; `{{#social}}` is open since 2:3) in `{{/links}}`"
        )
        XCTAssertEqual(error.description, "t.mustache:3:6: error: " + error.message)
    }

    func testUnclosedSectionPointsAtItsOpeningTag() throws {
        let error = try XCTUnwrap(parseError("x\n{{#a}}\n{{^b}}{{/b}}\n"))
        XCTAssertEqual(
            error,
            TemplateError(
                file: "t.mustache", line: 2, column: 1, message: "section is never closed (add {{/a}}) in `{{#a}}`"))
    }

    func testCloseWithoutOpen() {
        let error = parseError("ok {{/a}}")
        XCTAssertEqual(error?.column, 4)
        XCTAssertEqual(
            error?.message, "closes a section that was never opened (remove it or add {{#a}} before it) in `{{/a}}`")
    }

    func testUnsupportedTagsAreRejected() {
        XCTAssertEqual(
            parseError("{{> footer}}")?.message,
            "partials are not supported; paste the partial's text in its place in `{{> footer}}`")
        XCTAssertEqual(parseError("a\n {{=<% %>=}}")?.line, 2)
        XCTAssertEqual(parseError("a\n {{=<% %>=}}")?.column, 2)
        XCTAssertEqual(parseError("{{=<% %>=}}")?.message.hasPrefix("set-delimiter tags are not supported"), true)
        XCTAssertEqual(parseError("{{% CONTENT_TYPE: TEXT}}")?.message.hasPrefix("pragmas are not supported"), true)
        XCTAssertEqual(parseError("{{$block}}{{/block}}")?.message.hasPrefix("template inheritance"), true)
    }

    func testBadNames() {
        XCTAssertEqual(parseError("{{}}")?.message, "tag has no name; write a name such as {{name}} in `{{}}`")
        XCTAssertEqual(parseError("{{#}}{{/}}")?.message, "tag has no name; write a name such as {{name}} in `{{#}}`")
        XCTAssertEqual(parseError("{{a b}}")?.message.hasPrefix("tag name contains spaces"), true)
        XCTAssertEqual(parseError("{{a..b}}")?.message.hasPrefix("dotted name has an empty part"), true)
    }

    func testColumnsCountCharactersNotBytes() {
        XCTAssertEqual(parseError("é ü {{/x}}")?.column, 5)
    }
}
