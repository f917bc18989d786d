// swift-tools-version:6.1
import PackageDescription

// The benchmarks live in their own package so the product never depends on benchmark tooling
// (Hummingbird, SwiftNIO). It builds the very same EstimationAPI the product serves.
//
// ordo-one/package-benchmark 1.38.1 cannot be resolved here: on Linux with Swift 6.3 its manifest
// adds ordo-one/swift-runtime-interposer unconditionally, and that repository is not in the local
// package mirror. `EstimatorBenchmarks` therefore carries its own small harness (warm-up,
// calibrated batches, thousands of samples, percentiles); see BENCHMARKS.md.
let package = Package(
    name: "AbacusBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Abacus", path: ".."),
        // The reference transport. Its default traits pull swift-configuration and full Foundation
        // into the build, which the reference server does not use.
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1", traits: []),
        // HTTPField names for the response headers (both already Hummingbird dependencies).
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        // MultiThreadedEventLoopGroup, to size Hummingbird's event loops like our queues.
        .package(url: "https://github.com/apple/swift-nio", from: "2.0.0"),
    ],
    targets: [
        // The same EstimationService behind Hummingbird 2: the only difference measured is the server.
        .executableTarget(
            name: "HummingbirdReference",
            dependencies: [
                .product(name: "EstimationAPI", package: "Abacus"),
                .product(name: "HTTPCore", package: "Abacus"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // The estimator's and the request path's own cost, without sockets.
        .executableTarget(
            name: "EstimatorBenchmarks",
            dependencies: [
                .product(name: "Estimation", package: "Abacus"),
                .product(name: "EstimationAPI", package: "Abacus"),
                .product(name: "HTTPCore", package: "Abacus"),
            ]
        ),
    ]
)
