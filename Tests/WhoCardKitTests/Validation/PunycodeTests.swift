import XCTest
@testable import WhoCardKit

final class PunycodeTests: XCTestCase {
    /// Samples from RFC 3492 section 7.1 (and their round trip).
    let rfcSamples: [(String, String)] = [
        ("ليهمابتكلموشعربي؟", "egbpdaj6bu4bxfgehfvwxn"),
        ("他们为什么不说中文", "ihqwcrb4cv8a8dqg056pqjye"),
        ("他們爲什麽不說中文", "ihqwctvzc91f659drss3x8bo0yb"),
        ("почемужеонинеговорятпорусски", "b1abfaaepdrnnbgefbadotcwatmq2g4l"),
        ("3年B組金八先生", "3B-ww4c5e180e575a65lsy2b"),
        ("安室奈美恵-with-SUPER-MONKEYS", "-with-SUPER-MONKEYS-pc58ag80a8qai00g7n9n"),
        ("MajiでKoiする5秒前", "MajiKoi5-783gue6qz075azm5e"),
        ("-> $1.00 <-", "-> $1.00 <--"),
    ]

    func testEncodesRFCSamples() {
        for (unicode, encoded) in rfcSamples {
            XCTAssertEqual(Punycode.encode(unicode), encoded, unicode)
        }
    }

    func testDecodesRFCSamples() {
        for (unicode, encoded) in rfcSamples {
            XCTAssertEqual(Punycode.decode(encoded), unicode, encoded)
        }
    }

    func testDecodesDigitsCaseInsensitively() {
        // The RFC's Russian sample is printed with an upper-case "D".
        XCTAssertEqual(Punycode.decode("b1abfaaepdrnnbgefbaDotcwatmq2g4l"), "почемужеонинеговорятпорусски")
    }

    func testCommonLabels() {
        XCTAssertEqual(Punycode.encode("bücher"), "bcher-kva")
        XCTAssertEqual(Punycode.encode("münchen"), "mnchen-3ya")
        XCTAssertEqual(Punycode.encode("faß"), "fa-hia")
        XCTAssertEqual(Punycode.decode("mnchen-3ya"), "münchen")
    }

    func testRejectsInvalidInput() {
        XCTAssertNil(Punycode.decode("bcher-kv!"), "not a base-36 digit")
        XCTAssertNil(Punycode.decode("bcher-k"), "ends in the middle of a number")
        XCTAssertNil(Punycode.decode("bü-kva"), "non-ASCII basic code point")
        XCTAssertNil(Punycode.decode("99999999999"), "overflow")
    }

    func testHostNameUsesIDNA() throws {
        let host = try HostName.parse("Bücher.example").get()
        XCTAssertEqual(host.ascii, "xn--bcher-kva.example")
        XCTAssertEqual(host.unicode, "bücher.example")
        let munich = try HostName.parse("MÜNCHEN.de").get()
        XCTAssertEqual(munich, HostName(ascii: "xn--mnchen-3ya.de", unicode: "münchen.de"))
        let fromPunycode = try HostName.parse("XN--MNCHEN-3YA.DE").get()
        XCTAssertEqual(fromPunycode, munich)
        let cyrillicTLD = try HostName.parse("пример.рф").get()
        XCTAssertEqual(cyrillicTLD.ascii, "xn--e1afmkfd.xn--p1ai")
    }

    func testHostNameRejections() {
        XCTAssertEqual(HostName.parse(""), .failure(.empty))
        XCTAssertEqual(HostName.parse("192.0.2.1"), .failure(.reason("is an IP address; use the site's name")))
        XCTAssertEqual(HostName.parse("[2001:db8::1]"), .failure(.reason("is an IP address; use the site's name")))
        XCTAssertEqual(HostName.parse("localhost"), .failure(.reason("is not a full domain name (it has no dot)")))
        XCTAssertEqual(
            HostName.parse("example.123"), .failure(.reason("does not end in a top-level domain of letters")))
        XCTAssertEqual(HostName.parse("a..example"), .failure(.reason("has an empty label (two dots in a row)")))
        XCTAssertEqual(
            HostName.parse("ex_ample.com"), .failure(.reason("contains '_', which host names cannot contain")))
        XCTAssertEqual(HostName.parse("-example.com"), .failure(.reason("has a label that starts or ends with '-'")))
        XCTAssertEqual(
            HostName.parse("xn--zz.com"), .failure(.reason("has a label 'xn--zz' that is not valid Punycode")))
        XCTAssertEqual(
            HostName.parse("ex♥ample.com"),
            .failure(.reason("contains '♥' (U+2665), which host names cannot contain")))
        XCTAssertEqual(
            HostName.parse(Substring(String(repeating: "a", count: 64) + ".com")),
            .failure(.reason("has a label longer than 63 characters")))
    }

    func testTrailingDotIsDropped() throws {
        XCTAssertEqual(try HostName.parse("Example.COM.").get(), HostName(ascii: "example.com", unicode: "example.com"))
    }
}
