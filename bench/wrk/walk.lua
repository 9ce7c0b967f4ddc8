-- wrk script that walks a list of paths once: every path is requested at most once in the whole run, so a server
-- that caches cannot answer any request from its cache.
--   wrk -t T -c C -d D -s walk.lua URL -- LIST_FILE T
-- Thread i takes lines i, i+T, i+2T... of LIST_FILE (1-based, i from 0). A thread whose share runs out stops at
-- once: its connections cannot be left idle and must not repeat a path. wrk then still waits out -d before it
-- prints, so its own requests/s would be wrong; this script times the run itself (CLOCK_MONOTONIC through LuaJIT's
-- ffi) from the threads' start to the last response, and counts only 200s. The requests still in flight when a
-- thread stops (at most C/T - 1) are dropped, uncounted: "exhausted=1" in the output says it happened.
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } walk_timespec;
  int clock_gettime(int clock, walk_timespec *now);
]]
local CLOCK_MONOTONIC = 1
local now_buffer = ffi.new("walk_timespec")
local function now_us()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, now_buffer)
  return tonumber(now_buffer.tv_sec) * 1e6 + tonumber(now_buffer.tv_nsec) / 1e3
end

local threads = {}
function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

local paths = {}
local next_index = 1
ok, other, exhausted = 0, 0, 0
started_us, last_us = 0, 0

function init(args)
  local list, thread_count = args[1], tonumber(args[2])
  local line_number = 0
  for line in io.lines(list) do
    if line ~= "" then
      if line_number % thread_count == id then table.insert(paths, line) end
      line_number = line_number + 1
    end
  end
  started_us = now_us()
end

function request()
  if next_index > #paths then
    exhausted = 1
    wrk.thread:stop()
    -- this request is written before the loop stops; its answer is never read (and its path not new: not counted)
    return wrk.format(nil, paths[#paths] or "/")
  end
  local path = paths[next_index]
  next_index = next_index + 1
  return wrk.format(nil, path)
end

function response(status, headers, body)
  if status == 200 then ok = ok + 1 else other = other + 1 end
  last_us = now_us()
end

function done(summary, latency, requests)
  local total_ok, total_other, any_exhausted = 0, 0, 0
  local first, last = math.huge, 0
  for _, thread in ipairs(threads) do
    total_ok = total_ok + thread:get("ok")
    total_other = total_other + thread:get("other")
    any_exhausted = math.max(any_exhausted, thread:get("exhausted"))
    first = math.min(first, thread:get("started_us"))
    last = math.max(last, thread:get("last_us"))
  end
  local seconds = last > first and (last - first) / 1e6 or 0
  local e = summary.errors
  io.write(string.format(
    "BENCH ok=%d seconds=%.3f rps=%.1f p50_us=%d p99_us=%d max_us=%d non2xx=%d socket_errors=%d exhausted=%d\n",
    total_ok, seconds, seconds > 0 and total_ok / seconds or 0, latency:percentile(50), latency:percentile(99),
    latency.max, total_other, e.connect + e.read + e.write + e.timeout, any_exhausted))
end
