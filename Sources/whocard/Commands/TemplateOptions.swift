import ArgumentParser
import Foundation
import WhoCardKit

/// Loads `--templates DIR`, turning a template error into exit 2 with file and line.
enum TemplateOptions {
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
