/// `report.json` of a build: the check report's JSON document (same schema, version 1) with a
/// `build` member saying what happened to the output files.
struct BuildReport {
    var result: BuildResult
    var shard: Shard

    /// Writes the report to `path` atomically, a piece at a time.
    func write(to path: String) throws(FileWriteError) { try document().write(toFile: path) }

    private func document() -> JSONValue {
        var members = JSONReportFormatter.members(for: result.report)
        members.append(
            (
                "build",
                .object([
                    ("shard", shard.isWhole ? .null : .string(shard.description)),
                    ("cards", .int(result.cards)),
                    ("rendered", .int(result.rendered)),
                    ("written", .int(result.written)),
                    ("unchanged", .int(result.unchanged)),
                    ("removed", .int(result.removed.count)),
                    ("removed_users", .array(result.removed.map(JSONValue.string))),
                    (
                        "kept_stale",
                        .array(
                            result.keptStale.map { card in
                                .object([
                                    ("id", .string(card.id)), ("line", .int(card.line)),
                                    ("rules", .array(card.rules.map(JSONValue.string))),
                                ])
                            })
                    ),
                    ("kept_unseen", result.keptUnseen.map(JSONValue.int) ?? .null),
                    (
                        "prune_refused",
                        result.pruneRefused.map {
                            .object([("would_remove", .int($0.wouldRemove)), ("of", .int($0.of))])
                        } ?? .null
                    ),
                    ("file_findings", .int(result.report.fileFindings.count)),
                ])
            ))
        return JSONValue.object(members)
    }
}
