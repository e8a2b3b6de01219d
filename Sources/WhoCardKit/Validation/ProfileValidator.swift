/// Validates one export row into a ``ValidatedProfile`` plus ``Finding``s.
///
/// Values are trimmed; empty values are absent. A field with an error is dropped from the
/// profile (never rendered); a warning keeps it. Only an id problem rejects the row; the
/// other fields of a rejected row are still checked, so one run reports everything.
/// Findings come in field order, and each carries the catalog hint of its rule.
public struct ProfileValidator: Sendable {
    public var urls = URLValidator()
    /// Longest name, provider or support hours text; longer ones are shortened with a `text.length` warning.
    public var maxTextLength = 200
    /// Longest bio a card shows; longer ones get a `bio.length` warning (the renderer cuts
    /// them at a paragraph boundary, see ``Bio``).
    public var maxBioLength = ProfileValidator.bioCharacterLimit

    /// The default longest bio, in characters: the rule `bio.length` says so, and the
    /// renderer (``Bio``) cuts there.
    public static let bioCharacterLimit = 4_000

    public init() {}

    /// Validates `record`; `file` is the export's path as reports show it.
    public func validate(_ record: ProfileRecord, file: String) -> ValidationOutcome {
        validate(record, file: file, skipping: FieldSet())
    }

    /// ``validate(_:file:)`` without validating the fields in `skipped`, which the caller
    /// knows have no finding (``certainlyCleanFields(_:)``): the findings and the verdict are
    /// the same, but the profile lacks those fields, so only callers that want the findings
    /// (`whocard check`) skip any.
    func validate(_ record: ProfileRecord, file: String, skipping skipped: FieldSet) -> ValidationOutcome {
        let idResult = UserIDRule.check(record)
        var sink = FindingSink(file: file, line: record.line)
        switch idResult {
        case .success(let id): sink.userID = id
        case .failure(let violation):
            sink.userID = presentValue(record[.id])
            sink.add(violation, field: .id, value: presentValue(record[.id]))
        }

        var profile = ValidatedProfile(id: sink.userID ?? "", line: record.line)
        func checks(_ field: Field) -> Bool { !skipped.contains(field) }
        if checks(.name) { profile.name = text(record, .name, limit: maxTextLength, rule: "text.length", &sink) }
        if checks(.provider) {
            profile.provider = text(record, .provider, limit: maxTextLength, rule: "text.length", &sink)
        }
        if checks(.avatarURL) { profile.avatar = webLink(record, .avatarURL, &sink) }
        for field in Field.platformFields where checks(field) {
            if let social = socialLink(record, field, &sink) { profile.social.append(social) }
        }
        if checks(.email) { profile.email = contact(record, .email, ContactRules.email, &sink) }
        if checks(.phone) { profile.phone = contact(record, .phone, ContactRules.phone, &sink) }
        if checks(.website) { profile.website = webLink(record, .website, &sink) }
        if checks(.supportURL) { profile.support = support(record, &sink) }
        if checks(.supportEmail) { profile.supportEmail = contact(record, .supportEmail, ContactRules.email, &sink) }
        if checks(.supportPhone) { profile.supportPhone = contact(record, .supportPhone, ContactRules.phone, &sink) }
        if checks(.supportHours) {
            profile.supportHours = text(record, .supportHours, limit: maxTextLength, rule: "text.length", &sink)
        }
        if checks(.bio) { profile.bio = bio(record, &sink) }

        guard case .success = idResult else {
            return .rejected(userID: sink.userID, findings: sink.findings)
        }
        profile.findings = sink.findings
        return .accepted(profile)
    }

    // MARK: Fields

    private func text(_ record: ProfileRecord, _ field: Field, limit: Int, rule: String, _ sink: inout FindingSink)
        -> String?
    {
        guard let value = presentValue(record[field].map(Self.withoutBidiControls)) else { return nil }
        guard value.utf8.count > limit, value.count > limit else { return value }
        sink.add(
            Violation(
                rule, .warning,
                "\(field.rawValue) is \(grouped(value.count)) characters long and was shortened to \(grouped(limit))"),
            field: field, value: value)
        return String(value.prefix(limit))
    }

    private func bio(_ record: ProfileRecord, _ sink: inout FindingSink) -> String? {
        guard let value = presentValue(record[.bio].map(Self.withoutBidiControls)) else { return nil }
        if value.count > maxBioLength {
            sink.add(
                Violation(
                    "bio.length", .warning,
                    "bio is \(grouped(value.count)) characters long; the card shows the whole paragraphs that fit in \(grouped(maxBioLength))"
                ),
                field: .bio, value: value)
        }
        return value
    }

    /// `text` without explicit bidi embeddings, overrides and isolates (U+202A–U+202E,
    /// U+2066–U+2069): they reorder what follows them (`Alice\u{202E}gnp.exe` shows as
    /// `Aliceexe.png`), so a name or bio could spoof the card. Right-to-left text still shows
    /// right: the Unicode bidi algorithm and the cards' `dir="auto"` order it.
    static func withoutBidiControls(_ text: String) -> String {
        guard text.utf8.contains(0xE2) else { return text }  // every one of them starts with 0xE2
        let kept = text.unicodeScalars.filter {
            !(0x202A...0x202E).contains($0.value) && !(0x2066...0x2069).contains($0.value)
        }
        return kept.count == text.unicodeScalars.count ? text : String(String.UnicodeScalarView(kept))
    }

