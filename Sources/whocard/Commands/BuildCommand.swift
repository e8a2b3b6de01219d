import ArgumentParser
import Foundation
import WhoCardKit

/// `whocard build`: the nightly job that renders every provider's card.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Check an export and write every accepted user's cards, the gallery, manifest and report.",
        discussion: """
            Writes <output>/cards/<id>.{html,md,json,vcf} (and <id>.<tag>.{html,md} per --locales), whocard.css, index.html (+ pages), manifest.json and \
            report.json. Unchanged files are not rewritten; users gone from the export have their cards removed, \
            unless that would remove more than --max-prune percent of them.
            """
    )

    @OptionGroup(title: "Input") var input: InputOptions

    @Option(name: [.short, .long], help: ArgumentHelp("Output folder.", valueName: "dir"), completion: .directory)
    var output: String = "output"

    @Option(
        help: ArgumentHelp("Folder of templates overriding the built-in ones, file by file.", valueName: "dir"),
        completion: .directory)
    var templates: String?

    @OptionGroup(title: "Card options") var card: CardAppearanceOptions

    @Option(
        help: ArgumentHelp(
            "Write the HTML and Markdown cards in each of these languages too, as cards/<id>.<tag>.html and .md "
                + "(the --locale one keeps cards/<id>.html), e.g. en,fr,ar.",
            valueName: "tags"))
    var locales: String?

    @OptionGroup(title: "Verified links") var verified: VerifiedLinkOptions

    @Flag(help: "Exit 1 when any error finding exists (valid users' cards are still written).")
    var strict = false

    @Flag(help: "Rewrite every file even when its content is unchanged.")
    var force = false

    @Option(name: [.short, .long], help: ArgumentHelp("Worker threads (default: the core count).", valueName: "n"))
    var jobs: Int?

    @Option(
        help: ArgumentHelp(
            "Build only shard K of N (1-based), by a stable hash of the user id; finish with `whocard merge`.",
            valueName: "K/N"))
    var shard: String?

    @Option(help: ArgumentHelp("Build shard JOB_COMPLETION_INDEX+1 of N (Kubernetes Indexed Job).", valueName: "N"))
    var shards: Int?

    @Option(
        help: ArgumentHelp("Largest share of existing cards a build may remove (default: 10).", valueName: "percent"))
    var maxPrune: Double?

    @Flag(help: "Remove every card whose user left the export, however many.")
    var allowMassPrune = false

    @Flag(name: [.short, .long], help: "Print nothing but errors.")
    var quiet = false

    @Flag(help: "Do not show progress.")
    var noProgress = false

    func validate() throws {
        if shard != nil && shards != nil { throw ValidationError("use --shard K/N or --shards N, not both") }
        if let shard {
            do { _ = try Shard(parsing: shard) } catch { throw ValidationError("\(error)") }
        }
        for tag in (locales ?? "").split(separator: ",") {
            let tag = tag.trimmingCharacters(in: .whitespaces)
            if !tag.isEmpty && !LocaleCatalogue.isPlausibleTag(tag) {
                throw ValidationError(
                    "--locales takes language tags separated by commas, like en,fr,pt-BR; not '\(tag)'")
            }
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if let maxPrune, maxPrune < 0 || maxPrune > 100 {
            throw ValidationError("--max-prune takes a percentage from 0 to 100")
        }
    }

    func run() throws {
        let library = try TemplateOptions.library(templates)
        let main = try card.renderer(library, quiet: quiet)
        // The other languages, as their catalogues spell them, each checked (and its warnings printed) once.
        var extraLocales: [String] = []
        for tag in (locales ?? "").split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) })
        where !tag.isEmpty {
            let tag = try card.renderer(library, locale: tag, quiet: quiet).catalogue.tag
            if tag != main.catalogue.tag, !extraLocales.contains(tag) { extraLocales.append(tag) }
        }
        extraLocales.sort()
        let slice: Shard
        do {
            if let shard {
                slice = try Shard(parsing: shard)
            } else if let shards {
                slice = try Shard(count: shards, environment: ProcessInfo.processInfo.environment)
            } else {
                slice = .all
            }
        } catch {
            throw ValidationError("\(error)")
        }
        let checker = try input.openChecker()
        let display = ProgressDisplay(enabled: !quiet && !noProgress)
        var options = BuildOptions(
            outputDirectory: output, templates: library, card: card.options(), force: force,
            jobs: jobs ?? BuildOptions.defaultJobs, shard: slice,
            maxPrunePercent: allowMassPrune ? 100 : maxPrune ?? 10, progress: display.update)
        options.extraLocales = extraLocales
        options.verifications = try verified.load(quiet: quiet)
        let result: BuildResult
        do {
            result = try BuildPipeline(checker: checker, options: options).run()
        } catch {
            display.clear()
            Console.error("error: \(error)")
            throw WhoCardExit.usage.exitCode
        }
        display.clear()
        let reportPath = output + "/report\(slice.isWhole ? "" : ".shard-\(slice.index)-of-\(slice.count)").json"
        let s = result.report.summary
        // Where to read the findings, when there are any: the build's own output names them.
        let pointer =
            s.errors + s.warnings == 0
            ? "Report: \(reportPath)"
            : "Findings: in \(reportPath)"
                + (slice.isWhole ? ", under each card in \(output)/index.html" : "")
                + ", or with their fixes from `whocard check --input \(input.input)`"
        for note in result.notes { Console.error("warning: \(note)") }
        if let warning = result.report.memoryWarning { Console.error("warning: " + warning) }
        if !quiet {
            Console.error(
                String(
                    format:
                        "%@ rows: %@ cards (%@ rendered); %@ files written, %@ unchanged; %@ users removed; %@ rows rejected%@; %@ errors, %@ warnings; %.1fs. %@",
                    s.rows.formatted(), result.cards.formatted(), result.rendered.formatted(),
                    result.written.formatted(), result.unchanged.formatted(),
                    result.removed.count.formatted(), s.rejected.formatted(),
                    result.keptStale.isEmpty
                        ? "" : " (\(result.keptStale.count.formatted()) kept their last card, stale)",
                    s.errors.formatted(),
                    s.warnings.formatted(),
                    result.elapsedSeconds,
                    pointer))
        }
        if let refused = result.pruneRefused {
            Console.error(
                """
                error: \(refused.wouldRemove) of \(refused.of) existing cards (\(String(format: "%.1f", Double(refused.wouldRemove) * 100 / Double(refused.of)))%) \
                belong to users missing from the export, more than --max-prune \((maxPrune ?? 10).formatted())%; none were removed. \
                If the export is right, run again with --allow-mass-prune (or a higher --max-prune).
                """)
            throw WhoCardExit.findings.exitCode
        }
        if result.keptUnseen != nil {
            Console.error(
                "error: "
                    + (result.report.isEmptyExport
                        ? "the export has no rows" : "the export could not be read to its end (see export.incomplete)")
                    + "; no card was removed. Fix or re-export it and build again.")
            throw WhoCardExit.findings.exitCode
        }
        if strict && s.errors > 0 { throw WhoCardExit.findings.exitCode }
    }
}
