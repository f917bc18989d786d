/// Why a body is not JSON, and where: the byte offset of the first byte that could not be read.
struct JSONSyntaxError: Error, Hashable, Sendable {
    var offset: Int
    var message: String

    var description: String { "\(message) at byte offset \(offset)" }
}
