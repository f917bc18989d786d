import Estimation

/// The shape arithmetic of `Reshape`, `Flatten`, `Squeeze`, `Unsqueeze` and `Transpose`, shared by
/// computed values (views) and held tensors.
enum ShapeOps {
    /// ONNX `Reshape`: 0 copies the input's dimension (unless `allowZero`), one -1 is inferred.
    static func reshape(_ input: [Int], to target: [Int], allowZero: Bool) throws(Problem) -> [Int] {
        guard (0...Shapes.largestRank).contains(target.count) else { throw Problem("reshapes to \(target.count) dimensions") }
        var shape: [Int] = []
        var inferred: Int?
        for (index, size) in target.enumerated() {
            switch size {
            case 0 where !allowZero:
                guard index < input.count else { throw Problem("copies dimension \(index), which its input lacks") }
                shape.append(input[index])
            case -1:
                guard inferred == nil else { throw Problem("infers more than one dimension (-1)") }
                inferred = index
                shape.append(1)
            case 0...Shapes.largestDimension: shape.append(size)
            default: throw Problem("has a target dimension of \(size)")
            }
        }
        guard let total = Shapes.elementCount(input), let known = Shapes.elementCount(shape) else {
            throw Problem("has too many values to reshape")
        }
        if let inferred {
            guard known > 0, total % known == 0 else {
                throw Problem("cannot reshape \(ONNXText.shape(input)) to \(ONNXText.shape(target))")
            }
            shape[inferred] = total / known
        }
        guard Shapes.elementCount(shape) == total else {
            throw Problem("cannot reshape \(ONNXText.shape(input)) to \(ONNXText.shape(target))")
        }
        return shape
    }

    /// The output shape of a shape-changing node on an input of `input`'s shape (the target shape
    /// or the axes as the node's second input, or as an attribute in older opsets).
    static func output(of node: ImportNode, input: [Int]) throws(ONNXImportError) -> [Int] {
        switch node.opType {
        case "Reshape":
            guard let target = try node.integers(1, orAttribute: "shape") else { throw node.invalid("has no target shape") }
            let allowZero = try node.int("allowzero", default: 0) != 0
            do {
                return try reshape(input, to: target, allowZero: allowZero)
            } catch {
                throw node.invalid(error.message)
            }
        case "Flatten":
            guard let axis = Shapes.axis(try node.int("axis", default: 1), rank: input.count + 1) else {
                throw node.invalid("flattens from an axis its input lacks")
            }
            guard let outer = Shapes.elementCount(Array(input[..<axis])), let inner = Shapes.elementCount(Array(input[axis...])) else {
                throw node.invalid("has too many values to flatten")
            }
            return [outer, inner]
        case "Squeeze":
            guard let axes = try node.integers(1, orAttribute: "axes") else { return input.filter { $0 != 1 } }
            var dropped = Set<Int>()
            for axis in axes {
                guard let resolvedAxis = Shapes.axis(axis, rank: input.count), input[resolvedAxis] == 1 else {
                    throw node.invalid("squeezes axis \(axis), which is not a dimension of size 1")
                }
                dropped.insert(resolvedAxis)
            }
            return input.indices.filter { !dropped.contains($0) }.map { input[$0] }
        case "Unsqueeze":
            guard let axes = try node.integers(1, orAttribute: "axes") else { throw node.invalid("has no axes") }
            let rank = input.count + axes.count
            guard rank <= Shapes.largestRank else { throw node.unsupported("would have \(rank) dimensions") }
            var inserted = Set<Int>()
            for axis in axes {
                guard let resolvedAxis = Shapes.axis(axis, rank: rank), inserted.insert(resolvedAxis).inserted else {
                    throw node.invalid("inserts axis \(axis) twice or outside its \(rank) dimensions")
                }
            }
            var remaining = input[...]
            return (0..<rank).map { inserted.contains($0) ? 1 : remaining.popFirst() ?? 1 }
        default:  // Transpose
            let order = try permutation(of: node, rank: input.count)
            return order.map { input[$0] }
        }
    }

    /// `Transpose`'s `perm` (reversed dimensions by default), checked.
    static func permutation(of node: ImportNode, rank: Int) throws(ONNXImportError) -> [Int] {
        let order = try node.ints("perm") ?? Array((0..<rank).reversed())
        guard order.count == rank, Set(order) == Set(0..<rank) else {
            throw node.invalid("has perm \(ONNXText.shape(order)), not an order of its \(rank) dimensions")
        }
        return order
    }
}

