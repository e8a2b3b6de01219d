/// Small line icons for the social platforms, drawn for whocard from circles, lines and
/// rectangles (not the platforms' logos). They inherit the link colour and are hidden from
/// assistive technology; the link's text names the platform.
enum PlatformIcon {
    static func svg(_ platform: Platform) -> String {
        switch platform {
        case .twitter: twitter
        case .facebook: facebook
        case .linkedin: linkedin
        case .instagram: instagram
        }
    }

    // Built once: a card asks for an icon per social link.
    private static let twitter = open + body(.twitter) + "</svg>"
    private static let facebook = open + body(.facebook) + "</svg>"
    private static let linkedin = open + body(.linkedin) + "</svg>"
    private static let instagram = open + body(.instagram) + "</svg>"

    private static let open =
        #"<svg class="whocard__icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round">"#

    private static func body(_ platform: Platform) -> String {
        switch platform {
        case .twitter:
            // X's letter mark: a hollow, slanted bar from top left to bottom right, crossed by a
            // thin stroke that stops at the bar's edges.
            #"<path d="M2.5 2.5h3.25l7.75 11h-3.25zM13.25 2.5L9 7.35M7 9.6L2.75 13.5" stroke-width="1.25"/>"#
        case .facebook:
            // A circle with a small "f".
            #"<circle cx="8" cy="8" r="6.25"/><path d="M9.5 5.5H8.75A1.25 1.25 0 0 0 7.5 6.75V14.25M6 9h3.5"/>"#
        case .linkedin:
            // A rounded square with "i" and "n" strokes.
            #"<rect x="1.75" y="1.75" width="12.5" height="12.5" rx="2"/><path d="M5 7v4.5M5 4.75v.01M8 11.5V7M8 8.75a1.75 1.75 0 0 1 3.5 0v2.75"/>"#
        case .instagram:
            // A rounded square with a lens and a dot.
            #"<rect x="2" y="2" width="12" height="12" rx="3.5"/><circle cx="8" cy="8" r="2.75"/><path d="M11.25 4.75v.01"/>"#
        }
    }
}
