// swift-tools-version: 6.1
import PackageDescription

/// libFuzzer targets for tracelink's parsers of untrusted input, one executable each, calling public API only.
/// Build and run: `scripts/fuzz.sh TARGET SECONDS` at the root (it passes `-sanitize=fuzzer,address`).
/// Seeds live in `Corpus/<Target>/`.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "tracelink-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "tracelink", path: "../")
    ],
    targets: [
        .executableTarget(
            name: "FuzzOTLPProtobuf",
            dependencies: [
                .product(name: "TraceLinkOTLP", package: "tracelink"),
                .product(name: "TraceLinkCore", package: "tracelink"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "FuzzOTLPJSON",
            dependencies: [
                .product(name: "TraceLinkOTLP", package: "tracelink"),
                .product(name: "TraceLinkCore", package: "tracelink"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "FuzzExtractor",
            dependencies: [.product(name: "TraceLinkCore", package: "tracelink")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "FuzzConfig",
            dependencies: [.product(name: "TraceLinkAgent", package: "tracelink")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "FuzzAPIQuery",
            dependencies: [
                .product(name: "TraceLinkServer", package: "tracelink"),
                .product(name: "TraceLinkCore", package: "tracelink"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
