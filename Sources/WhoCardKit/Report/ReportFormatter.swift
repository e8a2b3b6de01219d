/// Turns the outcome of `whocard check` into one report format.
///
/// Formatters are pure: the same report always gives the same bytes, so reports can be
/// diffed, cached and compared with golden files. Every formatter treats the export's
/// values as hostile and escapes them for its format. They write a piece at a time, reading
/// the report's rows as they go, so a report of a million findings is never one string.
public protocol ReportFormatter: Sendable {
    /// Writes the whole report, ending with a newline, to `sink`.
    func write(_ report: CheckReport, to sink: inout some TextSink) throws(FileWriteError)
}

extension ReportFormatter {
    /// The whole report as one string, ending with a newline: for small reports and tests.
    public func format(_ report: CheckReport) -> String {
        var out = ""
        do { try write(report, to: &out) } catch { preconditionFailure("appending to a string cannot fail") }
        return out
    }
}
