-- wrk script: POST /v1/authorize as many agents over keep-alive connections.
-- The tokens come from AEGIS_BENCH_TOKENS (a file with one agent token per
-- line), so each connection speaks for its own agent and tenant.

local tokens = {}
local file = assert(io.open(os.getenv("AEGIS_BENCH_TOKENS"), "r"))
for line in file:lines() do
    if #line > 0 then tokens[#tokens + 1] = line end
end
file:close()

local counter = 0

function setup(thread)
    counter = counter + 1
    thread:set("offset", counter)
end

function init(args)
    requests = 0
end

function request()
    requests = requests + 1
    local token = tokens[((requests + offset * 7) % #tokens) + 1]
    local body = string.format(
        '{"request_id":null,"user":{"id":"bench"},"tool_call":{"tool":"github","action":"list_pull_requests",' ..
        '"resource":"repo#%d","mutates_state":%s,"parameters":{"page":%d}},' ..
        '"context":{"source_trust":"trusted_internal_signed"},"trace":{"run_id":"bench"}}',
        requests, (requests % 3 == 0) and "true" or "false", requests)
    return wrk.format("POST", "/v1/authorize",
        { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, body)
end
