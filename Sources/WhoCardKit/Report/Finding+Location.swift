extension Finding {
    /// `file:line` or `file:line:column`, the form editors and terminals turn into a jump.
    var location: String {
        let base = "\(VisibleText.escaped(file)):\(line)"
        return column.map { "\(base):\($0)" } ?? base
    }
}

extension RowOutcome {
    /// `alice` or, for a row without a readable id, `line 7`.
    var displayName: String {
        userID.map(VisibleText.escaped) ?? "line \(line)"
    }
}
