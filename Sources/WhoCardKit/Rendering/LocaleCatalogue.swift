import Foundation

/// The labels a card prints in one language, from `locales/<tag>.json` (compiled in, or a file
/// of the same name in a `--templates` folder). A key the catalogue lacks falls back to the
/// English label and is listed in ``missingKeys``, for the command line to report once.
public struct LocaleCatalogue: Sendable, Equatable {
    /// A label the card templates print.
    public enum Key: String, CaseIterable, Sendable {
        case talkingTo = "talking_to"
        /// Holds `{provider}`, where the provider's name goes.
        case forProvider = "for"
        case socialProfiles = "social_profiles"
        case note
        /// The note when some links are verified; holds `{verified}` and `{total}`.
        case noteVerified = "note_verified"
        case contact, support, email, phone, website
        case helpCentre = "help_centre"
        case hours, about
        /// Visually hidden name of a social link; holds `{name}` and `{platform}`.
        case linkLabel = "link_label"
        /// The avatar's alt text; holds `{name}`.
        case photoAlt = "photo_alt"
        /// The mark of a verified link; holds `{link}` and `{date}`.
        case verified
    }

    /// Writing direction of the card in this language.
    public enum Direction: String, Sendable {
        case ltr, rtl
    }

    /// The language every card has unless `--locale` says otherwise, and the fallback for a missing key.
    public static let defaultTag = "en"

    /// The catalogue's BCP 47 tag, as its file is named (`pt-BR`).
    public let tag: String
    public let direction: Direction
    /// The locale dates are written in (`"date_locale"`, e.g. `en-GB` for "5 Dec 2026"); the tag
    /// when the catalogue does not say.
    public let dateLocale: String
    /// Keys the catalogue lacks (sorted), shown in English.
    public let missingKeys: [String]
    /// Keys the catalogue has that no card uses (sorted): likely misspelt.
    public let unknownKeys: [String]
    private let labels: [String: String]

    /// Parses a catalogue: one JSON object of strings, `"direction"` (`ltr` or `rtl`), optionally
    /// `"date_locale"`, and a label per ``Key``. `english` supplies missing labels; `file` names the file in errors.
    init(tag: String, json: String, file: String, english: LocaleCatalogue?) throws(TemplateError) {
        let object: [String: String]
        do {
            object = try JSONDecoder().decode([String: String].self, from: Data(json.utf8))
        } catch {
            throw TemplateError(
                file: file,
                message:
                    "a locale catalogue must be one JSON object of strings, like {\"talking_to\": \"…\"} (\(error))")
        }
        var labels: [String: String] = [:]
        var missing: [String] = []
        for key in Key.allCases {
            if let value = object[key.rawValue] {
                labels[key.rawValue] = value
            } else if let fallback = english?.labels[key.rawValue] {
                labels[key.rawValue] = fallback
                missing.append(key.rawValue)
            } else {
                throw TemplateError(
                    file: file, message: "the English catalogue must have every key; \"\(key.rawValue)\" is missing")
            }
        }
        let direction = object["direction"] ?? "ltr"
        guard let parsed = Direction(rawValue: direction) else {
            throw TemplateError(file: file, message: "\"direction\" is \"\(direction)\"; use \"ltr\" or \"rtl\"")
        }
        let known = Set(Key.allCases.map(\.rawValue) + ["direction", "date_locale"])
        self.tag = tag
        self.direction = parsed
        self.dateLocale = object["date_locale"] ?? tag
        self.labels = labels
        self.missingKeys = missing.sorted()
        self.unknownKeys = object.keys.filter { !known.contains($0) }.sorted()
    }

    /// The label for `key`, its placeholders (`{name}`) replaced by `values` as given.
    public func label(_ key: Key, _ values: [String: String] = [:]) -> String {
        var text = labels[key.rawValue] ?? ""
        for (name, value) in values {
            text = text.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return text
    }

    /// The label for `key` split around its `{placeholder}`: the text before and after it.
    func split(_ key: Key, at placeholder: String) -> (before: String, after: String) {
        let text = labels[key.rawValue] ?? ""
        guard let range = text.range(of: "{\(placeholder)}") else { return (text + " ", "") }
        return (String(text[..<range.lowerBound]), String(text[range.upperBound...]))
    }

    /// Whether `tag` can name a catalogue and a card file's part: letters, digits and `-`, at
    /// most 35 characters (so a tag read back from a manifest makes no path of its own).
    public static func isPlausibleTag(_ tag: String) -> Bool {
        !tag.isEmpty && tag.utf8.count <= 35
            && tag.utf8.allSatisfy {
                $0 == UInt8(ascii: "-") || (0x30...0x39).contains($0) || (0x41...0x5A).contains($0)
                    || (0x61...0x7A).contains($0)
            }
    }

    /// The direction, the date locale and every label, for build digests.
    var fingerprint: String {
        SHA256.hex(
            ([direction.rawValue, "date_locale=\(dateLocale)"]
                + Key.allCases.map { "\($0.rawValue)=\(labels[$0.rawValue] ?? "")" }).joined(
                    separator: "\n"))
    }

    /// What the command line prints about this catalogue, once: missing and unknown keys.
    public var warnings: [String] {
        var lines: [String] = []
        if !missingKeys.isEmpty {
            lines.append(
                "locales/\(tag).json has no \(missingKeys.map { "\"\($0)\"" }.joined(separator: ", ")); "
                    + "the English label is shown instead. Add the translation to the catalogue.")
        }
        if !unknownKeys.isEmpty {
            lines.append(
                "locales/\(tag).json has keys no card uses: \(unknownKeys.map { "\"\($0)\"" }.joined(separator: ", ")); "
                    + "check their spelling against locales/en.json.")
        }
        return lines
    }
}
