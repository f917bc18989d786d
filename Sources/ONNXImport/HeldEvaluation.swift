import Foundation

/// Evaluates a node that reads held tensors only: shape computations (`Shape`, `Gather`,
/// `Concat` of sizes), constants, and views of weights. Shapes always; values while the result
/// has at most `ONNXLimits.evaluatedValues` of them and the inputs' values are known. A result
/// is learned when any input is, and keeps the origin of a weight it only reshapes or broadcasts.
struct HeldEvaluation {
    var limits: ONNXLimits

    func evaluate(_ node: ImportNode) throws(ONNXImportError) -> [HeldTensor] {
        let tensors = try node.inputs.enumerated().map { index, value throws(ONNXImportError) -> HeldTensor? in
            switch value {
            case nil: return nil
            case .held(let tensor)?: return tensor
            case .activation(let activation)?:
                // Read for its shape only (Shape, Size, CastLike's type, …).
                return HeldTensor(shape: activation.full, kind: .real, values: nil, learned: false, origin: nil)
            case .sequence?: throw node.unsupported("reads a sequence of held tensors")
            }
        }
        let learned = tensors.contains { $0?.learned ?? false } && !["Shape", "Size"].contains(node.opType)
        func first() throws(ONNXImportError) -> HeldTensor {
            guard let tensor = tensors.first ?? nil else { throw node.invalid("has no input") }
            return tensor
        }
        /// A view of the first input: same values in another shape, the same weight.
        func view(_ shape: [Int]) throws(ONNXImportError) -> [HeldTensor] {
            let input = try first()
            return [HeldTensor(shape: shape, kind: input.kind, values: input.values, learned: input.learned, origin: input.origin)]
        }
        switch node.opType {
        case "Constant":
            return [try constant(node)]
        case "ConstantOfShape":
            let shape = try node.integers(0, "shape") ?? []
            try checkShape(shape, node)
            let fill = try node.tensor("value").map { tensor throws(ONNXImportError) -> HeldTensor in
                try read(tensor, node, what: "its value")
            }
            let value = fill?.values?.first ?? 0
            return [made(shape, kind: fill?.kind ?? .real, learned: false) { _ in value }]
        case "Shape":
            let shape = try first().shape
            let rank = shape.count
            let start = (try node.int("start", default: 0)).clamped(rank)
            let end = max((try node.int("end", default: rank)).clamped(rank), start)
            return [integers(Array(shape[start..<end]), shape: [end - start])]
        case "Size":
            return [integers([try first().elementCount], shape: [])]
        case "Identity":
            return try view(try first().shape)
        case "Cast", "CastLike":
            let input = try first()
            let kind = node.opType == "Cast"
                ? ElementKind(dataType: Int32(clamping: try node.int("to") ?? 1))
                : (tensors.count > 1 ? tensors[1]?.kind ?? input.kind : input.kind)
            let values = input.values.map { values in values.map { kind == .integer ? $0.rounded(.towardZero) : (kind == .boolean ? ($0 != 0 ? 1 : 0) : $0) } }
            return [HeldTensor(shape: input.shape, kind: kind, values: values, learned: input.learned, origin: input.origin)]
        case "Reshape", "Flatten", "Squeeze", "Unsqueeze":
            return try view(try ShapeOps.output(of: node, input: try first().shape))
        case "Transpose":
            let input = try first()
            let order = try ShapeOps.permutation(of: node, rank: input.shape.count)
            let shape = order.map { input.shape[$0] }
            let values = input.values.map { Self.transposed($0, shape: input.shape, order: order) }
            return [HeldTensor(shape: shape, kind: input.kind, values: values, learned: input.learned, origin: input.origin)]
        case "Expand":
            let input = try first()
            guard let target = try node.integers(1, "shape"), let shape = Shapes.broadcast([input.shape, target]) else {
                throw node.invalid("cannot expand \(ONNXText.shape(try first().shape)) to the shape it is given")
            }
            try checkShape(shape, node)
            var expanded = HeldTensor(shape: shape, kind: input.kind, values: nil, learned: input.learned, origin: input.origin)
            expanded.values = elementwise([input], to: shape) { $0[0] }
            return [expanded]
        case "Concat":
            return [try concatenation(node, tensors.compactMap { $0 }, learned: learned)]
        case "Gather":
            return [try gather(node, try first(), tensors.count > 1 ? tensors[1] : nil)]
        case "Slice":
            return [try slice(node, try first())]
        case "Range":
            return [try range(node, tensors)]
        case "RandomUniformLike", "RandomNormalLike":
            return [HeldTensor(shape: try first().shape, kind: .real, values: nil, learned: false, origin: nil)]
        case "Where":
            let inputs = tensors.compactMap { $0 }
            guard inputs.count == 3 else { throw node.invalid("needs three inputs") }
            return [try combined(node, inputs, learned: learned, kind: inputs[1].kind) { $0[0] != 0 ? $0[1] : $0[2] }]
        default:
            if let function = Self.unary(node.opType) {
                let input = try first()
                return [try combined(node, [input], learned: learned, kind: input.kind) { function($0[0]) }]
            }
            if let (function, comparison) = Self.binary(node.opType) {
                let inputs = tensors.compactMap { $0 }
                guard inputs.count >= 2 else { throw node.invalid("needs two inputs") }
                let kind: ElementKind = comparison ? .boolean : inputs[0].kind
                return [try combined(node, inputs, learned: learned, kind: kind) { values in
                    values.dropFirst().reduce(values[0]) { function($0, $1) }
                }]
            }
            throw node.unsupported("Abacus does not evaluate \(ONNXText.quoted(node.opType)) on held tensors (weights, constants, shapes)")
        }
    }

