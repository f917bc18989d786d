@testable import EstimationAPI
import Foundation
import HTTPTestSupport
import Testing

/// The command layer (docs/cli.md): a command per estimate route that prints the server's own
/// answer, the catalogues without a server, input files (stdin, malformed JSON), exit statuses and
/// the `--require-fit` gate, all through the built executable.
@Suite(.enabled(if: AbacusBinary.built != nil, "the abacus executable is not beside the test bundle; `swift build` builds it"))
struct CommandLineTests {
    private func abacus(_ arguments: [String], standardInput: String = "/dev/null") throws -> (status: Int32?, stdout: String, stderr: String) {
        try #require(AbacusBinary.built).run(arguments, standardInput: standardInput)
    }

    /// A scratch directory with `files` written into it, removed after `body`.
    private func withFiles<Result>(_ files: [String: String], _ body: (URL) throws -> Result) throws -> Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("abacus-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, text) in files { try Data(text.utf8).write(to: directory.appendingPathComponent(name)) }
        return try body(directory)
    }

    // MARK: - A command per route

    /// A route the service registers without a command here is a route the terminal cannot reach:
    /// `abacus --help` names each command's route.
    @Test func everyEstimateRouteHasACommand() throws {
        let help = try abacus(["--help"])
        #expect(help.status == 0)
        // The help wraps its lines wherever it likes.
        let text = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for endpoint in EstimateEndpoints.all {
            #expect(text.contains("(POST \(endpoint.path))"), "no command for \(endpoint.path)")
        }
        for catalogue in ["/v1/models", "/v1/hardware", "/v1/networks"] {
            #expect(text.contains("(GET \(catalogue))"))
        }
    }

