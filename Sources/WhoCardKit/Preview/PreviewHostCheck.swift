import Foundation

/// Which `Host` headers `whocard preview --serve` answers: `localhost`, `127.0.0.1`, `[::1]` and
/// the address it is bound to, each with the port it listens on (without a port only on 80).
///
/// A DNS-rebinding page runs under a name of its own (`evil.example`) that its DNS later points
/// at 127.0.0.1; the browser then lets it read the preview's pages, the export's contact data
/// among them, but still sends its own name in `Host`. Refusing every other name closes that.
/// Safe to share between threads: the port is set once the server listens.
final class PreviewHostCheck: @unchecked Sendable {
    private let names: Set<String>
    private let lock = NSLock()
    private var listeningPort = 0

    /// `boundHost` as given to the server (`127.0.0.1`, `::1`, `localhost`, `0.0.0.0`).
    init(boundHost: String) {
        let bound = boundHost.lowercased()
        let shown = bound.contains(":") && !bound.hasPrefix("[") ? "[\(bound)]" : bound
        names = ["localhost", "127.0.0.1", "[::1]", shown]
    }

    /// The port the server listens on, once it does.
    var port: Int {
        get { lock.withLock { listeningPort } }
        set { lock.withLock { listeningPort = newValue } }
    }

    /// Whether a request whose `Host` header is `authority` gets an answer.
    func allows(_ authority: String?) -> Bool {
        Self.allows(authority, names: names, port: port)
    }

    static func allows(_ authority: String?, names: Set<String>, port: Int) -> Bool {
        guard let authority, !authority.isEmpty, port > 0 else { return false }
        let lower = authority.lowercased()
        let name: Substring
        let rest: Substring
        if lower.hasPrefix("[") {
            guard let close = lower.firstIndex(of: "]") else { return false }
            name = lower[...close]
            rest = lower[lower.index(after: close)...]
        } else if let colon = lower.firstIndex(of: ":") {
            name = lower[..<colon]
            rest = lower[colon...]
        } else {
            name = lower[...]
            rest = ""
        }
        guard names.contains(String(name)) else { return false }
        if rest.isEmpty { return port == 80 }
        guard rest.first == ":", case let digits = rest.dropFirst(), !digits.isEmpty, digits.count <= 5,
            digits.allSatisfy({ $0.isASCII && $0.isNumber }), let given = Int(digits)
        else { return false }
        return given == port
    }
}
