import ArgumentParser
import WhoCardKit

/// How to find and read the export; shared by every command that reads one.
struct InputOptions: ParsableArguments {
    @Option(
        name: [.short, .long],
        help: ArgumentHelp(
            "The settings export: .csv, .json, .jsonl or .ndjson; - reads standard input.", valueName: "file"))
    var input: String

    @Option(
        help: ArgumentHelp(
            "Read the input as this format instead of guessing from its extension.", valueName: "csv|json|jsonl"))
    var inputFormat: InputFormat?

    @Option(
        name: .customLong("map"),
        help: ArgumentHelp(
            "Read a field from a differently named column, e.g. --map twitter_url=tw_link. Repeatable.",
            valueName: "field=column"))
    var mappings: [String] = []

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
            return try ExportChecker(path: input, format: inputFormat, fieldMap: fieldMap())
        } catch let error as InputError {
            Console.error("error: \(error)")
            throw WhoCardExit.usage.exitCode
        }
    }
}

extension InputFormat: ExpressibleByArgument {}
extension ReportFormat: ExpressibleByArgument {}
