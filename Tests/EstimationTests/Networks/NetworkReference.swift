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

extension NetworkReference {
    // MARK: pycls_scaling.json

    struct ScalingFile: Decodable {
        var bases: [ScalingBase]
    }

    struct ScalingBase: Decodable, Sendable {
        var name: String
        var complexity: Complexity
        var cases: [ScalingCase]
    }

    struct Complexity: Decodable, Sendable, Equatable {
        var flops: Int
        var params: Int
        var acts: Int
    }

    /// One scaling of a base: the strategy (letters, or alpha), pycls's scaled stages and complexity.
    struct ScalingCase: Decodable, Sendable, CustomStringConvertible {
        var base: String?
        var strategy: String?
        var alpha: Double?
        var scale_group_width: Bool
        var flops_multiplier: Double
        var factors: [String: Double]
        var stages: ScaledStages
        var complexity: Complexity

        struct ScaledStages: Decodable, Sendable {
            var depths: [Int]
            var widths: [Int]
            var group_ws: [Int]?
            var stem_w: Int?
            var head_w: Int?
            var im_size: Int
        }

        var description: String {
            "\(base ?? "") \(strategy ?? "alpha \(alpha ?? 0)") s=\(flops_multiplier) groups \(scale_group_width ? "scaled" : "kept")"
        }
    }

    static let scaling: ScalingFile? = try? load("pycls_scaling.json", as: ScalingFile.self)

    /// Every case, each with its base's name.
    static let scalingCases: [ScalingCase] = (scaling?.bases ?? []).flatMap { base in
        base.cases.map { scaled in
            var named = scaled
            named.base = base.name
            return named
        }
    }
}
