-- wrk script for bench/run.sh: GETs of one page with a session cookie (BENCH_SESSION, may be
-- empty for /health/); counts answers other than 200 and prints one RESULT line at the end.
local session = os.getenv("BENCH_SESSION") or ""
if session ~= "" then
  wrk.headers["Cookie"] = "sessionid=" .. session
end
local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
end

function init(args)
  failures = 0
end

function response(status, headers, body)
  if status ~= 200 then
    failures = failures + 1
  end
end

function done(summary, latency, requests)
  local failures = 0
  for _, thread in ipairs(threads) do
    failures = failures + thread:get("failures")
  end
  local errors = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_s=%.2f rps=%.2f p50_ms=%.1f p99_ms=%.1f max_ms=%.1f non200=%d "
      .. "socket_errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000, failures,
    errors.connect + errors.read + errors.write + errors.timeout))
end
