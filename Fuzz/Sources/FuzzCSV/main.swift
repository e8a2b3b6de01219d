import FuzzSupport
import WhoCardKit

/// libFuzzer entry: reads the input as a csv export to the end.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzSupport.readAll(Array(FuzzSupport.bytes(data, size)), format: .csv)
    return 0
}

FuzzSupport.run(fuzz)
