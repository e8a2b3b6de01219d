/// Presentation choices that are not part of the report's content.
public struct ReportOptions: Sendable, Equatable {
    /// Whether the text format may use ANSI colours. Other formats ignore it.
    public var color: Bool

    public init(color: Bool = false) {
        self.color = color
    }

    /// Whether to colour output by default: only on a terminal, never when `NO_COLOR` is set
    /// to a non-empty value (no-color.org), and never when `TERM` is `dumb`.
    public static func colorDefault(isTTY: Bool, environment: [String: String]) -> Bool {
        guard isTTY else { return false }
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        return true
    }
}
