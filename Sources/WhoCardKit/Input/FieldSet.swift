/// A set of ``Field``s, one bit each (by ``Field/index``): free to copy and test.
struct FieldSet: Sendable, Equatable {
    private var bits: UInt32 = 0

    /// Every field.
    static let all: FieldSet = {
        var set = FieldSet()
        for field in Field.allCases { set.insert(field) }
        return set
    }()

    @inline(__always)
    func contains(_ field: Field) -> Bool { bits & (1 << UInt32(field.index)) != 0 }

    @inline(__always)
    mutating func insert(_ field: Field) { bits |= 1 << UInt32(field.index) }
}
