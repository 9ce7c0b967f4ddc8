-- wrk script for a fixed URL: after the run, one machine-readable line for bench/run.
-- Requests/s counts every completed response (wrk's own figure); non2xx and socket errors are reported beside it,
-- and bench/run refuses a run that has any.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH ok=%d seconds=%.3f rps=%.1f p50_us=%d p99_us=%d max_us=%d non2xx=%d socket_errors=%d exhausted=0\n",
    summary.requests - e.status, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(99), latency.max, e.status,
    e.connect + e.read + e.write + e.timeout))
end
