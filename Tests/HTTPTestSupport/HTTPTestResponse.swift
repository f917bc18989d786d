import Foundation

/// One HTTP/1.1 response as a test client read it off the wire.
public struct HTTPTestResponse: Sendable {
    public var status: Int
    /// The status line's reason phrase ("OK").
    public var reason: String
    /// Header fields in wire order, names as sent.
    public var fields: [(name: String, value: String)]
    public var body: [UInt8]

    /// Parses a response head: the status line and header fields, without the blank line that ends it.
    init(head: ArraySlice<UInt8>) throws {
        let lines = String(decoding: head, as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard statusParts.count >= 2, statusParts[0] == "HTTP/1.1", let status = Int(statusParts[1]) else {
            throw HTTPTestFailure("bad status line: \(lines[0])")
        }
        self.status = status
        reason = statusParts.count > 2 ? String(statusParts[2]) : ""
        fields = try lines.dropFirst().map { line in
            guard let colon = line.firstIndex(of: ":") else { throw HTTPTestFailure("header line without a colon: \(line)") }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        body = []
    }

    /// The first value of the field `name` (any case).
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return fields.first { $0.name.lowercased() == wanted }?.value
    }

    /// Every field by lower-cased name; repeated fields joined with ", " (RFC 9110 §5.3).
    public var headers: [String: String] {
        fields.reduce(into: [:]) { headers, field in
            let name = field.name.lowercased()
            headers[name] = headers[name].map { "\($0), \(field.value)" } ?? field.value
        }
    }

    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The body as a JSON object (throws when it is not one).
    public func json() throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            throw HTTPTestFailure("body is not a JSON object: \(text.prefix(200))")
        }
        return object
    }

    /// Whether a body follows the head: none for HEAD, 1xx, 204 and 304 (RFC 9110 §6.4.1).
    func hasBody(toHead: Bool) -> Bool {
        !toHead && status >= 200 && status != 204 && status != 304
    }
}
