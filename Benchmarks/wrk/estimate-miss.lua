-- Cache misses: POST /v1/estimate cycling through 32,768 distinct specs (batch_size 1..8192 ×
-- sequence_length 1024/2048/4096/8192), built as EstimatorBenchmarks' MissBodies builds them.
-- The server's cache holds 10,000 entries and evicts the least recently used, so a cycle longer
-- than that never hits. ABACUS_MISS_START continues the cycle where the warm-up stopped.
-- Run with one wrk thread (-t1): each thread would have its own counter.
package.path = (os.getenv("ABACUS_WRK_DIR") or "wrk") .. "/?.lua;" .. package.path
require "report"

local template = read_body()
local batch_key, sequence_key = '"batch_size":1,', '"sequence_length":8192,'
local b = assert(template:find(batch_key, 1, true), "template lacks " .. batch_key)
local s = assert(template:find(sequence_key, 1, true), "template lacks " .. sequence_key)
assert(b < s, "batch_size must come before sequence_length in the template")
local head = template:sub(1, b - 1) .. '"batch_size":'
local middle = template:sub(b + #batch_key, s - 1) .. '"sequence_length":'
local tail = template:sub(s + #sequence_key)
local batch_sizes, sequence_lengths = 8192, { 1024, 2048, 4096, 8192 }
local count = batch_sizes * #sequence_lengths
local headers = { ["Content-Type"] = "application/json" }
local next_index = tonumber(os.getenv("ABACUS_MISS_START") or "0")

request = function()
   local index = next_index % count
   next_index = next_index + 1
   local batch = index % batch_sizes + 1
   local sequence = sequence_lengths[math.floor(index / batch_sizes) + 1]
   local body = head .. batch .. "," .. middle .. sequence .. "," .. tail
   return wrk.format("POST", "/v1/estimate", headers, body)
end

done = report
