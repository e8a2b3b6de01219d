#if canImport(Glibc)
import Glibc
#endif

/// Writes to the terminal's streams: results to stdout, everything else to stderr.
enum Console {
    static func out(_ text: String) {
        fputs(text, stdout)
    }

    static func error(_ line: String) {
        fputs(line.hasSuffix("\n") ? line : line + "\n", stderr)
    }

    static var stdoutIsTTY: Bool { isatty(STDOUT_FILENO) == 1 }
    static var stderrIsTTY: Bool { isatty(STDERR_FILENO) == 1 }
}
