import XCTest
@testable import WhoCardKit

final class FieldMapTests: XCTestCase {
    func testNormalize() {
        XCTAssertEqual(FieldMap.normalize("Twitter URL"), "twitterurl")
        XCTAssertEqual(FieldMap.normalize(" support-Hours_ "), "supporthours")
    }

    func testEveryFieldMatchesItsOwnName() {
        let map = FieldMap()
        for field in Field.allCases {
            XCTAssertEqual(map.field(forColumn: field.rawValue), field)
            XCTAssertEqual(
                map.field(forColumn: field.rawValue.uppercased().replacingOccurrences(of: "_", with: " ")), field)
        }
    }

    func testAliases() {
        let map = FieldMap()
        let expected: [String: Field] = [
            "user_id": .id, "UID": .id, "display name": .name, "Full-Name": .name, "provider_name": .provider,
            "vendor": .provider, "Company": .provider, "photo_url": .avatarURL, "twitter": .twitterURL,
            "x_url": .twitterURL, "X": .twitterURL, "facebook": .facebookURL, "LinkedIn": .linkedinURL,
            "instagram": .instagramURL, "contact_email": .email, "contact phone": .phone, "about": .bio,
            "Description": .bio, "Mastodon": .mastodonURL, "fediverse": .mastodonURL, "bsky": .blueskyURL,
            "Bluesky URL": .blueskyURL, "github": .githubURL, "YouTube": .youtubeURL, "tiktok": .tiktokURL,
        ]
        for (column, field) in expected { XCTAssertEqual(map.field(forColumn: column), field, column) }
        XCTAssertNil(map.field(forColumn: "color"))
        XCTAssertNil(map.field(forColumn: ""))
    }

    /// The platform columns after the first four, in CSV and nested in JSON's `social`, land in
    /// their fields, between the four first platforms and the contact fields.
    func testNewPlatformColumnsAreRead() throws {
        let csv = "id,github,TikTok URL,email\nu1,https://github.com/a,https://tiktok.com/@a,a@b.example\n"
        XCTAssertEqual(
            summaries(try readItems(csv)),
            ["record@2 id=u1 github_url=https://github.com/a tiktok_url=https://tiktok.com/@a email=a@b.example"])
        let json =
            #"[{"id":"u2","social":{"mastodon":"https://m.example/@b","bluesky":"https://bsky.app/profile/b.example","youtube_url":"https://youtube.com/@bb"}}]"#
        XCTAssertEqual(
            summaries(try readItems(json, format: .json)),
            [
                "record@1 id=u2 mastodon_url=https://m.example/@b bluesky_url=https://bsky.app/profile/b.example youtube_url=https://youtube.com/@bb"
            ])
    }

    func testParseMappingsOverrideBuiltIns() throws {
        let map = try FieldMap.parse(mappings: ["bio=Company", "Support URL=Help Desk", "id=a=b"])
        XCTAssertEqual(map.field(forColumn: "company"), .bio)
        XCTAssertEqual(map.field(forColumn: "help_desk"), .supportURL)
        XCTAssertEqual(map.field(forColumn: "a=b"), .id)
        XCTAssertEqual(map.field(forColumn: "vendor"), .provider)
    }

    func testParseRejectsUnknownFieldsAndBadSyntax() {
        XCTAssertThrowsError(try FieldMap.parse(mappings: ["tiktok=TikTok"])) { error in
            guard case .invalidMapping(let mapping, let reason) = error as? InputError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(mapping, "tiktok=TikTok")
            XCTAssertTrue(reason.hasPrefix("unknown field 'tiktok'; the fields are id, name, provider,"), reason)
            XCTAssertTrue("\(error)".hasSuffix("Write it as --map field=column, e.g. --map twitter_url=Twitter."))
        }
        XCTAssertThrowsError(try FieldMap.parse(mappings: ["twitter_url"])) { error in
            XCTAssertEqual(error as? InputError, .invalidMapping(mapping: "twitter_url", reason: "there is no '='"))
        }
        XCTAssertThrowsError(try FieldMap.parse(mappings: ["twitter_url= "])) { error in
            XCTAssertEqual(
                error as? InputError, .invalidMapping(mapping: "twitter_url= ", reason: "the column name is empty"))
        }
    }
}

final class FieldIndexTests: XCTestCase {
    /// Record storage relies on `index` being each field's position in `allCases`.
    func testIndexIsThePositionInAllCases() {
        XCTAssertEqual(Field.allCases.map(\.index), Array(0..<Field.allCases.count))
    }
}
