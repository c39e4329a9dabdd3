-- luatensor benchmarks: the workloads of BENCHMARKS.md (/work/shared/BENCHMARKS.md in the
-- project notes), timed from Lua 5.4, written as JSON that bench/compare.py joins by name with
-- the PyTorch and NumPy peers (bench_torch.py, bench_numpy.py).
--
--   lua5.4 bench/bench.lua [--quick] [--threads N] [--only PATTERN] [--out FILE | FILE]
--
--   --quick       CI smoke run: 2 warm-up calls, 1 batch of at least 0.05 s
--   --threads N   lt.set_num_threads(N) (default 2)
--   --only PAT    run the workloads whose name matches the Lua pattern PAT (several
--                 patterns separated by commas: any may match)
--   --out FILE    write the JSON there (a bare FILE argument works too)
--   --list        print the workload names and exit
--
-- `make bench` runs this through bench/run.sh with the working copy on LUA_PATH/LUA_CPATH.
-- Run directly from a checkout, it puts the checkout's lua/ and build/ first on the paths.
--
-- Protocol (BENCHMARKS.md): warm up (at least 2 calls and 0.1 s), calibrate the repetitions so
-- that one batch takes at least 0.3 s, time 5 batches, report the median batch's time per op
-- and the spread ((slowest - fastest) / median).
--
-- Adding a workload: one `add{...}` entry below.
--   name          the name in BENCHMARKS.md
--   unit          GBS, GFLOPS, US_OP, US_ITER or MS_STEP
--   amount        bytes (GB/s) or flops (GFLOPS) per op
--   ops_per_call  ops done by one call (default 1): small_op_2x2 loops 1000 times per call
--   needs         the API it uses: "name" means lt.name, "__mul" a metamethod of tensors,
--                 "luatensor.nn" (a dotted name) a module to require; anything missing skips
--                 the workload with a note (not an error)
--   setup()       builds the inputs (seeded) and returns call, {tensors to free afterwards}
-- An error in setup or in a call is reported, the other workloads still run, and the script
-- exits with status 1 after writing the JSON.

-- Paths: when not run by `make bench` (which sets LUA_PATH_5_4/LUA_CPATH_5_4), use the
-- checkout this script lives in.
do
  local root = (arg and arg[0] or ""):match("^(.-)[^/]*/[^/]*$")
  if root then
    root = root == "" and "./" or root
    if not os.getenv("LUA_PATH_5_4") then
      package.path = root .. "lua/?.lua;" .. root .. "lua/?/init.lua;" .. package.path
    end
    if not os.getenv("LUA_CPATH_5_4") then
      package.cpath = root .. "build/?.so;" .. package.cpath
    end
  end
end

local lt = require "luatensor"

local GBS, GFLOPS = "GB/s", "GFLOPS"
local US_OP, US_ITER, MS_STEP = "\u{B5}s/op", "\u{B5}s/iter", "ms/step"

---------------------------------------------------------------------------------------------
-- Options

local opts = { quick = false, threads = 2, only = nil, out = nil, list = false }
do
  local i = 1
  local function value(flag)
    i = i + 1
    local v = arg[i]
    if v == nil then error(flag .. " needs a value", 0) end
    return v
  end
  while arg[i] do
    local a = arg[i]
    local flag, inline = a:match("^(%-%-[%w-]+)=(.*)$")
    if flag then a = flag; table.insert(arg, i + 1, inline) end
    if a == "--quick" then opts.quick = true
    elseif a == "--threads" then
      opts.threads = math.tointeger(tonumber(value(a)))
      if not opts.threads or opts.threads < 1 then error("--threads wants an integer >= 1", 0) end
    elseif a == "--only" then opts.only = value(a)
    elseif a == "--out" then opts.out = value(a)
    elseif a == "--list" then opts.list = true
    elseif a == "-h" or a == "--help" then
      print("usage: lua5.4 bench/bench.lua [--quick] [--threads N] [--only PATTERN] [--out FILE] [--list]")
      os.exit(0)
    elseif a:sub(1, 1) ~= "-" and not opts.out then opts.out = a
    else error("unknown argument " .. a, 0) end
    i = i + 1
  end
