import Foundation
import XCTest

/// Compares output with a reviewed golden file under Fixtures/<folder of the calling test>/.
/// `WHOCARD_RECORD=1 swift test` rewrites the files and fails on purpose, so a recording is
/// never mistaken for a pass: review the new files, then run the tests again.
func assertGolden(_ actual: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
    let folder = URL(fileURLWithPath: "\(file)").deletingLastPathComponent().lastPathComponent
    let url = Fixtures.repoRoot.appendingPathComponent("Tests/WhoCardKitTests/Fixtures/\(folder)/\(name)")
    if ProcessInfo.processInfo.environment["WHOCARD_RECORD"] == "1" {
        do {
            try Data(actual.utf8).write(to: url)
            XCTFail("Recorded \(name); review it and re-run without WHOCARD_RECORD.", file: file, line: line)
        } catch {
            XCTFail("Cannot record \(url.path): \(error)", file: file, line: line)
        }
        return
    }
    guard let data = try? Data(contentsOf: url) else {
        XCTFail("Missing golden file \(name); record it with WHOCARD_RECORD=1.", file: file, line: line)
        return
    }
    let expected = String(decoding: data, as: UTF8.self)
    guard expected != actual else { return }
    XCTFail(
        "\(name) differs from the golden file (- expected, + actual):\n" + lineDiff(expected, actual), file: file,
        line: line)
}

/// The differing lines of two texts, with line numbers; CR shown as ␍.
func lineDiff(_ expected: String, _ actual: String) -> String {
    let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var out: [String] = []
    for index in 0..<max(old.count, new.count) {
        let a = index < old.count ? String(old[index]) : nil
        let b = index < new.count ? String(new[index]) : nil
        guard a != b else { continue }
        if let a { out.append("\(index + 1) - \(a.replacingOccurrences(of: "\r", with: "␍"))") }
        if let b { out.append("\(index + 1) + \(b.replacingOccurrences(of: "\r", with: "␍"))") }
        if out.count > 40 {
            out.append("…")
            break
        }
    }
    return out.joined(separator: "\n")
}
