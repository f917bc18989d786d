import Estimation

extension LayerMapping {
    /// `Gemm(A, B, C)` with `A` computed and `B` held: a linear layer (`transB = 1` is torch's
    /// `[out, in]` weight); `C` its bias. `alpha` and `beta` scale without counting.
    mutating func gemm() throws(ONNXImportError) -> Activation {
        let input = try node.activation(0)
        guard try node.int("transA", default: 0) == 0 else {
            throw node.unsupported("transposes its computed operand (transA = 1); Abacus reads Gemm as torch's linear layer")
        }
        guard input.full.count == 2 else { throw node.invalid("multiplies a \(ONNXText.shape(input.full)) tensor; Gemm's are 2-D") }
        let weight = try node.requiredHeld(1, "weight")
        guard weight.shape.count == 2 else { throw node.invalid("has a weight of shape \(ONNXText.shape(weight.shape)); Gemm's is 2-D") }
        let transposed = try node.int("transB", default: 0) != 0
        let (inFeatures, outFeatures) = transposed ? (weight.shape[1], weight.shape[0]) : (weight.shape[0], weight.shape[1])
        guard inFeatures == input.full[1] else {
            throw node.invalid("its weight \(ONNXText.shape(weight.shape)) does not take the input's \(input.full[1]) features")
        }
        let bias = try self.bias(2, outputs: outFeatures)
        return try linear(input, outFeatures: outFeatures, weight: weight, bias: bias)
    }

    /// `MatMul`: of two computed values, a matrix product (attention's scores and weighted values);
    /// of a computed value and a held 2-D weight, a linear layer without bias (a following `Add`
    /// of a bias makes it a biased one, `LayerFusion`).
    mutating func matrixProduct() throws(ONNXImportError) -> Activation {
        let left = try node.activation(0)
        switch node.input(1) {
        case .activation(let right)?:
            guard let natural = Self.productShape(left.perSample, right.perSample),
                  let full = Self.productShape(left.full, right.full)
            else {
                throw node.invalid("cannot multiply \(ONNXText.shape(left.full)) by \(ONNXText.shape(right.full))")
            }
            return try emit(.matmul, [left, right], natural: natural, full: full)
        case .held(let weight)?:
            guard weight.shape.count == 2 else {
                throw node.unsupported("multiplies by a held tensor of shape \(ONNXText.shape(weight.shape)); Abacus reads a held 2-D weight as a linear layer")
            }
            guard weight.shape[0] == left.full.last else {
                throw node.invalid("cannot multiply \(ONNXText.shape(left.full)) by \(ONNXText.shape(weight.shape))")
            }
            return try linear(left, outFeatures: weight.shape[1], weight: weight, bias: nil)
        default:
            throw node.unsupported("multiplies by a sequence")
        }
    }

    private mutating func linear(
        _ input: Activation, outFeatures: Int, weight: HeldTensor, bias: HeldTensor?
    ) throws(ONNXImportError) -> Activation {
        let perSample = input.perSample
        return try emit(
            .linear(Linear(outFeatures: outFeatures, bias: bias != nil)), [input],
            natural: perSample.dropLast() + [outFeatures], full: input.full.dropLast() + [outFeatures],
            weights: [weight] + (bias.map { [$0] } ?? []))
    }

    /// numpy's `matmul` shape: the last two dimensions multiply, the others broadcast; a vector
    /// gains a dimension that the result drops.
    static func productShape(_ left: [Int], _ right: [Int]) -> [Int]? {
        let rows = left.count == 1 ? [1] + left : left
        let columns = right.count == 1 ? right + [1] : right
        guard rows[rows.count - 1] == columns[columns.count - 2],
              let batch = Shapes.broadcast([Array(rows.dropLast(2)), Array(columns.dropLast(2))])
        else { return nil }
        var shape = batch
        if left.count > 1 { shape.append(rows[rows.count - 2]) }
        if right.count > 1 { shape.append(columns[columns.count - 1]) }
        return shape.isEmpty ? [1] : shape
    }
}
