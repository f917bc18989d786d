import ArgumentParser
import EstimationAPI
import Foundation
import HTTPCore

/// A command that answers one estimate route in-process, by the very service the server runs, so
/// that its table (or `--json`) is byte for byte the server's answer. A command is its route and the
/// flag groups of the fields that route reads; adding a route's command is a type like
/// `KVCacheCommand` and one line in `EndpointCommands.all` (docs/cli.md says why the flags are not
/// generated from the endpoint types).
protocol EndpointCommand: ParsableCommand {
    /// The route (`/v1/kv-cache`): the one the server answers with the same body.
    static var path: String { get }
    var output: OutputFlags { get }
    /// The groups in the order their fields go into the body; the subject first.
    var requestFlags: [any RequestFlags] { get }
    /// Whether `--require-fit` was given (commands whose answers carry fit verdicts have it).
    var requiresFit: Bool { get }
    /// A body that is the subject itself (an ONNX model), the fields then given beside it.
    func upload() throws -> (body: [UInt8], contentType: MediaType)?
}

extension EndpointCommand {
    var requiresFit: Bool { false }
    func upload() throws -> (body: [UInt8], contentType: MediaType)? { nil }

    /// The summary ends with the route, so that `abacus --help` maps commands to routes.
    static func routeConfiguration(_ name: String, abstract: String, discussion: String = "") -> CommandConfiguration {
        CommandConfiguration(
            commandName: name, abstract: "\(abstract) (POST \(path))",
            discussion: discussion.isEmpty ? Self.commonDiscussion : discussion + "\n\n" + Self.commonDiscussion)
    }

    private static var commonDiscussion: String {
        "Options left out take the service's defaults; each option's help names its request field in brackets, "
            + "as docs/cli.md and GET /openapi.yaml describe it. Exits 2 with the problem's message, "
            + "naming the flag at fault, when the service refuses the request."
    }

    func run() throws {
        var files = InputFiles()
        var body = RequestBody()
        var flags: [String: String] = [:]
        var given: Set<String> = []
        for group in requestFlags {
            for field in try group.fields(&files) {
                flags[field.path] = field.flag
                if let json = field.json {
                    body.set(field.path, json: json)
                    given.insert(field.path)
                }
            }
        }
        // The hardware flags, whatever field they set (`hardware`, or `/v1/fits`'s `accelerators`).
        if requiresFit && !given.contains(where: { ["--hardware", "--hardware-spec"].contains(flags[$0]) }) {
            throw ConfigurationError("--require-fit needs --hardware or --hardware-spec: without hardware nothing is judged.")
        }
        let service = EstimationService(configuration: ServiceConfiguration(cacheMaxEntries: 0))
        let request = Array(body.json.utf8)
        let upload = try upload()
        func answer(_ representation: Representation) throws -> [UInt8] {
            do {
                if let upload {
                    return try service.estimate(
                        path: Self.path, upload: upload.body, contentType: upload.contentType, fields: request, as: representation)
                }
                return try service.estimate(path: Self.path, body: request, as: representation)
            } catch {
                FileHandle.standardError.write(Data(ProblemReport.message(error.document, flags: flags).utf8))
                throw ExitStatus.input
            }
        }
        var printed = try answer(output.json ? .json : .text)
        if printed.last != UInt8(ascii: "\n") { printed.append(UInt8(ascii: "\n")) }
        FileHandle.standardOutput.write(Data(printed))
        guard requiresFit else { return }
        let verdict = try FitVerdict(json: output.json ? printed : try answer(.json))
        guard verdict.count > 0 else { throw ConfigurationError("\(Self.path) judged no fit, so --require-fit has nothing to check.") }
        if let reason = verdict.reason {
            FileHandle.standardError.write(Data("abacus: does not fit: \(reason)\n".utf8))
            throw ExitStatus.doesNotFit
        }
    }
}

/// [--json]: every command prints the text table unless asked for the JSON document.
struct OutputFlags: ParsableArguments {
    @Flag(help: "Print the JSON response instead of the table.") var json = false
}

/// [--require-fit]: the CI gate of the commands whose answers judge a fit on hardware.
struct FitGateFlag: ParsableArguments {
    @Flag(help: ArgumentHelp(
        "Exit 3, with the reason on standard error, when a fit the answer judges fails: training memory per GPU, the KV cache, serving memory, a cell of the fits grid (needs --hardware or --hardware-spec).",
        discussion: "The answer is printed either way; a run that fits exits 0."))
    var requireFit = false
}
