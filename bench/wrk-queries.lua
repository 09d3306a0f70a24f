-- wrk script for dossier-server: GET /api/search rotating through a query file (one per line),
-- each wrk thread from its own starting line. Usage: wrk ... -s bench/wrk-queries.lua URL -- FILE
local queries = {}
local i = 0

function init(args)
  for line in io.lines(args[1]) do
    queries[#queries + 1] = line
  end
  i = (wrk.thread and tonumber(tostring(wrk.thread):match("%d+")) or 0) % #queries
end

local function encode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function request()
  i = i % #queries + 1
  return wrk.format("GET", "/api/search?q=" .. encode(queries[i]))
end
