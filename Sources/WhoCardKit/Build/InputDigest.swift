/// What a user's cards were rendered from: a hash of their export row's values and of
/// everything else a card and a row's findings depend on (whocard's version, the templates,
/// the validator's limits). A rebuild that finds the same input digest in the manifest keeps
/// the user's cards without rendering them again, and, when the row had no findings then,
/// without validating it again: the same values give the same (clean) outcome.
///
/// The first 127 bits of a SHA-256 (the lowest bit is always 0, so a manifest entry can keep
/// a flag there): 16 bytes a user in memory.
public struct InputDigest: Sendable, Hashable {
    var high: UInt64
    var low: UInt64

    /// Stands for "no digest" where an optional would cost padding (a real one is never all zero in practice).
    static let unknown = InputDigest(high: 0, low: 0)

    init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Digest of what every card of a build depends on besides its row.
    /// `locales` are the fingerprints of the renderers of the build's other languages.
    public static func context(renderer: CardRenderer, validator: ProfileValidator, locales: [String] = []) -> [UInt8] {
        // `entries 2`: manifests since entries say which rows had findings (older ones are not
        // trusted to skip a row's validation, so their digests must not match).
        let text =
            "whocard \(WhoCard.version)\nentries 2\n\(renderer.fingerprint)\n"
            + "text \(validator.maxTextLength) bio \(validator.maxBioLength) url \(validator.urls.maxLength)\n"
            + locales.map { "locale \($0)\n" }.joined()
        let words = Array(text.utf8).withUnsafeBytes { SHA256.digest($0) }
        var bytes: [UInt8] = []
        for word in [words.0, words.1, words.2, words.3, words.4, words.5, words.6, words.7] {
            withUnsafeBytes(of: word.bigEndian) { bytes.append(contentsOf: $0) }
        }
        return bytes
    }

    /// The digest of `record`'s values under `context` (from ``context(renderer:validator:)``),
    /// and of `extra`, what else this user's cards show (their verified links), when any.
    init(_ record: ProfileRecord, context: [UInt8], extra: [UInt8]? = nil) {
        let words = record.withCanonicalBytes { values in
            var bytes = context
            bytes.append(contentsOf: values)
            if let extra {
                // The canonical bytes start with the values' ends, which fix where they stop.
                bytes.append(contentsOf: "\nextra \(extra.count)\n".utf8)
                bytes.append(contentsOf: extra)
            }
            return bytes.withUnsafeBytes { SHA256.digest($0) }
        }
        high = UInt64(words.0) << 32 | UInt64(words.1)
        low = (UInt64(words.2) << 32 | UInt64(words.3)) & ~1
    }

    init?(hex: String) {
        var hex = hex
        guard let digest = hex.withUTF8({ InputDigest(hex: $0) }) else { return nil }
        self = digest
    }

    /// From exactly 32 hex digits.
    init?(hex: UnsafeBufferPointer<UInt8>) {
        guard hex.count == 32, let high = Digest.word(hex: hex, at: 0), let low = Digest.word(hex: hex, at: 16) else {
            return nil
        }
        self.init(high: high, low: low & ~1)
    }

    public var hex: String { Digest.hex16(high) + Digest.hex16(low) }
}
