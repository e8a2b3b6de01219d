import Foundation

/// What a build wrote: per user, each card file and its SHA-256. Sorted, without timestamps,
/// so two builds of the same export are byte-identical and the next build can tell what changed.
public struct Manifest: Sendable, Equatable, Codable {
    public struct Entry: Sendable, Equatable, Codable {
        public var id: String
        /// File name (relative to the output folder) to SHA-256 hex digest.
        public var files: [String: String]

        public init(id: String, files: [String: String]) {
            self.id = id
            self.files = files
        }
    }

    public var version: Int = 1
    public var generator: String = "whocard \(WhoCard.version)"
    /// Shared files (stylesheet, index pages) to digest.
    public var site: [String: String] = [:]
    public var users: [Entry] = []

    public init(site: [String: String] = [:], users: [Entry] = []) {
        self.site = site
        self.users = users
    }

    /// Reads a manifest; `nil` when there is none.
    public static func load(from path: String) throws(ManifestError) -> Manifest? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            return try JSONDecoder().decode(Manifest.self, from: data)
        } catch {
            throw ManifestError(path: path, reason: "\(error)")
        }
    }

    /// The manifest's canonical JSON: keys in fixed order, users sorted by id.
    public func encoded() -> String {
        var out = "{\n  \"version\": \(version),\n  \"generator\": \(JSONValue.quoted(generator)),\n  \"site\": {"
        out += site.keys.sorted().map { "\n    \(JSONValue.quoted($0)): \(JSONValue.quoted(site[$0]!))" }.joined(separator: ",")
        out += site.isEmpty ? "},\n" : "\n  },\n"
        out += "  \"users\": ["
        let sorted = users.sorted { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }
        out += sorted.map { entry in
            let files = entry.files.keys.sorted().map { "\(JSONValue.quoted($0)): \(JSONValue.quoted(entry.files[$0]!))" }
            return "\n    {\"id\": \(JSONValue.quoted(entry.id)), \"files\": {\(files.joined(separator: ", "))}}"
        }.joined(separator: ",")
        out += sorted.isEmpty ? "]\n}\n" : "\n  ]\n}\n"
        return out
    }
}

/// The previous build's manifest could not be read; the build then rewrites every file.
public struct ManifestError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String {
        "the manifest '\(path)' is unreadable (\(reason)); every card will be rewritten and the manifest replaced"
    }
}
