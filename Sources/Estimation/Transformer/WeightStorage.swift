/// Bytes the weights take in memory: every parameter in the type the estimate names, except those
/// the checkpoint stores quantised (`ModelSpec.quantizedWeights`), which keep their own format
/// whatever that type is (gpt-oss serves its MXFP4 experts as MXFP4).
///
/// MXFP4 stores each row of a weight matrix in blocks of 32 values along its input dimension, 16
/// bytes of 4-bit values and one byte of shared scale per block (a shorter last block takes a whole
/// one): for routed experts, gate and up rows read `d` and down rows read `fe`.
enum WeightStorage {
    static func bytes(_ spec: ModelSpec, _ parameters: ParameterBreakdown, dtype: DataType) -> CheckedInt {
        guard let quantized = quantized(spec) else {
            return dtype.bytes(forValues: CheckedInt(parameters.total))
        }
        return dtype.bytes(forValues: CheckedInt(parameters.total) - quantized.values) + quantized.bytes
    }

    /// The weights the checkpoint stores in its own format, whole model: how many values, in how
    /// many bytes; nil when there are none.
    static func quantized(_ spec: ModelSpec) -> (values: CheckedInt, bytes: CheckedInt)? {
        guard let expert = quantizedRoutedExpert(spec) else { return nil }
        let matrices = CheckedInt(spec.moe?.experts ?? 0) * CheckedInt(spec.layout.count { $0.mlp == .moe })
        return (matrices * expert.values, matrices * (expert.inputBytes + expert.outputBytes))
    }

    /// One routed expert of one layer, when the checkpoint stores routed experts quantised: its
    /// weight values, and the bytes of its rows reading `d` (gate and up, or up) and of its down
    /// rows reading `fe`.
    static func quantizedRoutedExpert(
        _ spec: ModelSpec
    ) -> (values: CheckedInt, inputBytes: CheckedInt, outputBytes: CheckedInt)? {
        guard let quantized = spec.quantizedWeights, let moe = spec.moe else { return nil }
        switch (quantized.format, quantized.scope) {
        case (.mxfp4, .routedExperts):
            let d = CheckedInt(spec.hiddenSize)
            let fe = CheckedInt(moe.expertIntermediateSize)
            // Rows reading d (gate and up, or up alone) and rows reading fe (down), per expert.
            let inputRows = CheckedInt(spec.mlp == .gated ? 2 : 1) * fe
            return (
                inputRows * d + d * fe, 17 * inputRows * d.dividedRoundingUp(by: 32),
                17 * d * fe.dividedRoundingUp(by: 32)
            )
        }
    }
}
