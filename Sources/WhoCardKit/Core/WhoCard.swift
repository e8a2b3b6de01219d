/// Facts about this build of whocard.
public enum WhoCard {
    /// The version reports, User-Agent strings and build manifests carry.
    public static let version = "0.1.0"
}
