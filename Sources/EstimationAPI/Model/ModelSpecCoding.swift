import Estimation

/// The native spec's JSON form: the bracketed names in `ModelSpec` and its blocks. Reading leaves
/// every omitted field to its default (`ModelSpec.init`'s, or the block's documented here); writing
/// spells out every field, in declaration order, of the canonical spec (`ModelSpec.normalised`),
/// which makes the written form canonical: it is both what responses show as `model` and what is
/// hashed. A written spec read back is the same spec.
///
/// `module_traits` (how transformers' modules compute the layers, for `framework: "huggingface"`)
/// is written in full and read field by field, each absent one taking what the other fields imply.
///
/// The layout is a list of runs, `{"count": 5, "attention": "sliding", "rotary": true,
/// "recurrent": "none", "mlp": "dense"}` (`attention` defaults to `full`, or `none` when the run
/// names a `recurrent` mixer; `mlp` to `dense`; `count` to 1), and of repeated patterns,
/// `{"repeat": 10, "layers": [runs]}`. Without a layout the spec means what it meant before layouts
/// existed (`LayerLayout.implied`): every layer attends, sliding with a `sliding_window` except
/// every `global_attention_every`-th, and holds the experts when `moe` is given, but for its first
/// `moe.dense_layers`. Those two fields are read only then, and never written.
///
/// Reading checks types only; ranges and relations are `ModelSpec.validate()`'s, so that their
/// documentation lives in one place.
enum ModelSpecCoding {
    static func read(_ reader: inout FieldReader) -> ModelSpec? {
        let layers = reader.requiredInteger("layers")
        let hiddenSize = reader.requiredInteger("hidden_size")
        let attentionHeads = reader.requiredInteger("attention_heads")
        let vocabSize = reader.requiredInteger("vocab_size")
        let norm = reader.choice("norm", default: ModelSpec.NormKind.layernorm)
        let slidingWindow = reader.integer("sliding_window")
        let moe = reader.nestedObject("moe", readMixtureOfExperts)
        let qkNorm = readQKNorm(&reader, layerNorm: norm)
        let latent = reader.nestedObject("latent_attention", readLatentAttention)
        let linear = reader.nestedObject("linear_attention", readLinearAttention)
        let mamba = reader.nestedObject("mamba", readMamba)
        let shortConvolution = reader.nestedObject("short_conv", readShortConvolution)
        let quantized = reader.nestedObject("quantized_weights", readQuantizedWeights)
        let layout = readLayout(&reader, layers: layers, slidingWindow: slidingWindow, moe: moe.value)
        // Normalisation may drop or replace these (`ModelSpec.validateGiven`): they are checked as given.
        let kvHeads = reader.integer("kv_heads")
        let headDim = reader.integer("head_dim")
        let intermediateSize = reader.integer("intermediate_size")
        let attentionChunk = reader.integer("attention_chunk")
        var spec = ModelSpec(
            layers: layers ?? 0, hiddenSize: hiddenSize ?? 0, attentionHeads: attentionHeads ?? 0,
            vocabSize: vocabSize ?? 0, kvHeads: kvHeads, headDim: headDim, intermediateSize: intermediateSize,
            mlp: reader.choice("mlp", default: ModelSpec.MLPKind.standard),
            activation: reader.choice("activation", default: Activation.gelu), norm: norm,
            normsPerLayer: reader.integer("norms_per_layer", default: 2),
            finalNorm: reader.bool("final_norm", default: false),
            embeddingNorm: reader.bool("embedding_norm", default: false),
            positionEmbeddings: reader.integer("position_embeddings", default: 0),
            maxPositionEmbeddings: reader.integer("max_position_embeddings"),
            embeddingProjection: reader.integer("embedding_projection", default: 0),
            tiedEmbeddings: reader.bool("tied_embeddings", default: true),
            lmHeadBias: reader.bool("lm_head_bias", default: false),
            qkvBias: reader.bool("qkv_bias", default: true),
            attentionOutputBias: reader.bool("attention_output_bias", default: true),
            mlpBias: reader.bool("mlp_bias", default: true), qkNorm: qkNorm.value,
            rotaryDim: reader.integer("rotary_dim", default: 0),
            attentionSinks: reader.bool("attention_sinks", default: false),
            attentionOutputGate: reader.bool("attention_output_gate", default: false),
            slidingWindow: slidingWindow, attentionChunk: attentionChunk,
            moe: moe.value?.block, latentAttention: latent.value, linearAttention: linear.value, mamba: mamba.value,
            shortConvolution: shortConvolution.value, quantizedWeights: quantized.value, layout: layout)
        let implied = ModelSpec.ModuleTraits(implied: spec)
        let modules = reader.nestedObject("module_traits") { nested in readModuleTraits(&nested, implied: implied) }
        spec.modules = modules.value
        guard layers != nil, hiddenSize != nil, attentionHeads != nil, vocabSize != nil, moe.valid, qkNorm.valid,
            latent.valid, linear.valid, mamba.valid, shortConvolution.valid, quantized.valid, layout != nil,
            modules.valid
        else { return nil }
        do {
            try ModelSpec.validateGiven(
                slidingWindow: slidingWindow, attentionChunk: attentionChunk, moe: moe.value?.block,
                latentAttention: latent.value, linearAttention: linear.value, mamba: mamba.value,
                shortConvolution: shortConvolution.value, intermediateSize: intermediateSize, headDim: headDim,
                kvHeads: kvHeads)
        } catch {
            reader.report(error)
            return nil
        }
        return spec.normalised
    }

