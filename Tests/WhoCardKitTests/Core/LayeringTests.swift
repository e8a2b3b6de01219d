import Foundation
import XCTest

/// WhoCardKit's folders are the stages data flows through; each may use only the folders
/// before it (and its own). This reads the sources and fails on any type used against that
/// order, naming the file, the type and where it lives.
final class LayeringTests: XCTestCase {
    /// The stages in pipeline order. A new folder must be placed here.
    static let order = ["Core", "Input", "Validation", "Rendering", "LinkCheck", "Report", "Check", "Build", "Preview"]

    private struct Source {
        var folder: String
        var name: String
        var code: String  // without comments and string literals
    }

    private static func sources() throws -> [Source] {
        let root = Fixtures.repoRoot.appendingPathComponent("Sources/WhoCardKit")
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
        return try files.map { url in
            let relative = url.path.dropFirst(root.path.count + 1)
            let parts = relative.split(separator: "/")
            return Source(
                folder: parts.count > 1 ? String(parts[0]) : "", name: String(relative),
                code: stripped(try String(contentsOf: url, encoding: .utf8)))
        }
    }

    /// `code` without comments and string literals, so prose naming a type does not count.
    static func stripped(_ code: String) -> String {
        var text = code
        for pattern in [#"(?s)"""(.*?)""""#, #"(?s)/\*.*?\*/"#, #"//[^\n]*"#, #""(?:\\.|[^"\\\n])*""#] {
            text = text.replacingOccurrences(of: pattern, with: "\"\"", options: .regularExpression)
        }
        return text
    }

    private static let declaration = try! NSRegularExpression(
        pattern:
            #"^([ \t]*)(?:@\w+(?:\([^)\n]*\))?\s+)*(?:(?:public|internal|fileprivate|private|package|final|indirect|nonisolated)\s+)*(?:struct|enum|class|protocol|actor|typealias)\s+([A-Z]\w*)"#,
        options: [.anchorsMatchLines])

    /// Type names declared in `code`: (name, at top level).
    static func declarations(in code: String) -> [(name: String, topLevel: Bool)] {
        declaration.matches(in: code, range: NSRange(code.startIndex..., in: code)).map { match in
            let indent = Range(match.range(at: 1), in: code).map { code[$0] } ?? ""
            return (String(code[Range(match.range(at: 2), in: code)!]), indent.isEmpty)
        }
    }

    /// Capitalised identifiers used in `code`, except those right after a `.` (members and
    /// nested types named through their owner).
    static func typeReferences(in code: String) -> Set<String> {
        let pattern = try! NSRegularExpression(pattern: #"(?<![\.\w])[A-Z]\w*"#)
        return Set(
            pattern.matches(in: code, range: NSRange(code.startIndex..., in: code)).map {
                String(code[Range($0.range, in: code)!])
            })
    }

    func testEveryFileSitsInAKnownStage() throws {
        for source in try Self.sources() {
            XCTAssertTrue(
                Self.order.contains(source.folder),
                "\(source.name) is not in a stage folder; place it in one of \(Self.order) (LayeringTests.order)")
        }
    }

    func testNoStageUsesALaterStage() throws {
        let sources = try Self.sources()
        var owner: [String: String] = [:]
        for source in sources {
            for declared in Self.declarations(in: source.code) where declared.topLevel {
                XCTAssertNil(
                    owner[declared.name].flatMap { $0 == source.folder ? nil : $0 },
                    "\(declared.name) is declared in two stages")
                owner[declared.name] = source.folder
            }
        }
        XCTAssertGreaterThan(owner.count, 100, "the declaration scan found too few types to be working")
        var violations: [String] = []
        for source in sources {
            guard let rank = Self.order.firstIndex(of: source.folder) else { continue }
            let ownNames = Set(Self.declarations(in: source.code).map(\.name))
            for name in Self.typeReferences(in: source.code).subtracting(ownNames).sorted() {
                guard let home = owner[name], let homeRank = Self.order.firstIndex(of: home), homeRank > rank else {
                    continue
                }
                violations.append("\(source.name) uses \(name), which lives in the later stage \(home)/")
            }
        }
        XCTAssertEqual(
            violations, [],
            "Move the type to an earlier stage (or Core/), or the code to a later one:\n"
                + violations.joined(separator: "\n"))
    }

    /// The scan itself can fail: a reference against the order in a made-up file is found.
    func testTheScanFindsABackwardReference() {
        let code = Self.stripped(
            """
            // ExportChecker in a comment does not count
            struct Reader { let s = "ExportChecker in a string does not count"; var checker: ExportChecker; var x: Foo.Shard }
            """)
        XCTAssertEqual(
            Self.typeReferences(in: code).subtracting(Self.declarations(in: code).map(\.name)),
            ["ExportChecker", "Foo"])
    }
}
