import Foundation

/// The exports in `Tests/ONNXReference/` and torch's counts of each (`cases.json`), written by
/// generate_onnx.py beside them.
enum ONNXReference {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // ONNXImportTests
        .deletingLastPathComponent()  // Tests
        .appendingPathComponent("ONNXReference")

    struct File: Decodable {
        var cases: [Case]
    }

    struct Case: Decodable, Sendable, CustomStringConvertible {
        var file: String
        var model: String
        /// unoptimized, default (BatchNorm folded into convolutions), torchscript, dynamic-batch.
        var variant: String
        /// The preset whose totals it should have, nil for a model of our own.
        var preset: String?
        var input: [Int]
        var parameters: Int
        var macs: Int
        var conv_linear_pool_outputs: Int?

        var description: String { file }

        /// Whether the export keeps every BatchNorm (the default export folds them into convolutions).
        var keepsBatchNorm: Bool { variant != "default" }

        func bytes() throws -> [UInt8] {
            [UInt8](try Data(contentsOf: ONNXReference.directory.appendingPathComponent("models").appendingPathComponent(file)))
        }
    }

    static let cases: [Case] = {
        guard let data = try? Data(contentsOf: directory.appendingPathComponent("cases.json")),
              let file = try? JSONDecoder().decode(File.self, from: data)
        else { return [] }
        return file.cases
    }()

    static func bytes(_ file: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent("models").appendingPathComponent(file)))
    }
}
