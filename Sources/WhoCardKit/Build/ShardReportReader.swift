#if canImport(Glibc)
    import Glibc
#endif

/// Reads a shard's `report.json` a piece at a time: the members of its top-level object one
/// by one, and the elements of a large array (`findings`, `rejected`) one at a time, so that
/// merging shards' reports does not hold a million findings (see ``ShardMerge``).
final class ShardReportReader {
    private let fd: Int32
    private let path: String
    private var buffer: [UInt8] = []
    private var position = 0
    private var atEOF = false
    /// Whether the reader is inside the array of the member it last advanced to.
    private var inArray = false
    private var startedObject = false
    /// Whether ``nextMember()`` returned a key whose value has not been read yet.
    private var valuePending = false
    private static let chunk = 1 << 20

    /// Why a shard's report could not be read; `ShardMerge` words it for the user.
    struct Failure: Error {
        var reason: String
    }

    init(path: String) throws(Failure) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure(reason: String(cString: strerror(errno))) }
        self.fd = fd
        self.path = path
    }

    deinit { close(fd) }

    /// The key of the next top-level member, the reader then at its value; `nil` at the end.
    /// A value the caller did not read is skipped (an array element by element).
    func nextMember() throws(Failure) -> String? {
        if valuePending { try skipValue() }
        if inArray { while try nextElement() != nil {} }
        if !startedObject {
            try expect(UInt8(ascii: "{"))
            startedObject = true
            if try peek() == UInt8(ascii: "}") { return nil }
        } else {
            switch try peek() {
            case UInt8(ascii: "}"): return nil
            case UInt8(ascii: ","): position += 1
            default: throw Failure(reason: "expected ',' or '}' between members")
            }
        }
        let name = try parse { (parser: inout JSONParser) throws(JSONFault) in
            parser.skipWhitespace()
            return try parser.parseString()
        }
        try expect(UInt8(ascii: ":"))
        valuePending = true
        return name
    }

    /// Moves to the value of the top-level member `key`, skipping the members before it.
    /// Returns false when the object ends first.
    func advance(to key: String) throws(Failure) -> Bool {
        while let name = try nextMember() {
            if name == key { return true }
        }
        return false
    }

    /// Skips the value at the reader's position, an array element by element.
    func skipValue() throws(Failure) {
        if try peek() == UInt8(ascii: "[") {
            while try nextElement() != nil {}
        } else {
            _ = try value()
        }
    }

    /// The whole value at the reader's position (after ``advance(to:)``).
    func value() throws(Failure) -> JSONNode {
        valuePending = false
        return try parse { (parser: inout JSONParser) throws(JSONFault) in try parser.parseValue(depth: 0) }
    }

    /// The next element of the array at the reader's position, or `nil` after its last one.
    func nextElement() throws(Failure) -> JSONNode? {
        if !inArray {
            valuePending = false
            try expect(UInt8(ascii: "["))
            inArray = true
            if try peek() == UInt8(ascii: "]") {
                position += 1
                inArray = false
                return nil
            }
        } else {
            switch try peek() {
            case UInt8(ascii: "]"):
                position += 1
                inArray = false
                return nil
            case UInt8(ascii: ","): position += 1
            default: throw Failure(reason: "expected ',' or ']' between elements")
            }
        }
        return try value()
    }

    private func expect(_ byte: UInt8) throws(Failure) {
        guard try peek() == byte else {
            throw Failure(reason: "expected '\(Character(Unicode.Scalar(byte)))'")
        }
        position += 1
    }

    /// The next byte that is not white space, without consuming it.
    private func peek() throws(Failure) -> UInt8 {
        while true {
            while position < buffer.count {
                switch buffer[position] {
                case 0x20, 0x0A, 0x0D, 0x09: position += 1
                default: return buffer[position]
                }
            }
            guard try refill() else { throw Failure(reason: "the report ends too early") }
        }
    }

    /// Runs `body` on the buffered bytes, reading more while it needs more.
    private func parse<T>(_ body: (inout JSONParser) throws(JSONFault) -> T) throws(Failure) -> T {
        while true {
            let result: Result<(T, Int), JSONFault> = buffer.withUnsafeBufferPointer { bytes in
                var parser = JSONParser(
                    bytes, from: position, end: bytes.count, atEOF: atEOF, maxDepth: 64, maxStringBytes: Int.max)
                do throws(JSONFault) {
                    let value = try body(&parser)
                    return .success((value, parser.i))
                } catch { return .failure(error) }
            }
            switch result {
            case .success(let (value, end)):
                position = end
                return value
            case .failure(let fault):
                if case .needMore = fault.kind, try refill() { continue }
                if case .syntax(let reason) = fault.kind { throw Failure(reason: reason) }
                throw Failure(reason: "the report is not valid JSON")
            }
        }
    }

    /// Drops what was read and appends the next piece of the file; false at its end.
    private func refill() throws(Failure) -> Bool {
        guard !atEOF else { return false }
        buffer.removeSubrange(0..<position)
        position = 0
        let start = buffer.count
        buffer += repeatElement(0, count: Self.chunk)
        var got = 0
        let fd = fd
        while true {
            got = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + start, Self.chunk) }
            if got < 0 && errno == EINTR { continue }
            break
        }
        guard got >= 0 else {
            buffer.removeSubrange(start...)
            throw Failure(reason: String(cString: strerror(errno)))
        }
        buffer.removeSubrange((start + got)...)
        if got == 0 { atEOF = true }
        return true
    }
}
