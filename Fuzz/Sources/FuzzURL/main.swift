import FuzzSupport
import WhoCardKit

/// libFuzzer entry: validates the input as a URL, and as each link field of a profile.
///
/// Invariants: a normalised link validates again to itself (normalising is idempotent, the
/// length limit aside), and only http(s) links are accepted.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let value = String(decoding: FuzzSupport.bytes(data, size), as: UTF8.self)
    let validator = URLValidator()
    if case .success(let checked) = validator.validate(value) {
        let normalized = checked.link.normalized
        precondition(normalized.hasPrefix("https://") || normalized.hasPrefix("http://"), "accepted \(normalized)")
        // The 2,048 limit is on what the user wrote; percent-encoding can make the link longer
        // (crash-99515526: 300 non-ASCII characters), so it does not apply to the second pass.
        var again = validator
        again.maxLength = .max
        switch again.validate(normalized) {
        case .success(let again):
            precondition(
                again.link.normalized == normalized, "not idempotent: \(normalized) -> \(again.link.normalized)")
        case .failure(let violation):
            preconditionFailure("normalised link \(normalized) is rejected: \(violation)")
        }
    }
    var record = ProfileRecord([.id: "fuzz"])
    for field in Field.allCases where field.isURL { record[field] = value }
    _ = ProfileValidator().validate(record, file: "fuzz")
    return 0
}

FuzzSupport.run(fuzz)
