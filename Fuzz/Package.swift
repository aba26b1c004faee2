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

/// Each fuzz target and the tracelink libraries it calls.
let fuzzTargets: [(name: String, libraries: [String])] = [
    ("FuzzOTLPProtobuf", ["TraceLinkOTLP", "TraceLinkCore"]),
    ("FuzzOTLPJSON", ["TraceLinkOTLP", "TraceLinkCore"]),
    ("FuzzExtractor", ["TraceLinkCore"]),
    ("FuzzConfig", ["TraceLinkAgent"]),
    ("FuzzAPIQuery", ["TraceLinkServer", "TraceLinkCore"]),
]

let package = Package(
    name: "tracelink-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "tracelink", path: "../")
    ],
    targets: fuzzTargets.map { target in
        .executableTarget(
            name: target.name,
            dependencies: target.libraries.map { .product(name: $0, package: "tracelink") },
            swiftSettings: swiftSettings
        )
    }
)
