-- wrk script: rotate through the paths listed in a file (one per line), count
-- responses by status class, and print one JSON line of results at the end.
--   wrk -t2 -c16 -d10s -s bench/rotate.lua http://127.0.0.1:PORT -- paths.txt
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if #line > 0 then table.insert(paths, line) end
  end
  if #paths == 0 then error("no paths in " .. args[1]) end
  -- each thread starts at a different place in the list
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
  counter = math.random(#paths) - 1
  s2, s3, s4, s5, s503 = 0, 0, 0, 0, 0
end

function request()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter])
end

function response(status, headers, body)
  if status == 503 then s503 = s503 + 1 end
  if status >= 500 then s5 = s5 + 1
  elseif status >= 400 then s4 = s4 + 1
  elseif status >= 300 then s3 = s3 + 1
  else s2 = s2 + 1 end
end

function done(summary, latency, requests)
  local t2, t3, t4, t5, t503 = 0, 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    t2 = t2 + (thread:get("s2") or 0)
    t3 = t3 + (thread:get("s3") or 0)
    t4 = t4 + (thread:get("s4") or 0)
    t5 = t5 + (thread:get("s5") or 0)
    t503 = t503 + (thread:get("s503") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, ' ..
    '"max_us": %d, "err_connect": %d, "err_read": %d, "err_write": %d, "err_timeout": %d, "non_2xx_3xx": %d, ' ..
    '"s2xx": %d, "s3xx": %d, "s4xx": %d, "s5xx": %d, "s503": %d}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.timeout, e.status, t2, t3, t4, t5, t503))
end
