-- Differential tester: random programs of luatensor ops against NumPy (values) and PyTorch
-- (gradients). Usage: lua5.4 test/diff/run.lua [--seed N] [--cases N] [--ops N] [--verbose]
-- Prints the seed first and a summary line last; exits 1 on any mismatch after printing the
-- smallest program found that reproduces the first one. See test/diff/README.md.
local dir = (arg[0]:match("^(.*)/[^/]*$") or ".")
package.path = dir .. "/?.lua;" .. package.path

local lt = require "luatensor"
local catalogue = require "catalogue"
local gen = require "gen"
local evaluate = require "evaluate"
local shrink = require "shrink"
local render = require "render"
local compare = require "compare"

local opts = { seed = nil, cases = 2000, ops = 6, batch = 500, show = 3 }
local i = 1
while i <= #arg do
  local a = arg[i]
  if a == "--seed" then opts.seed = math.tointeger(tonumber(arg[i + 1])); i = i + 1
  elseif a == "--cases" then opts.cases = math.tointeger(tonumber(arg[i + 1])); i = i + 1
  elseif a == "--ops" then opts.ops = math.tointeger(tonumber(arg[i + 1])); i = i + 1
  elseif a == "--show" then opts.show = math.tointeger(tonumber(arg[i + 1])); i = i + 1
  elseif a == "--case" then opts.only = math.tointeger(tonumber(arg[i + 1])); i = i + 1
  elseif a == "--verbose" then opts.verbose = true
  elseif a == "--help" or a == "-h" then
    print("usage: lua5.4 test/diff/run.lua [--seed N] [--cases N] [--case K] [--ops N] [--show N] [--verbose]\n" ..
      "  --case K: run only case K of the seed (--cases 1 --case K)")
    os.exit(0)
  else
    io.stderr:write("run.lua: unknown argument " .. a .. "\n")
    os.exit(2)
  end
  i = i + 1
end
if opts.only then opts.cases = 1 end
assert(opts.cases and opts.cases > 0, "--cases needs a positive integer")
opts.seed = opts.seed or os.time()
print(("diff: seed %d, %d cases (lua5.4 test/diff/run.lua --seed %d --cases %d reproduces this run)"):format(
  opts.seed, opts.cases, opts.seed, opts.cases))
io.stdout:flush()

local t0 = lt.clock()
lt.set_num_threads(1)

-- case k is generated from (seed, k) alone, so any case can be regenerated on its own
local function program(k)
  math.randomseed(opts.seed, k)
  return gen.program(lt, catalogue, math.random, { max_ops = opts.ops })
end

local failures, nvalues, ngrads, used = {}, 0, 0, {}
local k = 0
while k < opts.cases do
  local progs = {}
  for j = 1, math.min(opts.batch, opts.cases - k) do progs[j] = program(opts.only or k + j) end
  local results = evaluate.batch(lt, catalogue, progs, dir)
  for j, r in ipairs(results) do
    local prog = progs[j]
    for _, s in ipairs(prog.steps) do
      if s.kind == "op" and r.obs.values[s.id] then nvalues = nvalues + 1; used[s.op] = (used[s.op] or 0) + 1 end
    end
    if r.obs.grads and not (r.ref and r.ref.grad_skip) then ngrads = ngrads + 1 end
    if r.failure then failures[#failures + 1] = { case = opts.only or k + j, prog = prog, r = r } end
  end
  k = k + #progs
end

-- failures of the same op, kind and class are reported once (shrunk), the rest by case number
local seen, shown = {}, 0
for _, f in ipairs(failures) do
  local sig = compare.signature(f.r.failure)
  print(("MISMATCH case %d: %s%s: %s"):format(f.case, f.r.failure.kind,
    f.r.failure.op and (" in " .. f.r.failure.op) or "", f.r.failure.msg))
  if not seen[sig] and shown < opts.show then
    seen[sig] = true
    shown = shown + 1
    local p, fl, obs = shrink.run(lt, catalogue, f.prog, f.r.failure, f.r.obs, dir)
    if p.final and obs.values[p.final] then fl.final_shape = obs.values[p.final].shape end
    print(("-- smallest reproduction (%s%s: %s):"):format(fl.kind, fl.op and (" in " .. fl.op) or "", fl.msg))
    print(render.program(p, catalogue, fl))
    print("-- end")
  end
end

if opts.verbose then
  local names = {}
  for _, n in ipairs(catalogue.names()) do names[#names + 1] = n .. "=" .. (used[n] or 0) end
  print("ops run: " .. table.concat(names, " "))
end
print(("diff: %d cases, %d mismatches (seed %d); %d op results and %d gradient sets compared in %.1f s"):format(
  opts.cases, #failures, opts.seed, nvalues, ngrads, lt.clock() - t0))
os.exit(#failures == 0 and 0 or 1)
