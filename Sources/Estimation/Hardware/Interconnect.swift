/// The link a device uses to talk to its peers in one server or slice, for tensor-parallel
/// all-reduces: its bandwidth per device and per direction (half the bidirectional figure vendors
/// print), which is what a ring all-reduce's bus bandwidth approaches (docs/hardware.md).
public struct Interconnect: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        case nvlink
        case pcie
        case infinityFabric = "infinity-fabric"
        case ici
        /// Given by a caller.
        case custom
    }

    public var kind: Kind
    /// Bytes per second, per device, per direction.
    public var bandwidthBytesPerSecond: Double

    public init(kind: Kind, bandwidthBytesPerSecond: Double) {
        self.kind = kind
        self.bandwidthBytesPerSecond = bandwidthBytesPerSecond
    }
}
