/// Families whose layers mix softmax attention with recurrent mixers: qwen3_next (gated DeltaNet),
/// minimax (lightning attention), lfm2 (short convolutions), nemotron_h (Mamba-2, one block per
/// layer) and falcon_h1 (Mamba-2 beside attention in every layer).
enum HybridFamilies {
    /// Gated DeltaNet layers with a gated softmax attention layer every `full_attention_interval`-th
    /// (4) unless `layer_types` lists them; the attention's query projection also produces an output
    /// gate, per-head q/k RMSNorms, a quarter of each head rotary; experts on the layers
    /// `decoder_sparse_step` and `mlp_only_layers` leave sparse, with one gated shared expert.
    static func qwen3Next(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        let core = try LlamaStyleCore(&r, .init(
            vocabSize: 151_936, hiddenSize: 2048, intermediateSize: 5632, layers: 48, heads: 16, kvHeads: 2,
            tiedEmbeddings: false, partialRotaryFactor: 0.25))
        var spec = try core.spec(&r, headDim: 256)
        core.readAttentionBias(&r, &spec)
        spec.attentionOutputGate = true
        spec.qkNorm = .init(scope: .head, norm: .rmsnorm)
        spec.linearAttention = .init(
            kind: .gatedDeltaNet,
            keyHeads: r.int(["linear_num_key_heads"], default: 16, spec: "linear_attention.key_heads"),
            valueHeads: r.int(["linear_num_value_heads"], default: 32, spec: "linear_attention.value_heads"),
            keyHeadDim: r.int(["linear_key_head_dim"], default: 128, spec: "linear_attention.key_head_dim"),
            valueHeadDim: r.int(["linear_value_head_dim"], default: 128, spec: "linear_attention.value_head_dim"),
            convolutionKernel: r.int(["linear_conv_kernel_dim"], default: 4, spec: "linear_attention.conv_kernel"),
            chunkSize: 64)
        let experts = r.int(["num_experts"], default: 512, spec: "moe.experts")
        let moe = ModelSpec.MixtureOfExperts(
            experts: experts, expertsPerToken: r.int(["num_experts_per_tok"], default: 10, spec: "moe.experts_per_token"),
            sharedExperts: 1,
            expertIntermediateSize: r.int(["moe_intermediate_size"], default: 512, spec: "moe.expert_intermediate_size"),
            sharedExpertIntermediateSize: r.int(
                ["shared_expert_intermediate_size"], default: 512, spec: "moe.shared_expert_intermediate_size"),
            sharedExpertGate: true)
        let interval = r.int(["full_attention_interval"], default: 4)
        let types = r.stringList("layer_types").flatMap { r.checkPerLayer($0, key: "layer_types", layers: core.layers) }
        if interval < 1, types == nil { r.fail("full_attention_interval", "must be at least 1, got \(interval)") }
        let sparse = try core.qwenSparseLayers(&r)
        var linear: [Bool] = []
        for index in 0..<core.slots {
            guard let types else {
                linear.append((index + 1) % interval != 0)
                continue
            }
            switch types[index] {
            case "linear_attention": linear.append(true)
            case "full_attention": linear.append(false)
            default: r.fail("layer_types", "has a layer type that cannot be estimated: \"\(types[index].prefix(40))\"")
            }
        }
        try r.checkpoint()
        spec.moe = moe
        spec.layout = LayerLayout((0..<core.slots).map { index in
            LayerKind(
                attention: linear[index] ? nil : .full, recurrent: linear[index] ? .linearAttention : nil,
                mlp: experts > 0 && sparse(index) ? .moe : .dense)
        })
        return spec
    }

