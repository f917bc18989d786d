import Estimation
import EstimationAPI
import Foundation
import HTTPCore

/// `EstimatorBenchmarks [--filter TEXT] [--requests DIR] [--iterations N]`: the estimator's and the
/// request path's own cost, printed as a Markdown table (microseconds per operation). `--filter`
/// runs only the benchmarks whose name contains TEXT (to profile one under `perf record`).
/// `--iterations N` runs each selected benchmark exactly N times, untimed, for instruction counts
/// (Benchmarks/callgrind.sh). Checks each workload's response first, so a benchmark never times an
/// error path by mistake.
struct Arguments {
    var filter: String?
    var iterations: Int?
    var requestsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../requests").standardized.path

    init(_ arguments: [String]) {
        var rest = arguments.makeIterator()
        while let flag = rest.next() {
            switch (flag, rest.next()) {
            case ("--filter", let value?): filter = value
            case ("--requests", let value?): requestsDirectory = value
            case ("--iterations", let value?):
                guard let count = Int(value), count >= 0 else { fail("--iterations wants a count, got \(value)") }
                iterations = count
            default: fail("usage: EstimatorBenchmarks [--filter TEXT] [--requests DIR] [--iterations N]")
            }
        }
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("estimator-benchmarks: \(message)\n".utf8))
    exit(1)
}

let arguments = Arguments(Array(CommandLine.arguments.dropFirst()))
guard let estimator = EstimatorWorkload() else { fail("llama-3.1-405b or h100-sxm missing from the catalogues") }
let requests: RequestWorkload
do {
    requests = try RequestWorkload(requestsDirectory: arguments.requestsDirectory)
} catch {
    fail("\(error)")
}

let harness = Harness()
var summaries: [Summary] = []

/// Measures `operation` unless `--filter` excludes it (or runs it `--iterations` times).
@MainActor func run(_ name: String, _ operation: () -> Void) {
    if let filter = arguments.filter, !name.contains(filter) { return }
    if let iterations = arguments.iterations {
        for _ in 0..<iterations { operation() }
        return
    }
    summaries.append(harness.measure(name, operation))
}

// The estimator alone, and its sections, through the Estimation library.
do {
    _ = try estimator.everything()
} catch {
    fail("the 405B estimate failed: \(error)")
}
run("estimator: all /v1/estimate sections, llama-3.1-405b") {
    blackHole(try? estimator.everything())
}
run("estimator: parameters") { blackHole(try? ParameterCounter.count(estimator.spec)) }
run("estimator: training memory (16 pipeline stages) + fit") {
    blackHole(try? TrainingMemory.estimate(estimator.spec, estimator.memory).fit(on: estimator.accelerator))
}
run("estimator: FLOPs") { blackHole(try? Flops.estimate(estimator.spec, estimator.flops)) }
run("estimator: KV cache + fit") { blackHole(try? KVCache.estimate(estimator.spec, estimator.kvCache)) }
run("estimator: training time") {
    blackHole(try? TrainingTime.estimate(estimator.spec, estimator.trainingTime))
}
do {
    _ = try InferenceEstimator.estimate(estimator.spec, estimator.inference)
} catch {
    fail("the 405B inference estimate failed: \(error)")
}
run("estimator: inference, tensor parallel 8, batch sweep to 256") {
    blackHole(try? InferenceEstimator.estimate(estimator.spec, estimator.inference))
}

// A network through the Estimation library: ResNet-50's /v1/network computation.
guard let network = NetworkWorkload() else { fail("resnet50 or h100-sxm missing from the catalogues") }
do {
    _ = try network.resolveAndEstimate()
} catch {
    fail("the ResNet-50 network estimate failed: \(error)")
}
run("network: resnet50 estimate (resolved preset; batch 32, bf16, roofline)") { blackHole(try? network.estimate()) }
run("network: resnet50 resolve spec + estimate") { blackHole(try? network.resolveAndEstimate()) }

// The request path through EstimationService.respond(to:).
func expect(_ response: HTTPResponse, status: HTTPStatus, cache: String?, _ what: String) {
    guard response.status == status, response.headers["X-Cache"] == cache else {
        fail("\(what): got \(response.status) X-Cache \(response.headers["X-Cache"] ?? "none"): \(String(decoding: response.body, as: UTF8.self))")
    }
}

let service = EstimationService()
let health = HTTPRequest(method: .get, target: "/healthz")
expect(service.respond(to: health), status: 200, cache: nil, "GET /healthz")
run("service: GET /healthz (routing floor)") { blackHole(service.respond(to: health)) }

// A repeated body: the request memo maps its bytes to their meaning, so this is the memo lookup,
// the cache lookup and the response assembled around the cached bytes (the wrk hit workload).
let hit = requests.request(requests.body)
expect(service.respond(to: hit), status: 200, cache: "miss", "first POST /v1/estimate")
expect(service.respond(to: hit), status: 200, cache: "hit", "second POST /v1/estimate")
run("service: cache hit, repeated body (memo + cache lookup + assemble)") { blackHole(service.respond(to: hit)) }

// The same request with the memo off: what a hit costs when its bytes have not been seen (another
// spelling of a cached spec): decode, validate, canonicalise and SHA-256 before the lookup.
let memoless = EstimationService(configuration: ServiceConfiguration(requestMemoMaxEntries: 0))
expect(memoless.respond(to: hit), status: 200, cache: "miss", "first POST /v1/estimate without the memo")
expect(memoless.respond(to: hit), status: 200, cache: "hit", "second POST /v1/estimate without the memo")
run("service: cache hit, new bytes (+ decode, validate, canonicalise, SHA-256)") { blackHole(memoless.respond(to: hit)) }

// Distinct bodies in a cycle longer than the cache: every request decodes, computes and encodes.
let missRequests = requests.distinctBodies.map { requests.request($0) }
expect(service.respond(to: missRequests[0]), status: 200, cache: "miss", "a distinct POST /v1/estimate")
var next = 1
run("service: cache miss (all of it + estimator + encode + insert/evict)") {
    blackHole(service.respond(to: missRequests[next]))
    next = next + 1 == missRequests.count ? 0 : next + 1
}
expect(service.respond(to: missRequests[next]), status: 200, cache: "miss", "the rotating set still misses")

print("Micro-benchmarks (\(MissBodies.count) distinct miss bodies; cache 10,000 entries)\n")
print(Summary.tableHeader)
for summary in summaries { print(summary.tableRow) }
