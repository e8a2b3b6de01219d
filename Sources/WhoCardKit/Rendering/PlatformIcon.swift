/// Small line icons for the social platforms, drawn for whocard from circles, lines and
/// rectangles (not the platforms' logos; each is ``Platform/icon`` in its platform's file).
/// They inherit the link colour and are hidden from assistive technology; the link's text
/// names the platform.
enum PlatformIcon {
    static func svg(_ platform: Platform) -> String {
        icons[platform.rawValue] ?? open + platform.icon + "</svg>"
    }

    // Built once: a card asks for an icon per social link.
    private static let icons: [String: String] = Dictionary(
        uniqueKeysWithValues: Platform.allCases.map { ($0.rawValue, open + $0.icon + "</svg>") })

    private static let open =
        #"<svg class="whocard__icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round">"#
}
