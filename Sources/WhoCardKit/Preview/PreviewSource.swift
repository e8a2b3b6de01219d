import Foundation

/// Where the preview server reads from: the export and, optionally, a folder of templates.
/// Both are read again whenever one of their files changes.
public struct PreviewSource: Sendable {
    /// The export's path (not `-`: standard input cannot be read twice).
    public var input: String
    public var inputFormat: InputFormat?
    public var fieldMap: FieldMap
    /// A CSV delimiter to force; `nil` reads it from the header line.
    public var delimiter: CSVDelimiter?
    /// The JSON profile array's path inside the wrapper object (`--records`); `nil` for the default.
    public var records: String?
    /// The `--templates` folder, if any.
    public var templates: URL?
    /// Theme, embedding and language of the cards.
    public var card = CardOptions()
    /// The links the cards mark as verified (`--verified-from`), read once at start.
    public var verifications = CardVerifications()

    public init(input: String, inputFormat: InputFormat? = nil, fieldMap: FieldMap = FieldMap(), templates: URL? = nil)
    {
        self.input = input
        self.inputFormat = inputFormat
        self.fieldMap = fieldMap
        self.templates = templates
    }

    /// The files whose changes trigger a reload: the export and every file in the templates
    /// folder (listed afresh each time, so a new template file counts too).
    func watchedFiles() -> [URL] {
        var files = [URL(fileURLWithPath: input)]
        if let templates {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: templates.path)) ?? []
            files += names.sorted().map { templates.appendingPathComponent($0) }
            files.append(templates)
        }
        return files
    }
}
