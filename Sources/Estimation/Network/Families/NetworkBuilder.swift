/// Builds a `NetworkSpec` layer by layer for the family definitions: each `add` reads the previous
/// layer unless told otherwise, and returns the new layer's name for later references.
struct NetworkBuilder {
    private(set) var layers: [NetworkLayer] = []
    /// The last layer added (`input` before any).
    private(set) var last = NetworkLayer.inputName

    init() {
        layers.reserveCapacity(256)
    }

    @discardableResult
    mutating func add(_ name: String, _ operation: LayerOperation, inputs: [String]? = nil) -> String {
        // Reading the previous layer is the default: leave such inputs implicit, as a person would write them.
        let named = inputs.flatMap { $0 == [last] ? nil : $0 } ?? []
        layers.append(NetworkLayer(name: name, inputs: named, operation: operation))
        last = name
        return name
    }

    /// A convolution with torch's usual padding for an odd kernel, `d(k − 1) / 2`, unless given.
    @discardableResult
    mutating func conv(
        _ name: String, _ outChannels: Int, kernel: Int, stride: Int = 1, padding: Int? = nil, dilation: Int = 1,
        groups: Int = 1, bias: Bool = false, from input: String? = nil
    ) -> String {
        let pad = padding ?? dilation * (kernel - 1) / 2
        return add(
            name,
            .conv2d(Conv2D(
                outChannels: outChannels, kernel: Size2D(kernel), stride: Size2D(stride), padding: Padding2D(Size2D(pad)),
                dilation: Size2D(dilation), groups: groups, bias: bias)),
            inputs: input.map { [$0] })
    }

    /// torchvision's `Conv2dNormActivation` (and pycls's conv, BN, activation): a bias-free
    /// convolution, batch norm, and an optional activation, named `name`, `name_bn`, `name_<act>`.
    @discardableResult
    mutating func convBN(
        _ name: String, _ outChannels: Int, kernel: Int, stride: Int = 1, groups: Int = 1,
        activation: ActivationFunction?, from input: String? = nil
    ) -> String {
        conv(name, outChannels, kernel: kernel, stride: stride, groups: groups, from: input)
        add(name + "_bn", .batchNorm(BatchNorm()))
        if let activation { add(name + "_" + activation.rawValue, .activation(activation)) }
        return last
    }

    @discardableResult
    mutating func activation(_ name: String, _ function: ActivationFunction, from input: String? = nil) -> String {
        add(name, .activation(function), inputs: input.map { [$0] })
    }

    @discardableResult
    mutating func linear(_ name: String, _ outFeatures: Int, bias: Bool = true) -> String {
        add(name, .linear(Linear(outFeatures: outFeatures, bias: bias)))
    }

    /// Global average pooling and flattening to a vector, the classifiers' usual start.
    mutating func globalAveragePool(_ prefix: String) {
        add(prefix + "avg_pool", .adaptiveAvgPool2d(AdaptivePool2D(outputSize: Size2D(1))))
        add(prefix + "flatten", .flatten(Flatten()))
    }

    func spec(input: [Int]) -> NetworkSpec {
        NetworkSpec(input: input, layers: layers)
    }
}

/// torchvision's `_make_divisible` (the TensorFlow models' channel rounding): the nearest multiple
/// of `divisor` (halves up), at least `divisor`, and never more than 10 % below `value`.
func makeDivisible(_ value: Double, _ divisor: Int) -> Int {
    var rounded = max(divisor, Int(value + Double(divisor) / 2) / divisor * divisor)
    if Double(rounded) < 0.9 * value { rounded += divisor }
    return rounded
}

/// Python's `round` of a float to an integer: halves to even.
func pythonRound(_ value: Double) -> Int {
    Int(value.rounded(.toNearestOrEven))
}
