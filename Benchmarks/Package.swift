// swift-tools-version: 6.1
// Micro benchmarks of Parcours's storage encodings (ordo-one/benchmark).
// A separate package so that building and testing Parcours does not build the benchmark framework.
//
//   cd Benchmarks && swift package benchmark            # all benchmarks, release build
//   cd Benchmarks && swift package benchmark --filter "decode.*"
import PackageDescription

let package = Package(
    name: "ParcoursBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Parcours", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "Encodings",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Storage", package: "Parcours"),
                .product(name: "Bench", package: "Parcours"),
                .product(name: "Support", package: "Parcours"),
            ],
            path: "Benchmarks/Encodings",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