extension LayerMapping {
    // MARK: - Views

    /// `Reshape`, `Flatten`, `Squeeze` and `Unsqueeze` of a computed value: a view (`flatten` for
    /// torch's `flatten(x, 1)`, else a reshape), nothing when the per-sample shape stays.
    mutating func reshape() throws(ONNXImportError) -> Activation {
        let input = try node.activation(0)
        return try reshape(input, to: try ShapeOps.output(of: node, input: input.full))
    }

    /// A view of `input` in the graph's shape `full`.
    private mutating func reshape(_ input: Activation, to full: [Int]) throws(ONNXImportError) -> Activation {
        try check(full)
        let perSample = Shapes.perSample(full)
        if perSample == input.perSample { return Activation(layer: input.layer, full: full) }
        if node.opType == "Flatten" && Shapes.dropsBatch(input.full) && Shapes.dropsBatch(full) && full.count == 2 {
            return try emit(.flatten(Flatten()), [input], natural: perSample, full: full)
        }
        return try emit(.reshape(Reshape(shape: perSample)), [input], natural: perSample, full: full)
    }

    /// A permutation of a computed value: a view (a reshape of the per-sample shape where it
    /// moves the batch dimension).
    mutating func transpose() throws(ONNXImportError) -> Activation {
        let input = try node.activation(0)
        let order = try ShapeOps.permutation(of: node, rank: input.full.count)
        let full = order.map { input.full[$0] }
        if order == Array(order.indices) { return input }
        let perSample = Shapes.perSample(full)
        switch (Shapes.dropsBatch(input.full), Shapes.dropsBatch(full)) {
        case (true, true) where order[0] == 0:
            return try emit(.permute(Permute(dims: order.dropFirst().map { $0 - 1 })), [input], natural: perSample, full: full)
        case (false, false):
            return try emit(.permute(Permute(dims: order)), [input], natural: perSample, full: full)
        default:
            return try emit(.reshape(Reshape(shape: perSample)), [input], natural: perSample, full: full)
        }
    }

    /// `Expand` of a computed value to its own shape (an exporter's no-op); a real broadcast is not read.
    mutating func expand() throws(ONNXImportError) -> Activation {
        let input = try node.activation(0)
        guard let target = try node.integers(1, "shape"), let full = Shapes.broadcast([input.full, target]), full == input.full else {
            throw node.unsupported("broadcasts a computed value to a larger shape; Abacus does not count that copy")
        }
        return input
    }

    /// Dropout: the identity at inference; its probability from the `ratio` input (or attribute).
    mutating func dropout() throws(ONNXImportError) -> Activation {
        let input = try node.activation(0)
        var ratio = 0.5
        if let given = try node.held(1, "ratio")?.values?.first {
            ratio = given
        } else if let given = try node.float("ratio") {
            ratio = given
        }
        guard ratio >= 0, ratio < 1 else { throw node.invalid("has a ratio of \(ratio), not a probability below 1") }
        return try emit(.dropout(Dropout(probability: ratio)), [input], natural: input.perSample, full: input.full)
    }

    // MARK: - Joining and taking apart

    /// `Concat` of computed values; of one computed value and one held tensor, the tensor
    /// concatenated in (ViT's class token).
    mutating func concatenation() throws(ONNXImportError) -> Activation {
        guard let axis = try node.int("axis") else { throw node.invalid("has no axis") }
        let present = node.inputs.compactMap { $0 }
        let activations = present.compactMap { value -> Activation? in
            if case .activation(let activation) = value { return activation }
            return nil
        }
        guard let first = activations.first else { throw node.unsupported("concatenates sequences") }
        let dim = try perSampleAxis(axis, of: first.full)
        guard let fullAxis = Shapes.axis(axis, rank: first.full.count) else { throw node.invalid("has axis \(axis) outside its inputs") }
        if activations.count == present.count {
            var full = first.full
            var natural = first.perSample
            full[fullAxis] = 0
            natural[dim] = 0
            for input in activations {
                guard input.full.count == first.full.count, Shapes.dropsBatch(input.full) == Shapes.dropsBatch(first.full) else {
                    throw node.invalid("concatenates \(ONNXText.shape(input.full)) with \(ONNXText.shape(first.full))")
                }
                full[fullAxis] += input.full[fullAxis]
                natural[dim] += input.perSample[dim]
            }
            return try emit(.concat(Concat(dim: dim)), activations, natural: natural, full: full)
        }
        guard present.count == 2, activations.count == 1, case .held(let tensor)? = present.first(where: {
            if case .held = $0 { return true }
            return false
        }) else {
            throw node.unsupported("concatenates \(present.count - activations.count) held tensors with computed values; Abacus reads one held tensor (a class token) at most")
        }
        let tensorFirst: Bool = if case .held? = node.inputs.compactMap({ $0 }).first { true } else { false }
        let perSample = first.perSample
        let shape = Self.perSampleOperand(tensor.shape, rank: perSample.count)
        guard tensor.shape.count == first.full.count, shape.count == perSample.count else {
            throw node.invalid("concatenates \(ONNXText.shape(tensor.shape)) with \(ONNXText.shape(first.full))")
        }
        var full = first.full
        full[fullAxis] += tensor.shape[fullAxis]
        var natural = perSample
        natural[dim] += shape[dim]
        let learned = tensor.isParameter
        return try emit(
            .tensorOperand(TensorOperand(.concat(dim: dim, tensorFirst: tensorFirst), shape: shape, learned: learned)), [first],
            natural: natural, full: full, weights: learned ? [tensor] : [])
    }

