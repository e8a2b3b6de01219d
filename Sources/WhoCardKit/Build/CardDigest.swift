/// One SHA-256 over a user's card files: each file's byte length in decimal, a newline, then
/// its bytes, in ``BuildPipeline/cardExtensions`` order. Any change to any file changes it.
enum CardDigest {
    static func of(_ contents: [String]) -> Digest {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(contents.reduce(0) { $0 + $1.utf8.count + 8 })
        for content in contents {
            bytes.append(contentsOf: String(content.utf8.count).utf8)
            bytes.append(UInt8(ascii: "\n"))
            bytes.append(contentsOf: content.utf8)
        }
        return bytes.withUnsafeBytes { Digest(SHA256.digest($0)) }
    }
}
