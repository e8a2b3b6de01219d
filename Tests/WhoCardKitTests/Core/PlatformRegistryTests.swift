import XCTest
@testable import WhoCardKit

/// The platform registry is what the columns, rules, icons and quirks are made from: these
/// checks keep a new platform file from contradicting the others.
final class PlatformRegistryTests: XCTestCase {
    func testIDsColumnsAndAliasesAreUnique() {
        let ids = Platform.allCases.map(\.rawValue)
        XCTAssertEqual(Set(ids).count, ids.count, "two platforms share an id: \(ids)")
        var owner: [String: String] = [:]
        for field in Field.allCases {
            for name in [field.rawValue] + field.aliases {
                let key = FieldMap.normalize(name)
                XCTAssertNil(owner[key], "column '\(name)' of \(field) is already \(owner[key] ?? "")'s")
                owner[key] = field.rawValue
            }
        }
    }

    func testEveryRuleAPlatformRaisesIsInItsCatalogue() {
        for platform in Platform.allCases {
            let ids = Set(platform.rules.map(\.id))
            var raised = [platform.hostRule, platform.profileRule, platform.reservedRule]
            for case .prefixed(_, _, let warning?, _) in platform.paths { raised.append(warning.rule) }
            for id in raised {
                XCTAssertTrue(ids.contains(id), "\(platform) raises \(id) but does not describe it in rules")
                XCTAssertNotNil(Rule.named(id), "\(id) is missing from Rule.all")
            }
            for rule in platform.rules {
                XCTAssertTrue(rule.id.hasPrefix(platform.rawValue + "."), "\(rule.id) is not named after \(platform)")
            }
        }
    }

    func testEveryPlatformHasOneFieldAndComesBackFromItsID() throws {
        XCTAssertEqual(Field.platformFields.map { $0.platform }, Platform.allCases)
        for platform in Platform.allCases {
            XCTAssertEqual(platform.field.platform, platform)
            XCTAssertTrue(platform.field.isURL)
            XCTAssertEqual(Platform(rawValue: platform.rawValue), platform)
            let encoded = try JSONEncoder().encode([platform])
            XCTAssertEqual(String(decoding: encoded, as: UTF8.self), "[\"\(platform.rawValue)\"]")
            XCTAssertEqual(try JSONDecoder().decode([Platform].self, from: encoded), [platform])
        }
    }

    func testEveryPlatformHasAnIconOfLinesOnly() {
        for platform in Platform.allCases {
            XCTAssertFalse(platform.icon.isEmpty, "\(platform) has no icon")
            let svg = PlatformIcon.svg(platform)
            XCTAssertTrue(svg.hasPrefix("<svg class=\"whocard__icon\""), svg)
            for element in ["<script", "<foreignObject", "href", " on", "<image"] {
                XCTAssertFalse(platform.icon.contains(element), "\(platform)'s icon contains \(element)")
            }
        }
    }

    func testFixedHostPlatformsHaveTheirQuirksInTheHostPolicy() {
        for platform in Platform.allCases where !platform.hosts.isFederated {
            for host in platform.hosts.hosts {
                XCTAssertEqual(HostPolicy.standard.quirk(host: "www." + host)?.name, platform.online.name, host)
            }
        }
    }
}
