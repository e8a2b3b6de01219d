/// Size limits that keep a malformed export from exhausting memory or the stack.
///
/// A field or row over its limit is rejected as a row error and reading goes on.
public struct ReaderLimits: Sendable, Equatable {
    /// Longest field, in bytes (CSV field or JSON string).
    public var maxFieldBytes: Int
    /// Longest row, in bytes: a CSV record with its line break, a JSON profile object, a JSON Lines line.
    public var maxRowBytes: Int
    /// Deepest JSON nesting of arrays and objects, counting the enclosing array and wrapper object.
    public var maxJSONDepth: Int

    public init(maxFieldBytes: Int = 65_536, maxRowBytes: Int = 1_048_576, maxJSONDepth: Int = 64) {
        self.maxFieldBytes = max(1, maxFieldBytes)
        self.maxRowBytes = max(2, maxRowBytes)
        self.maxJSONDepth = max(3, maxJSONDepth)
    }

    /// 64 KiB fields, 1 MiB rows, JSON nested 64 levels deep.
    public static let `default` = ReaderLimits()
}
