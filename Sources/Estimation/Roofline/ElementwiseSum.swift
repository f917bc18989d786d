/// Seed 003's element-wise sum of two tensors of `elements` values each: one addition per value,
/// two tensors read and one written, `FLOPs = N·C·H·W` and `bytes = 3·N·C·H·W·sizeof`. The
/// transformer's residual additions are this operator.
public struct ElementwiseSum: Hashable, Sendable {
    public var flops: Double
    public var bytesRead: Double
    public var bytesWritten: Double
    public var bytes: Double { bytesRead + bytesWritten }

    /// For `elements` values of `bytesPerValue` bytes each (fractional for packed types).
    public init(elements: Double, bytesPerValue: Double) {
        flops = elements
        bytesRead = 2 * elements * bytesPerValue
        bytesWritten = elements * bytesPerValue
    }
}
