// `make bench`: release-build measurements printed as a table. Each phase runs in a child
// process so that its peak memory (ru_maxrss) is its own.
import Foundation
import WhoCardKit

#if canImport(Glibc)
    import Glibc
#endif

struct PhaseResult: Codable {
    var phase: String
    var rows: Int
    var seconds: Double
    var peakRSSKiB: Int
    /// Set by the parent: the page cache was dropped before the phase started.
    var startedCold: Bool?
}

/// Peak resident memory of this process (VmHWM). Not `getrusage`: its `ru_maxrss` survives
/// `exec`, so a child would report the benchmark parent's peak when that was higher.
func peakRSSKiB() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
    else { return 0 }
    return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
}

/// Prints a line at once, even into a file: the build sections take many minutes.
func show(_ line: String) {
    print(line)
    fflush(nil)
}

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Writes a realistic export of `rows` providers, about 240 bytes a row like the platform's
/// (48 MB for 200,000 rows): optional fields are often empty, and about 5% of rows carry the
/// mistakes real users make.
func generateCSV(rows: Int, to path: String) throws {
    let header =
        "id,name,provider,avatar_url,twitter_url,facebook_url,linkedin_url,instagram_url,email,phone,website,support_url,support_email,support_phone,support_hours,bio\n"
    _ = FileManager.default.createFile(atPath: path, contents: nil)
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    var buffer = header
    for i in 0..<rows {
        let h = "user\(i)"
        let twitter: String
        switch i % 20 {
        case 7: twitter = "twitter.com/\(h)"  // no scheme
        case 13: twitter = "https://facebook.com/\(h)"  // wrong site
        default: twitter = i % 3 == 0 ? "" : "https://twitter.com/\(h)"
        }
        let facebook = i % 4 == 0 ? "https://www.facebook.com/\(h)" : ""
        let linkedin = i % 2 == 0 ? "https://www.linkedin.com/in/\(h)" : ""
        let instagram = i % 5 == 0 ? "https://instagram.com/\(h)" : ""
        let support = i % 3 == 1 ? "https://\(h).example.com/help" : ""
        let bio = i % 2 == 0 ? "\"Hello, I am person \(i). I build **things**.\"" : ""
        buffer +=
            "u\(i),Person \(i),Company \(i % 997),,\(twitter),\(facebook),\(linkedin),\(instagram),\(h)@mail.example.com,+1 555 0100,https://\(h).example.com,\(support),,,,\(bio)\n"
        if buffer.utf8.count > 1 << 20 {
            handle.write(Data(buffer.utf8))
            buffer = ""
        }
    }
    handle.write(Data(buffer.utf8))
    try handle.close()
}

/// An export of `rows` rows that are all rejected (no id): 2 bytes a row, one finding each.
func generateRejectedCSV(rows: Int, to path: String) throws {
    var text = "id,name\n"
    text += String(repeating: ",\n", count: rows)
    try text.write(toFile: path, atomically: false, encoding: .utf8)
}

