--- test/fuzz_api/run.lua: calls every public luatensor function and method with random
-- arguments, good and bad, and checks that each call gives a result or a Lua error with a
-- non-empty string message. Meant to run under ASan+UBSan (tools/with-asan.sh), which catches
-- what cannot be seen from Lua (crashes, overflows, use after free, leaks).
--
--   lua5.4 test/fuzz_api/run.lua [--seed N] [--calls N] [--only PATTERN] [--verbose]
--                                [--trace FILE] [--messages] [--list]
--
-- The same seed makes the same calls. Prints one summary line:
--   fuzz_api: 100000 calls, 61234 errors, 412 distinct messages (seed 7)
-- and exits 1 if any call went wrong. To find the call behind a crash, rerun with the same
-- seed and --calls and --trace FILE (each call is written and flushed before it runs).
local dir = (arg and arg[0] or ""):match("^(.*)/[^/]*$") or "."
package.path = dir .. "/?.lua;" .. package.path

local lt = require "luatensor"
local mods = {
  nn = require "luatensor.nn", optim = require "luatensor.optim", data = require "luatensor.data",
  checkpoint = require "luatensor.checkpoint", plot = require "luatensor.plot",
}
local G = require "gen"
local O = require "outcome"
local P = require "pool"
local T = require "targets"
local sigs = require "sigs"

local function usage(msg)
  io.stderr:write("fuzz_api: ", msg, "\nusage: lua5.4 test/fuzz_api/run.lua [--seed N] [--calls N] ",
    "[--only PATTERN] [--verbose] [--trace FILE] [--messages] [--list]\n")
  os.exit(2)
end

local opts = {seed = os.time() % 1000000, calls = 100000}
do
  local i = 1
  while arg[i] do
    local a = arg[i]
    if a == "--seed" or a == "--calls" then
      opts[a:sub(3)] = math.tointeger(tonumber(arg[i + 1])) or usage(a .. " needs an integer")
      i = i + 1
    elseif a == "--only" or a == "--trace" then
      opts[a:sub(3)] = arg[i + 1] or usage(a .. " needs a value")
      i = i + 1
    elseif a == "--verbose" or a == "--messages" or a == "--list" then
      opts[a:sub(3)] = true
    else
      usage("unknown option " .. a)
    end
    i = i + 1
  end
end

-- the temp dir comes later (after --list): builders take paths from a function
local tmpdir
local valid = require("valid").new(lt, mods.nn, mods.checkpoint, function() return tmpdir .. "/" ..
  ({"a.safetensors", "b.npy", "c.npz", "d.csv", "x.svg"})[math.random(5)] end)
