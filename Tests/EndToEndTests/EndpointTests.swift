import Foundation
import Testing

/// Every endpoint of docs/architecture.md over a real socket, with values checked against the
/// reference data or derived by hand.
@Suite struct EndpointTests {
    @Test func parametersOfLlama2MatchTransformers() throws {
        try withHost { client, _ in
            let response = try client.post("/v1/parameters", #"{"model":"llama-2-7b"}"#)
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "application/json")
            let body = try response.json()
            #expect(body.integer("parameters.total") == Reference.llama2Parameters)
            // Untied 32000 × 4096 tables: the non-embedding count leaves out the input embedding and
            // the output head.
            #expect(body.integer("parameters.non_embedding") == Reference.llama2Parameters - 2 * 32_000 * 4096)
            #expect(body.integer("parameters.active") == Reference.llama2Parameters)
            #expect(body.string("spec_hash")?.count == 64)
        }
    }

    @Test func trainingMemoryModelStatesAreSixteenBytesPerParameter() throws {
        try withHost { client, _ in
            let response = try client.post(
                "/v1/memory/training",
                #"{"model":"llama-2-7b","batch_size":1,"sequence_length":1024,"optimizer":"adamw-16","hardware":"h100-sxm"}"#)
            #expect(response.status == 200)
            let body = try response.json()
            let n = Reference.llama2Parameters
            // adamw-16 (docs/formulas.md §2): 2 + 2 + 4 + 8 bytes per parameter.
            #expect(body.integer("bytes_per_parameter") == 16)
            #expect(body.integer("per_gpu.weights") == 2 * n)
            #expect(body.integer("per_gpu.gradients") == 2 * n)
            #expect(body.integer("per_gpu.master_weights") == 4 * n)
            #expect(body.integer("per_gpu.optimizer_states") == 8 * n)
            let parts = ["weights", "gradients", "master_weights", "optimizer_states", "activations", "logits", "embedding_dropout"]
            let sum = parts.compactMap { body.integer("per_gpu.\($0)") }.reduce(0, +)
            #expect(body.integer("per_gpu.total") == sum)
            // 80 GB of H100 cannot hold 16 × 6.7 B bytes of model states.
            #expect(body.value("fit.fits") as? Bool == false)
        }
    }

    @Test func forwardFlopsMatchPyTorchsCounter() throws {
        try withHost { client, _ in
            let response = try client.post("/v1/flops", #"{"model":"llama-2-7b","batch_size":1,"sequence_length":512}"#)
            #expect(response.status == 200)
            let body = try response.json()
            #expect(body.number("forward.total") == Reference.llama2ForwardFlopsB1S512)
            #expect(body.number("backward.total") == 2 * Reference.llama2ForwardFlopsB1S512)
            #expect(body.number("training_step.total") == 3 * Reference.llama2ForwardFlopsB1S512)
            #expect(body.number("macs") == Reference.llama2ForwardFlopsB1S512 / 2)
        }
    }

    @Test func trainingTimeDividesStepFlopsByTheClusterRate() throws {
        try withHost { client, _ in
            let response = try client.post(
                "/v1/training-time", #"{"model":"llama-2-7b","tokens":2048000,"sequence_length":2048,"hardware":"h100-sxm","gpus":8}"#)
            #expect(response.status == 200)
            let body = try response.json()
            // 1000 sequences of 2048 tokens, 3 × forward each; forward(b=1) is a quarter of b=4.
            let flops = 3 * 1000 * Reference.llama2ForwardFlopsB4S2048 / 4
            #expect(body.number("flops") == flops)
            // 8 GPUs × 989.4 TFLOP/s bf16 (docs/hardware.md, h100-sxm) × the default MFU 0.4.
            let seconds = flops / (8 * 989.4e12 * 0.4)
            #expect(abs((body.number("seconds") ?? 0) - seconds) <= seconds * 1e-12)
            #expect(abs((body.number("range.low.seconds") ?? 0) - flops / (8 * 989.4e12 * 0.35)) <= seconds * 1e-12)
            #expect(abs((body.number("range.high.seconds") ?? 0) - flops / (8 * 989.4e12 * 0.5)) <= seconds * 1e-12)
        }
    }

    @Test func kvCacheOfLlama2MatchesTransformers() throws {
        try withHost { client, _ in
            let response = try client.post("/v1/kv-cache", #"{"model":"llama-2-7b","batch_size":2,"sequence_length":1024,"dtype":"bf16"}"#)
            #expect(response.status == 200)
            let body = try response.json()
            #expect(body.integer("bytes") == Reference.llama2KVCacheB2S1024BF16)
            // 2 (K and V) × 32 layers × 32 heads × 128 dims × 2 bytes.
            #expect(body.integer("bytes_per_token") == 2 * 32 * 32 * 128 * 2)
        }
    }

    @Test func estimateCarriesEverySection() throws {
        try withHost { client, _ in
            let response = try client.post(
                "/v1/estimate",
                #"{"model":"llama-2-7b","batch_size":1,"sequence_length":2048,"tokens":2048000,"hardware":"h100-sxm","gpus":8}"#)
            #expect(response.status == 200)
            let body = try response.json()
            #expect(body.integer("parameters.total") == Reference.llama2Parameters)
            #expect(body.integer("training_memory.per_gpu.weights") == 2 * Reference.llama2Parameters)
            // The KV cache is linear in b·s: b=1, s=2048 holds as much as b=2, s=1024.
            #expect(body.integer("kv_cache.bytes") == Reference.llama2KVCacheB2S1024BF16)
            #expect(body.number("flops.forward.total") == Reference.llama2ForwardFlopsB4S2048 / 4)
            #expect(body.number("training_time.flops") == 3 * 1000 * Reference.llama2ForwardFlopsB4S2048 / 4)
        }
    }

    @Test func catalogues() throws {
        try withHost { client, _ in
            let models = try client.get("/v1/models")
            #expect(models.status == 200)
            let list = try #require(try models.json()["models"] as? [[String: Any]])
            let llama = try #require(list.first { $0.string("name") == "llama-2-7b" })
            #expect(llama.integer("parameters.total") == Reference.llama2Parameters)

            let one = try client.get("/v1/models/llama-2-7b")
            #expect(one.status == 200)
            #expect(try one.json().integer("parameters.total") == Reference.llama2Parameters)

            let hardware = try client.get("/v1/hardware")
            #expect(hardware.status == 200)
            let accelerators = try #require(try hardware.json()["hardware"] as? [[String: Any]])
            let h100 = try #require(accelerators.first { $0.string("name") == "h100-sxm" })
            // docs/hardware.md: 81,559 MiB (nvidia-smi), 3,350 GB/s, 989.4 dense BF16 TFLOP/s.
            #expect(h100.integer("memory_bytes") == 81_559 << 20)
            #expect(h100.number("bandwidth_bytes_per_second") == 3.35e12)
            #expect(h100.number("peak_flops_per_second.bf16") == 989.4e12)
        }
    }

    @Test func healthAndItsHead() throws {
        try withHost { client, _ in
            let get = try client.get("/healthz")
            #expect(get.status == 200)
            #expect(try get.json().string("status") == "ok")
            let head = try client.request(method: "HEAD", path: "/healthz")
            #expect(head.status == 200)
            #expect(head.body.isEmpty)
            #expect(head.headers["content-length"] == String(get.body.count))
        }
    }

    /// What an `<img src>` on a dashboard sends: the body URL-encoded, an image `Accept`.
    @Test func chartFromAURL() throws {
        let body = #"{"models":["llama-3-8b","llama-3-70b"],"accelerators":["h100-sxm"],"sequence_length":4096}"#
        let query = try #require(body.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
        try withHost { client, _ in
            let accept = ("Accept", "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8")
            let post = try client.post("/v1/fits", body, headers: [("Content-Type", "application/json"), accept])
            let get = try client.get("/v1/fits?body=" + query, headers: [accept])
            #expect(get.status == 200)
            #expect(get.headers["content-type"] == "image/svg+xml")
            #expect(get.headers["x-cache"] == "hit")
            #expect(get.headers["etag"] == post.headers["etag"])
            #expect(get.body == post.body)
            let head = try client.request(method: "HEAD", path: "/v1/fits?body=" + query, headers: [accept])
            #expect(head.status == 200)
            #expect(head.body.isEmpty)
            #expect(head.headers["content-length"] == String(get.body.count))
            // JSON pasted into a URL unencoded: the 400 says what to do.
            let raw = try client.get("/v1/fits?body=" + body)
            #expect(raw.status == 400)
            #expect(try raw.json().string("detail")?.contains("must be percent-encoded") == true)
        }
    }

    @Test func openAPIDocumentIsTheRepositorysFile() throws {
        let expected = try #require(Reference.openAPIDocument, "the repository's openapi.yaml is readable")
        try withHost { client, _ in
            let response = try client.get("/openapi.yaml")
            #expect(response.status == 200)
            #expect(response.headers["content-type"]?.hasPrefix("application/yaml") == true)
            #expect(Data(response.body) == expected)
        }
    }
}
