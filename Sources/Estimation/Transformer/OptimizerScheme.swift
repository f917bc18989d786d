/// How many bytes each parameter costs in model states, part by part. The raw value is the API's
/// `optimizer` name.
public enum OptimizerScheme: String, Hashable, Sendable, CaseIterable {
    /// Mixed precision AdamW: 16-bit weights 2, 16-bit gradients 2, fp32 master 4, Adam m + v 8 = 16.
    case adamw16 = "adamw-16"
    /// Mixed precision AdamW with fp32 gradients: 2 + 4 + 4 + 8 = 18.
    case adamw18 = "adamw-18"
    /// Mixed precision AdamW keeping 16-bit gradients and an fp32 copy: 2 + (2 + 4) + 4 + 8 = 20.
    case adamw20 = "adamw-20"
    /// Pure fp32 AdamW: weights 4, gradients 4, m + v 8, no master copy = 16. Activations are fp32.
    case adamwFP32 = "adamw-fp32"
    /// 8-bit Adam (bitsandbytes): 16-bit weights 2, 16-bit gradients 2, fp32 master 4, m and v one
    /// byte each = 10. The small per-block quantisation scales are not counted.
    case adam8bit = "adam-8bit"
    /// SGD with momentum: 16-bit weights 2, 16-bit gradients 2, fp32 master 4, fp32 momentum 4 = 12.
    case sgdMomentum = "sgd-momentum"

    /// Bytes per parameter of each part.
    public struct Parts: Hashable, Sendable {
        /// The weights the forward and backward passes read.
        public var weights: Int
        /// 16-bit gradients (0 when gradients are kept only in fp32).
        public var gradients16Bit: Int
        /// fp32 gradients (a copy beside the 16-bit ones in `adamw-20`).
        public var gradientsFP32: Int
        /// fp32 master weights the optimizer updates; 0 when the weights are fp32 already.
        public var masterWeights: Int
        /// Optimizer states: Adam's m and v, or SGD's momentum.
        public var optimizerStates: Int

        public var gradients: Int { gradients16Bit + gradientsFP32 }
        public var total: Int { weights + gradients + masterWeights + optimizerStates }
    }

    public var parts: Parts {
        switch self {
        case .adamw16: Parts(weights: 2, gradients16Bit: 2, gradientsFP32: 0, masterWeights: 4, optimizerStates: 8)
        case .adamw18: Parts(weights: 2, gradients16Bit: 0, gradientsFP32: 4, masterWeights: 4, optimizerStates: 8)
        case .adamw20: Parts(weights: 2, gradients16Bit: 2, gradientsFP32: 4, masterWeights: 4, optimizerStates: 8)
        case .adamwFP32: Parts(weights: 4, gradients16Bit: 0, gradientsFP32: 4, masterWeights: 0, optimizerStates: 8)
        case .adam8bit: Parts(weights: 2, gradients16Bit: 2, gradientsFP32: 0, masterWeights: 4, optimizerStates: 2)
        case .sgdMomentum: Parts(weights: 2, gradients16Bit: 2, gradientsFP32: 0, masterWeights: 4, optimizerStates: 4)
        }
    }

    /// Bytes of one stored activation value: 2 (16-bit) under mixed precision, 4 for pure fp32.
    var activationBytes: Int { self == .adamwFP32 ? 4 : 2 }
}
