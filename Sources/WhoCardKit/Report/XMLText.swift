/// Escaping for XML 1.0 text and attribute values.
///
/// Characters XML 1.0 cannot carry at all (most C0 controls, U+FFFE, U+FFFF) become U+FFFD,
/// so a hostile value can never make the document ill-formed.
enum XMLText {
    /// Escaped for element content.
    static func content(_ s: String) -> String { escape(s, attribute: false) }

    /// Escaped for a double-quoted attribute value; line breaks and tabs are kept as character
    /// references because parsers normalise them to spaces otherwise.
    static func attribute(_ s: String) -> String { escape(s, attribute: true) }

    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    private static func escape(_ s: String, attribute: Bool) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where attribute: out += "&quot;"
            case "\n" where attribute: out += "&#10;"
            case "\t" where attribute: out += "&#9;"
            case "\r": out += "&#13;"
            case _ where !isAllowed(scalar): out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
