import Mustache

/// A string already escaped for the template's output format.
///
/// swift-mustache looks names up through ``MustacheParent`` instead of reflection, and prints
/// ``MustacheCustomRenderable/renderText`` as is, which keeps rendering fast.
struct TemplateText: MustacheCustomRenderable, MustacheParent, CustomStringConvertible {
    let renderText: String
    var isNull: Bool { false }
    var description: String { renderText }

    init(_ escaped: String) { renderText = escaped }

    func child(named: String) -> Any? { nil }
}

/// A template context: names to ``TemplateText``, `Bool`, nested contexts or arrays of them.
///
/// A struct with a direct ``MustacheParent`` conformance: swift-mustache checks every object
/// on its stack for the protocol, and `Dictionary`'s conditional conformance is slow to check.
struct TemplateContext: MustacheParent, ExpressibleByDictionaryLiteral {
    private var values: [String: Any]

    init(dictionaryLiteral elements: (String, Any)...) {
        values = Dictionary(elements, uniquingKeysWith: { _, last in last })
    }

    subscript(name: String) -> Any? {
        get { values[name] }
        set { values[name] = newValue }
    }

    var count: Int { values.count }

    func child(named name: String) -> Any? { values[name] }
}
