/// Builds the findings readers report, with the rule's severity and hint from ``Rule/all``.
enum ReadFinding {
    static func make(
        _ ruleID: String, file: String, line: Int, column: Int? = nil, field: String? = nil,
        userID: String? = nil, value: String? = nil, message: String
    ) -> Finding {
        let rule = Rule.named(ruleID)
        return Finding(
            severity: rule?.severity ?? .error, rule: ruleID, userID: userID, file: file, line: line,
            column: column, field: field, value: value, message: message, hint: rule?.hint ?? "")
    }

    /// `export.incomplete`: reading stopped at byte `offset` (line `line`) for `reason`, and
    /// `unread` bytes after it were not read as rows (of `total`, when the size is known).
    static func incomplete(file: String, line: Int, offset: Int, unread: Int, total: Int?, reason: String) -> Finding {
        let rest =
            unread > 0
            ? "; \(unread) byte\(unread == 1 ? "" : "s")\(total.map { " of \($0)" } ?? "") after it were not read as rows"
            : ""
        return make(
            "export.incomplete", file: file, line: line,
            message: "Reading stopped at line \(line) (byte \(offset)): \(reason)\(rest). A build removes no card "
                + "while the export is incomplete.")
    }

    /// `export.empty`: a header and no data rows.
    static func empty(file: String, line: Int) -> Finding {
        make(
            "export.empty", file: file, line: line,
            message: "The export has a header but no data rows. A build keeps the existing cards.")
    }

    /// The single warning naming every column or key whocard does not use.
    static func unknownColumns(_ names: [String], file: String, line: Int, noun: String) -> Finding {
        let list = names.map { "'\($0)'" }.joined(separator: ", ")
        let message =
            names.count == 1
            ? "The \(noun) \(list) is not used."
            : "\(names.count) \(noun)s are not used: \(list)."
        return make("input.unknown-columns", file: file, line: line, message: message)
    }
}

/// UTF-8 checks and decoding on raw bytes, without a String per byte.
enum UTF8Text {
    /// Decodes `bytes` if they are valid UTF-8; `nil` otherwise.
    @inline(__always)
    static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard isASCII(bytes) else { return String(validating: bytes, as: UTF8.self) }
        return asciiString(bytes)
    }

    /// Builds a String from bytes already known to be ASCII.
    @inline(__always)
    static func asciiString(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        // Short strings are stored inline; this initializer is the cheapest way to build them.
        if bytes.count <= 15 {
            return String(unsafeUninitializedCapacity: bytes.count) { target in
                _ = target.initialize(from: bytes)
                return bytes.count
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @inline(__always)
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = bytes.count
        guard let base = UnsafeRawPointer(bytes.baseAddress) else { return true }
        while i + 8 <= n {
            if base.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            i += 8
        }
        while i < n {
            if bytes[i] & 0x80 != 0 { return false }
            i += 1
        }
        return true
    }

    /// 1-based column (in characters) of `offset`, counting from `lineStart`.
    static func column(in p: UnsafeBufferPointer<UInt8>, lineStart: Int, offset: Int) -> Int {
        var column = 1
        var i = lineStart
        while i < offset && i < p.count {
            if p[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return column
    }
}
