/// A named network: a torchvision model or a pycls model-zoo model, built from its family's
/// definition and resolved at its default input (the input of torchvision's default weights, or
/// pycls's training image size).
public struct NetworkPreset: Sendable {
    /// Whose definition it follows, and so which reference it is checked against.
    public enum Source: String, Hashable, Sendable {
        case torchvision, pycls
    }

    /// As torchvision names its builders (`resnet50`), or `pycls-` and pycls's model-zoo name
    /// folded (`pycls-regnetx-400mf`).
    public let name: String
    /// `ResNet-50`, `RegNetX-400MF (pycls)`.
    public let displayName: String
    /// `resnet`, `regnet`, `efficientnet`, …
    public let family: String
    public let source: Source
    public let network: Network
    /// The stages it is built from (ResNets, RegNets, EfficientNets), which /v1/scaling scales.
    public let stages: StagedNetwork?

    init(name: String, displayName: String, family: String, source: Source, network: Network, stages: StagedNetwork?) {
        self.name = name
        self.displayName = displayName
        self.family = family
        self.source = source
        self.network = network
        self.stages = stages
    }

    /// The preset's layers on another input (a ViT's position embedding follows the image).
    public func spec(input: [Int]? = nil) -> NetworkSpec {
        var spec = network.spec
        if let input { spec.input = input }
        return spec
    }
}

/// The network presets and name lookup.
public enum NetworkPresets {
    /// Every preset, torchvision's then pycls's, each family by size.
    public static let all: [NetworkPreset] = NetworkCatalogue.entries.compactMap { entry in
        // Every entry is checked against torchvision or pycls by the tests; one that failed to
        // resolve would be a catalogue bug, which the tests report by comparing the lists.
        guard let network = try? Network(resolving: entry.spec) else { return nil }
        return NetworkPreset(
            name: entry.name, displayName: entry.displayName, family: entry.family, source: entry.source, network: network,
            stages: entry.stages)
    }

    private static let index = CatalogueIndex(all, name: \.name)

    /// The preset called `name`, case, `_`, `.` and spaces folded (`ResNet_50` is not `resnet50`:
    /// hyphens stay).
    public static func named(_ name: String) -> NetworkPreset? {
        index.named(name)
    }

    public static func closeMatches(to name: String, limit: Int = 5) -> [String] {
        index.closeMatches(to: name, limit: limit)
    }
}
