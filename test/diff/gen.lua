-- The program generator: from one seed, a chain of 1-6 ops on inputs it creates as it goes.
-- It runs each op in luatensor while generating (exec.step) so that later ops see real shapes
-- and dtypes; the op catalogue (ops_*.lua) decides which arguments are valid for a value.
local util = require "util"
local exec = require "exec"
local data = require "data"

local gen = {}
local G = {}
G.__index = G

local FLOATS = { float32 = true, float64 = true }
local INTS = { int32 = true, int64 = true, uint8 = true }
gen.FLOATS, gen.INTS = FLOATS, INTS

-- the weighted choice of a program's first dtype; float64 most, so gradients get checked often
local DTYPE_WEIGHTS = { { "float64", 40 }, { "float32", 28 }, { "int64", 10 }, { "int32", 8 },
  { "uint8", 7 }, { "bool", 7 } }

function G:int(a, b) return self.rng(a, b) end
function G:chance(p) return self.rng() < p end
function G:pick(list) return list[self.rng(1, #list)] end
function G:uniform(a, b) return a + (b - a) * self.rng() end

function G:weighted(pairs_)
  local total = 0
  for _, p in ipairs(pairs_) do total = total + p[2] end
  local r = self.rng() * total
  for _, p in ipairs(pairs_) do
    r = r - p[2]
    if r < 0 then return p[1] end
  end
  return pairs_[#pairs_][1]
end

function G:dtype()
  if self.main_dtype and self:chance(0.7) then return self.main_dtype end
  return self:weighted(DTYPE_WEIGHTS)
end

-- a random shape of rank 0-4 with small sizes (numel stays small: the budget is cases, not size)
function G:shape(max_rank)
  local rank = self:weighted({ { 0, 6 }, { 1, 22 }, { 2, 36 }, { 3, 26 }, { 4, 10 } })
  if max_rank and rank > max_rank then rank = max_rank end
  local s = {}
  for i = 1, rank do s[i] = self:weighted({ { 1, 20 }, { 2, 35 }, { 3, 30 }, { 4, 15 } }) end
  return s
end

-- a shape that broadcasts with `shape`: leading dims dropped, some dims set to 1, or a new one
function G:broadcast_shape(shape)
  local s = util.copy(shape)
  local r = self.rng()
  if r < 0.3 then return s end
  if r < 0.5 and #s > 0 then
    local drop = self:int(1, #s)
    local t = {}
    for i = drop + 1, #s do t[#t + 1] = s[i] end
    return t
  end
  if r < 0.85 then
    for i = 1, #s do if self:chance(0.4) then s[i] = 1 end end
    return s
  end
  if #s < 4 and util.numel(s) <= 24 then table.insert(s, 1, self:int(1, 3)) end
  return s
end

-- a new input tensor; opts.values: "nonneg", "nonzero", "positive", "normal" constrain data
function G:input(shape, dtype, opts)
  opts = opts or {}
  local step = data.input(self, shape, dtype, opts)
  return self:push(step)
end

-- adds a step, runs it in luatensor, returns a reference to its value (nil when it raised)
function G:push(step)
  step.id = #self.prog.steps + 1
  self.prog.steps[step.id] = step
  local ok, v = exec.step(self.lt, self.catalogue, step, self.vals)
  if not ok then
    step.lua_error = v
    return nil
  end
  self.vals[step.id] = v
  self.meta[step.id] = { id = step.id, shape = v:size(), dtype = v:type(), t = v }
  return { ref = step.id }
end

-- another operand for a binary op with x: an earlier value that broadcasts, a new input, or a
-- Lua number (when opts.scalar); opts.dtypes limits the dtypes, opts.values the data
function G:operand(x, opts)
  opts = opts or {}
  local ok_dtype = function(dt) return not opts.dtypes or opts.dtypes[dt] end
  if opts.scalar and self:chance(0.25) then return self:scalar(x.dtype, opts) end
  if not opts.values and self:chance(0.3) then
    local cands = {}
    for _, m in pairs(self.meta) do
      if ok_dtype(m.dtype) and exec.broadcastable(m.shape, x.shape) and util.numel(exec.broadcast(m.shape, x.shape)) <= 128 then
        cands[#cands + 1] = m.id
      end
    end
    table.sort(cands)
    if #cands > 0 then return { ref = self:pick(cands) } end
  end
  local dt = self:dtype()
  if not ok_dtype(dt) then
    local list = {}
    for d in pairs(opts.dtypes) do list[#list + 1] = d end
    table.sort(list)
    dt = self:pick(list)
  end
  return self:input(self:broadcast_shape(x.shape), dt, opts)
end

-- a Lua number (integer or float) or, rarely, a boolean, suited to opts.values
function G:scalar(dtype, opts)
  opts = opts or {}
  local v = opts.values
  local int = opts.int_scalar or (not opts.float_scalar and (not FLOATS[dtype] and self:chance(0.6) or self:chance(0.3)))
  if int then
    local lo = (v == "nonneg" or v == "positive" or v == "nonzero") and 1 or -3
    if v == "nonneg" and self:chance(0.3) then return 0 end
    local n = self:int(lo, 3)
    if n == 0 and v == "nonzero" then n = 2 end
    return n
  end
  if opts.bool_scalar ~= false and not v and self:chance(0.05) then return self:chance(0.5) end
  local f = self:pick({ 0.5, 1.5, -1.25, 2.5, -0.75, 0.1, 3.0, -2.0, 1e-3 })
  if v and f <= 0 then f = -f end
  return f
end

-- a 1-based dim of an n-d value, sometimes negative
function G:dim(n)
  local d = self:int(1, n)
  if self:chance(0.3) then d = d - n - 1 end
  return d
end

-- nil, one dim or a table of distinct dims
function G:dims(n)
  if n == 0 or self:chance(0.2) then return util.NIL end
  if self:chance(0.5) then return self:dim(n) end
  local perm = {}
  for i = 1, n do perm[i] = i end
  for i = n, 2, -1 do local j = self:int(1, i); perm[i], perm[j] = perm[j], perm[i] end
  local k = self:int(1, n)
  local out = {}
  for i = 1, k do out[i] = self:chance(0.3) and perm[i] - n - 1 or perm[i] end
  return out
end

-- picks the operand an op applies to: the last value mostly, so programs are chains
function G:current()
  local last = #self.prog.steps
  if self:chance(0.75) and self.meta[last] then return self.meta[last] end
  local ids = {}
  for id in pairs(self.meta) do ids[#ids + 1] = id end
  table.sort(ids)
  return self.meta[self:pick(ids)]
end

-- one program: {steps = {...}, weights = flat data for the gradient check}
function gen.program(lt, catalogue, rng, opts)
  local g = setmetatable({ lt = lt, catalogue = catalogue, rng = rng, vals = {}, meta = {},
    prog = { steps = {} } }, G)
  g.main_dtype = g:weighted(DTYPE_WEIGHTS)
  g:input(g:shape(), g.main_dtype)
  local nops = g:int(1, opts.max_ops or 6)
  local done = 0
  for _ = 1, nops * 8 do
    if done >= nops then break end
    local x = g:current()
    local spec = catalogue.pick(g)
    local args = spec.gen(g, x)
    if args then
      local r = g:push({ kind = "op", op = spec.name, args = args })
      done = done + 1
      if not r then break end   -- luatensor raised: the comparison reports it
    end
  end
  exec.finish(g, g.prog)
  return g.prog
end

return gen