    // MARK: - Elementwise arithmetic

    private static func unary(_ opType: String) -> ((Double) -> Double)? {
        switch opType {
        case "Neg": { -$0 }
        case "Abs": { abs($0) }
        case "Sqrt": { $0.squareRoot() }
        case "Reciprocal": { 1 / $0 }
        case "Floor": { $0.rounded(.down) }
        case "Ceil": { $0.rounded(.up) }
        case "Round": { $0.rounded(.toNearestOrEven) }
        case "Exp": { Foundation.exp($0) }
        case "Log": { Foundation.log($0) }
        case "Erf": { Foundation.erf($0) }
        case "Relu": { max($0, 0) }
        case "Sigmoid": { 1 / (1 + Foundation.exp(-$0)) }
        case "Tanh": { Foundation.tanh($0) }
        case "Not": { $0 == 0 ? 1 : 0 }
        case "Sign": { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }
        default: nil
        }
    }

    /// Binary (and variadic `Min`, `Max`) functions, and whether they compare (a boolean result).
    private static func binary(_ opType: String) -> (function: (Double, Double) -> Double, comparison: Bool)? {
        switch opType {
        case "Add": ((+), false)
        case "Sub": ((-), false)
        case "Mul": ((*), false)
        case "Div": ((/), false)
        case "Pow": ({ Foundation.pow($0, $1) }, false)
        case "Mod": ({ $0.truncatingRemainder(dividingBy: $1) }, false)
        case "Min": ({ min($0, $1) }, false)
        case "Max": ({ max($0, $1) }, false)
        case "Equal": ({ $0 == $1 ? 1 : 0 }, true)
        case "Less": ({ $0 < $1 ? 1 : 0 }, true)
        case "Greater": ({ $0 > $1 ? 1 : 0 }, true)
        case "LessOrEqual": ({ $0 <= $1 ? 1 : 0 }, true)
        case "GreaterOrEqual": ({ $0 >= $1 ? 1 : 0 }, true)
        case "And": ({ $0 != 0 && $1 != 0 ? 1 : 0 }, true)
        case "Or": ({ $0 != 0 || $1 != 0 ? 1 : 0 }, true)
        case "Xor": ({ ($0 != 0) != ($1 != 0) ? 1 : 0 }, true)
        default: nil
        }
    }

