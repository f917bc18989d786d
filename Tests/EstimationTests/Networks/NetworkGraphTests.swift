import Testing
@testable import Estimation

/// Shape inference, checking and counting of hand-built graphs: every mistake names the layer and
/// its field; counts follow docs/networks.md.
@Suite struct NetworkGraphTests {
    static func conv(_ out: Int, kernel: Int = 3, padding: Int = 1, bias: Bool = false) -> LayerOperation {
        .conv2d(Conv2D(outChannels: out, kernel: Size2D(kernel), padding: Padding2D(Size2D(padding)), bias: bias))
    }

    static func issues(_ spec: NetworkSpec) -> [EstimationError.Issue] {
        do {
            _ = try Network(resolving: spec)
            return []
        } catch {
            return error.issues
        }
    }

    @Test func residualBranchesResolveExactly() throws {
        let spec = NetworkSpec(input: [8, 16, 16], layers: [
            NetworkLayer(name: "a", operation: Self.conv(8)),
            NetworkLayer(name: "b", operation: .batchNorm(BatchNorm())),
            NetworkLayer(name: "sum", inputs: ["input", "b"], operation: .add),
            NetworkLayer(name: "cat", inputs: ["sum", "a", "input"], operation: .concat(Concat())),
        ])
        let network = try Network(resolving: spec)
        #expect(network.layers.map(\.outputShape) == [[8, 16, 16], [8, 16, 16], [8, 16, 16], [24, 16, 16]])
        #expect(network.layers[2].inputs == [nil, 1])
        let add = network.layers[2].cost
        #expect(add.elementwise == 8 * 16 * 16)
        #expect(add.readElements == 2 * 8 * 16 * 16 && add.writtenElements == 8 * 16 * 16)
        #expect(network.layers[0].cost.macs == 8 * 16 * 16 * 8 * 9)
        #expect(network.layers[0].cost.parameters == 8 * 8 * 9)
        #expect(network.layers[1].cost.parameters == 16)
    }

    /// Seed 003: the elementwise sum of two N×C×H×W tensors is N·C·H·W FLOPs and 3·N·C·H·W·sizeof bytes.
    @Test func elementwiseSumMovesThreeTensors() throws {
        let spec = NetworkSpec(input: [64, 56, 56], layers: [
            NetworkLayer(name: "sum", inputs: ["input", "input"], operation: .add),
        ])
        let estimate = try NetworkEstimator.estimate(try Network(resolving: spec), NetworkOptions(batchSize: 32))
        let elements = 32 * 64 * 56 * 56
        #expect(estimate.layers[0].elementwiseFlops == elements)
        #expect(estimate.layers[0].flops == 0)
        #expect(estimate.layers[0].bytesRead + estimate.layers[0].bytesWritten == 3 * elements * 4)
        #expect(estimate.layers[0].arithmeticIntensity == 1.0 / 12)
    }

    @Test func sharedWeightsCountOnce() throws {
        let spec = NetworkSpec(input: [4, 10, 10], layers: [
            NetworkLayer(name: "conv", operation: Self.conv(4, bias: true)),
            NetworkLayer(name: "again", operation: Self.conv(4, bias: true), sharesWeightsWith: "conv"),
        ])
        let estimate = try NetworkEstimator.estimate(try Network(resolving: spec), NetworkOptions())
        #expect(estimate.totals.parameters == 4 * 4 * 9 + 4)
        #expect(estimate.layers[1].parameters == 0)
        #expect(estimate.layers[1].macs == estimate.layers[0].macs)
        #expect(estimate.layers[1].bytesRead == estimate.layers[0].bytesRead)
    }

    @Test func mistakesNameTheLayerAndField() {
        let base = [NetworkLayer(name: "conv", operation: Self.conv(8))]
        let cases: [(layers: [NetworkLayer], field: String)] = [
            ([NetworkLayer(name: "c", operation: .conv2d(Conv2D(inChannels: 5, outChannels: 8, kernel: Size2D(3))))], "layers[0].in_channels"),
            (base + [NetworkLayer(name: "x", inputs: ["later"], operation: .add)], "layers[1].inputs"),
            (base + [NetworkLayer(name: "conv", operation: .activation(.relu))], "layers[1].name"),
            (base + [NetworkLayer(name: "input", operation: .activation(.relu))], "layers[1].name"),
            (base + [NetworkLayer(name: "p", operation: .maxPool2d(Pool2D(kernel: Size2D(2)))),
                     NetworkLayer(name: "s", inputs: ["conv", "p"], operation: .add)], "layers[2].inputs"),
            ([NetworkLayer(name: "big", operation: Self.conv(8, kernel: 40, padding: 0))], "layers[0].kernel_size"),
            ([NetworkLayer(name: "g", operation: .conv2d(Conv2D(outChannels: 9, kernel: Size2D(1), groups: 2)))], "layers[0].groups"),
            (base + [NetworkLayer(name: "fc", operation: .linear(Linear(inFeatures: 7, outFeatures: 2)))], "layers[1].in_features"),
            (base + [NetworkLayer(name: "twin", operation: Self.conv(8, kernel: 1, padding: 0), sharesWeightsWith: "conv")], "layers[1].shares_weights_with"),
            (base + [NetworkLayer(name: "r", operation: .reshape(Reshape(shape: [-1, 3])))], "layers[1].shape"),
            (base + [NetworkLayer(name: "s", operation: .slice(Slice(dim: 0, start: 4, end: 9)))], "layers[1].end"),
            (base + [NetworkLayer(name: "t", operation: .transformerBlock(TransformerBlock(heads: 2, mlpDim: 8)))], "layers[1].inputs"),
            (base + [NetworkLayer(name: "two", inputs: ["conv", "conv"], operation: .activation(.relu))], "layers[1].inputs"),
        ]
        for (layers, field) in cases {
            let issues = Self.issues(NetworkSpec(input: [4, 32, 32], layers: layers))
            #expect(issues.map(\.field) == [field], "\(layers.last?.name ?? ""): \(issues)")
            #expect(issues.first?.message.hasPrefix("layer \"") ?? false || field.hasSuffix(".name"))
        }
        #expect(Self.issues(NetworkSpec(input: [0, 3], layers: base)).map(\.field) == ["input"])
        #expect(Self.issues(NetworkSpec(input: [3], layers: [])).map(\.field) == ["layers"])
    }

