-- wrk script of bench/statements.sh with BENCH_SPREAD: each request is one member reading their own statement, chosen
-- at random among the lines of the file given as the first argument ("<path> <token>" per line), with the
-- Accept-Language given as the second, as a browser sends it: the day a distribution is published, many members read
-- each their own statement, which no cache has seen yet.
local requests = {}

function init(args)
  for line in io.lines(args[1]) do
    local path, token = line:match("^(%S+) (%S+)$")
    if path then
      local headers = { ["Authorization"] = "Bearer " .. token }
      if args[2] and args[2] ~= "" then headers["Accept-Language"] = args[2] end
      requests[#requests + 1] = wrk.format("GET", path, headers)
    end
  end
  -- each of wrk's threads its own sequence
  math.randomseed(os.time() + tonumber(tostring(requests):match("0x(%x+)") or "0", 16))
end

function request()
  return requests[math.random(#requests)]
end
