// swift-tools-version:6.0
// libFuzzer targets for whocard's readers, URL validator, renderer and clean-row proof (`make fuzz`).
// A separate package so the main build never needs the sanitizer flags; it uses the
// library's public API only. Build one target with:
//   swift build --package-path Fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld --product FuzzCSV
// (lld: gold fails with an internal error on the sanitized objects.)
// (no -parse-as-library: SwiftPM renames an executable's entry point, so each target both exports
// LLVMFuzzerTestOneInput for libFuzzer's main() and, in main.swift, hands it to LLVMFuzzerRunDriver.)
import PackageDescription

let fuzzTargets = ["FuzzCSV", "FuzzJSON", "FuzzJSONLines", "FuzzURL", "FuzzRender", "FuzzCleanRow"]

let package = Package(
    name: "whocard-fuzz",
    platforms: [.macOS(.v13)],
    products: fuzzTargets.map { .executable(name: $0, targets: [$0]) },
    dependencies: [.package(name: "whocard", path: "..")],
    targets: [
        .target(name: "CFuzzDriver"),
        .target(name: "FuzzSupport", dependencies: ["CFuzzDriver", .product(name: "WhoCardKit", package: "whocard")]),
    ]
        + fuzzTargets.map {
            .executableTarget(
                name: $0, dependencies: ["FuzzSupport", .product(name: "WhoCardKit", package: "whocard")])
        },
    swiftLanguageModes: [.v6]
)
