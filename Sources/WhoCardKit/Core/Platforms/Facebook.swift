extension Platform {
    /// Facebook: `https://facebook.com/<name>`, `profile.php?id=<number>`, `/people/<name>/<number>`
    /// or `/pages/<name>/<number>`.
    public static let facebook = Platform(
        "facebook", displayName: "Facebook", column: "facebook_url", columnAliases: ["facebook"],
        hosts: .fixed(
            ["facebook.com", "fb.com"], canonical: "facebook.com", dropping: ["www.", "m.", "web.", "mbasic."]),
        paths: [
            .numericQuery(page: "profile.php", parameter: "id"),
            .namedNumeric(prefix: "people"),
            .namedNumeric(prefix: "pages"),
            .handle(HandleSyntax(1...50, extra: ".", summary: "letters, digits or '.'")),
        ],
        reserved: [
            "login", "login.php", "logout.php", "home.php", "profile.php", "groups", "events", "watch",
            "marketplace", "sharer", "sharer.php", "share", "share.php", "dialog", "plugins", "hashtag",
            "search", "photo.php", "photo", "photos", "story.php", "permalink.php", "help", "policies",
            "privacy", "settings", "messages", "notifications", "friends", "bookmarks", "gaming",
            "business", "ads", "recover", "reel", "reels", "stories", "videos", "video.php", "media",
            "fundraisers", "jobs", "places", "saved", "memories", "l.php", "people", "pages",
        ],
        handleStyle: .atUnlessNumeric,
        hostRule: "facebook.host", profileRule: "facebook.profile", reservedRule: "facebook.profile",
        rules: [
            Rule(
                "facebook.host", .error, "The Facebook URL is not on facebook.com or fb.com.",
                hint: "Use your profile address, such as https://facebook.com/yourusername."),
            Rule(
                "facebook.profile", .error, "The Facebook URL does not name a profile or page.",
                hint: "Use https://facebook.com/yourusername or https://facebook.com/profile.php?id=123."),
        ],
        example: "https://facebook.com/yourusername",
        // A circle with a small "f".
        icon: #"<circle cx="8" cy="8" r="6.25"/><path d="M9.5 5.5H8.75A1.25 1.25 0 0 0 7.5 6.75V14.25M6 9h3.5"/>"#,
        online: OnlineQuirks(
            name: "Facebook", blockedStatuses: [403], loginPaths: ["/login", "/login.php", "/checkpoint"],
            missing: MissingProfileSignature(
                redirectPaths: ["/404"],
                bodyMarkers: ["This content isn't available right now", "Page Not Found | Facebook"],
                loginMarkers: ["You must log in to continue."],
                // profile.php?id= redirects to the vanity name.
                renamesOnRedirect: true)))
}
