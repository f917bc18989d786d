/// pycls's model scaler (`pycls/models/scaler.py`): each stage's depth and width and the image size
/// multiplied and rounded exactly as it rounds them (Python's `round`, halves to even):
/// `depth = max(1, round(d·s_d))`, `width = max(1, round(w·s_w / 8))·8`, group widths
/// `max(1, round(g·s_g))` then 1, 2, 4 or a multiple of 8, made compatible with the bottleneck
/// (`AnyNet.compatible`); EfficientNet's stem and head widths like the others; the image size
/// `round(r·s_r / 4)·4`.
public enum ModelScaler {
    public static func scale(_ staged: StagedNetwork, by factors: ScalingFactors) -> StagedNetwork {
        switch staged {
        case .anyNet(var net):
            net.stages = net.stages.map { stage in
                var scaled = stage
                scaled.depth = scaledDepth(stage.depth, factors.depth)
                var group = max(1, pythonRound(Double(stage.groupWidth) * factors.groupWidth))
                group = group <= 2 ? group : group <= 5 ? 4 : pythonRound(Double(group) / 8) * 8
                (scaled.width, scaled.groupWidth) = AnyNet.compatible(
                    width: scaledWidth(stage.width, factors.width), bottleneckRatio: stage.bottleneckRatio, groupWidth: group)
                return scaled
            }
            net.resolution = scaledResolution(net.resolution, factors.resolution)
            return .anyNet(net)
        case .effNet(var net):
            net.stages = net.stages.map { stage in
                var scaled = stage
                scaled.depth = scaledDepth(stage.depth, factors.depth)
                scaled.width = AnyNet.compatible(
                    width: scaledWidth(stage.width, factors.width), bottleneckRatio: stage.expansionRatio, groupWidth: 1
                ).width
                return scaled
            }
            net.stemWidth = scaledWidth(net.stemWidth, factors.width)
            net.headWidth = scaledWidth(net.headWidth, factors.width)
            net.resolution = scaledResolution(net.resolution, factors.resolution)
            return .effNet(net)
        }
    }

    private static func scaledDepth(_ depth: Int, _ factor: Double) -> Int {
        max(1, pythonRound(Double(depth) * factor))
    }

    private static func scaledWidth(_ width: Int, _ factor: Double) -> Int {
        max(1, pythonRound(Double(width) * factor / 8)) * 8
    }

    private static func scaledResolution(_ resolution: Int, _ factor: Double) -> Int {
        pythonRound(Double(resolution) * factor / 4) * 4
    }
}
