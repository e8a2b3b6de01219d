/// A row's findings as the preview page and the QA gallery show them: what was dropped or
/// flagged, why, and how to fix it. Every string is HTML-escaped, its invisible and bidi
/// characters written as visible escapes (messages quote export values).
enum FindingsContext {
    /// Adds `has_findings`, `finding_count` and `findings` (a list of `severity`, `rule`, `field`,
    /// `line`, `value`, `message`, `hint`) to `context` when there are findings.
    static func add(_ findings: [Finding], to context: inout TemplateObject) {
        guard !findings.isEmpty else { return }
        context["has_findings"] = true
        context["finding_count"] = .text(String(findings.count))
        context["findings"] = .list(
            findings.map { finding in
                var item: TemplateObject = [
                    "severity": .text(Escape.html(finding.severity.rawValue)),
                    "rule": .text(Escape.html(VisibleText.escaped(finding.rule))),
                    "line": .text(String(finding.line)),
                    "message": .text(Escape.html(VisibleText.escaped(finding.message))),
                    "hint": .text(Escape.html(VisibleText.escaped(finding.hint))),
                ]
                if let field = finding.field { item["field"] = .text(Escape.html(VisibleText.escaped(field))) }
                if let value = finding.value, !value.isEmpty {
                    item["value"] = .text(Escape.html(VisibleText.escaped(value)))
                }
                return .object(item)
            })
    }
}
