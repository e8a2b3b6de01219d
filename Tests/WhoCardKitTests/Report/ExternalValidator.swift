import Foundation
import XCTest

/// Runs the standards' own validators (Python's jsonschema, xmllint) on report output.
///
/// A missing tool or schema fails the test with the command that installs it: a report that
/// was never validated must not pass quietly.
enum ExternalValidator {
    struct Outcome {
        var status: Int32
        var output: String
    }

    /// A standard's schema vendored under `Fixtures/Standards/` (see the README there for
    /// source and licence); a fresh clone needs nothing beside it.
    static func standard(_ name: String) -> URL {
        Fixtures.url("Standards/\(name)")
    }

    /// Writes `contents` to a temporary file named `name` and returns its URL.
    static func temporaryFile(_ contents: String, named name: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("whocard-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try contents.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// Runs `arguments` through `/usr/bin/env`; status 127 means the program was not found.
    static func run(_ arguments: [String]) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    static let jsonSchemaScript = """
        import json, sys
        try:
            import jsonschema
        except ImportError:
            print("Python's jsonschema is missing: pip install jsonschema"); sys.exit(3)
        schema = json.load(open(sys.argv[1], encoding="utf-8"))
        document = json.load(open(sys.argv[2], encoding="utf-8"))
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
        errors = sorted(cls(schema).iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
        for e in errors:
            print("/" + "/".join(map(str, e.absolute_path)) + ": " + e.message)
        sys.exit(1 if errors else 0)
        """

    /// Asserts `json` is valid against the JSON Schema at `schema` (any draft jsonschema knows).
    static func assertValid(json: String, schema: URL, file: StaticString = #filePath, line: UInt = #line) throws {
        let document = try temporaryFile(json, named: "report.json")
        defer { try? FileManager.default.removeItem(at: document.deletingLastPathComponent()) }
        let outcome = try run(["python3", "-c", jsonSchemaScript, schema.path, document.path])
        switch outcome.status {
        case 0: break
        case 127: XCTFail("python3 is missing: apt-get install python3 python3-pip", file: file, line: line)
        case 3: XCTFail(outcome.output + " (make setup-test installs it)", file: file, line: line)
        default: XCTFail("Invalid against \(schema.lastPathComponent):\n\(outcome.output)", file: file, line: line)
        }
    }

    /// Asserts `xml` is valid against the XML Schema at `xsd`, with xmllint or else Python's xmlschema.
    static func assertValid(xml: String, xsd: URL, file: StaticString = #filePath, line: UInt = #line) throws {
        let document = try temporaryFile(xml, named: "report.xml")
        defer { try? FileManager.default.removeItem(at: document.deletingLastPathComponent()) }
        var outcome = try run(["xmllint", "--noout", "--schema", xsd.path, document.path])
        if outcome.status == 127 {
            let script = """
                import sys
                try:
                    import xmlschema
                except ImportError:
                    sys.exit(3)
                xmlschema.XMLSchema(sys.argv[1]).validate(sys.argv[2])
                """
            outcome = try run(["python3", "-c", script, xsd.path, document.path])
            if outcome.status == 3 || outcome.status == 127 {
                XCTFail(
                    "No XML Schema validator: apt-get install libxml2-utils (xmllint) or pip install xmlschema",
                    file: file, line: line)
                return
            }
        }
        if outcome.status != 0 {
            XCTFail("Invalid against \(xsd.lastPathComponent):\n\(outcome.output)", file: file, line: line)
        }
    }
}
