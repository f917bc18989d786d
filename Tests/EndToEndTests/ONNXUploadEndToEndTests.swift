import Foundation
import Testing
@testable import ServiceHost

/// An ONNX model over real sockets: the server takes the larger upload limit for `application/onnx`
/// while JSON keeps its own, refuses a model over it from `Content-Length` alone (413), answers a
/// broken model with a problem naming it, and keeps serving.
@Suite struct ONNXUploadEndToEndTests {
    private static let modelPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("ONNXReference/models/resnet18.unoptimized.onnx").path
    private static let model: [UInt8] = FileManager.default.contents(atPath: modelPath).map(Array.init) ?? []

    private static func upload(_ body: [UInt8], query: String = "", length: Int? = nil) -> [UInt8] {
        let head = "POST /v1/network\(query) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/onnx\r\n"
            + "Content-Length: \(length ?? body.count)\r\n\r\n"
        return Array(head.utf8) + body
    }

    @Test func theUploadLimitIsPerMediaType() throws {
        try withHost({ $0.server.maxBodyBytes = 1024 }) { client, host in
            #expect(host.configuration.server.maxBodyBytesByMediaType[.onnx] == 32 << 20)
            #expect(Self.model.count > 1024)
            let answer = try client.exchange(Self.upload(Self.model, query: "?batch_size=4"))
            #expect(answer.status == 200)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any])
            #expect(json.value("input.preset") as? String == "resnet18")
            #expect(json.value("input.kind") as? String == "onnx")
            // The same bytes as JSON are over JSON's limit.
            let asJSON = "POST /v1/network HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: \(Self.model.count)\r\n\r\n"
            #expect(try client.exchange(Array(asJSON.utf8)).status == 413)
        }
    }

    @Test func overTheLimitIs413AndTheServerKeepsServing() throws {
        try withHost { client, _ in
            // Only the head: refused from Content-Length alone, without reading 33 MiB.
            #expect(try client.exchange(Self.upload([], length: (32 << 20) + 1)).status == 413)
            #expect(try client.exchange(Self.upload(Array("not a model".utf8))).status == 400)
            var broken = Self.model
            broken.replaceSubrange(0..<(broken.count / 2), with: [UInt8](repeating: 0xFF, count: broken.count / 2))
            let problem = try client.exchange(Self.upload(broken))
            #expect([400, 422].contains(problem.status))
            #expect(try client.exchange(Self.upload(Self.model)).status == 200)
            #expect(try client.post("/v1/network", #"{"network":"resnet18"}"#).status == 200)
        }
    }

    /// `abacus network --onnx`: the flags become the query's fields, and the answer is the server's.
    @Test func theCommandPrintsTheServersAnswer() throws {
        let arguments = ["network", "--onnx", Self.modelPath, "--batch-size", "4", "--dtype", "bf16", "--hardware", "h100-sxm"]
        let json = try #require(AbacusBinary.built).run(arguments + ["--json"], standardInput: "/dev/null")
        #expect(json.status == 0, "\(json.stderr)")
        try withHost { client, _ in
            let server = try client.exchange(Self.upload(Self.model, query: "?batch_size=4&dtype=bf16&hardware=h100-sxm"))
            #expect(server.status == 200)
            #expect(json.stdout == server.text + "\n")
        }
        let both = try #require(AbacusBinary.built).run(["network", "resnet18", "--onnx", Self.modelPath], standardInput: "/dev/null")
        #expect(both.status != 0)
        #expect(both.stderr.contains("exactly one network"))
    }
}
