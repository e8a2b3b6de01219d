import ArgumentParser
import WhoCardKit

#if canImport(Glibc)
    import Glibc
#endif

/// whocard's command line: a thin layer over WhoCardKit.
@main
struct WhoCardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whocard",
        abstract: "Validate provider settings exports and render \"who you're talking to\" cards.",
        discussion: """
            Exit codes: 0 success; 1 findings reached --fail-on (or --strict); 2 usage error, \
            unreadable input or output.
            """,
        version: WhoCard.version,
        subcommands: [
            CheckCommand.self, BuildCommand.self, MergeCommand.self, PreviewCommand.self, TemplatesCommand.self,
            RulesCommand.self,
        ]
    )

    /// Parses and runs, mapping every usage error to exit 2 (documented in the README).
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var command = command as? AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                exit(withError: error)  // --help, --version
            }
            let message = fullMessage(for: error)
            if !message.isEmpty { Console.error(message) }
            Glibc.exit(code == ExitCode.validationFailure ? WhoCardExit.usage.rawValue : code.rawValue)
        }
    }
}
