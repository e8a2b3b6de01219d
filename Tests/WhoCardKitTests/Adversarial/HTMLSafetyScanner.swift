import Foundation

/// A small HTML tokenizer that finds what could run script in a browser: a `<script>` that is
/// not the JSON-LD block, an event-handler attribute (`on…`), or a URL attribute whose value,
/// after decoding character references and removing whitespace and control characters, starts
/// with `javascript:`, `vbscript:` or `data:`.
///
/// It reads tags the way a browser's tokenizer does (attribute values quoted or not, `/` between
/// attributes, comments skipped, a script's content skipped to `</script`), so markup hidden
/// in escaped text is not mistaken for tags and real tags are not missed.
enum HTMLSafetyScanner {
    static let urlAttributes: Set<String> = [
        "href", "src", "action", "formaction", "data", "background", "poster", "xlink:href", "srcset",
        "cite", "longdesc", "usemap", "manifest", "ping", "content",
    ]

    /// Problems found, each naming the tag and attribute.
    static func problems(in html: String) -> [String] {
        let s = Array(html.unicodeScalars)
        var problems: [String] = []
        var i = 0
        while i < s.count {
            guard s[i] == "<" else {
                i += 1
                continue
            }
            if hasPrefix(s, i, "<!--") {
                i = find(s, from: i + 4, "-->").map { $0 + 3 } ?? s.count
                continue
            }
            var j = i + 1
            let closing = j < s.count && s[j] == "/"
            if closing { j += 1 }
            guard j < s.count, s[j].properties.isAlphabetic else {
                i += 1
                continue
            }
            var name = ""
            while j < s.count, !isSpace(s[j]), s[j] != ">", s[j] != "/" {
                name.unicodeScalars.append(s[j])
                j += 1
            }
            name = name.lowercased()
            var attributes: [(String, String)] = []
            // Attributes, until `>`.
            while j < s.count, s[j] != ">" {
                if isSpace(s[j]) || s[j] == "/" {
                    j += 1
                    continue
                }
                var attr = ""
                while j < s.count, !isSpace(s[j]), s[j] != ">", s[j] != "/", s[j] != "=" || attr.isEmpty {
                    attr.unicodeScalars.append(s[j])
                    j += 1
                }
                while j < s.count, isSpace(s[j]) { j += 1 }
                var value = ""
                if j < s.count, s[j] == "=" {
                    j += 1
                    while j < s.count, isSpace(s[j]) { j += 1 }
                    if j < s.count, s[j] == "\"" || s[j] == "'" {
                        let quote = s[j]
                        j += 1
                        while j < s.count, s[j] != quote {
                            value.unicodeScalars.append(s[j])
                            j += 1
                        }
                        j += 1
                    } else {
                        while j < s.count, !isSpace(s[j]), s[j] != ">" {
                            value.unicodeScalars.append(s[j])
                            j += 1
                        }
                    }
                }
                attributes.append((attr.lowercased(), value))
            }
            i = j + 1
            guard !closing else { continue }
            for (attr, value) in attributes {
                if attr.hasPrefix("on") { problems.append("<\(name) \(attr)=…>: an event-handler attribute") }
                if urlAttributes.contains(attr) || name == "meta" && attr == "content" {
                    let url = decodeReferences(value).unicodeScalars.filter { !($0.value <= 0x20 || $0.value == 0x7F) }
                    let lower = String(String.UnicodeScalarView(url)).lowercased()
                    for scheme in ["javascript:", "vbscript:", "data:"]
                    where lower.hasPrefix(scheme) || lower.contains("url=" + scheme) {
                        problems.append("<\(name) \(attr)=\"\(value)\">: a \(scheme) URL")
                    }
                }
            }
            if name == "script" {
                let type = attributes.first { $0.0 == "type" }?.1
                if type != "application/ld+json" {
                    problems.append("<script type=\(type ?? "none")>: an executable script")
                }
                i = find(s, from: i, "</script", caseInsensitive: true) ?? s.count
            }
        }
        return problems
    }

    /// Decodes numeric and the common named character references, as a browser does in attributes.
    static func decodeReferences(_ text: String) -> String {
        let named: [String: String] = [
            "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "colon": ":", "tab": "\t",
            "newline": "\n", "nbsp": "\u{A0}", "lpar": "(", "rpar": ")", "sol": "/",
        ]
        var out = ""
        let s = Array(text.unicodeScalars)
        var i = 0
        while i < s.count {
            guard s[i] == "&" else {
                out.unicodeScalars.append(s[i])
                i += 1
                continue
            }
            var j = i + 1
            var body = ""
            while j < s.count, j - i < 40, s[j].properties.isAlphabetic || ("0"..."9").contains(s[j]) || s[j] == "#" {
                body.unicodeScalars.append(s[j])
                j += 1
            }
            let end = j < s.count && s[j] == ";" ? j + 1 : j
            if body.hasPrefix("#") {
                let digits = body.dropFirst()
                let value = digits.lowercased().hasPrefix("x") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
                if let value, let scalar = Unicode.Scalar(value) {
                    out.unicodeScalars.append(scalar)
                    i = end
                    continue
                }
            } else if let text = named[body.lowercased()] {
                out += text
                i = end
                continue
            }
            out.unicodeScalars.append(s[i])
            i += 1
        }
        return out
    }

    private static func isSpace(_ c: Unicode.Scalar) -> Bool {
        c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0C}"
    }

    private static func hasPrefix(_ s: [Unicode.Scalar], _ i: Int, _ prefix: String, caseInsensitive: Bool = false)
        -> Bool
    {
        let p = Array(prefix.unicodeScalars)
        guard i + p.count <= s.count else { return false }
        for k in 0..<p.count {
            let a = caseInsensitive ? Character(s[i + k]).lowercased() : String(s[i + k])
            if a != String(p[k]) { return false }
        }
        return true
    }

    private static func find(_ s: [Unicode.Scalar], from start: Int, _ needle: String, caseInsensitive: Bool = false)
        -> Int?
    {
        var i = start
        while i < s.count {
            if hasPrefix(s, i, needle, caseInsensitive: caseInsensitive) { return i }
            i += 1
        }
        return nil
    }
}
