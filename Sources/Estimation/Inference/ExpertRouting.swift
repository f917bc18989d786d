#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Experts a step reads: each of `tokens` routed tokens picks `K` of the `E` experts, so an expert
/// escapes a token with probability `1 − K/E`, and the step is expected to touch
/// `E·(1 − (1 − K/E)^tokens)` of them per layer: `K` for one token, all `E` for a large batch
/// (routing taken as uniform and independent, which load-balanced routers aim at).
enum ExpertRouting {
    static func expectedExpertsTouched(experts: Double, perToken: Double, tokens: Double) -> Double {
        guard experts > 0, tokens > 0 else { return 0 }
        let missed = 1 - perToken / experts
        return experts * (1 - pow(missed, tokens))
    }
}
