/// How inference stores its tensors. API names in brackets. Matrix multiplications run at the
/// activations' precision: weight-only quantisation (int4 or int8 weights beside bf16
/// activations) dequantises to it.
public struct InferenceDataTypes: Hashable, Sendable {
    /// [weight_dtype]
    public var weights: DataType
    /// Hidden states and every other intermediate; not int4 [activation_dtype].
    public var activations: DataType
    /// The KV cache, counted as `/v1/kv-cache` counts it [kv_cache_dtype].
    public var kvCache: DataType

    public init(weights: DataType = .bf16, activations: DataType = .bf16, kvCache: DataType = .bf16) {
        self.weights = weights
        self.activations = activations
        self.kvCache = kvCache
    }

    /// int4 weights carry one fp16 scale per block of this many values along a row (GPTQ's and
    /// AWQ's default group size; symmetric, so no zero points). fp8 and int8 weights' per-tensor or
    /// per-channel scales are under 0.1 % of the weights and not counted.
    public static let int4ScaleBlock = 128

    /// Bytes per weight value, scales included.
    var weightBytesPerValue: Double {
        weights == .int4 ? 0.5 + 2 / Double(Self.int4ScaleBlock) : Self.bytes(weights)
    }

    var activationBytes: Double { Self.bytes(activations) }
    var kvCacheBytes: Double { Self.bytes(kvCache) }

    private static func bytes(_ type: DataType) -> Double { Double(type.bitsPerValue) / 8 }

    /// Exact bytes of `values` weights: packed int4 rounds up to whole bytes, and its scales to
    /// whole blocks.
    func weightBytes(values: CheckedInt) -> CheckedInt {
        let packed = weights.bytes(forValues: values)
        guard weights == .int4 else { return packed }
        return packed + 2 * values.dividedRoundingUp(by: Self.int4ScaleBlock)
    }

    /// The precision of the activations, whose peak the matrix multiplications run at; nil for int4.
    var precision: Precision? { activations.peakPrecision }
}
