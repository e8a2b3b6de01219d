/// The clean field, proved from its bytes.
///
/// Most values of an export have no finding, and for those `whocard check` needs nothing but
/// that fact. ``ProfileValidator/certainlyCleanFields(_:)`` establishes it without making a
/// string or a profile: it accepts only the common shapes (ASCII values without surrounding
/// spaces, `https://` links on a lower-case host without port or user info, the platforms'
/// plain profile paths), each checked by the rules ``ProfileValidator/validate(_:file:)``
/// applies, many through the same byte-level functions. Anything else is "not certain" and
/// goes through the full validator, which words the findings. Being conservative is the
/// whole point: a field called clean must get no finding from the validator (asserted over
/// generated and mutated rows in CleanRowTests, and by the FuzzCleanRow fuzz target).
extension ProfileValidator {
    /// Whether `record` is certain to be accepted by ``validate(_:file:)`` with no finding.
    /// `false` means "not certain": the row may still be clean.
    public func isCertainlyClean(_ record: ProfileRecord) -> Bool { certainlyCleanFields(record) == .all }

    /// The fields of `record` certain to have no finding (an id only when it is valid).
    func certainlyCleanFields(_ record: ProfileRecord) -> FieldSet {
        record.withValueBytes { values in
            var clean = FieldSet()
            func mark(_ field: Field, _ isClean: (UnsafeBufferPointer<UInt8>) -> Bool) {
                let value = values[field.index]
                if value.isEmpty || isClean(value) { clean.insert(field) }
            }
            if UserIDRule.isValid(values[Field.id.index]) { clean.insert(.id) }
            mark(.name) { $0.count <= maxTextLength }
            mark(.provider) { $0.count <= maxTextLength }
            mark(.supportHours) { $0.count <= maxTextLength }
            mark(.bio) { $0.count <= maxBioLength }
            mark(.avatarURL) { urls.certainlyValid($0) != nil }
            mark(.website) { urls.certainlyValid($0) != nil }
            let profiles = CleanRow.profiles
            for index in profiles.indices {
                mark(profiles[index].field) { isCertainlyValidProfile($0, on: profiles[index]) }
            }
            mark(.email, ContactRules.certainlyValidEmail)
            mark(.supportEmail, ContactRules.certainlyValidEmail)
            mark(.phone, ContactRules.certainlyValidPhone)
            mark(.supportPhone, ContactRules.certainlyValidPhone)
            mark(.supportURL, isCertainlyValidSupport)
            return clean
        }
    }

    /// A profile link its platform's rules accept without a warning (the loop of
    /// ``Platform/check(_:field:)``, on bytes; the query-string and numbered-page shapes are
    /// left to it).
    private func isCertainlyValidProfile(_ value: UnsafeBufferPointer<UInt8>, on shape: CleanRow.Profile) -> Bool {
        guard let url = urls.certainlyValid(value),
            shape.hosts.accepts(asciiHost: UnsafeBufferPointer(rebasing: value[url.host]))
        else { return false }
        // The first two path segments and how many there are, empty ones left out as
        // ``CheckedURL/pathSegments`` does.
        var first: UnsafeBufferPointer<UInt8>?
        var second: UnsafeBufferPointer<UInt8>?
        var count = 0
        var start = url.path.lowerBound
        for end in url.path.lowerBound...url.path.upperBound
        where end == url.path.upperBound || value[end] == UInt8(ascii: "/") {
            if end > start {
                count += 1
                let segment = UnsafeBufferPointer(rebasing: value[start..<end])
                if first == nil { first = segment } else if second == nil { second = segment }
            }
            start = end + 1
        }
        guard let first else { return false }
        func firstIs(_ word: [UInt8]) -> Bool {
            word.count == first.count && zip(word, first).allSatisfy { $0 == asciiLower($1) }
        }
        for path in shape.paths {
            switch path {
            case .handle:
                continue
            case .atHandle(let syntax):
                guard first.first == UInt8(ascii: "@") else { continue }
                return count == 1 && syntax.accepts(ascii: UnsafeBufferPointer(rebasing: first.dropFirst()))
            case .prefixed(let prefix, let syntax, let warns):
                guard firstIs(prefix) else { continue }
                guard let second else { return false }
                return count == 2 && !warns && syntax.accepts(ascii: second)
            case .left(let word):
                if firstIs(word) { return false }
            }
        }
        if shape.reserved.contains(where: firstIs) { return false }
        for case .atHandle(let syntax) in shape.paths where count == 1 && syntax.accepts(ascii: first) {
            return false
        }
        for case .handle(let syntax) in shape.paths {
            return count == 1 && syntax.accepts(ascii: first)
        }
        return false
    }

    /// A support channel the validator accepts without a finding: `mailto:`, `tel:` or an https link.
    private func isCertainlyValidSupport(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        if hasASCIIPrefixIgnoringCase(value, "mailto:") {
            // The validator cuts the address at the first `?` character: with only printable
            // ASCII, that is the first `?` byte (no combining mark can join it).
            guard value.allSatisfy({ (0x21...0x7E).contains($0) }) else { return false }
            let address = value.dropFirst(7).prefix { $0 != UInt8(ascii: "?") }
            return !address.isEmpty && ContactRules.certainlyValidEmail(UnsafeBufferPointer(rebasing: address))
        }
        if hasASCIIPrefixIgnoringCase(value, "tel:") {
            return ContactRules.certainlyValidPhone(UnsafeBufferPointer(rebasing: value.dropFirst(4)))
        }
        return urls.certainlyValid(value) != nil
    }
}

