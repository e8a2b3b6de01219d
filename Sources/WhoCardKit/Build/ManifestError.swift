/// The previous build's manifest could not be read; the build then compares with the files
/// on disk instead, so nothing is lost.
public struct ManifestError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String {
        "the manifest '\(path)' is unreadable (\(reason)); every card is compared with the file on disk and the manifest replaced"
    }
}
