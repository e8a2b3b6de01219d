// Byte-level string helpers shared by every stage: loops over a string's UTF-8 buffer are
// much faster than over its characters, and most export values are ASCII.

import Foundation

/// `value` with leading and trailing whitespace (Unicode, including line breaks) removed.
func trimmed(_ value: String) -> String {
    // Fast path: ASCII ends that are not whitespace (U+0009–U+000D and the space are the only
    // ASCII scalars with the White_Space property).
    if let firstByte = value.utf8.first, let lastByte = value.utf8.last, firstByte < 0x80, lastByte < 0x80,
        !isASCIIWhitespace(firstByte), !isASCIIWhitespace(lastByte)
    {
        return value
    }
    guard let first = value.unicodeScalars.first, let last = value.unicodeScalars.last else { return value }
    if !first.properties.isWhitespace && !last.properties.isWhitespace { return value }
    let scalars = value.unicodeScalars
    guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
    let end = scalars.lastIndex(where: { !$0.properties.isWhitespace }) ?? start
    return String(scalars[start...end])
}

/// Trimmed value, or `nil` when it is missing or blank.
func presentValue(_ value: String?) -> String? {
    guard let value else { return nil }
    let text = trimmed(value)
    return text.isEmpty ? nil : text
}

/// A count with thousands separators (`2,048`).
func grouped(_ number: Int) -> String {
    var digits = String(number)
    var index = digits.count - 3
    while index > 0 {
        digits.insert(",", at: digits.index(digits.startIndex, offsetBy: index))
        index -= 3
    }
    return digits
}

/// Whether `byte` is an ASCII scalar with Unicode's White_Space property (tab, line breaks, space).
func isASCIIWhitespace(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: " ") || (0x09...0x0D).contains(byte)
}

/// Whether every byte is ASCII.
func isASCII<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
    bytes.withContiguousStorageIfAvailable { $0.allSatisfy { $0 < 0x80 } } ?? bytes.allSatisfy { $0 < 0x80 }
}

/// Whether every byte of `text` is ASCII.
func isASCII(_ text: String) -> Bool { withBytes(text) { $0.allSatisfy { $0 < 0x80 } } }

/// Whether every byte of `text` is ASCII.
func isASCII(_ text: Substring) -> Bool { withBytes(text) { $0.allSatisfy { $0 < 0x80 } } }

/// Whether `text` contains `byte` (an ASCII byte: a character of its own, or part of `\r\n`).
func containsByte(_ text: String, _ byte: UInt8) -> Bool { withBytes(text) { $0.contains(byte) } }

/// Whether `text` contains `byte`.
func containsByte(_ text: Substring, _ byte: UInt8) -> Bool { withBytes(text) { $0.contains(byte) } }

/// The strings joined, built in one allocation.
func concatenated(_ a: String, _ b: String, _ c: String = "", _ d: String = "") -> String {
    var joined = a
    joined.reserveCapacity(a.utf8.count + b.utf8.count + c.utf8.count + d.utf8.count)
    joined.append(b)
    if !c.isEmpty { joined.append(c) }
    if !d.isEmpty { joined.append(d) }
    return joined
}

/// Runs `body` on the UTF-8 bytes of `text`: byte loops over a buffer are much faster than
/// over a string's UTF-8 view.
@inline(__always)
func withBytes<Result>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
    var text = text
    return try text.withUTF8(body)
}

/// Runs `body` on the UTF-8 bytes of `text`.
@inline(__always)
func withBytes<Result>(_ text: Substring, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
    var text = text
    return try text.withUTF8(body)
}

/// Whether `bytes` start with `lowercasePrefix` (lower-case ASCII), ignoring ASCII case.
func hasASCIIPrefixIgnoringCase<Bytes: Collection<UInt8>>(_ bytes: Bytes, _ lowercasePrefix: StaticString) -> Bool {
    if let result = bytes.withContiguousStorageIfAvailable({ hasASCIIPrefixIgnoringCase(buffer: $0, lowercasePrefix) })
    {
        return result
    }
    let count = lowercasePrefix.utf8CodeUnitCount
    var index = bytes.startIndex
    for offset in 0..<count {
        guard index != bytes.endIndex else { return false }
        guard asciiLower(bytes[index]) == lowercasePrefix.utf8Start[offset] else { return false }
        bytes.formIndex(after: &index)
    }
    return true
}

private func hasASCIIPrefixIgnoringCase(buffer: UnsafeBufferPointer<UInt8>, _ lowercasePrefix: StaticString) -> Bool {
    let count = lowercasePrefix.utf8CodeUnitCount
    guard buffer.count >= count else { return false }
    for offset in 0..<count where asciiLower(buffer[offset]) != lowercasePrefix.utf8Start[offset] { return false }
    return true
}

func asciiLower(_ byte: UInt8) -> UInt8 {
    (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
}

func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

func isLetter(_ byte: UInt8) -> Bool {
    (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
}

func isLetterOrDigit(_ byte: UInt8) -> Bool { isLetter(byte) || isDigit(byte) }

/// Whether `a` and `b` hold the same bytes.
@inline(__always)
func sameBytes(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
    a.count == b.count && (a.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
}

/// Whether `bytes` start with `prefix`.
@inline(__always)
func startsWithBytes(_ bytes: UnsafeBufferPointer<UInt8>, _ prefix: UnsafeBufferPointer<UInt8>) -> Bool {
    bytes.count >= prefix.count && sameBytes(UnsafeBufferPointer(rebasing: bytes[..<prefix.count]), prefix)
}

/// Whether `bytes` end with `suffix`.
@inline(__always)
func endsWithBytes(_ bytes: UnsafeBufferPointer<UInt8>, _ suffix: UnsafeBufferPointer<UInt8>) -> Bool {
    bytes.count >= suffix.count
        && sameBytes(UnsafeBufferPointer(rebasing: bytes[(bytes.count - suffix.count)...]), suffix)
}
