import Foundation

extension Manifest {
    /// Reads a user's line, a flat JSON object (see ``appendLine(_:to:)``), in one pass and
    /// without a string per field: a rebuild reads a million of them before it can start.
    /// Keys may come in any order; unknown ones are skipped. `nil` when it is malformed or
    /// lacks `id` or `sha256` (strings with escapes are not ours, so they count as malformed).
    enum UserLine {
        static func entry(from text: UnsafeBufferPointer<UInt8>) -> Entry? {
            var scanner = Scanner(text: text)
            var id: String?, digest: Digest?, input: InputDigest?, findings = false, gallery: [Int]?
            guard scanner.take(UInt8(ascii: "{")) else { return nil }
            repeat {
                guard let key = scanner.string(), scanner.take(UInt8(ascii: ":")) else { return nil }
                switch true {
                case scanner.equals(key, "id"):
                    guard let value = scanner.string() else { return nil }
                    id = String(decoding: UnsafeBufferPointer(rebasing: text[value]), as: UTF8.self)
                case scanner.equals(key, "sha256"):
                    guard let value = scanner.string(),
                        let parsed = Digest(hex: UnsafeBufferPointer(rebasing: text[value]))
                    else { return nil }
                    digest = parsed
                case scanner.equals(key, "input"):
                    guard let value = scanner.string() else { return nil }
                    input = InputDigest(hex: UnsafeBufferPointer(rebasing: text[value]))
                case scanner.equals(key, "findings"):
                    guard let value = scanner.literal() else { return nil }
                    findings = value
                case scanner.equals(key, "gallery"):
                    gallery = scanner.numbers()
                    if gallery == nil, !scanner.skipValue() { return nil }
                default:
                    guard scanner.skipValue() else { return nil }
                }
            } while scanner.take(UInt8(ascii: ","))
            guard scanner.take(UInt8(ascii: "}")), let id, let digest else { return nil }
            var entry = Entry(id: id, digest: digest, input: input)
            entry.hasFindings = findings
            if let gallery, gallery.count == 2, gallery[1] > 0, gallery[0] <= Int.max - gallery[1] {
                entry.galleryRange = gallery[0]..<(gallery[0] + gallery[1])
            }
            return entry
        }

        private struct Scanner {
            let text: UnsafeBufferPointer<UInt8>
            var position = 0

            private mutating func skipSpaces() {
                while position < text.count, text[position] == UInt8(ascii: " ") { position += 1 }
            }

            /// Consumes `byte` (after spaces) if it comes next.
            mutating func take(_ byte: UInt8) -> Bool {
                skipSpaces()
                guard position < text.count, text[position] == byte else { return false }
                position += 1
                return true
            }

            /// The bytes of a string without escapes.
            mutating func string() -> Range<Int>? {
                guard take(UInt8(ascii: "\"")) else { return nil }
                let start = position
                while position < text.count, text[position] != UInt8(ascii: "\"") {
                    if text[position] == UInt8(ascii: "\\") { return nil }
                    position += 1
                }
                guard position < text.count else { return nil }
                position += 1
                return start..<position - 1
            }

            mutating func literal() -> Bool? {
                skipSpaces()
                for (word, value) in [("true", true), ("false", false)] where text[position...].starts(with: word.utf8)
                {
                    position += word.utf8.count
                    return value
                }
                return nil
            }

            /// An array of non-negative integers.
            mutating func numbers() -> [Int]? {
                let start = position
                guard take(UInt8(ascii: "[")) else { return nil }
                var numbers: [Int] = []
                repeat {
                    skipSpaces()
                    var value = 0, digits = 0
                    while position < text.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(text[position]) {
                        let (times, overflow) = value.multipliedReportingOverflow(by: 10)
                        let (sum, overflow2) = times.addingReportingOverflow(Int(text[position] - UInt8(ascii: "0")))
                        guard !overflow, !overflow2 else {
                            position = start
                            return nil
                        }
                        value = sum
                        digits += 1
                        position += 1
                    }
                    guard digits > 0 else {
                        position = start
                        return nil
                    }
                    numbers.append(value)
                } while take(UInt8(ascii: ","))
                guard take(UInt8(ascii: "]")) else {
                    position = start
                    return nil
                }
                return numbers
            }

            /// Skips a string, literal, number or array of those.
            mutating func skipValue() -> Bool {
                skipSpaces()
                guard position < text.count else { return false }
                switch text[position] {
                case UInt8(ascii: "\""):
                    return string() != nil
                case UInt8(ascii: "["):
                    position += 1
                    if take(UInt8(ascii: "]")) { return true }
                    repeat { guard skipValue() else { return false } } while take(UInt8(ascii: ","))
                    return take(UInt8(ascii: "]"))
                default:
                    let start = position
                    while position < text.count, text[position] != UInt8(ascii: ","),
                        text[position] != UInt8(ascii: "}"),
                        text[position] != UInt8(ascii: "]"), text[position] != UInt8(ascii: " ")
                    { position += 1 }
                    return position > start
                }
            }

            func equals(_ range: Range<Int>, _ word: StaticString) -> Bool {
                range.count == word.utf8CodeUnitCount
                    && memcmp(text.baseAddress! + range.lowerBound, word.utf8Start, range.count) == 0
            }
        }
    }
}
