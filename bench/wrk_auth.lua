-- wrk script for bench/bench_lab.py: adds the Jupyter token (env WRK_TOKEN) to every request and
-- prints one machine-readable line at the end:  WRKJSON {...}
--   usage: WRK_TOKEN=T wrk -t2 -c8 -d10s -s bench/wrk_auth.lua http://127.0.0.1:PORT/api/contents/...
local token = os.getenv("WRK_TOKEN")
if token and token ~= "" then
  wrk.headers["Authorization"] = "token " .. token
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"bytes":%d,"status":%d,"connect":%d,"read":%d,' ..
    '"write":%d,"timeout":%d,"p50_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.status, e.connect, e.read, e.write,
    e.timeout, latency:percentile(50), latency:percentile(99), latency.max, latency.mean))
end
