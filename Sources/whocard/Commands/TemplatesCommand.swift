import ArgumentParser
import Foundation
import WhoCardKit

/// `whocard templates init DIR`: write the built-in templates out for customising.
struct TemplatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates",
        abstract: "Work with card templates.",
        subcommands: [Init.self]
    )

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the built-in templates to a folder; edit them and pass --templates DIR.")

        @Argument(help: "The folder to write to (created when missing).", completion: .directory)
        var directory: String

        @Flag(help: "Overwrite files of the same name already in the folder.")
        var force = false

        func run() throws {
            do {
                try TemplateLibrary.writeDefaults(to: URL(fileURLWithPath: directory), overwrite: force)
            } catch {
                Console.error("error: \(error)")
                throw WhoCardExit.usage.exitCode
            }
            Console.error("wrote the default templates to \(directory)")
        }
    }
}
