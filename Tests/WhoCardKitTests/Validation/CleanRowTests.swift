import XCTest
@testable import WhoCardKit

/// `ProfileValidator.certainlyCleanFields` lets `whocard check` accept a row without
/// validating it, and validate only the other fields of a row with findings. It may say "not
/// certain" of a clean field (that only costs time), but a field wrongly called clean hides a
/// finding from the report: these tests generate rows near every rule's edges, mutate them
/// with the characters attacks use, and require that every row it calls clean is accepted by
/// the validator without a finding, and that skipping the fields it calls clean changes no
/// finding of any row.
final class CleanRowTests: XCTestCase {
    /// Values a field is seeded with, valid and invalid, before mutation.
    static let urls = [
        "https://x.com/alice", "https://twitter.com/Alice_1", "https://www.facebook.com/alice.smith",
        "https://linkedin.com/in/alice", "https://www.linkedin.com/in/alice-smith/", "https://uk.linkedin.com/in/alice",
        "https://www.linkedin.com/company/acme", "https://linkedin.com/in/al%C3%A9", "https://instagram.com/alice",
        "https://mastodon.social/@alice", "https://bsky.app/profile/alice.bsky.social", "https://github.com/alice",
        "https://youtube.com/@alice", "https://www.youtube.com/channel/UC1234567890123456789012",
        "https://tiktok.com/@alice",
        "https://www.tiktok.com/alice", "https://facebook.com/profile.php?id=100", "https://facebook.com/people/Al/100",
        "https://alice.example.com", "https://alice.example.com/help?utm_source=x#top", "https://example.com:8443/a",
        "https://example.com:/a", "http://example.com", "https://twitter.com.evil.example/alice",
        "https://twitter-com.evil.example", "https://twltter.com/alice", "https://faceb00k.com/alice",
        "https://x.com/home", "https://x.com/alice/status/1", "https://x.com/", "https://x.com//alice",
        "https://example.com/%zz", "https://example.com/a%2", "https://user@example.com",
        "https://x.com@evil.example/a",
        "https://EXAMPLE.com", "https://example.com.", "https://example..com", "https://-example.com",
        "https://xn--80ak6aa92e.com", "https://192.168.0.1/a", "https://[::1]/a", "https://example.c0m",
        "https://example", "https:///alice", "https:/x.com/alice", "HTTPS://x.com/alice", "twitter.com/alice", "@alice",
        "alice", "//x.com/alice", "javascript:alert(1)", "https://x.com/alice?ref=a#b", "https://x.com/@alice",
        "https://github.com/settings", "https://github.com/alice/repo", "https://mastodon.social/@alice/1",
        "https://x.com/..", "https://x.com/%2e%2e", "https://x.com/abcdefghijklmnop",
    ]
    static let emails = [
        "alice@example.com", "a.b+c@mail.example.com", "alice@EXAMPLE.com", "alice@@example.com", "alice@example",
        "<alice@example.com>", "Alice <alice@example.com>", "mailto:alice@example.com", ".alice@example.com",
        "alice.@example.com", "al..ice@example.com", "al(ice@example.com", "alice@xn--bcher-kva.example",
        "alice@bücher.example", "@example.com", "alice@", "alice@example.com.",
        String(repeating: "a", count: 64)
            + "@example.com", String(repeating: "a", count: 65) + "@example.com", "alice@192.168.0.1",
    ]
    static let phones = [
        "+1 555 0100", "+1 (555) 010-0199", "555.0100.12", "12345", "tel:+15550100", "+1+555 0100",
        "1234567890123456", "123456789012345", "1234567", "555 0100 ext 5", "+44 20 7946 0958",
    ]
    static let supports =
        [
            "mailto:help@example.com", "mailto:help@example.com?subject=Hi", "mailto:", "mailto:?subject=x",
            "MAILTO:help@example.com", "mailto:help@EXAMPLE.com", "tel:+1 555 0100", "tel:", "tel:12", "TEL:+15550100",
            "help@example.com", "+1 555 0100", "ftp://example.com",
        ] + urls
    static let ids = [
        "u1", "alice.smith", "a@b+c_d-e", ".hidden", "a b", String(repeating: "x", count: 128), "ünï", "../u1",
    ]
    static let texts = ["Alice", String(repeating: "x", count: 200), String(repeating: "é", count: 150), "A\u{202E}B"]

    /// Characters the mutations insert: delimiters, spaces of every kind, controls, case,
    /// look-alikes, combining and bidi marks.
    static let alphabet: [Unicode.Scalar] = [
        " ", "\t", "\n", "\r", "\u{0}", "\u{7F}", "@", ".", "/", "%", "?", "#", ":", "<", ">", "\"", "'", "\\", "A",
        "Z",
        "0", "1", "-", "_", "+", "(", ")", ",", ";", "[", "=", "&", "é", "\u{301}", "а", "і", "\u{202E}", "\u{200B}",
        "\u{A0}", "\u{3000}", "ｘ", "\u{FEFF}", "\u{85}", "\u{2028}",
    ]

