import XCTest
@testable import WhoCardKit

final class ContactRuleTests: XCTestCase {
    func testValidEmails() {
        XCTAssertEqual(V.profile([.email: " alice@Example.COM "])?.email, "alice@example.com")
        XCTAssertEqual(V.profile([.email: "a.b+tag@sub.example.org"])?.email, "a.b+tag@sub.example.org")
        XCTAssertEqual(V.profile([.supportEmail: "hilfe@Bücher.example"])?.supportEmail, "hilfe@bücher.example")
    }

    func testInvalidEmails() {
        XCTAssertEqual(
            V.problems(.email, "Alice <alice@example.com>"),
            [
                Problem(
                    "email.syntax",
                    "email has a display name or angle brackets; enter only the address (alice@example.com)")
            ])
        XCTAssertEqual(
            V.problems(.email, "mailto:alice@example.com"),
            [
                Problem(
                    "email.syntax", "email starts with 'mailto:'; enter only the address (alice@example.com)")
            ])
        XCTAssertEqual(
            V.problems(.email, "alice @example.com"), [Problem("email.syntax", "email contains a space at character 6")]
        )
        XCTAssertEqual(V.problems(.email, "alice.example.com"), [Problem("email.syntax", "email has no '@'")])
        XCTAssertEqual(V.problems(.email, "a@b@example.com"), [Problem("email.syntax", "email has more than one '@'")])
        XCTAssertEqual(V.problems(.email, "@example.com"), [Problem("email.syntax", "email has nothing before '@'")])
        XCTAssertEqual(V.problems(.email, "alice@"), [Problem("email.syntax", "email has nothing after '@'")])
        XCTAssertEqual(
            V.problems(.email, "alice@localhost"),
            [
                Problem(
                    "email.syntax", "email domain 'localhost' is not a full domain name (it has no dot)")
            ])
        XCTAssertEqual(
            V.problems(.email, "alice..smith@example.com"),
            [Problem("email.syntax", "email has a misplaced '.' before '@'")])
        XCTAssertEqual(
            V.problems(.supportEmail, "al,ice@example.com"),
            [
                Problem(
                    "email.syntax", "support_email contains ',' before '@', which addresses cannot contain")
            ])
    }

    func testPhones() {
        XCTAssertEqual(V.profile([.phone: "+1 (555) 010-0199"])?.phone, "+1 (555) 010-0199")
        XCTAssertEqual(V.profile([.supportPhone: "030.1234567"])?.supportPhone, "030.1234567")
        XCTAssertEqual(V.problems(.phone, "555-0199"), [])
        XCTAssertEqual(
            V.problems(.phone, "555-019"), [Problem("phone.syntax", "phone has 6 digits; a phone number has 7–15")])
        XCTAssertEqual(
            V.problems(.phone, "+1234567890123456"),
            [Problem("phone.syntax", "phone has 16 digits; a phone number has 7–15")])
        XCTAssertEqual(
            V.problems(.phone, "555 0199 ext. 12"),
            [
                Problem(
                    "phone.syntax",
                    "phone contains 'e' at character 10; use only digits, spaces, '-', '.', '(' ')' and a leading '+'")
            ])
        XCTAssertEqual(
            V.problems(.phone, "1+5550100199"), [Problem("phone.syntax", "phone has a '+' that is not at the start")])
        XCTAssertEqual(
            V.problems(.supportPhone, "tel:+15550100199"),
            [
                Problem(
                    "phone.syntax", "support_phone starts with 'tel:'; enter only the number (+15550100199)")
            ])
        XCTAssertEqual(ContactRules.dialString("+1 (555) 010-0199"), "+15550100199")
    }

    func testSupportChannels() {
        XCTAssertEqual(
            V.profile([.supportURL: "mailto:help@Example.com?subject=Hi"])?.support, .email("help@example.com"))
        XCTAssertEqual(V.profile([.supportURL: "TEL:+1 555 010 0199"])?.support, .phone("+1 555 010 0199"))
        XCTAssertEqual(
            V.profile([.supportURL: "https://help.example.com/?utm_source=card"])?.support,
            .web(
                ValidLink(
                    original: "https://help.example.com/?utm_source=card", normalized: "https://help.example.com",
                    display: "help.example.com")))
    }

    func testInvalidSupportChannels() {
        XCTAssertEqual(
            V.problems(.supportURL, "mailto:help"), [Problem("support.syntax", "support_url address has no '@'")])
        XCTAssertEqual(
            V.problems(.supportURL, "tel:12"),
            [
                Problem(
                    "support.syntax", "support_url number has 2 digits; a phone number has 7–15")
            ])
        XCTAssertEqual(
            V.problems(.supportURL, "help@example.com"),
            [
                Problem(
                    "support.syntax",
                    "support_url is not a web address, mailto: or tel: link; did you mean mailto:help@example.com?")
            ])
        XCTAssertEqual(
            V.problems(.supportURL, "+1 555 010 0199"),
            [
                Problem(
                    "support.syntax",
                    "support_url is not a web address, mailto: or tel: link; did you mean tel:+15550100199?")
            ])
        XCTAssertEqual(
            V.problems(.supportURL, "help.example.com/contact"),
            [
                Problem(
                    "support.syntax",
                    "support_url is not a web address, mailto: or tel: link; did you mean https://help.example.com/contact?"
                )
            ])
        XCTAssertEqual(
            V.problems(.supportURL, "skype:alice"),
            [
                Problem(
                    "support.syntax", "support_url uses the skype: scheme; use https://, mailto: or tel:")
            ])
        XCTAssertEqual(
            V.problems(.supportURL, "ask Alice"),
            [
                Problem(
                    "support.syntax", "support_url is not a web address, mailto: or tel: link")
            ])
        XCTAssertEqual(
            V.problems(.supportURL, "https://supp0rt.faceb00k.com"),
            [
                Problem(
                    "url.lookalike",
                    "support_url host 'supp0rt.faceb00k.com' imitates facebook.com with look-alike characters")
            ])
    }

    func testWebsiteAndAvatarUseTheURLRules() {
        XCTAssertEqual(
            V.profile([.website: "https://www.alice.example/"])?.website?.normalized, "https://www.alice.example")
        XCTAssertEqual(
            V.profile([.avatarURL: "https://cdn.example.com/a.png?v=2"])?.avatar?.normalized,
            "https://cdn.example.com/a.png?v=2")
        XCTAssertEqual(
            V.problems(.website, "https://faceb00k.com"),
            [
                Problem(
                    "url.lookalike", "website host 'faceb00k.com' imitates facebook.com with look-alike characters")
            ])
        XCTAssertEqual(
            V.problems(.avatarURL, "data:image/png;base64,AAAA"),
            [
                Problem(
                    "url.scheme", "avatar_url uses the data: scheme; only http:// and https:// links work")
            ])
    }
}
