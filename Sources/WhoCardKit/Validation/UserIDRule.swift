/// The user id rule: 1–128 ASCII letters, digits, `.`, `_`, `-`, `@` or `+`, not starting
/// with `.` — the id becomes a file name, so anything else would be unsafe or ambiguous.
public enum UserIDRule {
    public static let maxLength = 128

    /// ``check(_:)`` of the row's id, without making a string of it first when its bytes are
    /// a valid id as they are (most rows).
    static func check(_ record: ProfileRecord) -> Result<String, Violation> {
        let id: String? = record.withValueBytes { values in
            let bytes = values[Field.id.index]
            return isValid(bytes) ? String(decoding: bytes, as: UTF8.self) : nil
        }
        return id.map { .success($0) } ?? check(record[.id])
    }

    /// The trimmed id, or the `id.missing` / `id.invalid` violation.
    public static func check(_ value: String?) -> Result<String, Violation> {
        guard let id = presentValue(value) else {
            return .failure(Violation("id.missing", "id is missing"))
        }
        // The common case on bytes: every character allowed (so no white space to trim either).
        if withBytes(id, isValid) { return .success(id) }
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
            if scalar.isASCII, isAllowed(UInt8(scalar.value)) { continue }
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

    /// Whether `bytes` are a valid id as they are: 1–128 allowed ASCII characters, not
    /// starting with `.` (no trimming needed: white space is not allowed).
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !bytes.isEmpty, bytes.count <= maxLength, bytes[0] != UInt8(ascii: ".") else { return false }
        return bytes.allSatisfy(isAllowed)
    }

    /// The characters an id may have: ASCII letters, digits, `.`, `_`, `-`, `@` and `+`.
    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "@"), UInt8(ascii: "+"): true
        default: isLetterOrDigit(byte)
        }
    }
}
