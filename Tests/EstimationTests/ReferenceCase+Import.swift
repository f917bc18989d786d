import Testing
import TransformersReference
@testable import Estimation

extension ReferenceCase {
    /// The spec the service builds from the case's config.json.
    func imported() throws -> ImportedModel {
        try HFConfigImporter.importConfig(config)
    }

    /// The imported spec of the case called `name` in either reference file.
    static func spec(_ name: String) throws -> ModelSpec {
        try #require(named(name)).imported().spec
    }
}
