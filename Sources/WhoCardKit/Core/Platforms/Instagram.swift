extension Platform {
    /// Instagram: `https://instagram.com/<handle>`.
    public static let instagram = Platform(
        "instagram", displayName: "Instagram", column: "instagram_url", columnAliases: ["instagram"],
        hosts: .fixed(["instagram.com"], canonical: "instagram.com"),
        paths: [.handle(HandleSyntax(1...30, extra: "._", summary: "up to 30 letters, digits, '.' or _"))],
        reserved: [
            "p", "reel", "reels", "tv", "explore", "accounts", "stories", "direct", "about", "legal",
            "developer", "web", "emails", "challenge", "session", "press", "api", "privacy", "terms",
            "directory", "oauth",
        ],
        hostRule: "instagram.host", profileRule: "instagram.handle", reservedRule: "instagram.reserved",
        rules: [
            Rule(
                "instagram.host", .error, "The Instagram URL is not on instagram.com.",
                hint: "Use your profile address, such as https://instagram.com/yourusername."),
            Rule(
                "instagram.handle", .error,
                "The Instagram URL does not name a profile (up to 30 letters, digits, '.' or '_').",
                hint: "Use your profile address, such as https://instagram.com/yourusername."),
            Rule(
                "instagram.reserved", .error,
                "The Instagram URL points at a page of the site (a post, reel, …), not a profile.",
                hint: "Open your profile and copy its address, such as https://instagram.com/yourusername."),
        ],
        example: "https://instagram.com/yourusername",
        // A rounded square with a lens and a dot.
        icon:
            #"<rect x="2" y="2" width="12" height="12" rx="3.5"/><circle cx="8" cy="8" r="2.75"/><path d="M11.25 4.75v.01"/>"#,
        online: OnlineQuirks(
            name: "Instagram", blockedStatuses: [403], loginPaths: ["/accounts/login", "/challenge"],
            missing: MissingProfileSignature(
                redirectPaths: ["/404"],
                bodyMarkers: ["Page Not Found • Instagram", "Sorry, this page isn't available."],
                loginMarkers: ["Login • Instagram"])))
}
