/// SipHash-2-4 with its 128-bit output (Aumasson and Bernstein): a keyed hash whose outputs
/// cannot be predicted, so inputs that collide cannot be crafted, without the key.
///
/// ``FirstLineTable`` keys user ids by it, with a fresh random key every run.
struct SipHash128: Sendable {
    private let k0: UInt64
    private let k1: UInt64

    /// A hash with a random key from the system's secure generator.
    init() {
        var generator = SystemRandomNumberGenerator()
        self.init(k0: generator.next(), k1: generator.next())
    }

    /// A hash with a fixed key: the key's first 8 bytes as a little-endian `k0`, the last 8 as `k1`.
    init(k0: UInt64, k1: UInt64) {
        self.k0 = k0
        self.k1 = k1
    }

    /// The 128-bit hash of `text`'s UTF-8 bytes, as the reference's 16 output bytes read as two
    /// little-endian words.
    func hash(_ text: String) -> (UInt64, UInt64) {
        withBytes(text, hash(bytes:))
    }

    func hash(bytes: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
        var state = State(k0: k0, k1: k1)
        let count = bytes.count
        let whole = count & ~7
        var index = 0
        while index < whole {
            var m: UInt64 = 0
            for offset in 0..<8 { m |= UInt64(bytes[index + offset]) << (8 * offset) }
            state.compress(m)
            index += 8
        }
        var last = UInt64(truncatingIfNeeded: count) << 56
        for offset in 0..<(count - whole) { last |= UInt64(bytes[whole + offset]) << (8 * offset) }
        state.compress(last)
        return state.finish()
    }

    /// The four words of state (`v0`…`v3` in the paper).
    private struct State {
        var v0, v1, v2, v3: UInt64

        init(k0: UInt64, k1: UInt64) {
            v0 = k0 ^ 0x736f_6d65_7073_6575
            v1 = k1 ^ 0x646f_7261_6e64_6f6d ^ 0xee  // 0xee: the 128-bit output variant
            v2 = k0 ^ 0x6c79_6765_6e65_7261
            v3 = k1 ^ 0x7465_6462_7974_6573
        }

        mutating func compress(_ m: UInt64) {
            v3 ^= m
            round()
            round()
            v0 ^= m
        }

        mutating func finish() -> (UInt64, UInt64) {
            v2 ^= 0xee
            for _ in 0..<4 { round() }
            let first = v0 ^ v1 ^ v2 ^ v3
            v1 ^= 0xdd
            for _ in 0..<4 { round() }
            return (first, v0 ^ v1 ^ v2 ^ v3)
        }

        private mutating func round() {
            v0 = v0 &+ v1
            v1 = rotate(v1, 13)
            v1 ^= v0
            v0 = rotate(v0, 32)
            v2 = v2 &+ v3
            v3 = rotate(v3, 16)
            v3 ^= v2
            v0 = v0 &+ v3
            v3 = rotate(v3, 21)
            v3 ^= v0
            v2 = v2 &+ v1
            v1 = rotate(v1, 17)
            v1 ^= v2
            v2 = rotate(v2, 32)
        }

        @inline(__always)
        private func rotate(_ x: UInt64, _ bits: UInt64) -> UInt64 { (x << bits) | (x >> (64 - bits)) }
    }
}