    /// Inputs broadcast together, each output value `function` of the inputs' values there.
    private func combined(
        _ node: ImportNode, _ inputs: [HeldTensor], learned: Bool, kind: ElementKind, _ function: ([Double]) -> Double
    ) throws(ONNXImportError) -> HeldTensor {
        guard let shape = Shapes.broadcast(inputs.map(\.shape)) else {
            throw node.invalid("cannot broadcast its inputs' shapes \(inputs.map { ONNXText.shape($0.shape) }.joined(separator: ", "))")
        }
        try checkShape(shape, node)
        var values = elementwise(inputs, to: shape, function)
        // An integer division truncates, as ONNX's does.
        if kind == .integer { values = values?.map { $0.isFinite ? $0.rounded(.towardZero) : $0 } }
        return HeldTensor(shape: shape, kind: kind, values: values, learned: learned, origin: nil)
    }

    /// Values of `inputs` broadcast to `shape` and combined, when all are known and few enough.
    private func elementwise(_ inputs: [HeldTensor], to shape: [Int], _ function: ([Double]) -> Double) -> [Double]? {
        guard let count = Shapes.elementCount(shape), count <= limits.evaluatedValues else { return nil }
        guard count > 0 else { return [] }
        var known: [[Double]] = []
        for input in inputs {
            guard let values = input.values else { return nil }
            known.append(values)
        }
        let strides = inputs.map { Self.broadcastStrides($0.shape, to: shape) }
        var arguments = [Double](repeating: 0, count: inputs.count)
        var result: [Double] = []
        result.reserveCapacity(count)
        var index = [Int](repeating: 0, count: shape.count)
        for _ in 0..<count {
            for input in inputs.indices {
                var offset = 0
                for axis in shape.indices { offset += index[axis] * strides[input][axis] }
                arguments[input] = known[input][offset]
            }
            result.append(function(arguments))
            var axis = shape.count - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < shape[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
        return result
    }

    /// Row-major strides of `shape` seen from a broadcast `target` (0 where it broadcasts).
    private static func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
        var strides = [Int](repeating: 0, count: target.count)
        var stride = 1
        for offset in 1...max(shape.count, 1) where offset <= shape.count {
            let size = shape[shape.count - offset]
            strides[target.count - offset] = size == 1 ? 0 : stride
            stride *= size
        }
        return strides
    }

    private static func transposed(_ values: [Double], shape: [Int], order: [Int]) -> [Double] {
        guard !values.isEmpty else { return [] }
        let output = order.map { shape[$0] }
        var strides = [Int](repeating: 1, count: shape.count)
        for axis in stride(from: shape.count - 2, through: 0, by: -1) { strides[axis] = strides[axis + 1] * shape[axis + 1] }
        var result: [Double] = []
        result.reserveCapacity(values.count)
        var index = [Int](repeating: 0, count: output.count)
        for _ in 0..<values.count {
            var offset = 0
            for axis in output.indices { offset += index[axis] * strides[order[axis]] }
            result.append(values[offset])
            var axis = output.count - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < output[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
        return result
    }

    // MARK: - Constants and shape arithmetic

    private func constant(_ node: ImportNode) throws(ONNXImportError) -> HeldTensor {
        if let tensor = try node.tensor("value") { return try read(tensor, node, what: "its value") }
        if let value = try node.float("value_float") { return HeldTensor(shape: [], kind: .real, values: [value], learned: false, origin: nil) }
        if let values = try node.ints("value_ints") { return integers(values, shape: [values.count]) }
        if let value = try node.int("value_int") { return integers([value], shape: []) }
        if let attribute = node.proto.attribute.first(where: { $0.name == "value_floats" }) {
            let values = attribute.floats.prefix(limits.evaluatedValues + 1).map(Double.init)
            return HeldTensor(
                shape: [attribute.floats.count], kind: .real, values: values.count <= limits.evaluatedValues ? values : nil,
                learned: false, origin: nil)
        }
        if node.attributeNames.contains(where: { $0.hasPrefix("value_string") }) {
            return HeldTensor(shape: [], kind: .other, values: nil, learned: false, origin: nil)
        }
        throw node.unsupported("holds a value Abacus does not read (a sparse tensor), or none")
    }

    private func read(_ tensor: Onnx_TensorProto, _ node: ImportNode, what: String) throws(ONNXImportError) -> HeldTensor {
        do {
            return try TensorReading(limits: limits).read(tensor, learned: false, origin: nil, what: what)
        } catch {
            throw node.invalid(error.message)
        }
    }

    private func integers(_ values: [Int], shape: [Int]) -> HeldTensor {
        HeldTensor(shape: shape, kind: .integer, values: values.map(Double.init), learned: false, origin: nil)
    }

    private func made(_ shape: [Int], kind: ElementKind, learned: Bool, _ value: (Int) -> Double) -> HeldTensor {
        let count = Shapes.elementCount(shape) ?? Int.max
        let values = count <= limits.evaluatedValues ? (0..<count).map(value) : nil
        return HeldTensor(shape: shape, kind: kind, values: values, learned: learned, origin: nil)
    }

    private func checkShape(_ shape: [Int], _ node: ImportNode) throws(ONNXImportError) {
        guard shape.count <= Shapes.largestRank, shape.allSatisfy({ (0...Shapes.largestDimension).contains($0) }),
              Shapes.elementCount(shape) != nil
        else {
            throw node.unsupported("would make a tensor of shape \(ONNXText.shape(shape)); Abacus reads up to \(Shapes.largestRank) dimensions of at most \(Shapes.largestDimension)")
        }
    }

    private func concatenation(_ node: ImportNode, _ inputs: [HeldTensor], learned: Bool) throws(ONNXImportError) -> HeldTensor {
        guard let first = inputs.first, let axisValue = try node.int("axis"),
              let axis = Shapes.axis(axisValue, rank: first.shape.count)
        else {
            throw node.invalid("has no inputs, or no axis within them")
        }
        var shape = first.shape
        shape[axis] = 0
        for input in inputs {
            var others = input.shape
            guard others.count == shape.count else { throw node.invalid("concatenates tensors of different ranks") }
            others[axis] = 0
            guard others == shape.enumerated().map({ $0.offset == axis ? 0 : $0.element }) else {
                throw node.invalid("concatenates \(ONNXText.shape(input.shape)) with \(ONNXText.shape(first.shape))")
            }
            shape[axis] += input.shape[axis]
        }
        try checkShape(shape, node)
        var result = HeldTensor(shape: shape, kind: first.kind, values: nil, learned: learned, origin: inputs.count == 1 ? first.origin : nil)
        guard let count = Shapes.elementCount(shape), count <= limits.evaluatedValues,
              inputs.allSatisfy({ $0.values != nil })
        else { return result }
        // Row-major: for each index before the axis, each input's block in turn.
        let outer = Shapes.elementCount(Array(shape[..<axis])) ?? 0
        var values: [Double] = []
        values.reserveCapacity(count)
        for row in 0..<outer {
            for input in inputs {
                let block = Shapes.elementCount(Array(input.shape[axis...])) ?? 0
                values.append(contentsOf: input.values?[(row * block)..<((row + 1) * block)] ?? [])
            }
        }
        result.values = values
        return result
    }

    private func gather(_ node: ImportNode, _ data: HeldTensor, _ indices: HeldTensor?) throws(ONNXImportError) -> HeldTensor {
        guard let indices, let axis = Shapes.axis(try node.int("axis", default: 0), rank: data.shape.count) else {
            throw node.invalid("has no indices, or an axis outside its data")
        }
        let shape = Array(data.shape[..<axis]) + indices.shape + Array(data.shape[(axis + 1)...])
        try checkShape(shape, node)
        let origin = data.learned ? nil : data.origin
        var result = HeldTensor(shape: shape, kind: data.kind, values: nil, learned: data.learned, origin: origin)
        guard let count = Shapes.elementCount(shape), count <= limits.evaluatedValues, let values = data.values,
              let positions = indices.integers
        else { return result }
        let size = data.shape[axis]
        let inner = Shapes.elementCount(Array(data.shape[(axis + 1)...])) ?? 0
        let outer = Shapes.elementCount(Array(data.shape[..<axis])) ?? 0
        var gathered: [Double] = []
        gathered.reserveCapacity(count)
        for row in 0..<outer {
            for position in positions {
                let index = position < 0 ? position + size : position
                guard (0..<size).contains(index) else { throw node.invalid("gathers index \(position) of \(size)") }
                let start = (row * size + index) * inner
                gathered.append(contentsOf: values[start..<(start + inner)])
            }
        }
        result.values = gathered
        return result
    }

    private func slice(_ node: ImportNode, _ data: HeldTensor) throws(ONNXImportError) -> HeldTensor {
        guard let starts = try node.integers(1, orAttribute: "starts"),
              let ends = try node.integers(2, orAttribute: "ends")
        else { throw node.invalid("has no starts or ends") }
        let axes = try node.integers(3, orAttribute: "axes") ?? Array(starts.indices)
        let steps = try node.integers(4, "steps") ?? [Int](repeating: 1, count: starts.count)
        guard starts.count == ends.count, axes.count == starts.count, steps.count == starts.count,
              starts.count <= data.shape.count
        else {
            throw node.invalid("has starts, ends, axes and steps of different lengths")
        }
        var ranges = data.shape.map { (start: 0, step: 1, count: $0) }
        for (position, axisValue) in axes.enumerated() {
            guard let axis = Shapes.axis(axisValue, rank: data.shape.count), steps[position] != 0 else {
                throw node.invalid("slices axis \(axisValue) outside its data, or with a step of 0")
            }
            let size = data.shape[axis]
            let step = steps[position]
            func clamped(_ value: Int, _ low: Int, _ high: Int) -> Int { min(max(value < 0 ? value + size : value, low), high) }
            let start = step > 0 ? clamped(starts[position], 0, size) : clamped(starts[position], -1, size - 1)
            let end = step > 0 ? clamped(ends[position], 0, size) : clamped(ends[position], -1, size - 1)
            let count = step > 0 ? max(0, (end - start + step - 1) / step) : max(0, (start - end - step - 1) / -step)
            ranges[axis] = (start, step, count)
        }
        let shape = ranges.map(\.count)
        var result = HeldTensor(shape: shape, kind: data.kind, values: nil, learned: data.learned, origin: nil)
        guard let count = Shapes.elementCount(shape), count <= limits.evaluatedValues, let values = data.values else { return result }
        guard count > 0 else {
            result.values = []
            return result
        }
        var strides = [Int](repeating: 1, count: shape.count)
        for axis in stride(from: shape.count - 2, through: 0, by: -1) { strides[axis] = strides[axis + 1] * data.shape[axis + 1] }
        var sliced: [Double] = []
        sliced.reserveCapacity(count)
        var index = [Int](repeating: 0, count: shape.count)
        for _ in 0..<count {
            var offset = 0
            for axis in shape.indices { offset += (ranges[axis].start + index[axis] * ranges[axis].step) * strides[axis] }
            sliced.append(values[offset])
            var axis = shape.count - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < shape[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
        result.values = sliced
        return result
    }

    private func range(_ node: ImportNode, _ inputs: [HeldTensor?]) throws(ONNXImportError) -> HeldTensor {
        guard inputs.count == 3, let start = inputs[0]?.values?.first, let limit = inputs[1]?.values?.first,
              let delta = inputs[2]?.values?.first, delta != 0, start.isFinite, limit.isFinite
        else {
            throw node.unsupported("has a start, limit or delta that is not known when the graph is read")
        }
        let count = max(0, ((limit - start) / delta).rounded(.up))
        guard count <= Double(limits.evaluatedValues) else { throw node.unsupported("makes \(count) values") }
        let kind = inputs[0]?.kind ?? .real
        return made([Int(count)], kind: kind, learned: false) { start + Double($0) * delta }
    }
}

extension Int {
    /// Counted from the end when negative, then kept within 0…`rank`.
    fileprivate func clamped(_ rank: Int) -> Int { Swift.min(Swift.max(self < 0 ? self + rank : self, 0), rank) }
}
