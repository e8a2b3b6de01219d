/// A value a template sees. Text is already escaped for the template's output format, so
/// `{{x}}` and `{{{x}}}` print it as is.
enum TemplateValue: Sendable {
    /// Escaped text. Empty text is falsy in a section.
    case text(String)
    case bool(Bool)
    case object(TemplateObject)
    /// A list; a section renders once per item, an empty list is falsy.
    case list([TemplateValue])

    /// Whether a `{{#name}}` section renders (and `{{^name}}` does not).
    var isTruthy: Bool {
        switch self {
        case .text(let text): !text.isEmpty
        case .bool(let value): value
        case .object: true
        case .list(let items): !items.isEmpty
        }
    }
}

extension TemplateValue: ExpressibleByBooleanLiteral {
    init(booleanLiteral value: Bool) { self = .bool(value) }
}

/// Names to values, in insertion order. Lookups compare a precomputed hash first, so a small
/// object is searched with integer comparisons and at most one string comparison per hit;
/// building one costs no hashing-table allocation, unlike a `Dictionary`.
struct TemplateObject: ExpressibleByDictionaryLiteral, Sendable {
    /// One name and its value (a struct, not a tuple: arrays of structs are destroyed by
    /// specialised code, tuples by a slow generic path).
    struct Field: Sendable {
        let key: TemplateKey
        var value: TemplateValue
    }

    private(set) var fields: [Field] = []

    init() {}

    init(capacity: Int) {
        fields.reserveCapacity(capacity)
    }

    init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self.init(capacity: elements.count)
        for (name, value) in elements { self[name] = value }
    }

    /// Adds a value without looking for an existing entry; for builders that add each name once.
    mutating func append(_ key: TemplateKey, _ value: TemplateValue) {
        fields.append(Field(key: key, value: value))
    }

    subscript(name: String) -> TemplateValue? {
        get { self[TemplateKey(name)] }
        set {
            let key = TemplateKey(name)
            if let index = index(of: key) {
                if let newValue {
                    fields[index].value = newValue
                } else {
                    fields.remove(at: index)
                }
            } else if let newValue {
                fields.append(Field(key: key, value: newValue))
            }
        }
    }

    subscript(key: TemplateKey) -> TemplateValue? {
        fields.withUnsafeBufferPointer { buffer in
            for field in buffer where field.key == key { return field.value }
            return nil
        }
    }

    private func index(of key: TemplateKey) -> Int? {
        fields.firstIndex { $0.key == key }
    }
}

/// A name with its FNV-1a hash, computed once; equality compares the hash before the text.
struct TemplateKey: Equatable, Sendable {
    let name: String
    let hash: UInt64

    init(_ name: String) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        self.name = name
        self.hash = hash
    }

    static func == (lhs: TemplateKey, rhs: TemplateKey) -> Bool {
        lhs.hash == rhs.hash && lhs.name == rhs.name
    }
}
