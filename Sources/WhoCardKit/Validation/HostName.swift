/// A validated DNS host name in both spellings: lower-case ASCII (Punycode, what URLs carry)
/// and lower-case Unicode (what people read).
///
/// Accepted: dot-separated labels of letters, digits and inner hyphens, at least two labels,
/// a top-level domain of letters, 63 bytes a label and 253 in all (ASCII form), Unicode labels
/// (IDN) in either spelling. Rejected: IP literals (a profile link names a site, and an IP host
/// is a common way to hide where a link goes), `_`, `%` and every other character.
public struct HostName: Sendable, Equatable, Hashable {
    public let ascii: String
    public let unicode: String

    /// Parses a host as typed (any case, Unicode or `xn--`, one trailing dot allowed).
    /// The error is the reason, worded to follow "host 'x' " (e.g. "is an IP address…").
    public static func parse(_ raw: Substring) -> Result<HostName, HostName.Problem> {
        if let host = parseCommonASCII(raw) { return .success(host) }
        var text = raw
        if text.utf8.last == UInt8(ascii: ".") { text = text.dropLast() }
        guard !text.isEmpty else { return .failure(.empty) }
        if text.utf8.first == UInt8(ascii: "[") || isIPv4(text) {
            return .failure(.reason("is an IP address; use the site's name"))
        }
        var asciiLabels: [String] = []
        var unicodeLabels: [String] = []
        for label in text.split(separator: ".", omittingEmptySubsequences: false) {
            switch parseLabel(label) {
            case .failure(let problem): return .failure(problem)
            case .success(let pair):
                asciiLabels.append(pair.ascii)
                unicodeLabels.append(pair.unicode)
            }
        }
        guard asciiLabels.count >= 2 else {
            return .failure(.reason("is not a full domain name (it has no dot)"))
        }
        if let tld = unicodeLabels.last, !isTopLevelDomain(tld) {
            return .failure(.reason("does not end in a top-level domain of letters"))
        }
        let ascii = asciiLabels.joined(separator: ".")
        guard ascii.utf8.count <= 253 else {
            return .failure(.reason("is longer than 253 characters"))
        }
        return .success(HostName(ascii: ascii, unicode: unicodeLabels.joined(separator: ".")))
    }

    /// The common case in one pass over the bytes: an ASCII host that ``parse(_:)`` accepts
    /// without Punycode (no `xn--` label). `nil` for anything else, which the general path
    /// then parses (and words the problem of).
    private static func parseCommonASCII(_ raw: Substring) -> HostName? {
        guard let scan = withBytes(raw, commonASCII) else { return nil }
        let utf8 = raw.utf8
        let bytes = utf8[utf8.startIndex..<utf8.index(utf8.startIndex, offsetBy: scan.length)]
        let text =
            scan.hasUpper ? String(decoding: bytes.lazy.map(asciiLower), as: UTF8.self) : String(Substring(bytes))
        return HostName(ascii: text, unicode: text)
    }

