/// How `whocard build` writes its output.
public struct BuildOptions: Sendable {
    /// The output folder (created when missing); cards go to `<output>/cards/`.
    public var outputDirectory: String
    public var templates: TemplateLibrary
    /// Rewrite every file even when its content is unchanged.
    public var force: Bool
    /// Cards per gallery page.
    public var indexPageSize: Int

    public init(outputDirectory: String = "output", templates: TemplateLibrary = .defaults, force: Bool = false, indexPageSize: Int = 500) {
        self.outputDirectory = outputDirectory
        self.templates = templates
        self.force = force
        self.indexPageSize = indexPageSize
    }
}
