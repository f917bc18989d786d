// swift-tools-version:6.0
import PackageDescription

// The ONNX reader's libFuzzer target (Fuzz/run-onnx-fuzzer.sh builds it with
// -sanitize=fuzzer,address). A package of its own so that the project's `swift build` never links
// a program that needs libFuzzer; it uses ONNXImport and Estimation from the project at ../.. .
let package = Package(
    name: "ONNXImportFuzz",
    dependencies: [.package(name: "Abacus", path: "../..")],
    targets: [
        .systemLibrary(name: "CLibFuzzer", path: "CLibFuzzer"),
        .executableTarget(
            name: "ONNXImportFuzz",
            dependencies: [
                "CLibFuzzer",
                .product(name: "ONNXImport", package: "Abacus"),
                .product(name: "Estimation", package: "Abacus"),
            ],
            path: ".",
            exclude: ["CLibFuzzer", "corpus", "make_seeds.py", "onnx.dict", "Package.resolved"],
            sources: ["main.swift"]
        ),
    ]
)
