extension ModelSpec {
    /// How transformers' PyTorch modules compute a layer, where that changes what autograd keeps for
    /// the backward pass: the `huggingface` framework's training memory reads it
    /// (docs/training-memory.md); parameters, FLOPs and caches do not depend on it. Each family the
    /// importer reads states what its modules do (`ModelSpec.modules`); a spec that does not say
    /// takes what its other fields imply (`init(implied:)`). JSON names in brackets.
    public struct ModuleTraits: Hashable, Sendable {
        /// How every norm of the model computes, q/k norms included [norm_compute]
        public var normCompute: NormCompute
        /// Where the layer norms sit [norm_placement]
        public var normPlacement: NormPlacement
        /// One projection makes q, k and v, which reach attention as views of it (gpt2's `c_attn`,
        /// gpt_neox's and falcon's `query_key_value`, phi3's `qkv_proj`) [fused_qkv]
        public var fusedQKV: Bool
        /// Attention and MLP read the same layer input side by side, the input saved once
        /// (gpt_neox's `use_parallel_residual`, falcon's `parallel_attn`, gptj, phi, cohere) [parallel_blocks]
        public var parallelBlocks: Bool
        /// Rotary positions split each head and concatenate it again once the heads lead the
        /// layout, so the fused attention kernel's output is copied for the output projection
        /// (gpt_neox, phi, phi3, stablelm) [head_major_rotary]
        public var headMajorRotary: Bool
        /// What eager attention computes its scores and softmax in [eager_softmax]
        public var eagerSoftmax: EagerSoftmax
        /// Eager attention caps its scores with `tanh` (gemma2's `attn_logit_softcapping`) [score_softcap]
        public var scoreSoftcap: Bool
        /// The logits are capped with `tanh` before the loss (gemma2's `final_logit_softcapping`)
        /// [logit_softcap]
        public var logitSoftcap: Bool
        /// The key/value heads are expanded to the query heads before attention (falcon's
        /// `new_decoder_architecture`) [expanded_key_values]
        public var expandedKeyValues: Bool
        /// Where the modules drop values when dropout is on [dropout_sites]
        public var dropoutSites: DropoutSites

        public enum NormCompute: String, Hashable, Sendable, CaseIterable {
            /// One fused kernel (`torch.nn.LayerNorm`): saves its 16-bit input and fp32 mean and
            /// reciprocal deviation per normalised group.
            case fused
            /// llama's RMSNorm: an fp32 copy of the input, the fp32 reciprocal RMS, and the 16-bit
            /// normalised values the weight multiplies.
            case float32Input = "float32_input"
            /// olmo2's RMSNorm: the weight multiplies in fp32, so the fp32 normalised values are
            /// saved instead of 16-bit ones.
            case float32Weight = "float32_weight"
            /// gemma's RMSNorm, `x̂·(1 + w)` in fp32: the fp32 input, reciprocal RMS, fp32 normalised
            /// values and an fp32 `1 + w` per norm.
            case float32UnitOffset = "float32_unit_offset"
            /// cohere's LayerNorm in fp32: the fp32 centred input, reciprocal deviation, fp32
            /// normalised values twice (before and after the weight) and an fp32 copy of the weight.
            case float32Centred = "float32_centred"
        }

        public enum NormPlacement: String, Hashable, Sendable, CaseIterable {
            /// Before attention and MLP, whose inputs they make.
            case before
            /// After attention and MLP, on their outputs before the residual add (olmo2, olmo3):
            /// attention and MLP read the residual stream itself.
            case after
            /// Both (gemma2, gemma3: four norms per layer).
            case around
        }

        public enum EagerSoftmax: String, Hashable, Sendable, CaseIterable {
            /// Scores in the model's dtype, the softmax in fp32 and a copy back (llama and most).
            case float32
            /// Scores and softmax in the model's dtype (gpt2, falcon).
            case modelDtype = "model_dtype"
            /// Queries and keys upcast to fp32 first, so scores and softmax are fp32 (gptj).
            case float32Scores = "float32_scores"
        }

        /// Dropout sites: after the embedding, on the attention probabilities, on the attention
        /// output and on the MLP output (the four of Korthikanti et al.).
        public struct DropoutSites: OptionSet, Hashable, Sendable {
            public let rawValue: Int
            public init(rawValue: Int) { self.rawValue = rawValue }

            public static let embedding = DropoutSites(rawValue: 1)
            public static let attention = DropoutSites(rawValue: 2)
            public static let attentionOutput = DropoutSites(rawValue: 4)
            public static let mlpOutput = DropoutSites(rawValue: 8)
            public static let all: DropoutSites = [.embedding, .attention, .attentionOutput, .mlpOutput]

            /// Each site with its JSON name, in order.
            public static let named: [(name: String, site: DropoutSites)] = [
                ("embedding", .embedding), ("attention", .attention), ("attention_output", .attentionOutput),
                ("mlp_output", .mlpOutput),
            ]
        }

        public init(
            normCompute: NormCompute, normPlacement: NormPlacement = .before, fusedQKV: Bool = false,
            parallelBlocks: Bool = false, headMajorRotary: Bool = false, eagerSoftmax: EagerSoftmax = .float32,
            scoreSoftcap: Bool = false, logitSoftcap: Bool = false, expandedKeyValues: Bool = false,
            dropoutSites: DropoutSites = .all
        ) {
            self.normCompute = normCompute
            self.normPlacement = normPlacement
            self.fusedQKV = fusedQKV
            self.parallelBlocks = parallelBlocks
            self.headMajorRotary = headMajorRotary
            self.eagerSoftmax = eagerSoftmax
            self.scoreSoftcap = scoreSoftcap
            self.logitSoftcap = logitSoftcap
            self.expandedKeyValues = expandedKeyValues
            self.dropoutSites = dropoutSites
        }

        /// What a spec's other fields imply: a LayerNorm computes in one kernel, an RMSNorm as
        /// llama's does; four norms per layer sit around the blocks, one feeds both side by side;
        /// every Korthikanti dropout site; the rest as llama's modules do.
        public init(implied spec: ModelSpec) {
            let compute: NormCompute = switch spec.norm {
            case .layernorm, .layernormWithoutBias: .fused
            case .rmsnorm, .rmsnormWithoutWeight: .float32Input
            }
            self.init(
                normCompute: compute, normPlacement: spec.normsPerLayer == 4 ? .around : .before,
                parallelBlocks: spec.normsPerLayer == 1)
        }
    }

    /// The module traits in effect: the stated ones, or those the other fields imply.
    public var moduleTraits: ModuleTraits { modules ?? ModuleTraits(implied: self) }
}
