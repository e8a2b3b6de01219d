import FuzzSupport
import WhoCardKit

/// libFuzzer entry: the input split at NUL bytes fills a row's fields in ``Field`` order
/// (the id first); a row ``ProfileValidator/isCertainlyClean(_:)`` calls clean is validated.
///
/// Invariant: every row called clean is accepted by the validator without a finding, so
/// `whocard check`, which skips validating such rows, reports exactly what validating them would.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let parts = FuzzSupport.bytes(data, size).split(separator: 0, omittingEmptySubsequences: false)
    var values: [Field: String] = [:]
    for (field, part) in zip(Field.allCases, parts) {
        values[field] = String(decoding: part, as: UTF8.self)
    }
    let record = ProfileRecord(values)
    let validator = ProfileValidator()
    guard validator.isCertainlyClean(record) else { return 0 }
    let outcome = validator.validate(record, file: "fuzz")
    precondition(
        outcome.profile != nil && outcome.findings.isEmpty,
        "called clean, but the validator says \(outcome.findings.map(\.message))")
    return 0
}

FuzzSupport.run(fuzz)
