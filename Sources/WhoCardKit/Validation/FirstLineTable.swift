/// The line each user id was first seen on, in about 20 bytes an id and no allocation per id:
/// what finds duplicate ids in an export of millions of rows.
///
/// An id is not stored, only its ``SipHash128`` under a key drawn at random for each table:
/// 8 bits of the hash choose one of 256 shards, 96 more are kept in a 16-byte slot beside the
/// line, so two ids are taken for one when 104 bits agree. For different ids that happens with
/// odds of about n²/2¹⁰⁵ (10⁻¹⁸ for 5 million ids), and without the key nobody can make it
/// happen on purpose.
///
/// Each shard is an open-addressing table (linear probing) kept between 70 % and 87.5 % full:
/// it grows by a quarter when full, so memory follows the count closely, and as shards grow
/// one at a time a growth never holds twice the table.
struct FirstLineTable {
    private var shards: [Shard]
    private let hasher: SipHash128
    /// First lines that do not fit a slot's 32 bits (0, negative or beyond 4,294,967,294).
    private var largeLines: [Key: Int] = [:]
    /// Number of distinct ids.
    private(set) var count = 0

    private static let shardCount = 256

    init(hasher: SipHash128 = SipHash128()) {
        self.hasher = hasher
        self.shards = Array(repeating: Shard(), count: Self.shardCount)
    }

    /// The line `id` was first recorded with; when `id` is new, records it with `line` and
    /// returns `nil`.
    mutating func firstLine(of id: String, recordingIfNew line: Int) -> Int? {
        firstLine(of: key(of: id), recordingIfNew: line)
    }

    /// Where `id` lives in the table: what ``firstLine(of:recordingIfNew:)-(Key,_)`` and
    /// ``touch(_:)`` take, so that a batch's ids can be hashed and touched before it is looked up.
    func key(of id: String) -> Key {
        let (h0, h1) = hasher.hash(id)
        return Key(fingerprint: h0, tag: (h1 >> 24) & 0xFFFF_FFFF, shard: Int(truncatingIfNeeded: h1 >> 56))
    }

    /// Reads the slot where each key's probe starts and returns a value made of them (for the
    /// caller to keep, so that the reads are not optimised away). In a table of millions of ids
    /// nearly every lookup misses the cache; these reads do not depend on one another, so the
    /// processor overlaps their misses, and the lookups that follow find the slots in cache.
    /// Keep the batch to a few hundred keys, so that the slots stay there.
    func touch(_ keys: some Sequence<Key>) -> UInt64 {
        var sum: UInt64 = 0
        for key in keys { sum &+= shards[key.shard].peek(key.fingerprint) }
        return sum
    }

    /// ``firstLine(of:recordingIfNew:)-(String,_)`` for an id's ``key(of:)``.
    mutating func firstLine(of key: Key, recordingIfNew line: Int) -> Int? {
        let stored = UInt32(exactly: line).flatMap { $0 == 0 || $0 == Slot.largeLine ? nil : $0 } ?? Slot.largeLine
        switch shards[key.shard].firstLine(of: key, recordingIfNew: stored) {
        case nil:
            count += 1
            if stored == Slot.largeLine { largeLines[key] = line }
            return nil
        case Slot.largeLine?:
            return largeLines[key]
        case let first?:
            return Int(first)
        }
    }

    /// Makes room for `ids` distinct ids at once, so that a table expected to hold them does
    /// not grow step by step (each step moves every id of a shard).
    mutating func reserve(ids: Int) {
        let perShard = ids / Self.shardCount + 1
        for index in shards.indices { shards[index].reserve(perShard) }
    }

    /// Bytes the slots take (the table's memory, less a few hundred bytes of bookkeeping).
    var slotBytes: Int { shards.reduce(0) { $0 + $1.capacity } * MemoryLayout<Slot>.stride }

    /// The parts of an id's hash the table compares.
    struct Key: Hashable {
        /// 64 bits: also where the id's probe starts.
        var fingerprint: UInt64
        /// 32 more bits, stored beside the line.
        var tag: UInt64
        /// 8 more bits, kept by which shard holds the slot.
        var shard: Int
    }

    /// One id: its fingerprint, and its tag (high 32 bits) with its first line (low 32 bits,
    /// 0 in an empty slot).
    private struct Slot {
        var fingerprint: UInt64 = 0
        var tagAndLine: UInt64 = 0

        /// The line stored for a first line kept in ``FirstLineTable/largeLines``.
        static let largeLine = UInt32.max
    }

    private struct Shard {
        private var slots: [Slot] = []
        private var count = 0

        var capacity: Int { slots.count }

        /// ``FirstLineTable/firstLine(of:recordingIfNew:)`` for a line in 32 bits.
        mutating func firstLine(of key: Key, recordingIfNew line: UInt32) -> UInt32? {
            if (count + 1) * 8 > slots.count * 7 { grow() }
            let tagAndLine = key.tag << 32
            var index = Self.home(key.fingerprint, capacity: slots.count)
            while true {
                let slot = slots[index]
                if slot.tagAndLine == 0 {
                    slots[index] = Slot(fingerprint: key.fingerprint, tagAndLine: tagAndLine | UInt64(line))
                    count += 1
                    return nil
                }
                if slot.fingerprint == key.fingerprint && slot.tagAndLine >> 32 == key.tag {
                    return UInt32(truncatingIfNeeded: slot.tagAndLine)
                }
                index += 1
                if index == slots.count { index = 0 }
            }
        }

        /// The first word of the slot where a probe for `fingerprint` starts (0 in an empty table).
        func peek(_ fingerprint: UInt64) -> UInt64 {
            slots.isEmpty ? 0 : slots[Self.home(fingerprint, capacity: slots.count)].fingerprint
        }

        /// Where a probe for `fingerprint` starts: its high bits scaled to the capacity, which
        /// need not be a power of two.
        private static func home(_ fingerprint: UInt64, capacity: Int) -> Int {
            Int(truncatingIfNeeded: fingerprint.multipliedFullWidth(by: UInt64(capacity)).high)
        }

        /// Grows the table to hold `ids` ids without growing again.
        mutating func reserve(_ ids: Int) {
            let capacity = ids * 8 / 7 + 1
            if capacity > slots.count { grow(to: capacity) }
        }

        /// Moves every slot into a table a quarter larger (16 slots at first).
        private mutating func grow() { grow(to: max(16, slots.count + slots.count / 4)) }

        /// Moves every slot into a table of `capacity` slots.
        private mutating func grow(to capacity: Int) {
            var grown = [Slot](repeating: Slot(), count: capacity)
            for slot in slots where slot.tagAndLine != 0 {
                var index = Self.home(slot.fingerprint, capacity: capacity)
                while grown[index].tagAndLine != 0 {
                    index += 1
                    if index == capacity { index = 0 }
                }
                grown[index] = slot
            }
            slots = grown
        }
    }
}
