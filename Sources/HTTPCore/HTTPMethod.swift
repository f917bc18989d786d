/// A request method (RFC 9110 §9): a case-sensitive token, so `get` is not `GET`.
///
/// HEAD is answered like GET everywhere: a route that serves GET serves HEAD (`answeredAs`), and the
/// server sends HEAD's response without its body. No one rewrites the method: a handler sees what the
/// client sent.
public struct HTTPMethod: RawRepresentable, Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public init(stringLiteral value: String) {
        rawValue = value
    }

    public var description: String { rawValue }

    public static let get = HTTPMethod(rawValue: "GET")
    public static let head = HTTPMethod(rawValue: "HEAD")
    public static let post = HTTPMethod(rawValue: "POST")
    public static let put = HTTPMethod(rawValue: "PUT")
    public static let delete = HTTPMethod(rawValue: "DELETE")
    public static let patch = HTTPMethod(rawValue: "PATCH")
    public static let options = HTTPMethod(rawValue: "OPTIONS")
    public static let trace = HTTPMethod(rawValue: "TRACE")
    public static let connect = HTTPMethod(rawValue: "CONNECT")

    /// The method whose route answers this one: GET for HEAD, itself otherwise.
    public var answeredAs: HTTPMethod { self == .head ? .get : self }

    /// The method named by `bytes` (a token the parser has checked), sharing the common ones.
    static func parsed(_ bytes: UnsafeBufferPointer<UInt8>) -> HTTPMethod {
        switch bytes.count {
        case 3 where bytes[0] == UInt8(ascii: "G") && bytes[1] == UInt8(ascii: "E") && bytes[2] == UInt8(ascii: "T"):
            .get
        case 4 where bytes[0] == UInt8(ascii: "P") && bytes[1] == UInt8(ascii: "O") && bytes[2] == UInt8(ascii: "S")
            && bytes[3] == UInt8(ascii: "T"):
            .post
        default:
            HTTPMethod(rawValue: String(decoding: bytes, as: UTF8.self))
        }
    }
}
