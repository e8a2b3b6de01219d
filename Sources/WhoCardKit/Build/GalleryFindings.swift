/// The findings the QA gallery lists under each card: per user it shows, the findings of
/// every row with their id (the accepted row's, a duplicate row's, the rejected row of a user
/// whose last card is kept), in line order. Only shown users' findings are kept, so an export
/// of a million rejected rows costs nothing here.
struct GalleryFindings: Sendable {
    private(set) var byUser: [String: [Finding]] = [:]

    init() {}

    /// From a build's report; `manifest`'s users (sorted) are the ones the gallery shows.
    init(_ report: CheckReport, shownTo manifest: Manifest) {
        for row in report.rows where !row.findings.isEmpty {
            guard let id = row.userID, manifest.index(of: id) != nil else { continue }
            byUser[id, default: []] += row.findings
        }
    }

    /// From the shards' `report.json` files (their `findings`, read one at a time), as
    /// ``init(_:shownTo:)`` gives them for an unsharded build of the same export.
    init(reports paths: [String], shownTo manifest: Manifest) throws(ShardReportReader.Failure) {
        for path in paths {
            let reader = try ShardReportReader(path: path)
            guard try reader.advance(to: "findings") else { continue }
            while let node = try reader.nextElement() {
                guard let finding = Self.finding(node), let id = finding.userID, manifest.index(of: id) != nil
                else { continue }
                byUser[id, default: []].append(finding)
            }
        }
    }

    subscript(id: String) -> [Finding] { byUser[id] ?? [] }

    /// A finding of a report's `findings`; `nil` when it is not one.
    private static func finding(_ node: JSONNode) -> Finding? {
        guard case .object(let pairs) = node else { return nil }
        func string(_ key: String) -> String? {
            if case .string(let value)? = pairs.first(where: { $0.key == key })?.value { return value }
            return nil
        }
        func int(_ key: String) -> Int? {
            if case .number(let text)? = pairs.first(where: { $0.key == key })?.value { return Int(text) }
            return nil
        }
        guard let severity = string("severity").flatMap(Severity.init(rawValue:)), let rule = string("rule") else {
            return nil
        }
        return Finding(
            severity: severity, rule: rule, userID: string("user_id"), file: string("file") ?? "",
            line: int("line") ?? 0, column: int("column"), field: string("field"), value: string("value"),
            message: string("message") ?? "", hint: string("hint") ?? "")
    }
}