    /// Lightning attention (`MiniMaxLightningAttention`, blocks of `block_size`) and softmax attention
    /// layers as `layer_types` lists them (without it, MiniMax's `attn_type_list`, 1 for softmax;
    /// without either, `MiniMaxConfig`'s alternation from a softmax layer), `num_local_experts` experts
    /// of `intermediate_size` in every layer, routers without bias, rotary positions over `rotary_dim`.
    static func miniMax(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        let core = try LlamaStyleCore(&r, .init(
            vocabSize: 32000, hiddenSize: 4096, intermediateSize: 14336, layers: 32, heads: 32, kvHeads: 8,
            tiedEmbeddings: false))
        var spec = try core.spec(&r, headDim: nil)
        if let rotary = r.nullableInt(["rotary_dim"], default: nil, spec: "rotary_dim") { spec.rotaryDim = rotary }
        spec.linearAttention = .init(
            kind: .lightning, keyHeads: core.heads, valueHeads: core.heads, keyHeadDim: spec.headDim,
            valueHeadDim: spec.headDim, convolutionKernel: 0,
            chunkSize: r.int(["block_size"], default: 256, spec: "linear_attention.chunk_size"))
        let experts = r.int(["num_local_experts", "num_experts"], default: 8, spec: "moe.experts")
        let perToken = r.int(["num_experts_per_tok"], default: 2, spec: "moe.experts_per_token")
        r.note("moe.expert_intermediate_size", ["intermediate_size"])
        var softmax: [Bool]
        if let types = r.stringList("layer_types") {
            softmax = []
            for type in r.checkPerLayer(types, key: "layer_types", layers: core.layers) ?? [] {
                switch type {
                case "full_attention": softmax.append(true)
                case "linear_attention": softmax.append(false)
                default: r.fail("layer_types", "has a layer type that cannot be estimated: \"\(type.prefix(40))\"")
                }
            }
        } else if let listed = r.intList("attn_type_list") {
            softmax = r.checkPerLayer(listed, key: "attn_type_list", layers: core.layers)?.map { $0 == 1 } ?? []
        } else {
            softmax = (0..<core.slots).map { $0 % 2 == 0 }
        }
        try r.checkpoint()
        spec.moe = .init(experts: experts, expertsPerToken: perToken, expertIntermediateSize: core.intermediateSize)
        spec.layout = LayerLayout(softmax.map { full in
            LayerKind(attention: full ? .full : nil, recurrent: full ? nil : .linearAttention, mlp: .moe)
        })
        return spec
    }

    /// Short gated convolutions (`conv_L_cache` taps, `conv_bias`) and attention layers as
    /// `layer_types` lists them (or `full_attn_idxs`; without either every layer attends), per-head
    /// q/k RMSNorms, every layer's MLP gated and, with `block_auto_adjust_ff_dim`, `2/3` of
    /// `intermediate_size` times `block_ffn_dim_multiplier`, rounded up to `block_multiple_of`
    /// (`Lfm2MLP`).
    static func lfm2(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        var core = try LlamaStyleCore(&r, .init(
            vocabSize: 65536, hiddenSize: 2560, intermediateSize: 12288, layers: 32, heads: 32, kvHeads: 8,
            tiedEmbeddings: true))
        // Lfm2Config takes `block_ff_dim` and `tie_embedding` over the usual names.
        core.intermediateSize = r.int(["block_ff_dim"], default: core.intermediateSize, spec: "intermediate_size")
        core.tiedEmbeddings = r.bool(["tie_embedding"], default: core.tiedEmbeddings)
        var spec = try core.spec(&r, headDim: nil)
        spec.qkNorm = .init(scope: .head, norm: .rmsnorm)
        spec.shortConvolution = .init(
            convolutionKernel: r.int(["conv_L_cache"], default: 3, spec: "short_conv.conv_kernel"),
            bias: r.bool(["conv_bias"], default: false))
        if r.bool(["block_auto_adjust_ff_dim"], default: true) {
            // An explicit null skips the multiplier and the rounding, as Lfm2MLP reads it.
            let multiplier = r.config["block_ffn_dim_multiplier"] == .null
                ? nil : r.number(["block_ffn_dim_multiplier"], default: 1)
            spec.intermediateSize = adjustedWidth(
                &r, core.intermediateSize, multiplier: multiplier, multipleOf: r.int(["block_multiple_of"], default: 256))
        }
        var attends: [Bool]
        if let types = r.stringList("layer_types") {
            attends = r.checkPerLayer(types, key: "layer_types", layers: core.layers)?.map { $0 == "full_attention" } ?? []
        } else if let indices = r.layerIndices("full_attn_idxs", layers: core.layers) {
            attends = (0..<core.slots).map(indices.contains)
        } else {
            attends = Array(repeating: true, count: core.slots)
        }
        try r.checkpoint()
        spec.layout = LayerLayout(attends.map { attention in
            LayerKind(attention: attention ? .full : nil, recurrent: attention ? nil : .shortConvolution, mlp: .dense)
        })
        return spec
    }

