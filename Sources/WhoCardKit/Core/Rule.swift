/// A check whocard makes, with a stable id that reports, SARIF rule metadata and
/// suppressions refer to. The table in ``Rule/all`` is the user documentation of every rule.
public struct Rule: Sendable, Hashable, Codable {
    /// Stable id, `area.problem` (e.g. `url.userinfo`).
    public let id: String
    public let severity: Severity
    /// One line saying what the rule checks.
    public let summary: String
    /// The default fix hint, in the product page's words.
    public let hint: String

    public init(_ id: String, _ severity: Severity, _ summary: String, hint: String) {
        self.id = id
        self.severity = severity
        self.summary = summary
        self.hint = hint
    }

    /// Look up a rule by id.
    public static func named(_ id: String) -> Rule? { byID[id] }

    private static let byID: [String: Rule] = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })

    private static let copyHint = "Copy the URL from your browser's address bar while viewing your profile."

    /// Every rule whocard knows, grouped by stage.
    public static let all: [Rule] =
        [
            // Reading the export
            Rule(
                "row.unterminated-quote", .error, "A quoted CSV field is never closed.",
                hint: "Close the quoted field with \" or double any quote inside it (\"\")."),
            Rule(
                "row.field-count", .error, "A CSV row has a different number of fields than the header.",
                hint: "Quote fields that contain commas, or add the missing fields."),
            Rule(
                "row.encoding", .error, "A row is not valid UTF-8.",
                hint: "Export the file as UTF-8."),
            Rule(
                "row.field-too-long", .error, "A field is longer than 64 KiB.",
                hint: "Shorten the field; no setting needs more than 64 KiB."),
            Rule(
                "row.too-long", .error, "A row is longer than 1 MiB.",
                hint: "Check the export for a missing closing quote or a corrupted row."),
            Rule(
                "row.json-syntax", .error, "A JSON value could not be parsed.",
                hint: "Fix the JSON syntax at the given line."),
            Rule(
                "row.json-type", .error, "A JSON value has the wrong type.",
                hint: "Give each field as a string (numbers are accepted for id and phone)."),
            Rule(
                "input.unknown-columns", .warning, "The export has columns whocard does not use.",
                hint: "Rename the columns, or map them with --map field=column."),
            Rule(
                "export.incomplete", .error,
                "The rest of the export could not be read (a document that cannot be resynchronised, a file cut off "
                    + "inside a record, a read error): the rows after that point are unaccounted for.",
                hint: "Export the file again, or fix it at the given line; until then a build removes no card."),
            Rule(
                "export.empty", .error, "The export has a header but no data rows.",
                hint:
                    "Export the Social Media settings again; a build keeps the existing cards until an export has rows."
            ),
            // Identity
            Rule(
                "id.missing", .error, "The row has no user id.",
                hint: "Every row needs an id; check the export's id column."),
            Rule(
                "id.invalid", .error, "The user id cannot be used as a file name.",
                hint: "Use 1–128 letters, digits, '.', '_', '-', '@' or '+', not starting with '.'."),
            Rule(
                "id.duplicate", .error, "The same user id appears on more than one row; the first wins.",
                hint: "Remove or merge the duplicate row."),
            // Any URL
            Rule(
                "url.scheme", .error, "A URL does not start with http:// or https://.",
                hint: "Start the URL with https://. " + copyHint),
            Rule(
                "url.syntax", .error, "A URL cannot be parsed as an absolute web address.",
                hint: copyHint),
            Rule(
                "url.characters", .error,
                "A URL contains spaces, control characters, quotes, angle brackets or backslashes.",
                hint: "Remove the special characters. " + copyHint),
            Rule(
                "url.userinfo", .error, "A URL has a user name or password before the host (a common phishing trick).",
                hint: "Remove everything between '//' and '@'. " + copyHint),
            Rule(
                "url.host", .error, "A URL has no real host name.",
                hint: "Use the site's full address, such as https://example.com/yourpage."),
            Rule(
                "url.length", .error, "A URL is longer than 2,048 characters.",
                hint: "Use the short form of the address, without tracking parameters."),
            Rule(
                "url.insecure", .warning, "A URL uses http:// instead of https://.",
                hint: "Use https:// so customers reach the page securely."),
            Rule(
                "url.lookalike", .error,
                "A URL's host imitates a known site with look-alike characters or extra labels.",
                hint: "Link to the real site. " + copyHint),
        ]
        + Platform.allCases.flatMap(\.rules)
        + [
            // Contact and support
            Rule(
                "email.syntax", .error, "An e-mail address is not a plain address with a domain.",
                hint: "Enter a plain address such as you@example.com."),
            Rule(
                "phone.syntax", .error, "A phone number is not 7–15 digits with an optional leading +.",
                hint: "Enter the number with its country code, such as +1 555 010 0199."),
            Rule(
                "support.syntax", .error, "The support channel is not a web address, mailto: or tel: link.",
                hint: "Use https://…, mailto:you@example.com or tel:+15550100199."),
            // Content
            Rule(
                "text.length", .warning,
                "A name, provider or support hours text is longer than 200 characters and was shortened.",
                hint: "Keep it under 200 characters; the card has room for a short line."),
            Rule(
                "bio.length", .warning, "The bio is longer than 4,000 characters and was shortened.",
                hint: "Keep the bio under 4,000 characters."),
            // Online link check (whocard check --online)
            Rule(
                "link.broken", .error,
                "The link leads nowhere: 404/410, an unknown host, a platform's not-found page, or a profile redirected "
                    + "to a page that no longer names it.",
                hint:
                    "Verify Links Work: open the link in a private browser window and copy the address of the page you mean. "
                    + copyHint),
            Rule(
                "link.blocked", .warning,
                "The site's bot protection answered (e.g. LinkedIn's 999): the link could not be verified.",
                hint:
                    "Verify Links Work: open the link in a private browser window to check it goes to the correct page."
            ),
            Rule(
                "link.login-required", .warning,
                "The site sent the checker to a login page, or showed one instead of the profile: visitors who are not "
                    + "signed in may not see it.",
                hint:
                    "Verify Links Work: open the link in a private browser window; if it asks to log in, make the profile public or link another one."
            ),
            Rule(
                "link.rate-limited", .warning,
                "The site kept answering 429 Too Many Requests: the link could not be verified.",
                hint: "Verify Links Work: test the link in a browser; the next run checks it again."),
            Rule(
                "link.timeout", .warning, "The site did not answer in time: the link could not be verified.",
                hint:
                    "Verify Links Work: test the link in a browser; if it is slow for you too, customers will give up on it."
            ),
            Rule(
                "link.unreachable", .warning,
                "The connection failed (refused, reset, TLS error), the server kept failing, or redirects looped.",
                hint:
                    "Verify Links Work: test the link in a browser; if it fails there too, fix the site or remove the link."
            ),
            Rule(
                "link.refused", .warning,
                "Not fetched: the host resolves to a loopback, private, link-local or multicast address.",
                hint: "Link a public page customers can reach, not an internal address."),
        ]
}
