extension Platform {
    /// LinkedIn: `https://linkedin.com/in/<slug>`; company pages are kept with a warning, and
    /// country subdomains (`uk.linkedin.com`) are dropped.
    public static let linkedin = Platform(
        "linkedin", displayName: "LinkedIn", column: "linkedin_url", columnAliases: ["linkedin"],
        hosts: .fixed(["linkedin.com"], canonical: "linkedin.com", countrySubdomains: true),
        paths: [
            .prefixed("in", linkedInSlug),
            .prefixed("company", linkedInSlug, warning: (rule: "linkedin.company", page: "a company page")),
        ],
        handleStyle: .prefixed("in"), suggestsBareHandles: false,
        hostRule: "linkedin.host", profileRule: "linkedin.profile", reservedRule: "linkedin.profile",
        rules: [
            Rule(
                "linkedin.host", .error, "The LinkedIn URL is not on linkedin.com.",
                hint: "Use your profile address, such as https://linkedin.com/in/yourusername."),
            Rule(
                "linkedin.profile", .error, "The LinkedIn URL is not a personal profile (/in/…).",
                hint: "Use your profile address, such as https://linkedin.com/in/yourusername."),
            Rule(
                "linkedin.company", .warning, "The LinkedIn URL is a company page, not a personal profile.",
                hint: "Link your personal profile (https://linkedin.com/in/yourusername) so customers see who you are."),
        ],
        example: "https://linkedin.com/in/yourusername",
        // A rounded square with "i" and "n" strokes.
        icon:
            #"<rect x="1.75" y="1.75" width="12.5" height="12.5" rx="2"/><path d="M5 7v4.5M5 4.75v.01M8 11.5V7M8 8.75a1.75 1.75 0 0 1 3.5 0v2.75"/>"#,
        online: OnlineQuirks(
            name: "LinkedIn", blockedStatuses: [999, 403, 400],
            loginPaths: ["/authwall", "/uas/login", "/login", "/checkpoint"],
            missing: MissingProfileSignature(redirectPaths: ["/404"])))

    private static let linkedInSlug = HandleSyntax(
        1...100, extra: "-_", allowsNonASCII: true, summary: "letters, digits, - or _")
}
