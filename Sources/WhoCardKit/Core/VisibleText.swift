/// Makes untrusted text safe to show on one line: characters that could move the cursor,
/// start a terminal escape sequence, reorder text (bidi controls) or hide (zero-width) are
/// written as visible escapes such as `\n`, `\u{1B}` or `\u{202E}`.
enum VisibleText {
    /// `text` with invisible and control characters escaped; backslashes are kept as they are.
    static func escaped(_ text: String) -> String {
        // Most values are printable ASCII and come back as they are, without a copy.
        if withBytes(text, { $0.allSatisfy { $0 >= 0x20 && $0 < 0x7F } }) { return text }
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            appendVisible(scalar, to: &out)
        }
        return out
    }

    /// `text` in double quotes, with `"` and `\` escaped too, so the value's extent is unambiguous.
    static func quoted(_ text: String) -> String {
        if withBytes(text, { $0.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C } }) {
            return "\"" + text + "\""
        }
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default: appendVisible(scalar, to: &out)
            }
        }
        return out + "\""
    }

    /// Whether a scalar must not be shown as it is.
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true  // C0, DEL, C1 controls
        case 0x061C, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2069, 0xFEFF: true  // bidi, zero-width
        case 0x2028, 0x2029: true  // line and paragraph separators
        default: false
        }
    }

    private static func appendVisible(_ scalar: Unicode.Scalar, to out: inout String) {
        switch scalar {
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where isInvisible(scalar):
            out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
        default: out.unicodeScalars.append(scalar)
        }
    }
}

extension String {
    /// The string with each Unicode scalar replaced by `transform`'s result, or kept when it
    /// returns `nil`. Works on scalars, not characters, so a combining mark after `|` or `%`
    /// cannot hide it from an escaper.
    func replacingScalars(_ transform: (Unicode.Scalar) -> String?) -> String {
        var out = ""
        for scalar in unicodeScalars {
            if let replacement = transform(scalar) { out += replacement } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }
}
