import Testing
@testable import EstimationAPI

/// No network or scaling request crashes the service or answers a null where the schema has a
/// number: mutated valid requests and random layer lists get 200, 400 or 422.
@Suite("Network robustness")
struct NetworkRobustnessTests {
    let service = EstimationService(configuration: ServiceConfiguration(cacheMaxEntries: 64))

    /// Numbers that must never come back null.
    static let alwaysNumbers = ["parameters", "macs", "flops", "seconds", "total", "bytes_read", "actual", "predicted"]
        .map { Array("\"\($0)\":null".utf8) }

    func check(_ path: String, _ text: [UInt8], accept: String?) {
        let response = service.handle(APIRequest(method: "POST", path: path, accept: accept, contentType: "application/json", body: text))
        let body = String(decoding: text, as: UTF8.self)
        #expect([200, 400, 422].contains(response.status), "\(path) \(body)")
        if response.status == 200 {
            #expect(!Self.alwaysNumbers.contains { response.body.firstRange(of: $0) != nil }, "\(path) \(body)")
        }
    }

    @Test func mutatedRequestsGetDocumentedStatuses() {
        let seeds: [(String, String)] = [
            ("/v1/network", #"{"network":{"input":[3,64,48],"layers":[{"name":"c","type":"conv2d","out_channels":8,"kernel_size":3,"stride":2,"padding":[1,2,1,0],"groups":1},{"name":"t","type":"conv_transpose2d","out_channels":4,"kernel_size":4,"stride":2,"padding":1,"output_padding":1},{"name":"p","type":"max_pool2d","kernel_size":3,"stride":2,"ceil_mode":true},{"name":"s","type":"slice","dim":0,"start":0,"end":2},{"name":"a","type":"add","inputs":["s","s"]},{"name":"f","type":"flatten","start_dim":1},{"name":"l","type":"linear","out_features":10}]},"batch_size":4,"dtype":"bf16","hardware":"h100-sxm"}"#),
            ("/v1/network", #"{"network":{"input":[3,32,32],"layers":[{"name":"e","type":"patch_embedding","patch_size":8,"hidden_dim":64},{"name":"b","type":"transformer_block","num_heads":4,"mlp_dim":128},{"name":"m","type":"multi_head_attention","num_heads":2},{"name":"x","type":"select","dim":0,"index":0},{"name":"h","type":"linear","out_features":10}]},"hardware":{"memory_bytes":1000,"bandwidth_bytes_per_second":5,"peak_flops_per_second":{"fp32":2000}}}"#),
            ("/v1/network", #"{"network":"efficientnet_b0","input":[3,240,240],"batch_size":16,"dtype":"fp16","hardware":"a100-sxm-80gb","optimizer":"adamw-16"}"#),
            ("/v1/scaling", #"{"network":"pycls-resnext-50","flops_multiplier":4,"alpha":0.8,"scale_group_width":false}"#),
            ("/v1/scaling", #"{"network":{"family":"effnet","stem_width":32,"stages":[{"depth":1,"width":16,"expansion_ratio":1,"kernel":3,"stride":1},{"depth":2,"width":24,"expansion_ratio":6,"kernel":3,"stride":2}],"head_width":1280,"resolution":64},"flops_multiplier":2,"strategy":"dwr"}"#),
            ("/v1/scaling", #"{"network":{"family":"regnet","depth":10,"w0":24,"wa":36,"wm":2,"group_width":8,"se_ratio":0.25,"resolution":96},"flops_multiplier":8,"strategy":"wr"}"#),
        ]
        let replacements = ["0", "-1", "1e308", "9223372036854775807", "-9223372036854775808", "0.5", "null",
                            "true", "\"x\"", "[]", "{}", "65536", "1073741824", "1e-300", "[1,2,3]", "[0,0]"]
        var generator = RobustnessTests.Generator(state: 11)
        for _ in 0..<1_500 {
            let (path, seed) = seeds[Int.random(in: 0..<seeds.count, using: &generator)]
            var text = Array(seed.utf8)
            let start = Int.random(in: 0..<text.count, using: &generator)
            var end = start
            while end < text.count, text[end] >= UInt8(ascii: "0"), text[end] <= UInt8(ascii: "9") { end += 1 }
            if end == start { end = Swift.min(text.count, start + Int.random(in: 0...3, using: &generator)) }
            let replacement = Array(replacements[Int.random(in: 0..<replacements.count, using: &generator)].utf8)
            text.replaceSubrange(start..<end, with: replacement)
            check(path, text, accept: Bool.random(using: &generator) ? "text/plain" : nil)
        }
    }

    /// Edges schemathesis found: a subnormal ratio once made a width infinite.
    @Test func extremeRatiosAreRefused() {
        for ratio in ["5e-324", "1e-300", "0.001", "1e300"] {
            let anynet = #"{"network":{"family":"anynet","stem_width":32,"stages":[{"depth":1,"width":24,"stride":2,"bottleneck_ratio":\#(ratio)}]},"flops_multiplier":1024,"alpha":0.8}"#
            let effnet = #"{"network":{"family":"effnet","stem_width":32,"stages":[{"depth":1,"width":16,"expansion_ratio":\#(ratio),"kernel":3,"stride":1}],"head_width":64},"flops_multiplier":2,"strategy":"w"}"#
            for body in [anynet, effnet] {
                let response = service.handle(APIRequest(method: "POST", path: "/v1/scaling", contentType: "application/json", body: Array(body.utf8)))
                #expect(response.status == 422, "\(body)")
            }
        }
    }

    /// Random layer lists: any type with random small fields, reading random earlier layers.
    @Test func randomGraphsGetDocumentedStatuses() {
        var generator = RobustnessTests.Generator(state: 12)
        let fields = ["out_channels", "kernel_size", "stride", "padding", "dilation", "groups", "out_features", "num_groups",
                      "output_size", "squeeze_channels", "dim", "start", "end", "index", "num_heads", "mlp_dim", "patch_size",
                      "hidden_dim", "output_padding", "start_dim"]
        for _ in 0..<400 {
            var layers: [String] = []
            for index in 0..<Int.random(in: 1...8, using: &generator) {
                let type = NetworkSpecCoding.types[Int.random(in: 0..<NetworkSpecCoding.types.count, using: &generator)]
                var members = [#""name":"l\#(index)""#, #""type":"\#(type)""#]
                for field in fields where Int.random(in: 0..<4, using: &generator) == 0 {
                    members.append(#""\#(field)":\#(Int.random(in: -1...9, using: &generator))"#)
                }
                if index > 0, Bool.random(using: &generator) {
                    members.append(#""inputs":["l\#(Int.random(in: 0..<index, using: &generator))","input"]"#)
                }
                layers.append("{" + members.joined(separator: ",") + "}")
            }
            let rank = Int.random(in: 1...4, using: &generator)
            let input = (0..<rank).map { _ in String(Int.random(in: 1...40, using: &generator)) }.joined(separator: ",")
            let body = #"{"network":{"input":[\#(input)],"layers":[\#(layers.joined(separator: ","))]},"hardware":"l4"}"#
            check("/v1/network", Array(body.utf8), accept: Bool.random(using: &generator) ? "text/plain" : nil)
        }
    }
}