    /// `Lfm2MLP`'s width: `int(2·f/3)`, then, with a multiplier, `int(multiplier · that)` rounded up to
    /// a multiple of `multipleOf`. Python truncates toward zero; so does `Int(_:)` here.
    private static func adjustedWidth(_ r: inout HFConfigReader, _ width: Int, multiplier: Double?, multipleOf: Int) -> Int {
        guard (1...(1 << 30)).contains(width) else { return width }  // refused by validation, under its key
        var adjusted = Int(2 * Double(width) / 3)
        guard let multiplier else { return adjusted }
        guard multiplier > 0, multiplier <= 1024 else {
            r.fail("block_ffn_dim_multiplier", "must be above 0 and at most 1024, got \(multiplier)")
            return adjusted
        }
        guard multipleOf >= 1, multipleOf <= 1 << 20 else {
            r.fail("block_multiple_of", "must be from 1 to 1048576, got \(multipleOf)")
            return adjusted
        }
        adjusted = Int(multiplier * Double(adjusted))
        return multipleOf * ((adjusted + multipleOf - 1) / multipleOf)
    }

    /// One block per layer under one RMSNorm, as `hybrid_override_pattern` spells them (`M` Mamba-2,
    /// `*` attention without rotary positions, `-` an MLP, `E` experts) or `layers_block_type` lists
    /// them; MLPs and experts are not gated (`relu2`), with one shared expert of
    /// `moe_shared_expert_intermediate_size` and a score-correction bias per router (a buffer in
    /// transformers, counted as deepseek_v3's is). `num_hidden_layers` is the pattern's length, as
    /// `NemotronHConfig` derives it. Experts behind a latent projection (`moe_latent_size`) are refused.
    static func nemotronH(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        let hidden = r.int(["hidden_size"], default: 4096, spec: "hidden_size")
        let heads = r.int(["num_attention_heads"], default: 32, spec: "attention_heads")
        let kvHeads = r.nullableInt(["num_key_value_heads"], default: 8, spec: "kv_heads") ?? heads
        let headDim = r.int(["head_dim"], default: 128, spec: "head_dim")
        let vocab = r.int(["vocab_size"], default: 131_072, spec: "vocab_size")
        let width = r.int(["intermediate_size"], default: 21504, spec: "intermediate_size")
        let tied = r.bool(["tie_word_embeddings"], default: false)
        let activation = r.activation(["mlp_hidden_act"], default: .relu2)
        let mlpBias = r.bool(["mlp_bias"], default: false)
        let projectionBias = r.bool(["use_bias"], default: false)
        let mamba = ModelSpec.Mamba2(
            heads: r.int(["mamba_num_heads"], default: 128, spec: "mamba.heads"),
            headDim: r.int(["mamba_head_dim"], default: 64, spec: "mamba.head_dim"),
            stateSize: r.int(["ssm_state_size"], default: 128, spec: "mamba.state_size"),
            groups: r.int(["n_groups", "mamba_n_groups"], default: 8, spec: "mamba.groups"),
            convolutionKernel: r.int(["conv_kernel", "mamba_d_conv"], default: 4, spec: "mamba.conv_kernel"),
            convolutionBias: r.bool(["use_conv_bias", "mamba_conv_bias"], default: true),
            inputProjectionBias: projectionBias, outputProjectionBias: projectionBias, gatedNorm: true,
            chunkSize: r.int(["chunk_size", "mamba_chunk_size"], default: 128, spec: "mamba.chunk_size"))
        let moe = ModelSpec.MixtureOfExperts(
            experts: r.int(["n_routed_experts", "num_local_experts"], default: 8, spec: "moe.experts"),
            expertsPerToken: r.int(["num_experts_per_tok"], default: 2, spec: "moe.experts_per_token"),
            sharedExperts: 1,
            expertIntermediateSize: r.int(["moe_intermediate_size"], default: 7688, spec: "moe.expert_intermediate_size"),
            sharedExpertIntermediateSize: r.int(
                ["moe_shared_expert_intermediate_size"], default: 7688, spec: "moe.shared_expert_intermediate_size"),
            routerBias: true)
        if r.nullableInt(["moe_latent_size"], default: nil) != nil {
            r.fail("moe_latent_size", "experts behind a latent projection cannot be estimated")
        }
        let blocks = nemotronBlocks(&r)
        try r.checkpoint()
        r.note("layers", r.contains("hybrid_override_pattern") ? ["hybrid_override_pattern"] : ["layers_block_type"])
        return ModelSpec(
            layers: blocks.count, hiddenSize: hidden, attentionHeads: heads, vocabSize: vocab, kvHeads: kvHeads,
            headDim: headDim, intermediateSize: width, mlp: .standard, activation: activation, norm: .rmsnorm,
            normsPerLayer: 1, finalNorm: true, tiedEmbeddings: tied, qkvBias: false, attentionOutputBias: false,
            mlpBias: mlpBias, moe: moe, mamba: mamba, layout: LayerLayout(blocks))
    }