    /// Each trait defaults to what the spec's other fields imply.
    private static func readModuleTraits(
        _ reader: inout FieldReader, implied: ModelSpec.ModuleTraits
    ) -> ModelSpec.ModuleTraits? {
        var traits = implied
        traits.normCompute = reader.choice("norm_compute", default: implied.normCompute)
        traits.normPlacement = reader.choice("norm_placement", default: implied.normPlacement)
        traits.fusedQKV = reader.bool("fused_qkv", default: implied.fusedQKV)
        traits.parallelBlocks = reader.bool("parallel_blocks", default: implied.parallelBlocks)
        traits.headMajorRotary = reader.bool("head_major_rotary", default: implied.headMajorRotary)
        traits.eagerSoftmax = reader.choice("eager_softmax", default: implied.eagerSoftmax)
        traits.scoreSoftcap = reader.bool("score_softcap", default: implied.scoreSoftcap)
        traits.logitSoftcap = reader.bool("logit_softcap", default: implied.logitSoftcap)
        traits.expandedKeyValues = reader.bool("expanded_key_values", default: implied.expandedKeyValues)
        let sites = reader.nestedObject("dropout_sites") { nested in
            var sites: ModelSpec.ModuleTraits.DropoutSites = []
            for (name, site) in ModelSpec.ModuleTraits.DropoutSites.named
            where nested.bool(name, default: implied.dropoutSites.contains(site)) {
                sites.insert(site)
            }
            return sites
        }
        traits.dropoutSites = sites.value ?? implied.dropoutSites
        return sites.valid ? traits : nil
    }

    private static func readMixtureOfExperts(
        _ reader: inout FieldReader
    ) -> (block: ModelSpec.MixtureOfExperts, denseLayers: Int?)? {
        let experts = reader.requiredInteger("experts")
        let expertsPerToken = reader.requiredInteger("experts_per_token")
        let expertIntermediateSize = reader.requiredInteger("expert_intermediate_size")
        let block = ModelSpec.MixtureOfExperts(
            experts: experts ?? 0, expertsPerToken: expertsPerToken ?? 0,
            sharedExperts: reader.integer("shared_experts", default: 0),
            expertIntermediateSize: expertIntermediateSize ?? 0,
            sharedExpertIntermediateSize: reader.integer("shared_expert_intermediate_size"),
            sharedExpertGate: reader.bool("shared_expert_gate", default: false),
            routerBias: reader.bool("router_bias", default: false),
            expertBias: reader.bool("expert_bias", default: false))
        let denseLayers = reader.integer("dense_layers")
        guard experts != nil, expertsPerToken != nil, expertIntermediateSize != nil else { return nil }
        return (block, denseLayers)
    }

    private static func readLatentAttention(_ reader: inout FieldReader) -> ModelSpec.LatentAttention? {
        let qLoraRank = reader.integer("q_lora_rank", default: 0)
        let kvLoraRank = reader.requiredInteger("kv_lora_rank")
        let qkNopeHeadDim = reader.requiredInteger("qk_nope_head_dim")
        let qkRopeHeadDim = reader.requiredInteger("qk_rope_head_dim")
        let vHeadDim = reader.requiredInteger("v_head_dim")
        guard let kvLoraRank, let qkNopeHeadDim, let qkRopeHeadDim, let vHeadDim else { return nil }
        return ModelSpec.LatentAttention(
            qLoraRank: qLoraRank, kvLoraRank: kvLoraRank, qkNopeHeadDim: qkNopeHeadDim,
            qkRopeHeadDim: qkRopeHeadDim, vHeadDim: vHeadDim)
    }

