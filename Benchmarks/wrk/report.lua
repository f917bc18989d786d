-- Shared by the wrk scripts: one JSON line with what run.sh tabulates. Latencies are in
-- microseconds; `non2xx` counts responses outside 2xx/3xx, `errors` socket errors and timeouts.
function report(summary, latency)
   local e = summary.errors
   io.write(string.format(
      '{"requests":%d,"duration_us":%d,"rps":%.1f,"p50_us":%d,"p99_us":%d,"max_us":%d,"non2xx":%d,"errors":%d}\n',
      summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
      latency:percentile(50), latency:percentile(99), latency.max,
      e.status, e.connect + e.read + e.write + e.timeout))
end

-- The request body: Benchmarks/requests/estimate-405b.json unless ABACUS_BODY names another file.
function read_body()
   local path = os.getenv("ABACUS_BODY") or "requests/estimate-405b.json"
   local file = assert(io.open(path, "rb"))
   local body = file:read("*a"):gsub("%s+$", "")
   file:close()
   return body
end
