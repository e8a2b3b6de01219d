import ArgumentParser
import Foundation
import WhoCardKit

/// `whocard merge`: the step after N shard builds into one folder.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the manifests and reports of N shard builds and write the gallery.",
        discussion: "Run after every `whocard build --shard K/N` has finished writing into the same output folder."
    )

    @Option(
        name: [.short, .long], help: ArgumentHelp("The output folder the shards wrote into.", valueName: "dir"),
        completion: .directory)
    var output: String = "output"

    @Option(help: ArgumentHelp("How many shards there were.", valueName: "n"))
    var shards: Int

    @Option(help: ArgumentHelp("Folder of templates the shards used.", valueName: "dir"), completion: .directory)
    var templates: String?

    func run() throws {
        let library = try TemplateOptions.library(templates)
        do {
            let users = try ShardMerge(outputDirectory: output, shards: shards, templates: library).run()
            Console.error("merged \(shards) shards: \(users.formatted()) cards. Manifest: \(output)/manifest.json")
        } catch {
            Console.error("error: \(error)")
            throw WhoCardExit.usage.exitCode
        }
    }
}