    /// `true` (the form before scopes existed) is a per-head norm of the layers' kind; `false`, absent
    /// or null is none.
    private static func readQKNorm(
        _ reader: inout FieldReader, layerNorm: ModelSpec.NormKind
    ) -> (value: ModelSpec.QKNorm?, valid: Bool) {
        if case .bool(let flag)? = reader.value("qk_norm") {
            return (flag ? ModelSpec.QKNorm(scope: .head, norm: layerNorm) : nil, true)
        }
        return reader.nestedObject("qk_norm") { nested in
            ModelSpec.QKNorm(
                scope: nested.choice("scope", default: ModelSpec.QKNorm.Scope.head),
                norm: nested.choice("norm", default: layerNorm))
        }
    }

    /// Chunk lengths default to what the reference kernels use: 64 for the gated delta rule, 256 for
    /// lightning attention (minimax's `block_size`).
    private static func readLinearAttention(_ reader: inout FieldReader) -> ModelSpec.LinearAttention? {
        let kind = reader.choice("kind", default: ModelSpec.LinearAttention.Kind.gatedDeltaNet)
        let keyHeads = reader.requiredInteger("key_heads")
        let keyHeadDim = reader.requiredInteger("key_head_dim")
        let valueHeads = reader.integer("value_heads")
        let valueHeadDim = reader.integer("value_head_dim")
        let lightning = kind == .lightning
        let attention = ModelSpec.LinearAttention(
            kind: kind, keyHeads: keyHeads ?? 0, valueHeads: valueHeads ?? keyHeads ?? 0,
            keyHeadDim: keyHeadDim ?? 0, valueHeadDim: valueHeadDim ?? keyHeadDim ?? 0,
            convolutionKernel: reader.integer("conv_kernel", default: lightning ? 0 : 4),
            chunkSize: reader.integer("chunk_size", default: lightning ? 256 : 64))
        guard keyHeads != nil, keyHeadDim != nil else { return nil }
        return attention
    }

    private static func readMamba(_ reader: inout FieldReader) -> ModelSpec.Mamba2? {
        let heads = reader.requiredInteger("heads")
        let headDim = reader.requiredInteger("head_dim")
        let stateSize = reader.requiredInteger("state_size")
        let mamba = ModelSpec.Mamba2(
            heads: heads ?? 0, headDim: headDim ?? 0, stateSize: stateSize ?? 0,
            groups: reader.integer("groups", default: 1), convolutionKernel: reader.integer("conv_kernel", default: 4),
            convolutionBias: reader.bool("conv_bias", default: true),
            inputProjectionBias: reader.bool("in_proj_bias", default: false),
            outputProjectionBias: reader.bool("out_proj_bias", default: false),
            gatedNorm: reader.bool("gated_norm", default: true), chunkSize: reader.integer("chunk_size", default: 256))
        guard heads != nil, headDim != nil, stateSize != nil else { return nil }
        return mamba
    }

    private static func readShortConvolution(_ reader: inout FieldReader) -> ModelSpec.ShortConvolution? {
        ModelSpec.ShortConvolution(
            convolutionKernel: reader.integer("conv_kernel", default: 3), bias: reader.bool("bias", default: false))
    }

    private static func readQuantizedWeights(_ reader: inout FieldReader) -> ModelSpec.QuantizedWeights? {
        let format = reader.choice("format", default: ModelSpec.QuantizedWeights.Format.mxfp4)
        let scope = reader.choice("scope", default: ModelSpec.QuantizedWeights.Scope.routedExperts)
        return ModelSpec.QuantizedWeights(format: format, scope: scope)
    }

    // MARK: - Layout

