import ArgumentParser
import Estimation
import EstimationAPI
import Foundation

/// `abacus estimate`: the `POST /v1/estimate` answer in a terminal, computed in-process by the very
/// service the server runs, so the table (or `--json`) is byte for byte what the server returns.
struct Estimate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print every estimate for a model, without a server.",
        discussion: """
            Give the model as a preset name (GET /v1/models lists them), --hf-config with a Hugging Face \
            config.json, or --spec with a native spec JSON. Options left out take the service's defaults. \
            The training-time section needs --tokens and --hardware. Exits 1 with the problem's message \
            when the request is invalid.
            """)

    private static let memory = TrainingMemoryOptions()
    private static let parallel = Parallelism()
    private static let flops = FlopsOptions()
    private static let kvCache = KVCacheOptions()

    @Argument(help: "A model preset, e.g. llama-3-8b.") var model: String?
    @Option(help: ArgumentHelp("A Hugging Face config.json to import.", valueName: "path")) var hfConfig: String?
    @Option(help: ArgumentHelp("A native model spec (JSON), as /v1/models shows them.", valueName: "path")) var spec: String?

    @Option(help: "Sequences per micro-batch [batch_size]; default \(memory.batchSize).") var batchSize: JSONNumber?
    @Option(help: "Tokens per sequence [sequence_length]; default \(memory.sequenceLength).") var sequenceLength: JSONNumber?
    @Option(help: "Optimizer scheme [optimizer]: \(choices(OptimizerScheme.self)); default \(memory.optimizer.rawValue).") var optimizer: String?
    @Option(help: "Activation recomputation [activation_recompute]: \(choices(ActivationRecompute.self)); default \(memory.recompute.rawValue).")
    var recompute: String?
    @Option(help: "Whose modules run the training step [framework]: \(choices(TrainingFramework.self)); default \(memory.framework.rawValue).")
    var framework: String?
    @Flag(inversion: .prefixedNo, help: "Kernels that store no s×s scores [flash_attention]; default off (on with --framework huggingface).")
    var flashAttention: Bool?
    @Flag(inversion: .prefixedNo, help: "Dropout masks in activation memory [dropout]; default on.") var dropout: Bool?
    @Flag(inversion: .prefixedNo, help: "Halve the s² attention FLOPs [causal]; default off.") var causal: Bool?

    @Option(help: "Data-parallel ranks [parallelism.data]; default \(parallel.data).") var dataParallel: JSONNumber?
    @Option(help: "Tensor-parallel ranks [parallelism.tensor]; default \(parallel.tensor).") var tensorParallel: JSONNumber?
    @Option(help: "Pipeline stages [parallelism.pipeline]; default \(parallel.pipeline).") var pipelineParallel: JSONNumber?
    @Flag(inversion: .prefixedNo, help: "Sequence parallelism with tensor parallelism [parallelism.sequence_parallel]; default off.")
    var sequenceParallel: Bool?
    @Option(help: "ZeRO stage 0-3 [parallelism.zero_stage]; default \(parallel.zeroStage).") var zeroStage: JSONNumber?
    @Option(help: "Micro-batches per step [parallelism.micro_batches]; default: the pipeline depth.") var microBatches: JSONNumber?

    @Option(help: "A hardware preset (GET /v1/hardware lists them) for the fit verdicts and training time [hardware].")
    var hardware: String?
    @Option(help: ArgumentHelp(
        "Custom hardware instead of --hardware: a JSON object as the request's hardware field (memory_bytes, bandwidth_bytes_per_second, peak_flops_per_second; with preset, that preset's figures overridden).",
        valueName: "path"))
    var hardwareSpec: String?
    @Option(help: "Fraction of the accelerator's memory set aside before judging a fit [headroom]; default 0.") var headroom: JSONNumber?
    @Option(help: "KV cache data type [dtype]: \(choices(DataType.self)); default \(kvCache.dtype.rawValue).") var kvDtype: String?
    @Option(help: "Data type of the weights beside the KV cache, with --hardware [weight_dtype]: \(choices(DataType.self)); default \(kvCache.weightDType.rawValue).")
    var weightDtype: String?

    @Option(help: "Training tokens; adds the training-time section [tokens].") var tokens: JSONNumber?
    @Option(help: "Accelerators training together [gpus]; default 1.") var gpus: JSONNumber?
    @Option(help: "Precision whose peak FLOP/s training time assumes [precision]: \(choices(Precision.self)); default bf16.") var precision: String?
    @Option(help: "Model FLOPs utilisation [mfu]; default 0.4.") var mfu: JSONNumber?
    @Option(help: "Achieved TFLOP/s per accelerator, instead of --mfu [achieved_tflops_per_gpu].") var achievedTflops: JSONNumber?

    @Flag(help: "Print the JSON response instead of the table.") var json = false

    /// Config files are a few kilobytes; the server takes 1 MiB bodies.
    private static let maxFileBytes = 1 << 20

    func validate() throws {
        let given = [model != nil, hfConfig != nil, spec != nil].filter { $0 }.count
        guard given == 1 else {
            throw ValidationError("Give exactly one model: a preset name, --hf-config or --spec.")
        }
        if hardware != nil && hardwareSpec != nil {
            throw ValidationError("Give at most one of --hardware and --hardware-spec.")
        }
    }

    func run() throws {
        var body = RequestBody()
        let source = try modelSource()
        body.set(source.field, json: source.json)
        let fields = try self.fields()
        for field in fields {
            if let json = field.json { body.set(field.path, json: json) }
        }
        let service = EstimationService(configuration: ServiceConfiguration(cacheMaxEntries: 0))
        var output: [UInt8]
        do {
            output = try service.estimate(path: "/v1/estimate", body: Array(body.json.utf8), as: json ? .json : .text)
        } catch {
            FileHandle.standardError.write(Data(ProblemReport.message(error.document, flags: flagNames(source, fields)).utf8))
            throw ExitCode.failure
        }
        if output.last != UInt8(ascii: "\n") { output.append(UInt8(ascii: "\n")) }
        FileHandle.standardOutput.write(Data(output))
    }

    /// One option as a request field: its flag, its path in the body, and its JSON when given.
    private struct Field {
        var flag: String
        var path: String
        var json: String?
    }

    /// Throws when `--hardware-spec` cannot be read.
    private func fields() throws -> [Field] {
        let hardwareField = try hardwareSpec.map { path in
            Field(flag: "--hardware-spec", path: "hardware", json: try Self.jsonObjectFile(path))
        } ?? Field(flag: "--hardware", path: "hardware", json: hardware.map(JSONText.stringLiteral))
        return [
            Field(flag: "--batch-size", path: "batch_size", json: batchSize?.text),
            Field(flag: "--sequence-length", path: "sequence_length", json: sequenceLength?.text),
            Field(flag: "--optimizer", path: "optimizer", json: optimizer.map(JSONText.stringLiteral)),
            Field(flag: "--recompute", path: "activation_recompute", json: recompute.map(JSONText.stringLiteral)),
            Field(flag: "--framework", path: "framework", json: framework.map(JSONText.stringLiteral)),
            Field(flag: "--flash-attention", path: "flash_attention", json: flashAttention.map { String($0) }),
            Field(flag: "--dropout", path: "dropout", json: dropout.map { String($0) }),
            Field(flag: "--causal", path: "causal", json: causal.map { String($0) }),
            Field(flag: "--data-parallel", path: "parallelism.data", json: dataParallel?.text),
            Field(flag: "--tensor-parallel", path: "parallelism.tensor", json: tensorParallel?.text),
            Field(flag: "--pipeline-parallel", path: "parallelism.pipeline", json: pipelineParallel?.text),
            Field(flag: "--sequence-parallel", path: "parallelism.sequence_parallel", json: sequenceParallel.map { String($0) }),
            Field(flag: "--zero-stage", path: "parallelism.zero_stage", json: zeroStage?.text),
            Field(flag: "--micro-batches", path: "parallelism.micro_batches", json: microBatches?.text),
            hardwareField,
            Field(flag: "--headroom", path: "headroom", json: headroom?.text),
            Field(flag: "--kv-dtype", path: "dtype", json: kvDtype.map(JSONText.stringLiteral)),
            Field(flag: "--weight-dtype", path: "weight_dtype", json: weightDtype.map(JSONText.stringLiteral)),
            Field(flag: "--tokens", path: "tokens", json: tokens?.text),
            Field(flag: "--gpus", path: "gpus", json: gpus?.text),
            Field(flag: "--precision", path: "precision", json: precision.map(JSONText.stringLiteral)),
            Field(flag: "--mfu", path: "mfu", json: mfu?.text),
            Field(flag: "--achieved-tflops", path: "achieved_tflops_per_gpu", json: achievedTflops?.text),
        ]
    }

    /// Request fields → the flags that set them, for error messages.
    private func flagNames(_ source: (field: String, json: String, flag: String), _ fields: [Field]) -> [String: String] {
        var names = [source.field: source.flag]
        for field in fields { names[field.path] = field.flag }
        return names
    }

    /// The model's member of the body: a preset name, or a file's JSON object as it is.
    private func modelSource() throws -> (field: String, json: String, flag: String) {
        if let hfConfig { return ("hf_config", try Self.jsonObjectFile(hfConfig), "--hf-config") }
        if let spec { return ("model", try Self.jsonObjectFile(spec), "--spec") }
        return ("model", JSONText.stringLiteral(model ?? ""), "model")
    }

    /// A file's text, once it is known to hold one JSON object (so it cannot add other members).
    private static func jsonObjectFile(_ path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ConfigurationError("Cannot read \(path).") }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: maxFileBytes + 1)) ?? Data()
        guard data.count <= maxFileBytes else { throw ConfigurationError("\(path) is larger than \(maxFileBytes) bytes.") }
        guard (try? JSONSerialization.jsonObject(with: data)) is [String: Any] else {
            throw ConfigurationError("\(path) does not hold a JSON object.")
        }
        return String(decoding: data, as: UTF8.self)
    }

    private static func choices<Choice: CaseIterable & RawRepresentable>(_ type: Choice.Type) -> String
    where Choice.RawValue == String {
        Choice.allCases.map(\.rawValue).joined(separator: ", ")
    }
}
