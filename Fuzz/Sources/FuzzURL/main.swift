import FuzzSupport
import WhoCardKit

/// libFuzzer entry: validates the input as a URL, and as each link field of a profile.
///
/// Invariants: a normalised link validates again to itself (normalising is idempotent), and
/// only http(s) links are accepted.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let value = String(decoding: FuzzSupport.bytes(data, size), as: UTF8.self)
    let validator = URLValidator()
    if case .success(let checked) = validator.validate(value) {
        let normalized = checked.link.normalized
        precondition(normalized.hasPrefix("https://") || normalized.hasPrefix("http://"), "accepted \(normalized)")
        switch validator.validate(normalized) {
        case .success(let again):
            precondition(again.link.normalized == normalized, "not idempotent: \(normalized) -> \(again.link.normalized)")
        case .failure(let violation):
            preconditionFailure("normalised link \(normalized) is rejected: \(violation)")
        }
    }
    var record = ProfileRecord([.id: "fuzz"])
    for field in Field.allCases where field.isURL { record.values[field.index] = value }
    _ = ProfileValidator().validate(record, file: "fuzz")
    return 0
}

FuzzSupport.run(fuzz)
