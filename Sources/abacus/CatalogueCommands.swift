import ArgumentParser
import EstimationAPI
import Foundation
import HTTPCore

/// A catalogue the routes accept by name, listed without a server: a table to read, or with `--json`
/// the very document `GET <path>` answers (asked of the service in-process).
protocol CatalogueCommand: ParsableCommand {
    static var path: String { get }
    static func table() -> String
    var output: OutputFlags { get }
}

extension CatalogueCommand {
    static func routeConfiguration(_ name: String, abstract: String) -> CommandConfiguration {
        CommandConfiguration(commandName: name, abstract: "\(abstract) (GET \(path))")
    }

    func run() throws {
        guard output.json else {
            FileHandle.standardOutput.write(Data(Self.table().utf8))
            return
        }
        let service = EstimationService(configuration: ServiceConfiguration(cacheMaxEntries: 0))
        let response = service.respond(to: HTTPRequest(method: .get, target: Self.path))
        guard response.status == .ok else { throw ExitCode.failure }  // a fixed document: cannot fail
        FileHandle.standardOutput.write(Data(response.body + [UInt8(ascii: "\n")]))
    }
}

/// `abacus models`.
struct ModelsCommand: CatalogueCommand {
    static let path = "/v1/models"
    static let configuration = routeConfiguration("models", abstract: "List the model presets, with their sizes and shapes.")
    static func table() -> String { CatalogueText.models() }

    @OptionGroup var output: OutputFlags
}

/// `abacus hardware`.
struct HardwareCommand: CatalogueCommand {
    static let path = "/v1/hardware"
    static let configuration = routeConfiguration("hardware", abstract: "List the hardware presets: memory, bandwidth, peak FLOP/s.")
    static func table() -> String { CatalogueText.hardware() }

    @OptionGroup var output: OutputFlags
}

/// `abacus networks`.
struct NetworksCommand: CatalogueCommand {
    static let path = "/v1/networks"
    static let configuration = routeConfiguration("networks", abstract: "List the convolutional network presets, counted at batch 1.")
    static func table() -> String { CatalogueText.networks() }

    @OptionGroup var output: OutputFlags
}
