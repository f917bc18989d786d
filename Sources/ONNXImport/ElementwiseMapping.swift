import Estimation

extension LayerMapping {
    /// The activation function an elementwise op is, nil for other ops.
    func activationFunction() throws(ONNXImportError) -> ActivationFunction? {
        switch node.opType {
        case "Relu": return .relu
        case "LeakyRelu": return .leakyRelu
        case "Elu": return .elu
        case "Sigmoid": return .sigmoid
        case "HardSigmoid": return .hardsigmoid
        case "HardSwish": return .hardswish
        case "Tanh": return .tanh
        case "Gelu": return .gelu
        case "Mish": return .mish
        case "Softmax", "LogSoftmax": return .softmax
        case "Clip": return try clip()
        default: return nil
        }
    }

    /// `Clip` to [0, 6] is ReLU6, to [0, ∞) ReLU, any other range hardtanh (the bounds are inputs
    /// from opset 11, attributes before).
    private func clip() throws(ONNXImportError) -> ActivationFunction {
        func bound(_ index: Int, _ attribute: String) throws(ONNXImportError) -> Double? {
            if let tensor = try node.held(index, attribute) {
                guard let values = tensor.values, values.count == 1 else {
                    throw node.unsupported("its \(attribute) is not a single value known when the graph is read")
                }
                return values[0]
            }
            return try node.float(attribute)
        }
        let lower = try bound(1, "min")
        let upper = try bound(2, "max")
        if lower == 0 && upper == 6 { return .relu6 }
        if lower == 0 && upper == nil { return .relu }
        return .hardtanh
    }

    /// `Add`, `Sub`, `Mul`, `Div`: of two computed values, an elementwise sum or product (a
    /// difference counts as a sum, a quotient as a product: one operation per value either way);
    /// of a computed value and a held tensor, the held tensor combined in (`TensorOperand`), or
    /// ConvNeXt's layer scale for a learned `[C, 1, 1]` factor.
    mutating func binary() throws(ONNXImportError) -> Activation {
        let operands = (node.input(0), node.input(1))
        switch operands {
        case (.activation(let left)?, .activation(let right)?):
            guard let natural = Shapes.broadcast([left.perSample, right.perSample]),
                  let full = Shapes.broadcast([left.full, right.full])
            else {
                throw node.invalid("cannot broadcast \(ONNXText.shape(left.full)) against \(ONNXText.shape(right.full))")
            }
            let sum = node.opType == "Add" || node.opType == "Sub"
            return try emit(sum ? .add : .multiply, [left, right], natural: natural, full: full)
        case (.activation(let input)?, .held(let tensor)?), (.held(let tensor)?, .activation(let input)?):
            return try combine(input, with: tensor)
        default:
            throw node.unsupported("combines values Abacus does not read (a sequence)")
        }
    }

    private mutating func combine(_ input: Activation, with tensor: HeldTensor) throws(ONNXImportError) -> Activation {
        let perSample = input.perSample
        let shape = Self.perSampleOperand(tensor.shape, rank: perSample.count)
        guard tensor.elementCount >= 1, let natural = Shapes.broadcast([perSample, shape]),
              let full = Shapes.broadcast([input.full, tensor.shape])
        else {
            throw node.invalid("cannot broadcast \(ONNXText.shape(tensor.shape)) against \(ONNXText.shape(input.full))")
        }
        let learned = tensor.isParameter
        if learned && node.opType == "Mul" && perSample.count == 3 && shape == [perSample[0], 1, 1] {
            return try emit(.layerScale, [input], natural: perSample, full: full, weights: [tensor])
        }
        let combination: TensorOperand.Combination =
            switch node.opType {
            case "Add": .add
            case "Sub": .subtract
            case "Mul": .multiply
            default: .divide
            }
        return try emit(
            .tensorOperand(TensorOperand(combination, shape: shape, learned: learned)), [input], natural: natural, full: full,
            weights: learned ? [tensor] : [])
    }
}
