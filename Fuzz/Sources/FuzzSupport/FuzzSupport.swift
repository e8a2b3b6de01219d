import CFuzzDriver
#if canImport(Glibc)
    import Glibc
#endif
import WhoCardKit

/// A fuzz entry function: libFuzzer's `LLVMFuzzerTestOneInput` signature.
public typealias FuzzEntry = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

/// Shared checks of the fuzz targets. A broken invariant traps, which libFuzzer records as a crash.
public enum FuzzSupport {
    /// Runs libFuzzer with the process's arguments on `entry` and exits with its status.
    public static func run(_ entry: FuzzEntry) -> Never {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, entry))
    }

    /// The fuzz input as bytes.
    public static func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: data, count: data == nil ? 0 : size)
    }

    /// Limits small enough that fuzz inputs of a few KiB reach every limit path.
    public static let smallLimits = ReaderLimits(maxFieldBytes: 48, maxRowBytes: 256, maxJSONDepth: 6)

    /// Reads `bytes` to the end with default and with small limits, validating every record.
    /// Each read item must be a record, a rejection or a notice; a rejection must carry an error.
    public static func readAll(_ bytes: [UInt8], format: InputFormat) {
        for limits in [ReaderLimits.default, smallLimits] {
            guard let reader = try? ExportReader(data: bytes, name: "fuzz", format: format, limits: limits) else {
                continue
            }
            var items = 0
            while true {
                let item: ReadItem?
                do { item = try reader.next() } catch { break }
                guard let item else { break }
                items += 1
                precondition(items <= bytes.count + 2, "reader does not make progress")
                switch item {
                case .record(let record):
                    precondition(record.line >= 1, "record line \(record.line)")
                    _ = ProfileValidator().validate(record, file: "fuzz")
                case .rejected(let finding):
                    precondition(finding.severity == .error, "a rejected row without an error")
                case .notice:
                    break
                }
            }
        }
    }
}
