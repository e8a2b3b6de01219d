/// The user id rule: 1–128 ASCII letters, digits, `.`, `_`, `-`, `@` or `+`, not starting
/// with `.` — the id becomes a file name, so anything else would be unsafe or ambiguous.
public enum UserIDRule {
    public static let maxLength = 128

    /// The trimmed id, or the `id.missing` / `id.invalid` violation.
    public static func check(_ value: String?) -> Result<String, Violation> {
        guard let id = presentValue(value) else {
            return .failure(Violation("id.missing", "id is missing"))
        }
        let length = id.unicodeScalars.count
        guard length <= maxLength else {
            return .failure(
                Violation("id.invalid", "id is \(grouped(length)) characters long; the limit is \(maxLength)"))
        }
        if id.hasPrefix(".") {
            return .failure(Violation("id.invalid", "id '\(id)' starts with '.'"))
        }
        var position = 0
        for scalar in id.unicodeScalars {
            position += 1
            if scalar.isASCII, isLetterOrDigit(UInt8(scalar.value)) || "._-@+".unicodeScalars.contains(scalar) {
                continue
            }
            let shown =
                scalar == " "
                ? "a space"
                : scalar.value < 0x20 || scalar.properties.isWhitespace
                    || scalar.properties.generalCategory == .format ? "U+\(hex(scalar))" : "'\(scalar)'"
            return .failure(
                Violation(
                    "id.invalid",
                    "id '\(id)' contains \(shown) at character \(position); only ASCII letters, digits, '.', '_', '-', '@' and '+' are allowed"
                ))
        }
        return .success(id)
    }
}
