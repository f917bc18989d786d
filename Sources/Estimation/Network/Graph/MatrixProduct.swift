/// `torch.matmul` of two computed inputs (attention's scores and weighted values, written out as
/// an exported graph writes them): numpy's rules — the last two dimensions multiply, the ones
/// before them broadcast; a vector operand gains a dimension that the result drops. MACs: output
/// values × the shared dimension; pycls's activations: the output values, as attention's products.
enum MatrixProduct {
    static func resolve(_ context: LayerContext) throws(EstimationError) -> LayerResolution {
        guard context.inputs.count == 2 else {
            throw context.issue("inputs", "multiplies two inputs, got \(context.inputs.count)")
        }
        let (left, right) = (context.inputs[0], context.inputs[1])
        let rows = left.count == 1 ? [1] + left : left
        let columns = right.count == 1 ? right + [1] : right
        let shared = rows[rows.count - 1]
        guard columns[columns.count - 2] == shared,
              let batch = Broadcast.broadcast(Array(rows.dropLast(2)), Array(columns.dropLast(2)))
        else {
            throw context.issue(
                "inputs", "cannot multiply \(LayerContext.describe(left)) by \(LayerContext.describe(right))")
        }
        var shape = batch
        if left.count > 1 { shape.append(rows[rows.count - 2]) }
        if right.count > 1 { shape.append(columns[columns.count - 1]) }
        if shape.isEmpty { shape = [1] }
        let outputs = elementCount(shape)
        var tally = LayerTally()
        tally.macs = outputs * CheckedInt(shared)
        tally.activations = outputs
        tally.readElements = elementCount(left) + elementCount(right)
        tally.writtenElements = outputs
        return LayerResolution(shape: shape, tally: tally)
    }
}
