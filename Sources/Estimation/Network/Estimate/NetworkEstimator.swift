/// Estimates a resolved network at a batch size, dtype and hardware: every count exact (an
/// overflow is an issue naming `batch_size`), bytes in torchstat's convention, the roofline per
/// layer and in total (docs/networks.md).
public enum NetworkEstimator {
    public static func estimate(_ network: Network, _ options: NetworkOptions) throws(EstimationError) -> NetworkEstimate {
        try options.validate()
        let roofline = try options.accelerator.flatMap { accelerator throws(EstimationError) -> (Roofs, Precision)? in
            guard let precision = options.peakPrecision else { return nil }
            return (try Roofs(accelerator, precision: precision), precision)
        }
        var layers: [NetworkEstimate.Layer] = []
        layers.reserveCapacity(network.layers.count)
        var sums = Sums()
        var latency = LatencySum()
        for layer in network.layers {
            let counts = Counts(layer.cost, options)
            sums.add(counts)
            var estimate = try counts.resolved()
            let work = Double(estimate.flops) + Double(estimate.elementwiseFlops)
            let bytes = Double(estimate.bytesRead) + Double(estimate.bytesWritten)
            if bytes > 0 {
                estimate.arithmeticIntensity = work / bytes
                if let (roofs, _) = roofline {
                    let point = roofs.place(flops: work, bytes: bytes)
                    estimate.roofline = point
                    latency.add(point)
                }
            }
            layers.append(estimate)
        }
        let totals = try sums.totals()
        return NetworkEstimate(
            network: network, options: options, layers: layers, totals: totals,
            trainingMemory: try trainingMemory(network, options, parameters: totals.parameters, written: sums.writtenValues),
            latency: roofline.map { roofs, precision in latency.latency(roofs, precision, batchSize: options.batchSize) })
    }

    static let field = "batch_size"

    /// One layer's counts at the batch size, checked.
    private struct Counts {
        var parameters: CheckedInt
        var macs: CheckedInt
        var biasAdditions: CheckedInt
        var elementwise: CheckedInt
        var activations: CheckedInt
        var bytesRead: CheckedInt
        var bytesWritten: CheckedInt
        var writtenValues: CheckedInt

        init(_ cost: LayerCost, _ options: NetworkOptions) {
            let batch = CheckedInt(options.batchSize)
            parameters = CheckedInt(cost.parameters)
            macs = CheckedInt(cost.macs) * batch
            biasAdditions = CheckedInt(cost.biasAdditions) * batch
            elementwise = CheckedInt(cost.elementwise) * batch
            activations = CheckedInt(cost.activations) * batch
            // Activations every sample, weights once per pass.
            bytesRead = options.dtype.bytes(forValues: CheckedInt(cost.readElements) * batch)
                + options.dtype.bytes(forValues: CheckedInt(cost.weights))
            writtenValues = CheckedInt(cost.writtenElements) * batch
            bytesWritten = options.dtype.bytes(forValues: writtenValues)
        }

        init() {
            (parameters, macs, biasAdditions, elementwise, activations) = (0, 0, 0, 0, 0)
            (bytesRead, bytesWritten, writtenValues) = (0, 0, 0)
        }

        func resolved() throws(EstimationError) -> NetworkEstimate.Layer {
            let field = NetworkEstimator.field
            return NetworkEstimate.Layer(
                parameters: try parameters.resolve(field: field), macs: try macs.resolve(field: field),
                flops: try (2 * macs).resolve(field: field), pyclsFlops: try (macs + biasAdditions).resolve(field: field),
                elementwiseFlops: try (biasAdditions + elementwise).resolve(field: field),
                activations: try activations.resolve(field: field), bytesRead: try bytesRead.resolve(field: field),
                bytesWritten: try bytesWritten.resolve(field: field), arithmeticIntensity: nil, roofline: nil)
        }
    }

    private struct Sums {
        var counts = Counts()

        var writtenValues: CheckedInt { counts.writtenValues }

        mutating func add(_ layer: Counts) {
            counts.parameters = counts.parameters + layer.parameters
            counts.macs = counts.macs + layer.macs
            counts.biasAdditions = counts.biasAdditions + layer.biasAdditions
            counts.elementwise = counts.elementwise + layer.elementwise
            counts.activations = counts.activations + layer.activations
            counts.bytesRead = counts.bytesRead + layer.bytesRead
            counts.bytesWritten = counts.bytesWritten + layer.bytesWritten
            counts.writtenValues = counts.writtenValues + layer.writtenValues
        }

        func totals() throws(EstimationError) -> NetworkEstimate.Totals {
            let sum = try counts.resolved()
            let bytes = Double(sum.bytesRead) + Double(sum.bytesWritten)
            return NetworkEstimate.Totals(
                parameters: sum.parameters, macs: sum.macs, flops: sum.flops, pyclsFlops: sum.pyclsFlops,
                elementwiseFlops: sum.elementwiseFlops, activations: sum.activations, bytesRead: sum.bytesRead,
                bytesWritten: sum.bytesWritten,
                arithmeticIntensity: bytes > 0 ? (Double(sum.flops) + Double(sum.elementwiseFlops)) / bytes : 0,
                trainingFlops: try (6 * counts.macs).resolve(field: NetworkEstimator.field))
        }
    }

    /// The layers' roofline times, one after another.
    private struct LatencySum {
        var seconds = 0.0
        var memorySeconds = 0.0
        var computeSeconds = 0.0
        var memoryLayers = 0
        var computeLayers = 0

        mutating func add(_ point: RooflinePoint) {
            seconds += point.seconds
            switch point.bound {
            case .memory:
                memorySeconds += point.seconds
                memoryLayers += 1
            case .compute:
                computeSeconds += point.seconds
                computeLayers += 1
            }
        }

        func latency(_ roofs: Roofs, _ precision: Precision, batchSize: Int) -> NetworkEstimate.Latency {
            NetworkEstimate.Latency(
                precision: precision, roofs: roofs, seconds: seconds, memoryBoundSeconds: memorySeconds,
                computeBoundSeconds: computeSeconds, memoryBoundLayers: memoryLayers, computeBoundLayers: computeLayers,
                samplesPerSecond: seconds > 0 ? Double(batchSize) / seconds : 0)
        }
    }

    /// Model states from the optimizer's bytes per parameter; activations: every value written in
    /// the forward pass, at the optimizer's activation bytes (2 under mixed precision, 4 in fp32).
    private static func trainingMemory(
        _ network: Network, _ options: NetworkOptions, parameters: Int, written: CheckedInt
    ) throws(EstimationError) -> NetworkEstimate.TrainingMemory {
        let parts = options.optimizer.parts
        let count = CheckedInt(parameters)
        let activationBytes = CheckedInt(options.optimizer.activationBytes)
        let weights = count * CheckedInt(parts.weights)
        let gradients = count * CheckedInt(parts.gradients)
        let master = count * CheckedInt(parts.masterWeights)
        let states = count * CheckedInt(parts.optimizerStates)
        let activations = written * activationBytes
        let input = elementCount(network.spec.input) * CheckedInt(options.batchSize) * activationBytes
        let total = weights + gradients + master + states + activations + input
        return NetworkEstimate.TrainingMemory(
            weights: try weights.resolve(field: field), gradients: try gradients.resolve(field: field),
            masterWeights: try master.resolve(field: field), optimizerStates: try states.resolve(field: field),
            activations: try activations.resolve(field: field), input: try input.resolve(field: field),
            total: try total.resolve(field: field), bytesPerParameter: parts.total,
            bytesPerActivation: options.optimizer.activationBytes)
    }
}
