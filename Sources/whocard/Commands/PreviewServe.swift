import Dispatch
import Foundation
import WhoCardKit

/// `whocard preview ID --serve`: runs the ``PreviewServer`` until Ctrl-C (SIGINT) or SIGTERM.
struct PreviewServe {
    let id: String
    let input: InputOptions
    let templates: String?
    let host: String
    let port: Int
    let open: Bool

    func run() throws {
        let source = PreviewSource(
            input: input.input, inputFormat: input.inputFormat, fieldMap: try input.fieldMap(),
            templates: templates.map { URL(fileURLWithPath: $0) })
        let server = PreviewServer(site: PreviewSite(source: source), host: host, port: port)
        let cardPath = PreviewSite.cardPath(id: id)
        let open = self.open
        let file = input.input
        let finished = DispatchSemaphore(value: 0)
        let failure = FailureBox()
        // The command line is synchronous; the server runs on the concurrency pool meanwhile.
        Task.detached {
            do {
                try await server.run(
                    onListening: { base in
                        let card = base.absoluteString.dropLast() + cardPath
                        Console.error("whocard preview: serving \(card)")
                        Console.error("whocard preview: gallery \(base.absoluteString); reloads when \(file) or a template changes; Ctrl-C stops")
                        if open { Opener.open(String(card)) }
                    },
                    onReload: { Console.error("whocard preview: files changed; open pages reload") })
            } catch {
                failure.error = error
            }
            finished.signal()
        }
        finished.wait()
        if let error = failure.error {
            Console.error("error: cannot serve on \(host):\(port): \(error); choose another --port (0 picks a free one) or --host")
            throw WhoCardExit.usage.exitCode
        }
        Console.error("whocard preview: stopped")
    }
}

/// The server's error, handed from its task to the waiting command.
private final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: (any Error)?
    var error: (any Error)? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
