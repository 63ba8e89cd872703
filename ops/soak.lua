-- wrk script of the soak (ops/replicas.sh soak): one kind of request per wrk process (SOAK_KIND), four processes at
-- once through the proxy, as people act when a period is open and a ballot runs: statement pages (alice), period
-- boards (nadia), votes (alice, replacing her earlier vote) and filing uploads (bruno, a new version of one of 10
-- models, each with its own Idempotency-Key). Tokens come from files a loop refreshes every minute (Keycloak's last
-- 5 minutes); each thread reads them again every 20 seconds. Any answer that is not 2xx is an error.

local kind = os.getenv("SOAK_KIND")
local tenant = os.getenv("SOAK_TENANT")
local statement = os.getenv("SOAK_STATEMENT")
local ballot = os.getenv("SOAK_BALLOT")
local tokens_dir = os.getenv("SOAK_TOKENS")

local threads = {}

function setup(thread)
   thread:set("id", #threads + 1)
   table.insert(threads, thread)
end

local function read_token(user)
   local f = assert(io.open(tokens_dir .. "/" .. user, "r"))
   local t = f:read("*l")
   f:close()
   return t
end

local token
local token_read_at = 0
local requests = 0
-- read by done() through thread:get
statuses = {}
wrong = 0
local boundary = "soak-boundary-7d1f0c"
local usage = "category,member_ref,units\r\nnews,a1,3\r\nnews,b1,1\r\n"
local user = ({ statement = "alice", board = "nadia", vote = "alice", upload = "bruno" })[kind]

function init(args)
   math.randomseed(os.time() + id * 7919)
end

local function upload_body(model)
   local filing = string.format('{"model": "%s", "period": "2026-Q2", "currency": "USD", "revenue": "1250000.00", '
      .. '"servingCost": "400000.00", "postTrainingCost": "100000.00", "dataValueShare": "0.30", '
      .. '"mixtureWeights": {"news": "0.25", "other": "0.75"}}', model)
   return "--" .. boundary .. "\r\n"
      .. 'Content-Disposition: form-data; name="filing"; filename="filing.json"\r\n'
      .. "Content-Type: application/json\r\n\r\n" .. filing .. "\r\n"
      .. "--" .. boundary .. "\r\n"
      .. 'Content-Disposition: form-data; name="usage"; filename="usage.csv"\r\n'
      .. "Content-Type: text/csv\r\n\r\n" .. usage .. "\r\n"
      .. "--" .. boundary .. "--\r\n"
end

function request()
   -- by time, not by count: an upload can take seconds, and a token read 100 uploads ago may have expired
   if os.time() - token_read_at >= 20 then
      token = read_token(user)
      token_read_at = os.time()
   end
   requests = requests + 1
   local auth = "Bearer " .. token
   if kind == "statement" then
      return wrk.format("GET", "/t/" .. tenant .. "/statements/" .. statement, { ["Authorization"] = auth })
   elseif kind == "board" then
      return wrk.format("GET", "/t/" .. tenant .. "/admin/periods/2026-Q1", { ["Authorization"] = auth })
   elseif kind == "vote" then
      local choice = ({ "yes", "no", "abstain" })[math.random(3)]
      return wrk.format("POST", "/api/v1/tenants/" .. tenant .. "/ballots/" .. ballot .. "/votes",
         { ["Authorization"] = auth, ["Content-Type"] = "application/json" },
         '{"ref": "a1", "choice": "' .. choice .. '"}')
   else
      local key = string.format("soak-%d-%d-%d", id, os.time(), requests)
      return wrk.format("POST", "/api/v1/tenants/" .. tenant .. "/periods/2026-Q2/filings",
         { ["Authorization"] = auth, ["Idempotency-Key"] = key,
           ["Content-Type"] = "multipart/form-data; boundary=" .. boundary },
         upload_body("soak-llm-" .. math.random(10)))
   end
end

function response(status, headers, body)
   statuses[status] = (statuses[status] or 0) + 1
   if status < 200 or status > 299 then
      wrong = wrong + 1
   end
end

function done(summary, latency, requests_done)
   local by_status = {}
   local total_wrong = 0
   for _, t in ipairs(threads) do
      total_wrong = total_wrong + t:get("wrong")
      for code, n in pairs(t:get("statuses")) do
         by_status[code] = (by_status[code] or 0) + n
      end
   end
   io.write(string.format("SOAK %s: %d requests, %d not 2xx, answers:", kind, summary.requests, total_wrong))
   for code, n in pairs(by_status) do
      io.write(string.format(" %s x %d", code, n))
   end
   io.write(string.format("; socket errors: connect %d, read %d, write %d, timeout %d; latency p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
      summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout,
      latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
