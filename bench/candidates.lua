-- Paced candidates: every connection waits 0.5-1.5 s (1 s on average) between requests, like a
-- person, instead of firing back to back; requests cycle through the candidates' own pages
-- (one path per candidate, from the file named by CRUCIBLE_PATHS). Latency excludes the wait.
local paths = {}
local next_path = 1

function init(args)
  for line in io.lines(os.getenv("CRUCIBLE_PATHS")) do
    paths[#paths + 1] = line
  end
  math.randomseed(os.time() + #paths)
  next_path = math.random(#paths)
end

function request()
  local path = paths[next_path]
  next_path = next_path % #paths + 1
  return wrk.format("GET", path)
end

function delay()
  return 500 + math.random(1000)
end

done = function(summary, latency, requests)
  io.write(string.format("RESULT rps=%.1f p50=%.2f p95=%.2f errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, summary.errors.status + summary.errors.connect
      + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
