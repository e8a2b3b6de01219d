/// Why `whocard templates init` wrote nothing.
public enum TemplateInitError: Error, CustomStringConvertible, Equatable, Sendable {
    /// These files exist already; `--force` overwrites them.
    case wouldOverwrite([String])

    public var description: String {
        switch self {
        case .wouldOverwrite(let files):
            "\(files.count == 1 ? "this file exists" : "these files exist") and would be overwritten: "
                + files.joined(separator: ", ") + ". Choose another folder, or pass --force to overwrite them."
        }
    }
}
