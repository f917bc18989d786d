import Foundation

/// The bearer token `serve` requires on /v1/: read from a file (`--auth-token-file` or
/// `ABACUS_AUTH_TOKEN_FILE`) or given in `ABACUS_AUTH_TOKEN`. Never a flag, which `ps` would show.
enum AuthToken {
    static let environmentVariable = "ABACUS_AUTH_TOKEN"
    /// Longer files are surely not a token; refusing them bounds what is read.
    private static let maxFileBytes = 4096

    /// The token, or nil when none is configured. The file's flag beats both variables; the two
    /// variables together are ambiguous and refused.
    static func resolve(fileFlag: String?, environment: [String: String]) throws -> String? {
        let file = try ServeSettings.authTokenFile.resolve(fileFlag, environment: environment)
        let inline = environment[environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
        if fileFlag == nil, file != nil, inline != nil {
            throw ConfigurationError(
                "Both \(ServeSettings.authTokenFile.environmentVariable) and \(environmentVariable) are set; set one.")
        }
        if let file {
            return try validated(read(file), source: file)
        }
        return try inline.map { try validated($0, source: environmentVariable) }
    }

    private static func read(_ path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ConfigurationError("Cannot read the auth token file \(path).")
        }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: maxFileBytes + 1)) ?? Data()
        guard data.count <= maxFileBytes else {
            throw ConfigurationError("The auth token file \(path) is longer than \(maxFileBytes) bytes.")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Surrounding whitespace (a file's final newline) is dropped; what is left must be visible
    /// ASCII, as a header value can carry it unchanged.
    private static func validated(_ text: String, source: String) throws -> String {
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty, token.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw ConfigurationError("The auth token from \(source) must be non-empty visible ASCII without spaces.")
        }
        return token
    }
}