    /// Every flag of every command, each with a value its route accepts: the command exits 0 and
    /// prints byte for byte what the server answers for the body those flags stand for, so no flag
    /// sends a field its route does not read (that would be a 422) or spells one differently.
    @Test(arguments: [
        (["params", "llama-2-7b"], "/v1/parameters", #"{"model":"llama-2-7b"}"#),
        (
            ["memory", "llama-3-8b", "--batch-size", "2", "--sequence-length", "4096", "--optimizer", "adamw-fp32",
             "--recompute", "selective", "--flash-attention", "--no-dropout", "--data-parallel", "4", "--tensor-parallel", "2",
             "--pipeline-parallel", "2", "--sequence-parallel", "--zero-stage", "1", "--micro-batches", "4",
             "--hardware", "h100-sxm", "--headroom", "0.1"],
            "/v1/memory/training",
            #"{"model":"llama-3-8b","batch_size":2,"sequence_length":4096,"optimizer":"adamw-fp32","activation_recompute":"selective","flash_attention":true,"dropout":false,"parallelism":{"data":4,"tensor":2,"pipeline":2,"sequence_parallel":true,"zero_stage":1,"micro_batches":4},"hardware":"h100-sxm","headroom":0.1}"#
        ),
        (
            ["flops", "gpt2", "--batch-size", "4", "--sequence-length", "1024", "--causal", "--recompute", "full"],
            "/v1/flops", #"{"model":"gpt2","batch_size":4,"sequence_length":1024,"causal":true,"activation_recompute":"full"}"#
        ),
        (
            ["training-time", "llama-3-8b", "--sequence-length", "8192", "--recompute", "full", "--causal", "--hardware", "h200-sxm",
             "--tokens", "15e12", "--gpus", "1024", "--precision", "fp8", "--achieved-tflops", "400"],
            "/v1/training-time",
            #"{"model":"llama-3-8b","sequence_length":8192,"activation_recompute":"full","causal":true,"hardware":"h200-sxm","tokens":15e12,"gpus":1024,"precision":"fp8","achieved_tflops_per_gpu":400}"#
        ),
        (
            ["kv-cache", "llama-3-8b", "--batch-size", "8", "--sequence-length", "8192", "--kv-dtype", "fp8", "--weight-dtype", "fp8",
             "--hardware", "h100-sxm", "--headroom", "0.05"],
            "/v1/kv-cache",
            #"{"model":"llama-3-8b","batch_size":8,"sequence_length":8192,"dtype":"fp8","weight_dtype":"fp8","hardware":"h100-sxm","headroom":0.05}"#
        ),
        (
            ["network", "resnet50", "--input", "3,160,160", "--batch-size", "8", "--dtype", "bf16", "--precision", "bf16",
             "--optimizer", "adamw-16", "--hardware", "a100-sxm-80gb"],
            "/v1/network",
            #"{"network":"resnet50","input":[3,160,160],"batch_size":8,"dtype":"bf16","precision":"bf16","optimizer":"adamw-16","hardware":"a100-sxm-80gb"}"#
        ),
        (
            ["scaling", "pycls-regnety-400mf", "--flops-multiplier", "4", "--strategy", "dw", "--no-scale-group-width"],
            "/v1/scaling", #"{"network":"pycls-regnety-400mf","flops_multiplier":4,"strategy":"dw","scale_group_width":false}"#
        ),
        (
            ["scaling", "pycls-regnety-400mf", "--flops-multiplier", "4", "--alpha", "0.8"],
            "/v1/scaling", #"{"network":"pycls-regnety-400mf","flops_multiplier":4,"alpha":0.8}"#
        ),
        (
            ["estimate", "llama-3-8b", "--causal", "--kv-dtype", "fp8", "--hardware", "h100-sxm", "--tokens", "1e12", "--gpus", "8",
             "--data-parallel", "8", "--mfu", "0.45", "--precision", "bf16"],
            "/v1/estimate",
            #"{"model":"llama-3-8b","causal":true,"dtype":"fp8","hardware":"h100-sxm","tokens":1e12,"gpus":8,"parallelism":{"data":8},"mfu":0.45,"precision":"bf16"}"#
        ),
        (
            ["roofline", "--hardware", "i9-10980xe", "--precision", "fp32", "--operator", "OP4:2.346e9:1e9", "--operator", "a:b:6.9e10:1e8"],
            "/v1/roofline",
            #"{"hardware":"i9-10980xe","precision":"fp32","operators":[{"name":"OP4","flops":2.346e9,"bytes":1e9},{"name":"a:b","flops":6.9e10,"bytes":1e8}]}"#
        ),
        (
            ["inference", "llama-3-8b", "--batch-size", "4", "--prompt-tokens", "2048", "--generated-tokens", "128", "--weight-dtype", "fp8",
             "--activation-dtype", "bf16", "--kv-dtype", "fp8", "--no-flash-attention", "--causal", "--prefill-logits", "last",
             "--tensor-parallel", "2", "--sweep-max-batch", "16", "--hardware", "h200-sxm", "--headroom", "0.05",
             "--compute-efficiency", "0.7", "--bandwidth-efficiency", "0.9", "--kernel-overhead", "5e-6", "--gpu-memory-utilization", "0.85",
             "--free-gpu-memory-fraction", "0.8", "--training-sequence-length", "4096", "--training-batch-size", "2",
             "--training-optimizer", "adamw-fp32", "--training-recompute", "full", "--no-training-flash-attention", "--training-dropout"],
            "/v1/inference",
            #"{"model":"llama-3-8b","batch_size":4,"prompt_tokens":2048,"generated_tokens":128,"weight_dtype":"fp8","activation_dtype":"bf16","kv_cache_dtype":"fp8","flash_attention":false,"causal":true,"prefill_logits":"last","tensor_parallel":{"degree":2},"batch_sweep":{"max_batch":16},"hardware":"h200-sxm","headroom":0.05,"efficiency":{"compute":0.7,"bandwidth":0.9,"kernel_overhead_seconds":5e-6},"serving":{"gpu_memory_utilization":0.85,"free_gpu_memory_fraction":0.8},"training":{"sequence_length":4096,"batch_size":2,"optimizer":"adamw-fp32","activation_recompute":"full","flash_attention":false,"dropout":true}}"#
        ),
        (
            ["fits", "--model", "llama-3-8b", "--model", "llama-3-70b", "--hardware", "h100-sxm", "--hardware", "h200-sxm", "--batch-size", "2",
             "--sequence-length", "4096", "--optimizer", "adamw-fp32", "--framework", "megatron", "--flash-attention", "--no-dropout",
             "--recompute", "selective", "--data-parallel", "4", "--tensor-parallel", "2", "--pipeline-parallel", "2", "--sequence-parallel",
             "--zero-stage", "1", "--micro-batches", "4", "--headroom", "0.1"],
            "/v1/fits",
            #"{"models":["llama-3-8b","llama-3-70b"],"accelerators":["h100-sxm","h200-sxm"],"batch_size":2,"sequence_length":4096,"optimizer":"adamw-fp32","framework":"megatron","flash_attention":true,"dropout":false,"activation_recompute":"selective","parallelism":{"data":4,"tensor":2,"pipeline":2,"sequence_parallel":true,"zero_stage":1,"micro_batches":4},"headroom":0.1}"#
        ),
    ])
    func commandPrintsTheServersAnswer(arguments: [String], path: String, body: String) throws {
        try expectServersAnswer(arguments, path: path, body: body)
    }

    /// `--operators` reads a JSON array (here from standard input), and `--operator`s follow its items.
    @Test func operatorsFromAFileAndTyped() throws {
        let file = #"  [{"name": "OP4", "flops": 2.346e9, "bytes": 1e9}]"# + "\n"
        try withFiles(["operators.json": file, "empty.json": "[ ]", "object.json": #"{"name": "OP4"}"#]) { directory in
            try expectServersAnswer(
                ["roofline", "--hardware", "i9-10980xe", "--operators", "-", "--operator", "gemm:6.9e10:1e8"],
                standardInput: directory.appendingPathComponent("operators.json").path, path: "/v1/roofline",
                body: #"{"hardware":"i9-10980xe","operators":[{"name":"OP4","flops":2.346e9,"bytes":1e9},{"name":"gemm","flops":6.9e10,"bytes":1e8}]}"#)
            try expectServersAnswer(
                ["roofline", "--hardware", "i9-10980xe", "--operators", directory.appendingPathComponent("empty.json").path, "--operator", "gemm:6.9e10:1e8"],
                path: "/v1/roofline", body: #"{"hardware":"i9-10980xe","operators":[{"name":"gemm","flops":6.9e10,"bytes":1e8}]}"#)

            let object = try abacus(["roofline", "--hardware", "h100-sxm", "--operators", directory.appendingPathComponent("object.json").path])
            #expect(object.status == 2)
            #expect(object.stderr.contains("object.json: holds an object, not a JSON array"), "\(object.stderr)")
            let refused = try abacus(["roofline", "--hardware", "h100-sxm", "--operator", "gemm:-1:1e8"])
            #expect(refused.status == 2)
            #expect(refused.stderr.contains("--operator [operators[0].flops]: "), "\(refused.stderr)")
        }
    }

    /// The command's `--json` is the server's JSON answer byte for byte, and its table the server's
    /// `text/plain` answer, for the body its flags stand for.
    private func expectServersAnswer(_ arguments: [String], standardInput: String = "/dev/null", path: String, body: String) throws {
        let json = try abacus(arguments + ["--json"], standardInput: standardInput)
        let table = try abacus(arguments, standardInput: standardInput)
        #expect(json.status == 0, "\(json.stderr)")
        #expect(table.status == 0, "\(table.stderr)")
        try withHost { client, _ in
            let server = try client.post(path, body)
            #expect(server.status == 200, "\(server.text)")
            #expect(json.stdout == server.text + "\n")
            let text = try client.post(path, body, headers: [("Content-Type", "application/json"), ("Accept", "text/plain")])
            #expect(table.stdout.trimmingCharacters(in: .newlines) == text.text.trimmingCharacters(in: .newlines))
        }
    }

    // MARK: - Catalogues

    @Test(arguments: [
        ("models", "/v1/models", "llama-3.1-8b", "131,072"), ("hardware", "/v1/hardware", "h200-sxm", "140.40 GiB"),
        ("networks", "/v1/networks", "resnet50", "25.56 M"),
    ])
    func catalogueListsWithoutAServer(command: String, path: String, name: String, figure: String) throws {
        let table = try abacus([command])
        #expect(table.status == 0)
        let row = try #require(table.stdout.split(separator: "\n").first { $0.hasPrefix(name + " ") })
        #expect(row.contains(figure))
        let json = try abacus([command, "--json"])
        #expect(json.status == 0)
        try withHost { client, _ in
            let server = try client.get(path)
            #expect(json.stdout == server.text + "\n")
            // A row per entry: the header and its rule, then the document's entries.
            let document = try #require(try JSONSerialization.jsonObject(with: Data(server.text.utf8)) as? [String: Any])
            let entries = try #require(document[String(path.dropFirst(4))] as? [Any])
            #expect(table.stdout.split(separator: "\n").count == entries.count + 2)
        }
    }

    // MARK: - Input files

    @Test func configFromStandardInputIsTheFilesAnswer() throws {
        try withFiles(["config.json": Reference.llama2ConfigJSON]) { directory in
            let path = directory.appendingPathComponent("config.json").path
            let fromFile = try abacus(["params", "--hf-config", path, "--json"])
            let fromStandardInput = try abacus(["params", "--hf-config", "-", "--json"], standardInput: path)
            #expect(fromFile.status == 0)
            #expect(fromStandardInput.status == 0)
            #expect(fromStandardInput.stdout == fromFile.stdout)
            #expect(fromFile.stdout.contains(#""total":\#(Reference.llama2Parameters)"#))

            let twice = try abacus(["estimate", "--hf-config", "-", "--hardware-spec", "-"], standardInput: path)
            #expect(twice.status == 2)
            #expect(twice.stderr.contains("--hardware-spec (standard input): standard input is already read by --hf-config"))
            let empty = try abacus(["estimate", "--hf-config", "-"])
            #expect(empty.status == 2)
            #expect(empty.stderr.contains("--hf-config (standard input): empty"))
        }
    }

    @Test func malformedFilesAreNamedWithWhereTheyBreak() throws {
        let files = [
            "comma.json": "{\n  \"model_type\": \"llama\",\n  \"hidden_size\": 4096,,\n}\n",
            "array.json": "[1, 2]", "truncated.json": "{\"model_type\": \"llama\"",
        ]
        try withFiles(files) { directory in
            func run(_ name: String, flag: String = "--hf-config") throws -> (status: Int32?, stdout: String, stderr: String) {
                try abacus(["estimate", flag, directory.appendingPathComponent(name).path])
            }
            let comma = try run("comma.json")
            #expect(comma.status == 2)
            #expect(comma.stderr.contains("--hf-config \(directory.path)/comma.json: line 3, column 23: "), "\(comma.stderr)")
            #expect(comma.stdout.isEmpty)
            let array = try run("array.json", flag: "--spec")
            #expect(array.status == 2)
            #expect(array.stderr.contains("array.json: holds an array, not a JSON object"))
            let truncated = try run("truncated.json")
            #expect(truncated.stderr.contains("truncated.json: line 1, column 23: "), "\(truncated.stderr)")
            let missing = try run("missing.json")
            #expect(missing.status == 2)
            #expect(missing.stderr.contains("missing.json: cannot read the file"))
        }
    }

    // MARK: - Exit statuses and the CI gate

    @Test func usageErrorsExitTwo() throws {
        for arguments in [
            ["estimate", "gpt2", "--no-such-flag"], ["estimate"], ["estimate", "gpt2", "--batch-size", "two"],
            ["network", "resnet50", "--input", "3,x"], ["estimate", "gpt2", "--sequence-length", "0"],
            ["roofline", "--hardware", "h100-sxm", "--operator", "gemm:1e9"], ["roofline", "--hardware", "h100-sxm", "--operator", "gemm:x:1"],
            ["roofline", "--hardware", "h100-sxm"], ["inference", "llama-3-8b"], ["fits", "--model", "gpt2"],
        ] {
            let result = try abacus(arguments)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(!result.stderr.isEmpty)
            #expect(result.stdout.isEmpty)
        }
    }

    /// Llama 3.1 8B at s 8192, b 2 under ZeRO-3 over 8 GPUs peaks under an H200's driver-reported
    /// capacity and over an H100's. (At b 3 the step's peak, 140.76 GiB, is 0.36 GiB over the H200.)
    @Test func requireFitGatesOnTrainingMemory() throws {
        let run = ["estimate", "llama-3.1-8b", "--sequence-length", "8192", "--batch-size", "2", "--flash-attention",
                   "--zero-stage", "3", "--data-parallel", "8", "--require-fit", "--hardware"]
        let fits = try abacus(run + ["h200-sxm"])
        #expect(fits.status == 0, "\(fits.stderr)")
        #expect(fits.stdout.contains("Training memory per GPU"))
        #expect(fits.stderr.isEmpty)

        let short = try abacus(run + ["h100-sxm", "--json"])
        #expect(short.status == 3)
        #expect(short.stdout.contains(#""fits":false"#))  // the answer is printed either way
        let lines = short.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("abacus: does not fit: training needs ") == true, "\(short.stderr)")
        #expect(short.stderr.contains("usable on h100-sxm"))

        let memory = try abacus(["memory", "llama-3-70b", "--hardware", "h100-sxm", "--require-fit"])
        #expect(memory.status == 3)
        #expect(memory.stderr.contains("training needs"))
    }

    @Test func requireFitGatesOnTheKVCache() throws {
        let kvCache = ["kv-cache", "llama-3-8b", "--sequence-length", "8192", "--hardware", "h100-sxm", "--require-fit", "--batch-size"]
        let long = try abacus(kvCache + ["96"])
        #expect(long.status == 3)
        #expect(long.stderr == "abacus: does not fit: the KV cache needs 96.00 GiB, 64.69 GiB available beside 14.96 GiB of weights on h100-sxm (64 sequences fit)\n")
        let short = try abacus(kvCache + ["64"])
        #expect(short.status == 0)

        // The weights alone overflow: no cache fits at all.
        let weights = try abacus(["kv-cache", "llama-3-70b", "--hardware", "h100-sxm", "--require-fit"])
        #expect(weights.status == 3)
        #expect(weights.stderr.contains("the weights alone need "), "\(weights.stderr)")

        // /v1/estimate judges both: the KV cache alone failing (fp32, 48 × 8192 tokens) fails the gate
        // while the training run, sharded 8 × 8, fits.
        let estimate = try abacus([
            "estimate", "llama-3-8b", "--batch-size", "48", "--sequence-length", "8192", "--kv-dtype", "fp32", "--flash-attention",
            "--recompute", "full", "--tensor-parallel", "8", "--sequence-parallel", "--zero-stage", "3", "--data-parallel", "8",
            "--hardware", "h100-sxm", "--require-fit",
        ])
        #expect(estimate.status == 3)
        #expect(estimate.stderr.contains("the KV cache needs 96.00 GiB"))
        #expect(!estimate.stderr.contains("training needs"))
    }

    /// Serving Llama 3 70B in bf16 needs its 141 GB of weights on one GPU: an H100 is short, two
    /// tensor-parallel halves fit; Llama 3 8B fits alone.
    @Test func requireFitGatesOnServingMemory() throws {
        let short = try abacus(["inference", "llama-3-70b", "--hardware", "h100-sxm", "--require-fit"])
        #expect(short.status == 3)
        #expect(short.stdout.contains("Memory"))  // the answer is printed either way
        #expect(short.stderr.hasPrefix("abacus: does not fit: serving needs "), "\(short.stderr)")
        #expect(short.stderr.contains("usable on h100-sxm"))
        #expect(short.stderr.split(separator: "\n").count == 1)

        let split = try abacus(["inference", "llama-3-70b", "--hardware", "h100-sxm", "--tensor-parallel", "4", "--require-fit"])
        #expect(split.status == 0, "\(split.stderr)")
        let small = try abacus(["inference", "llama-3-8b", "--hardware", "h100-sxm", "--require-fit", "--json"])
        #expect(small.status == 0, "\(small.stderr)")
    }

    /// Every cell of the grid is a verdict: one model short on one accelerator fails the gate, named.
    @Test func requireFitGatesOnEveryCellOfTheFitsGrid() throws {
        let grid = ["fits", "--model", "llama-3-8b", "--hardware", "h100-sxm", "--hardware", "h200-sxm", "--zero-stage", "3",
                    "--data-parallel", "8", "--flash-attention", "--require-fit"]
        let fits = try abacus(grid)
        #expect(fits.status == 0, "\(fits.stderr)")
        let short = try abacus(grid + ["--model", "llama-3-70b"])
        #expect(short.status == 3)
        #expect(short.stderr.hasPrefix("abacus: does not fit: llama-3-70b needs "), "\(short.stderr)")
        #expect(!short.stderr.contains("llama-3-8b"))
        let none = try abacus(["fits", "--model", "llama-3-8b", "--require-fit"])
        #expect(none.status == 2)
        #expect(none.stderr.contains("--require-fit needs --hardware or --hardware-spec"))
    }

    @Test func requireFitWithoutHardwareIsAUsageError() throws {
        let result = try abacus(["estimate", "gpt2", "--require-fit"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--require-fit needs --hardware or --hardware-spec"))
        #expect(result.stdout.isEmpty)
    }

    // MARK: - Warnings

    /// Llama 2's config declares 4,096 positions: longer sequences are warned about in the table
    /// and the JSON, on training memory, the KV cache and `/v1/estimate`; 4,096 itself is not.
    @Test func sequenceBeyondTheModelsContextIsWarnedAbout() throws {
        for command in ["estimate", "memory", "kv-cache"] {
            let long = try abacus([command, "llama-2-7b", "--sequence-length", "8192", "--flash-attention", "--json"]
                .filter { command != "kv-cache" || $0 != "--flash-attention" })
            #expect(long.status == 0, "\(long.stderr)")
            let decoded = try #require(try JSONSerialization.jsonObject(with: Data(long.stdout.utf8)) as? [String: Any])
            let warnings = try #require(decoded["warnings"] as? [String])
            #expect(warnings.filter { $0.contains("max_position_embeddings") }.count == 1, "\(command): \(warnings)")
            #expect(warnings.first?.hasPrefix("sequence_length 8,192 is beyond the model's max_position_embeddings (4,096)") == true)
            #expect((decoded["model"] as? [String: Any])?["max_position_embeddings"] as? Int == 4096)

            let within = try abacus([command, "llama-2-7b", "--sequence-length", "4096", "--json"])
            #expect(!within.stdout.contains("is beyond the model's max_position_embeddings"))
        }
        let table = try abacus(["estimate", "llama-2-7b", "--sequence-length", "8192", "--flash-attention"])
        #expect(table.stdout.contains("sequence_length 8,192 is beyond the model's max_position_embeddings (4,096)"))
    }
}
