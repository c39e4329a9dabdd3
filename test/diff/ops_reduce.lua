-- Reductions with dims and keepdim, arg-reductions, softmax family and scans.
local util = require "util"

local FLOAT = { float32 = true, float64 = true }
local ops = {}
local function def(spec)
  spec.family = "reduce"
  spec.tol = spec.tol or "accum"
  ops[#ops + 1] = spec
end

-- reductions called as t:op([dims [, keepdim]])
local function reduction(name, o)
  o = o or {}
  def({ name = name, tol = o.tol, gen = function(g, x)
    if o.float_only and not FLOAT[x.dtype] then return nil end
    if o.nobool and x.dtype == "bool" then return nil end
    local dims = g:dims(#x.shape)
    if dims == util.NIL then return { { ref = x.id } } end
    return { { ref = x.id }, dims, g:chance(0.4) }
  end, call = function(lt, t, ...) return lt[name](t, ...) end })
end

reduction("sum")
reduction("prod")
reduction("mean", { float_only = true })
reduction("amax", { tol = "exact" })
reduction("amin", { tol = "exact" })
reduction("all", { tol = "exact" })
reduction("any", { tol = "exact" })
reduction("logsumexp", { float_only = true })

-- var/std(dims, unbiased, keepdim), or the flag form var(unbiased)
for _, name in ipairs({ "var", "std" }) do
  -- cancels: the result is a difference of nearly equal sums, of the operand's magnitude to
  -- this power; at rounding-noise level it carries no significant digit (exec.kinked)
  def({ name = name, kink_at_zero = name == "std", cancels = name == "std" and 1 or 2, gen = function(g, x)
    if not FLOAT[x.dtype] then return nil end
    local dims = g:dims(#x.shape)
    if dims == util.NIL then
      if g:chance(0.5) then return { { ref = x.id } } end
      return { { ref = x.id }, g:chance(0.5) }
    end
    return { { ref = x.id }, dims, g:chance(0.6), g:chance(0.4) }
  end, call = function(lt, t, ...) return lt[name](t, ...) end })
end

def({ name = "norm", kink_at_zero = true, gen = function(g, x)
  if not FLOAT[x.dtype] then return nil end
  local p = g:pick({ 2, 1, 3, 0.5, math.huge, -math.huge, 0, "fro" })
  local dims = g:dims(#x.shape)
  if dims == util.NIL then return { { ref = x.id }, p } end
  return { { ref = x.id }, p, dims, g:chance(0.4) }
end, call = function(lt, t, ...) return lt.norm(t, ...) end })

-- dim-wise ops of one dim
local function along(name, o)
  def({ name = name, tol = o.tol, gen = function(g, x)
    if #x.shape == 0 then return nil end
    if o.float_only and not FLOAT[x.dtype] then return nil end
    return { { ref = x.id }, g:dim(#x.shape) }
  end, call = function(lt, t, d) return lt[name](t, d) end })
end
along("softmax", { float_only = true })
along("log_softmax", { float_only = true })
along("cumsum", {})
along("cumprod", {})

-- argmax/argmin([dim [, keepdim]]): 1-based int64 indices
for _, name in ipairs({ "argmax", "argmin" }) do
  def({ name = name, tol = "exact", gen = function(g, x)
    if x.dtype == "bool" then return nil end   -- PyTorch has no argmax for bool
    if #x.shape == 0 or g:chance(0.25) then return { { ref = x.id } } end
    return { { ref = x.id }, g:dim(#x.shape), g:chance(0.4) }
  end, call = function(lt, t, ...) return lt[name](t, ...) end })
end

-- max/min(dim [, keepdim]) give values and indices: `which` picks one (1 or 2)
for _, name in ipairs({ "max", "min" }) do
  def({ name = name .. "_dim", tol = "exact", gen = function(g, x)
    if #x.shape == 0 or x.dtype == "bool" then return nil end
    return { { ref = x.id }, g:dim(#x.shape), g:chance(0.4), g:int(1, 2) }
  end, call = function(lt, t, d, kd, which)
    return (select(which, lt[name](t, d, kd)))
  end, render = function(a)
    return ("select(%s, lt.%s(%s, %s, %s))"):format(a[4], name, a[1], a[2], a[3])
  end })
end

return ops
