import ArgumentParser
import Estimation
import EstimationAPI
import Foundation
import HTTPCore

/// The convolutional network `/v1/network` and `/v1/scaling` estimate [network]: a preset or a
/// spec file (or, for `network`, an ONNX model: `ONNXFlag`).
struct NetworkSubjectFlags: RequestFlags {
    @Argument(help: "A network preset, e.g. resnet50 (abacus networks lists them).") var network: String?
    @Option(help: ArgumentHelp(
        "A network spec (JSON) instead of a preset [network]: {input, layers} for `network`, stages {family, …} for `scaling`; - reads standard input.",
        valueName: "path"))
    var spec: String?

    /// Whether one of the two is given: with `network --onnx` neither is, and the group is not read.
    var isGiven: Bool { network != nil || spec != nil }

    func validate() throws {
        guard network == nil || spec == nil else { throw Self.exactlyOne }
    }

    private static let exactlyOne = ValidationError("Give exactly one network: a preset name or --spec.")

    func fields(_ files: inout InputFiles) throws -> [RequestField] {
        guard isGiven else { throw Self.exactlyOne }
        if let spec { return [RequestField("--spec", "network", json: try files.jsonObject(spec, flag: "--spec"))] }
        return [RequestField("network", "network", string: network)]
    }
}

/// `abacus network --onnx model.onnx`: the model is the request's body, as `POST /v1/network` with
/// `Content-Type: application/onnx` reads it, and the other flags are its fields (docs/onnx.md).
struct ONNXFlag: ParsableArguments {
    @Option(help: ArgumentHelp(
        "An ONNX model (torch.onnx.export) instead of a preset or --spec; --input gives the shape where its input's dimensions are symbolic.",
        valueName: "path"))
    var onnx: String?

    /// The file's bytes, within what the service reads.
    func model() throws -> [UInt8]? {
        guard let onnx else { return nil }
        let limit = EstimationService.uploadBodyLimits[.onnx] ?? 0
        guard let handle = FileHandle(forReadingAtPath: onnx) else { throw ConfigurationError("--onnx \(onnx): cannot read the file.") }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: limit + 1)) ?? Data()
        guard data.count <= limit else {
            throw ConfigurationError("--onnx \(onnx): larger than \(limit) bytes; export without the weights (docs/onnx.md).")
        }
        return Array(data)
    }
}

/// What `/v1/network` reads beside the network [input, batch_size, dtype, precision, optimizer].
struct NetworkFlags: RequestFlags {
    @Option(help: ArgumentHelp("Replaces a preset's input shape, without the batch [input], e.g. 3,299,299.", valueName: "c,h,w"))
    var input: String?
    @Option(help: "Images per batch [batch_size]; default \(NetworkOptions().batchSize).") var batchSize: JSONNumber?
    @Option(help: "Storage of weights and activations [dtype]: \(choices(DataType.self)); default \(NetworkOptions().dtype.rawValue).") var dtype: String?
    @Option(help: "Peak the roofline uses [precision]: \(choices(Precision.self)); default: the dtype's own.") var precision: String?
    @Option(help: "Optimizer of the training memory [optimizer]: \(choices(OptimizerScheme.self)); default \(NetworkOptions().optimizer.rawValue).")
    var optimizer: String?

    /// The shape as a JSON array of numbers as typed.
    private var inputJSON: String? {
        get throws {
            guard let input else { return nil }
            let numbers = input.split(separator: ",", omittingEmptySubsequences: false).map { JSONNumber(argument: String($0)) }
            guard !numbers.isEmpty, numbers.allSatisfy({ $0 != nil }) else {
                throw ValidationError("--input must be numbers separated by commas (e.g. 3,224,224), got \"\(input)\".")
            }
            return "[" + numbers.compactMap { $0?.text }.joined(separator: ",") + "]"
        }
    }

    func validate() throws {
        _ = try inputJSON
    }

    func fields(_ files: inout InputFiles) throws -> [RequestField] {
        [
            RequestField("--input", "input", json: try inputJSON),
            RequestField("--batch-size", "batch_size", batchSize),
            RequestField("--dtype", "dtype", string: dtype),
            RequestField("--precision", "precision", string: precision),
            RequestField("--optimizer", "optimizer", string: optimizer),
        ]
    }
}

/// What `/v1/scaling` reads beside the network [flops_multiplier, strategy, alpha, scale_group_width].
struct ScalingFlags: RequestFlags {
    @Option(help: "How many times the FLOPs to scale to [flops_multiplier], e.g. 4.") var flopsMultiplier: JSONNumber?
    @Option(help: "Which dimensions grow [strategy]: d, w, r, dw, dr, wr or dwr; or give --alpha.") var strategy: String?
    @Option(help: "The paper's fast compound scaling instead of --strategy [alpha], e.g. 0.8.") var alpha: JSONNumber?
    @Flag(inversion: .prefixedNo, help: "Scale group widths with the widths [scale_group_width]; default on.") var scaleGroupWidth: Bool?

    func fields(_ files: inout InputFiles) -> [RequestField] {
        [
            RequestField("--flops-multiplier", "flops_multiplier", flopsMultiplier),
            RequestField("--strategy", "strategy", string: strategy),
            RequestField("--alpha", "alpha", alpha),
            RequestField("--scale-group-width", "scale_group_width", bool: scaleGroupWidth),
        ]
    }
}
