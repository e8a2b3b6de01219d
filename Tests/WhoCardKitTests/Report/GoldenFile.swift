import Foundation
import XCTest

/// Compares output with a reviewed golden file in Fixtures/Report/.
///
/// With `WHOCARD_RECORD=1` the file is (re)written and the assertion fails on purpose, so a
/// freshly recorded snapshot is never mistaken for a passing test: review it and run again.
func assertGolden(_ actual: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
    let url = Fixtures.repoRoot.appendingPathComponent("Tests/WhoCardKitTests/Fixtures/Report/\(name)")
    if ProcessInfo.processInfo.environment["WHOCARD_RECORD"] == "1" {
        do {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            XCTFail("Recorded \(name); review it and re-run without WHOCARD_RECORD.", file: file, line: line)
        } catch {
            XCTFail("Cannot record \(url.path): \(error)", file: file, line: line)
        }
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        XCTFail("Missing golden file \(url.path); record it with WHOCARD_RECORD=1.", file: file, line: line)
        return
    }
    guard actual != expected else { return }
    XCTFail("Output differs from \(name) (re-record with WHOCARD_RECORD=1):\n" + lineDiff(expected, actual),
            file: file, line: line)
}

/// The lines that differ, `-` expected and `+` actual, with their line numbers.
func lineDiff(_ expected: String, _ actual: String) -> String {
    let e = expected.components(separatedBy: "\n"), a = actual.components(separatedBy: "\n")
    var out: [String] = []
    for i in 0..<max(e.count, a.count) {
        let el = i < e.count ? e[i] : nil, al = i < a.count ? a[i] : nil
        guard el != al else { continue }
        if let el { out.append("\(i + 1)- \(el)") }
        if let al { out.append("\(i + 1)+ \(al)") }
        if out.count > 40 { out.append("…"); break }
    }
    return out.joined(separator: "\n")
}
