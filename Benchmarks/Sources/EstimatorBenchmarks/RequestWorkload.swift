import EstimationAPI
import Foundation
import HTTPCore

/// The request path without sockets: `EstimationService.handle` on the body the load tests send
/// (requests/estimate-405b.json), in the variants that split its cost.
struct RequestWorkload {
    /// The same body as the wrk scripts send, from Benchmarks/requests.
    let body: [UInt8]
    /// Distinct bodies for misses: more than the cache holds, visited in a cycle, so LRU never hits.
    let distinctBodies: [[UInt8]]

    static let path = "/v1/estimate"

    init(requestsDirectory: String) throws {
        let file = requestsDirectory + "/estimate-405b.json"
        guard let data = FileManager.default.contents(atPath: file) else {
            throw WorkloadError(message: "cannot read \(file)")
        }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        body = Array(text.utf8)
        distinctBodies = try MissBodies.all(from: text).map { Array($0.utf8) }
    }

    /// The request wrk sends: no `Accept` header (JSON by default), so content negotiation costs
    /// nothing here either.
    func request(_ body: [UInt8]) -> HTTPRequest {
        HTTPRequest(method: .post, target: Self.path, headers: ["Content-Type": "application/json"], body: body)
    }
}

/// The rotating set of distinct specs the miss benchmarks use, built exactly as
/// Benchmarks/wrk/estimate-miss.lua builds it: `batch_size` 1…8192 × four sequence lengths,
/// 32,768 bodies, against a cache of 10,000 entries.
enum MissBodies {
    static let batchSizes = 8192
    static let sequenceLengths = [1024, 2048, 4096, 8192]
    static var count: Int { batchSizes * sequenceLengths.count }

    /// Body `index` (0-based, taken modulo `count`).
    static func body(_ index: Int, template: String) throws -> String {
        let index = index % count
        let batch = index % batchSizes + 1
        let sequence = sequenceLengths[index / batchSizes]
        return try template
            .replacingFirst(#""batch_size":1,"#, with: #""batch_size":\#(batch),"#)
            .replacingFirst(#""sequence_length":8192,"#, with: #""sequence_length":\#(sequence),"#)
    }

    static func all(from template: String) throws -> [String] {
        try (0..<count).map { try body($0, template: template) }
    }
}

struct WorkloadError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

extension String {
    fileprivate func replacingFirst(_ target: String, with replacement: String) throws -> String {
        guard let range = range(of: target) else {
            throw WorkloadError(message: "request template lacks \(target)")
        }
        return replacingCharacters(in: range, with: replacement)
    }
}
