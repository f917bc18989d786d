import Testing
@testable import Estimation

/// Latencies, the decode sweep and crossover, and what fits.
@Suite("Inference latency and capacity")
struct InferenceLatencyTests {
    let h200 = HardwareCatalogue.named("h200-sxm")

    private func spec(_ name: String) throws -> ModelSpec { try #require(ModelPresets.named(name)).spec }

    private func options(_ configure: (inout InferenceOptions) -> Void = { _ in }) throws -> InferenceOptions {
        var options = InferenceOptions(accelerator: try #require(h200))
        configure(&options)
        return options
    }

    /// The closed-form sum over the generation equals adding up every decode step: across a
    /// sliding window filling up (Mistral's 4096, Gemma 3's 512 beside full layers), across chunk
    /// boundaries (Llama 4's chunks cut to 16 tokens, so that forty steps cross two whole ones),
    /// for recurrent layers and for a model with none of these.
    @Test(arguments: ["mistral-7b", "llama-3-8b", "gemma-3-1b", "llama-4-scout", "qwen3-next-80b-a3b", "nemotron-nano-9b-v2"])
    func meanTimePerTokenIsTheSumOfTheSteps(_ name: String) throws {
        var spec = try spec(name)
        if spec.attentionChunk != nil { spec.attentionChunk = 16 }
        let (prompt, generated) = (name == "gemma-3-1b" ? 490 : 4080, 40)
        let options = try options {
            $0.batchSize = 96
            $0.promptTokens = prompt
            $0.generatedTokens = generated
        }
        let operators = StepOperators(spec, types: options.types, tensor: 1, flashAttention: true, causal: true)
        let timing = StepTiming(
            roofs: try Roofs(options.accelerator, precision: .bf16), vectorPeak: 67e12, efficiency: options.efficiency,
            collectives: nil)
        var seconds = 0.0
        var expected = 0.0
        for prefix in prompt...(prompt + generated - 2) {
            let step = operators.decode(batch: 96, prefix: Double(prefix))
            let phase = timing.phase(operators.operators(step), step)
            seconds += phase.seconds
            expected += phase.expectedSeconds
        }
        let timeline = DecodeTimeline(operators: operators, timing: timing)
        let totals = timeline.totals(batch: 96, prompt: Double(prompt), generated: Double(generated))
        #expect(totals.steps == 39)
        #expect(abs(totals.seconds / seconds - 1) < 1e-12)
        #expect(abs(totals.expectedSeconds / expected - 1) < 1e-12)
        let result = try InferenceEstimator.estimate(spec, options)
        #expect(abs(result.ideal.endToEnd - (result.ideal.timeToFirstToken + seconds)) < 1e-12)
        #expect(result.ideal.tokensPerSecondAggregate == 96 * result.ideal.tokensPerSecondPerSequence)
        if name == "llama-3-8b" { #expect(result.ideal.timePerOutputTokenStart < result.ideal.timePerOutputTokenEnd) }
    }

    /// The keys each span attends to over a generation, run by run.
    @Test func keyRuns() throws {
        var spec = try spec("gemma-3-1b")
        spec.attentionChunk = 16
        let operators = StepOperators(spec, types: InferenceDataTypes(), tensor: 1, flashAttention: true, causal: true)
        let timeline = DecodeTimeline(
            operators: operators,
            timing: StepTiming(roofs: try Roofs(try #require(h200), precision: .bf16), vectorPeak: 67e12, efficiency: .calibrated, collectives: nil))
        typealias Run = DecodeTimeline.KeyRun
        #expect(timeline.keyRuns(.full, from: 10, to: 20) == [Run(first: 11, last: 21, steps: 11)])
        #expect(timeline.keyRuns(.sliding, from: 500, to: 520) == [Run(first: 501, last: 512, steps: 12), Run(first: 512, last: 512, steps: 9)])
        #expect(timeline.keyRuns(.sliding, from: 600, to: 610) == [Run(first: 512, last: 512, steps: 11)])
        #expect(timeline.keyRuns(.chunked, from: 10, to: 60) == [
            Run(first: 11, last: 16, steps: 6), Run(first: 1, last: 16, steps: 16, repeats: 2), Run(first: 1, last: 13, steps: 13),
        ])
        #expect(timeline.keyRuns(.chunked, from: 17, to: 20) == [Run(first: 2, last: 5, steps: 4)])
        let mean = timeline.meanKeys(from: 10, to: 60)
        let chunked: Double = (6 * 13.5 + 2 * 16 * 8.5 + 13 * 7) / 51
        #expect(mean.full == 36 && mean.chunked == chunked)
    }

    /// `Σ max(c, m)` of two affine sequences, against the sum itself, with and without a crossing.
    @Test func sumOfMaximum() {
        for (c0, c1, m0, m1, n) in [(1.0, 9.0, 5.0, 5.0, 17.0), (9.0, 1.0, 5.0, 5.5, 10.0), (1.0, 2.0, 3.0, 4.0, 5.0), (4.0, 4.0, 3.0, 3.0, 7.0), (2.0, 2.0, 2.0, 2.0, 1.0)] {
            var sum = 0.0
            for i in 0..<Int(n) {
                let t = n > 1 ? Double(i) / (n - 1) : 0
                sum += max(c0 + (c1 - c0) * t, m0 + (m1 - m0) * t)
            }
            #expect(abs(DecodeTimeline.sumOfMaximum(c0, c1, m0, m1, n) - sum) < 1e-9, "\((c0, c1, m0, m1, n))")
        }
    }

    /// `B* = W·P / (F·H − K·P)` from the components it reports; past it the sweep's steps turn
    /// compute-bound. At a long context the cache keeps decode memory-bound at any batch.
    @Test func crossover() throws {
        let spec = try spec("llama-3-8b")
        let short = try InferenceEstimator.estimate(spec, options {
            $0.promptTokens = 64
            $0.generatedTokens = 2
            $0.sweepMaxBatch = 4096
        })
        let c = short.crossover
        let batch = try #require(c.batch)
        #expect(batch == c.weightBytes * c.peakFlopsPerSecond
            / (c.flopsPerToken * c.bandwidthBytesPerSecond - c.kvCacheBytesPerSequence * c.peakFlopsPerSecond))
        #expect(batch > 100 && batch < 1000)
        let expected = try #require(c.expectedBatch)
        // Kernels reach less of the compute peak (0.72) than of the bandwidth (0.88): the expected
        // ridge is lower, and the crossover comes sooner.
        #expect(expected < batch)
        let below = try #require(short.sweep.last { Double($0.batch) < batch / 2 })
        let above = try #require(short.sweep.first { Double($0.batch) > batch * 2 })
        #expect(below.bound == .memory && above.bound == .compute)
        let long = try InferenceEstimator.estimate(spec, options { $0.promptTokens = 1024 })
        #expect(long.crossover.batch == nil)  // F/K = 103 FLOP/byte, below the ridge (206)
        #expect(long.sweep.allSatisfy { $0.bound == .memory })
    }

    /// For a mixture of experts the weights grow with the batch; the crossover solves
    /// `B·(F·H − K·P) = P·W(B)`.
    @Test func mixtureOfExpertsCrossover() throws {
        let spec = try spec("mixtral-8x7b")
        let result = try InferenceEstimator.estimate(spec, options {
            $0.promptTokens = 16
            $0.generatedTokens = 2
        })
        let c = result.crossover
        let batch = try #require(c.batch)
        let operators = StepOperators(spec, types: InferenceDataTypes(), tensor: 1, flashAttention: true, causal: true)
        let weights = operators.operators(operators.decode(batch: batch, prefix: 16)).reduce(0) { $0 + $1.weightBytes }
        let margin = c.flopsPerToken * c.bandwidthBytesPerSecond - c.kvCacheBytesPerSequence * c.peakFlopsPerSecond
        #expect(abs(batch * margin / (c.peakFlopsPerSecond * weights) - 1) < 1e-9)
        #expect(batch > c.weightBytes * c.peakFlopsPerSecond / margin)  // more than with batch 1's weights
    }

    @Test func sweepBatches() {
        #expect(InferenceEstimator.sweepBatches(upTo: 256) == [1, 2, 4, 8, 16, 32, 64, 128, 256])
        #expect(InferenceEstimator.sweepBatches(upTo: 100) == [1, 2, 4, 8, 16, 32, 64, 100])
        #expect(InferenceEstimator.sweepBatches(upTo: 1) == [1])
    }

    /// vLLM: the cache gets `⌊0.9·M⌋ − W − A`; TensorRT-LLM: `⌊0.9·(M − W − A)⌋`, `A` the
    /// activations of a prefill computing the last logits, as the engines profile it, whatever
    /// `prefill_logits` says. The most sequences and the longest context follow from
    /// `/v1/kv-cache`'s sizes.
    @Test func servingCapacity() throws {
        let spec = try spec("llama-3-8b")
        func estimate(_ logits: PrefillLogits) throws -> InferenceEstimate {
            try InferenceEstimator.estimate(spec, options {
                $0.batchSize = 16
                $0.promptTokens = 3000
                $0.generatedTokens = 1000
                $0.prefillLogits = logits
            })
        }
        let result = try estimate(.last)
        let all = try estimate(.all)
        #expect(all.serving == result.serving)
        #expect(all.memory.activationBytes > result.memory.activationBytes)
        let memory = result.memory
        let total = 150_754_820_096
        let vllm = try #require(result.serving.first { $0.engine == "vllm" })
        let trt = try #require(result.serving.first { $0.engine == "tensorrt-llm" })
        #expect(vllm.kvCacheBudgetBytes == Int((Double(total) * 0.9).rounded(.down)) - memory.weightBytes - memory.activationBytes)
        #expect(trt.kvCacheBudgetBytes == Int((Double(total - memory.weightBytes - memory.activationBytes) * 0.9).rounded(.down)))
        for capacity in [vllm, trt] {
            let perSequence = try KVCache.estimate(spec, KVCacheOptions(sequenceLength: 4000)).bytes
            #expect(capacity.maxSequences == capacity.kvCacheBudgetBytes / perSequence)
            let fits = try KVCache.estimate(spec, KVCacheOptions(batchSize: 16, sequenceLength: capacity.longestContextTokens))
            let over = try KVCache.estimate(spec, KVCacheOptions(batchSize: 16, sequenceLength: capacity.longestContextTokens + 1))
            #expect(fits.bytes <= capacity.kvCacheBudgetBytes && over.bytes > capacity.kvCacheBudgetBytes)
            #expect(!capacity.longestContextCapped)
        }
        // Only sliding layers: past the window the cache stops growing, so any context fits.
        let mistral = try InferenceEstimator.estimate(try self.spec("mistral-7b"), options())
        #expect(mistral.serving.allSatisfy { $0.longestContextCapped && $0.longestContextTokens == 1 << 24 })
    }

    /// The training fit is `TrainingMemory`'s verdict at the edges it reports.
    @Test func trainingCapacity() throws {
        let spec = try spec("llama-3-8b")
        let accelerator = try #require(h200)
        let training = TrainingFitOptions(sequenceLength: 4096)
        let result = try InferenceEstimator.estimate(spec, options { $0.training = training })
        let capacity = try #require(result.training)
        func fits(batch: Int, data: Int, zero: Int) throws -> Bool {
            try TrainingMemory.estimate(spec, TrainingMemoryOptions(
                batchSize: batch, sequenceLength: 4096, flashAttention: true, dropout: false,
                parallelism: Parallelism(data: data, zeroStage: zero))
            ).fit(on: accelerator).fits
        }
        let largest = capacity.largestMicroBatch
        #expect(largest == 0 ? try !fits(batch: 1, data: 1, zero: 0) : try fits(batch: largest, data: 1, zero: 0))
        #expect(try !fits(batch: largest + 1, data: 1, zero: 0))
        let zero3 = try #require(capacity.fewestGPUs.last)
        #expect(zero3.zeroStage == 3)
        let gpus = try #require(zero3.gpus)
        #expect(try fits(batch: 1, data: gpus, zero: 3))
        if gpus > 1 { #expect(try !fits(batch: 1, data: gpus - 1, zero: 3)) }
        #expect(capacity.fewestGPUs.map(\.zeroStage) == [0, 1, 2, 3])
    }

    /// Memory adds up, and a model too large for one GPU does not fit.
    @Test func memoryFit() throws {
        let small = try InferenceEstimator.estimate(try spec("llama-3-8b"), options())
        #expect(small.memory.fit.requiredBytes
            == small.memory.weightBytes + small.memory.kvCacheBytes + small.memory.activationBytes)
        #expect(small.memory.fit.fits)
        let large = try InferenceEstimator.estimate(try spec("llama-3.1-405b"), options())
        #expect(!large.memory.fit.fits && large.memory.fit.shortBytes > 0)
        let split = try InferenceEstimator.estimate(try spec("llama-3.1-405b"), options {
            $0.tensorParallel = 8
            $0.types.weights = .fp8
        })
        #expect(split.memory.fit.fits)
    }

    @Test func invalidOptionsAreNamed() throws {
        let spec = try spec("llama-3-8b")
        func fields(_ configure: (inout InferenceOptions) -> Void) throws -> [String] {
            let built = try options(configure)
            do {
                _ = try InferenceEstimator.estimate(spec, built)
                return []
            } catch {
                return error.issues.map(\.field)
            }
        }
        #expect(try fields { $0.types.activations = .int4 } == ["activation_dtype"])
        #expect(try fields { $0.tensorParallel = 3 } == ["tensor_parallel.degree"])
        #expect(try fields { $0.tensorParallel = 2000 } == ["tensor_parallel.degree"])
        #expect(try fields { $0.sweepMaxBatch = 0 } == ["batch_sweep.max_batch"])
        #expect(try fields { $0.efficiency.compute = 0 } == ["efficiency.compute"])
        #expect(try fields { $0.serving.gpuMemoryUtilization = 1.5 } == ["serving.gpu_memory_utilization"])
        #expect(try fields { $0.promptTokens = 0; $0.batchSize = 1 << 21 } == ["batch_size", "prompt_tokens"])
        // Tensor parallelism splits the recurrent mixers' heads too, and Mamba-2's groups unless
        // there is one, which every rank keeps (vLLM's rule); attention's 40 and 8 heads divide.
        func mambaIssue(heads: Int, groups: Int) throws -> String? {
            var hybrid = try self.spec("nemotron-nano-9b-v2")
            hybrid.mamba?.heads = heads
            hybrid.mamba?.groups = groups
            let eight = try options { $0.tensorParallel = 8 }
            do {
                _ = try InferenceEstimator.estimate(hybrid, eight)
                return nil
            } catch {
                #expect(error.issues.map(\.field) == ["tensor_parallel.degree"])
                return error.issues.first?.message
            }
        }
        #expect(try mambaIssue(heads: 100, groups: 4)?.contains("mamba.heads (100)") == true)
        #expect(try mambaIssue(heads: 128, groups: 4)?.contains("mamba.groups (4)") == true)
        #expect(try mambaIssue(heads: 128, groups: 8) == nil)
        #expect(try mambaIssue(heads: 128, groups: 1) == nil)
        #expect(try fields { $0.tensorParallel = 8 }.isEmpty)
        let cpu = try #require(HardwareCatalogue.named("i9-10980xe"))
        #expect(try fields { $0.accelerator = cpu } == ["activation_dtype"])  // no bf16 peak
        #expect(try fields {
            $0.accelerator = cpu
            $0.types.activations = .fp32
            $0.tensorParallel = 2
        } == ["hardware.interconnect_bandwidth_bytes_per_second"])
    }
}
