import FuzzSupport
import WhoCardKit

/// libFuzzer entry: the input split at NUL bytes fills a profile's fields after `id` in
/// ``Field`` order; the profile is validated and, when accepted, rendered to every output
/// (HTML fragment, Markdown, JSON, vCard, preview page).
///
/// Invariant: the HTML holds one script element, the JSON-LD block, and no `javascript:` link.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let parts = FuzzSupport.bytes(data, size).split(separator: 0, omittingEmptySubsequences: false)
    var record = ProfileRecord([.id: "fuzz-user"])
    for (field, part) in zip(Field.allCases.dropFirst(), parts) {
        record[field] = String(decoding: part, as: UTF8.self)
    }
    guard case .accepted(let profile) = ProfileValidator().validate(record, file: "fuzz") else { return 0 }
    let renderer = CardRenderer()
    do {
        let card = try renderer.render(profile, file: "fuzz")
        let page = try renderer.page(profile, cssHref: "../whocard.css")
        for html in [card.html, page] {
            let lower = html.lowercased()
            precondition(
                lower.components(separatedBy: "<script").count - 1 == lower.components(
                    separatedBy: "<script type=\"application/ld+json\">"
                ).count - 1,
                "a script element that is not JSON-LD")
            precondition(
                !lower.contains("href=\"javascript:") && !lower.contains("src=\"javascript:"), "a javascript: link")
        }
        _ = card.markdown
    } catch {
        preconditionFailure("rendering failed with the built-in templates: \(error)")
    }
    return 0
}

FuzzSupport.run(fuzz)
