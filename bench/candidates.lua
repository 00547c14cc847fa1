-- Paced candidates: every connection waits 0.5-1.5 s (1 s on average) between requests, like a
-- person, instead of firing back to back; requests cycle through the candidates' own pages
-- (one path per candidate, from the file named by CRUCIBLE_PATHS). Latency excludes the wait.
-- The one-line report comes from p95.lua, beside this file.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "p95.lua")

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
