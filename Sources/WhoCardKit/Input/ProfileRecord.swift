/// One row of a settings export, as read: raw field values, not yet validated.
///
/// The values live back to back in one buffer, in ``Field`` order, after each field's end
/// offset, so reading a row costs one allocation however many fields it fills (the layout of
/// a CSV library's string record), and a record is small to move between threads. An absent
/// value and an empty one are the same: `nil`.
public struct ProfileRecord: Sendable, Equatable {
    /// Where the row starts in the export (1-based line; for JSON, the line of the object's `{`).
    public var line: Int
    /// Column of the row's start (1-based), when the format has columns.
    public var column: Int?
    /// Each field's end offset in the values (UInt32, little-endian, ``fieldCount`` of them),
    /// then every value in field order: a field starts where the previous one ends.
    private var storage: [UInt8]

    public init(line: Int, column: Int? = nil) {
        self.init(line: line, column: column, values: [])
    }

    /// A record holding `values`, indexed by ``Field/index`` (`nil` or missing: absent).
    public init(line: Int, column: Int? = nil, values: [String?]) {
        let values = values.prefix(Self.fieldCount)
        let capacity = values.reduce(0) { $0 + ($1?.utf8.count ?? 0) }
        self.init(line: line, column: column, textCapacity: capacity) { target, setEnd in
            var length = 0
            for index in 0..<Self.fieldCount {
                if index < values.count, var value = values[index] {
                    length += value.withUTF8 { source in
                        if let base = source.baseAddress, !source.isEmpty {
                            (target.baseAddress! + length).initialize(from: base, count: source.count)
                        }
                        return source.count
                    }
                }
                setEnd(index, UInt32(length))
            }
            return length
        }
    }

    /// Convenience for tests and library callers: build a record from field/value pairs.
    public init(line: Int = 1, _ pairs: [Field: String]) {
        self.init(line: line, values: Field.allCases.map { pairs[$0] })
    }

    /// For readers: a record of at most `textCapacity` bytes of values. `fill` writes them into
    /// the buffer it is given, gives each field's end offset to `setEnd` (every field's, in
    /// order) and returns how many bytes it wrote.
    init(
        line: Int, column: Int?, textCapacity: Int,
        fill: (UnsafeMutableBufferPointer<UInt8>, (Int, UInt32) -> Void) -> Int
    ) {
        self.line = line
        self.column = column
        let header = 4 * Self.fieldCount
        storage = [UInt8](unsafeUninitializedCapacity: header + textCapacity) { buffer, initialized in
            let base = UnsafeMutableRawPointer(buffer.baseAddress!)
            let written = fill(UnsafeMutableBufferPointer(start: buffer.baseAddress! + header, count: textCapacity)) {
                index, end in
                base.storeBytes(of: end.littleEndian, toByteOffset: 4 * index, as: UInt32.self)
            }
            precondition(written <= textCapacity, "a record's values overran their buffer")
            initialized = header + written
        }
    }

    /// How many fields a record holds (``Field/allCases``).
    static let fieldCount = Field.allCases.count

    public subscript(field: Field) -> String? {
        get { value(at: field.index) }
        set {
            var values = (0..<Self.fieldCount).map(value(at:))
            values[field.index] = newValue
            self = ProfileRecord(line: line, column: column, values: values)
        }
    }

    /// The value of the field at ``Field/index`` `index`, or `nil` when it is absent or empty.
    @inline(__always)
    func value(at index: Int) -> String? {
        withValueBytes { values in
            let bytes = values[index]
            // The reader checked the bytes are UTF-8.
            return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
        }
    }

    /// How many of the fields at `indices` have a value that is not only white space, read
    /// from the bytes (no string is made unless a value has only white space and non-ASCII
    /// characters).
    func visibleValueCount(at indices: [Int]) -> Int {
        withValueBytes { values in
            var count = 0
            for index in indices {
                // Only white space and non-ASCII bytes: the characters decide (U+00A0, U+3000, …).
                if Self.hasVisibleASCII(values[index])
                    ?? value(at: index).map({ !$0.allSatisfy(\.isWhitespace) }) ?? false
                {
                    count += 1
                }
            }
            return count
        }
    }

    /// Whether `bytes` have an ASCII character that is not white space; `nil` when they have
    /// none but have non-ASCII characters, which may or may not be white space.
    @inline(__always)
    private static func hasVisibleASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        var sawNonASCII = false
        for byte in bytes {
            if byte >= 0x80 {
                sawNonASCII = true
            } else if !isASCIIWhitespace(byte) {
                return true
            }
        }
        return sawNonASCII ? nil : false
    }

    /// Calls `body` with the values as bytes, without making a string.
    @inline(__always)
    func withValueBytes<R>(_ body: (ValueBytes) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer { try body(ValueBytes(storage: $0, header: 4 * Self.fieldCount)) }
    }

    /// A record's values as bytes, valid inside ``withValueBytes(_:)``.
    struct ValueBytes {
        fileprivate let storage: UnsafeBufferPointer<UInt8>
        /// Where the values start: after the end offsets.
        fileprivate let header: Int

        /// The bytes of the field at ``Field/index`` `index` (empty when it is absent).
        @inline(__always)
        subscript(index: Int) -> UnsafeBufferPointer<UInt8> {
            let raw = UnsafeRawBufferPointer(storage)
            let start =
                index == 0
                ? 0 : Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * (index - 1), as: UInt32.self)))
            let end = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self)))
            return UnsafeBufferPointer(rebasing: storage[(header + start)..<(header + end)])
        }
    }

    /// Whether the field at `index` has a value (possibly only spaces).
    @inline(__always)
    func hasValue(at index: Int) -> Bool {
        withValueBytes { !$0[index].isEmpty }
    }

    /// Calls `body` with the values and every field's end offset: two records give the same
    /// bytes exactly when their values are equal, whichever format they were read from.
    func withCanonicalBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try storage.withUnsafeBytes(body)
    }

    public static func == (a: ProfileRecord, b: ProfileRecord) -> Bool {
        a.line == b.line && a.column == b.column && a.storage == b.storage
    }
}
