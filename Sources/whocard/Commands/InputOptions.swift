import ArgumentParser
import WhoCardKit

/// How to find and read the export; shared by every command that reads one.
struct InputOptions: ParsableArguments {
    @Option(
        name: [.short, .long],
        help: ArgumentHelp(
            "The settings export: .csv, .json, .jsonl or .ndjson; - reads standard input.", valueName: "file"),
        completion: .file())
    var input: String

    @Option(
        help: ArgumentHelp(
            "Read the input as this format instead of guessing from its extension.", valueName: "csv|json|jsonl"))
    var inputFormat: InputFormat?

    @Option(
        help: ArgumentHelp(
            "The CSV field delimiter: , ; tab or |. By default it is read from the header line.",
            valueName: "delimiter"))
    var delimiter: CSVDelimiter?

    @Option(
        help: ArgumentHelp(
            "In a JSON document, the profile array inside the top-level object, as a dotted path such as data or "
                + "response.items. By default the users or providers member.",
            valueName: "key"))
    var records: String?

    @Option(
        name: .customLong("map"),
        help: ArgumentHelp(
            "Read a field from a differently named column or JSON key, e.g. --map twitter_url=tw_link; in JSON a "
                + "dotted path reads a nested key (--map id=user.uid). Repeatable.",
            valueName: "field=column"))
    var mappings: [String] = []

    /// A bad `--map` is a usage error, reported with the command's usage.
    func validate() throws {
        _ = try fieldMap()
    }

    func fieldMap() throws -> FieldMap {
        do {
            return try FieldMap.parse(mappings: mappings)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    /// Opens the export, turning a missing or unreadable file into exit 2 with one line saying what to fix.
    func openChecker() throws -> ExportChecker {
        do {
            return try ExportChecker(
                path: input, format: inputFormat, fieldMap: fieldMap(), delimiter: delimiter, records: records)
        } catch let error as InputError {
            Console.error("error: \(error)")
            throw WhoCardExit.usage.exitCode
        }
    }
}

extension InputFormat: ExpressibleByArgument {}

extension CSVDelimiter: ExpressibleByArgument {
    public static var allValueStrings: [String] { allCases.map(\.argument) }
}
extension ReportFormat: ExpressibleByArgument {}
