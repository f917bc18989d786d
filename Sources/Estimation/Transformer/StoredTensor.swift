/// One tensor a training step holds, named as docs/training-memory.md names it.
struct StoredTensor: Hashable, Sendable {
    var name: String
    var bytes: CheckedInt
}

/// A moment of a layer's backward pass where the step's allocation may peak: how much of the
/// layer's own saved set is still alive then (what the ops after it in the forward pass saved has
/// been freed), and what the backward allocates on top.
struct BackwardPoint: Hashable, Sendable {
    var name: String
    var ownAlive: CheckedInt
    var transient: CheckedInt

    var bytes: CheckedInt { ownAlive + transient }
}

/// What one layer saves, in forward order, and the moments of its backward pass that may peak.
struct LayerTensors: Hashable, Sendable {
    private(set) var tensors: [StoredTensor] = []
    var points: [BackwardPoint] = []
    private(set) var bytes: CheckedInt = 0
    /// What of `bytes` is the layer's input itself (a LayerNorm kernel's saved input, a post-norm
    /// layer's attention input): under recompute, the checkpoint's own copy of it.
    var layerInput: CheckedInt = 0

    /// Saves a tensor (nothing for zero bytes).
    mutating func save(_ name: String, _ size: CheckedInt) {
        guard size != 0 else { return }
        tensors.append(StoredTensor(name: name, bytes: size))
        bytes = bytes + size
    }

    mutating func append(_ other: LayerTensors) {
        for tensor in other.tensors { save(tensor.name, tensor.bytes) }
    }

    /// A backward moment of the op saved last: everything saved so far is alive but `freed`.
    mutating func backward(_ name: String, transient: CheckedInt, freed: CheckedInt = 0) {
        points.append(BackwardPoint(name: name, ownAlive: bytes - freed, transient: transient))
    }

    /// The most a backward moment of this layer holds (its own alive part and transients).
    var peak: CheckedInt {
        points.reduce(CheckedInt(0)) { CheckedInt.max($0, $1.bytes) }
    }
}
