import Foundation
import XCTest

/// Renders Markdown the way a careless site would, with cmark-gfm (GitHub's parser, through
/// Python's `cmarkgfm`) allowing raw HTML, once as GitHub Flavored Markdown (extended autolinks,
/// tables, strikethrough) and once as plain CommonMark, and returns what `HTMLSafetyScanner`
/// finds in each. An outside judge: whocard's own libcmark is not asked.
enum MarkdownJudge {
    private static let script = """
        import json, sys
        try:
            import cmarkgfm
            from cmarkgfm.cmark import Options
        except ImportError:
            print("Python's cmarkgfm is missing: pip install cmarkgfm (make setup-test)"); sys.exit(3)
        out = []
        for text in json.load(open(sys.argv[1], encoding="utf-8")):
            out.append([
                cmarkgfm.github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_UNSAFE),
                cmarkgfm.markdown_to_html(text, options=Options.CMARK_OPT_UNSAFE),
            ])
        json.dump(out, sys.stdout)
        """

    /// For each document, the HTML renderings (GFM, CommonMark) with raw HTML allowed.
    static func render(_ documents: [String]) throws -> [[String]] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("whocard-md-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in.json")
        try JSONSerialization.data(withJSONObject: documents).write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, input.path]
        let output = dir.appendingPathComponent("out.json")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        let data = try Data(contentsOf: output)
        guard process.terminationStatus == 0, let html = try JSONSerialization.jsonObject(with: data) as? [[String]]
        else {
            throw JudgeError(message: String(decoding: data, as: UTF8.self))
        }
        return html
    }

    /// What the scanner finds in each document's renderings, keyed by the document, for those
    /// with any problem.
    static func problems(_ documents: [String]) throws -> [String: [String]] {
        var found: [String: [String]] = [:]
        for (document, renderings) in zip(documents, try render(documents)) {
            let problems = renderings.flatMap { HTMLSafetyScanner.problems(in: $0) }
            if !problems.isEmpty { found[document, default: []] += problems }
        }
        return found
    }

    struct JudgeError: Error, CustomStringConvertible {
        var message: String
        var description: String { "cmarkgfm failed: \(message)" }
    }
}
