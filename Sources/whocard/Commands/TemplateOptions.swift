import ArgumentParser
import Foundation
import WhoCardKit

/// Loads `--templates DIR`, turning a template error into exit 2 with file and line.
enum TemplateOptions {
    /// Exits 2 when `--templates DIR` names no folder (the preview server checks this before
    /// serving; template errors it shows in the page).
    static func requireFolder(_ directory: String?) throws {
        guard let directory else { return }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            Console.error(
                "error: \(directory): template directory does not exist; create it with `whocard templates init \(directory)`"
            )
            throw WhoCardExit.usage.exitCode
        }
    }

    static func library(_ directory: String?) throws -> TemplateLibrary {
        guard let directory else { return .defaults }
        do {
            return try TemplateLibrary(overrideDirectory: URL(fileURLWithPath: directory))
        } catch {
            Console.error("error: \(error)")
            throw WhoCardExit.usage.exitCode
        }
    }
}
