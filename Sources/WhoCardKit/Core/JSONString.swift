/// The one JSON string escaper: every JSON whocard writes (reports, manifests, cards,
/// JSON-LD) quotes strings here.
///
/// Besides what JSON requires, `<`, `>` and `&` are written as `\u` escapes (so the text is
/// safe inside an HTML `<script>` block) and so are invisible characters — C0 and C1
/// controls, DEL, bidi controls, zero-width characters, U+2028 and U+2029 — so a hostile
/// value shows up in an editor and cannot end a JavaScript string.
public enum JSONString {
    /// `text` as a JSON string literal, with its quotes.
    public static func quoted(_ text: String) -> String {
        var copy = text
        if copy.withUTF8(isPlain) { return "\"" + text + "\"" }
        var out = "\""
        appendEscaped(text, to: &out)
        return out + "\""
    }

    /// Appends the inside of ``quoted(_:)`` (no quotes) to `out`.
    public static func appendEscaped(_ text: String, to out: inout String) {
        var copy = text
        if copy.withUTF8(mayNeedNoEscape) {
            out += text
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<", ">", "&": appendUnicodeEscape(scalar.value, to: &out)
            case _ where VisibleText.isInvisible(scalar): appendUnicodeEscape(scalar.value, to: &out)
            default: out.unicodeScalars.append(scalar)
            }
        }
    }

    /// ``appendEscaped(_:to:)`` onto UTF-8 bytes, for writers that collect bytes.
    public static func appendEscaped(_ text: String, to out: inout [UInt8]) {
        var copy = text
        if copy.withUTF8(mayNeedNoEscape) {
            out.append(contentsOf: text.utf8)
            return
        }
        var escaped = ""
        appendEscaped(text, to: &escaped)
        out.append(contentsOf: escaped.utf8)
    }

    /// Whether `utf8` is quoted as is (``quoted(_:)`` only adds the quotes): printable ASCII
    /// other than `"`, `\`, `<`, `>` and `&`. Lets a writer of millions of ids skip building strings.
    public static func isPlain(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"): false
            case 0x20...0x7E: true
            default: false
            }
        }
    }

    /// A fast, conservative test that `utf8` needs no escape: no byte that is special in ASCII
    /// and no lead byte of an invisible character (0xC2: C1 controls; 0xD8: U+061C; 0xE2:
    /// U+200B–U+2069; 0xEF: U+FEFF). Other non-ASCII text (accents, scripts) passes as is.
    private static func mayNeedNoEscape(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        !utf8.contains { byte in
            switch byte {
            case 0x00..<0x20, 0x22, 0x5C, 0x3C, 0x3E, 0x26, 0x7F, 0xC2, 0xD8, 0xE2, 0xEF: true
            default: false
            }
        }
    }

    private static func appendUnicodeEscape(_ value: UInt32, to out: inout String) {
        let digits: [Character] = Array("0123456789abcdef")
        out += "\\u"
        for shift in stride(from: 12, through: 0, by: -4) {
            out.append(digits[Int((value >> UInt32(shift)) & 0xF)])
        }
    }
}