    /// `layout` when given (the legacy fields then refused), else the layout the legacy fields imply.
    private static func readLayout(
        _ reader: inout FieldReader, layers: Int?, slidingWindow: Int?,
        moe: (block: ModelSpec.MixtureOfExperts, denseLayers: Int?)?
    ) -> LayerLayout? {
        guard reader.contains("layout") else {
            let globalEvery = reader.integer("global_attention_every", default: 0)
            guard let layers else { return nil }
            do {
                return try LayerLayout.implied(
                    layers: layers, slidingWindow: slidingWindow, globalAttentionEvery: globalEvery,
                    moe: moe != nil, denseLayers: moe?.denseLayers ?? 0)
            } catch {
                reader.report(error)
                return nil
            }
        }
        if reader.contains("global_attention_every") {
            reader.reject("global_attention_every", "cannot be given with layout; the layout says which layers slide")
        }
        if moe?.denseLayers != nil {
            reader.fail("moe.dense_layers", "cannot be given with layout; the layout says which layers hold the experts")
        }
        guard let entryReaders = reader.objects("layout") else { return nil }
        var entries: [LayerLayout.Entry] = []
        var valid = true
        for var entryReader in entryReaders {
            defer { entryReader.finish() }
            if entryReader.contains("layers") {
                let repeats = entryReader.integer("repeat", default: 1)
                guard let runReaders = entryReader.objects("layers") else {
                    valid = false
                    continue
                }
                var runs: [LayerLayout.Run] = []
                for var runReader in runReaders {
                    if let run = readRun(&runReader) { runs.append(run) } else { valid = false }
                    runReader.finish()
                }
                entries.append(LayerLayout.Entry(repeats: repeats, runs: runs))
            } else if let run = readRun(&entryReader) {
                entries.append(LayerLayout.Entry(runs: [run]))
            } else {
                valid = false
            }
        }
        guard valid else { return nil }
        do {
            return try LayerLayout(entries: entries)
        } catch {
            reader.report(error)
            return nil
        }
    }

    private static func readRun(_ reader: inout FieldReader) -> LayerLayout.Run? {
        let recurrent = reader.choice("recurrent", default: RecurrentChoice.none)
        let attention = reader.choice("attention", default: recurrent == .none ? AttentionChoice.full : .none)
        let kind = LayerKind(
            attention: attention.kind, rotary: reader.bool("rotary", default: true), recurrent: recurrent.kind,
            mlp: reader.choice("mlp", default: MLPChoice.dense).kind)
        return LayerLayout.Run(kind, count: reader.integer("count", default: 1))
    }

    /// The layer blocks' JSON names, `none` for a block a layer does not have (a string, since null
    /// means "the default" throughout the API).
    private enum AttentionChoice: String, CaseIterable {
        case full, sliding, chunked, none
        var kind: LayerKind.Attention? { LayerKind.Attention(rawValue: rawValue) }
    }

    private enum RecurrentChoice: String, CaseIterable {
        case none
        case linearAttention = "linear_attention"
        case mamba2
        case shortConvolution = "short_conv"
        var kind: LayerKind.Recurrent? { LayerKind.Recurrent(rawValue: rawValue) }
    }

    private enum MLPChoice: String, CaseIterable {
        case dense, moe, none
        var kind: LayerKind.MLP? { LayerKind.MLP(rawValue: rawValue) }
    }

    // MARK: - Writing

    /// `"model":{…}`: the member a transformer endpoint's subject is hashed and echoed as.
    static func writeMember(_ spec: ModelSpec, to json: inout JSONWriter) {
        json.key("model")
        write(spec, to: &json)
    }

