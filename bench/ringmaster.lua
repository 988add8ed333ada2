-- wrk script of `./ringmaster bench` (src/main/java/dev/ringmaster/bench). One script for every scenario:
--   wrk -t T -c C -d D -s bench/ringmaster.lua URL -- mode=checkin devices=FILE [key=value ...]
-- Each wrk thread takes every T-th line of the devices file (id<TAB>token[<TAB>actionId]), so the threads
-- together go round the fleet one device after another. With pass=1 every device is asked once: the thread
-- stops after the last device of its slice and leaves a file done-<thread> in out= (the harness then ends
-- wrk, which otherwise sleeps for its whole -d). Pass runs use one connection per thread (-t C -c C), so a
-- thread's responses arrive in the order of its requests and can be told apart by device.
-- Modes: health, checkin, revalidate (tag=ETAG), ddi-poll, ddi-deployment, artifact (release=ID file=NAME),
-- report. tenant= and product= name the DDI tenant and the product the devices report (installed=VERSION).

local threads = {}
local counter = 0

function setup(thread)
   thread:set("tid", counter)
   counter = counter + 1
   table.insert(threads, thread)
end

local opts = {}
local requests = {}
local slice = {}
local next_index = 1
statuses = {}
decisions = {}
local offered_file = nil

local function body_checkin()
   return '{"installed":{"' .. opts.product .. '":"' .. (opts.installed or "1.0.0") .. '"}}'
end

local function build(device)
   local id, token, action = device[1], device[2], device[3]
   local auth = { ["Authorization"] = token and ("TargetToken " .. token) or nil }
   local mode = opts.mode
   if mode == "health" then
      return wrk.format("GET", "/q/health/live")
   elseif mode == "checkin" or mode == "revalidate" then
      auth["Content-Type"] = "application/json"
      if mode == "revalidate" then auth["If-None-Match"] = opts.tag end
      return wrk.format("POST", "/api/device/v1/check-in", auth, body_checkin())
   elseif mode == "ddi-poll" then
      return wrk.format("GET", "/" .. opts.tenant .. "/controller/v1/" .. id, auth)
   elseif mode == "ddi-deployment" then
      return wrk.format("GET", "/" .. opts.tenant .. "/controller/v1/" .. id .. "/deploymentBase/" .. action, auth)
   elseif mode == "artifact" then
      return wrk.format("GET", "/" .. opts.tenant .. "/controller/v1/" .. id .. "/softwaremodules/" .. opts.release
         .. "/artifacts/" .. opts.file, auth)
   elseif mode == "report" then
      auth["Content-Type"] = "application/json"
      return wrk.format("POST", "/api/device/v1/events", auth, '{"eventId":"' .. id .. '-' .. action
         .. '-succeeded","actionId":' .. action .. ',"kind":"succeeded"}')
   end
   error("unknown mode " .. tostring(mode))
end

function init(args)
   for _, arg in ipairs(args) do
      local key, value = arg:match("^([^=]+)=(.*)$")
      if key then opts[key] = value end
   end
   if opts.mode == "health" then
      table.insert(requests, build({}))
      return
   end
   local nthreads = tonumber(opts.threads)
   local line_no = 0
   for line in io.lines(opts.devices) do
      if line_no % nthreads == tid then
         local id, token, action = line:match("^([^\t]+)\t([^\t]+)\t?([^\t]*)$")
         local device = { id, token, action }
         table.insert(slice, device)
         table.insert(requests, build(device))
      end
      line_no = line_no + 1
   end
   if opts.mode == "checkin" and opts.out and opts.pass == "1" then
      offered_file = io.open(opts.out .. "/offered-" .. tid .. ".tsv", "w")
   end
end

-- wrk calls request() once on thread 0 before the run (to check for pipelining). In a pass the device moves on
-- only when its answer came, so that call costs nothing and a thread's answers match its devices; a timed run
-- moves on at every request, since one thread's connections are asked at once.
function request()
   local index = next_index
   if opts.pass ~= "1" then
      next_index = next_index % #requests + 1
   end
   return requests[index]
end

local answered = 0

function response(status, headers, body)
   statuses[status] = (statuses[status] or 0) + 1
   answered = answered + 1
   local index = next_index
   if opts.pass == "1" then
      next_index = next_index % #requests + 1
   end
   if opts.mode == "checkin" and body then
      local decision = body:match('"decision":"(%a+)"') or "none"
      decisions[decision] = (decisions[decision] or 0) + 1
      if offered_file and decision == "install" then
         local device = slice[index]
         offered_file:write(device[1], "\t", device[2], "\t", body:match('"actionId":(%d+)'), "\n")
      end
   end
   if opts.pass == "1" and answered >= #slice then
      if offered_file then offered_file:close() end
      local marker = io.open(opts.out .. "/done-" .. tid, "w")
      marker:close()
      wrk.thread:stop()
   end
end

local function joined(counts)
   local parts = {}
   for key, count in pairs(counts) do table.insert(parts, tostring(key) .. ":" .. count) end
   table.sort(parts)
   return table.concat(parts, ",")
end

function done(summary, latency, reqs)
   local all_statuses, all_decisions = {}, {}
   for _, thread in ipairs(threads) do
      for key, count in pairs(thread:get("statuses") or {}) do all_statuses[key] = (all_statuses[key] or 0) + count end
      for key, count in pairs(thread:get("decisions") or {}) do all_decisions[key] = (all_decisions[key] or 0) + count end
   end
   local e = summary.errors
   io.write(string.format("RINGMASTER-BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d errors=%d statuses=%s decisions=%s\n",
      summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
      e.connect + e.read + e.write + e.timeout, joined(all_statuses), joined(all_decisions)))
end
