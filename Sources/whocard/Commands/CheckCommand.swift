import ArgumentParser
import Foundation
import WhoCardKit

/// `whocard check`: the offline CI report over an export.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate every row and link of an export and print a report.",
        discussion: """
            Offline unless --online: then every valid link is fetched and gets a verdict (ok, broken, blocked, \
            login_required, rate_limited, timeout, unreachable, refused). Exit 1 when findings reach --fail-on, \
            2 when the input cannot be read.
            """
    )

    enum FailOn: String, ExpressibleByArgument, CaseIterable {
        case error, warning, never
    }

    @OptionGroup var input: InputOptions

    @OptionGroup(title: "Online link check") var online: OnlineOptions

    @Option(help: ArgumentHelp("Report format.", valueName: ReportFormat.allCases.map(\.rawValue).joined(separator: "|")))
    var format: ReportFormat = .text

    @Option(name: [.short, .long], help: ArgumentHelp("Write the report to this file (atomically) instead of standard output.", valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("Exit 1 when a finding of this severity or worse exists.", valueName: "error|warning|never"))
    var failOn: FailOn = .error

    func run() throws {
        let checker = try input.openChecker()
        var report: CheckReport
        var occurrences: [LinkOccurrence] = []
        let collectsLinks = online.online
        do {
            // Only JUnit lists every user, and online results attach to their rows; otherwise
            // only rows with findings are kept, so memory does not grow with clean rows.
            report = try checker.run(keepsCleanRows: format == .junit || collectsLinks) { profile in
                if collectsLinks { occurrences += profile.linkOccurrences }
                return []
            }
        } catch let error as InputError {
            Console.error("error: \(error)")
            throw WhoCardExit.usage.exitCode
        }
        if online.online { try checkLinks(occurrences, into: &report) }
        let color = output == nil && format == .text
            && ReportOptions.colorDefault(isTTY: Console.stdoutIsTTY, environment: ProcessInfo.processInfo.environment)
        let text = format.makeFormatter(options: ReportOptions(color: color)).format(report)
        if let output {
            do {
                try AtomicFile.write(text, to: output)
            } catch {
                Console.error("error: \(error)")
                throw WhoCardExit.usage.exitCode
            }
            Console.error("\(report.summary.sentence). Report: \(output)")
        } else {
            Console.out(text)
        }
        if let status = exitStatus(for: report.summary) { throw status.exitCode }
    }

    /// Fetches the links, adds their verdicts to the report and keeps the cache.
    private func checkLinks(_ occurrences: [LinkOccurrence], into report: inout CheckReport) throws {
        let options = try online.linkCheckOptions()
        var cache: LinkCache?
        var savesCache = false
        if let path = online.cache {
            let loaded = LinkCache.load(path: path, lifetimes: try online.cacheLifetimes())
            if let warning = loaded.warning { Console.error("warning: " + warning) }
            cache = loaded.cache
            savesCache = loaded.replaceable
        }
        let start = ContinuousClock.now
        let (results, updated) = BlockingTask.run { [cache] in
            let checker = LinkChecker(options: options)
            var cache = cache
            let results = await checker.check(occurrences, cache: &cache)
            await checker.shutdown()
            return (results, cache)
        }
        report.attachLinks(results, occurrences: occurrences, severities: try online.severities())
        if let path = online.cache, let updated, savesCache {
            do { try updated.save(to: path) } catch { Console.error("warning: link cache not saved: \(error)") }
        }
        var counts: [Verdict: Int] = [:]
        for result in results { counts[result.verdict, default: 0] += 1 }
        let verdicts = Verdict.allCases.compactMap { v in counts[v].map { "\($0) \(v)" } }.joined(separator: ", ")
        let cached = results.filter(\.cached).count
        let elapsed = (ContinuousClock.now - start).components
        let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        Console.error("Checked \(results.count) links" + (cached > 0 ? " (\(cached) from the cache)" : "")
            + " in \(String(format: "%.1f", seconds)) s" + (verdicts.isEmpty ? "." : ": \(verdicts)."))
    }

    private func exitStatus(for summary: CheckSummary) -> WhoCardExit? {
        switch failOn {
        case .error: summary.errors > 0 ? .findings : nil
        case .warning: summary.errors + summary.warnings > 0 ? .findings : nil
        case .never: nil
        }
    }
}
