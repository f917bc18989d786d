import Foundation
import HTTPTestSupport
import Testing

/// The `abacus` executable itself: `serve` as CI and Docker run it, its environment variables,
/// `estimate` against the server's own answer, and `healthcheck`.
@Suite(
    .serialized,
    .enabled(if: AbacusBinary.built != nil, "the abacus executable is not beside the test bundle; `swift build` builds it"))
struct BinaryTests {
    private func binary() throws -> AbacusBinary {
        try #require(AbacusBinary.built)
    }

    /// The port from `abacus listening on HOST:PORT`, as .ci/run reads it.
    private func port(from line: String) -> Int? {
        line.split(separator: ":").last.flatMap { Int($0) }
    }

    @Test func serveAnswersThenExitsZeroOnSIGTERM() throws {
        let child = try binary().start(["serve", "--port", "0"])
        let line = try #require(child.waitForLine(containing: "listening on"), "serve printed its address")
        #expect(line.hasPrefix("abacus listening on 127.0.0.1:"))
        let client = HTTPTestClient(port: try #require(port(from: line)))
        #expect(try client.get("/healthz").status == 200)
        let parameters = try client.post("/v1/parameters", #"{"model":"llama-2-7b"}"#)
        #expect(try parameters.json().integer("parameters.total") == Reference.llama2Parameters)

        child.signal(SIGTERM)
        #expect(child.waitForExit() == 0)
        // The default log level writes an access line per request, keyed by route pattern.
        let log = child.standardError
        #expect(log.contains("GET /healthz 200"))
        #expect(log.contains("POST /v1/parameters 200"))
    }

    @Test func environmentConfiguresServeAndFlagsWin() throws {
        // ABACUS_PORT is not a port, but --port wins and the variable is never read; the cache
        // size and log level come from the environment.
        let environment = AbacusBinary.environment([
            "ABACUS_PORT": "not-a-port", "ABACUS_CACHE_ENTRIES": "1", "ABACUS_LOG_LEVEL": "warning",
        ])
        let child = try binary().start(["serve", "--port", "0"], environment: environment)
        let line = try #require(child.waitForLine(containing: "listening on"))
        let client = HTTPTestClient(port: try #require(port(from: line)))
        _ = try client.post("/v1/parameters", #"{"model":"gpt2"}"#)
        _ = try client.post("/v1/parameters", #"{"model":"llama-2-7b"}"#)
        let metrics = MetricsText(try client.get("/metrics").text)
        #expect(metrics.value("abacus_cache_evictions_total") == 1)
        child.signal(SIGINT)  // a graceful shutdown too
        #expect(child.waitForExit() == 0)
        #expect(!child.standardError.contains("POST /v1/parameters"))
    }

    @Test(arguments: [
        ("ABACUS_CACHE_ENTRIES", "-1"), ("ABACUS_PORT", "65536"), ("ABACUS_PORT", "+80"),
        ("ABACUS_LOG_LEVEL", "verbose"), ("ABACUS_IDLE_TIMEOUT", "forever"), ("ABACUS_TLS_CERT", "/nonexistent.pem"),
        ("ABACUS_CORS_ORIGIN", "dash.example"), ("ABACUS_CORS_ORIGIN", "https://dash.example/app"),
        ("ABACUS_WORKERS", "0"), ("ABACUS_MAX_BODY_MEMORY", "0"),
    ])
    func invalidEnvironmentIsAnErrorNamingTheVariable(variable: String, value: String) throws {
        // --port would win over ABACUS_PORT; elsewhere it keeps a wrongly accepted value from
        // binding a real port.
        let arguments = variable == "ABACUS_PORT" ? ["serve"] : ["serve", "--port", "0"]
        let result = try binary().run(arguments, environment: AbacusBinary.environment([variable: value]))
        #expect(result.status == 2)  // the input is wrong
        #expect(result.stderr.contains(variable))
        #expect(!result.stdout.contains("listening"))
    }

    @Test("--cors-origin (repeatable) and --host localhost: resolved, served, and printed as given")
    func corsOriginsAndHostName() throws {
        let child = try binary().start([
            "serve", "--host", "localhost", "--port", "0", "--cors-origin", "https://a.example",
            "--cors-origin", "https://b.example:8443",
        ])
        let line = try #require(child.waitForLine(containing: "listening on"))
        #expect(line.hasPrefix("abacus listening on localhost:"))
        let client = HTTPTestClient(port: try #require(port(from: line)))
        for origin in ["https://a.example", "https://b.example:8443"] {
            let response = try client.get("/healthz", headers: [("Origin", origin)])
            #expect(response.headers["access-control-allow-origin"] == origin)
        }
        #expect(try client.get("/healthz", headers: [("Origin", "https://c.example")]).headers["access-control-allow-origin"] == nil)
        child.signal(SIGTERM)
        #expect(child.waitForExit() == 0)

        let any = try binary().start(["serve", "--port", "0"], environment: AbacusBinary.environment(["ABACUS_CORS_ORIGIN": "*"]))
        let anyLine = try #require(any.waitForLine(containing: "listening on"))
        let anyClient = HTTPTestClient(port: try #require(port(from: anyLine)))
        #expect(try anyClient.get("/healthz", headers: [("Origin", "https://c.example")]).headers["access-control-allow-origin"] == "*")
        any.signal(SIGTERM)
        #expect(any.waitForExit() == 0)
    }

    @Test func authTokenFromAFileOrTheEnvironment() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("abacus-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let tokenFile = directory.appendingPathComponent("token")
        try Data("from-the-file\n".utf8).write(to: tokenFile)  // the final newline is not part of it

        for (environment, token) in [
            (["ABACUS_AUTH_TOKEN_FILE": tokenFile.path], "from-the-file"),
            (["ABACUS_AUTH_TOKEN": "from-the-environment"], "from-the-environment"),
        ] {
            let child = try binary().start(["serve", "--port", "0"], environment: AbacusBinary.environment(environment))
            let line = try #require(child.waitForLine(containing: "listening on"))
            let client = HTTPTestClient(port: try #require(port(from: line)))
            #expect(try client.get("/v1/models").status == 401)
            #expect(try client.get("/v1/models", headers: [("Authorization", "Bearer \(token)")]).status == 200)
            #expect(try client.get("/healthz").status == 200)
            child.signal(SIGTERM)
            #expect(child.waitForExit() == 0)
        }

        let both = try binary().run(
            ["serve", "--port", "0"],
            environment: AbacusBinary.environment(["ABACUS_AUTH_TOKEN_FILE": tokenFile.path, "ABACUS_AUTH_TOKEN": "x"]))
        #expect(both.status == 2)
        #expect(both.stderr.contains("ABACUS_AUTH_TOKEN_FILE"))
    }

    @Test func tlsFromTheCertificateAndKeyFlags() throws {
        let certificate = try SelfSignedCertificate()
        defer { certificate.remove() }
        let stranger = try SelfSignedCertificate()
        defer { stranger.remove() }
        let child = try binary().start(["serve", "--port", "0", "--tls-cert", certificate.certificatePath, "--tls-key", certificate.keyPath])
        let line = try #require(child.waitForLine(containing: "listening on"))
        let client = HTTPTestClient(port: try #require(port(from: line)))
        let health = try client.getOverTLS("/healthz", trusting: certificate.certificatePath)
        #expect(health.status == 200)
        #expect(health.text == #"{"status":"ok"}"#)
        // Plain HTTP on the TLS port is told so in plain text, and served nothing else.
        #expect((try? client.get("/healthz"))?.status == 400)

        // The healthcheck speaks TLS given the server's certificate, by flag or by the server's own
        // variable; plain, or trusting another certificate, it reports the server unhealthy.
        let portArguments = ["healthcheck", "--port", String(client.port), "--timeout", "2"]
        let overTLS = try binary().run(portArguments + ["--tls-cert", certificate.certificatePath])
        #expect(overTLS.status == 0)
        #expect(overTLS.stdout == "healthy\n")
        let fromEnvironment = try binary().run(portArguments, environment: AbacusBinary.environment(["ABACUS_TLS_CERT": certificate.certificatePath]))
        #expect(fromEnvironment.status == 0)
        let plain = try binary().run(portArguments)
        #expect(plain.status == 1)
        let untrusted = try binary().run(portArguments + ["--tls-cert", stranger.certificatePath])
        #expect(untrusted.status == 1)
        #expect(untrusted.stdout.contains("TLS:"))

        child.signal(SIGTERM)
        #expect(child.waitForExit() == 0)
    }

    @Test func estimatePrintsWhatTheServerAnswers() throws {
        let arguments = ["estimate", "llama-2-7b", "--batch-size", "2", "--sequence-length", "1024", "--kv-dtype", "bf16"]
        let body = #"{"model":"llama-2-7b","batch_size":2,"sequence_length":1024,"dtype":"bf16"}"#
        let table = try binary().run(arguments)
        let json = try binary().run(arguments + ["--json"])
        #expect(table.status == 0)
        #expect(json.status == 0)
        // The table says what it assumes before any number.
        let scenario = try #require(table.stdout.range(of: "\nScenario\n  batch_size            2\n  sequence_length       1,024\n"))
        #expect(table.stdout.range(of: "\nParameters\n").map { scenario.upperBound < $0.lowerBound } == true)
        try withHost { client, _ in
            let text = try client.post("/v1/estimate", body, headers: [("Content-Type", "application/json"), ("Accept", "text/plain")])
            #expect(text.status == 200)
            #expect(table.stdout.trimmingCharacters(in: .newlines) == text.text.trimmingCharacters(in: .newlines))
            let server = try client.post("/v1/estimate", body)
            #expect(json.stdout.trimmingCharacters(in: .newlines) == server.text)
        }
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(decoded.integer("kv_cache.bytes") == Reference.llama2KVCacheB2S1024BF16)
    }

    @Test func estimateFromAConfigFileAndItsErrors() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("abacus-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("config.json")
        try Data(Reference.llama2ConfigJSON.utf8).write(to: config)

        let imported = try binary().run(["estimate", "--hf-config", config.path, "--json"])
        #expect(imported.status == 0)
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(imported.stdout.utf8)) as? [String: Any])
        #expect(decoded.integer("parameters.total") == Reference.llama2Parameters)

        let invalid = try binary().run(["estimate", "llama-2-7b", "--optimizer", "adam", "--zero-stage", "1.5"])
        #expect(invalid.status == 2)
        #expect(invalid.stderr.contains("--optimizer"))
        #expect(invalid.stderr.contains("--zero-stage"))
        #expect(invalid.stdout.isEmpty)

        let unknown = try binary().run(["estimate", "llama-2-7c"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("llama-2-7b"))
    }

    /// `--hardware-spec` sends a file's object as `hardware`: the same answer as the server's for
    /// that body; its issues are named by the flag.
    @Test func estimateWithCustomHardwareFromAFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("abacus-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let hardware = #"{"memory_bytes":96000000000,"bandwidth_bytes_per_second":4e12,"peak_flops_per_second":{"bf16":1e15}}"#
        let file = directory.appendingPathComponent("hardware.json")
        try Data(hardware.utf8).write(to: file)

        let printed = try binary().run(["estimate", "llama-2-7b", "--hardware-spec", file.path, "--tokens", "1000000000", "--json"])
        #expect(printed.status == 0)
        try withHost { client, _ in
            let server = try client.post("/v1/estimate", #"{"model":"llama-2-7b","hardware":\#(hardware),"tokens":1000000000}"#)
            #expect(server.status == 200)
            #expect(printed.stdout.trimmingCharacters(in: .newlines) == server.text)
        }
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(printed.stdout.utf8)) as? [String: Any])
        #expect((decoded["input"] as? [String: Any])?["hardware"] as? String == "custom")
        #expect(decoded.integer("kv_cache.fit.memory_bytes") == 96_000_000_000)

        try Data(#"{"memory_bytes":0,"bandwidth_bytes_per_second":4e12}"#.utf8).write(to: file)
        let invalid = try binary().run(["estimate", "llama-2-7b", "--hardware-spec", file.path])
        #expect(invalid.status == 2)
        #expect(invalid.stderr.contains("--hardware-spec [hardware.memory_bytes]"))
        let both = try binary().run(["estimate", "llama-2-7b", "--hardware", "h100-sxm", "--hardware-spec", file.path])
        #expect(both.status == 2)
    }

    @Test func healthcheckExitsZeroOnlyWhenHealthy() throws {
        try withHost { client, _ in
            let healthy = try binary().run(["healthcheck", "--port", String(client.port)])
            #expect(healthy.status == 0)
            let fromEnvironment = try binary().run(["healthcheck"], environment: AbacusBinary.environment(["ABACUS_PORT": String(client.port)]))
            #expect(fromEnvironment.status == 0)
        }
        // Nothing listens on a port just released by a stopped server.
        let port = try withHost { client, _ in client.port }
        let unhealthy = try binary().run(["healthcheck", "--port", String(port), "--timeout", "1"])
        #expect(unhealthy.status == 1)
    }
}
