extension Platform {
    /// X, formerly Twitter: `https://x.com/<handle>`; twitter.com links become x.com.
    public static let twitter = Platform(
        "twitter", displayName: "X (Twitter)", column: "twitter_url", columnAliases: ["twitter", "x_url", "x"],
        hosts: .fixed(["twitter.com", "x.com"], canonical: "x.com", dropping: ["www.", "mobile."]),
        paths: [.handle(HandleSyntax(1...15, extra: "_", summary: "1–15 letters, digits or _"))],
        reserved: [
            "home", "intent", "share", "search", "i", "explore", "settings", "login", "logout", "signup",
            "notifications", "messages", "hashtag", "compose", "tos", "privacy", "about", "download",
            "account", "lists", "topics", "communities", "bookmarks", "jobs", "oauth", "who_to_follow",
        ],
        hostRule: "twitter.host", profileRule: "twitter.handle", reservedRule: "twitter.reserved",
        rules: [
            Rule(
                "twitter.host", .error, "The Twitter URL is not on twitter.com or x.com.",
                hint: "Use your profile address, such as https://x.com/yourusername."),
            Rule(
                "twitter.handle", .error, "The Twitter URL does not name a profile (1–15 letters, digits or _).",
                hint: "Use your profile address, such as https://x.com/yourusername."),
            Rule(
                "twitter.reserved", .error, "The Twitter URL points at a page of the site, not a profile.",
                hint: "Open your profile and copy its address, such as https://x.com/yourusername."),
        ],
        example: "https://x.com/yourusername",
        // Two crossed strokes.
        // X's letter mark: a hollow, slanted bar from top left to bottom right, crossed by a thin
        // stroke that stops at the bar's edges (not a close button's cross).
        icon: #"<path d="M2.5 2.5h3.25l7.75 11h-3.25zM13.25 2.5L9 7.35M7 9.6L2.75 13.5" stroke-width="1.25"/>"#,
        online: OnlineQuirks(name: "X", blockedStatuses: [403], loginPaths: ["/i/flow/login", "/login"]))
}
