extension String {
    func trimmingTrailingNewlines() -> String {
        var result = self
        result.removeTrailingNewlines()
        return result
    }

    /// Removes trailing `\n` characters in place (a CRLF pair is one character and stays).
    mutating func removeTrailingNewlines() {
        let utf8 = self.utf8
        var end = utf8.endIndex
        while end > utf8.startIndex {
            let last = utf8.index(before: end)
            guard utf8[last] == 0x0A else { break }
            if last > utf8.startIndex, utf8[utf8.index(before: last)] == 0x0D { break }
            end = last
        }
        if end < utf8.endIndex { removeSubrange(end..<endIndex) }
    }
}
