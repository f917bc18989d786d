extension StepOperators {
    /// One layer's recurrent mixer (linear attention, Mamba-2, a short convolution): its input
    /// projections, its causal convolution, its scan, its output projection. A prefill runs the
    /// chunked scan on the matrix units (as the fla and mamba_ssm kernels do) and writes the final
    /// state and the convolution's last inputs to the cache; a decode step reads and writes both
    /// (`RecurrentCache`: the state in fp32 where the family keeps it so) and updates the state
    /// elementwise, as their single-token kernels do. The convolutions are depthwise and run on the
    /// vector units: their FLOPs, which `/v1/flops` counts with its multiply-accumulates, are
    /// `vector_flops` here.
    func appendRecurrent(_ mixer: LayerKind.Recurrent, to layer: inout LayerRows) {
        let step = layer.step
        let tokens = step.tokens
        let batch = step.batch
        let a = types.activationBytes
        let w = types.weightBytesPerValue
        let d = Double(view.hidden)
        guard let shape = view.mixer(mixer) else { return }
        let flops = costs.recurrent
        let prefix = mixer.rawValue
        let input = flops.inputMACsPerToken(mixer)
        layer.add(prefix + ".in_proj", .matmul, kernels: Double(shape.inputKernels)) {
            $0.matrixFlops = 2 * input * tokens / tensor
            $0.weightBytes = input * w / tensor
            $0.activationBytes = tokens * d * a
            $0.bytesWritten = tokens * Double(shape.inputWidth) / tensor * a
        }

        let prefill = step.kind == .prefill
        let forward = prefill ? flops.forward(mixer, batch: batch, sequence: step.queries) : nil
        let oneToken = flops.step(mixer)
        let channels = Double(shape.convolutionChannels)
        if channels > 0 {
            let kernel = Double(shape.convolutionKernel)
            let state = batch * Double(shape.cache.convolution.value ?? 0) * types.kvCacheBytes / tensor
            layer.add(prefix + ".conv", .recurrent, kernels: 1) {
                $0.vectorFlops = (forward?.convolution ?? batch * oneToken.convolution) / tensor
                $0.weightBytes = channels * kernel * w / tensor
                $0.activationBytes = tokens * channels / tensor * a
                $0.cacheBytes = prefill ? 0 : state
                $0.cacheBytesWritten = state
                $0.bytesWritten = tokens * channels / tensor * a + state
            }
        }

        if shape.scanInputWidth > 0 {
            let stateBytesPerValue = shape.cache.stateInFP32 ? 4 : types.kvCacheBytes
            let state = batch * Double(shape.cache.state.value ?? 0) * stateBytesPerValue / tensor
            layer.add(prefix + (prefill ? ".scan" : ".state"), .recurrent, kernels: 1) {
                if let forward {
                    $0.matrixFlops = forward.scan / tensor
                } else {
                    $0.vectorFlops = batch * oneToken.state / tensor
                    $0.cacheBytes = state
                }
                $0.activationBytes = tokens * Double(shape.scanInputWidth) / tensor * a
                $0.cacheBytesWritten = state
                $0.bytesWritten = tokens * Double(shape.scanOutputWidth) / tensor * a + state
            }
        }

        let output = flops.outputMACsPerToken(mixer)
        layer.add(prefix + ".out_proj", .matmul, kernels: 1) {
            $0.matrixFlops = 2 * output * tokens / tensor
            $0.weightBytes = output * w / tensor
            $0.activationBytes = tokens * Double(shape.outputWidth) / tensor * a
            $0.bytesWritten = tokens * d * a
        }
    }
}
