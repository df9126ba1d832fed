-- wrk script for CloudForgeX: GET a path or POST chat messages, then print JSON.
--   wrk -s bench/wrk/chat.lua http://127.0.0.1:PORT -- MODE PATH NONCE [MESSAGE...]
-- MODE: get (GET PATH) | chat (POST the MESSAGEs in turn) | unique (the same,
-- each made unique per request so the response cache never answers it).
-- MESSAGEs come JSON-escaped from bench/run.py (bench/content.py's questions).
-- NONCE makes every run's unique questions differ from earlier runs'.
local mode, path, nonce = "get", "/health", "run"
local counter, threads, messages = 0, {}, {}
sources = {}  -- global: done() reads each thread's copy with thread:get

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  mode = args[1] or "get"
  path = args[2] or "/health"
  nonce = args[3] or "run"
  for i = 4, #args do table.insert(messages, args[i]) end
  sources = {}
end

local function chat(message)
  return wrk.format("POST", "/api/chat/", {["Content-Type"] = "application/json"},
    '{"message": "' .. message .. '"}')
end

function request()
  counter = counter + 1
  if mode == "get" then return wrk.format("GET", path) end
  local message = messages[(counter % #messages) + 1]
  if mode == "unique" then message = message .. " (" .. nonce .. " " .. tid .. " " .. counter .. ")" end
  return chat(message)
end

function response(status, headers, body)
  local source = string.match(body or "", '"source":%s*"([%a_]+)"') or ("status " .. status)
  sources[source] = (sources[source] or 0) + 1
end

function done(summary, latency, requests)
  local merged = {}
  for _, thread in ipairs(threads) do
    local counts = thread:get("sources")
    for name, n in pairs(counts) do merged[name] = (merged[name] or 0) + n end
  end
  local parts = {}
  for name, n in pairs(merged) do table.insert(parts, string.format('"%s": %d', name, n)) end
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "errors": {"connect": %d, "read": %d, ' ..
    '"write": %d, "status": %d, "timeout": %d}, "p50_ms": %.3f, "p90_ms": %.3f, ' ..
    '"p99_ms": %.3f, "max_ms": %.3f, "sources": {%s}}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, table.concat(parts, ", ")))
end