local targets = T.enumerate(lt, mods, sigs, valid)
if opts.list then
  for _, t in ipairs(targets) do print(t.name, t.sig or "") end
  print(#targets .. " targets")
  os.exit(0)
end
if opts.only then
  local keep = {}
  for _, t in ipairs(targets) do if t.name:find(opts.only) then keep[#keep + 1] = t end end
  if #keep == 0 then usage("no target matches " .. opts.only) end
  targets = keep
end

-- a private temp dir: the only place file functions ever see
tmpdir = os.tmpname()
os.remove(tmpdir)
assert(os.execute("mkdir -m 700 '" .. tmpdir .. "'"), "fuzz_api: cannot create " .. tmpdir)
do
  local f = assert(io.open(tmpdir .. "/d.csv", "w"))
  f:write("a,b,label\n1,2,0\n3.5,nan,1\n,4,2\n")
  f:close()
  f = assert(io.open(tmpdir .. "/e.csv", "w"))
  f:write("1,2,3\n4,5,6\n-1e300,inf,0x10\n")
  f:close()
end

local names = {}
for _, t in ipairs(targets) do names[t.name] = true end
local ntargets = 0
for _ in pairs(names) do ntargets = ntargets + 1 end
print(string.format("fuzz_api: seed %d, %d calls, %d targets", opts.seed, opts.calls, ntargets))
io.stdout:flush()
math.randomseed(opts.seed)
lt.manual_seed(opts.seed)

local pool = P.new(lt, mods.nn, mods.optim)
local g = G.new(pool, tmpdir)
local trace = opts.trace and assert(io.open(opts.trace, "w"))
if opts.verbose or trace then
  g.log = function(s)
    if trace then trace:write(s, "\n") trace:flush() end
    if opts.verbose then io.stderr:write(s, "\n") end
  end
end
pool.refresh_zoo()

local TAPE_MT = getmetatable(lt.tape(function() end))

-- results feed later calls: tensors (small ones), tapes, modules and optimizers
local function keep_results(res)
  for k = 2, res.n do
    local v = res[k]
    if lt.is_tensor(v) then pool.keep_tensor(v)
    elseif getmetatable(v) == TAPE_MT then pool.keep_tape(v, pool.clock)
    elseif type(v) == "table" and getmetatable(v) ~= nil and getmetatable(v) ~= TAPE_MT then pool.add_object(v)
    elseif type(v) == "table" then
      for i = 1, 4 do if lt.is_tensor(rawget(v, i)) then pool.keep_tensor(v[i]) end end
    end
  end
end

-- a result tensor must describe itself consistently and print
local function check_result(res)
  for k = 2, res.n do
    local v = res[k]
    if lt.is_tensor(v) and math.random(20) == 1 then
      local ok, err = pcall(function()
        local n = 1
        for _, s in ipairs(v.shape) do n = n * s end
        assert(n == v:numel(), "numel does not match the shape")
        assert(#tostring(v) > 0)
      end)
      if not ok and not tostring(err):find("freed") then return "bug: bad result tensor: " .. tostring(err) end
    end
  end
end

local stats = {calls = 0, errors = 0, bugs = 0, messages = {}, distinct = 0}
local by_target = {}
local t0 = lt.clock()
local ok_run, run_err = pcall(function()
  for i = 1, opts.calls do
    local target = targets[math.random(#targets)]
    g.desc, g.file_mode = {}, target.file
    if g.log then g.log(string.format("#%d %s", i, target.name)) end
    local res = O.run(function() return target.call(g) end, math.random(10) == 1)
    if target.name:find("seed$") then lt.manual_seed(math.random(1 << 30)) end -- lt.seed() reads the OS
    local verdict = O.judge(res)
    if verdict == "ok" then
      keep_results(res)
      verdict = check_result(res) or verdict
    end
    stats.calls = stats.calls + 1
    by_target[target.name] = by_target[target.name] or {calls = 0, ok = 0}
    by_target[target.name].calls = by_target[target.name].calls + 1
    if verdict == "ok" then by_target[target.name].ok = by_target[target.name].ok + 1 end
    if verdict == "error" then
      stats.errors = stats.errors + 1
      local key = O.normalize(res[2], tmpdir)
      if not stats.messages[key] then
        stats.distinct = stats.distinct + 1
        stats.messages[key] = {n = 0, target = target.name}
      end
      stats.messages[key].n = stats.messages[key].n + 1
    elseif verdict ~= "ok" then
      stats.bugs = stats.bugs + 1
      io.stderr:write(string.format("fuzz_api: BUG at call %d (seed %d): %s(%s)\n  %s\n", i, opts.seed,
        target.name, table.concat(g.desc, ", "), verdict))
    end
    if i % 16 == 0 then pool.age_tapes(i) end
    if i % 500 == 0 then collectgarbage() end -- runs finalizers (__gc of tensors and tapes)
    if i % 2000 == 0 then pool.refresh_zoo() end
    if i % 10000 == 0 then io.stderr:write(string.format("fuzz_api: %d calls, %.1f s\n", i, lt.clock() - t0)) end
  end
end)
debug.sethook()
local elapsed = lt.clock() - t0

if opts.messages then
  local keys = {}
  for k in pairs(stats.messages) do keys[#keys + 1] = k end
  table.sort(keys)
  for _, k in ipairs(keys) do
    print(string.format("%7d  %-24s %s", stats.messages[k].n, stats.messages[k].target, k:gsub("\n", "\\n")))
  end
  -- targets that never returned: their arguments may never be right
  for _, t in ipairs(targets) do
    local c = by_target[t.name]
    if c and c.ok == 0 then print(string.format("never succeeded: %s (%d calls)", t.name, c.calls)) end
  end
end

os.execute("rm -rf -- '" .. tmpdir .. "'")
if trace then trace:close() end
if not ok_run then
  io.stderr:write("fuzz_api: the fuzzer itself failed: ", tostring(run_err), "\n")
  os.exit(1)
end
local covered = 0
for _ in pairs(by_target) do covered = covered + 1 end
print(string.format("fuzz_api: %d targets called (of %d), %.1f s", covered, ntargets, elapsed))
print(string.format("fuzz_api: %d calls, %d errors, %d distinct messages (seed %d)", stats.calls, stats.errors,
  stats.distinct, opts.seed))
if stats.bugs > 0 then
  io.stderr:write(string.format("fuzz_api: FAILED: %d bad outcomes (see above)\n", stats.bugs))
  os.exit(1)
end
