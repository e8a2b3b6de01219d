/// What a build did: the check report of the export plus what happened to each file.
public struct BuildResult: Sendable {
    public var report: CheckReport
    /// Cards (users) in the output (for a shard: in the shard).
    public var cards: Int
    /// Users whose cards were rendered; the others' export rows and templates were unchanged
    /// since the last build (see ``InputDigest``), so their cards were kept as they are.
    public var rendered: Int
    /// Files written because they were new or changed.
    public var written: Int
    /// Files left untouched because their content was already right.
    public var unchanged: Int
    /// Users whose cards were removed because they left the export.
    public var removed: [String]
    /// Users whose row was rejected but who keep their last good card (see ``StaleCard``).
    public var keptStale: [StaleCard] = []
    /// Set when the export could not be read to its end or had no rows (`export.incomplete`,
    /// `export.empty`): the users of the last build not seen in it, all kept.
    public var keptUnseen: Int?
    /// Set when the build refused to remove cards: how many would have gone, of how many.
    public var pruneRefused: (wouldRemove: Int, of: Int)?
    /// Non-fatal notes about the build itself (e.g. an unreadable previous manifest).
    public var notes: [String]
    public var elapsedSeconds: Double
}
