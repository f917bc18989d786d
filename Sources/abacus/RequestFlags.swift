import ArgumentParser
import EstimationAPI

/// One request field a flag sets: the flag (so that the service's issues can be named by it), the
/// field's path in the body (`parallelism.tensor`), and its JSON when the flag is given.
struct RequestField {
    var flag: String
    var path: String
    var json: String?

    init(_ flag: String, _ path: String, json: String?) {
        self.flag = flag
        self.path = path
        self.json = json
    }

    /// A number as typed: the service, not the command line, judges it.
    init(_ flag: String, _ path: String, _ number: JSONNumber?) {
        self.init(flag, path, json: number?.text)
    }

    init(_ flag: String, _ path: String, string: String?) {
        self.init(flag, path, json: string.map(JSONText.stringLiteral))
    }

    init(_ flag: String, _ path: String, bool: Bool?) {
        self.init(flag, path, json: bool.map { String($0) })
    }
}

/// A group of flags that set request fields. A command is its endpoint's path and the groups of the
/// fields that endpoint reads (`EndpointCommand`); groups are shared so that a field has one flag,
/// one help text and one spelling on every command that sends it.
protocol RequestFlags: ParsableArguments {
    /// The group's fields, given or not; throws when a file a flag names cannot be used.
    func fields(_ files: inout InputFiles) throws -> [RequestField]
}

/// `a, b, c`: an enumeration's names for a flag's help.
func choices<Choice: CaseIterable & RawRepresentable>(_ type: Choice.Type) -> String where Choice.RawValue == String {
    Choice.allCases.map(\.rawValue).joined(separator: ", ")
}
