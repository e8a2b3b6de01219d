extension Platform {
    /// GitHub: `https://github.com/<user>`; repositories, issues and the site's own pages are not profiles.
    public static let github = Platform(
        "github", displayName: "GitHub", column: "github_url", columnAliases: ["github"],
        hosts: .fixed(["github.com"], canonical: "github.com"),
        paths: [.handle(HandleSyntax(1...39, extra: "-", summary: "1–39 letters, digits or -"))],
        reserved: [
            "about", "account", "apps", "blog", "codespaces", "collections", "contact", "customer-stories",
            "dashboard", "enterprise", "events", "explore", "features", "gist", "issues", "join", "login",
            "logout", "marketplace", "new", "notifications", "organizations", "orgs", "password_reset",
            "pricing", "pulls", "readme", "search", "security", "sessions", "settings", "signup", "site",
            "sponsors", "team", "topics", "trending", "users",
        ],
        hostRule: "github.host", profileRule: "github.handle", reservedRule: "github.reserved",
        rules: [
            Rule(
                "github.host", .error, "The GitHub URL is not on github.com.",
                hint: "Use your profile address, such as https://github.com/yourusername."),
            Rule(
                "github.handle", .error, "The GitHub URL does not name a profile (1–39 letters, digits or -).",
                hint: "Use your profile address, such as https://github.com/yourusername."),
            Rule(
                "github.reserved", .error,
                "The GitHub URL points at a repository, an issue or a page of the site, not a profile.",
                hint: "Open your profile and copy its address, such as https://github.com/yourusername."),
        ],
        example: "https://github.com/yourusername",
        // Angle brackets around a slash.
        icon: #"<path d="M5 4.5L1.75 8 5 11.5M11 4.5L14.25 8 11 11.5M9.25 3l-2.5 10"/>"#,
        // A deleted or suspended account answers 404, which is `broken` everywhere.
        online: OnlineQuirks(name: "GitHub", loginPaths: ["/login", "/session"]))
}