    /// `Split` into slices (views), one per output that something reads.
    mutating func split() throws(ONNXImportError) -> [Value?] {
        let input = try node.activation(0)
        let axis = try node.int("axis", default: 0)
        guard let fullAxis = Shapes.axis(axis, rank: input.full.count) else { throw node.invalid("has axis \(axis) outside its input") }
        let size = input.full[fullAxis]
        let count = node.outputs.count
        let sizes: [Int]
        if let given = try node.integers(1, orAttribute: "split") {
            sizes = given
        } else {
            let pieces = try node.int("num_outputs") ?? count
            guard pieces >= 1, pieces == count else { throw node.invalid("splits into \(pieces) pieces for \(count) outputs") }
            let piece = (size + pieces - 1) / pieces
            sizes = (0..<pieces).map { max(0, min(piece, size - $0 * piece)) }
        }
        guard sizes.count == count, sizes.allSatisfy({ $0 >= 1 }), sizes.reduce(0, +) == size else {
            throw node.invalid("splits \(size) values into \(ONNXText.shape(sizes)) for \(count) outputs")
        }
        return try slices(of: input, axis: axis, sizes: sizes, wanted: (0..<count).filter { !isUnread(output: $0) })
    }

    /// `SplitToSequence`: the pieces are sliced out when `SequenceAt` takes them.
    mutating func splitToSequence() throws(ONNXImportError) -> SplitSequence {
        let input = try node.activation(0)
        let axis = try node.int("axis", default: 0)
        guard let fullAxis = Shapes.axis(axis, rank: input.full.count) else { throw node.invalid("has axis \(axis) outside its input") }
        let size = input.full[fullAxis]
        guard let split = try node.integers(1, "split"), try node.int("keepdims", default: 1) != 0 || split.count > 0 else {
            throw node.unsupported("splits into single entries without keeping their dimension; Abacus reads a given split")
        }
        let sizes: [Int]
        if split.count == 1, let piece = split.first, piece >= 1 {
            let pieces = (size + piece - 1) / piece
            guard pieces <= NetworkLimits.inputsPerLayer.upperBound else { throw node.unsupported("splits into \(pieces) pieces") }
            sizes = (0..<pieces).map { min(piece, size - $0 * piece) }
        } else {
            sizes = split
        }
        guard !sizes.isEmpty, sizes.allSatisfy({ $0 >= 1 }), sizes.reduce(0, +) == size else {
            throw node.invalid("splits \(size) values into \(ONNXText.shape(sizes))")
        }
        return SplitSequence(source: input, axis: axis, sizes: sizes)
    }

    mutating func sequenceAt() throws(ONNXImportError) -> Activation {
        guard case .sequence(let sequence)? = node.input(0) else { throw node.invalid("reads no sequence") }
        guard let position = try node.integers(1, "position")?.first,
              let index = Shapes.axis(position, rank: sequence.sizes.count)
        else {
            throw node.invalid("takes a position outside its sequence of \(sequence.sizes.count)")
        }
        let pieces = try slices(of: sequence.source, axis: sequence.axis, sizes: sequence.sizes, wanted: [index])
        guard case .activation(let piece)? = pieces[index] else { throw node.invalid("takes no piece") }
        return piece
    }

