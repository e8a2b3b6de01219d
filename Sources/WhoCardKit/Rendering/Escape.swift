/// Escaping of export values for each output format. Every value a template sees went
/// through one of these first.
enum Escape {
    /// Text or attribute value in HTML: `& < > " '` become character references.
    static func html(_ text: String) -> String {
        var copy = text
        return copy.withUTF8 { html(bytes: $0, original: text) }
    }

    private static func html(bytes utf8: UnsafeBufferPointer<UInt8>, original text: String) -> String {
        guard utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
            return text
        }
        var out = [UInt8]()
        out.reserveCapacity(utf8.count + 16)
        for byte in utf8 {
            switch byte {
            case 0x26: out.append(contentsOf: "&amp;".utf8)
            case 0x3C: out.append(contentsOf: "&lt;".utf8)
            case 0x3E: out.append(contentsOf: "&gt;".utf8)
            case 0x22: out.append(contentsOf: "&quot;".utf8)
            case 0x27: out.append(contentsOf: "&#39;".utf8)
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A single-line value in Markdown: every ASCII punctuation character is backslash-escaped
    /// (so `*`, `[`, `<`, a leading `#`, `>`, `-`, `+` or `1.` are literal), line breaks and
    /// tabs become spaces, and runs of spaces collapse (so nothing becomes a code block).
    static func markdown(_ text: String) -> String {
        var copy = text
        return copy.withUTF8 { markdown(bytes: $0, original: text) }
    }

    private static func markdown(bytes utf8: UnsafeBufferPointer<UInt8>, original text: String) -> String {
        // Exact output size first: text that needs no change is returned as is, and a short
        // result stays a small (inline) string.
        var size = 0
        var lastWasSpace = true
        for byte in utf8 {
            switch byte {
            case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20:
                if !lastWasSpace { size += 1 }
                lastWasSpace = true
                continue
            case 0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E: size += 2
            case 0x00...0x1F, 0x7F: continue
            default: size += 1
            }
            lastWasSpace = false
        }
        if lastWasSpace, size > 0 { size -= 1 }
        if size == utf8.count,
            !utf8.contains(where: {
                $0 < 0x20 || $0 == 0x7F || (0x21...0x2F).contains($0) || (0x3A...0x40).contains($0)
                    || (0x5B...0x60).contains($0) || (0x7B...0x7E).contains($0)
            })
        {
            return text
        }
        // One byte more than the result: a space before trailing control characters is
        // written, then dropped (`size` already left it out).
        return String(unsafeUninitializedCapacity: size + 1) { out in
            var count = 0
            var lastWasSpace = true
            for byte in utf8 {
                switch byte {
                case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20:
                    if !lastWasSpace {
                        out[count] = 0x20
                        count += 1
                    }
                    lastWasSpace = true
                    continue
                case 0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E:
                    out[count] = 0x5C
                    out[count + 1] = byte
                    count += 2
                case 0x00...0x1F, 0x7F:
                    continue
                default:
                    out[count] = byte
                    count += 1
                }
                lastWasSpace = false
            }
            if count > 0, out[count - 1] == 0x20 { count -= 1 }
            return count
        }
    }

    /// Collapses line breaks and tabs to single spaces for values shown on one line.
    static func singleLine(_ text: String) -> String {
        var copy = text
        guard copy.withUTF8({ $0.contains(where: { $0 < 0x20 }) }) else { return text }
        return text.split(whereSeparator: { $0.isNewline || $0 == "\t" }).joined(separator: " ")
    }
}

extension Escape {
    /// A URL as a Markdown link destination: characters that would end or break the
    /// destination are backslash-escaped or percent-encoded.
    static func markdownDestination(_ url: String) -> String {
        var copy = url
        return copy.withUTF8 { markdownDestination(bytes: $0, original: url) }
    }

    private static func markdownDestination(bytes utf8: UnsafeBufferPointer<UInt8>, original url: String) -> String {
        guard
            utf8.contains(where: {
                $0 <= 0x20 || $0 == 0x7F || $0 == 0x28 || $0 == 0x29 || $0 == 0x5C || $0 == 0x3C || $0 == 0x3E
            })
        else {
            return url
        }
        return String(unsafeUninitializedCapacity: utf8.count * 3) { out in
            var count = 0
            for byte in utf8 {
                switch byte {
                case 0x28, 0x29, 0x5C, 0x3C, 0x3E:
                    out[count] = 0x5C
                    out[count + 1] = byte
                    count += 2
                case 0x20:
                    out[count] = 0x25
                    out[count + 1] = 0x32
                    out[count + 2] = 0x30
                    count += 3
                case 0x00...0x1F, 0x7F:
                    continue
                default:
                    out[count] = byte
                    count += 1
                }
            }
            return count
        }
    }
}
