// libFuzzer target for the ONNX reader (Fuzz/run-onnx-fuzzer.sh).
//
// Beyond "no crash, no hang, no unbounded allocation" (ASan and libFuzzer's limits catch those),
// it checks the reader's contract on every input:
//  - it answers a network or an ONNXImportError with a short message;
//  - a network read has one origin (ONNX node) per layer;
//  - its canonical form resolves, has the same totals and training memory, and is its own
//    canonical form.
import CLibFuzzer
import Foundation
import Estimation
import ONNXImport

/// Small limits so the fuzzer reaches every limit quickly.
let limits = ONNXLimits(modelBytes: 1 << 20, nodes: 4096, evaluatedValues: 4096, messageDepth: 32)
let options = NetworkOptions(batchSize: 3)

func fuzzONNXImport(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    do {
        check(try ONNXModel.network(from: bytes, limits: limits))
    } catch {
        if error.description.utf8.count > 2048 { fatalError("an error of \(error.description.utf8.count) bytes: \(error.description.prefix(200))") }
    }
    return 0
}

func check(_ imported: ImportedNetwork) {
    if imported.origins.count != imported.network.layers.count {
        fatalError("\(imported.origins.count) origins for \(imported.network.layers.count) layers")
    }
    // An estimate may overflow (an EstimationError); a network that estimates must keep its totals.
    guard let estimate = try? NetworkEstimator.estimate(imported.network, options) else { return }
    let canonicalSpec = imported.canonicalSpec
    let canonical: Network
    do {
        canonical = try Network(resolving: canonicalSpec)
    } catch {
        fatalError("the canonical form does not resolve: \(error)")
    }
    guard let again = try? NetworkEstimator.estimate(canonical, options), again.totals == estimate.totals,
          again.trainingMemory == estimate.trainingMemory
    else {
        fatalError("the canonical form changed the totals")
    }
    if NetworkCanonicalForm.spec(of: canonical) != canonicalSpec { fatalError("the canonical form is not its own canonical form") }
}

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzONNXImport(data, size) })
