/// Why a JSON text is not the object (or array) a caller expects, and where, as a person finds it in a file:
/// line and column (both from 1, the column in characters). The command line reads config files
/// through it so that a typo is reported at its place rather than as "not JSON".
public struct JSONTextProblem: Error, Sendable, CustomStringConvertible {
    /// Nil when the text is JSON but not an object (the problem is then the whole text).
    public var line: Int?
    public var column: Int?
    public var message: String

    public var description: String {
        guard let line, let column else { return message }
        return "line \(line), column \(column): \(message)"
    }

    /// What a file must hold: a request's object, or an array of its items.
    public enum Container: Sendable {
        case object, array

        public var name: String { self == .object ? "a JSON object" : "a JSON array" }
    }

    /// The problem with `bytes` as one JSON `container` (with the service's nesting limit), or nil
    /// when it is one.
    public static func check(_ bytes: [UInt8], holds container: Container) -> JSONTextProblem? {
        do {
            let value = try JSONReader.parse(bytes)
            switch (value, container) {
            case (.object, .object), (.array, .array): return nil
            default: return JSONTextProblem(line: nil, column: nil, message: "holds \(value.typeName), not \(container.name)")
            }
        } catch {
            let before = bytes[..<min(error.offset, bytes.count)]
            let lineStart = before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
            let line = before.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
            let column = String(decoding: bytes[lineStart..<before.endIndex], as: UTF8.self).count + 1
            return JSONTextProblem(line: line, column: column, message: error.message)
        }
    }
}
