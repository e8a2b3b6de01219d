import ArgumentParser
import Foundation
import WhoCardKit

/// `whocard build`: the nightly job that renders every provider's card.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Check an export and write every accepted user's cards, the gallery, manifest and report.",
        discussion: "Writes <output>/cards/<id>.{html,md,json,vcf}, whocard.css, index.html (+ pages), manifest.json and report.json. Unchanged files are not rewritten."
    )

    @OptionGroup var input: InputOptions

    @Option(name: [.short, .long], help: ArgumentHelp("Output folder.", valueName: "dir"))
    var output: String = "output"

    @Option(help: ArgumentHelp("Folder of templates overriding the built-in ones, file by file.", valueName: "dir"))
    var templates: String?

    @Flag(help: "Exit 1 when any error finding exists (valid users' cards are still written).")
    var strict = false

    @Flag(help: "Rewrite every file even when its content is unchanged.")
    var force = false

    @Flag(name: [.short, .long], help: "Print nothing but errors.")
    var quiet = false

    @Flag(help: "Do not show progress.")
    var noProgress = false

    func run() throws {
        let library = try TemplateOptions.library(templates)
        let checker = try input.openChecker()
        let result: BuildResult
        do {
            result = try BuildPipeline(checker: checker, options: BuildOptions(outputDirectory: output, templates: library, force: force)).run()
        } catch let error as InputError {
            Console.error("error: \(error)")
            throw WhoCardExit.usage.exitCode
        } catch let error as FileWriteError {
            Console.error("error: \(error)")
            throw WhoCardExit.usage.exitCode
        } catch let error as TemplateError {
            Console.error("error: \(error)")
            throw WhoCardExit.usage.exitCode
        }
        for note in result.notes { Console.error("warning: \(note)") }
        let s = result.report.summary
        if !quiet {
            Console.error(String(
                format: "%d rows: %d cards (%d files written, %d unchanged, %d users removed), %d rows rejected; %d errors, %d warnings; %.2fs. Report: %@",
                s.rows, result.cards, result.written, result.unchanged, result.removed.count, s.rejected, s.errors, s.warnings,
                result.elapsedSeconds, output + "/report.json"))
        }
        if strict && s.errors > 0 { throw WhoCardExit.findings.exitCode }
    }
}

/// Loads `--templates DIR`, turning a template error into exit 2 with file and line.
enum TemplateOptions {
    static func library(_ directory: String?) throws -> TemplateLibrary {
        guard let directory else { return .defaults }
        do {
            return try TemplateLibrary(overrideDirectory: URL(fileURLWithPath: directory))
        } catch {
            Console.error("error: \(error)")
            throw WhoCardExit.usage.exitCode
        }
    }
}