    /// A small deterministic generator (SplitMix64), so a failure can be replayed.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
        mutating func pick<T>(_ values: [T]) -> T { values[below(values.count)] }
    }

    /// `value` with up to three random edits: insert, replace or delete a character, change
    /// a letter's case, or wrap it in white space.
    static func mutate(_ value: String, _ random: inout Generator) -> String {
        var scalars = Array(value.unicodeScalars)
        for _ in 0..<random.below(4) {
            let position = random.below(scalars.count + 1)
            switch random.below(5) {
            case 0: scalars.insert(random.pick(alphabet), at: position)
            case 1 where position < scalars.count: scalars[position] = random.pick(alphabet)
            case 2 where position < scalars.count: scalars.remove(at: position)
            case 3 where position < scalars.count:
                let scalar = scalars[position]
                scalars[position] = String(scalar).uppercased().unicodeScalars.first ?? scalar
            default:
                scalars.insert(random.pick([" ", "\t", "\u{A0}"]), at: random.below(2) == 0 ? 0 : scalars.count)
            }
        }
        return String(String.UnicodeScalarView(scalars))
    }

    /// A clean row of the common shape, as most rows of an export are.
    static let cleanRow: [Field: String] = [
        .id: "u1", .name: "Alice Smith", .provider: "Acme", .avatarURL: "https://cdn.example.com/a.png",
        .twitterURL: "https://x.com/alice", .facebookURL: "https://www.facebook.com/alice",
        .linkedinURL: "https://www.linkedin.com/in/alice", .instagramURL: "https://instagram.com/alice",
        .mastodonURL: "https://mastodon.social/@alice", .githubURL: "https://github.com/alice",
        .youtubeURL: "https://youtube.com/@alice", .tiktokURL: "https://tiktok.com/@alice",
        .blueskyURL: "https://bsky.app/profile/alice.bsky.social", .email: "alice@mail.example.com",
        .phone: "+1 555 0100", .website: "https://alice.example.com", .supportURL: "https://alice.example.com/help",
        .supportEmail: "help@example.com", .supportPhone: "+1 (555) 010-0199", .supportHours: "Mon–Fri 9–5",
        .bio: "Hello, I am **Alice**.",
    ]

    /// A row with id `u1` and `value` in `field`.
    static func record(_ field: Field, _ value: String) -> ProfileRecord {
        var pairs = [Field.id: "u1"]
        pairs[field] = value
        return ProfileRecord(pairs)
    }

    /// Seeds for `field`.
    static func seeds(_ field: Field) -> [String] {
        switch field {
        case .id: ids
        case .name, .provider, .supportHours, .bio: texts
        case .email, .supportEmail: emails
        case .phone, .supportPhone: phones
        case .supportURL: supports
        default: urls
        }
    }

    /// Every row `isCertainlyClean` accepts, the validator accepts without a finding.
    func assertSound(
        _ validator: ProfileValidator, rows: Int, seed: UInt64, base: [Field: String] = cleanRow,
        file: StaticString = #filePath, line: UInt = #line
    ) -> (certain: Int, clean: Int) {
        var random = Generator(state: seed)
        var certain = 0
        var clean = 0
        for _ in 0..<rows {
            var pairs = base
            for _ in 0..<(1 + random.below(3)) {
                let field = random.pick(Field.allCases)
                pairs[field] =
                    random.below(4) == 0 ? "" : Self.mutate(random.pick(Self.seeds(field)), &random)
            }
            let record = ProfileRecord(line: 2, pairs)
            let outcome = validator.validate(record, file: "export.csv")
            // Skipping the fields proved clean changes no finding and no verdict.
            let skipping = validator.validate(
                record, file: "export.csv", skipping: validator.certainlyCleanFields(record))
            if skipping.findings != outcome.findings || (skipping.profile == nil) != (outcome.profile == nil) {
                XCTFail(
                    "skipping the fields proved clean gives \(skipping.findings.map(\.message)), not \(outcome.findings.map(\.message)); row \(pairs)",
                    file: file, line: line)
                return (certain, clean)
            }
            let isClean = outcome.profile != nil && outcome.findings.isEmpty
            if isClean { clean += 1 }
            guard validator.isCertainlyClean(record) else { continue }
            certain += 1
            if !isClean {
                XCTFail(
                    "called clean, but the validator says \(outcome.findings.map(\.message)); row \(pairs)",
                    file: file, line: line)
                return (certain, clean)
            }
        }
        return (certain, clean)
    }

    func testEveryRowCalledCleanIsClean() {
        // WHOCARD_CLEAN_ROWS=1000000 WHOCARD_CLEAN_SEED=n for a long run.
        let environment = ProcessInfo.processInfo.environment
        let rows = environment["WHOCARD_CLEAN_ROWS"].flatMap { Int($0) } ?? 6_000
        let seed = environment["WHOCARD_CLEAN_SEED"].flatMap { UInt64($0) } ?? 24
        let (certain, clean) = assertSound(ProfileValidator(), rows: rows, seed: seed)
        // Not vacuous: most clean rows are recognised.
        XCTAssertGreaterThan(certain, rows / 6)
        XCTAssertGreaterThan(certain * 4, clean * 3, "only \(certain) of \(clean) clean rows recognised")
    }

    func testTheValidatorsLimitsAreHonoured() {
        var validator = ProfileValidator()
        validator.maxTextLength = 8
        validator.maxBioLength = 10
        validator.urls.maxLength = 28
        validator.urls.lookalikes = LookalikeDetector(sites: ["example.com"])
        // A clean row within these limits, mutated as in the test above.
        let short: [Field: String] = [
            .id: "u1", .name: "Al", .provider: "Acme", .twitterURL: "https://x.com/alice",
            .githubURL: "https://github.com/alice", .email: "al@mail.example.com", .phone: "+1 555 0100",
            .website: "https://al.example.com", .supportHours: "Mon 9-5", .bio: "Hi **Al**",
        ]
        XCTAssertTrue(validator.isCertainlyClean(ProfileRecord(short)))
        let (certain, clean) = assertSound(validator, rows: 2_000, seed: 7, base: short)
        // Not vacuous: rows within the limits are still recognised (352 of 399 clean rows with seed 7).
        XCTAssertGreaterThan(certain, 200)
        XCTAssertGreaterThan(certain * 4, clean * 3, "only \(certain) of \(clean) clean rows recognised")
        // Each limit on its own: just within it is proved clean, just over it is left to the validator.
        for (field, within, over) in [
            (Field.name, "Alice Sm", "Alice Smi"), (.supportHours, "Mon 9-17", "Mon 9-17h"),
            (.bio, "Hello, Al!", "Hello, Al!!"),
            (.website, "https://al.example.com/abcde", "https://al.example.com/abcdef"),
        ] {
            XCTAssertTrue(validator.isCertainlyClean(Self.record(field, within)), within)
            XCTAssertFalse(validator.isCertainlyClean(Self.record(field, over)), over)
            XCTAssertFalse(validator.validate(Self.record(field, over), file: "export.csv").findings.isEmpty, over)
            XCTAssertTrue(ProfileValidator().isCertainlyClean(Self.record(field, over)), over)
        }
        // A look-alike of a site the validator was given, not of a platform.
        XCTAssertTrue(ProfileValidator().isCertainlyClean(Self.record(.website, "https://examp1e.com")))
        XCTAssertFalse(validator.isCertainlyClean(Self.record(.website, "https://examp1e.com")))
    }

    func testTheCommonShapesAreRecognised() {
        // What the speed of `check` rests on: the clean row of every platform, and empty fields.
        XCTAssertTrue(ProfileValidator().isCertainlyClean(ProfileRecord(Self.cleanRow)))
        XCTAssertTrue(ProfileValidator().isCertainlyClean(ProfileRecord([.id: "u1"])))
        for (field, value) in [
            (Field.supportURL, "mailto:help@example.com?subject=Hi"), (.supportURL, "tel:+1 555 0100"),
            (.linkedinURL, "https://uk.linkedin.com/in/al%C3%A9/"), (.twitterURL, "https://twitter.com/Alice_1"),
            (.youtubeURL, "https://www.youtube.com/channel/UC1234567890123456789012"),
        ] {
            XCTAssertTrue(ProfileValidator().isCertainlyClean(Self.record(field, value)), value)
        }
        // And each kind of finding is left to the validator.
        for (field, value) in [
            (Field.id, ".u1"), (.twitterURL, "http://x.com/alice"), (.linkedinURL, "https://linkedin.com/company/acme"),
            (.website, "https://twitter.com.evil.example"), (.twitterURL, "https://x.com/home"),
            (.supportURL, "mailto:"), (.email, "alice@example"), (.phone, "12345"),
            (.bio, String(repeating: "x", count: 4_001)),
        ] {
            XCTAssertFalse(ProfileValidator().isCertainlyClean(Self.record(field, value)), value)
            XCTAssertFalse(V.row([field: value]).findings.isEmpty, value)
        }
        // Values the validator trims are clean, but not certain here: they are validated.
        XCTAssertFalse(ProfileValidator().isCertainlyClean(Self.record(.id, " u1")))
        XCTAssertTrue(V.row([.id: " u1"]).findings.isEmpty)
    }
}
