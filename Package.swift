// swift-tools-version: 6.1
import PackageDescription

/// Every dependency edge is written down, and every target is Swift 6 with the same upcoming features.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "tracelink",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "tracelink", targets: ["tracelink"]),
        .library(name: "TraceLinkCore", targets: ["TraceLinkCore"]),
        .library(name: "TraceLinkOTLP", targets: ["TraceLinkOTLP"]),
        .library(name: "TraceLinkAPIModels", targets: ["TraceLinkAPIModels"]),
        .library(name: "TraceLinkSources", targets: ["TraceLinkSources"]),
        .library(name: "TraceLinkServer", targets: ["TraceLinkServer"]),
        .library(name: "TraceLinkAgent", targets: ["TraceLinkAgent"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/grpc/grpc-swift-2", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport", from: "2.9.2"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf", from: "2.4.1"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CSystemd",
            pkgConfig: "libsystemd",
            providers: [.apt(["libsystemd-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // A header only: CPU instructions Swift does not reach (prefetch, SSE2 byte masks for quotes and ASCII).
        .systemLibrary(name: "CIntrinsics"),
        .target(
            name: "TraceLinkCore",
            dependencies: [
                "CIntrinsics",
                .product(name: "Collections", package: "swift-collections"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TraceLinkAPIModels",
            dependencies: ["TraceLinkCore"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TraceLinkOTLP",
            dependencies: [
                "TraceLinkCore",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
            ],
            exclude: ["Generated/README.md"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TraceLinkSources",
            dependencies: [
                "TraceLinkCore",
                "CSystemd",
                "CZlib",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TraceLinkServer",
            dependencies: [
                "TraceLinkCore",
                "TraceLinkOTLP",
                "TraceLinkAPIModels",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            exclude: ["UI/Assets"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TraceLinkAgent",
            dependencies: [
                "CSystemd",
                "TraceLinkCore",
                "TraceLinkOTLP",
                "TraceLinkSources",
                "TraceLinkServer",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "tracelink",
            dependencies: [
                "TraceLinkAgent",
                "TraceLinkCore",
                "TraceLinkAPIModels",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TraceLinkCoreTests",
            dependencies: [
                "TraceLinkCore",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TraceLinkAPIModelsTests",
            dependencies: ["TraceLinkAPIModels", "TraceLinkCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TraceLinkOTLPTests",
            dependencies: ["TraceLinkOTLP", "TraceLinkCore", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TraceLinkSourcesTests",
            dependencies: ["TraceLinkSources", "TraceLinkCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TraceLinkServerTests",
            dependencies: [
                "TraceLinkServer", "TraceLinkOTLP", "TraceLinkCore", "TraceLinkAPIModels",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TraceLinkAgentTests",
            dependencies: ["TraceLinkAgent", "TraceLinkCore", "TraceLinkServer", "TraceLinkSources"],
            swiftSettings: swiftSettings
        ),
    ]
)
