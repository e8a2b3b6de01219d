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
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.60.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.20.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
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
                // SHA-256 for the manifest (BoringSSL's, with the CPU's SHA instructions); already
                // built for async-http-client's TLS, so it costs no extra build time.
                .product(name: "Crypto", package: "swift-crypto"),
                // The preview server (`whocard preview --serve`).
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                // The online link check (`whocard check --online`).
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
            dependencies: [
                "WhoCardKit",
                // The outside judge our own Mustache engine is compared with (MustacheDifferentialTests).
                .product(name: "Mustache", package: "swift-mustache"),
            ],
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
