import Foundation

/// Finds the `rel="me"` links of an HTML page, as Mastodon does to verify profile links: every
/// `<a>` and `<link>` whose `rel` has the token `me`, with its `href` (character references
/// `&amp;`, `&quot;`, `&#39;` and `&#x27;` decoded). A scanner, not a parser: it reads start
/// tags and their attributes, skips comments, and never runs anything.
enum RelMeScanner {
    /// The `href`s of the `rel="me"` links in `html`, in page order.
    static func hrefs(in html: String) -> [String] {
        var found: [String] = []
        let bytes = Array(html.utf8)
        var index = 0
        while let open = bytes[index...].firstIndex(of: UInt8(ascii: "<")) {
            index = open + 1
            if bytes[index...].starts(with: Array("!--".utf8)) {
                guard let end = find(Array("-->".utf8), in: bytes, from: index) else { break }
                index = end + 3
                continue
            }
            var nameEnd = index
            while nameEnd < bytes.count, isLetterOrDigit(bytes[nameEnd]) { nameEnd += 1 }
            let name = String(decoding: bytes[index..<nameEnd], as: UTF8.self).lowercased()
            guard name == "a" || name == "link" else { continue }
            let (attributes, end) = Self.attributes(bytes, from: nameEnd)
            index = end
            let rel = attributes["rel"]?.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
            if rel?.contains("me") == true, let href = attributes["href"], !href.isEmpty {
                found.append(decoded(href))
            }
        }
        return found
    }

    /// The attributes of a start tag from `start` to its `>`, and the index after it.
    private static func attributes(_ bytes: [UInt8], from start: Int) -> ([String: String], Int) {
        var attributes: [String: String] = [:]
        var index = start
        func skipSpace() {
            while index < bytes.count, isASCIIWhitespace(bytes[index]) || bytes[index] == UInt8(ascii: "/") {
                index += 1
            }
        }
        while true {
            skipSpace()
            guard index < bytes.count, bytes[index] != UInt8(ascii: ">") else {
                return (attributes, min(index + 1, bytes.count))
            }
            let nameStart = index
            while index < bytes.count, !isASCIIWhitespace(bytes[index]),
                ![UInt8(ascii: "="), UInt8(ascii: ">")].contains(bytes[index])
            {
                index += 1
            }
            let name = String(decoding: bytes[nameStart..<index], as: UTF8.self).lowercased()
            while index < bytes.count, isASCIIWhitespace(bytes[index]) { index += 1 }
            var value = ""
            if index < bytes.count, bytes[index] == UInt8(ascii: "=") {
                index += 1
                while index < bytes.count, isASCIIWhitespace(bytes[index]) { index += 1 }
                if index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") {
                    let quote = bytes[index]
                    let valueStart = index + 1
                    index = bytes[valueStart...].firstIndex(of: quote) ?? bytes.count
                    value = String(decoding: bytes[valueStart..<index], as: UTF8.self)
                    index = min(index + 1, bytes.count)
                } else {
                    let valueStart = index
                    while index < bytes.count, !isASCIIWhitespace(bytes[index]), bytes[index] != UInt8(ascii: ">") {
                        index += 1
                    }
                    value = String(decoding: bytes[valueStart..<index], as: UTF8.self)
                }
            }
            if !name.isEmpty, attributes[name] == nil { attributes[name] = value }
        }
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard bytes.count >= needle.count, start <= bytes.count - needle.count else { return nil }
        for index in start...(bytes.count - needle.count)
        where bytes[index..<(index + needle.count)].elementsEqual(needle) {
            return index
        }
        return nil
    }

    private static func decoded(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&#x27;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
    }
}