    /// Slices of `sizes` along `axis`, for the pieces `wanted` (nil for the others).
    private mutating func slices(of input: Activation, axis: Int, sizes: [Int], wanted: [Int]) throws(ONNXImportError) -> [Value?] {
        let dim = try perSampleAxis(axis, of: input.full)
        guard let fullAxis = Shapes.axis(axis, rank: input.full.count) else { throw node.invalid("has axis \(axis) outside its input") }
        var outputs = [Value?](repeating: nil, count: sizes.count)
        var start = 0
        var starts: [Int] = []
        for size in sizes {
            starts.append(start)
            start += size
        }
        for index in wanted {
            var full = input.full
            full[fullAxis] = sizes[index]
            var natural = input.perSample
            natural[dim] = sizes[index]
            let slice = Slice(dim: dim, start: starts[index], end: starts[index] + sizes[index])
            outputs[index] = .activation(try emit(.slice(slice), [input], natural: natural, full: full))
        }
        return outputs
    }

    /// `Slice` with steps of 1: a view per sliced axis.
    mutating func slice() throws(ONNXImportError) -> Activation {
        var current = try node.activation(0)
        guard let starts = try node.integers(1, orAttribute: "starts"),
              let ends = try node.integers(2, orAttribute: "ends")
        else {
            throw node.invalid("has no starts or ends")
        }
        let axes = try node.integers(3, orAttribute: "axes") ?? Array(starts.indices)
        let steps = try node.integers(4, "steps") ?? [Int](repeating: 1, count: starts.count)
        guard starts.count == ends.count, axes.count == starts.count, steps.count == starts.count else {
            throw node.invalid("has starts, ends, axes and steps of different lengths")
        }
        guard steps.allSatisfy({ $0 == 1 }) else { throw node.unsupported("slices with a step other than 1") }
        for (position, axis) in axes.enumerated() {
            guard let fullAxis = Shapes.axis(axis, rank: current.full.count) else { throw node.invalid("slices axis \(axis) outside its input") }
            let size = current.full[fullAxis]
            func clamped(_ value: Int) -> Int { min(max(value < 0 ? value + size : value, 0), size) }
            let (start, end) = (clamped(starts[position]), clamped(ends[position]))
            guard start < end else { throw node.unsupported("slices out nothing along axis \(axis)") }
            guard end - start < size else { continue }
            let dim = try perSampleAxis(axis, of: current.full)
            var full = current.full
            full[fullAxis] = end - start
            var natural = current.perSample
            natural[dim] = end - start
            current = try emit(.slice(Slice(dim: dim, start: start, end: end)), [current], natural: natural, full: full)
        }
        return current
    }

    /// `Gather` of one index (a `select`, ViT's class token `x[:, 0]`) or of a run of consecutive
    /// indices in any shape (a `slice`, reshaped; the dynamo exporter spells `as_strided` so); other
    /// gathers copy arbitrary rows and are not read.
    mutating func gather() throws(ONNXImportError) -> Activation {
        let input = try node.activation(0)
        let indices = try node.requiredHeld(1, "indices")
        let axis = try node.int("axis", default: 0)
        guard let fullAxis = Shapes.axis(axis, rank: input.full.count) else { throw node.invalid("gathers along axis \(axis) outside its input") }
        let size = input.full[fullAxis]
        guard let values = indices.integers, let first = values.first else {
            throw node.unsupported("gathers indices that are not known when the graph is read")
        }
        let start = first < 0 ? first + size : first
        guard (0..<size).contains(start), start + values.count <= size,
              values.enumerated().allSatisfy({ offset, value in (value < 0 ? value + size : value) == start + offset })
        else {
            throw node.unsupported("gathers indices that are not one run of consecutive positions within 0..<\(size)")
        }
        let dim = try perSampleAxis(axis, of: input.full)
        var full = input.full
        full.replaceSubrange(fullAxis...fullAxis, with: indices.shape)
        if indices.shape.isEmpty {
            guard input.perSample.count >= 2 else { throw node.unsupported("selects from a one-dimensional value per sample") }
            var natural = input.perSample
            natural.remove(at: dim)
            return try emit(.select(Select(dim: dim, index: start)), [input], natural: natural, full: full)
        }
        guard values.count < size else {
            // Every position in order: only the shape changes.
            return try reshape(input, to: full)
        }
        var natural = input.perSample
        natural[dim] = values.count
        return try emit(.slice(Slice(dim: dim, start: start, end: start + values.count)), [input], natural: natural, full: full)
    }
}
