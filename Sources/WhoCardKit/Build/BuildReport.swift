/// `report.json` of a build: the check report's JSON document (same schema, version 1) with a
/// `build` member saying what happened to the output files.
struct BuildReport {
    var result: BuildResult

    func json() -> String {
        var members = JSONReportFormatter.members(for: result.report)
        members.append(("build", .object([
            ("cards", .int(result.cards)),
            ("written", .int(result.written)),
            ("unchanged", .int(result.unchanged)),
            ("removed", .int(result.removed.count)),
            ("removed_users", .array(result.removed.map(JSONValue.string))),
        ])))
        return JSONValue.object(members).rendered()
    }
}
