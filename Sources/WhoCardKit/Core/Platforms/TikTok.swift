extension Platform {
    /// TikTok: `https://tiktok.com/@<handle>`.
    public static let tiktok = Platform(
        "tiktok", displayName: "TikTok", column: "tiktok_url", columnAliases: ["tiktok"],
        hosts: .fixed(["tiktok.com"], canonical: "tiktok.com", dropping: ["www.", "m."]),
        paths: [.atHandle(HandleSyntax(2...24, extra: "._", summary: "2–24 letters, digits, '.' or _"))],
        reserved: [
            "discover", "explore", "foryou", "following", "live", "tag", "music", "search", "login", "signup",
            "upload", "legal", "about", "video", "t", "embed", "share",
        ],
        hostRule: "tiktok.host", profileRule: "tiktok.handle", reservedRule: "tiktok.reserved",
        rules: [
            Rule(
                "tiktok.host", .error, "The TikTok URL is not on tiktok.com.",
                hint: "Use your profile address, such as https://tiktok.com/@yourusername."),
            Rule(
                "tiktok.handle", .error,
                "The TikTok URL does not name a profile (/@ and 2–24 letters, digits, '.' or _).",
                hint: "Use your profile address, such as https://tiktok.com/@yourusername."),
            Rule(
                "tiktok.reserved", .error, "The TikTok URL points at a video or a page of the site, not a profile.",
                hint: "Open your profile and copy its address, such as https://tiktok.com/@yourusername."),
        ],
        example: "https://tiktok.com/@yourusername",
        // A note with a flag.
        icon: #"<path d="M9 2.25v8.5a2.5 2.5 0 1 1-2.5-2.5M9 2.25a3.75 3.75 0 0 0 3.75 3.75"/>"#,
        online: OnlineQuirks(
            name: "TikTok", loginPaths: ["/login"],
            missing: MissingProfileSignature(
                bodyMarkers: ["Couldn't find this account", "Couldn’t find this account"],
                loginMarkers: ["Log in to TikTok"])))
}