extension URLValidator {
    /// Where the host (lower-case, without a trailing dot) and the path are in `bytes`, when
    /// ``validate(_:field:)`` is certain to accept them without a warning: ASCII without
    /// spaces or forbidden characters, `https://`, no user info or port, a host of the common
    /// kind that imitates no site, valid `%` escapes. `nil` when not certain.
    func certainlyValid(_ bytes: UnsafeBufferPointer<UInt8>) -> (host: Range<Int>, path: Range<Int>)? {
        guard bytes.count <= maxLength else { return nil }
        guard let hostEnd = Self.plainShape(bytes) else { return certainlyValidInGeneral(bytes) }
        let host = 8..<hostEnd
        guard !lookalikes.imitatesSite(ascii: UnsafeBufferPointer(rebasing: bytes[host])) else { return nil }
        return (host, hostEnd..<bytes.count)
    }

    /// Where the host of `bytes` ends, when they have the shape most links have: `https://`
    /// (any case); a host that ``HostName/commonASCII(_:)`` accepts as it is (lower case, no
    /// trailing dot); a path of printable ASCII without forbidden characters, `%`, `?` or `#`.
    /// The general proof splits the parts and scans for each problem in turn; for every link
    /// of this shape it gives the same answer.
    static func plainShape(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let count = bytes.count
        guard count > 8, let base = UnsafeRawPointer(bytes.baseAddress) else { return nil }
        // `https://`, the five letters in any case: setting bit 5 of a letter lower-cases it,
        // and no other byte becomes a lower-case letter that way.
        let scheme = UInt64(littleEndian: base.loadUnaligned(as: UInt64.self))
        guard scheme | 0x0000_0020_2020_2020 == 0x2F2F_3A73_7074_7468 else { return nil }
        // The host runs to the first `/`: with no `@`, `:`, `?` or `#` before it (the host
        // rules reject them), that is where the general proof's split puts it too.
        var hostEnd = 8
        while hostEnd < count && bytes[hostEnd] != UInt8(ascii: "/") { hostEnd += 1 }
        guard let host = HostName.commonASCII(UnsafeBufferPointer(rebasing: bytes[8..<hostEnd])), !host.hasUpper,
            host.length == hostEnd - 8
        else { return nil }
        var index = hostEnd
        // Printable ASCII but `"`, `'`, `<`, `>`, `\`, `%`, `?` and `#`, one bit a byte value.
        let plainLow: UInt64 = 0x2FFF_FF52_0000_0000
        let plainHigh: UInt64 = 0x7FFF_FFFF_EFFF_FFFF
        while index < count {
            let byte = bytes[index]
            let plain = byte < 64 ? plainLow >> byte : byte < 128 ? plainHigh >> (byte - 64) : 0
            guard plain & 1 == 1 else { return nil }
            index += 1
        }
        return hostEnd
    }

    /// ``certainlyValid(_:)`` for every shape: the parts split first (internal: the tests hold
    /// the plain shape to it).
    func certainlyValidInGeneral(_ bytes: UnsafeBufferPointer<UInt8>) -> (host: Range<Int>, path: Range<Int>)? {
        guard hasASCIIPrefixIgnoringCase(bytes, "https://") else { return nil }
        for byte in bytes where byte >= 0x80 || Self.isForbiddenASCII(byte) { return nil }
        guard let parts = URLParts.offsets(bytes), parts.userInfo == nil, parts.port == nil,
            let host = HostName.commonASCII(UnsafeBufferPointer(rebasing: bytes[parts.host])), !host.hasUpper,
            hasValidPercentEscapes(UnsafeBufferPointer(rebasing: bytes[parts.path.lowerBound...]))
        else { return nil }
        let hostRange = parts.host.lowerBound..<(parts.host.lowerBound + host.length)
        guard !lookalikes.imitatesSite(ascii: UnsafeBufferPointer(rebasing: bytes[hostRange])) else { return nil }
        return (hostRange, parts.path)
    }
}

/// The platforms' profile rules, prepared for the proof.
private enum CleanRow {
    /// A platform's profile rules, with their words as bytes (a class: the proof passes one
    /// per platform for every row, and a reference is one retain to copy).
    final class Profile: Sendable {
        /// ``Platform/field``, kept: working it out looks the platform up by name.
        let field: Field
        /// ``Platform/hosts``, kept: reading it copies its arrays.
        let hosts: PlatformHosts
        let paths: [Path]
        /// ``Platform/reserved``.
        let reserved: [[UInt8]]

        /// A ``ProfilePath``: the shapes whose check needs the query or a number are `left` to
        /// the validator when the first segment is their word.
        enum Path: Sendable {
            case handle(HandleSyntax)
            case atHandle(HandleSyntax)
            case prefixed([UInt8], HandleSyntax, warns: Bool)
            case left([UInt8])
        }

        init(_ platform: Platform) {
            field = platform.field
            hosts = platform.hosts
            paths = platform.paths.map { path in
                switch path {
                case .handle(let syntax): .handle(syntax)
                case .atHandle(let syntax): .atHandle(syntax)
                case .prefixed(let prefix, let syntax, let warning, _):
                    .prefixed(Array(prefix.utf8), syntax, warns: warning != nil)
                case .numericQuery(let page, _): .left(Array(page.utf8))
                case .namedNumeric(let prefix): .left(Array(prefix.utf8))
                }
            }
            reserved = platform.reserved.map { Array($0.utf8) }
        }
    }

    /// Every platform's profile rules, in field order.
    static let profiles = Platform.allCases.map(Profile.init)
}