    static func write(_ spec: ModelSpec, to json: inout JSONWriter) {
        json.beginObject()
        json.field("layers", spec.layers)
        json.field("hidden_size", spec.hiddenSize)
        json.field("attention_heads", spec.attentionHeads)
        json.field("kv_heads", spec.kvHeads)
        json.field("head_dim", spec.headDim)
        json.field("vocab_size", spec.vocabSize)
        json.field("intermediate_size", spec.intermediateSize)
        json.field("mlp", spec.mlp.rawValue)
        json.field("activation", spec.activation.rawValue)
        json.field("norm", spec.norm.rawValue)
        json.field("norms_per_layer", spec.normsPerLayer)
        json.field("final_norm", spec.finalNorm)
        json.field("embedding_norm", spec.embeddingNorm)
        json.field("position_embeddings", spec.positionEmbeddings)
        json.field("max_position_embeddings", spec.maxPositionEmbeddings)
        json.field("embedding_projection", spec.embeddingProjection)
        json.field("tied_embeddings", spec.tiedEmbeddings)
        json.field("lm_head_bias", spec.lmHeadBias)
        json.field("qkv_bias", spec.qkvBias)
        json.field("attention_output_bias", spec.attentionOutputBias)
        json.field("mlp_bias", spec.mlpBias)
        json.optionalObject("qk_norm", spec.qkNorm) { json, norm in
            json.field("scope", norm.scope.rawValue)
            json.field("norm", norm.norm.rawValue)
        }
        json.field("rotary_dim", spec.rotaryDim)
        json.field("attention_sinks", spec.attentionSinks)
        json.field("attention_output_gate", spec.attentionOutputGate)
        json.field("sliding_window", spec.slidingWindow)
        json.field("attention_chunk", spec.attentionChunk)
        json.optionalObject("moe", spec.moe) { json, moe in
            json.field("experts", moe.experts)
            json.field("experts_per_token", moe.expertsPerToken)
            json.field("shared_experts", moe.sharedExperts)
            json.field("expert_intermediate_size", moe.expertIntermediateSize)
            json.field("shared_expert_intermediate_size", moe.sharedExpertIntermediateSize)
            json.field("shared_expert_gate", moe.sharedExpertGate)
            json.field("router_bias", moe.routerBias)
            json.field("expert_bias", moe.expertBias)
        }
        json.optionalObject("latent_attention", spec.latentAttention) { json, latent in
            json.field("q_lora_rank", latent.qLoraRank)
            json.field("kv_lora_rank", latent.kvLoraRank)
            json.field("qk_nope_head_dim", latent.qkNopeHeadDim)
            json.field("qk_rope_head_dim", latent.qkRopeHeadDim)
            json.field("v_head_dim", latent.vHeadDim)
        }
        json.optionalObject("linear_attention", spec.linearAttention) { json, linear in
            json.field("kind", linear.kind.rawValue)
            json.field("key_heads", linear.keyHeads)
            json.field("value_heads", linear.valueHeads)
            json.field("key_head_dim", linear.keyHeadDim)
            json.field("value_head_dim", linear.valueHeadDim)
            json.field("conv_kernel", linear.convolutionKernel)
            json.field("chunk_size", linear.chunkSize)
        }
        json.optionalObject("mamba", spec.mamba) { json, mamba in
            json.field("heads", mamba.heads)
            json.field("head_dim", mamba.headDim)
            json.field("state_size", mamba.stateSize)
            json.field("groups", mamba.groups)
            json.field("conv_kernel", mamba.convolutionKernel)
            json.field("conv_bias", mamba.convolutionBias)
            json.field("in_proj_bias", mamba.inputProjectionBias)
            json.field("out_proj_bias", mamba.outputProjectionBias)
            json.field("gated_norm", mamba.gatedNorm)
            json.field("chunk_size", mamba.chunkSize)
        }
        json.optionalObject("short_conv", spec.shortConvolution) { json, convolution in
            json.field("conv_kernel", convolution.convolutionKernel)
            json.field("bias", convolution.bias)
        }
        json.optionalObject("quantized_weights", spec.quantizedWeights) { json, quantized in
            json.field("format", quantized.format.rawValue)
            json.field("scope", quantized.scope.rawValue)
        }
        json.key("layout")
        writeLayout(spec.layout, to: &json)
        let modules = spec.moduleTraits
        json.object("module_traits") { json in
            json.field("norm_compute", modules.normCompute.rawValue)
            json.field("norm_placement", modules.normPlacement.rawValue)
            json.field("fused_qkv", modules.fusedQKV)
            json.field("parallel_blocks", modules.parallelBlocks)
            json.field("head_major_rotary", modules.headMajorRotary)
            json.field("eager_softmax", modules.eagerSoftmax.rawValue)
            json.field("score_softcap", modules.scoreSoftcap)
            json.field("logit_softcap", modules.logitSoftcap)
            json.field("expanded_key_values", modules.expandedKeyValues)
            json.object("dropout_sites") { json in
                for (name, site) in ModelSpec.ModuleTraits.DropoutSites.named {
                    json.field(name, modules.dropoutSites.contains(site))
                }
            }
        }
        json.endObject()
    }

    /// The canonical entries: a single run as a run object, a repeated pattern as a block.
    static func writeLayout(_ layout: LayerLayout, to json: inout JSONWriter) {
        json.beginArray()
        for entry in layout.entries {
            if entry.repeats == 1, entry.runs.count == 1, let run = entry.runs.first {
                writeRun(run, to: &json)
            } else {
                json.beginObject()
                json.field("repeat", entry.repeats)
                json.key("layers")
                json.beginArray()
                for run in entry.runs { writeRun(run, to: &json) }
                json.endArray()
                json.endObject()
            }
        }
        json.endArray()
    }

    private static func writeRun(_ run: LayerLayout.Run, to json: inout JSONWriter) {
        json.beginObject()
        json.field("count", run.count)
        writeKind(run.kind, to: &json)
        json.endObject()
    }

    /// A layer kind's members, as runs and parameter groups spell them.
    static func writeKind(_ kind: LayerKind, to json: inout JSONWriter) {
        json.field("attention", kind.attention?.rawValue ?? "none")
        json.field("rotary", kind.rotary)
        json.field("recurrent", kind.recurrent?.rawValue ?? "none")
        json.field("mlp", kind.mlp?.rawValue ?? "none")
    }
}
