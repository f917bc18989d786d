/// Reading which layer has which block, from the ways configs say it: a `layer_types` list,
/// layer-index lists (`mlp_only_layers`, `moe_layers`), per-layer flags (`no_rope_layers`), a
/// period (`sliding_window_pattern`, `decoder_sparse_step`), or a pattern string
/// (`hybrid_override_pattern`). Families build a `[LayerKind]` from them and the spec compresses it.
extension HFConfigReader {
    /// Layers to build per-layer lists for: `layers` clamped to what a layout holds. An out-of-range
    /// `layers` is refused by validation, under the key it came from.
    static func slots(_ layers: Int) -> Int {
        Swift.min(Swift.max(layers, 0), LayerLayout.maxLayers)
    }

    /// A per-layer list (`layer_types`, `no_rope_layers`, …) must have one entry per layer; transformers
    /// reads past the end of a shorter one and ignores the rest of a longer one.
    mutating func checkPerLayer<Element>(_ list: [Element], key: String, layers: Int) -> [Element]? {
        guard list.count == layers else {
            if (1...LayerLayout.maxLayers).contains(layers) {
                fail(key, "must list one entry per layer (\(layers)), got \(list.count)")
            }
            return nil
        }
        return list
    }

    /// `layer_types` entries that name softmax attention: `full_attention`, `sliding_attention`,
    /// `chunked_attention`. Other names are left to the family (nil here).
    static func attentionSpan(_ type: String) -> LayerKind.Attention? {
        switch type {
        case "full_attention": .full
        case "sliding_attention": .sliding
        case "chunked_attention": .chunked
        default: nil
        }
    }

    /// Attention spans from a `layer_types`-style list of full, sliding and chunked layers; any
    /// other entry is refused, naming the key.
    mutating func attentionSpans(_ types: [String], key: String = "layer_types", layers: Int) -> [LayerKind.Attention]? {
        guard let types = checkPerLayer(types, key: key, layers: layers) else { return nil }
        var spans: [LayerKind.Attention] = []
        spans.reserveCapacity(types.count)
        for type in types {
            guard let span = Self.attentionSpan(type) else {
                fail(key, "has a layer type that cannot be estimated: \"\(type.prefix(40))\"")
                return nil
            }
            spans.append(span)
        }
        return spans
    }

    /// Layer indices (`mlp_only_layers`, `moe_layers`) as a set; an index outside the layers is
    /// refused, naming the key.
    mutating func layerIndices(_ key: String, layers: Int) -> Set<Int>? {
        guard let indices = intList(key) else { return nil }
        if let outside = indices.first(where: { !(0..<Swift.max(layers, 0)).contains($0) }) {
            fail(key, "lists layer \(outside), outside 0…\(layers - 1)")
            return nil
        }
        return Set(indices)
    }

    /// Dimensions of each head that rotary positions rotate: `int(head_dim × partial_rotary_factor)`
    /// as transformers computes it, the factor read from the top level (under any of `keys`), then
    /// from `rope_parameters` or `rope_scaling`, else `fallback`.
    mutating func rotaryDim(headDim: Int, keys: [String] = ["partial_rotary_factor"], default fallback: Double = 1) -> Int {
        note("rotary_dim", keys)
        var factor = number(keys, default: nil)
        for nested in ["rope_parameters", "rope_scaling"] where factor == nil {
            if case .object(let rope)? = config[nested], case let value? = rope["partial_rotary_factor"] {
                switch value {
                case .integer(let number): factor = Double(number)
                case .number(let number): factor = number
                default: fail("\(nested).partial_rotary_factor", "must be a number, got \(describe(value))")
                }
            }
        }
        let resolved = factor ?? fallback
        guard resolved > 0, resolved <= 1 else {
            fail(keys[0], "must be above 0 and at most 1, got \(resolved)")
            return headDim
        }
        // A head width out of range is refused by validation; only convert what can be exact.
        guard (0...(1 << 24)).contains(headDim) else { return headDim }
        return Int(Double(headDim) * resolved)
    }
}
