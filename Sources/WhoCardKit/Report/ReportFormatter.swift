/// Turns the outcome of `whocard check` into one report format.
///
/// Formatters are pure: the same report always gives the same bytes, so reports can be
/// diffed, cached and compared with golden files. Every formatter treats the export's
/// values as hostile and escapes them for its format.
public protocol ReportFormatter: Sendable {
    /// The whole report, ending with a newline.
    func format(_ report: CheckReport) -> String
}
