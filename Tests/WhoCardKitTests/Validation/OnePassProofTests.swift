import XCTest
@testable import WhoCardKit

/// The one-pass shortcuts of `check`'s clean-row proof must answer exactly as the general
/// code they stand in for: the plain link shape, the look-alike telltales and the platform
/// hosts as bytes. Each is compared with the general answer over hand-picked edges and
/// thousands of generated and mutated values, and each test asserts the shortcut was taken.
final class OnePassProofTests: XCTestCase {
    typealias Generator = CleanRowTests.Generator

    /// Links on the edges of the plain shape: scheme case, host characters and labels, the
    /// characters a path may hold, and every part the plain shape leaves to the general proof.
    static let edgeLinks: [String] = [
        "https://example.com", "https://example.com/", "HTTPS://example.com/a", "hTtPs://example.com/a",
        "https:/example.com", "https//example.com", "https:example.com", "http://example.com/a", "https://",
        "https://a", "https://.", "https://a.", "https://a.b", "https://a.bc", "https://a.b1", "https://1.23",
        "https://example.com.", "https://example.com./a", "https://Example.com/a", "https://exa_mple.com",
        "https://-a.com", "https://a-.com", "https://a--b.com", "https://xn--mnchen-3ya.de/a", "https://xn-a.com",
        "https://axn--b.com", "https://xn--.com", "https://XN--mnchen-3ya.de",
        "https://" + String(repeating: "a", count: 63) + ".com",
        "https://" + String(repeating: "a", count: 64) + ".com",
        "https://" + Array(repeating: String(repeating: "a", count: 60), count: 4).joined(separator: ".") + ".com",
        "https://" + Array(repeating: String(repeating: "b", count: 62), count: 4).joined(separator: ".") + ".co",
        "https://a..b.com", "https://example.com:443/a", "https://user@example.com/a", "https://[::1]/a",
        "https://example.com/a b", "https://example.com/a%20b", "https://example.com/a%2", "https://example.com/%zz",
        "https://example.com/a?b=c", "https://example.com/a#top", "https://example.com?x", "https://example.com#x",
        "https://example.com/a'b", "https://example.com/a\"b", "https://example.com/a<b", "https://example.com/a>b",
        "https://example.com/a\\b", "https://example.com/a\u{7F}", "https://example.com/a\tb",
        "https://example.com/é", "https://exämple.com/a", "https://example.com/a:b@c!$&()*+,;=~_-.",
        "https://example.com/{|}^`[]", "https://example.com//a//", "https://twitter.com/alice",
        "https://twitter.com.evil.example/a", "https://tw1tter.com/a", "https://www.faceb00k.com/a",
        "https://linkedin-com.evil.example", "https://x.com.au/a",
        "https://example.com/" + String(repeating: "a", count: 3_000),
    ]

    func testThePlainLinkShapeAnswersAsTheGeneralProof() {
        var random = Generator(state: 41)
        var links = Self.edgeLinks
        let seeds = CleanRowTests.urls + Self.edgeLinks
        for _ in 0..<20_000 { links.append(CleanRowTests.mutate(random.pick(seeds), &random)) }
        var validators = [URLValidator()]
        var short = URLValidator()
        short.maxLength = 30
        short.lookalikes = LookalikeDetector(sites: ["example.com"])
        validators.append(short)
        for validator in validators {
            for link in links {
                withBytes(link) { bytes in
                    let general = validator.certainlyValidInGeneral(bytes).map { [$0.host, $0.path] }
                    XCTAssertEqual(
                        validator.certainlyValid(bytes).map { [$0.host, $0.path] },
                        bytes.count <= validator.maxLength ? general : nil, link)
                }
            }
        }
        // Not vacuous: thousands of the links have the plain shape, and thousands do not.
        let plain = links.filter { link in withBytes(link) { URLValidator.plainShape($0) != nil } }.count
        XCTAssertGreaterThan(plain, 2_000)
        XCTAssertLessThan(plain, links.count - 2_000)
    }

    /// Hosts around the sites: each site's own and subdomains, look-alike characters, extra
    /// labels after it, its name hyphenated, brand words inside other names, and random labels.
    static func hosts(around sites: [String], _ random: inout Generator, count: Int) -> [String] {
        let swaps: [(String, String)] = [
            ("i", "1"), ("l", "1"), ("o", "0"), ("m", "rn"), ("w", "vv"), ("i", "l"), ("l", "i"), (".", "-"),
        ]
        let labels = ["www", "m", "evil", "example", "com", "co", "uk", "x", "fb", "com-evil", "a", "rn", "vv", "l1"]
        var hosts: [String] = []
        for _ in 0..<count {
            var host = random.pick(sites)
            for _ in 0..<random.below(3) {
                let (from, to) = random.pick(swaps)
                if let range = host.range(of: from) { host.replaceSubrange(range, with: to) }
            }
            switch random.below(5) {
            case 0: host = random.pick(labels) + "." + host
            case 1: host += "." + random.pick(labels) + "." + random.pick(["com", "example", "co.uk"])
            case 2: host = random.pick(labels) + "-" + host.replacingOccurrences(of: ".", with: "-") + ".example"
            case 3:
                host = (0..<(1 + random.below(4))).map { _ in
                    String((0..<(1 + random.below(9))).map { _ in random.pick(Array("abcilmnorvw01-")) })
                }.joined(separator: ".")
            default: break
            }
            hosts.append(host)
        }
        return hosts
    }

