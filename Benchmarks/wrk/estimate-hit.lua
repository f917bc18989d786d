-- Cache hits: POST /v1/estimate with the same 405B body every time. The request is built once
-- per thread (a static request, so wrk adds no per-request Lua work).
package.path = (os.getenv("ABACUS_WRK_DIR") or "wrk") .. "/?.lua;" .. package.path
require "report"

wrk.method = "POST"
wrk.path = "/v1/estimate"
wrk.headers["Content-Type"] = "application/json"
wrk.body = read_body()

done = report
