import ArgumentParser
import WhoCardKit

@main
struct WhoCardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whocard",
        abstract: "Validate provider settings exports and render \"who you're talking to\" cards.",
        version: WhoCard.version,
        subcommands: []
    )
}
