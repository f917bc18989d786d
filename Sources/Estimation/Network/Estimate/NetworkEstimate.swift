/// A network's estimate at one batch size, dtype and (optionally) hardware: every layer, totals,
/// training FLOPs and memory, and the roofline latency. Conventions: docs/networks.md.
public struct NetworkEstimate: Sendable {
    /// One layer's numbers at the batch size; `layers[i]` is `network.layers[i]`'s.
    public struct Layer: Hashable, Sendable {
        /// Parameters it owns (0 when it shares another layer's).
        public var parameters: Int
        public var macs: Int
        /// `2 × macs`.
        public var flops: Int
        /// pycls's flops: `macs` plus the bias additions.
        public var pyclsFlops: Int
        /// Bias additions and every other operation outside the multiply-accumulates.
        public var elementwiseFlops: Int
        /// pycls's activations.
        public var activations: Int
        /// Activations read (every sample) plus weights read (once per pass), in bytes of `dtype`.
        public var bytesRead: Int
        public var bytesWritten: Int
        /// `(flops + elementwise_flops) / (bytes read + written)`; nil for a view, which moves nothing.
        public var arithmeticIntensity: Double?
        /// With hardware; nil for a view.
        public var roofline: RooflinePoint?
    }

    public struct Totals: Hashable, Sendable {
        public var parameters: Int
        public var macs: Int
        public var flops: Int
        public var pyclsFlops: Int
        public var elementwiseFlops: Int
        public var activations: Int
        public var bytesRead: Int
        public var bytesWritten: Int
        public var arithmeticIntensity: Double
        /// Forward plus backward: `3 × flops` (the backward pass computes gradients for inputs and for
        /// weights, each as much work as the forward's products).
        public var trainingFlops: Int
    }

    /// Bytes for one training step at the batch size, by part.
    public struct TrainingMemory: Hashable, Sendable {
        public var weights: Int
        public var gradients: Int
        public var masterWeights: Int
        public var optimizerStates: Int
        /// Every value a layer writes in the forward pass, kept for the backward pass.
        public var activations: Int
        public var input: Int
        public var total: Int
        public var bytesPerParameter: Int
        public var bytesPerActivation: Int
    }

    /// The roofline's latency of one forward pass: the layers one after another, each at its roof.
    public struct Latency: Hashable, Sendable {
        public var precision: Precision
        public var roofs: Roofs
        public var seconds: Double
        public var memoryBoundSeconds: Double
        public var computeBoundSeconds: Double
        public var memoryBoundLayers: Int
        public var computeBoundLayers: Int
        /// `batch / seconds`.
        public var samplesPerSecond: Double
    }

    public var network: Network
    public var options: NetworkOptions
    public var layers: [Layer]
    public var totals: Totals
    public var trainingMemory: TrainingMemory
    public var latency: Latency?
}
