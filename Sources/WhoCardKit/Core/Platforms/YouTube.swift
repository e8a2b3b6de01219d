extension Platform {
    /// YouTube: `https://youtube.com/@<handle>`, and the legacy `/channel/<id>`, `/c/<name>` and
    /// `/user/<name>` channel addresses (shown as that path).
    public static let youtube = Platform(
        "youtube", displayName: "YouTube", column: "youtube_url", columnAliases: ["youtube"],
        hosts: .fixed(["youtube.com"], canonical: "youtube.com", dropping: ["www.", "m."]),
        paths: [
            .atHandle(HandleSyntax(3...30, extra: "._-", summary: "3–30 letters, digits, '.', - or _")),
            .prefixed(
                "channel", HandleSyntax(24...24, extra: "-_", summary: "UC and 22 letters, digits, - or _"),
                keepsPrefix: true),
            .prefixed("c", youTubeName, keepsPrefix: true),
            .prefixed("user", youTubeName, keepsPrefix: true),
        ],
        reserved: [
            "watch", "shorts", "live", "playlist", "results", "feed", "embed", "hashtag", "premium", "music",
            "gaming", "account", "about", "kids", "redirect", "post", "clip", "t", "v", "signin", "logout",
        ],
        hostRule: "youtube.host", profileRule: "youtube.channel", reservedRule: "youtube.reserved",
        rules: [
            Rule(
                "youtube.host", .error, "The YouTube URL is not on youtube.com.",
                hint: "Use your channel's address, such as https://youtube.com/@yourhandle."),
            Rule(
                "youtube.channel", .error,
                "The YouTube URL does not name a channel (/@handle, /channel/…, /c/… or /user/…).",
                hint: "Use your channel's address, such as https://youtube.com/@yourhandle."),
            Rule(
                "youtube.reserved", .error, "The YouTube URL points at a video, a playlist or a page of the site.",
                hint:
                    "Open your channel (click your name under one of your videos) and copy its address, such as https://youtube.com/@yourhandle."
            ),
        ],
        example: "https://youtube.com/@yourhandle",
        // A rounded screen with a play triangle.
        icon: #"<rect x="1.75" y="3.25" width="12.5" height="9.5" rx="2.5"/><path d="M6.75 6v4l3.5-2z"/>"#,
        online: OnlineQuirks(
            name: "YouTube", loginPaths: ["/signin"],
            missing: MissingProfileSignature(
                bodyMarkers: ["This page isn't available. Sorry about that."],
                // /c/<name> and /user/<name> redirect to the channel's @handle, which may differ.
                renamesOnRedirect: true)))

    private static let youTubeName = HandleSyntax(1...100, extra: "._-", summary: "letters, digits, '.', - or _")
}
