/// Reads an export row by row and validates each one, so that every row ends accepted or
/// rejected: the offline core of `whocard check` and of the build.
///
/// Memory grows only with the per-row outcomes kept for the report, never with the
/// export's bytes. Duplicate ids are rejected here (first wins), since only a pass over
/// the whole export can see them.
public final class ExportChecker {
    /// The export's path as reported in findings.
    public let file: String
    private let reader: ExportReader
    private let validator: ProfileValidator
    private var firstLineOfID: [String: Int] = [:]

    public init(reader: ExportReader, file: String, validator: ProfileValidator = ProfileValidator()) {
        self.reader = reader
        self.file = file
        self.validator = validator
    }

    /// Opens the export at `path` (`-` for standard input).
    public convenience init(
        path: String, format: InputFormat? = nil, fieldMap: FieldMap = FieldMap(), limits: ReaderLimits = .default
    ) throws(InputError) {
        let reader = try ExportReader(path: path, format: format, fieldMap: fieldMap, limits: limits)
        self.init(reader: reader, file: path)
    }

    /// Bytes of the export read so far, and its size when known: for progress display.
    public var progress: (read: Int, total: Int?) { (reader.bytesRead, reader.totalBytes) }

    /// Checks every row, handing each accepted profile to `accepted` as soon as it is validated;
    /// findings `accepted` returns (e.g. from rendering) are added to that row.
    public func run(accepted: (ValidatedProfile) throws -> [Finding] = { _ in [] }) throws -> CheckReport {
        var report = CheckReport(file: file)
        while let item = try reader.next() {
            switch item {
            case .notice(let finding):
                report.fileFindings.append(finding)
            case .rejected(let finding):
                report.rows.append(RowOutcome(line: finding.line, userID: finding.userID, accepted: false, findings: [finding]))
            case .record(let record):
                let links = Self.urlFieldIndices.reduce(0) { count, index in
                    index < record.values.count && !isBlank(record.values[index]) ? count + 1 : count
                }
                switch validator.validate(record, file: file) {
                case .rejected(let userID, let findings):
                    report.rows.append(RowOutcome(line: record.line, userID: userID, accepted: false, findings: findings, links: links))
                case .accepted(let profile):
                    if let firstLine = firstLineOfID[profile.id] {
                        let duplicate = Finding(
                            severity: .error, rule: "id.duplicate", userID: profile.id, file: file, line: record.line,
                            field: Field.id.rawValue, value: profile.id,
                            message: "id '\(profile.id)' is used again on line \(record.line); line \(firstLine) has it first and wins",
                            hint: Rule.named("id.duplicate")?.hint ?? "")
                        report.rows.append(RowOutcome(line: record.line, userID: profile.id, accepted: false, findings: [duplicate], links: links))
                    } else {
                        firstLineOfID[profile.id] = record.line
                        let more = try accepted(profile)
                        report.rows.append(RowOutcome(line: record.line, userID: profile.id, accepted: true, findings: profile.findings + more, links: links))
                    }
                }
            }
        }
        return report
    }

    /// Whether `value` is missing or only whitespace characters. An ASCII byte that is not
    /// whitespace is never part of a whitespace character, so it settles the question
    /// without walking characters.
    private func isBlank(_ value: String?) -> Bool {
        guard let value else { return true }
        if withBytes(value, { $0.contains { $0 < 0x80 && !isASCIIWhitespace($0) } }) { return false }
        return value.allSatisfy(\.isWhitespace)
    }

    /// Positions in ``ProfileRecord/values`` of the link fields.
    private static let urlFieldIndices = Field.allCases.filter(\.isURL).map(\.index)
}
