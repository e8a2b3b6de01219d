/// The report as SARIF 2.1.0 for code-scanning dashboards (GitHub code scanning, Azure DevOps,
/// VS Code's SARIF viewer).
///
/// One run; `tool.driver.rules` is the whole ``Rule`` catalog (the `link.*` rules only when the
/// check was online), and a result whose rule is in it
/// carries its `ruleIndex`. Each result locates the finding in the export (path as given, line and,
/// when known, column) and carries a `partialFingerprints` hash of rule, user, field and value
/// so the same problem keeps its identity when rows move. `properties` hold whichever of
/// `user_id`, `field` and `value` the finding has.
public struct SARIFReportFormatter: ReportFormatter {
    /// The `partialFingerprints` key; the suffix changes if the hashed inputs ever change.
    public static let fingerprintKey = "whocardFinding/v1"

    public init() {}

    public func write(_ report: CheckReport, to sink: inout some TextSink) throws(FileWriteError) {
        // The link.* rules come last in the catalog; an offline report leaves them out.
        let rules = report.links == nil ? Rule.all.filter { !$0.id.hasPrefix("link.") } : Rule.all
        var ruleIndex: [String: Int] = [:]
        for (i, rule) in rules.enumerated() { ruleIndex[rule.id] = i }

        let driver: JSONValue = .object([
            ("name", .string("whocard")),
            ("version", .string(report.toolVersion)),
            ("semanticVersion", .string(report.toolVersion)),
            ("rules", .array(rules.map(Self.json(for:)))),
        ])
        let run: JSONValue = .object([
            ("tool", .object([("driver", driver)])),
            ("columnKind", .string("unicodeCodePoints")),
            ("results", .stream(report.findings) { [ruleIndex] in Self.json(for: $0, ruleIndex: ruleIndex[$0.rule]) }),
        ])
        try JSONValue.object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([run])),
        ]).write(to: &sink)
    }

    static func json(for rule: Rule) -> JSONValue {
        .object([
            ("id", .string(rule.id)),
            ("shortDescription", .object([("text", .string(rule.summary))])),
            ("help", .object([("text", .string(rule.hint))])),
            ("defaultConfiguration", .object([("level", .string(level(rule.severity)))])),
        ])
    }

    static func json(for f: Finding, ruleIndex: Int?) -> JSONValue {
        var region: [(String, JSONValue)] = [("startLine", .int(max(1, f.line)))]
        if let column = f.column { region.append(("startColumn", .int(max(1, column)))) }

        var text = (f.field.map { $0 + ": " } ?? "") + f.message
        if let user = f.userID { text = "[\(user)] " + text }
        if !f.hint.isEmpty { text += " Fix: " + f.hint }

        var members: [(String, JSONValue)] = [("ruleId", .string(f.rule))]
        if let ruleIndex { members.append(("ruleIndex", .int(ruleIndex))) }
        members += [
            ("level", .string(level(f.severity))),
            ("message", .object([("text", .string(text))])),
            (
                "locations",
                .array([
                    .object([
                        (
                            "physicalLocation",
                            .object([
                                ("artifactLocation", .object([("uri", .string(uriReference(f.file)))])),
                                ("region", .object(region)),
                            ])
                        )
                    ])
                ])
            ),
            ("partialFingerprints", .object([(fingerprintKey, .string(fingerprint(f)))])),
        ]
        var properties: [(String, JSONValue)] = []
        if let user = f.userID { properties.append(("user_id", .string(user))) }
        if let field = f.field { properties.append(("field", .string(field))) }
        if let value = f.value { properties.append(("value", .string(value))) }
        if !properties.isEmpty { members.append(("properties", .object(properties))) }
        return .object(members)
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        }
    }

    /// A stable identity for a finding: FNV-1a (64 bit) of rule, user id, field and value,
    /// as 16 hex digits. Line numbers are left out so moving a row keeps the identity.
    static func fingerprint(_ f: Finding) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        let parts = [f.rule, f.userID ?? "", f.field ?? "", f.value ?? ""]
        for (i, part) in parts.enumerated() {
            if i > 0 { hash = (hash ^ 0x1F) &* 0x0000_0100_0000_01B3 }
            for byte in part.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The export's path as a relative URI reference: `\` becomes `/`, and anything outside
    /// RFC 3986's unreserved, sub-delims, `:`, `@` and `/` is percent-encoded.
    static func uriReference(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            let scalar = Unicode.Scalar(byte)
            if byte == UInt8(ascii: "\\") {
                out += "/"
            } else if byte < 0x80
                && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                    || "-._~!$&'()*+,;=:@/".unicodeScalars.contains(scalar))
            {
                out.unicodeScalars.append(scalar)
            } else {
                out += "%" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return out
    }
}
