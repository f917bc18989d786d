@testable import Estimation

/// The fields an import of `config` refuses, in the order the importer reports them; none when
/// the import succeeds.
func rejectedFields(_ config: [String: ConfigValue]) -> [String] {
    do {
        _ = try HFConfigImporter.importConfig(config)
        return []
    } catch {
        return error.issues.map(\.field)
    }
}
