import Foundation

/// One node as a mapping reads it: its inputs' values (nil for an omitted optional input), its
/// attributes by name, and errors that name it.
struct ImportNode {
    let reference: ONNXNodeReference
    let proto: Onnx_NodeProto
    let inputs: [Value?]

    var opType: String { reference.opType }
    var outputs: [String] { proto.output }

    func fail(_ reason: ONNXImportError.Reason, _ message: String) -> ONNXImportError {
        ONNXImportError(reason, at: reference, message)
    }

    func unsupported(_ message: String) -> ONNXImportError { fail(.unsupported, message) }

    func invalid(_ message: String) -> ONNXImportError { fail(.invalidGraph, message) }

    // MARK: - Inputs

    func input(_ index: Int) -> Value? { index < inputs.count ? inputs[index] : nil }

    /// Input `index`, which must be computed from the network's input.
    func activation(_ index: Int) throws(ONNXImportError) -> Activation {
        guard case .activation(let activation)? = input(index) else {
            throw unsupported("input \(index) must be computed from the network's input; Abacus counts \(opType) on a computed first operand only")
        }
        return activation
    }

    /// Input `index` as a held tensor (a weight, a constant), nil when omitted.
    func held(_ index: Int, _ role: String) throws(ONNXImportError) -> HeldTensor? {
        switch input(index) {
        case nil: return nil
        case .held(let tensor)?: return tensor
        default: throw unsupported("its \(role) (input \(index)) is computed from the network's input; Abacus reads it as a held tensor only")
        }
    }

    /// A held input that must be present.
    func requiredHeld(_ index: Int, _ role: String) throws(ONNXImportError) -> HeldTensor {
        guard let tensor = try held(index, role) else { throw invalid("has no \(role) (input \(index))") }
        return tensor
    }

    /// A held input's values as integers (shapes, axes, indices), nil when omitted.
    func integers(_ index: Int, _ role: String) throws(ONNXImportError) -> [Int]? {
        guard let tensor = try held(index, role) else { return nil }
        guard let values = tensor.integers else {
            throw unsupported("its \(role) (input \(index)) is not known when the graph is read; Abacus needs it to infer shapes")
        }
        return values
    }

    /// Integers given as input `index` (newer opsets) or as attribute `name` (older ones).
    func integers(_ index: Int, orAttribute name: String) throws(ONNXImportError) -> [Int]? {
        if let values = try integers(index, name) { return values }
        return try ints(name)
    }

    // MARK: - Attributes

    private func attribute(_ name: String) -> Onnx_AttributeProto? {
        proto.attribute.first { $0.name == name }
    }

    func int(_ name: String) throws(ONNXImportError) -> Int? {
        guard let attribute = attribute(name) else { return nil }
        guard attribute.type == .int || (attribute.type == .undefined && attribute.hasI) else {
            throw invalid("attribute \(ONNXText.quoted(name)) must be an integer")
        }
        return try bounded(attribute.i, name)
    }

    func int(_ name: String, default value: Int) throws(ONNXImportError) -> Int { try int(name) ?? value }

    func ints(_ name: String) throws(ONNXImportError) -> [Int]? {
        guard let attribute = attribute(name) else { return nil }
        guard attribute.type == .ints || attribute.type == .undefined else {
            throw invalid("attribute \(ONNXText.quoted(name)) must be a list of integers")
        }
        guard attribute.ints.count <= 64 else { throw unsupported("attribute \(ONNXText.quoted(name)) lists \(attribute.ints.count) integers") }
        var values: [Int] = []
        for value in attribute.ints { values.append(try bounded(value, name)) }
        return values
    }

    func float(_ name: String) throws(ONNXImportError) -> Double? {
        guard let attribute = attribute(name) else { return nil }
        guard attribute.type == .float || (attribute.type == .undefined && attribute.hasF) else {
            throw invalid("attribute \(ONNXText.quoted(name)) must be a float")
        }
        return Double(attribute.f)
    }

    func string(_ name: String) throws(ONNXImportError) -> String? {
        guard let attribute = attribute(name) else { return nil }
        guard attribute.type == .string || (attribute.type == .undefined && attribute.hasS) else {
            throw invalid("attribute \(ONNXText.quoted(name)) must be a string")
        }
        return String(decoding: attribute.s.prefix(256), as: UTF8.self)
    }

    func tensor(_ name: String) throws(ONNXImportError) -> Onnx_TensorProto? {
        guard let attribute = attribute(name) else { return nil }
        guard attribute.type == .tensor || (attribute.type == .undefined && attribute.hasT) else {
            throw invalid("attribute \(ONNXText.quoted(name)) must be a tensor")
        }
        return attribute.t
    }

    var attributeNames: [String] { proto.attribute.map(\.name) }

    /// Integers kept within ±2^41 (ONNX's ±2^63 − 1 for "to the end" becomes ±2^41, beyond any
    /// dimension), so that sums and small products of them cannot overflow; every size they become
    /// is checked against tighter limits later.
    private func bounded(_ value: Int64, _ name: String) throws(ONNXImportError) -> Int {
        guard value.magnitude <= 1 << 40 || value == Int64.max || value == Int64.min else {
            throw unsupported("attribute \(ONNXText.quoted(name)) is \(value), beyond what Abacus reads")
        }
        return Int(clamping: max(min(value, 1 << 41), -(1 << 41)))
    }
}
