import Estimation

/// A network given as stages, in JSON: `{"family": "regnet" | "anynet" | "effnet", …}` as RegNet
/// (its design parameters), AnyNet (ResNet, ResNeXt, RegNet stages) and EfficientNet describe
/// themselves; written canonically as AnyNet or EfficientNet stages (a RegNet as the stages it
/// generates, as pycls scales it).
enum StagedNetworkCoding {
    enum Family: String, CaseIterable {
        case regnet, anynet, effnet
    }

    /// The staged network, validated (issues name its fields relative to this object).
    static func read(_ reader: inout FieldReader) -> StagedNetwork? {
        guard reader.isPresent("family") else { return nil }
        let family = reader.choice("family", default: Family.anynet)
        let resolution = reader.integer("resolution", default: 224)
        let classes = reader.integer("classes", default: 1000)
        let staged: StagedNetwork?
        switch family {
        case .regnet:
            let depth = reader.requiredInteger("depth")
            let w0 = reader.requiredInteger("w0")
            let wa = reader.isPresent("wa") ? reader.number("wa") : nil
            let wm = reader.isPresent("wm") ? reader.number("wm") : nil
            let groupWidth = reader.requiredInteger("group_width")
            let bottleneck = reader.number("bottleneck_ratio") ?? 1
            let se = reader.number("se_ratio") ?? 0
            guard let depth, let w0, let wa, let wm, let groupWidth else { return nil }
            let regnet = RegNet(depth: depth, w0: w0, wa: wa, wm: wm, groupWidth: groupWidth, bottleneckRatio: bottleneck, seRatio: se)
            do {
                try regnet.validate()
            } catch {
                reader.report(error)
                return nil
            }
            staged = .anyNet(regnet.anyNet(.pycls, resolution: resolution, classes: classes))
        case .anynet:
            let stem = reader.choice("stem", default: AnyNet.Stem.simpleStemIN)
            let stemWidth = reader.requiredInteger("stem_width")
            let block = reader.choice("block", default: AnyNet.Block.residualBottleneck)
            let stages = readStages(&reader) { (stage: inout FieldReader) -> AnyNet.Stage? in
                let depth = stage.requiredInteger("depth")
                let width = stage.requiredInteger("width")
                let stride = stage.requiredInteger("stride")
                let ratio = stage.number("bottleneck_ratio") ?? 1
                let group = stage.integer("group_width", default: 1)
                guard let depth, let width, let stride else { return nil }
                return AnyNet.Stage(depth: depth, width: width, stride: stride, bottleneckRatio: ratio, groupWidth: group)
            }
            let se = reader.number("se_ratio") ?? 0
            let head = reader.integer("head_width", default: 0)
            guard let stemWidth, let stages else { return nil }
            staged = .anyNet(AnyNet(
                stem: stem, stemWidth: stemWidth, block: block, stages: stages, seRatio: se, headWidth: head, classes: classes,
                resolution: resolution))
        case .effnet:
            let stemWidth = reader.requiredInteger("stem_width")
            let stages = readStages(&reader) { (stage: inout FieldReader) -> EffNet.Stage? in
                let depth = stage.requiredInteger("depth")
                let width = stage.requiredInteger("width")
                let ratio = stage.isPresent("expansion_ratio") ? stage.number("expansion_ratio") : nil
                let kernel = stage.requiredInteger("kernel")
                let stride = stage.requiredInteger("stride")
                guard let depth, let width, let ratio, let kernel, let stride else { return nil }
                return EffNet.Stage(depth: depth, width: width, expansionRatio: ratio, kernel: kernel, stride: stride)
            }
            let se = reader.number("se_ratio") ?? 0.25
            let head = reader.requiredInteger("head_width")
            guard let stemWidth, let stages, let head else { return nil }
            staged = .effNet(EffNet(
                stemWidth: stemWidth, stages: stages, seRatio: se, headWidth: head, classes: classes, resolution: resolution))
        }
        guard let staged else { return nil }
        do {
            try staged.validate()
        } catch {
            reader.report(error)
            return nil
        }
        return staged
    }

    private static func readStages<Stage>(
        _ reader: inout FieldReader, _ read: (inout FieldReader) -> Stage?
    ) -> [Stage]? {
        guard reader.isPresent("stages"), let value = reader.value("stages") else { return nil }
        guard case .array(let items) = value, StageLimits.stages.contains(items.count) else {
            reader.fail("stages", "must be an array of 1 to \(StageLimits.stages.upperBound) stages")
            return nil
        }
        var stages: [Stage] = []
        for (index, item) in items.enumerated() {
            guard var nested = reader.element(item, at: index, of: "stages") else { continue }
            if let stage = read(&nested) { stages.append(stage) }
            nested.finish()
        }
        return stages.count == items.count ? stages : nil
    }

    static func write(_ staged: StagedNetwork, to json: inout JSONWriter) {
        json.beginObject()
        switch staged {
        case .anyNet(let net):
            json.field("family", Family.anynet.rawValue)
            json.field("stem", net.stem.rawValue)
            json.field("stem_width", net.stemWidth)
            json.field("block", net.block.rawValue)
            writeStages(net.stages.map { ($0.depth, $0.width, $0.stride, $0) }, to: &json) { json, stage in
                json.field("bottleneck_ratio", stage.bottleneckRatio)
                json.field("group_width", stage.groupWidth)
            }
            writeTail(seRatio: net.seRatio, headWidth: net.headWidth, classes: net.classes, to: &json)
        case .effNet(let net):
            json.field("family", Family.effnet.rawValue)
            json.field("stem_width", net.stemWidth)
            writeStages(net.stages.map { ($0.depth, $0.width, $0.stride, $0) }, to: &json) { json, stage in
                json.field("expansion_ratio", stage.expansionRatio)
                json.field("kernel", stage.kernel)
            }
            writeTail(seRatio: net.seRatio, headWidth: net.headWidth, classes: net.classes, to: &json)
        }
        json.field("resolution", staged.resolution)
        json.endObject()
    }

    /// `"stages": [{depth, width, stride, <the family's fields>}]`.
    private static func writeStages<Stage>(
        _ stages: [(depth: Int, width: Int, stride: Int, stage: Stage)], to json: inout JSONWriter,
        _ fields: (inout JSONWriter, Stage) -> Void
    ) {
        json.objects("stages", stages) { json, stage in
            json.field("depth", stage.depth)
            json.field("width", stage.width)
            json.field("stride", stage.stride)
            fields(&json, stage.stage)
        }
    }

    private static func writeTail(seRatio: Double, headWidth: Int, classes: Int, to json: inout JSONWriter) {
        json.field("se_ratio", seRatio)
        json.field("head_width", headWidth)
        json.field("classes", classes)
    }
}
