extension CheckSummary {
    /// One line for people: `20 rows: 17 accepted, 3 rejected; 45 links; 6 errors, 4 warnings`.
    public var sentence: String {
        "\(Self.count(rows, "row")): \(accepted) accepted, \(rejected) rejected; "
            + "\(Self.count(links, "link")); \(Self.count(errors, "error")), \(Self.count(warnings, "warning"))"
    }

    static func count(_ n: Int, _ noun: String) -> String {
        n == 1 ? "1 \(noun)" : "\(n) \(noun)s"
    }
}
