/// The compact bytes a ``RowLog`` keeps a ``RowOutcome`` as: about a fifth of the memory of
/// the value itself. Rule ids, field names, file names and hints repeat on every row, so they
/// are written once and referred to by number afterwards.
///
/// A record is its length (a varint) followed by the row; integers are zigzag varints and
/// strings a varint length and UTF-8 bytes. Only the same process reads the bytes back, in
/// the order they were written, so the format has no version.
struct RowEncoder {
    private var interned: [String: Int] = [:]
    /// Distinct repeated strings remembered; beyond this they are written out in full.
    static let internLimit = 1 << 16

    mutating func encode(_ row: RowOutcome, into out: inout [UInt8]) {
        var body: [UInt8] = []
        body.reserveCapacity(64 + row.findings.count * 160)
        Self.int(row.line, &body)
        Self.int(row.links, &body)
        body.append((row.accepted ? 1 : 0) | (row.userID != nil ? 2 : 0))
        if let id = row.userID { Self.string(id, &body) }
        Self.int(row.findings.count, &body)
        for finding in row.findings {
            var flags: UInt8 = finding.severity == .error ? 1 : 0
            let sameUser = finding.userID != nil && finding.userID == row.userID
            if sameUser { flags |= 2 } else if finding.userID != nil { flags |= 4 }
            if finding.column != nil { flags |= 8 }
            if finding.field != nil { flags |= 16 }
            if finding.value != nil { flags |= 32 }
            body.append(flags)
            intern(finding.rule, &body)
            if !sameUser, let user = finding.userID { Self.string(user, &body) }
            intern(finding.file, &body)
            Self.int(finding.line, &body)
            if let column = finding.column { Self.int(column, &body) }
            if let field = finding.field { intern(field, &body) }
            if let value = finding.value { Self.string(value, &body) }
            Self.string(finding.message, &body)
            intern(finding.hint, &body)
        }
        Self.varint(UInt64(body.count), &out)
        out += body
    }

    /// 0: the string follows and is not remembered; 1: it follows and gets the next number;
    /// n ≥ 2: the string numbered n − 2.
    private mutating func intern(_ s: String, _ out: inout [UInt8]) {
        if let number = interned[s] {
            Self.varint(UInt64(number) + 2, &out)
        } else if interned.count < Self.internLimit {
            interned[s] = interned.count
            out.append(1)
            Self.string(s, &out)
        } else {
            out.append(0)
            Self.string(s, &out)
        }
    }

    private static func int(_ n: Int, _ out: inout [UInt8]) {
        varint(UInt64(bitPattern: Int64((n << 1) ^ (n >> (Int.bitWidth - 1)))), &out)
    }

    static func varint(_ value: UInt64, _ out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    private static func string(_ s: String, _ out: inout [UInt8]) {
        varint(UInt64(s.utf8.count), &out)
        out += s.utf8
    }
}

/// Reads back what ``RowEncoder`` wrote, in the same order.
struct RowDecoder {
    private var interned: [String] = []

    /// The length of the record starting at `offset` and where its body starts, or `nil` when
    /// `bytes` does not yet hold the whole length prefix.
    static func recordLength(_ bytes: [UInt8], at offset: Int) -> (length: Int, body: Int)? {
        var position = offset
        guard let length = varint(bytes, &position) else { return nil }
        return (Int(length), position)
    }

    mutating func decode(_ bytes: [UInt8], from start: Int) -> RowOutcome {
        var p = start
        let line = int(bytes, &p)
        let links = int(bytes, &p)
        let flags = bytes[p]
        p += 1
        let userID = flags & 2 != 0 ? string(bytes, &p) : nil
        let count = int(bytes, &p)
        var findings: [Finding] = []
        findings.reserveCapacity(count)
        for _ in 0..<count {
            let f = bytes[p]
            p += 1
            let rule = interned(bytes, &p)
            let user = f & 2 != 0 ? userID : f & 4 != 0 ? string(bytes, &p) : nil
            let file = interned(bytes, &p)
            let findingLine = int(bytes, &p)
            let column = f & 8 != 0 ? int(bytes, &p) : nil
            let field = f & 16 != 0 ? interned(bytes, &p) : nil
            let value = f & 32 != 0 ? string(bytes, &p) : nil
            let message = string(bytes, &p)
            let hint = interned(bytes, &p)
            findings.append(
                Finding(
                    severity: f & 1 != 0 ? .error : .warning, rule: rule, userID: user, file: file, line: findingLine,
                    column: column, field: field, value: value, message: message, hint: hint))
        }
        return RowOutcome(line: line, userID: userID, accepted: flags & 1 != 0, findings: findings, links: links)
    }

    private mutating func interned(_ bytes: [UInt8], _ p: inout Int) -> String {
        let tag = Self.varint(bytes, &p) ?? 0
        switch tag {
        case 0: return string(bytes, &p)
        case 1:
            let s = string(bytes, &p)
            interned.append(s)
            return s
        default: return interned[Int(tag - 2)]
        }
    }

    private func int(_ bytes: [UInt8], _ p: inout Int) -> Int {
        let raw = Int64(bitPattern: Self.varint(bytes, &p) ?? 0)
        return Int((raw >> 1) ^ -(raw & 1))
    }

    private func string(_ bytes: [UInt8], _ p: inout Int) -> String {
        let length = Int(Self.varint(bytes, &p) ?? 0)
        defer { p += length }
        return String(decoding: bytes[p..<p + length], as: UTF8.self)
    }

    private static func varint(_ bytes: [UInt8], _ p: inout Int) -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while p < bytes.count {
            let byte = bytes[p]
            p += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        return nil
    }
}
