// swift-tools-version: 6.1
import PackageDescription

/// Micro benchmarks of tracelink's hot paths, with allocation counts checked against committed thresholds.
/// Run: `swift package --disable-sandbox benchmark` (from this folder), or `make bench-micro` at the root.
let package = Package(
    name: "tracelink-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "tracelink", path: "../"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    ],
    targets: [
        .executableTarget(
            name: "TraceLinkBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "TraceLinkCore", package: "tracelink"),
                .product(name: "TraceLinkOTLP", package: "tracelink"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Benchmarks/TraceLinkBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ]
)
