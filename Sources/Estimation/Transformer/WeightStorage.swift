/// Bytes the weights take in memory: every parameter in the type the estimate names, except those
/// the checkpoint stores quantised (`ModelSpec.quantizedWeights`), which keep their own format
/// whatever that type is (gpt-oss serves its MXFP4 experts as MXFP4).
///
/// MXFP4 stores each row of a weight matrix in blocks of 32 values along its input dimension, 16
/// bytes of 4-bit values and one byte of shared scale per block (a shorter last block takes a whole
/// one): for routed experts, gate and up rows read `d` and down rows read `fe`.
enum WeightStorage {
    static func bytes(_ spec: ModelSpec, _ parameters: ParameterBreakdown, dtype: DataType) -> CheckedInt {
        guard let quantized = spec.quantizedWeights, let moe = spec.moe else {
            return dtype.bytes(forValues: CheckedInt(parameters.total))
        }
        switch (quantized.format, quantized.scope) {
        case (.mxfp4, .routedExperts):
            let d = CheckedInt(spec.hiddenSize)
            let fe = CheckedInt(moe.expertIntermediateSize)
            // Rows reading d (gate and up, or up alone) and rows reading fe (down), per expert.
            let inputRows = CheckedInt(spec.mlp == .gated ? 2 : 1) * fe
            let perExpertBlocks = inputRows * d.dividedRoundingUp(by: 32) + d * fe.dividedRoundingUp(by: 32)
            let matrices = CheckedInt(moe.experts) * CheckedInt(spec.layout.count { $0.mlp == .moe })
            let quantizedWeights = matrices * (inputRows * d + d * fe)
            let unquantized = CheckedInt(parameters.total) - quantizedWeights
            return dtype.bytes(forValues: unquantized) + 17 * matrices * perExpertBlocks
        }
    }
}
