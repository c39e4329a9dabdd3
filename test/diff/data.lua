-- Input tensors: their logical values (what Python sees) and their memory layout in luatensor
-- (contiguous, permuted, strided with positive or negative steps, offset, or expanded with
-- stride 0), so the ops run on every kind of view.
local util = require "util"

local data = {}

local function f32(x) return (string.unpack("<f", string.pack("<f", x))) end

-- one element of dtype dt; opts.values constrains it (ops with a restricted domain)
local function element(g, dt, mode, values, range)
  if range then   -- index tensors: 1-based, negative counting from the end, never 0
    local n = g:int(range[1], range[2])
    if n == 0 then n = range[2] end
    return n
  end
  if dt == "bool" then return g:chance(0.5) and 1 or 0 end
  if dt == "float32" or dt == "float64" then
    local x
    if values == "positive" or values == "nonneg" then
      x = g:uniform(0.1, 3)
    elseif mode == "smallint" then
      x = g:int(-4, 4) + 0.0
      if values == "nonzero" and x == 0 then x = 1.0 end
    elseif mode == "special" and g:chance(0.3) then
      x = g:pick({ 0.0, -0.0, math.huge, -math.huge, 0 / 0, 1e30, -1e-30, 88.5, 1e-40 })
    else
      x = g:uniform(-3, 3)
      if values == "nonzero" and math.abs(x) < 0.1 then x = 0.5 end
    end
    if dt == "float32" then x = f32(x) end
    return x
  end
  local lo, hi = -5, 5
  if dt == "uint8" then lo, hi = 0, 10 end
  if values == "nonneg" then lo, hi = 0, 3 elseif values == "positive" then lo, hi = 1, 4 end
  local n = g:int(lo, hi)
  if values == "nonzero" and n == 0 then n = 1 end
  if not values and mode == "special" and g:chance(0.2) then
    -- values near the wrap-around point of the dtype
    if dt == "uint8" then n = g:int(240, 255)
    elseif dt == "int32" then n = 2147483647 - g:int(0, 3)
    else n = math.maxinteger - g:int(0, 3) end
  end
  return n
end

local function values(g, shape, dt, opts)
  local mode = g:weighted({ { "normal", 55 }, { "smallint", 32 }, { "special", 13 } })
  if opts.values == "normal" then mode = "normal" end
  local out = {}
  for i = 1, util.numel(shape) do out[i] = element(g, dt, mode, opts.values, opts.range) end
  return out
end

-- the logical values of `shape` broadcast from `reduced` (same rank; 1 where expanded)
local function broadcast_values(flat, reduced, shape)
  local n, out = util.numel(shape), {}
  local rank = #shape
  for lin = 0, n - 1 do
    local rem, src, mul = lin, 0, 1
    for d = rank, 1, -1 do
      local i = rem % shape[d]
      rem = rem // shape[d]
      if reduced[d] ~= 1 then src = src + i * mul end
      mul = mul * reduced[d]
    end
    out[lin + 1] = flat[src + 1]
  end
  return out
end

local function layout(g, shape)
  local rank = #shape
  if rank == 0 then return { kind = "contig" } end
  local kind = g:weighted({ { "contig", 45 }, { "perm", rank >= 2 and 20 or 0 }, { "strided", 22 }, { "expand", 13 } })
  if kind == "perm" then
    local p = {}
    for i = 1, rank do p[i] = i end
    for i = rank, 2, -1 do local j = g:int(1, i); p[i], p[j] = p[j], p[i] end
    return { kind = "perm", perm = p }
  elseif kind == "strided" then
    return { kind = "strided", dim = g:int(1, rank), step = g:pick({ 2, -1, -2, "offset" }) }
  elseif kind == "expand" then
    local reduced, any = {}, false
    for i = 1, rank do
      reduced[i] = shape[i]
      if shape[i] > 1 and g:chance(0.6) then reduced[i] = 1; any = true end
    end
    if not any then return { kind = "contig" } end
    return { kind = "expand", reduced = reduced }
  end
  return { kind = "contig" }
end

-- a new input step; values are generated before the layout so expand can share them
function data.input(g, shape, dt, opts)
  local lay = opts.contiguous and { kind = "contig" } or layout(g, shape)
  local step = { kind = "input", dtype = dt, shape = util.copy(shape), layout = lay }
  if lay.kind == "expand" then
    step.base = values(g, lay.reduced, dt, opts)
    step.data = broadcast_values(step.base, lay.reduced, shape)
  else
    step.data = values(g, shape, dt, opts)
  end
  return step
end

-- the shape of the tensor an input's view is taken from, and how (Lua source fragments too)
function data.base_shape(step)
  local lay, shape = step.layout, step.shape
  if lay.kind == "perm" then
    local b = {}
    for i, p in ipairs(lay.perm) do b[p] = shape[i] end
    return b
  elseif lay.kind == "strided" then
    local b = util.copy(shape)
    local n = shape[lay.dim]
    if lay.step == 2 or lay.step == -2 then b[lay.dim] = 2 * n
    elseif lay.step == "offset" then b[lay.dim] = n + 1 end
    return b
  end
  return shape
end

-- the index spec that takes a strided input from its base
function data.slice_spec(step)
  local lay, spec = step.layout, {}
  for i = 1, lay.dim - 1 do spec[i] = {} end
  local s = lay.step
  if s == 2 then spec[lay.dim] = { 1, -1, 2 }
  elseif s == -1 then spec[lay.dim] = { -1, 1, -1 }
  elseif s == -2 then spec[lay.dim] = { -1, 1, -2 }
  else spec[lay.dim] = { 2, -1 } end
  return spec
end

data.broadcast_values = broadcast_values
return data
