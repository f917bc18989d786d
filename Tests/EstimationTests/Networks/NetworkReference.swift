import Foundation
@testable import Estimation

/// The ground truth in `Tests/NetworkReference/` (written by the generators beside it, from
/// torchvision and pycls themselves): decoded once for the parameterised tests.
enum NetworkReference {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Networks
        .deletingLastPathComponent()  // EstimationTests
        .deletingLastPathComponent()  // Tests
        .appendingPathComponent("NetworkReference")

    static func load<Document: Decodable>(_ file: String, as type: Document.Type) throws -> Document {
        try JSONDecoder().decode(Document.self, from: Data(contentsOf: directory.appendingPathComponent(file)))
    }

    // MARK: torchvision.json

    struct TorchvisionFile: Decodable {
        var presets: [TorchvisionCase]
        var extra: [TorchvisionCase]
    }

    struct TorchvisionCase: Decodable, Sendable, CustomStringConvertible {
        var name: String
        var input: [Int]
        var parameters: Int
        var macs: Int
        /// Absent where attention runs inside nn.MultiheadAttention (no hook sees its products).
        var conv_linear_pool_outputs: Int?

        var description: String { "\(name) \(input)" }
    }

    static let torchvision: TorchvisionFile? = try? load("torchvision.json", as: TorchvisionFile.self)

    // MARK: pycls_zoo.json

    struct ZooFile: Decodable {
        var models: [ZooCase]
    }

    struct ZooCase: Decodable, Sendable, CustomStringConvertible {
        var name: String
        var im_size: Int
        var flops: Int
        var params: Int
        var acts: Int
        var stages: Stages

        struct Stages: Decodable, Sendable {
            var ds: [Int]?
            var ws: [Int]?
            var gws: [Int]?
            var stem_w: Int?
            var head_w: Int?
        }

        var description: String { name }
    }

    static let zoo: ZooFile? = try? load("pycls_zoo.json", as: ZooFile.self)
}
