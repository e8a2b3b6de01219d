import CCmark

/// Every call into libcmark lives here.
public enum CommonMark {
    /// The linked libcmark's version, e.g. `0.30.2`.
    public static var libraryVersion: String { String(cString: cmark_version_string()) }
}