    /// Whether `bytes` are a host of the common kind ``parse(_:)`` accepts at once (ASCII, no
    /// `xn--` label): its length without a trailing dot, and whether it has upper-case
    /// letters; `nil` for every other host.
    static func commonASCII(_ all: UnsafeBufferPointer<UInt8>) -> (length: Int, hasUpper: Bool)? {
        let bytes = all.last == UInt8(ascii: ".") ? UnsafeBufferPointer(rebasing: all.dropLast()) : all
        guard !bytes.isEmpty, bytes.count <= 253 else { return nil }
        var hasUpper = false
        var labels = 1
        var labelStart = 0
        var labelIsLetters = true
        for index in 0..<bytes.count {
            let byte = bytes[index]
            if byte &- UInt8(ascii: "a") < 26 { continue }  // most bytes: one comparison
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): hasUpper = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"): labelIsLetters = false
            case UInt8(ascii: "."):
                guard isCommonLabel(bytes, labelStart..<index) else { return nil }
                labels += 1
                labelStart = index + 1
                labelIsLetters = true
            default: return nil
            }
        }
        // The last label is the top-level domain: two or more letters (so never an IP address).
        guard isCommonLabel(bytes, labelStart..<bytes.count), labelIsLetters, bytes.count - labelStart >= 2,
            labels >= 2
        else { return nil }
        return (bytes.count, hasUpper)
    }

    /// Whether the label `bytes[label]` (of letters, digits and `-`) is of the common kind:
    /// 1–63 bytes, no `-` at either end, not Punycode (`xn--`, any case).
    @inline(__always)
    private static func isCommonLabel(_ bytes: UnsafeBufferPointer<UInt8>, _ label: Range<Int>) -> Bool {
        let start = label.lowerBound
        guard (1...63).contains(label.count), bytes[start] != UInt8(ascii: "-"),
            bytes[label.upperBound - 1] != UInt8(ascii: "-")
        else { return false }
        let punycode =
            label.count >= 4 && bytes[start] | 0x20 == UInt8(ascii: "x") && bytes[start + 1] | 0x20 == UInt8(ascii: "n")
            && bytes[start + 2] == UInt8(ascii: "-") && bytes[start + 3] == UInt8(ascii: "-")
        return !punycode
    }

    /// Why a host was rejected.
    public enum Problem: Sendable, Equatable, Hashable, Error {
        /// Nothing between `//` and the path.
        case empty
        /// A reason that reads after "host 'x' ".
        case reason(String)
    }

    private static func parseLabel(_ label: Substring) -> Result<(ascii: String, unicode: String), Problem> {
        guard !label.isEmpty else { return .failure(.reason("has an empty label (two dots in a row)")) }
        let bytes = label.utf8
        if bytes.allSatisfy({ $0 < 0x80 }) {
            var lower = [UInt8]()
            lower.reserveCapacity(bytes.count)
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"):
                    lower.append(byte)
                case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                    lower.append(byte + 32)
                default:
                    return .failure(
                        .reason("contains '\(Character(Unicode.Scalar(byte)))', which host names cannot contain"))
                }
            }
            let ascii = String(decoding: lower, as: UTF8.self)
            if let problem = checkShape(ascii) { return .failure(problem) }
            guard ascii.hasPrefix("xn--") else { return .success((ascii, ascii)) }
            let encoded = String(ascii.dropFirst(4))
            guard let decoded = Punycode.decode(encoded), !decoded.unicodeScalars.allSatisfy(\.isASCII),
                decoded.lowercased() == decoded, Punycode.encode(decoded) == encoded,
                unicodeLabelProblem(decoded) == nil
            else { return .failure(.reason("has a label '\(ascii)' that is not valid Punycode")) }
            return .success((ascii, decoded))
        }
        let unicode = String(label).lowercased()
        if let problem = unicodeLabelProblem(unicode) { return .failure(problem) }
        guard let encoded = Punycode.encode(unicode) else {
            return .failure(.reason("has a label that is too long"))
        }
        let ascii = "xn--" + encoded
        if let problem = checkShape(ascii) { return .failure(problem) }
        return .success((ascii, unicode))
    }

    private static func checkShape(_ ascii: String) -> Problem? {
        if ascii.utf8.count > 63 { return .reason("has a label longer than 63 characters") }
        if ascii.utf8.first == UInt8(ascii: "-") || ascii.utf8.last == UInt8(ascii: "-") {
            return .reason("has a label that starts or ends with '-'")
        }
        return nil
    }

    private static func unicodeLabelProblem(_ label: String) -> Problem? {
        for scalar in label.unicodeScalars {
            if scalar.isASCII {
                let byte = UInt8(scalar.value)
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"):
                    continue
                default:
                    return .reason("contains '\(Character(scalar))', which host names cannot contain")
                }
            }
            let properties = scalar.properties
            switch properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber:
                continue
            default:
                if properties.isAlphabetic { continue }
                return .reason("contains '\(Character(scalar))' (U+\(hex(scalar))), which host names cannot contain")
            }
        }
        return nil
    }

    private static func isTopLevelDomain(_ label: String) -> Bool {
        var count = 0
        for scalar in label.unicodeScalars {
            count += 1
            if scalar.isASCII {
                guard (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(UInt8(scalar.value)) else { return false }
            } else if !scalar.properties.isAlphabetic && scalar.properties.generalCategory != .nonspacingMark
                && scalar.properties.generalCategory != .spacingMark
            {
                return false
            }
        }
        return count >= 2 || !label.unicodeScalars.allSatisfy(\.isASCII)
    }

    private static func isIPv4(_ text: Substring) -> Bool {
        text.utf8.allSatisfy { ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: ".") }
    }
}

/// Upper-case hex of a scalar, at least 4 digits (`200B`).
func hex(_ scalar: Unicode.Scalar) -> String {
    let digits = String(scalar.value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}