end

---------------------------------------------------------------------------------------------
-- Clock and threads

local clock = lt.clock
local notes = {}
if type(clock) ~= "function" then
  clock = os.clock
  notes[#notes + 1] = "lt.clock missing: timing with os.clock (CPU time of all threads, not wall time)"
end

if type(lt.set_num_threads) == "function" then
  if not opts.list then lt.set_num_threads(opts.threads) end
else
  notes[#notes + 1] = "lt.set_num_threads missing: thread count not set"
end

---------------------------------------------------------------------------------------------
-- Inputs

local SEED = 42
local K, M100K, M1, M16 = 1000, 100000, 1000000, 16000000

-- U[lo, hi) (default [0.5, 1.5)), float32 unless a dtype is given.
local function U(size, lo, hi, dtype)
  return lt.empty(size, dtype or lt.float32):uniform_(lo or 0.5, hi or 1.5)
end

---------------------------------------------------------------------------------------------
-- Workloads

local workloads = {}
local function add(w)
  w.ops_per_call = w.ops_per_call or 1
  w.needs = w.needs or {}
  workloads[#workloads + 1] = w
end

for _, n in ipairs({ K, M100K, M1, M16 }) do
  add{ name = "hadamard_f32_" .. ({ [K] = "1k", [M100K] = "100k", [M1] = "1m", [M16] = "16m" })[n],
       unit = GBS, amount = 12 * n, needs = { "__mul" },
       setup = function()
         local a, b = U(n), U(n)
         return function() local c = a * b end, { a, b }
       end }
end

add{ name = "hadamard_out_f32_16m", unit = GBS, amount = 12 * M16, needs = { "mul" },
     setup = function()
       local a, b, c = U(M16), U(M16), lt.empty(M16)
       return function() lt.mul(a, b, c) end, { a, b, c }
     end }

add{ name = "inplace_mul_f32_16m", unit = GBS, amount = 12 * M16, needs = { "mul_" },
     setup = function()
       local a, b = U(M16), U(M16, 0.999, 1.001)
       return function() a:mul_(b) end, { a, b }
     end }

local BCAST_BYTES = 4 * (2 * 4096 * 4096 + 4096)
add{ name = "bcast_row_f32", unit = GBS, amount = BCAST_BYTES, needs = { "__mul" },
     setup = function()
       local a, v = U({ 4096, 4096 }), U(4096)
       return function() local c = a * v end, { a, v }
     end }

add{ name = "bcast_col_f32", unit = GBS, amount = BCAST_BYTES, needs = { "__mul" },
     setup = function()
       local a, v = U({ 4096, 4096 }), U({ 4096, 1 })
       return function() local c = a * v end, { a, v }
     end }

add{ name = "mixed_f32_f64_1m", unit = GBS, amount = 20 * M1, needs = { "__mul" },
     setup = function()
       local a, b = U(M1), U(M1, 0.5, 1.5, lt.float64)
       local c = a * b
       assert(c.dtype == lt.float64, "float32 * float64 gave " .. tostring(c.dtype))
       c:free()
       return function() local c = a * b end, { a, b }
     end }

add{ name = "small_op_2x2", unit = US_OP, ops_per_call = 1000, needs = { "__mul" },
     setup = function()
       local a, b = U({ 2, 2 }), U({ 2, 2 })
       return function()
         for _ = 1, 1000 do local c = a * b end
       end, {}
     end }

add{ name = "sum_f32_16m", unit = GBS, amount = 4 * M16, needs = { "sum" },
     setup = function()
       local a = U(M16)
       local s = a:sum()
       assert(s:dim() == 0, "sum() should give a 0-d tensor")
       return function() local s = a:sum() end, { a }
     end }

for _, f in ipairs({ "exp", "tanh" }) do
  add{ name = f .. "_f32_16m", unit = GBS, amount = 8 * M16, needs = { f },
       setup = function()
         local a = U(M16)
         local m = a[f]
         return function() local c = m(a) end, { a }
       end }
end

-- matmul family (issue 4): matrix operands N(0,1).
for _, n in ipairs({ 64, 256, 1024, 2048 }) do
  add{ name = "matmul_f32_" .. n, unit = GFLOPS, amount = 2 * n ^ 3, needs = { "matmul" },
       setup = function()
         local a, b = lt.randn(n, n), lt.randn(n, n)
         return function() local c = a:matmul(b) end, { a, b }
       end }
end

add{ name = "matmul_f64_1024", unit = GFLOPS, amount = 2 * 1024 ^ 3, needs = { "matmul" },
     setup = function()
       local a, b = lt.randn(1024, 1024, lt.float64), lt.randn(1024, 1024, lt.float64)
       return function() local c = a:matmul(b) end, { a, b }
     end }

local BMM_FLOPS = 2 * 64 * 128 * 256 * 128
add{ name = "bmm", unit = GFLOPS, amount = BMM_FLOPS, needs = { "bmm" },
     setup = function()
       local A, B = lt.randn(64, 128, 256), lt.randn(64, 256, 128)
       return function() local C = lt.bmm(A, B) end, { A, B }
     end }

add{ name = "bmm_einsum", unit = GFLOPS, amount = BMM_FLOPS, needs = { "einsum" },
     setup = function()
       local A, B = lt.randn(64, 128, 256), lt.randn(64, 256, 128)
       return function() local C = lt.einsum("ijk,ikl->ijl", A, B) end, { A, B }
     end }

-- The gradient tape (issue 5): a tape per call, watch, record, gradient (TensorFlow's pattern).
-- tape_scalar_chain: 1000 recorded ops on shape-(1) float32 tensors, then one backward pass over
-- them; the time per op is (forward + backward) / 1000. The reference gradient comes from the
-- same recurrence in Lua numbers (float64): dy/dw = 0.42903713..., dy/dx ~ 1.6e-151 (0 in float32).
local function scalar_chain_reference()
  local x, w = 0.5, 0.999
  local y, dx, dw = x, 1, 0
  for i = 0, 999 do
    local r = i % 3
    if r == 0 then dw = dw * w + y; dx = dx * w; y = y * w
    elseif r == 1 then dw = dw + 1; y = y + w
    else local c = math.cos(y); dx = dx * c; dw = dw * c; y = math.sin(y) end
  end
  return dx, dw
end

add{ name = "tape_scalar_chain", unit = US_OP, ops_per_call = 1000,
     needs = { "tape", "sin", "__mul", "__add" },
     setup = function()
       local x, w = lt.tensor({ 0.5 }, lt.float32), lt.tensor({ 0.999 }, lt.float32)
       local function call()
         local tape = lt.tape()
         tape:watch(x, w)
         local y = x
         for i = 0, 999 do
           local r = i % 3
           if r == 0 then y = y * w
           elseif r == 1 then y = y + w
           else y = y:sin() end
         end
         return tape:gradient(y, { x, w })
       end
       local g = call()
       local dx, dw = scalar_chain_reference()
       assert(g[1] and g[2], "tape_scalar_chain: a gradient is missing")
       assert(math.abs(g[2][1] - dw) < 1e-3 * math.abs(dw) and math.abs(g[1][1] - dx) < 1e-30,
         string.format("tape_scalar_chain: gradients %.8g, %.8g; expected %.8g, %.8g", g[1][1], g[2][1], dx, dw))
       return call, { x, w }
     end }

add{ name = "gradient_tape_matmul", unit = US_ITER, needs = { "tape", "matmul", "sum" },
     setup = function()
       local A = lt.tensor({ { 1.0, 2.0 }, { 3.0, 4.0 } })
       local B = lt.tensor({ { 5.0, 6.0 }, { 7.0, 8.0 } })
       local function call()
         local tape = lt.tape()
         tape:watch(A, B)
         local C = A:matmul(B)
         local loss = C:sum()
         return tape:gradient(loss, { A, B })
       end
       local g = call()
       local dA, dB = g[1]:totable(), g[2]:totable()
       assert(dA[1][1] == 11 and dA[1][2] == 15 and dA[2][1] == 11 and dA[2][2] == 15,
         "gradient_tape_matmul: dA = " .. tostring(g[1]))
       assert(dB[1][1] == 4 and dB[1][2] == 4 and dB[2][1] == 6 and dB[2][2] == 6,
         "gradient_tape_matmul: dB = " .. tostring(g[2]))
       return call, { A, B }
     end }

-- mlp_step (issue 6): one SGD step of an MLP 784-512-512-10 on a fixed batch of 128, written in
-- the idiomatic training style: nn.Linear layers, nn.cross_entropy, optim.SGD; one call = a tape,
-- the forward pass, tape:gradient, opt:step. nn.Linear keeps its weight as (out, in), PyTorch's
-- layout, and multiplies by a transposed view (BLAS reads it with a transpose flag, no copy): the
-- same product as BENCHMARKS.md's x·W with W (in, out), with the same U(±1/√fan_in) weights and
-- biases; the bias is added by the same gemm (addmm). Labels: 1-based classes 1..10 (the 0..9 of
-- the definition, shifted as luatensor's class indices are).
add{ name = "mlp_step", unit = MS_STEP, needs = { "tape", "addmm", "luatensor.nn", "luatensor.optim" },
     setup = function()
       local nn, optim = require "luatensor.nn", require "luatensor.optim"
       local model = nn.Sequential(
         nn.Linear(784, 512), nn.ReLU(),
         nn.Linear(512, 512), nn.ReLU(),
         nn.Linear(512, 10))
       local params = model:parameters()
       local X = lt.randn(128, 784)
       local y = lt.randint(1, 11, { 128 })
       local opt = optim.SGD(params, { lr = 0.01 })
       local function call()
         local tape <close> = lt.tape()
         local loss = nn.cross_entropy(model(X), y)
         opt:step(tape:gradient(loss, params))
         return loss
       end
       -- the first loss is about ln(10) (small random logits) and steps on a fixed batch lower it
       local first = call():item()
       call()
       local third = call():item()
       assert(math.abs(first - math.log(10)) < 0.5 and third < first,
         string.format("mlp_step: losses %.4f then %.4f (expected about 2.30, then lower)", first, third))
       return call, { X, y }
     end }

---------------------------------------------------------------------------------------------
-- API checks

-- "__name": a metamethod of tensors; "name": lt.name or the tensor method t:name();
-- "luatensor.x" (a name with a dot): a module that require must find and load.
local function missing(needs)
  local probe, mt
  for _, what in ipairs(needs) do
    if not probe then
      probe = lt.zeros(1)
      mt = debug.getmetatable(probe) or {}
    end
    if what:find(".", 1, true) then
      local ok, err = pcall(require, what)
      if not ok then
        probe:free()
        return "module " .. what .. " missing or failing: " .. tostring(err):match("^[^\n]*")
      end
    elseif what:sub(1, 2) == "__" then
      if mt[what] == nil then probe:free(); return "tensor metamethod " .. what .. " missing" end
    elseif lt[what] == nil then
      local ok, m = pcall(function() return probe[what] end)
      if not ok or m == nil then probe:free(); return "lt." .. what .. " missing" end
    end
  end
  if probe then probe:free() end
end

---------------------------------------------------------------------------------------------
-- Timing protocol

local function batch(fn, reps)
  local t0 = clock()
  for _ = 1, reps do fn() end
  return clock() - t0
end

-- Returns the median batch's seconds per call, the spread, the reps per batch, the batches.
local function measure(fn)
  local warm_calls, warm_s = 2, opts.quick and 0 or 0.1
  local target, nbatches = opts.quick and 0.05 or 0.3, opts.quick and 1 or 5
  local t0, calls = clock(), 0
  while calls < warm_calls or clock() - t0 < warm_s do
    fn(); calls = calls + 1
  end
  local reps = 1
  while true do
    local t = batch(fn, reps)
    if t >= target then break end
    local guess = math.ceil(reps * target * 1.2 / math.max(t, 1e-9))
    reps = math.max(reps + 1, math.min(guess, reps * 100))
  end
  local times = {}
  for i = 1, nbatches do times[i] = batch(fn, reps) / reps end
  table.sort(times)
  local med = times[(nbatches + 1) // 2]
  return med, (times[nbatches] - times[1]) / med, reps, nbatches
end

local function value_of(unit, amount, ns)
  if unit == GBS or unit == GFLOPS then return amount / ns
  elseif unit == US_OP or unit == US_ITER then return ns / 1e3
  elseif unit == MS_STEP then return ns / 1e6 end
  error("unknown unit " .. tostring(unit))
end

---------------------------------------------------------------------------------------------
-- JSON

local function json(v, indent)
  indent = indent or ""
  local t = type(v)
  if t == "table" then
    local inner = indent .. " "
    if #v > 0 or next(v) == nil and getmetatable(v) == "array" then
      local parts = {}
      for i, x in ipairs(v) do parts[i] = inner .. json(x, inner) end
      return "[\n" .. table.concat(parts, ",\n") .. "\n" .. indent .. "]"
    end
    local keys = {}
    for k in pairs(v) do keys[#keys + 1] = tostring(k) end
    table.sort(keys, function(x, y)
      -- "tool", "threads", ... first as in BENCHMARKS.md; the rest alphabetical
      local order = { tool = 1, threads = 2, quick = 3, results = 4, value = 1, unit = 2 }
      local ox, oy = order[x] or 99, order[y] or 99
      if ox ~= oy then return ox < oy end
      return x < y
    end)
    if #keys == 0 then return "{}" end
    local parts = {}
    for i, k in ipairs(keys) do parts[i] = inner .. json(k) .. ": " .. json(v[k], inner) end
    return "{\n" .. table.concat(parts, ",\n") .. "\n" .. indent .. "}"
  elseif t == "string" then
    return '"' .. v:gsub('[%c"\\]', function(c)
      local esc = { ['"'] = '\\"', ["\\"] = "\\\\", ["\n"] = "\\n", ["\t"] = "\\t", ["\r"] = "\\r" }
      return esc[c] or string.format("\\u%04x", c:byte())
    end) .. '"'
  elseif t == "number" then
    if math.type(v) == "integer" then return string.format("%d", v) end
    if v ~= v or v == math.huge or v == -math.huge then return "null" end
    return string.format("%.17g", v)
  elseif t == "boolean" then
    return tostring(v)
  elseif v == nil then
    return "null"
  end
  return json(tostring(v))
end

---------------------------------------------------------------------------------------------
-- Meta

-- lt.blas_info() (issue 4): {library, config, coretype, threads, coretype_from}; recorded in the
-- JSON's meta.blas. Calling it loads OpenBLAS, as the first matmul would.
local function blas_meta()
  local bi = lt.blas_info
  if type(bi) == "function" then
    local ok, r = pcall(bi)
    bi = ok and r or nil
  end
  if type(bi) == "string" then return bi, bi end
  if type(bi) == "table" then
    local copy = {}
    for k, x in pairs(bi) do
      if type(x) == "string" or type(x) == "number" or type(x) == "boolean" then copy[k] = x end
    end
    return bi.core or bi.corename or bi.coretype or bi.blas_core or "unknown", copy
  end
  return "unknown", nil
end

-- The 1-minute load average: other processes on a 2-core machine skew the figures.
local function loadavg()
  local f = io.open("/proc/loadavg")
  if not f then return nil end
  local l = f:read("n")
  f:close()
  return l
end

-- CPU time used by the whole machine (from /proc/stat, USER_HZ = 100) and by this process,
-- to tell how many CPUs other processes kept busy during the run.
local function cpu_sample()
  local f = io.open("/proc/stat")
  if not f then return nil end
  local line = f:read("l") or ""
  f:close()
  local total, idle, i = 0, 0, 0
  for v in line:gmatch("%d+") do
    i = i + 1
    if i <= 8 then
      total = total + tonumber(v)
      if i == 4 or i == 5 then idle = idle + tonumber(v) end
    end
  end
  return { busy = (total - idle) / 100, own = os.clock(), wall = clock() }
end

local function other_cpus(s0, s1)
  if not (s0 and s1) or s1.wall <= s0.wall then return nil end
  local v = ((s1.busy - s0.busy) - (s1.own - s0.own)) / (s1.wall - s0.wall)
  return math.max(0, math.floor(v * 100 + 0.5) / 100)
end

local function meta()
  local core, blas = blas_meta()
  local env = {}
  for _, k in ipairs({ "OPENBLAS_CORETYPE", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS",
                       "OMP_WAIT_POLICY" }) do
    env[k] = os.getenv(k)
  end
  local m = {
    versions = string.format("%s, %s", tostring(lt._VERSION or "luatensor ?"), _VERSION),
    blas_core = core, blas = blas, env = env,
    date = os.date("!%Y-%m-%dT%H:%M:%SZ"),
    threads = opts.threads,
    clock = clock == lt.clock and "lt.clock" or "os.clock",
    loadavg_start = loadavg(),
  }
  if type(lt.get_num_threads) == "function" then m.luatensor_threads = lt.get_num_threads() end
  if #notes > 0 then m.notes = notes end
  return m
end

---------------------------------------------------------------------------------------------
-- Run

local function fmt_time(ns)
  if ns >= 1e6 then return string.format("%.3f ms", ns / 1e6)
  elseif ns >= 1e3 then return string.format("%.3f \u{B5}s", ns / 1e3) end
  return string.format("%.1f ns", ns)
end

local function pad(s, n) -- left-justify by characters, not bytes (µ is two bytes)
  return s .. string.rep(" ", n - (utf8.len(s) or #s))
end
local function lpad(s, n) return string.rep(" ", n - (utf8.len(s) or #s)) .. s end

-- --only: a Lua pattern, or several separated by commas (names have no commas).
local function selected(name)
  if not opts.only then return true end
  for pat in opts.only:gmatch("[^,]+") do
    if name:find(pat) then return true end
  end
  return false
end

if opts.list then
  for _, w in ipairs(workloads) do
    if selected(w.name) then print(w.name) end
  end
  os.exit(0)
end

for _, note in ipairs(notes) do io.stderr:write("bench.lua: warning: ", note, "\n") end
local results, skipped, errors = {}, {}, {}
local cpu0 = cpu_sample()
local meta_t = meta()
print(string.format("# luatensor: threads=%d%s, blas_core=%s%s", opts.threads,
  opts.quick and " (quick)" or "", meta_t.blas_core,
  meta_t.blas and meta_t.blas.coretype_from and " (chosen by " .. meta_t.blas.coretype_from .. ")"
  or ""))

for _, w in ipairs(workloads) do
  if selected(w.name) then
    local why = missing(w.needs)
    if why then
      skipped[w.name] = why
      print(pad(w.name, 22) .. " skipped: " .. why)
    else
      lt.manual_seed(SEED)
      local temps
      local ok, err = pcall(function()
        local fn
        fn, temps = w.setup()
        local t, spread, reps, nb = measure(fn)
        local ns = t * 1e9 / w.ops_per_call
        local val = value_of(w.unit, w.amount, ns)
        results[w.name] = { value = val, unit = w.unit, reps = reps, batches = nb,
                            ops_per_call = w.ops_per_call, ns_per_op = ns, spread = spread }
        print(string.format("%s %10.3f %s %s/op  spread %5.1f%%  reps %d", pad(w.name, 22), val,
          pad(w.unit, 8), lpad(fmt_time(ns), 14), 100 * spread, reps))
      end)
      if not ok then
        errors[w.name] = tostring(err)
        print(pad(w.name, 22) .. " ERROR " .. tostring(err))
      end
      for _, t in ipairs(temps or {}) do pcall(t.free, t) end
      temps = nil
      collectgarbage("collect")
      if type(lt.empty_cache) == "function" then lt.empty_cache() end
    end
    io.stdout:flush()
  end
end

meta_t.loadavg_end = loadavg()
if clock == lt.clock then meta_t.other_cpus = other_cpus(cpu0, cpu_sample()) end
if opts.out then
  local doc = { tool = "luatensor", threads = opts.threads, quick = opts.quick,
                results = results, meta = meta_t }
  if next(skipped) then doc.skipped = skipped end
  if next(errors) then doc.errors = errors end
  local f = assert(io.open(opts.out, "w"))
  f:write(json(doc), "\n")
  f:close()
end

os.exit(next(errors) and 1 or 0)
