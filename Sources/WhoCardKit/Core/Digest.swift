import Foundation

/// A SHA-256 digest held as four words: 32 bytes per user in memory, not a 64-character string.
public struct Digest: Sendable, Hashable {
    var words: (UInt64, UInt64, UInt64, UInt64)

    init(words: (UInt64, UInt64, UInt64, UInt64)) { self.words = words }

    init(_ w: SHA256.Words) {
        words = (
            UInt64(w.0) << 32 | UInt64(w.1), UInt64(w.2) << 32 | UInt64(w.3),
            UInt64(w.4) << 32 | UInt64(w.5), UInt64(w.6) << 32 | UInt64(w.7)
        )
    }

    init?(hex: String) {
        var hex = hex
        guard let digest = hex.withUTF8({ Digest(hex: $0) }) else { return nil }
        self = digest
    }

    /// From exactly 64 hex digits.
    init?(hex: UnsafeBufferPointer<UInt8>) {
        guard hex.count == 64, let w0 = Self.word(hex: hex, at: 0), let w1 = Self.word(hex: hex, at: 16),
            let w2 = Self.word(hex: hex, at: 32), let w3 = Self.word(hex: hex, at: 48)
        else { return nil }
        words = (w0, w1, w2, w3)
    }

    /// The 16 hex digits (either case) at `offset` of `hex` as a word; `nil` if one is not a digit.
    static func word(hex: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt64? {
        guard offset >= 0, offset + 16 <= hex.count else { return nil }
        var word: UInt64 = 0
        for byte in hex[offset..<offset + 16] {
            let nibble: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            word = word << 4 | UInt64(nibble)
        }
        return word
    }

    public var hex: String { Self.hex([words.0, words.1, words.2, words.3]) }

    /// `word` as 16 lowercase hex digits.
    static func hex16(_ word: UInt64) -> String { hex([word]) }

    /// The words' lowercase hex digits, 16 a word.
    static func hex(_ words: [UInt64]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16 * words.count)
        for word in words { appendHex(word, to: &bytes) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `word` as 16 lowercase hex digits.
    static func appendHex(_ word: UInt64, to out: inout [UInt8]) {
        for shift in stride(from: 60, through: 0, by: -4) {
            let nibble = UInt8(truncatingIfNeeded: word >> UInt64(shift)) & 0xF
            out.append(nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10)
        }
    }

    public static func == (a: Digest, b: Digest) -> Bool { a.words == b.words }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }
}
