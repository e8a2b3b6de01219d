/// How `whocard build` writes its output.
public struct BuildOptions: Sendable {
    /// The output folder (created when missing); cards go to `<output>/cards/`.
    public var outputDirectory: String
    public var templates: TemplateLibrary
    /// Theme, embedding and language of the cards.
    public var card: CardOptions
    /// More languages to write besides `card.locale`'s, as `cards/<id>.<tag>.html` and `.md`.
    public var extraLocales: [String] = []
    /// The links each user's cards mark as verified (`--verified-from`); none by default.
    public var verifications = CardVerifications()
    /// Rewrite every file even when its content is unchanged.
    public var force: Bool
    /// Cards per gallery page.
    public var indexPageSize: Int
    /// Worker threads for validating, rendering and writing (the output does not depend on it).
    public var jobs: Int
    /// Build only the users of this shard.
    public var shard: Shard
    /// Largest share of the existing cards a build may remove, in percent; above it, none are
    /// removed (a truncated or wrong export) and ``BuildResult/pruneRefused`` says so.
    public var maxPrunePercent: Double
    /// Called now and then from the building thread, for progress displays.
    public var progress: (@Sendable (BuildProgress) -> Void)?

    public init(
        outputDirectory: String = "output", templates: TemplateLibrary = .defaults, card: CardOptions = CardOptions(),
        force: Bool = false,
        indexPageSize: Int = CardRenderer.indexPageSize, jobs: Int = BuildOptions.defaultJobs, shard: Shard = .all,
        maxPrunePercent: Double = 10, progress: (@Sendable (BuildProgress) -> Void)? = nil
    ) {
        self.outputDirectory = outputDirectory
        self.templates = templates
        self.card = card
        self.force = force
        self.indexPageSize = indexPageSize
        self.jobs = jobs
        self.shard = shard
        self.maxPrunePercent = maxPrunePercent
        self.progress = progress
    }

    /// The machine's core count.
    public static var defaultJobs: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }
}

/// How far a build is: for a progress bar or a periodic line.
public struct BuildProgress: Sendable {
    public var rows: Int
    public var bytesRead: Int
    /// The export's size, when known (not for standard input).
    public var totalBytes: Int?
    public var elapsedSeconds: Double
    /// True once, after the last row.
    public var finished: Bool
}

import Foundation

extension BuildProgress {
    /// Rows a second so far.
    public var rate: Double { elapsedSeconds > 0 ? Double(rows) / elapsedSeconds : 0 }

    /// Share of the input read, 0…1, when the size is known.
    public var fraction: Double? {
        guard let totalBytes, totalBytes > 0 else { return nil }
        return min(1, Double(bytesRead) / Double(totalBytes))
    }

    /// Seconds left at the current pace, when the size is known.
    public var etaSeconds: Double? {
        guard let fraction, fraction > 0.001, !finished else { return nil }
        return elapsedSeconds / fraction - elapsedSeconds
    }

    /// `[#########-----------]  45%  120,000 rows  52,000 rows/s  ETA 0:12` (bar only when `width` > 0).
    public func line(barWidth width: Int) -> String {
        var parts: [String] = []
        if let fraction {
            if width > 0 {
                let filled = Int(fraction * Double(width))
                parts.append(
                    "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "]")
            }
            parts.append(String(format: "%3.0f%%", fraction * 100))
        }
        parts.append("\(rows.formatted()) rows")
        parts.append("\(Int(rate).formatted()) rows/s")
        if let eta = etaSeconds {
            let s = Int(eta.rounded())
            parts.append(String(format: "ETA %d:%02d", s / 60, s % 60))
        }
        return parts.joined(separator: "  ")
    }
}
