// swift-tools-version:6.0
import PackageDescription

// Dependencies point one way: abacus → ServiceHost → {EstimationAPI → {Estimation, HTTPCore},
// HTTPServer → HTTPCore} (abacus also names the modules it imports directly). HTTPCore is the one
// HTTP vocabulary, pure: the service and the server both speak it, so nothing translates between
// them. ServiceHost puts the service behind the server (configuration, logging, metrics); it is a
// library (not code inside the executable) so that end-to-end tests can start it in-process.
let package = Package(
    name: "Abacus",
    products: [
        .executable(name: "abacus", targets: ["abacus"]),
        // Libraries for the Benchmarks package, which puts the same service behind other transports.
        .library(name: "Estimation", targets: ["Estimation"]),
        .library(name: "EstimationAPI", targets: ["EstimationAPI"]),
        .library(name: "HTTPCore", targets: ["HTTPCore"]),
        .library(name: "HTTPServer", targets: ["HTTPServer"]),
        .library(name: "ServiceHost", targets: ["ServiceHost"]),
        .library(name: "Charts", targets: ["Charts"]),
        .library(name: "ONNXImport", targets: ["ONNXImport"]),
    ],
    dependencies: [
        // The CLI's `serve` and `estimate` commands: flags, env fallbacks and --help for free.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // ONNX models arrive as protocol buffers: ONNXImport decodes them with the generated message types.
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    ],
    targets: [
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "COpenSSL", path: "Sources/COpenSSL", providers: [.apt(["libssl-dev"])]),
        // epoll, eventfd and malloc_trim, which the Glibc module does not export.
        .systemLibrary(name: "CLinux", path: "Sources/CLinux"),

        .target(name: "Estimation"),
        // Pure: the standard library only (the fuzzer compiles its files on their own).
        .target(name: "HTTPCore"),
        .target(name: "HTTPServer", dependencies: ["HTTPCore", "CLinux", "CZlib", "COpenSSL"]),
        // ONNXImport: POST /v1/network reads an uploaded ONNX model (application/onnx) as its network.
        .target(name: "EstimationAPI", dependencies: ["Estimation", "HTTPCore", "Charts", "ONNXImport", "COpenSSL"]),
        // SVG charts from plain series: no dependency on Estimation, so the service adapts its results into them.
        .target(name: "Charts"),
        // ONNX graphs (torch.onnx.export) read into network specs; the message types are generated
        // once from onnx.proto and committed (Scripts/generate-onnx-protobuf.sh).
        .target(
            name: "ONNXImport",
            dependencies: ["Estimation", .product(name: "SwiftProtobuf", package: "swift-protobuf")]),
        // Regenerates docs/images/ from real estimates and H200 measurements (Scripts/render-chart-examples.sh).
        .executableTarget(name: "chart-examples", dependencies: ["Charts", "Estimation", "EstimationAPI"]),
        .target(
            name: "ServiceHost",
            dependencies: ["EstimationAPI", "HTTPServer", "HTTPCore"],
            // A symlink to the top-level openapi.yaml, compiled into the binary: one source of truth.
            resources: [.embedInCode("Resources/openapi.yaml")]
        ),
        .executableTarget(
            name: "abacus",
            dependencies: [
                "ServiceHost", "EstimationAPI", "Estimation", "HTTPServer", "HTTPCore", "COpenSSL",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Raw-socket HTTP/1.1 (and TLS) test clients, gunzip and a self-signed certificate maker, shared by the
        // server and end-to-end tests; not a product, so nothing shipped depends on it.
        .target(name: "HTTPTestSupport", dependencies: ["COpenSSL", "CZlib"], path: "Tests/HTTPTestSupport"),
        // The transformers ground truth (models.json, cases.json) and its one loader, for every test
        // target that checks against it; generate.py beside them is how the files are made.
        .target(
            name: "TransformersReference", dependencies: ["Estimation"], path: "Tests/TransformersReference",
            exclude: ["generate.py", "models.json", "cases.json", "training_memory.py", "training_memory.json"]),

        .testTarget(name: "EstimationTests", dependencies: ["Estimation", "TransformersReference"]),
        .testTarget(name: "HTTPCoreTests", dependencies: ["HTTPCore"]),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "HTTPCore", "HTTPTestSupport"]),
        .testTarget(name: "EstimationAPITests", dependencies: ["EstimationAPI", "HTTPCore", "Charts", "TransformersReference"]),
        .testTarget(name: "ChartsTests", dependencies: ["Charts"]),
        // ONNX exports of torchvision models (Tests/ONNXReference, made by generate_onnx.py there) against
        // the presets and torch's own counts.
        .testTarget(name: "ONNXImportTests", dependencies: ["ONNXImport", "Estimation"]),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["ServiceHost", "EstimationAPI", "HTTPServer", "HTTPCore", "HTTPTestSupport"]
        ),
    ]
)
