/// A profile link that passed its platform's rules, with any warnings (`linkedin.company`).
public struct PlatformMatch: Sendable, Equatable {
    public var link: SocialLink
    public var warnings: [Violation]
}

extension Platform {
    /// Checks a URL that already passed ``URLValidator`` against this platform's rules and
    /// builds the canonical ``SocialLink``. `field` names the value in messages.
    public func check(_ url: CheckedURL, field: String) -> Result<PlatformMatch, Violation> {
        guard let host = canonicalForm(host: url.host.ascii) else {
            let other = Platform.withFixedHosts.first { $0 != self && $0.accepts(host: url.host.ascii) }
            var message: String
            if hosts.isFederated {
                message = "\(field) points to \(url.host.unicode), which is not a \(displayName) server"
            } else {
                message = "\(field) points to \(url.host.unicode); expected \(hosts.hosts.joined(separator: " or "))"
            }
            if let other {
                message += " (this link is for \(other.displayName); did you mean \(other.column)?)"
            }
            return .failure(Violation(hostRule, message))
        }
        // A federated platform's links keep their host (and port); the others use the canonical host.
        let shownHost = hosts.canonical ?? url.host.unicode + (url.port.map { ":\($0)" } ?? "")
        let linkHost = hosts.canonical ?? host + (url.port.map { ":\($0)" } ?? "")
        let segments = url.pathSegments
        guard let first = segments.first else {
            return .failure(Violation(profileRule, "\(field) has no profile after the host; expected \(example)"))
        }
        let firstLower = first.lowercased()
        var shownPath: String { shownHost + "/" + segments.joined(separator: "/") }
        func match(profile: String, handle: String, warnings: [Violation] = []) -> PlatformMatch {
            let link = ValidLink(
                original: url.original,
                normalized: concatenated("https://", linkHost, profile),
                display: concatenated(shownHost, percentDecoded(profile[...])))
            var handle = handle
            if hosts.isFederated { handle += "@" + url.host.unicode }
            return PlatformMatch(
                link: SocialLink(platform: self, link: link, handle: handle), warnings: url.warnings + warnings)
        }
        func belowProfile(_ profile: String) -> Violation {
            Violation(
                reservedRule,
                "\(field) points to a page below the profile (\(shownPath)); use https://\(linkHost)\(profile)")
        }

        for path in paths {
            switch path {
            case .handle:
                continue
            case .atHandle(let syntax):
                guard first.hasPrefix("@") else { continue }
                let handle = first.dropFirst()
                guard syntax.accepts(handle) else {
                    return .failure(
                        Violation(
                            profileRule,
                            "\(field) handle '\(handle)' is not valid; \(displayName) handles are \(syntax.summary)"))
                }
                if segments.count > 1 { return .failure(belowProfile("/@\(handle)")) }
                return .success(match(profile: "/@\(handle)", handle: String(handle)))
            case .prefixed(let prefix, let syntax, let warning, let keepsPrefix):
                guard firstLower == prefix else { continue }
                guard segments.count >= 2 else {
                    return .failure(
                        Violation(profileRule, "\(field) has no name after /\(prefix)/; expected \(example)"))
                }
                let slug = segments[1]
                guard syntax.accepts(slug) else {
                    return .failure(
                        Violation(
                            profileRule,
                            "\(field) name '\(slug)' is not valid; \(displayName) names are \(syntax.summary)")
                    )
                }
                let profile = "/\(prefix)/\(slug)"
                if segments.count > 2 {
                    return .failure(belowProfile(profile))
                }
                var warnings: [Violation] = []
                if let warning {
                    warnings.append(
                        Violation(
                            warning.rule, .warning,
                            "\(field) points to \(warning.page) (\(shownPath)), not a personal profile"))
                }
                let handle = percentDecoded(slug)
                return .success(
                    match(profile: profile, handle: keepsPrefix ? "\(prefix)/\(handle)" : handle, warnings: warnings))
            case .numericQuery(let page, let parameter):
                guard firstLower == page else { continue }
                guard segments.count == 1, let id = url.queryValue(parameter), !id.isEmpty, id.utf8.allSatisfy(isDigit)
                else {
                    return .failure(
                        Violation(
                            profileRule,
                            "\(field) points to \(page) without a numeric \(parameter)=; expected \(example)"))
                }
                return .success(match(profile: "/\(page)?\(parameter)=\(id)", handle: String(id)))
            case .namedNumeric(let prefix):
                guard firstLower == prefix, segments.count == 3, segments[2].utf8.allSatisfy(isDigit) else { continue }
                return .success(
                    match(profile: "/\(prefix)/\(segments[1])/\(segments[2])", handle: String(segments[2])))
            }
        }
        if reserved.contains(firstLower) {
            return .failure(
                Violation(reservedRule, "\(field) points to \(shownPath), a page of the site, not a profile"))
        }
        // `tiktok.com/alice` for `tiktok.com/@alice`.
        for case .atHandle(let syntax) in paths where segments.count == 1 && syntax.accepts(first) {
            return .failure(
                Violation(
                    profileRule,
                    "\(field) points to \(shownPath), not a profile; did you mean https://\(linkHost)/@\(first)?"))
        }
        for case .handle(let syntax) in paths {
            guard syntax.accepts(first) else {
                return .failure(
                    Violation(
                        profileRule,
                        "\(field) handle '\(first)' is not valid; \(displayName) handles are \(syntax.summary)"
                    ))
            }
            if segments.count > 1 {
                return .failure(belowProfile("/\(first)"))
            }
            return .success(match(profile: "/\(first)", handle: String(first)))
        }
        return .failure(
            Violation(profileRule, "\(field) points to \(shownPath), not a personal profile; expected \(example)"))
    }
}

/// `text` with percent escapes decoded, when the result is valid UTF-8 without control
/// characters; otherwise `text` unchanged.
func percentDecoded(_ text: Substring) -> String {
    guard containsByte(text, UInt8(ascii: "%")) else { return String(text) }
    var out: [UInt8] = []
    let bytes = Array(text.utf8)
    var index = 0
    while index < bytes.count {
        if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
            let value = UInt8(String(decoding: bytes[(index + 1)...(index + 2)], as: UTF8.self), radix: 16)
        {
            out.append(value)
            index += 3
        } else {
            out.append(bytes[index])
            index += 1
        }
    }
    guard let decoded = String(validating: out, as: UTF8.self),
        decoded.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.properties.generalCategory != .format })
    else { return String(text) }
    return decoded
}
