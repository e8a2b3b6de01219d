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
typealias TemplateContext = [String: Any]
