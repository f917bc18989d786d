import Testing
@testable import Estimation

@Suite("Reference models (models.json)")
struct ReferenceModelTests {
    @Test func referenceFileIsRead() {
        #expect(ReferenceModel.all.count >= 10)
    }

    @Test(arguments: ReferenceModel.all)
    func parameterCountMatchesTransformers(_ reference: ReferenceModel) throws {
        let imported = try HFConfigImporter.importConfig(reference.config)
        #expect(!imported.approximate)
        #expect(imported.warnings.isEmpty)
        let counts = try ParameterCounter.count(imported.spec)
        #expect(counts.total == reference.parameters)
    }
}
