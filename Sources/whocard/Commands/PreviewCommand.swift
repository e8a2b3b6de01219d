import ArgumentParser
import Foundation
import WhoCardKit

/// `whocard preview`: one user's card, for support, QA or the provider themselves.
struct PreviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Render one user's card without rendering the others.",
        discussion: """
            By default writes the standalone page to output/preview/<id>.html and prints its path. The user's findings go to stderr.
            With --serve, serves the page, the gallery (/) and every user's page (/cards/<id>) on http://127.0.0.1:8080/ \
            and reloads open pages when the export or a template changes; Ctrl-C stops it.
            """
    )

    enum Output: String, ExpressibleByArgument, CaseIterable {
        case page, html, md, json, vcard
    }

    @Argument(help: "The user's id.")
    var id: String

    @OptionGroup(title: "Input") var input: InputOptions

    @Option(
        name: .customLong("as"),
        help: ArgumentHelp(
            "What to render: the standalone page (written to a file) or one output printed to stdout.",
            valueName: "page|html|md|json|vcard"))
    var format: Output = .page

    @Option(
        name: [.short, .long],
        help: ArgumentHelp(
            "Write to this file instead (default for page: output/preview/<id>.html).", valueName: "file"),
        completion: .file())
    var output: String?

    @Option(
        help: ArgumentHelp("Folder of templates overriding the built-in ones.", valueName: "dir"),
        completion: .directory)
    var templates: String?

    @OptionGroup(title: "Card options") var card: CardAppearanceOptions

    @OptionGroup(title: "Verified links") var verified: VerifiedLinkOptions

    @Flag(help: "Open the page with the system's opener (xdg-open or open).")
    var open = false

    @Flag(help: "Serve the preview over HTTP with live reload instead of writing a file (Ctrl-C stops).")
    var serve = false

    @Option(help: ArgumentHelp("Port for --serve; 0 picks a free one.", valueName: "port"))
    var port = 8080

    @Option(help: ArgumentHelp("Address for --serve to listen on.", valueName: "host"))
    var host = "127.0.0.1"

    func validate() throws {
        if serve {
            if format != .page { throw ValidationError("--serve shows the page; leave out --as \(format.rawValue)") }
            if output != nil { throw ValidationError("--serve writes no file; leave out --output") }
            if input.input == "-" {
                throw ValidationError(
                    "--serve reads the export again on every change, so it needs a file, not standard input")
            }
        } else if port != 8080 || host != "127.0.0.1" {
            throw ValidationError("--port and --host need --serve")
        }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535") }
    }

    func run() async throws {
        if serve {
            try TemplateOptions.requireFolder(templates)
            // An unknown --locale exits 2 now, and missing translations are reported once; a
            // template error is the served page's to show.
            if let library = try? TemplateLibrary(overrideDirectory: templates.map { URL(fileURLWithPath: $0) }) {
                _ = try card.renderer(library)
            }
            return try await PreviewServe(
                id: id, input: input, templates: templates, card: card.options(),
                verifications: try verified.load(quiet: false), host: host, port: port, open: open
            ).run()
        }
        let library = try TemplateOptions.library(templates)
        let reader: ExportReader
        let outcome: ProfileLookup.Outcome
        do {
            reader = try ExportReader(
                path: input.input, format: input.inputFormat, fieldMap: input.fieldMap(), delimiter: input.delimiter,
                records: input.records)
            outcome = try ProfileLookup(reader: reader, file: input.input).find(id)
        } catch let error as InputError {
            Console.error("error: \(error)")
            throw WhoCardExit.usage.exitCode
        }
        let profile: ValidatedProfile
        switch outcome {
        case .found(let found):
            profile = found
        case .rejected(let findings):
            for finding in findings {
                Console.error(
                    "\(finding.severity.rawValue): \(finding.message) (\(finding.rule)); fix: \(finding.hint)")
            }
            Console.error("error: the row of user '\(id)' in \(input.input) is rejected, so it has no card")
            throw WhoCardExit.findings.exitCode
        case .notFound(let users, let suggestions):
            var message = "no user '\(id)' in \(input.input) (\(users) users)"
            if !suggestions.isEmpty { message += "; did you mean: " + suggestions.joined(separator: ", ") }
            Console.error("error: " + message)
            throw WhoCardExit.findings.exitCode
        }
        let renderer = try card.renderer(library)
        let verifiedLinks = try verified.load(quiet: true).links(for: profile.id)
        let content: String
        do {
            switch format {
            case .page:
                // The style sheet goes beside the page (or, by default, in output/).
                content = try renderer.page(
                    profile, cssHref: output == nil ? "../whocard.css" : "whocard.css", verified: verifiedLinks)
            case .html: content = try renderer.html(profile, verified: verifiedLinks)
            case .md: content = try renderer.markdown(profile, verified: verifiedLinks)
            case .json, .vcard:
                let card = try renderer.render(profile, file: input.input, verified: verifiedLinks)
                content = format == .json ? card.json : card.vcard
            }
        } catch {
            Console.error("error: \(error)")
            throw WhoCardExit.usage.exitCode
        }
        for finding in profile.findings {
            Console.error(
                "\(input.input):\(finding.line): \(finding.severity.rawValue): [\(finding.rule)] \(finding.field ?? "-"): \(finding.message)"
            )
        }
        if format == .page || output != nil {
            let path = output ?? "output/preview/\(id).html"
            do {
                let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                if format == .page {
                    let cssFolder = output == nil ? folder.deletingLastPathComponent() : folder
                    try AtomicFile.write(library.css, to: cssFolder.appendingPathComponent("whocard.css").path)
                }
                try AtomicFile.write(content, to: path)
            } catch {
                Console.error("error: \(error)")
                throw WhoCardExit.usage.exitCode
            }
            Console.out(path + "\n")
            if open { Opener.open(path) }
        } else {
            Console.out(content)
        }
    }
}

/// Opens a file with the desktop's opener, quietly doing nothing where there is none.
enum Opener {
    static func open(_ path: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        #if os(macOS)
            process.arguments = ["open", path]
        #else
            process.arguments = ["xdg-open", path]
        #endif
        do { try process.run() } catch { Console.error("warning: could not open \(path): \(error)") }
    }
}
