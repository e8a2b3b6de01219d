extension Platform {
    /// Mastodon and the rest of the fediverse: `https://<instance>/@<user>` on any host that is
    /// not another platform's, shown as `@user@instance`.
    public static let mastodon = Platform(
        "mastodon", displayName: "Mastodon", column: "mastodon_url",
        columnAliases: ["mastodon", "fediverse", "fediverse_url"],
        hosts: .anyHost,
        paths: [.atHandle(HandleSyntax(1...30, extra: "_", summary: "1–30 letters, digits or _"))],
        reserved: ["about", "explore", "public", "tags", "settings", "auth", "deck", "home", "notifications", "users"],
        hostRule: "mastodon.host", profileRule: "mastodon.handle", reservedRule: "mastodon.reserved",
        rules: [
            Rule(
                "mastodon.host", .error, "The Mastodon URL is on another platform's site (x.com, github.com, …).",
                hint: "Use your profile address on your server, such as https://mastodon.social/@yourusername."),
            Rule(
                "mastodon.handle", .error,
                "The Mastodon URL does not name a profile (/@ and 1–30 letters, digits or _).",
                hint:
                    "Open your profile on your server and copy its address, such as https://mastodon.social/@yourusername."
            ),
            Rule(
                "mastodon.reserved", .error,
                "The Mastodon URL points at a post or a page of the server, not a profile.",
                hint:
                    "Open your profile on your server and copy its address, such as https://mastodon.social/@yourusername."
            ),
        ],
        example: "https://mastodon.social/@yourusername",
        // A rounded speech bubble with an "m".
        icon:
            #"<path d="M13.75 9.5V6A3.75 3.75 0 0 0 10 2.25H6A3.75 3.75 0 0 0 2.25 6v3.25A3.5 3.5 0 0 0 5.75 12.75H11"/><path d="M5.25 9.25V7a1.25 1.25 0 0 1 2.5 0v1.5M7.75 8.5V7a1.25 1.25 0 0 1 2.5 0v2.25"/>"#,
        online: OnlineQuirks(name: "Mastodon"))
}
