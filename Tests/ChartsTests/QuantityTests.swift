import Testing
@testable import Charts

@Suite("Quantities and units")
struct QuantityTests {
    @Test(arguments: [
        (Quantity.bytes, 80e9, "74.5 GiB"), (.bytes, 0, "0 B"), (.bytes, 1536, "1.5 KiB"), (.bytes, 3 * 1_099_511_627_776.0, "3 TiB"),
        (.bytes, 512, "512 B"), (.flopsPerSecond, 989.4e12, "989 TFLOP/s"), (.flopsPerSecond, 2.5e15, "2.5 PFLOP/s"),
        (.flopsPerSecond, 726e9, "726 GFLOP/s"), (.bytesPerSecond, 4.8e12, "4.8 TB/s"), (.bytesPerSecond, 96e9, "96 GB/s"),
        (.seconds, 7.37e-3, "7.37 ms"), (.seconds, 12.27e-6, "12.3 µs"), (.seconds, 3e-10, "0.3 ns"), (.seconds, 3600, "3600 s"),
        (.count("tokens/s"), 12_345, "12.3k tokens/s"), (.count(""), 0.5, "0.5"), (.flopsPerByte, 206.1, "206 FLOP/B"),
        (.flops, 1.2e21, "1200 EFLOP"), (.bytes, -2_147_483_648, "-2 GiB"), (.bytes, .nan, "n/a"), (.seconds, .infinity, "n/a"),
    ])
    func text(_ quantity: Quantity, _ value: Double, _ expected: String) {
        #expect(quantity.text(value) == expected)
    }
}
