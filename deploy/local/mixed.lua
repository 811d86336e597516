-- wrk's script for the mixed load (soak.sh, load.sh): of every 10 requests, 4 home pages
-- (server-rendered), 3 timeline reads (a server function) and 3 check-in submissions, each
-- with a client id of its own; with VTV_LOAD_MIX=ingest, submissions only. Each thread is
-- one signed-in patient:
--   wrk ... -s mixed.lua URL -- ANSWERS_JSON PATIENT_1 COOKIE_1 PATIENT_2 COOKIE_2 ...
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  answers = args[1]
  local people = (#args - 1) / 2
  local n = ((id - 1) % people) + 1
  patient = args[2 * n]
  cookie = args[2 * n + 1]
  counter = 0
  ingest_only = os.getenv("VTV_LOAD_MIX") == "ingest"
  math.randomseed(os.time() + id)
end

-- wrk.format takes the headers given instead of wrk.headers: each request names them all.
local function headers(accept, content_type)
  return { ["Cookie"] = cookie, ["Sec-Fetch-Site"] = "same-origin", ["Accept"] = accept, ["Content-Type"] = content_type }
end

function request()
  counter = counter + 1
  local kind = counter % 10
  if ingest_only then
    kind = 9
  end
  if kind < 4 then
    return wrk.format("GET", "/", headers("text/html", nil))
  elseif kind < 7 then
    return wrk.format("POST", "/api/timeline/read",
      headers("application/json", "application/x-www-form-urlencoded"), "patient_id=" .. patient)
  end
  local body = string.format(
    '{"submission":{"client_id":"load-%d-%d-%d","questionnaire":"symptom-diary","patient_id":%s,"answers":%s}}',
    id, counter, math.random(1, 1000000000), patient, answers)
  return wrk.format("POST", "/api/checkins/submit", headers("application/json", "application/json"), body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"seconds":%.1f,"per_second":%.1f,"p50_ms":%.2f,"p99_ms":%.2f,"max_ms":%.2f,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.connect, e.read, e.write, e.status, e.timeout))
end
