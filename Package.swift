// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "whocard",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "whocard", targets: ["whocard"]),
        .library(name: "WhoCardKit", targets: ["WhoCardKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.20.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        .target(
            name: "WhoCardKit",
            dependencies: [
                "CCmark",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .executableTarget(
            name: "whocard",
            dependencies: [
                "WhoCardKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "whocard-bench",
            dependencies: ["WhoCardKit"]
        ),
        .testTarget(
            name: "WhoCardKitTests",
            dependencies: ["WhoCardKit"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "whocardTests",
            dependencies: ["whocard"],
            exclude: ["Scripts"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
