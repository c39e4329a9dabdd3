-- The matmul family: matmul over rank combinations with broadcast batches, mm, mv, dot, bmm,
-- outer, addmm/addmv/baddbmm with beta and alpha, einsum with random specs, tensordot.
local util = require "util"

local ops = {}
local function def(spec)
  spec.family = "matmul"
  spec.tol = "accum"
  spec.call = spec.call or function(lt, ...) return lt[spec.name](...) end
  ops[#ops + 1] = spec
end

local NUMERIC = { "float32", "float64", "int32", "int64", "uint8" }

-- a new operand of `shape` for x: x's dtype mostly, sometimes another one (they promote)
local function partner(g, x, shape, same)
  local dt = x.dtype
  if not same and g:chance(0.2) then dt = g:pick(NUMERIC) end
  return g:input(shape, dt)
end

local function cat(a, b)
  local out = util.copy(a)
  for _, v in ipairs(b) do out[#out + 1] = v end
  return out
end

local function small(shape) return util.numel(shape) <= 256 end

def({ name = "matmul", gen = function(g, x)
  local s = x.shape
  if #s == 0 or x.dtype == "bool" then return nil end
  local k = s[#s]
  local r = g.rng()
  local bshape
  if r < 0.2 then bshape = { k }
  elseif r < 0.5 or #s == 1 and r < 0.7 then bshape = { k, g:int(1, 4) }
  else
    local batch = {}
    for i = 1, #s - 2 do batch[i] = s[i] end
    if #batch == 0 then batch = { g:int(1, 3) } end
    bshape = cat(g:broadcast_shape(batch), { k, g:int(1, 4) })
  end
  if #bshape > 4 or not small(bshape) then return nil end
  if g:chance(0.3) then return { partner(g, x, { s[math.max(1, #s - 1)] }), { ref = x.id } } end -- x on the right
  return { { ref = x.id }, partner(g, x, bshape) }
end })

local function fixed(name, xrank, bshape_of)
  def({ name = name, gen = function(g, x)
    if #x.shape ~= xrank or x.dtype == "bool" then return nil end
    return { { ref = x.id }, partner(g, x, bshape_of(g, x.shape)) }
  end })
end
fixed("mm", 2, function(g, s) return { s[2], g:int(1, 4) } end)
fixed("mv", 2, function(_, s) return { s[2] } end)
fixed("dot", 1, function(_, s) return { s[1] } end)
fixed("bmm", 3, function(g, s) return { s[1], s[3], g:int(1, 4) } end)
fixed("outer", 1, function(g) return { g:int(1, 4) } end)

-- beta * input + alpha * product; integer products take integral beta/alpha
local function coeffs(g, dt)
  if dt:match("^float") then
    return g:pick({ 1.0, 0.0, 0.5, -2.0, 1.5 }), g:pick({ 1.0, 0.5, -1.0, 2.0 })
  end
  return g:pick({ 1, 0, 2, -1 }), g:pick({ 1, 2, -1 })
end

local function addmm_like(name, xrank, bshape_of, out_of)
  def({ name = name, gen = function(g, x)
    if #x.shape ~= xrank or x.dtype == "bool" then return nil end
    local b = partner(g, x, bshape_of(g, x.shape), true)
    local out_shape = out_of(x.shape, g.meta[b.ref].shape)
    local input = g:input(g:broadcast_shape(out_shape), x.dtype)
    if #g.meta[input.ref].shape > #out_shape then return nil end
    local beta, alpha = coeffs(g, x.dtype)
    if g:chance(0.3) then return { input, { ref = x.id }, b } end
    return { input, { ref = x.id }, b, beta, alpha }
  end })
end
addmm_like("addmm", 2, function(g, s) return { s[2], g:int(1, 4) } end,
  function(a, b) return { a[1], b[2] } end)
addmm_like("addmv", 2, function(_, s) return { s[2] } end, function(a) return { a[1] } end)
addmm_like("baddbmm", 3, function(g, s) return { s[1], s[3], g:int(1, 4) } end,
  function(a, b) return { a[1], a[2], b[3] } end)

-- einsum: letters for x's dims (a repeated letter takes a diagonal), maybe a second operand
-- sharing some letters, an output of a subset of the letters (explicit) or implicit
local LETTERS = "abcdefgh"
def({ name = "einsum", gen = function(g, x)
  if x.dtype == "bool" or #x.shape > 4 then return nil end
  local size_of, used, xs = {}, {}, {}
  local nl = 0
  local function new_letter(size)
    nl = nl + 1
    local c = LETTERS:sub(nl, nl)
    size_of[c] = size
    used[#used + 1] = c
    return c
  end
  for i, sz in ipairs(x.shape) do
    local reuse
    for _, c in ipairs(used) do if size_of[c] == sz and g:chance(0.25) then reuse = c end end
    xs[i] = reuse or new_letter(sz)
  end
  local ops_ = { table.concat(xs) }
  local args = { { ref = x.id } }
  if g:chance(0.6) then
    local ys, yshape = {}, {}
    for i = 1, g:int(0, 3) do
      local c
      if #used > 0 and g:chance(0.6) then c = g:pick(used) else c = new_letter(g:int(1, 3)) end
      ys[i], yshape[i] = c, size_of[c]
    end
    ops_[2] = table.concat(ys)
    args[2] = partner(g, x, yshape)
  end
  local spec = table.concat(ops_, ",")
  if g:chance(0.8) then
    local out = {}
    for _, c in ipairs(used) do if g:chance(0.6) then out[#out + 1] = c end end
    for i = #out, 2, -1 do local j = g:int(1, i); out[i], out[j] = out[j], out[i] end
    spec = spec .. "->" .. table.concat(out)
  end
  table.insert(args, 1, spec)
  return args
end })

-- tensordot: n trailing dims of a against n leading dims of b, or explicit dim pairs
def({ name = "tensordot", gen = function(g, x)
  local s = x.shape
  if #s == 0 or x.dtype == "bool" then return nil end
  if g:chance(0.5) then
    local n = g:int(0, math.min(2, #s))
    local bshape = {}
    for i = #s - n + 1, #s do bshape[#bshape + 1] = s[i] end
    for _ = 1, g:int(0, 2) do bshape[#bshape + 1] = g:int(1, 3) end
    if #bshape == 0 then bshape = { 2 } end
    return { { ref = x.id }, partner(g, x, bshape), n }
  end
  local k = g:int(1, math.min(2, #s))
  local da, db, bshape = {}, {}, {}
  local perm = {}
  for i = 1, #s do perm[i] = i end
  for i = #s, 2, -1 do local j = g:int(1, i); perm[i], perm[j] = perm[j], perm[i] end
  for _ = 1, g:int(0, 2) do bshape[#bshape + 1] = g:int(1, 3) end
  for i = 1, k do
    da[i] = perm[i]
    local pos = g:int(1, #bshape + 1)
    table.insert(bshape, pos, s[perm[i]])
    for j = 1, i - 1 do if db[j] >= pos then db[j] = db[j] + 1 end end
    db[i] = pos
  end
  return { { ref = x.id }, partner(g, x, bshape), { da, db } }
end })

return ops
