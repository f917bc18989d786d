/// A setting or input file the command cannot use. Printed as `Error: <message>`, exit 2 (the input
/// is wrong), without the usage text a malformed command line gets.
struct ConfigurationError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
