/// One row of a settings export, as read: raw field values, not yet validated.
///
/// The values live back to back in one string, in ``Field`` order, so reading a row costs
/// one allocation however many fields it fills (the layout of a CSV library's string
/// record). An absent value and an empty one are the same: `nil`.
public struct ProfileRecord: Sendable, Equatable {
    /// Where the row starts in the export (1-based line; for JSON, the line of the object's `{`).
    public var line: Int
    /// Column of the row's start (1-based), when the format has columns.
    public var column: Int?
    /// Every value, in field order.
    private var text: String
    /// UTF-8 offset in `text` where each field's value ends; it starts where the previous one ends.
    private var ends: FieldEnds

    public init(line: Int, column: Int? = nil) {
        self.line = line
        self.column = column
        self.text = ""
        self.ends = InlineArray(repeating: 0)
    }

    /// A record holding `values`, indexed by ``Field/index`` (`nil` or missing: absent).
    public init(line: Int, column: Int? = nil, values: [String?]) {
        self.init(line: line, column: column)
        var text = ""
        for index in 0..<Self.fieldCount {
            if index < values.count, let value = values[index] { text += value }
            ends[index] = UInt32(text.utf8.count)
        }
        self.text = text
    }

    /// Convenience for tests and library callers: build a record from field/value pairs.
    public init(line: Int = 1, _ pairs: [Field: String]) {
        self.init(line: line, values: Field.allCases.map { pairs[$0] })
    }

    /// For readers: a record from its values already joined in field order.
    init(line: Int, column: Int?, text: String, ends: FieldEnds) {
        self.line = line
        self.column = column
        self.text = text
        self.ends = ends
    }

    /// How many fields a record holds (``Field/allCases``).
    static let fieldCount = Field.allCases.count
    /// How many fields a record can hold: the size of its inline end offsets.
    static let maxFieldCount = 32
    /// Each field's end offset, inline (no allocation per record).
    typealias FieldEnds = InlineArray<32, UInt32>

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
        let (start, end) = Self.bounds(of: index, in: ends)
        if start == end { return nil }
        if start == 0 && end == text.utf8.count { return text }
        let utf8 = text.utf8
        return String(
            Substring(utf8[utf8.index(utf8.startIndex, offsetBy: start)..<utf8.index(utf8.startIndex, offsetBy: end)]))
    }

    /// Whether the field at `index` has a value that is not only white space, read from the
    /// bytes (no string is made unless the value has non-ASCII characters).
    func hasVisibleValue(at index: Int) -> Bool {
        let (start, end) = Self.bounds(of: index, in: ends)
        guard start != end else { return false }
        let ascii: Bool? = withBytes(text) { bytes in
            var sawNonASCII = false
            for byte in bytes[start..<end] {
                if byte >= 0x80 {
                    sawNonASCII = true
                } else if !isASCIIWhitespace(byte) {
                    return true
                }
            }
            return sawNonASCII ? nil : false
        }
        if let ascii { return ascii }
        // Only white space and non-ASCII bytes: the characters decide (U+00A0, U+3000, …).
        return value(at: index).map { !$0.allSatisfy(\.isWhitespace) } ?? false
    }

    /// Calls `body` with the values as bytes, without making a string.
    func withValueBytes<R>(_ body: (ValueBytes) throws -> R) rethrows -> R {
        try withBytes(text) { try body(ValueBytes(all: $0, ends: ends)) }
    }

    /// A record's values as bytes, valid inside ``withValueBytes(_:)``.
    struct ValueBytes {
        fileprivate let all: UnsafeBufferPointer<UInt8>
        fileprivate let ends: FieldEnds

        /// The bytes of the field at ``Field/index`` `index` (empty when it is absent).
        subscript(index: Int) -> UnsafeBufferPointer<UInt8> {
            let (start, end) = ProfileRecord.bounds(of: index, in: ends)
            return UnsafeBufferPointer(rebasing: all[start..<end])
        }
    }

    /// Whether the field at `index` has a value (possibly only spaces).
    @inline(__always)
    func hasValue(at index: Int) -> Bool {
        let (start, end) = Self.bounds(of: index, in: ends)
        return start != end
    }

    /// Where the value of the field at `index` starts and ends in the joined values: it
    /// starts where the previous field's ends.
    @inline(__always)
    private static func bounds(of index: Int, in ends: FieldEnds) -> (start: Int, end: Int) {
        (index == 0 ? 0 : Int(ends[index - 1]), Int(ends[index]))
    }

    /// Calls `body` with the values and every field's end offset: two records give the same
    /// bytes exactly when their values are equal, whichever format they were read from.
    func withCanonicalBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(4 * Self.fieldCount + text.utf8.count)
        for index in 0..<Self.fieldCount {
            withUnsafeBytes(of: ends[index].littleEndian) { bytes.append(contentsOf: $0) }
        }
        bytes.append(contentsOf: text.utf8)
        return try bytes.withUnsafeBytes(body)
    }

    public static func == (a: ProfileRecord, b: ProfileRecord) -> Bool {
        guard a.line == b.line, a.column == b.column, a.text == b.text else { return false }
        for index in 0..<fieldCount where a.ends[index] != b.ends[index] { return false }
        return true
    }
}