    @Test func countsBeyondSixtyFourBitsAreIssuesNotCrashes() throws {
        let huge = NetworkSpec(input: [1 << 20, 1 << 20, 1 << 20], layers: [
            NetworkLayer(name: "conv", operation: Self.conv(1 << 20)),
        ])
        #expect(Self.issues(huge).map(\.field) == ["layers[0]"])
        let large = NetworkSpec(input: [3, 1 << 14, 1 << 14], layers: [NetworkLayer(name: "conv", operation: Self.conv(1 << 12))])
        let network = try Network(resolving: large)
        do {
            _ = try NetworkEstimator.estimate(network, NetworkOptions(batchSize: 1 << 20))
            Issue.record("an overflowing batch was counted")
        } catch {
            #expect(error.issues.map(\.field) == ["batch_size"])
        }
    }

    /// Two matrices (no dimensions before the last two, so none to broadcast) multiply.
    @Test func aProductOfTwoMatricesHasNoBatchDimensions() throws {
        let spec = NetworkSpec(input: [6, 16], layers: [
            NetworkLayer(name: "keys", operation: .permute(Permute(dims: [1, 0]))),
            NetworkLayer(name: "scores", inputs: ["input", "keys"], operation: .matmul),
        ])
        let layer = try Network(resolving: spec).layers[1]
        #expect(layer.outputShape == [6, 6])
        #expect(layer.cost.macs == 6 * 6 * 16)
    }

    @Test func transposedConvolutionCountsOverItsInput() throws {
        let spec = NetworkSpec(input: [8, 7, 9], layers: [
            NetworkLayer(name: "up", operation: .convTranspose2d(ConvTranspose2D(
                outChannels: 6, kernel: Size2D(3), stride: Size2D(2), padding: Size2D(1), outputPadding: Size2D(1)))),
        ])
        let layer = try Network(resolving: spec).layers[0]
        #expect(layer.outputShape == [6, 14, 18])
        #expect(layer.cost.macs == 8 * 7 * 9 * 6 * 9)
        #expect(layer.cost.parameters == 8 * 6 * 9 + 6)
    }
}

/// The roofline, with seed 004's checks.
@Suite struct RooflineTests {
    @Test func seedFourRidgeAndFractionOfPeak() throws {
        let theoretical = try Roofs(#require(HardwareCatalogue.named("i9-10980xe")), precision: .fp32)
        #expect(abs(theoretical.ridgeIntensity - 48) < 1e-9)
        let point = theoretical.place(flops: 2.346e9, bytes: 1e9)
        #expect(point.bound == .memory)
        #expect(abs(point.fractionOfPeak - 0.0489) < 0.0001)
        let measured = try Roofs(#require(HardwareCatalogue.named("i9-10980xe-measured")), precision: .fp32)
        #expect(abs(measured.ridgeIntensity - 38.65) < 0.01)
    }

    @Test func timeIsTheSlowerRoof() {
        let roofs = Roofs(peakFlopsPerSecond: 100, bandwidthBytesPerSecond: 10)
        let compute = roofs.place(flops: 1000, bytes: 10)
        #expect(compute.bound == .compute && compute.seconds == 10 && compute.fractionOfPeak == 1)
        let memory = roofs.place(flops: 10, bytes: 100)
        #expect(memory.bound == .memory && memory.seconds == 10 && memory.attainableFlopsPerSecond == 1)
        #expect(roofs.place(flops: 5, bytes: 0).intensity == .infinity)
    }

    @Test func missingPeakNamesThePrecision() throws {
        let tpu = try #require(HardwareCatalogue.named("tpu-v4"))
        #expect(throws: EstimationError(field: "precision", message: "Google TPU v4 has no fp32 peak; it has bf16, int8")) {
            try Roofs(tpu, precision: .fp32)
        }
    }

    @Test func networkLatencyIsTheSumOfItsLayers() throws {
        let preset = try #require(NetworkPresets.named("resnet50"))
        let h100 = try #require(HardwareCatalogue.named("h100-sxm"))
        let estimate = try NetworkEstimator.estimate(
            preset.network, NetworkOptions(batchSize: 8, dtype: .bf16, accelerator: h100))
        let latency = try #require(estimate.latency)
        let sum = estimate.layers.compactMap(\.roofline).reduce(0) { $0 + $1.seconds }
        #expect(abs(latency.seconds - sum) < 1e-15)
        #expect(latency.memoryBoundLayers + latency.computeBoundLayers == estimate.layers.compactMap(\.roofline).count)
        #expect(latency.roofs.peakFlopsPerSecond == h100.peak(.bf16))
        #expect(estimate.layers.allSatisfy { ($0.roofline == nil) == ($0.bytesRead + $0.bytesWritten == 0) })
    }
}
