/// The rule catalogue as a document: `docs/rules.md` and `whocard rules` are this text, made
/// from ``Rule/all``, so the documentation cannot drift from the checks.
public enum RuleCatalogue {
    /// The catalogue as a CommonMark page: an introduction and one table a stage of checking.
    public static func markdown() -> String {
        var out = """
            # Validation rules

            Every check whocard makes, with the stable id that reports, SARIF rule metadata and
            `--verdict-severity` use. This page is generated from the code's rule table
            (`Rule.all`): `whocard rules` prints it, and a test fails when it is out of date
            (`make docs` writes it again). How URLs are judged and normalised is in
            [validation.md](validation.md).

            An **error** leaves the field off the card (an id error rejects the whole row); a
            **warning** keeps it. The fix hint is what reports tell the provider to do.

            """
        for (title, rules) in groups {
            out += "\n## \(title)\n\n| rule | severity | what it checks | fix hint |\n|---|---|---|---|\n"
            for rule in rules {
                out += "| `\(rule.id)` | \(rule.severity.rawValue) | \(cell(rule.summary)) | \(cell(rule.hint)) |\n"
            }
        }
        return out
    }

    /// The rules in the order of ``Rule/all``, under the heading of their stage.
    static var groups: [(String, [Rule])] {
        var result: [(String, [Rule])] = []
        for rule in Rule.all {
            let title = groupTitle(rule.id)
            if result.last?.0 == title {
                result[result.count - 1].1.append(rule)
            } else {
                result.append((title, [rule]))
            }
        }
        return result
    }

    private static func groupTitle(_ id: String) -> String {
        switch id.split(separator: ".").first ?? "" {
        case "row", "input": "Reading the export"
        case "id": "Identity"
        case "url": "Any URL"
        case "email", "phone", "support": "Contact and support"
        case "text", "bio": "Content"
        case "link": "Online link check (`whocard check --online`)"
        default: "Platforms"
        }
    }

    /// Text safe inside a table cell: `|` escaped, no line breaks.
    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
