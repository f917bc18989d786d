import Foundation

/// Reads a `TensorProto` (an initializer or a `Constant`'s value) into a held tensor: its shape
/// always, its values when it is small and carries them. Weights usually carry none (external
/// data, stripped, or absent), and need none: only their shapes count.
struct TensorReading {
    var limits: ONNXLimits

    /// `what` names the tensor in errors (`initializer "fc.weight"`).
    func read(_ tensor: Onnx_TensorProto, learned: Bool, origin: String?, what: String) throws(Problem) -> HeldTensor {
        guard tensor.dims.count <= Shapes.largestRank else {
            throw Problem("\(what) has \(tensor.dims.count) dimensions; Abacus reads at most \(Shapes.largestRank)")
        }
        var shape: [Int] = []
        for dimension in tensor.dims {
            guard (0...Int64(Shapes.largestDimension)).contains(dimension) else {
                throw Problem("\(what) has a dimension of \(dimension), outside 0…\(Shapes.largestDimension)")
            }
            shape.append(Int(dimension))
        }
        guard let count = Shapes.elementCount(shape) else {
            throw Problem("\(what) of shape \(ONNXText.shape(shape)) has too many values to count")
        }
        let kind = ElementKind(dataType: tensor.dataType)
        var held = HeldTensor(shape: shape, kind: kind, values: nil, learned: learned, origin: origin)
        guard count <= limits.evaluatedValues, tensor.dataLocation != .external else { return held }
        do {
            held.values = try values(of: tensor, count: count)
        } catch {
            throw Problem("\(what) \(error.message)")
        }
        return held
    }

    /// The values the tensor carries (nil for none: no data, or a type the importer does not
    /// evaluate), or why they do not fit its shape.
    private func values(of tensor: Onnx_TensorProto, count: Int) throws(Problem) -> [Double]? {
        let typed: [Double]?
        if !tensor.rawData.isEmpty {
            guard let width = Self.rawWidth(tensor.dataType) else { return nil }
            guard tensor.rawData.count == count * width else {
                throw Problem("has \(tensor.rawData.count) bytes of raw data for \(count) values of \(width) bytes")
            }
            typed = Self.decode(raw: tensor.rawData, dataType: tensor.dataType, width: width)
        } else if !tensor.floatData.isEmpty {
            typed = tensor.dataType == 1 ? tensor.floatData.map(Double.init) : nil
        } else if !tensor.doubleData.isEmpty {
            typed = tensor.dataType == 11 ? tensor.doubleData : nil
        } else if !tensor.int64Data.isEmpty {
            typed = tensor.dataType == 7 ? tensor.int64Data.map(Double.init) : nil
        } else if !tensor.int32Data.isEmpty {
            // int32_data carries every narrower integer type and bool; float16's bits too (not read).
            typed = [2, 3, 4, 5, 6, 9].contains(tensor.dataType) ? tensor.int32Data.map(Double.init) : nil
        } else if !tensor.uint64Data.isEmpty {
            typed = [12, 13].contains(tensor.dataType) ? tensor.uint64Data.map(Double.init) : nil
        } else {
            // No data at all: a weight without values, or an empty tensor.
            return count == 0 ? [] : nil
        }
        guard let typed else { return nil }
        guard typed.count == count else {
            throw Problem("carries \(typed.count) values for a shape of \(count)")
        }
        return typed
    }

    /// Bytes per value in raw data, for the types the importer evaluates.
    private static func rawWidth(_ dataType: Int32) -> Int? {
        switch dataType {
        case 1, 6, 12: 4  // float, int32, uint32
        case 7, 11, 13: 8  // int64, double, uint64
        case 2, 3, 9: 1  // uint8, int8, bool
        case 4, 5: 2  // uint16, int16
        default: nil
        }
    }

    /// Little-endian raw data as doubles.
    private static func decode(raw: Data, dataType: Int32, width: Int) -> [Double] {
        var values: [Double] = []
        values.reserveCapacity(raw.count / width)
        raw.withUnsafeBytes { bytes in
            for offset in stride(from: 0, to: bytes.count, by: width) {
                var bits: UInt64 = 0
                for byte in 0..<width { bits |= UInt64(bytes[offset + byte]) << (8 * byte) }
                values.append(value(bits: bits, dataType: dataType))
            }
        }
        return values
    }

    private static func value(bits: UInt64, dataType: Int32) -> Double {
        switch dataType {
        case 1: Double(Float(bitPattern: UInt32(truncatingIfNeeded: bits)))
        case 11: Double(bitPattern: bits)
        case 6: Double(Int32(truncatingIfNeeded: bits))
        case 7: Double(Int64(bitPattern: bits))
        case 3: Double(Int8(truncatingIfNeeded: bits))
        case 5: Double(Int16(truncatingIfNeeded: bits))
        default: Double(bits)  // unsigned and bool
        }
    }
}