    /// The layer kinds of `hybrid_override_pattern` or `layers_block_type` (its legacy names
    /// included), else `NemotronHConfig`'s default of four layers.
    private static func nemotronBlocks(_ r: inout HFConfigReader) -> [LayerKind] {
        let mamba = LayerKind(attention: nil, recurrent: .mamba2, mlp: nil)
        let attention = LayerKind(attention: .full, mlp: nil)
        let dense = LayerKind(attention: nil, mlp: .dense)
        let experts = LayerKind(attention: nil, mlp: .moe)
        if let pattern = r.optionalString("hybrid_override_pattern") {
            var kinds: [LayerKind] = []
            for symbol in pattern.prefix(LayerLayout.maxLayers + 1) {
                switch symbol {
                case "M": kinds.append(mamba)
                case "*": kinds.append(attention)
                case "-": kinds.append(dense)
                case "E": kinds.append(experts)
                default:
                    r.fail("hybrid_override_pattern", "has a block that cannot be estimated: \"\(symbol)\" (M, *, - and E can)")
                    return []
                }
            }
            return kinds
        }
        guard let types = r.stringList("layers_block_type") ?? r.stringList("layer_types") else {
            return [mamba, experts, attention, dense]
        }
        var kinds: [LayerKind] = []
        for type in types.prefix(LayerLayout.maxLayers + 1) {
            switch type {
            case "linear_attention", "mamba": kinds.append(mamba)
            case "full_attention", "attention": kinds.append(attention)
            case "mlp": kinds.append(dense)
            case "moe": kinds.append(experts)
            default:
                r.fail("layers_block_type", "has a block that cannot be estimated: \"\(type.prefix(40))\"")
                return []
            }
        }
        return kinds
    }

    /// Attention and Mamba-2 side by side on one norm in every layer, then a gated MLP: Mamba-2 with
    /// `mamba_n_heads` heads over `mamba_d_ssm` channels (or `mamba_expand × hidden_size`), its own
    /// in- and out-projection biases (`mamba_proj_bias`, `projectors_bias`) and, with
    /// `mamba_rms_norm`, a gated norm. The μP multipliers hold no parameters.
    static func falconH1(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        let core = try LlamaStyleCore(&r, .init(
            vocabSize: 128_000, hiddenSize: 4096, intermediateSize: 14336, layers: 32, heads: 32, kvHeads: 8,
            tiedEmbeddings: false))
        var spec = try core.spec(&r, headDim: nil)
        core.readAttentionBias(&r, &spec)
        spec.mlpBias = r.bool(["mlp_bias"], default: false)
        let heads = r.int(["mamba_n_heads"], default: 128, spec: "mamba.heads")
        let inner = r.nullableInt(["mamba_d_ssm"], default: 1024)
            ?? core.hiddenSize &* r.int(["mamba_expand"], default: 2)
        let headDim: Int
        if case .string("auto")? = r.config["mamba_d_head"] {
            headDim = heads > 0 ? inner / heads : 0
        } else {
            headDim = r.nullableInt(["mamba_d_head"], default: nil, spec: "mamba.head_dim") ?? (heads > 0 ? inner / heads : 0)
        }
        if heads > 0, headDim &* heads != inner {
            r.fail("mamba_n_heads", "times the head width (\(headDim)) must make mamba_d_ssm (\(inner))")
        }
        spec.mamba = .init(
            heads: heads, headDim: headDim,
            stateSize: r.int(["mamba_d_state"], default: 256, spec: "mamba.state_size"),
            groups: r.int(["mamba_n_groups"], default: 1, spec: "mamba.groups"),
            convolutionKernel: r.int(["mamba_d_conv"], default: 4, spec: "mamba.conv_kernel"),
            convolutionBias: r.bool(["mamba_conv_bias"], default: true),
            inputProjectionBias: r.bool(["mamba_proj_bias"], default: false),
            outputProjectionBias: r.bool(["projectors_bias"], default: false),
            gatedNorm: r.bool(["mamba_rms_norm"], default: false),
            chunkSize: r.int(["mamba_chunk_size"], default: 256, spec: "mamba.chunk_size"))
        try r.checkpoint()
        spec.layout = LayerLayout(uniform: LayerKind(attention: .full, recurrent: .mamba2, mlp: .dense), layers: core.slots)
        return spec
    }
}
