extension Platform {
    /// Bluesky: `https://bsky.app/profile/<handle>`, the handle a domain (`alice.bsky.social`) or a `did:`.
    public static let bluesky = Platform(
        "bluesky", displayName: "Bluesky", column: "bluesky_url", columnAliases: ["bluesky", "bsky", "bsky_url"],
        hosts: .fixed(["bsky.app"], canonical: "bsky.app"),
        paths: [
            .prefixed(
                "profile",
                HandleSyntax(3...253, extra: ".-:", summary: "a domain such as yourname.bsky.social, or a did:"))
        ],
        hostRule: "bluesky.host", profileRule: "bluesky.profile", reservedRule: "bluesky.post",
        rules: [
            Rule(
                "bluesky.host", .error, "The Bluesky URL is not on bsky.app.",
                hint: "Use your profile address, such as https://bsky.app/profile/yourname.bsky.social."),
            Rule(
                "bluesky.profile", .error, "The Bluesky URL is not a profile (/profile/<handle>).",
                hint: "Use your profile address, such as https://bsky.app/profile/yourname.bsky.social."),
            Rule(
                "bluesky.post", .error, "The Bluesky URL points at a post or a page below the profile.",
                hint: "Open your profile and copy its address, such as https://bsky.app/profile/yourname.bsky.social."),
        ],
        example: "https://bsky.app/profile/yourname.bsky.social",
        // Two wings.
        icon:
            #"<path d="M8 7.25C6.75 4.75 4.25 2.75 2.75 3.25 1.5 3.75 2 7 4.5 8 2.5 9 3.25 12.5 5.25 12.25 7 12 7.5 9.5 8 8.5c.5 1 1 3.5 2.75 3.75 2 .25 2.75-3.25.75-4.25 2.5-1 3-4.25 1.75-4.75C11.75 2.75 9.25 4.75 8 7.25z"/>"#,
        online: OnlineQuirks(
            name: "Bluesky",
            missing: MissingProfileSignature(bodyMarkers: ["Unable to resolve handle", "Profile not found"])))
}
