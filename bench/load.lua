-- wrk script for bench/load.sh: logged-in GETs of the portal's main pages, round robin.
-- Environment: LOAD_SESSION (session cookie value), LOAD_PATHS (file with one path per line).
local paths = {}
for line in io.lines(os.getenv("LOAD_PATHS")) do
  if line ~= "" then paths[#paths + 1] = line end
end
local cookie = "sessionid=" .. os.getenv("LOAD_SESSION")
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  threads[#threads + 1] = thread
end

function init(args)
  index = id -- each thread starts at a different page
  failures = 0
  first_failure = 0
  last_failure = 0
end

function request()
  index = index % #paths + 1
  return wrk.format("GET", paths[index], { ["Cookie"] = cookie })
end

function response(status, headers, body)
  -- Every page must answer 200; a redirect here would mean the session was lost.
  if status ~= 200 then
    failures = failures + 1
    local now = os.time()
    if first_failure == 0 then first_failure = now end
    last_failure = now
  end
end

function done(summary, latency, requests)
  local failures, first, last = 0, 0, 0
  for _, thread in ipairs(threads) do
    failures = failures + thread:get("failures")
    local f, l = thread:get("first_failure"), thread:get("last_failure")
    if f ~= 0 and (first == 0 or f < first) then first = f end
    if l > last then last = l end
  end
  local errors = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_s=%.1f rps=%.1f p50_ms=%.1f p99_ms=%.1f non200=%d "
      .. "connect_errors=%d read_errors=%d write_errors=%d timeouts=%d "
      .. "first_failure=%d last_failure=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, failures,
    errors.connect, errors.read, errors.write, errors.timeout, first, last))
end
