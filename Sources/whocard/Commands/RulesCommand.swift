import ArgumentParser
import WhoCardKit

/// `whocard rules`: every validation rule with its severity and fix hint (docs/rules.md).
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List every validation rule with its id, severity, what it checks and its fix hint (Markdown).")

    func run() throws {
        Console.out(RuleCatalogue.markdown())
    }
}
