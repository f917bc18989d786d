import EstimationAPI
import Foundation

/// The JSON files a command's flags name (`--hf-config`, `--spec`, `--hardware-spec`,
/// `--operators`), read once each; `-` is standard input, which only one flag can have.
struct InputFiles {
    /// Config files are a few kilobytes; the server takes 1 MiB bodies.
    static let maxBytes = 1 << 20

    private var standardInputReadBy: String?

    /// The file's text, once it is known to hold one JSON object (so that it cannot add other
    /// members to the request). Errors name the flag and the file, and where the JSON breaks.
    mutating func jsonObject(_ path: String, flag: String) throws -> String {
        try json(path, flag: flag, holding: .object)
    }

    /// The file's text, once it is known to hold one JSON array (`--operators`).
    mutating func jsonArray(_ path: String, flag: String) throws -> String {
        try json(path, flag: flag, holding: .array)
    }

    private mutating func json(_ path: String, flag: String, holding container: JSONTextProblem.Container) throws -> String {
        let data: Data
        let name: String
        if path == "-" {
            name = "\(flag) (standard input)"
            if let reader = standardInputReadBy {
                throw ConfigurationError("\(name): standard input is already read by \(reader); give a file to one of them.")
            }
            standardInputReadBy = flag
            data = (try? FileHandle.standardInput.read(upToCount: Self.maxBytes + 1)) ?? Data()
        } else {
            name = "\(flag) \(path)"
            guard let handle = FileHandle(forReadingAtPath: path) else { throw ConfigurationError("\(name): cannot read the file.") }
            defer { try? handle.close() }
            data = (try? handle.read(upToCount: Self.maxBytes + 1)) ?? Data()
        }
        guard data.count <= Self.maxBytes else { throw ConfigurationError("\(name): larger than \(Self.maxBytes) bytes.") }
        if let problem = JSONTextProblem.check(Array(data), holds: container) {
            throw ConfigurationError("\(name): \(data.isEmpty ? "empty, not \(container.name)" : problem.description).")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