    func testLookAlikeTelltalesFindEveryImitationTheSearchFinds() {
        var random = Generator(state: 5)
        let long = Array(repeating: String(repeating: "a", count: 40), count: 3).joined(separator: ".") + ".com"
        for sites in [
            LookalikeDetector.platforms.sites,
            ["example.com", "a.b.co.uk", "x-y.com", "rnail.com", "vvv.com", "outlook.com", "ilo.com", long],
        ] {
            let detector = LookalikeDetector(sites: sites)
            var imitations = 0
            for host in Self.hosts(around: sites, &random, count: 20_000) + sites + [
                "", ".", "..", "com", long + ".evil.example",
            ] {
                let (found, searched) = withBytes(host) { bytes in
                    (
                        detector.imitatesSite(ascii: bytes),
                        detector.imitatesSite(ascii: bytes, ruledOutByTelltales: false)
                    )
                }
                XCTAssertEqual(found, searched, host)
                if searched { imitations += 1 }
            }
            // Not vacuous: thousands of the hosts imitate a site.
            XCTAssertGreaterThan(imitations, 2_000, "\(sites)")
        }
    }

    /// Hosts of any script through ``LookalikeDetector/match(_:)``: Cyrillic and Greek letters
    /// that look like Latin ones, mixed with the ASCII look-alikes, answer as the search alone.
    func testLookAlikeTelltalesRuleOutNoInternationalImitation() {
        var random = Generator(state: 17)
        let homoglyphs: [(String, String)] = [
            ("a", "а"), ("o", "о"), ("e", "е"), ("i", "і"), ("p", "р"), ("c", "с"), ("x", "х"), ("y", "у"),
            ("o", "ο"), ("n", "ո"), ("k", "κ"), ("t", "τ"), ("l", "ӏ"), ("m", "м"),
        ]
        for sites in [LookalikeDetector.platforms.sites, ["example.com", "outlook.com", "rnail.com", "vvv.com"]] {
            let detector = LookalikeDetector(sites: sites)
            var imitations = 0
            var international = 0
            for var host in Self.hosts(around: sites, &random, count: 5_000) {
                for _ in 0..<(1 + random.below(2)) {
                    let (from, to) = random.pick(homoglyphs)
                    if let range = host.range(of: from) { host.replaceSubrange(range, with: to) }
                }
                guard case .success(let parsed) = HostName.parse(host[...]) else { continue }
                let searched = detector.match(parsed, ruledOutByTelltales: false)
                XCTAssertEqual(detector.match(parsed), searched, host)
                if parsed.ascii != parsed.unicode { international += 1 }
                if searched != nil { imitations += 1 }
            }
            // Not vacuous: thousands of international hosts, and a thousand imitations.
            XCTAssertGreaterThan(international, 2_000, "\(sites)")
            XCTAssertGreaterThan(imitations, 1_000, "\(sites)")
        }
    }

    func testPlatformHostsAsBytesAnswerAsTheStrings() {
        var random = Generator(state: 9)
        let known = Platform.allCases.flatMap(\.hosts.hosts)
        var hosts = Self.hosts(around: known, &random, count: 5_000)
        for host in known {
            hosts += [
                host, "www." + host, "m." + host, "mobile." + host, "web." + host, "mbasic." + host, "uk." + host,
                "u1." + host, "ukk." + host, "www.www." + host, "www." + host + ".evil.example", "w" + host, "." + host,
                String(host.dropLast()),
            ]
        }
        var accepted = 0
        for platform in Platform.allCases {
            for host in hosts {
                let byBytes = withBytes(host) { platform.hosts.accepts(asciiHost: $0) }
                let byStrings =
                    platform.hosts.isFederated
                    ? !Platform.withFixedHosts.contains { $0.slowCanonicalForm(host: host) != nil }
                    : platform.slowCanonicalForm(host: host) != nil
                XCTAssertEqual(byBytes, byStrings, "\(platform) \(host)")
                XCTAssertEqual(platform.accepts(host: host), byStrings, "\(platform) \(host)")
                if byStrings && !platform.hosts.isFederated { accepted += 1 }
            }
        }
        XCTAssertGreaterThan(accepted, 50)
    }
}
