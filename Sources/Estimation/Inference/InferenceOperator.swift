/// One row of an inference step's operator table: an operator of every layer in a group (or of
/// the model once), per GPU, with its work, its traffic and its place on the roofline.
public struct InferenceOperator: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        /// A matrix multiplication against weights.
        case matmul
        /// Attention's score and value products (and, fused, their softmax).
        case attention
        /// Element-wise work on the vector units: norms, softmax, activations, residual additions.
        case elementwise
        /// Traffic without arithmetic: the embedding's gather, the KV cache's reads and writes.
        case memory
        /// A recurrent mixer's causal convolution, and its chunked scan (prefill) or state update
        /// (decode) with the state's traffic.
        case recurrent
    }

    /// `attention.qkv`, `mlp.down`, `lm_head`, … (docs/inference.md lists them).
    public var name: String
    /// The layer group (`InferenceEstimate.layerGroups`) it belongs to; nil outside the layers.
    public var group: Int?
    /// Layers the row adds up (1 for an operator outside the layers).
    public var layers: Int
    public var kind: Kind
    /// FLOPs on the matrix units (2 per multiply-accumulate) and on the vector units.
    public var matrixFlops: Double
    public var vectorFlops: Double
    public var bytesRead: Double
    public var bytesWritten: Double
    /// Kernel launches, each charged the efficiency's overhead.
    public var kernels: Double
    /// At the spec sheet's roofs: the lower bound.
    public var point: RooflinePoint
    /// With the efficiency's fractions and overhead.
    public var expectedSeconds: Double

    public var flops: Double { matrixFlops + vectorFlops }
    public var bytes: Double { bytesRead + bytesWritten }
}
