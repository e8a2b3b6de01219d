import Foundation
import XCTest

@testable import WhoCardKit

/// The exports people really have: nested JSON under any wrapper, and mappings that name
/// columns or keys the export does not have.
final class RealWorldExportTests: XCTestCase {
    private func read(_ text: String, format: InputFormat, map: [String] = [], records: String? = nil) throws
        -> [ReadItem]
    {
        let reader = try ExportReader(
            data: Array(text.utf8), name: "export", format: format, fieldMap: try FieldMap.parse(mappings: map),
            records: records)
        var items: [ReadItem] = []
        while let item = try reader.next() { items.append(item) }
        return items
    }

    func testDottedMappingsReadNestedKeys() throws {
        let json = #"[{"user":{"uid":"u1","display":"Ann"},"links":{"tw":"https://x.com/ann","li":null}}]"#
        let items = try read(json, format: .json, map: ["id=user.uid", "name=User.Display", "twitter_url=links.tw"])
        XCTAssertEqual(summaries(items), ["record@1 id=u1 name=Ann twitter_url=https://x.com/ann"])
        // A profile without the nested object is read without those fields, not rejected.
        let partial = try read(
            #"[{"user":{"uid":"u1"},"links":{"tw":"https://x.com/a"}},{"user":{"uid":"u2"}}]"#, format: .json,
            map: ["id=user.uid", "twitter_url=links.tw"])
        XCTAssertEqual(summaries(partial), ["record@1 id=u1 twitter_url=https://x.com/a", "record@1 id=u2"])
        // A nested value of the wrong type rejects the row and names the path.
        let wrongType = try read(#"[{"user":{"uid":["u1"]}}]"#, format: .json, map: ["id=user.uid"])
        XCTAssertEqual(wrongType.first?.rejection?.rule, "row.json-type")
        XCTAssertEqual(wrongType.first?.rejection?.field, "user.uid")
    }

    func testRecordsNamesTheArrayInsideAWrapper() throws {
        let data = #"{"meta":{"count":2},"data":[{"id":"1"},{"id":"2"}],"next":null}"#
        XCTAssertEqual(
            summaries(try read(data, format: .json, records: "data")), ["record@1 id=1", "record@1 id=2"])
        let nested = """
            {"status": "ok", "response": {"page": 1, "items": [
              {"id": "1"},
              {"id": "2"}
            ], "more": false}, "tail": [1, 2]}
            """
        XCTAssertEqual(
            summaries(try read(nested, format: .json, records: "response.items")), ["record@2 id=1", "record@3 id=2"])
        // Without --records, such a wrapper says which option names its array.
        XCTAssertThrowsError(try read(data, format: .json)) { error in
            XCTAssertTrue("\(error)".contains("--records"), "\(error)")
        }
        XCTAssertThrowsError(try read(nested, format: .json, records: "response.data")) { error in
            XCTAssertTrue("\(error)".contains("response.data"), "\(error)")
        }
    }

    /// A mapping the export never has is a usage error naming the nearest names it does have.
    func testAMappingTheExportNeverHasIsAUsageError() throws {
        XCTAssertThrowsError(try read("id,Twiter Link\n1,x\n", format: .csv, map: ["twitter_url=Twitter Link"])) {
            error in
            XCTAssertEqual(
                error as? InputError,
                .mappedColumnMissing(path: "export", mapping: "twitter_url=Twitter Link", nearest: ["Twiter Link"]))
        }
        XCTAssertThrowsError(
            try read(#"[{"id":"1","links":{"twiter":"x"}}]"#, format: .json, map: ["twitter_url=links.twitter"])
        ) { error in
            guard case .mappedColumnMissing(_, let mapping, let nearest)? = error as? InputError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(mapping, "twitter_url=links.twitter")
            XCTAssertEqual(nearest.first, "links.twiter")
        }
        // Mapped keys that appear in any profile, even not the first, are fine.
        XCTAssertEqual(
            try read(#"[{"id":"1"},{"id":"2","tw":"https://x.com/b"}]"#, format: .json, map: ["twitter_url=tw"]).count,
            2)
    }
}
