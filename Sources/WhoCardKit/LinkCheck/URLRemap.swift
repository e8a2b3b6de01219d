/// A `--remap 'REGEX=REPLACEMENT'` rule: rewrites a URL before it is fetched (test servers,
/// mirrors). The first match of the pattern is replaced; `$1`…`$9` insert capture groups.
public struct URLRemap: Sendable, CustomStringConvertible {
    public let pattern: String
    public let replacement: String
    nonisolated(unsafe) private let regex: Regex<AnyRegexOutput>

    /// Compiles a rule.
    public init(pattern: String, replacement: String) throws(LinkCheckError) {
        do {
            regex = try Regex(pattern)
        } catch {
            throw .invalidOption("--remap: '\(pattern)' is not a valid regular expression (\(error))")
        }
        self.pattern = pattern
        self.replacement = replacement
    }

    /// Parses `REGEX=REPLACEMENT`, split at the first `=` not escaped as `\=`.
    public init(parsing text: String) throws(LinkCheckError) {
        var previous: Character = " "
        var split: String.Index?
        for index in text.indices {
            if text[index] == "=" && previous != "\\" {
                split = index
                break
            }
            previous = text[index]
        }
        guard let split, split != text.startIndex else {
            throw .invalidOption(
                "--remap: '\(text)' is not REGEX=REPLACEMENT, e.g. '^https://linkedin\\.com/=http://127.0.0.1:8080/'")
        }
        try self.init(pattern: String(text[..<split]), replacement: String(text[text.index(after: split)...]))
    }

    public var description: String { pattern + "=" + replacement }

    /// `url` rewritten, or `nil` when the pattern does not match.
    public func apply(_ url: String) -> String? {
        guard let match = url.firstMatch(of: regex) else { return nil }
        var out = ""
        var chars = replacement.makeIterator()
        while let c = chars.next() {
            guard c == "$" else {
                out.append(c)
                continue
            }
            guard let d = chars.next() else {
                out.append("$")
                break
            }
            if let n = d.wholeNumberValue, n < match.output.count {
                if let sub = match.output[n].substring { out += sub }
            } else {
                out.append("$")
                out.append(d)
            }
        }
        return String(url[..<match.range.lowerBound]) + out + String(url[match.range.upperBound...])
    }

    /// `url` after the first rule that matches, or unchanged.
    public static func apply(_ rules: [URLRemap], to url: String) -> String {
        for rule in rules { if let mapped = rule.apply(url) { return mapped } }
        return url
    }
}

/// A link-check setting that cannot be used, with what to fix.
public enum LinkCheckError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidOption(String)

    public var description: String {
        switch self {
        case .invalidOption(let message): message
        }
    }
}
