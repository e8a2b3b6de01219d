@testable import WhoCardKit

/// Profiles the rendering tests share, built directly (validation is tested elsewhere).
enum SampleProfiles {
    static func link(_ normalized: String) -> ValidLink {
        ValidLink(
            original: normalized, normalized: normalized,
            display: String(normalized.dropFirst("https://".count)))
    }

    /// Every field set.
    static let full = ValidatedProfile(
        id: "alice-01", line: 2, name: "Alice Example", provider: "Acme Plumbing & Heating",
        avatar: link("https://cdn.example.com/avatars/alice.jpg"),
        social: [
            SocialLink(
                platform: .twitter,
                link: ValidLink(
                    original: "https://twitter.com/alice_ex?s=20", normalized: "https://x.com/alice_ex",
                    display: "x.com/alice_ex"), handle: "alice_ex"),
            SocialLink(platform: .facebook, link: link("https://facebook.com/alice.example"), handle: "alice.example"),
            SocialLink(
                platform: .linkedin, link: link("https://linkedin.com/in/alice-example"), handle: "alice-example"),
            SocialLink(platform: .instagram, link: link("https://instagram.com/alice.fixes"), handle: "alice.fixes"),
        ],
        email: "alice@acme.example", phone: "+1 555 010 0199", website: link("https://acme.example/team/alice"),
        support: .web(link("https://help.acme.example")), supportEmail: "support@acme.example",
        supportPhone: "+1 555 010 0100", supportHours: "Mon–Fri 9:00–17:00 (ET)",
        bio: """
            # About me

            I fix **boilers** and answer questions about [heat pumps](https://acme.example/heat-pumps).

            - 12 years in the trade
            - Certified installer
            """,
        findings: [
            Finding(
                severity: .warning, rule: "url.insecure", userID: "alice-01", file: "export.csv", line: 2,
                column: 7, field: "website", value: "http://acme.example/team/alice",
                message: "The website uses http:// instead of https://.",
                hint: "Use https:// so customers reach the page securely.")
        ])

    /// Only an id and a name.
    static let nameOnly = ValidatedProfile(id: "u2", line: 3, name: "Bob")

    /// Names and a bio full of HTML and Markdown metacharacters.
    static let hostile = ValidatedProfile(
        id: "evil", line: 4, name: #"<script>alert(1)</script> "><img src=x onerror=alert(1)>"#,
        provider: #"*Bob* [x](javascript:alert(1)) </script><!-- & 'quotes'"#,
        avatar: link("https://cdn.example.com/a.png?x=1&y=\"2\""),
        social: [
            SocialLink(platform: .twitter, link: link("https://x.com/evil_"), handle: "evil_"),
            SocialLink(platform: .instagram, link: link("https://instagram.com/_evil.gram_"), handle: "_evil.gram_"),
        ],
        email: "evil@example.com",
        supportHours: "# 24/7\n> always\n1. never",
        bio: """
            # Heading

            <script>alert(1)</script>
            Hello <b onmouseover="alert(1)">there</b> [click](javascript:alert(1)) [v](vbscript:msgbox) \
            [d](data:text/html;base64,PHNjcmlwdD4=) [f](file:///etc/passwd) [ok](https://example.com/ok)

            ![tracker <img>](https://evil.example/pixel.png "t") ![x](javascript:alert(2))

            </script><!-- \u{2028} "quoted" & <tags>

            <div onclick="alert(1)">raw block</div>
            """)

    /// A right-to-left name and bio.
    static let rightToLeft = ValidatedProfile(
        id: "rtl-7", line: 5, name: "ليلى حداد", provider: "חברת אקמה",
        social: [
            SocialLink(platform: .linkedin, link: link("https://linkedin.com/in/layla-haddad"), handle: "layla-haddad")
        ],
        phone: "+972 3 555 0100",
        bio: "مرحبا! أنا **مهندسة** في تل أبيب.\n\nשלום, I speak עברית and English.")
}
