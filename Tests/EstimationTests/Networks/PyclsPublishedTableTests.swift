import Testing
@testable import Estimation

/// pycls's published complexity table (its repository's `dev/model_complexity.json`, the rows the
/// project keeps): flops (multiply-adds plus bias additions), params and acts at 224 × 224
/// (EfficientNet at its training resolution). pycls_zoo.json, generated from pycls itself, holds the
/// same numbers for these models and the rest of the zoo; this table guards against both drifting.
@Suite struct PyclsPublishedTableTests {
    static let rows: [(preset: String, flops: Int, params: Int, acts: Int)] = [
        ("pycls-regnetx-200mf", 199_040_872, 2_684_792, 2_164_056),
        ("pycls-regnetx-400mf", 397_678_568, 5_157_512, 3_143_272),
        ("pycls-regnetx-600mf", 600_891_112, 6_196_040, 3_975_096),
        ("pycls-regnetx-800mf", 799_700_712, 7_259_656, 5_148_744),
        ("pycls-regnetx-1.6gf", 1_602_850_792, 9_190_136, 7_933_512),
        ("pycls-regnetx-3.2gf", 3_176_622_952, 15_296_552, 11_367_432),
        ("pycls-regnetx-4.0gf", 3_964_499_816, 22_118_248, 12_201_608),
        ("pycls-regnetx-6.4gf", 6_460_292_264, 26_209_256, 16_369_744),
        ("pycls-regnetx-8.0gf", 7_995_133_416, 39_572_648, 14_059_688),
        ("pycls-regnetx-12gf", 12_086_679_016, 46_106_056, 21_366_568),
        ("pycls-regnetx-16gf", 15_940_756_456, 54_278_536, 25_515_496),
        ("pycls-regnetx-32gf", 31_735_930_792, 107_811_560, 36_302_160),
        ("pycls-resnet-50", 4_089_185_256, 25_557_032, 11_315_688),
        ("pycls-efficientnet-b0", 385_825_092, 5_288_548, 6_748_036),
    ]

    @Test(arguments: rows.map(\.preset))
    func publishedRow(_ name: String) throws {
        let row = try #require(Self.rows.first { $0.preset == name })
        let preset = try #require(NetworkPresets.named(name))
        let totals = try NetworkEstimator.estimate(preset.network, NetworkOptions()).totals
        #expect(totals.pyclsFlops == row.flops)
        #expect(totals.parameters == row.params)
        #expect(totals.activations == row.acts)
    }
}
