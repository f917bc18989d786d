/// What the backward pass recomputes instead of storing. The raw value is the API's name
/// (`activation_recompute`).
public enum ActivationRecompute: String, Hashable, Sendable, CaseIterable {
    /// Store everything (Korthikanti et al.'s `34bsd + 5bas²` per layer).
    case none
    /// Recompute the attention core (the `s²` terms): `34bsd` per layer; costs the attention core's
    /// forward again in hardware FLOPs.
    case selective
    /// Keep each layer's input only and recompute the layer: `2bsd` per layer plus one layer's full
    /// set while it is recomputed; costs every layer's forward again.
    case full
}
