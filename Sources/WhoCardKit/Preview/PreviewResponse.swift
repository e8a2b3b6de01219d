/// One answer of the preview site: status, content type, body and the page's
/// Content-Security-Policy. Independent of the HTTP server, so it is tested without one.
public struct PreviewResponse: Sendable, Equatable {
    public var status: Int
    public var contentType: String
    public var body: String
    /// The policy the page is served under: `default-src 'self'`, plus the origins of the
    /// avatars the page shows (an embedding site must allow its avatar host).
    public var contentSecurityPolicy: String

    public init(
        status: Int, contentType: String, body: String, contentSecurityPolicy: String = PreviewResponse.basePolicy
    ) {
        self.status = status
        self.contentType = contentType
        self.body = body
        self.contentSecurityPolicy = contentSecurityPolicy
    }

    /// The strict policy every response carries: nothing but the server's own files.
    public static let basePolicy = "default-src 'self'"

    static let html = "text/html; charset=utf-8"

    /// `basePolicy`, with `img-src` allowing `origins` (e.g. `https://images.example.com`) when there are any.
    static func policy(imageOrigins origins: Set<String>) -> String {
        guard !origins.isEmpty else { return basePolicy }
        return basePolicy + "; img-src 'self' " + origins.sorted().joined(separator: " ")
    }
}
