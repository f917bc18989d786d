/// A setting or input file the command cannot use. Printed as `Error: <message>`, exit 1, without
/// the usage text a malformed command line gets.
struct ConfigurationError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