func runPhase(_ phase: String, input: String) throws -> PhaseResult {
    let start = now()
    var rows = 0
    switch phase {
    case "read":
        let reader = try ExportReader(path: input)
        while let item = try reader.next() {
            if case .notice = item { continue }
            rows += 1
        }
    case "validate":
        let checker = try ExportChecker(path: input)
        rows = try checker.run().summary.rows
    case "check":
        // What `whocard check --output FILE` does: validate on every core, keep only the rows
        // with findings, write the text report. WHOCARD_BENCH_FORMAT picks another format.
        let format = ReportFormat(rawValue: ProcessInfo.processInfo.environment["WHOCARD_BENCH_FORMAT"] ?? "") ?? .text
        let checker = try ExportChecker(path: input)
        let (report, _) = try checker.run(
            keepsCleanRows: format == .junit, jobs: ProcessInfo.processInfo.activeProcessorCount)
        try AtomicFile.write(to: input + ".report") { (file: inout AtomicFile.AppendingFile) throws(FileWriteError) in
            try format.makeFormatter().write(report, to: &file)
        }
        try? FileManager.default.removeItem(atPath: input + ".report")
        rows = report.summary.rows
    case "dictreader":
        // The yardstick of issue 24: Python's csv.DictReader merely reading the same file.
        let script = """
            import csv, sys, time, resource
            start = time.perf_counter()
            n = 0
            with open(sys.argv[1], newline='', encoding='utf-8') as f:
                for row in csv.DictReader(f):
                    n += 1
            print(n, time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, input]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let fields = out.split(separator: " ").map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) }
        guard process.terminationStatus == 0, fields.count == 3, let n = Int(fields[0]),
            let seconds = Double(fields[1]),
            let rss = Int(fields[2])
        else { throw ValidationFailure("python3 csv.DictReader failed: \(out)") }
        return PhaseResult(phase: phase, rows: n, seconds: seconds, peakRSSKiB: rss)
    case "render":
        // In-memory rendering on one core: HTML fragment + Markdown card per profile.
        var profiles: [ValidatedProfile] = []
        _ = try ExportChecker(path: input).run { profile in
            if profiles.count < 20_000 { profiles.append(profile) }
            return []
        }
        let renderer = CardRenderer()
        var bytes = 0
        let renderStart = now()
        let target = Int(ProcessInfo.processInfo.environment["WHOCARD_BENCH_RENDER_CARDS"] ?? "") ?? 100_000
        while rows < target {
            for profile in profiles {
                let card = try renderer.htmlAndMarkdown(profile)
                bytes &+= card.html.utf8.count &+ card.markdown.utf8.count
            }
            rows += profiles.count
        }
        precondition(bytes > 0)
        return PhaseResult(phase: phase, rows: rows, seconds: now() - renderStart, peakRSSKiB: peakRSSKiB())
    case "build":
        // The nightly build: all cores, into the folder named by WHOCARD_BENCH_OUTPUT.
        let output = ProcessInfo.processInfo.environment["WHOCARD_BENCH_OUTPUT"] ?? "bench-output"
        let result = try BuildPipeline(
            checker: try ExportChecker(path: input),
            options: BuildOptions(outputDirectory: output, maxPrunePercent: 100)
        ).run()
        return PhaseResult(phase: phase, rows: result.written, seconds: now() - start, peakRSSKiB: peakRSSKiB())
    case "floor":
        // The file-creation floor: create the same files, same sizes, in a fresh folder
        // (open, write, close; no rendering, no atomic rename). `input` is a built folder.
        let output = ProcessInfo.processInfo.environment["WHOCARD_BENCH_OUTPUT"] ?? "bench-floor"
        var sizes: [(String, Int)] = []
        for folder in ["", "cards"] {
            let path = input + (folder.isEmpty ? "" : "/" + folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: path) where !name.hasPrefix(".") {
                var st = stat()
                if stat(path + "/" + name, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG {
                    sizes.append(((folder.isEmpty ? "" : folder + "/") + name, Int(st.st_size)))
                }
            }
        }
        try FileManager.default.createDirectory(atPath: output + "/cards", withIntermediateDirectories: true)
        let payload = [UInt8](repeating: UInt8(ascii: "x"), count: sizes.map(\.1).max() ?? 0)
        let floorStart = now()
        for (name, size) in sizes {
            let fd = open(output + "/" + name, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard fd >= 0 else { throw ValidationFailure("cannot create \(name)") }
            _ = payload.withUnsafeBytes { write(fd, $0.baseAddress, size) }
            close(fd)
        }
        return PhaseResult(phase: phase, rows: sizes.count, seconds: now() - floorStart, peakRSSKiB: peakRSSKiB())
    default:
        throw ValidationFailure("unknown phase \(phase)")
    }
    return PhaseResult(phase: phase, rows: rows, seconds: now() - start, peakRSSKiB: peakRSSKiB())
}

struct ValidationFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// Empties the page cache, so that a phase starts from the disk as the one it is compared
/// with did. False where that is not allowed (not root).
func dropPageCache() -> Bool {
    guard let file = fopen("/proc/sys/vm/drop_caches", "w") else { return false }
    let written = fputs("3\n", file) >= 0
    return fclose(file) == 0 && written  // (the write itself happens at fclose)
}

/// Inodes an unprivileged process can still take on the file system holding `path`.
/// `nil` when unknown: file systems without an inode limit (btrfs, tmpfs) report none at all.
func freeInodes(at path: String) -> Int? {
    var stats = statvfs()
    guard statvfs(path, &stats) == 0, stats.f_files > 0 else { return nil }
    return Int(stats.f_favail)
}

/// Runs one phase in a process of its own. `cold`: the page cache is dropped first.
func child(_ arguments: [String], environment: [String: String] = [:], cold: Bool = false) throws -> PhaseResult {
    // What the previous phase wrote goes to disk first, so that no phase pays for another's
    // writeback (a nightly rebuild starts a day after the last one's writes were flushed).
    sync()
    let startedCold = cold && dropPageCache()
    let process = Process()
    process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
    if !FileManager.default.isExecutableFile(atPath: process.executableURL!.path) {
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    }
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw ValidationFailure("phase \(arguments) failed") }
    var result = try JSONDecoder().decode(PhaseResult.self, from: data)
    result.startedCold = startedCold
    return result
}

func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
func lpad(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }

let args = Array(CommandLine.arguments.dropFirst())
if args.first == "--phase", args.count == 4 {
    let result = try runPhase(args[1], input: args[3])
    FileHandle.standardOutput.write(try JSONEncoder().encode(result))
    exit(0)
}

var rows = 200_000
if let i = args.firstIndex(of: "--rows"), i + 1 < args.count, let n = Int(args[i + 1]) { rows = n }
// Build sections: `--build-rows 100000,1000000` (the default; 0 skips them).
var buildSizes = [100_000, 1_000_000]
if let i = args.firstIndex(of: "--build-rows"), i + 1 < args.count {
    buildSizes = args[i + 1].split(separator: ",").compactMap { Int($0) }.filter { $0 > 0 }
}
if let i = args.firstIndex(of: "--generate"), i + 1 < args.count {
    // Write the export only, for trying whocard on a large file: whocard-bench --rows N --generate FILE
    try generateCSV(rows: rows, to: args[i + 1])
    exit(0)
}
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("whocard-bench-\(getpid())")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }
// Online link check (last section): --links N (default 5000, 0 skips), --per-host, --max-concurrency.
func option(_ name: String, _ fallback: Int) -> Int {
    guard let i = args.firstIndex(of: name), i + 1 < args.count, let n = Int(args[i + 1]) else { return fallback }
    return n
}
let linkCount = option("--links", 5000), linkPerHost = option("--per-host", 2),
    linkConcurrency = option("--max-concurrency", 32)
if args.contains("--links-only") {
    try LinkBench.run(count: linkCount, perHost: linkPerHost, concurrency: linkConcurrency, directory: directory)
    try? FileManager.default.removeItem(at: directory)
    exit(0)
}
// A failed phase leaves no files behind: a build section writes millions, and a top-level
// error would skip the `defer` above.
do {
    let csv = directory.appendingPathComponent("export.csv").path
    try generateCSV(rows: rows, to: csv)
    let size = (try FileManager.default.attributesOfItem(atPath: csv)[.size] as? Int) ?? 0

    show(
        "whocard \(WhoCard.version) benchmark — \(rows) rows, \(size / 1_000_000) MB CSV (\(size / max(rows, 1)) bytes a row), \(ProcessInfo.processInfo.activeProcessorCount) cores"
    )
    show("")
    show("| phase                       |        rows |  seconds |       rows/s |  MB/s | peak RSS |")
    show("|-----------------------------|------------:|---------:|-------------:|------:|---------:|")
    var measured: [String: PhaseResult] = [:]
    for (phase, label) in [
        ("dictreader", "Python csv.DictReader"), ("read", "read CSV"), ("validate", "read + validate CSV, 1 core"),
        ("check", "check (all cores, report)"), ("render", "render HTML + Markdown"),
    ] {
        let r = try child(["--phase", phase, "--input", csv])
        measured[phase] = r
        let rate = Double(r.rows) / r.seconds
        let mbps = phase == "render" ? 0 : Double(size) / 1_000_000 / r.seconds
        show(
            "| \(pad(label, 27)) | \(lpad(String(r.rows), 11)) | \(lpad(String(format: "%.3f", r.seconds), 8)) | \(lpad(String(format: "%.0f", rate), 12)) | \(lpad(String(format: "%.0f", mbps), 5)) | \(lpad("\(r.peakRSSKiB / 1024) MB", 8)) |"
        )
    }

    if let check = measured["check"], let python = measured["dictreader"] {
        show("")
        show(
            "check takes \(String(format: "%.2f", check.seconds / python.seconds))× the time of Python's csv.DictReader reading the same file (goal: ≤ 0.75×)."
        )
    }

    // Checks at scale: a million-row export (rate and memory), and a million rejected rows
    // (memory must not grow with findings: each finding is written out, not kept).
    let checkSizes =
        (args.firstIndex(of: "--check-rows").flatMap { i in i + 1 < args.count ? args[i + 1] : nil })
        .map { $0.split(separator: ",").compactMap { Int($0) }.filter { $0 > 0 } } ?? [1_000_000]
    for checkRows in checkSizes {
        let export = directory.appendingPathComponent("check-\(checkRows).csv").path
        let rejected = directory.appendingPathComponent("rejected-\(checkRows).csv").path
        try generateCSV(rows: checkRows, to: export)
        try generateRejectedCSV(rows: checkRows, to: rejected)
        show("")
        show(
            "Check of \(checkRows) rows (\(ProcessInfo.processInfo.activeProcessorCount) jobs; report written to a file):"
        )
        show("")
        show("| export                                 | report |  seconds |       rows/s | peak RSS |")
        show("|----------------------------------------|--------|---------:|-------------:|---------:|")
        for (label, path, format) in [
            ("realistic (5 % rows with findings)", export, "text"),
            ("all rejected, one finding a row", rejected, "text"),
            ("all rejected, one finding a row", rejected, "json"),
            ("all rejected, one finding a row", rejected, "sarif"),
        ] {
            let r = try child(["--phase", "check", "--input", path], environment: ["WHOCARD_BENCH_FORMAT": format])
            show(
                "| \(pad(label, 38)) | \(pad(format, 6)) | \(lpad(String(format: "%.2f", r.seconds), 8)) | \(lpad(String(format: "%.0f", Double(r.rows) / r.seconds), 12)) | \(lpad("\(r.peakRSSKiB / 1024) MB", 8)) |"
            )
        }
        try? FileManager.default.removeItem(atPath: export)
        try? FileManager.default.removeItem(atPath: rejected)
    }

    // The nightly build: full build, no-change rebuild and 1%-changed rebuild, next to the floor.
    for buildRows in buildSizes {
        // The site and the floor each hold about four files a user, side by side at the end
        // (the free count already leaves out the smaller sizes' sites, kept to the end).
        let filesNeeded = 9 * buildRows
        if let free = freeInodes(at: directory.path), free < filesNeeded {
            show("")
            show(
                "Build of \(buildRows) users: skipped, it needs about \(filesNeeded) free inodes and the file system has \(free) (`df -i`)."
            )
            continue
        }
        let export = directory.appendingPathComponent("build-\(buildRows).csv").path
        try generateCSV(rows: buildRows, to: export)
        // 1% of users changed: every 100th row gets a new name.
        let changed = directory.appendingPathComponent("build-\(buildRows)-changed.csv").path
        var text = try String(contentsOfFile: export, encoding: .utf8)
        text = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { i, line in
            i > 0 && i % 100 == 0 ? line.replacingOccurrences(of: ",Person ", with: ",Renamed Person ") : String(line)
        }.joined(separator: "\n")
        try text.write(toFile: changed, atomically: true, encoding: .utf8)
        let out = directory.appendingPathComponent("site-\(buildRows)").path,
            floorOut = directory.appendingPathComponent("floor-\(buildRows)").path
        // The full build and the floor both start with an empty page cache: the floor measured
        // last with the cache warm from the rebuilds ran up to a third faster than from cold,
        // so comparing a cold build with a warm floor measured the cache, not the build.
        let full = try child(
            ["--phase", "build", "--input", export], environment: ["WHOCARD_BENCH_OUTPUT": out], cold: true)
        let unchanged = try child(["--phase", "build", "--input", export], environment: ["WHOCARD_BENCH_OUTPUT": out])
        let onePercent = try child(
            ["--phase", "build", "--input", changed], environment: ["WHOCARD_BENCH_OUTPUT": out])
        // Back to the first export (another 1 % change), so the site is the full build's again.
        let back = try child(["--phase", "build", "--input", export], environment: ["WHOCARD_BENCH_OUTPUT": out])
        // The floor last: its millions of files would otherwise compete with the site's for the
        // page cache during the rebuilds, which a nightly job does not have to share it with.
        let floor = try child(
            ["--phase", "floor", "--input", out], environment: ["WHOCARD_BENCH_OUTPUT": floorOut], cold: true)
        show("")
        show(
            "Build of \(buildRows) users (\(ProcessInfo.processInfo.activeProcessorCount) jobs; page cache \(full.startedCold == true && floor.startedCold == true ? "dropped before the full build and the floor" : "not dropped: not root, figures vary more")):"
        )
        show("")
        show("| run                          | files written |  seconds | vs floor | vs full build | peak RSS |")
        show("|------------------------------|--------------:|---------:|---------:|--------------:|---------:|")
        func row(_ label: String, _ r: PhaseResult) {
            show(
                "| \(pad(label, 28)) | \(lpad(String(r.rows), 13)) | \(lpad(String(format: "%.2f", r.seconds), 8)) | \(lpad(String(format: "%.2f×", r.seconds / floor.seconds), 8)) | \(lpad(String(format: "%.1f%%", r.seconds * 100 / full.seconds), 13)) | \(lpad("\(r.peakRSSKiB / 1024) MB", 8)) |"
            )
        }
        row("file-creation floor", floor)
        row("full build", full)
        row("no-change rebuild", unchanged)
        row("1%-changed rebuild", onePercent)
        row("1%-changed rebuild, back", back)
        // The exports go; the sites stay to the end: deleting 800,000 files just before the
        // million-user build would slow its file creation (docs/performance.md).
        for path in [export, changed] { try? FileManager.default.removeItem(atPath: path) }
    }

    if linkCount > 0 {
        try LinkBench.run(count: linkCount, perHost: linkPerHost, concurrency: linkConcurrency, directory: directory)
    }
} catch {
    FileHandle.standardError.write(Data("whocard-bench: \(error)\n".utf8))
    try? FileManager.default.removeItem(at: directory)
    exit(1)
}
