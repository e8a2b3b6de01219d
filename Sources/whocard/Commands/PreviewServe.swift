import Foundation
import WhoCardKit

/// `whocard preview ID --serve`: runs the ``PreviewServer`` until Ctrl-C (SIGINT) or SIGTERM.
struct PreviewServe {
    let id: String
    let input: InputOptions
    let templates: String?
    let card: CardOptions
    let verifications: CardVerifications
    let host: String
    let port: Int
    let open: Bool

    func run() async throws {
        var source = PreviewSource(
            input: input.input, inputFormat: input.inputFormat, fieldMap: try input.fieldMap(),
            templates: templates.map { URL(fileURLWithPath: $0) })
        source.card = card
        source.verifications = verifications
        source.delimiter = input.delimiter
        source.records = input.records
        let server = PreviewServer(site: PreviewSite(source: source), host: host, port: port)
        let cardPath = PreviewSite.cardPath(id: id)
        do {
            try await server.run(
                onListening: { [open, file = input.input] base in
                    let card = base.absoluteString.dropLast() + cardPath
                    Console.error("whocard preview: serving \(card)")
                    Console.error(
                        "whocard preview: gallery \(base.absoluteString); reloads when \(file) or a template changes; Ctrl-C stops"
                    )
                    if open { Opener.open(String(card)) }
                },
                onReload: { Console.error("whocard preview: files changed; open pages reload") })
        } catch {
            Console.error(
                "error: cannot serve on \(host):\(port): \(error); choose another --port (0 picks a free one) or --host"
            )
            throw WhoCardExit.usage.exitCode
        }
        Console.error("whocard preview: stopped")
    }
}