    private func webLink(_ record: ProfileRecord, _ field: Field, _ sink: inout FindingSink) -> ValidLink? {
        guard let value = presentValue(record[field]) else { return nil }
        switch urls.validate(value, field: field.rawValue) {
        case .failure(let violation):
            sink.add(violation, field: field, value: value)
            return nil
        case .success(let url):
            sink.add(url.warnings, field: field, value: value)
            return url.link
        }
    }

    private func socialLink(_ record: ProfileRecord, _ field: Field, _ sink: inout FindingSink) -> SocialLink? {
        guard let rule = field.platform else { return nil }
        guard let value = presentValue(record[field]) else { return nil }
        switch urls.validate(value, field: field.rawValue, buildsLink: false) {
        case .failure(var violation):
            if violation.rule == "url.scheme", let url = rule.profileURL(forBareHandle: value) {
                violation.message = "\(field.rawValue) is a handle, not a web address; did you mean \(url)?"
            }
            sink.add(violation, field: field, value: value)
            return nil
        case .success(let url):
            switch rule.check(url, field: field.rawValue) {
            case .failure(let violation):
                sink.add(url.warnings + [violation], field: field, value: value)
                return nil
            case .success(let match):
                sink.add(match.warnings, field: field, value: value)
                return match.link
            }
        }
    }

    private func contact(
        _ record: ProfileRecord, _ field: Field, _ check: (String, String) -> Result<String, Violation>,
        _ sink: inout FindingSink
    ) -> String? {
        guard let value = presentValue(record[field]) else { return nil }
        switch check(value, field.rawValue) {
        case .success(let clean): return clean
        case .failure(let violation):
            sink.add(violation, field: field, value: value)
            return nil
        }
    }

    /// `mailto:` and `tel:` links are checked as e-mail and phone; `http(s)://` by the URL rules;
    /// anything else is `support.syntax`, with a suggestion when the value is a bare address,
    /// number or host.
    private func support(_ record: ProfileRecord, _ sink: inout FindingSink) -> SupportChannel? {
        let field = Field.supportURL
        let name = field.rawValue
        guard let value = presentValue(record[field]) else { return nil }
        // An ASCII head needs no String: its bytes are its characters.
        let head = value.utf8.prefix(8)
        let asciiHead = isASCII(head)
        let lower = asciiHead ? "" : String(decoding: head.map(asciiLower), as: UTF8.self)
        func hasPrefix(_ prefix: StaticString) -> Bool {
            asciiHead ? hasASCIIPrefixIgnoringCase(head, prefix) : lower.hasPrefix(prefix.description)
        }
        func fail(_ message: String) -> SupportChannel? {
            sink.add(Violation("support.syntax", message), field: field, value: value)
            return nil
        }
        if hasPrefix("mailto:") {
            let address = value.dropFirst(7).prefix { $0 != "?" }
            switch ContactRules.email(String(address), field: "\(name) address") {
            case .success(let clean): return .email(clean)
            case .failure(let violation): return fail(violation.message)
            }
        }
        if hasPrefix("tel:") {
            switch ContactRules.phone(String(value.dropFirst(4)), field: "\(name) number") {
            case .success(let clean): return .phone(clean)
            case .failure(let violation): return fail(violation.message)
            }
        }
        if !hasPrefix("http://") && !hasPrefix("https://") {
            let start = "\(name) is not a web address, mailto: or tel: link"
            if value.contains("@"), !value.contains("/"), case .success = ContactRules.email(value, field: name) {
                return fail("\(start); did you mean mailto:\(value)?")
            }
            if case .success = ContactRules.phone(value, field: name) {
                return fail("\(start); did you mean tel:\(ContactRules.dialString(value))?")
            }
            if let scheme = URLValidator.foreignScheme(value) {
                return fail("\(name) uses the \(scheme): scheme; use https://, mailto: or tel:")
            }
            if let url = URLValidator.suggestedURL(for: value) {
                return fail("\(start); did you mean \(url)?")
            }
            return fail(start)
        }
        return webLink(record, field, &sink).map(SupportChannel.web)
    }
}

/// Collects one row's findings, stamping each with the row's file, line and user id.
struct FindingSink {
    let file: String
    let line: Int
    var userID: String?
    var findings: [Finding] = []

    init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    mutating func add(_ violation: Violation, field: Field, value: String?) {
        findings.append(
            Finding(
                severity: violation.severity, rule: violation.rule, userID: userID, file: file, line: line,
                field: field.rawValue, value: value, message: violation.message, hint: Rule.hint(for: violation.rule)))
    }

    mutating func add(_ violations: [Violation], field: Field, value: String?) {
        for violation in violations { add(violation, field: field, value: value) }
    }
}
