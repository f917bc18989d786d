import Charts

/// Small charts with known numbers, shared by the structure, determinism and edge-case tests.
enum ChartFixtures {
    static let gib = 1_073_741_824.0

    static let memory = MemoryBreakdownChart(
        title: "Memory per GPU",
        device: .init(name: "H100 SXM", capacityBytes: 80 * gib, usableBytes: 72 * gib),
        bars: [
            .init(label: "stage 0", segments: [
                .init(component: "weights", bytes: 20 * gib), .init(component: "optimizer states", bytes: 30 * gib),
                .init(component: "activations", bytes: 10 * gib),
            ]),
            .init(label: "stage 1", segments: [
                .init(component: "weights", bytes: 20 * gib), .init(component: "optimizer states", bytes: 30 * gib),
                .init(component: "activations", bytes: 40 * gib),
            ]),
        ])

    static let roofline = RooflineChart(
        title: "Roofline",
        roofs: [
            .init(name: "spec", peakFLOPsPerSecond: 989e12, bandwidthBytesPerSecond: 3.35e12, source: .specSheet),
            .init(name: "measured", peakFLOPsPerSecond: 700e12, bandwidthBytesPerSecond: 3e12, source: .measured),
        ],
        operators: [
            .init(name: "attention scores", arithmeticIntensity: 2, achievedFLOPsPerSecond: 5e12, bound: .memory),
            .init(name: "mlp up", arithmeticIntensity: 800, achievedFLOPsPerSecond: 600e12, bound: .compute),
        ])

    static let latency = LineChart(
        title: "Latency and throughput against batch size",
        xAxis: .init(title: "Batch size", quantity: .count("sequences"), scale: .logarithmic),
        panels: [
            .init(yAxis: .init(title: "Latency per token", quantity: .seconds), series: [
                .init(name: "H100", points: [.init(x: 1, y: 0.007), .init(x: 4, y: 0.009), .init(x: 16, y: 0.0135)]),
                .init(name: "A100", points: [.init(x: 1, y: 0.011), .init(x: 4, y: 0.014), .init(x: 16, y: 0.021)]),
            ]),
            .init(yAxis: .init(title: "Throughput", quantity: .count("tokens/s")), series: [
                .init(name: "H100", points: [.init(x: 1, y: 140), .init(x: 4, y: 450), .init(x: 16, y: 1200)]),
                .init(name: "A100", points: [.init(x: 1, y: 90), .init(x: 4, y: 290), .init(x: 16, y: 760)]),
            ]),
        ])

    static let fits = FitsGrid(
        title: "Which models fit",
        accelerators: ["A100 80GB", "H100 SXM"],
        rows: [
            .init(model: "llama-3-8b", cells: [.memory(requiredBytes: 40 * gib, usableBytes: 72 * gib), .memory(requiredBytes: 68 * gib, usableBytes: 72 * gib)]),
            .init(model: "llama-3-70b", cells: [.memory(requiredBytes: 140 * gib, usableBytes: 72 * gib), .unavailable(reason: "heads not divisible")]),
        ])

    static let all: [any SVGChart] = [memory, roofline, latency, fits]
}
