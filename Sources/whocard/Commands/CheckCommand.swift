import ArgumentParser
import Foundation
import WhoCardKit

/// `whocard check`: the offline CI report over an export.
struct CheckCommand: AsyncParsableCommand {
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

    @OptionGroup(title: "Input") var input: InputOptions

    @OptionGroup(title: "Online link check") var online: OnlineOptions

    @Option(
        help: ArgumentHelp("Report format.", valueName: ReportFormat.allCases.map(\.rawValue).joined(separator: "|")))
    var format: ReportFormat = .text

    @Option(
        name: [.short, .long],
        help: ArgumentHelp("Write the report to this file (atomically) instead of standard output.", valueName: "file"),
        completion: .file())
    var output: String?

    @Option(
        help: ArgumentHelp("Exit 1 when a finding of this severity or worse exists.", valueName: "error|warning|never"))
    var failOn: FailOn = .error

    @Option(
        help: ArgumentHelp(
            "Validate on this many threads (default: the number of cores); the report is the same whatever it is.",
            valueName: "n"))
    var jobs: Int?

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() async throws {
        let checker = try input.openChecker()
        var report: CheckReport
        var occurrences: [LinkOccurrence] = []
        let collectsLinks = online.online
        do {
            // Only JUnit lists every user, and online results attach to their rows; otherwise
            // only rows with findings are kept, so memory does not grow with clean rows.
            (report, occurrences) = try checker.run(
                keepsCleanRows: format == .junit || collectsLinks, jobs: jobs ?? BuildOptions.defaultJobs,
                collectsLinks: collectsLinks)
        } catch let error as InputError {
            Console.error("error: \(error)")
            throw WhoCardExit.usage.exitCode
        }
        if online.online {
            var check = OnlineCheck(
                options: try online.linkCheckOptions(), severities: try online.severities(),
                cachePath: online.cache, cacheLifetimes: try online.cacheLifetimes())
            check.verification = try online.verification()
            check.verifyMaxAge = .seconds(online.verifyMaxAge * 86_400)
            let summary = await check.run(occurrences, into: &report)
            for warning in summary.warnings { Console.error("warning: " + warning) }
            Console.error(summary.sentence)
        }
        if let warning = report.memoryWarning { Console.error("warning: " + warning) }
        let color =
            output == nil && format == .text
            && ReportOptions.colorDefault(isTTY: Console.stdoutIsTTY, environment: ProcessInfo.processInfo.environment)
        let formatter = format.makeFormatter(options: ReportOptions(color: color))
        if let output {
            do {
                // Written a piece at a time while the rows are read back: a million findings
                // never make one string.
                try AtomicFile.write(to: output) { (file: inout AtomicFile.AppendingFile) throws(FileWriteError) in
                    try formatter.write(report, to: &file)
                }
            } catch {
                Console.error("error: \(error)")
                throw WhoCardExit.usage.exitCode
            }
            Console.error("\(report.summary.sentence). Report: \(output)")
        } else {
            var out = FileDescriptorSink(fd: STDOUT_FILENO, name: "standard output")
            do {
                try formatter.write(report, to: &out)
                try out.flush()
            } catch {
                Console.error("error: \(error)")
                throw WhoCardExit.usage.exitCode
            }
        }
        if let status = exitStatus(for: report.summary) { throw status.exitCode }
    }

    private func exitStatus(for summary: CheckSummary) -> WhoCardExit? {
        switch failOn {
        case .error: summary.errors > 0 ? .findings : nil
        case .warning: summary.errors + summary.warnings > 0 ? .findings : nil
        case .never: nil
        }
    }
}
