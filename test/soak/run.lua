-- Soak test: long loops with no collectgarbage() keep a flat resident memory footprint.
--
--   LUA_PATH_5_4=... LUA_CPATH_5_4=... lua5.4 test/soak/run.lua [--epochs N] [--iters N]
--                                                              [--max-growth PCT] [--only digits|tape]
--
-- (a) digits: the model, data pipeline and optimizer of examples/train_digits.lua (the MLP
--     64-128-64-10 on the UCI digits, Adam with cosine annealing, batch 32, seed 42), trained for
--     200 epochs (45 minibatches each: 9,000 tape-recorded training steps).
-- (b) tape: 100,000 iterations of a tape, a matmul, a few element-wise ops, a sum, the gradient
--     and an in-place update (plain SGD on a least-squares fit), the tape NOT closed: every
--     tape, every intermediate and every gradient is garbage that only the collector frees.
--
-- Nothing here calls collectgarbage() (the collector runs at the pace Lua and luatensor give
-- it, as in a user's script). Resident memory is VmRSS/VmHWM from /proc/self/status, sampled
-- after every epoch (a) and every 1,000 iterations (b).
--
-- Warm-up: the first 10% of the epochs/iterations (the allocator's cache, OpenBLAS's buffers,
-- Lua's heap reach their working size; the collector's cycles need some 10 epochs to settle, so
-- --epochs below about 100 makes the warm-up too short to judge). Growth is measured from the
-- end of warm-up to the end, on the peak (VmHWM: it does not depend on where in a collection
-- cycle a sample falls) and on the current RSS. The run fails (exit 1) when either grows by more than --max-growth
-- percent (default 10), or when training does not learn (a: test accuracy below 95%; b: the
-- loss does not fall below 1e-3 of its start).
local script_dir = (arg and arg[0] or ""):match("^(.*)/[^/]*$") or "."
local root = script_dir .. "/../../"
if not os.getenv("LUA_PATH_5_4") then
  package.path = root .. "lua/?.lua;" .. root .. "lua/?/init.lua;" .. package.path
end
if not os.getenv("LUA_CPATH_5_4") then package.cpath = root .. "build/?.so;" .. package.cpath end

local lt = require "luatensor"
local nn = require "luatensor.nn"
local optim = require "luatensor.optim"
local data = require "luatensor.data"

local opts = { epochs = 200, iters = 100000, max_growth = 10, only = nil }
do
  local i = 1
  while arg[i] do
    local a, v = arg[i], arg[i + 1]
    if a == "--epochs" then opts.epochs = assert(math.tointeger(tonumber(v)), "--epochs N")
    elseif a == "--iters" then opts.iters = assert(math.tointeger(tonumber(v)), "--iters N")
    elseif a == "--max-growth" then opts.max_growth = assert(tonumber(v), "--max-growth PCT")
    elseif a == "--only" then opts.only = v
    else
      io.stderr:write("run.lua: unknown option ", a, "\n")
      os.exit(2)
    end
    i = i + 2
  end
end

-- VmRSS and VmHWM in bytes
local function memory()
  local rss, hwm
  for line in io.lines("/proc/self/status") do
    local k, v = line:match("^(Vm%u%u%u?):%s*(%d+) kB")
    if k == "VmRSS" then rss = tonumber(v) * 1024 elseif k == "VmHWM" then hwm = tonumber(v) * 1024 end
  end
  return rss, hwm
end

local MB = 1e6
local failed = false

-- samples: one {rss, hwm} per sample; warm: the index of the last warm-up sample
local function verdict(name, what, samples, warm, extra, learned, learn_msg)
  local w, e = samples[warm], samples[#samples]
  local peak_rss = 0
  for _, s in ipairs(samples) do peak_rss = math.max(peak_rss, s[1]) end
  local rss_growth = 100 * (e[1] - w[1]) / w[1]
  local hwm_growth = 100 * (e[2] - w[2]) / w[2]
  print(string.format("soak %s: %s, rss %.1f MB after warm-up -> %.1f MB at end (%+.1f%%), " ..
    "peak %.1f MB after warm-up -> %.1f MB at end (%+.1f%%), %s",
    name, what, w[1] / MB, e[1] / MB, rss_growth, w[2] / MB, e[2] / MB, hwm_growth, extra))
  local ok = true
  if rss_growth > opts.max_growth or hwm_growth > opts.max_growth then
    print(string.format("soak %s: FAILED: resident memory grew by more than %g%% after warm-up", name,
      opts.max_growth))
    ok = false
  end
  if not learned then
    print(string.format("soak %s: FAILED: %s", name, learn_msg))
    ok = false
  end
  if not ok then failed = true end
  return peak_rss
end

---------------------------------------------------------------------------------------------
-- (a) digits: examples/train_digits.lua's MLP, data and optimizer

local function soak_digits()
  local t0 = lt.clock()
  lt.manual_seed(42)
  local csv = data.read_csv(root .. "examples/data/digits.csv", { header = false })
  local X = csv:narrow(2, 1, 64):float() / 16
  local y = csv:select(2, 65):long() + 1
  local Xtr, ytr, Xte, yte = data.split(X, y, { test = 0.2, shuffle = true })
  local mean, std = Xtr:mean(1), Xtr:std(1) + 0.1
  Xtr, Xte = (Xtr - mean) / std, (Xte - mean) / std
  local model = nn.Sequential(
    nn.Linear(64, 128), nn.ReLU(),
    nn.Linear(128, 64), nn.ReLU(),
    nn.Linear(64, 10))
  local params = model:parameters()
  local opt = optim.Adam(params, { lr = 2e-3 })
  local sched = optim.CosineAnnealingLR(opt, { T_max = opts.epochs })
  local warm = math.max(1, opts.epochs // 10)
  local samples, acc = {}, 0
  for epoch = 1, opts.epochs do
    model:train()
    for xb, yb in data.batches(Xtr, ytr, 32, { shuffle = true }) do
      local tape <close> = lt.tape() -- as in the example
      local loss = nn.cross_entropy(model(xb), yb)
      opt:step(tape:gradient(loss, params))
    end
    sched:step()
    acc = lt.no_grad(function()
      model:eval()
      local correct = model(Xte):argmax(2):eq(yte):sum():item()
      model:train()
      return 100 * correct / Xte:size(1)
    end)
    samples[epoch] = { memory() }
  end
  return verdict("digits", string.format("%d epochs", opts.epochs), samples, warm,
    string.format("accuracy %.2f%%, %.1f s", acc, lt.clock() - t0), acc >= 95,
    string.format("test accuracy %.2f%% < 95%%", acc))
end

---------------------------------------------------------------------------------------------
-- (b) tape loop: least squares by SGD, the tape left to the collector

local function soak_tape()
  local t0 = lt.clock()
  lt.manual_seed(7)
  local X = lt.randn(64, 32)
  local W_true = lt.randn(32, 8)
  local Y = X:matmul(W_true)
  local W = lt.variable(lt.zeros(32, 8))
  local b = lt.variable(lt.zeros(8))
  local lr = 0.05
  local every = math.max(1, opts.iters // 100)
  local warm = math.max(1, (opts.iters // 10) // every)
  local samples, first, last = {}, nil, nil
  for it = 1, opts.iters do
    local tape = lt.tape()
    local err = X:matmul(W) + b - Y
    local loss = (err * err):mean() + 1e-6 * (W * W):sum()
    local gW, gb = table.unpack(tape:gradient(loss, { W, b }))
    W:sub_(gW * lr) -- in place, outside any tape, as an optimizer does
    b:sub_(gb:mul_(lr))
    if it == 1 then first = loss:item() end
    if it % every == 0 then
      samples[#samples + 1] = { memory() }
      last = loss:item()
    end
  end
  return verdict("tape", string.format("%d iterations", opts.iters), samples, warm,
    string.format("loss %.3g -> %.3g, %.1f s", first, last, lt.clock() - t0), last < first * 1e-3,
    string.format("the loss went from %.3g to only %.3g", first, last))
end

local peak = 0
if opts.only == nil or opts.only == "digits" then peak = math.max(peak, soak_digits()) end
if opts.only == nil or opts.only == "tape" then peak = math.max(peak, soak_tape()) end
local _, hwm = memory()
print(string.format("soak: peak rss %.1f MB (VmHWM of the whole run), %s", hwm / MB, failed and "FAILED" or "ok"))
os.exit(failed and 1 or 0)
