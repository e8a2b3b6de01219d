import ArgumentParser

/// The process exit codes whocard promises (README, "Exit codes").
enum WhoCardExit: Int32 {
    /// Everything ran; no finding reached the failure threshold.
    case success = 0
    /// Findings reached `--fail-on` (or `--strict`), or a build refused a mass prune.
    case findings = 1
    /// Usage error, unreadable input, or unwritable output.
    case usage = 2

    var exitCode: ExitCode { ExitCode(rawValue) }
}
