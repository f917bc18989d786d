/// How a tensor's values are stored. The raw value is the API's name (`dtype`, `weight_dtype`).
public enum DataType: String, Hashable, Sendable, CaseIterable {
    case fp32, bf16, fp16, fp8, int8, int4

    /// Storage bits per value; int4 packs two values in a byte.
    public var bitsPerValue: Int {
        switch self {
        case .fp32: 32
        case .bf16, .fp16: 16
        case .fp8, .int8: 8
        case .int4: 4
        }
    }

    /// Exact bytes for `values` values of this type, packed: an odd int4 count rounds up to a whole
    /// byte once, for the whole tensor.
    func bytes(forValues values: CheckedInt) -> CheckedInt {
        bitsPerValue >= 8 ? values * CheckedInt(bitsPerValue / 8) : values.dividedRoundingUp(by: 8 / bitsPerValue)
    }
}
