import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// `whocard preview --serve`: an HTTP server (Hummingbird) showing a ``PreviewSite``, with live
/// reload: a ``FileWatcher`` polls the export and templates, and a change reloads every open
/// page through Server-Sent Events at ``PreviewSite/eventsPath``.
///
/// Every response carries `Content-Security-Policy: default-src 'self'` (plus the avatar
/// hosts a page shows), so a card that needed inline script or style would break visibly.
/// A request whose `Host` is not a loopback name or the bound address with the port is
/// answered 421 Misdirected Request, and nothing else (see ``PreviewHostCheck``).
public struct PreviewServer: Sendable {
    public let site: PreviewSite
    public let host: String
    public let port: Int
    public let pollInterval: Duration

    public init(
        site: PreviewSite, host: String = "127.0.0.1", port: Int = 8080, pollInterval: Duration = .milliseconds(300)
    ) {
        self.site = site
        self.host = host
        self.port = port
        self.pollInterval = pollInterval
    }

    /// Serves until SIGINT or SIGTERM (then finishes open requests, ends the event streams and
    /// returns) or until the task is cancelled. `onListening` receives the base URL once the
    /// port is bound (the real port when `port` is 0); `onReload` is called after each change.
    public func run(
        onListening: @escaping @Sendable (URL) -> Void = { _ in },
        onReload: @escaping @Sendable () -> Void = {}
    ) async throws {
        var logger = Logger(label: "whocard.preview")
        logger.logLevel = .warning
        let broadcaster = ReloadBroadcaster()
        let host = self.host
        let hostCheck = PreviewHostCheck(boundHost: host)
        let app = Application(
            router: Self.router(site: site, broadcaster: broadcaster, hostCheck: hostCheck),
            configuration: .init(address: .hostname(host, port: port), serverName: "whocard"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                hostCheck.port = port
                let shownHost = host.contains(":") ? "[\(host)]" : host
                if let url = URL(string: "http://\(shownHost):\(port)/") { onListening(url) }
            },
            logger: logger)
        let reloader = ReloadService(site: site, broadcaster: broadcaster, interval: pollInterval, onReload: onReload)
        // Graceful shutdown runs in reverse order: the reloader ends the event streams first,
        // so the server is not left waiting for browsers that never close them.
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: app), .init(service: reloader)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
    }

    static func router(site: PreviewSite, broadcaster: ReloadBroadcaster, hostCheck: PreviewHostCheck)
        -> Router<BasicRequestContext>
    {
        let router = Router()
        router.add(middleware: HostCheckMiddleware(check: hostCheck))
        router.get(RouterPath(PreviewSite.eventsPath)) { _, _ -> Response in
            let stream = broadcaster.subscribe()
            let current = site.generation
            var headers = HTTPFields()
            headers[.contentType] = "text/event-stream; charset=utf-8"
            headers[.cacheControl] = "no-store"
            return Response(
                status: .ok, headers: headers,
                body: ResponseBody { writer in
                    try await writer.write(
                        ByteBuffer(string: "retry: 1000\n" + ReloadService.event(generation: current)))
                    for await message in stream { try await writer.write(ByteBuffer(string: message)) }
                    try await writer.finish(nil)
                })
        }
        let page: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
            response(site.response(for: request.uri.path))
        }
        router.get("/", use: page)
        router.get("**", use: page)
        // The events route shadows "**" under /_whocard/.
        router.get(RouterPath(PreviewSite.reloadScriptPath), use: page)
        router.get(RouterPath(PreviewSite.stylesheetPath), use: page)
        router.get("/_whocard/**", use: page)
        return router
    }

    static func response(_ page: PreviewResponse) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = page.contentType
        headers[.cacheControl] = "no-store"
        headers[.contentSecurityPolicy] = page.contentSecurityPolicy
        headers[.xContentTypeOptions] = "nosniff"
        return Response(
            status: .init(code: page.status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: page.body)))
    }
}

/// Answers 421 to a request whose `Host` header ``PreviewHostCheck`` refuses (or that has more
/// than one), before any route sees it.
struct HostCheckMiddleware<Context: RequestContext>: RouterMiddleware {
    let check: PreviewHostCheck

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        // The first Host header is the authority; a second one is left among the fields.
        let extraHost = request.headers.contains { $0.name.canonicalName == "host" }
        guard !extraHost, check.allows(request.head.authority) else {
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; charset=utf-8"
            headers[.cacheControl] = "no-store"
            headers[.connection] = "close"
            return Response(
                status: .misdirectedRequest, headers: headers,
                body: .init(
                    byteBuffer: ByteBuffer(
                        string: "This preview answers only to localhost, 127.0.0.1, [::1] and the address it is "
                            + "bound to, with its port: open it by one of those.\n")))
        }
        return try await next(request, context)
    }
}

/// Polls the watched files; on a change invalidates the site and announces the new generation.
struct ReloadService: Service {
    let site: PreviewSite
    let broadcaster: ReloadBroadcaster
    let interval: Duration
    let onReload: @Sendable () -> Void

    /// Keeps idle event streams alive and lets the server notice closed ones.
    static let pingEvery: Duration = .seconds(15)

    static func event(generation: String) -> String {
        "event: generation\ndata: \(generation)\n\n"
    }

    func run() async throws {
        defer { broadcaster.finish() }
        let source = site.source
        do {
            try await cancelWhenGracefulShutdown {
                var watcher = FileWatcher { source.watchedFiles() }
                var sincePing: Duration = .zero
                while true {
                    try await Task.sleep(for: interval)
                    if watcher.poll() {
                        site.invalidate()
                        broadcaster.send(Self.event(generation: site.generation))
                        onReload()
                    }
                    sincePing += interval
                    if sincePing >= Self.pingEvery {
                        sincePing = .zero
                        broadcaster.send(": ping\n\n")
                    }
                }
            }
        } catch is CancellationError {
            return
        }
    }
}
