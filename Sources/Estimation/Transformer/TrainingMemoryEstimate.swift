/// Training memory on the most loaded GPU, part by part, in bytes.
public struct TrainingMemoryEstimate: Hashable, Sendable {
    public struct PerGPU: Hashable, Sendable {
        /// The weights the passes read (16-bit, or fp32 for `adamw-fp32`).
        public var weights: Int
        /// Gradients, 16-bit and fp32 parts together (see `OptimizerScheme.Parts`).
        public var gradients: Int
        /// fp32 master weights.
        public var masterWeights: Int
        /// Adam's m and v, or SGD's momentum.
        public var optimizerStates: Int
        /// Everything the layers store for the backward pass, for every micro-batch in flight
        /// (`huggingface`: also the embedding's, the final norm's and the output head's).
        public var activations: Int
        /// For the loss: fp32 logits, `4·b·s·V / t` (`megatron`, last pipeline stage); the 16-bit
        /// logits `out` keeps, the loss's fp32 log-softmax and its targets (`huggingface`).
        public var logits: Int
        /// The embedding's dropout mask, `bsd` per micro-batch in flight (first pipeline stage).
        public var embeddingDropout: Int
        /// Sum of the parts: what stays allocated when the forward pass ends.
        public var total: Int
        /// The highest allocation of the step: the model states, the saved tensors still alive and
        /// the largest transient of the forward or backward pass on top (`PeakMoment`).
        public var peak: Int

        /// `peak` defaults to `total`.
        public init(
            weights: Int, gradients: Int, masterWeights: Int, optimizerStates: Int, activations: Int,
            logits: Int, embeddingDropout: Int, total: Int, peak: Int? = nil
        ) {
            self.weights = weights
            self.gradients = gradients
            self.masterWeights = masterWeights
            self.optimizerStates = optimizerStates
            self.activations = activations
            self.logits = logits
            self.embeddingDropout = embeddingDropout
            self.total = total
            self.peak = peak ?? total
        }

        /// Weights, gradients, master weights and optimizer states.
        public var modelStates: Int { weights + gradients + masterWeights + optimizerStates }
    }

    /// Parameter counts on one GPU of the reported stage, named so that ZeRO's sharding cannot be
    /// mistaken for the model-parallel split: the slice a GPU computes with, and how many
    /// parameters' weights, gradients and optimizer states it keeps between steps.
    public struct ParametersPerGPU: Hashable, Sendable {
        /// Parameters of the tensor- and pipeline-parallel slice this GPU runs (a tied head's copy
        /// on the last stage included). ZeRO does not shrink it: under ZeRO-3 each layer's share is
        /// gathered for its forward and backward pass.
        public var slice: Int
        /// Parameters whose weights the GPU keeps: the slice, or its 1/`data` share (rounded up)
        /// under ZeRO-3.
        public var weightsHeld: Int
        /// Parameters whose gradients it keeps: the slice, or its share from ZeRO-2.
        public var gradientsHeld: Int
        /// Parameters whose fp32 master weights and optimizer states it keeps: the slice, or its
        /// share from ZeRO-1.
        public var optimizerStatesHeld: Int

        public init(slice: Int, weightsHeld: Int, gradientsHeld: Int, optimizerStatesHeld: Int) {
            self.slice = slice
            self.weightsHeld = weightsHeld
            self.gradientsHeld = gradientsHeld
            self.optimizerStatesHeld = optimizerStatesHeld
        }
    }

    public var perGPU: PerGPU
    /// Model-state bytes per parameter of the optimizer scheme, before any sharding (16, 18, 20, …).
    public var bytesPerParameter: Int
    /// Parameters of the whole model.
    public var parameters: Int
    public var parametersPerGPU: ParametersPerGPU
    /// The pipeline stage reported (0-based): the one that needs the most memory.
    public var pipelineStage: Int
    /// Micro-batches that stage holds activations for under 1F1B.
    public var inFlightMicroBatches: Int
    /// When `perGPU.peak` is reached; nil when `peak` is just `total`.
    public var peakMoment: PeakMoment?

    public init(
        perGPU: PerGPU, bytesPerParameter: Int, parameters: Int, parametersPerGPU: ParametersPerGPU, pipelineStage: Int,
        inFlightMicroBatches: Int, peakMoment: PeakMoment? = nil
    ) {
        self.perGPU = perGPU
        self.bytesPerParameter = bytesPerParameter
        self.parameters = parameters
        self.parametersPerGPU = parametersPerGPU
        self.pipelineStage = pipelineStage
        self.inFlightMicroBatches = inFlightMicroBatches
        self.peakMoment = peakMoment
    }

    /// The verdict for the step's peak against `memoryBytes` with `headroom` (0 to 0.99) set aside.
    public func fit(memoryBytes: Int, headroom: Double = 0) throws(EstimationError) -> MemoryFit {
        try MemoryFit(requiredBytes: perGPU.peak, memoryBytes: memoryBytes, headroom: headroom)
    }

    public func fit(on accelerator: Accelerator, headroom: Double = 0) throws(EstimationError) -> MemoryFit {
        try fit(memoryBytes: accelerator.memoryBytes, headroom: headroom)
    }
}
