extension CheckReport {
    /// Adds an online check's results: ``links`` is set, and each occurrence of a link whose
    /// verdict has a severity gets a finding on its row, so every report format shows it.
    public mutating func attachLinks(
        _ results: [LinkResult], occurrences: [LinkOccurrence], severities: VerdictSeverities = VerdictSeverities()
    ) {
        links = results
        let byURL = Dictionary(results.map { ($0.normalized, $0) }, uniquingKeysWith: { first, _ in first })
        var added: [Int: [Finding]] = [:]
        for occurrence in occurrences {
            guard let result = byURL[occurrence.link.normalized], let rule = result.verdict.rule,
                let severity = severities.severity(for: result.verdict)
            else { continue }
            added[occurrence.line, default: []].append(
                Finding(
                    severity: severity, rule: rule, userID: occurrence.userID, file: file, line: occurrence.line,
                    field: occurrence.field.rawValue, value: occurrence.link.original,
                    message: Self.message(for: result), hint: Rule.named(rule)?.hint ?? ""))
        }
        guard !added.isEmpty else { return }
        mapRows { row in
            guard let more = added[row.line] else { return row }
            var row = row
            row.findings += more
            return row
        }
    }

    static func message(for result: LinkResult) -> String {
        let what =
            switch result.verdict {
            case .ok: "The link works"
            case .broken: "The link is broken"
            case .blocked: "The site blocked the check"
            case .loginRequired: "The link leads to a login wall"
            case .rateLimited: "The site rate-limited the check"
            case .timeout: "The site did not answer in time"
            case .unreachable: "The site could not be reached"
            case .refused: "The link was not fetched"
            }
        var message = what + ": " + result.detail
        if let final = result.finalURL, final != result.normalized { message += " (last URL \(final))" }
        return message
    }
}
