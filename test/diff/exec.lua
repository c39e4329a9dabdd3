-- Runs programs in luatensor: builds the inputs in their layouts, applies each op, and (for
-- float64 programs) takes tape gradients of sum(out * weights) with respect to the inputs.
local util = require "util"
local data = require "data"

local exec = {}

function exec.broadcast(a, b)
  local n = math.max(#a, #b)
  local out = {}
  for i = 1, n do
    local x = a[#a - n + i] or 1
    local y = b[#b - n + i] or 1
    if x ~= y and x ~= 1 and y ~= 1 then return nil end
    out[i] = (x == 1) and y or x
  end
  return out
end

function exec.broadcastable(a, b) return exec.broadcast(a, b) ~= nil end

local JUNK = { float32 = 7.0, float64 = 7.0, int32 = 7, int64 = 7, uint8 = 7, bool = true }

function exec.input(lt, step)
  local dt, shape, lay = step.dtype, step.shape, step.layout
  local as_bool = dt == "bool"
  if lay.kind == "expand" then
    return lt.tensor(util.nest(step.base, lay.reduced, as_bool), dt):expand(shape)
  end
  local src = lt.tensor(util.nest(step.data, shape, as_bool), dt)
  if lay.kind == "contig" then return src end
  local t
  if lay.kind == "perm" then
    t = lt.zeros(data.base_shape(step), dt):permute(lay.perm)
  else
    t = lt.full(data.base_shape(step), JUNK[dt], dt)[data.slice_spec(step)]
  end
  t:copy_(src)
  return t
end

local function resolve(args, vals)
  local out = {}
  for i = 1, #args do
    local a = args[i]
    if a == util.NIL then out[i] = nil
    elseif type(a) == "table" and a.ref then out[i] = vals[a.ref]
    elseif type(a) == "table" and a.list then   -- a list of tensors (cat, stack)
      local l = {}
      for j, r in ipairs(a.list) do l[j] = vals[r.ref] end
      out[i] = l
    else out[i] = a end
  end
  return out, #args
end

-- runs one step; returns true, tensor or false, message
function exec.step(lt, catalogue, step, vals)
  if step.kind == "input" then return pcall(exec.input, lt, step) end
  local spec = catalogue.by_name[step.op]
  local args, n = resolve(step.args, vals)
  local ok, r = pcall(spec.call, lt, table.unpack(args, 1, n))
  if ok and not lt.is_tensor(r) then return false, "result is a " .. type(r) .. ", not a tensor" end
  return ok, r
end

-- runs a whole program: values by step id, or the first error {id, msg}
function exec.run(lt, catalogue, prog)
  local vals = {}
  for _, step in ipairs(prog.steps) do
    local ok, v = exec.step(lt, catalogue, step, vals)
    if not ok then return vals, { id = step.id, msg = tostring(v) } end
    vals[step.id] = v
  end
  return vals
end

-- the float64 inputs a gradient is taken for
function exec.sources(prog)
  local ids = {}
  for _, s in ipairs(prog.steps) do
    if s.kind == "input" and s.dtype == "float64" then ids[#ids + 1] = s.id end
  end
  return ids
end

-- gradients are compared only where every value is finite: at NaN and inf the libraries'
-- conventions differ legitimately (which operand of maximum(NaN, x) gets the gradient, ...)
function exec.all_finite(vals)
  for _, t in pairs(vals) do
    local dt = t:type()
    if (dt == "float32" or dt == "float64") and t:numel() > 0 then
      if t:ne(t):any():item() or t:abs():eq(math.huge):any():item() then return false end
    end
  end
  return true
end

-- relative size of rounding noise in a var/std result, by dtype: the mean is off by a few ulps
-- of the operand's magnitude M, so a std below NOISE * M (a var below (NOISE * M)^2) is noise
exec.NOISE = { float64 = 1e-12, float32 = 1e-4 }

-- a zero result of sqrt, std or norm: the derivative is infinite there, and the libraries
-- answer differently (torch NaN or inf, luatensor 0). Also a var or std at the noise floor of
-- its operand (the variance of constant data, computed as a few ulps instead of 0): the
-- direction of std's gradient, (x - mean) / (n std), is then rounding noise (torch's, which
-- goes through the mean, cancels it to 0; luatensor's closed form does not), and any singular
-- derivative downstream (log, sqrt, reciprocal of the var) amplifies the libraries' different
-- rounding without bound.
function exec.kinked(g)
  for _, s in ipairs(g.prog.steps) do
    local spec = s.kind == "op" and g.catalogue.by_name[s.op]
    local v = spec and g.vals[s.id]
    if v and spec.kink_at_zero and v:eq(0):any():item() then return true end
    if v and spec.cancels and v:numel() > 0 then
      -- M per reduced group: var(x, dims, unbiased, keepdim) or the flag form var(x, unbiased)
      local x, dims, keepdim = g.vals[s.args[1].ref], s.args[2], s.args[4]
      local m
      if type(dims) == "number" or type(dims) == "table" and dims ~= util.NIL then
        m = x:abs():to(v:type()):amax(dims, keepdim)
      else
        m = x:abs():to(v:type()):amax()
      end
      local floor = m:mul(exec.NOISE[v:type()]):pow(spec.cancels)
      if v:abs():le(floor):any():item() then return true end
    end
  end
  return false
end

-- whether any value is float32: PyTorch recomputes those with its own float32 rounding, so
-- gradients are then compared with float32's tolerance (compare.GRAD_RTOL_MIXED)
function exec.has_float32(vals)
  for _, t in pairs(vals) do if t:type() == "float32" then return true end end
  return false
end

-- whether the program's gradients are compared at all (README.md, "Restrictions"); g has
-- prog, catalogue and vals (the luatensor values by step id)
function exec.gradable(g)
  return exec.all_finite(g.vals) and not exec.kinked(g)
end

-- decides the final value and, for a float64 one, the output gradient (random weights)
function exec.finish(g, prog)
  local last = prog.steps[#prog.steps]
  if last.lua_error then prog.final = nil return end
  prog.final = last.id
  local m = g.meta[last.id]
  if m.dtype == "float64" and #exec.sources(prog) > 0 and exec.gradable(g) then
    local w = {}
    for i = 1, util.numel(m.shape) do w[i] = g:uniform(-2, 2) end
    prog.weights = w
  end
end

-- tape gradients: per source id a flat list, or "none" when no gradient flows to it
function exec.grad(lt, catalogue, prog)
  local out = {}
  local tape = lt.tape({ persistent = true })
  local vals = {}
  local srcs = exec.sources(prog)
  local ok, err = pcall(function()
    for _, step in ipairs(prog.steps) do
      local okk, v = exec.step(lt, catalogue, step, vals)
      if not okk then error(v, 0) end
      vals[step.id] = v
      if step.kind == "input" and step.dtype == "float64" then tape:watch(v) end
    end
  end)
  tape:stop()
  if not ok then return nil, "forward under the tape: " .. tostring(err) end
  local final = vals[prog.final]
  -- a shrunk program may have a smaller output than the weights were drawn for: reuse them
  local wdata = {}
  for i = 1, final:numel() do wdata[i] = prog.weights[(i - 1) % #prog.weights + 1] end
  local w = lt.tensor(util.nest(wdata, final:size()), "float64")
  for _, id in ipairs(srcs) do
    local okg, gr = pcall(tape.gradient, tape, final, vals[id], w, { unconnected = "zero" })
    if okg then
      out[id] = { shape = gr:size(), dtype = gr:type(), data = util.flat(gr) }
    elseif tostring(gr):find("no gradient flows", 1, true) then
      out[id] = "none"
    else
      out[id] = "error: " .. tostring(gr)
    end
  end
  tape:free()
  return out
end

-- everything the comparison needs from luatensor: each value as {dtype, shape, data}, the
-- first error, and the gradients (for programs with weights)
function exec.observe(lt, catalogue, prog)
  local vals, err = exec.run(lt, catalogue, prog)
  -- from the values, not the generator: a shrunk program keeps its own tolerance class
  local obs = { values = {}, error = err, has_float32 = exec.has_float32(vals) }
  for _, s in ipairs(prog.steps) do   -- input values too: the operand scale of sums uses them
    if s.kind == "input" then obs.values[s.id] = { dtype = s.dtype, shape = s.shape, data = s.data } end
  end
  for id, t in pairs(vals) do
    obs.values[id] = { dtype = t:type(), shape = t:size(), data = util.flat(t) }
  end
  -- a shrunk program (other values, rounder inputs) must still meet the rules for gradients
  if prog.weights and not err and not exec.gradable({ prog = prog, catalogue = catalogue, vals = vals }) then
    obs.grad_skip = "luatensor's values are not finite or at a kink"
  end
  if prog.weights and not err and not obs.grad_skip then
    obs.grads, obs.grad_error = exec.grad(lt, catalogue, prog)
    -- PyTorch's rerun checks its own values against the same rules (reference.py, grads)
    obs.kinks = {}
    for _, s in ipairs(prog.steps) do
      local spec = s.kind == "op" and catalogue.by_name[s.op]
      if spec and spec.kink_at_zero then obs.kinks[s.id] = true end
    end
  end
  return obs
end

return exec
