-- Element-wise ops: binary arithmetic with broadcasting and Lua numbers, comparisons, logical
-- ops, unary math, where/masked_fill/clamp/lerp and dtype conversions.
local util = require "util"

local FLOAT = { float32 = true, float64 = true }
local NOBOOL = { float32 = true, float64 = true, int32 = true, int64 = true, uint8 = true }

local ops = {}
local function def(spec)
  spec.family = spec.family or "pointwise"
  spec.call = spec.call or function(lt, ...) return lt[spec.fn or spec.name](...) end
  ops[#ops + 1] = spec
end

-- a binary op; `swap` sometimes puts the other operand (or the Lua number) first
local function binary(name, o)
  o = o or {}
  def({ name = name, tol = o.tol or "round", gen = function(g, x)
    if o.xdtypes and not o.xdtypes[x.dtype] then return nil end
    local y = g:operand(x, { scalar = o.scalar ~= false, dtypes = o.ydtypes, bool_scalar = o.bool_scalar })
    if not y then return nil end
    if o.check and not o.check(g, x, y) then return nil end
    if g:chance(0.3) then return { y, { ref = x.id } } end
    return { { ref = x.id }, y }
  end })
end

binary("add")
binary("mul")
binary("sub", { xdtypes = NOBOOL, ydtypes = NOBOOL, bool_scalar = false })
binary("div", { tol = "round" })
binary("maximum", { scalar = false })
binary("minimum", { scalar = false })
binary("atan2", { tol = "approx", scalar = false })
for _, c in ipairs({ "eq", "ne", "lt", "le", "gt", "ge" }) do binary(c, { tol = "exact" }) end
for _, c in ipairs({ "logical_and", "logical_or", "logical_xor" }) do binary(c, { tol = "exact", scalar = false }) end

-- pow: integer results need exponents >= 0 (negative ones are an error, as in PyTorch)
def({ name = "pow", tol = "approx", gen = function(g, x)
  if x.dtype == "bool" then return nil end
  if not FLOAT[x.dtype] then
    if g:chance(0.5) then return { { ref = x.id }, g:int(0, 3) } end
    return { { ref = x.id }, g:operand(x, { dtypes = { float32 = true, float64 = true }, scalar = true, float_scalar = true }) }
  end
  if g:chance(0.2) then return { g:scalar("float64", { values = "positive", float_scalar = true }), { ref = x.id } } end
  return { { ref = x.id }, g:operand(x, { scalar = true, dtypes = NOBOOL, values = g:chance(0.5) and "nonneg" or nil }) }
end })

-- remainder and floor_divide: integer divisors must be nonzero (zero is an error)
for _, name in ipairs({ "remainder", "floor_divide" }) do
  def({ name = name, tol = "round", overflow_nan = name == "floor_divide", gen = function(g, x)
    if x.dtype == "bool" then return nil end
    if FLOAT[x.dtype] and g:chance(0.6) then
      return { { ref = x.id }, g:operand(x, { scalar = true, dtypes = NOBOOL, bool_scalar = false }) }
    end
    if g:chance(0.5) then return { { ref = x.id }, g:scalar(x.dtype, { values = "nonzero", int_scalar = true }) } end
    return { { ref = x.id }, g:operand(x, { dtypes = { int32 = true, int64 = true }, values = "nonzero" }) }
  end })
end

local function unary(name, o)
  o = o or {}
  def({ name = name, tol = o.tol or "approx", kink_at_zero = o.kink, gen = function(g, x)
    if o.dtypes and not o.dtypes[x.dtype] then return nil end
    return { { ref = x.id } }
  end })
end

unary("neg", { tol = "exact", dtypes = NOBOOL })
unary("abs", { tol = "exact", dtypes = NOBOOL })
unary("sign", { tol = "exact", dtypes = NOBOOL })
unary("relu", { tol = "exact", dtypes = NOBOOL })
unary("square", { tol = "round", dtypes = NOBOOL })
for _, n in ipairs({ "floor", "ceil", "round", "trunc" }) do unary(n, { tol = "exact", dtypes = NOBOOL }) end
unary("logical_not", { tol = "exact" })
unary("sqrt", { tol = "round", kink = true })
for _, n in ipairs({ "rsqrt", "reciprocal", "exp", "exp2", "expm1", "log", "log2", "log1p", "sin", "cos",
  "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "sigmoid", "erf" }) do
  unary(n)
end
-- built from exp/erf with cancellation for negative inputs: compared like reductions
for _, n in ipairs({ "gelu", "silu", "softplus" }) do unary(n, { tol = "accum" }) end

def({ name = "where", tol = "round", gen = function(g, x)
  local a = g:operand(x, { scalar = true })
  local b = g:operand(x, { scalar = true })
  if type(a) ~= "table" and type(b) ~= "table" then return nil end
  return { { ref = x.id }, a, b }
end })

-- the mask must broadcast to t's shape without growing it
def({ name = "masked_fill", tol = "round", gen = function(g, x)
  local shape = g:broadcast_shape(x.shape)
  if #shape > #x.shape then return nil end
  local mask = g:input(shape, "bool")
  local v
  if x.dtype == "bool" then v = g:chance(0.5)
  elseif FLOAT[x.dtype] then v = g:pick({ 0.5, -2.25, 0.0, 1e10 })
  else v = g:int(-3, 9) end
  return { { ref = x.id }, mask, v }
end })

def({ name = "clamp", tol = "round", gen = function(g, x)
  if x.dtype == "bool" then return nil end
  local int = not FLOAT[x.dtype]
  local function bound() return int and g:int(-2, 4) or g:pick({ -1.5, -0.5, 0.0, 0.25, 1.0, 2.0 }) end
  local lo, hi = bound(), bound()
  local r = g.rng()
  if r < 0.2 then lo = util.NIL elseif r < 0.4 then hi = util.NIL end
  return { { ref = x.id }, lo, hi }
end })

def({ name = "lerp", tol = "accum", gen = function(g, x)
  if not FLOAT[x.dtype] then return nil end
  local e = g:operand(x, { dtypes = { [x.dtype] = true } })
  local w
  if g:chance(0.5) then w = g:pick({ 0.0, 0.25, 0.5, 0.75, 1.0, -0.5, 1.5 })
  else w = g:input(g:broadcast_shape(x.shape), x.dtype) end
  -- the result takes x's shape: end and weight must not grow it
  local sh = x.shape
  for _, a in ipairs({ e, w }) do
    if type(a) == "table" then
      local b = require("exec").broadcast(sh, g.meta[a.ref].shape)
      if not b or #b ~= #x.shape then return nil end
      for i = 1, #b do if b[i] ~= x.shape[i] then return nil end end
    end
  end
  return { { ref = x.id }, e, w }
end })

-- addcmul(input, t1, t2 [, value]) = input + value * t1 * t2 and addcdiv (t1 / t2): x is the
-- input mostly, sometimes t1 or t2; the three shapes must broadcast together. The result dtype is
-- promoted over the three tensors (value takes no part): bool is refused (PyTorch has no bool
-- kernel), and addcdiv refuses t1 and t2 both integer or bool, so it gets a float one of them.
-- An integer result takes only integral values (PyTorch truncates a float value, luatensor
-- refuses it), sometimes as a float (2.0); value is sometimes left out (1).
local FLOAT_VALUES = { 0.5, -0.7, 2.5, -2.0, 0.1, -1, 3, 0.0, 1e-3, -1.5 }
local INT_VALUES = { 2, -1, 3, -2, 0, 1, 2.0, -3.0 }

local function scale_value(g, float)
  if g:chance(0.15) then return util.NIL end
  return g:pick(float and FLOAT_VALUES or INT_VALUES)
end

-- the broadcast shape of the values args refer to, or nil
local function broadcast_all(g, args)
  local sh = {}
  for _, a in ipairs(args) do
    sh = require("exec").broadcast(sh, g.meta[a.ref].shape)
    if not sh then return nil end
  end
  return sh
end

for _, name in ipairs({ "addcmul", "addcdiv" }) do
  local div = name == "addcdiv"
  def({ name = name, tol = "round", gen = function(g, x)
    -- x is the input mostly, else t1 (or t2 for addcmul; addcdiv's t2 is drawn as the divisor)
    local xpos = 1
    if g:chance(0.3) then xpos = div and 2 or g:int(2, 3) end
    local args = { [xpos] = { ref = x.id } }
    for i = 1, 3 do
      if not args[i] then
        local o = {}
        if div and i == 3 then
          -- t1 and t2 not both integral; t2 nonzero half the time (a 0 gives inf or NaN)
          if not FLOAT[g.meta[args[2].ref].dtype] then o.dtypes = FLOAT end
          if g:chance(0.5) then o.values = "nonzero" end
        end
        args[i] = g:operand(x, o)
        if not args[i] then return nil end
      end
    end
    local sh = broadcast_all(g, args)
    if not sh or util.numel(sh) > 256 then return nil end
    local float, all_bool = false, true
    for _, a in ipairs(args) do
      local dt = g.meta[a.ref].dtype
      float = float or FLOAT[dt] or false
      all_bool = all_bool and dt == "bool"
    end
    if all_bool then return nil end   -- refused by both (no bool kernel in PyTorch)
    local v = scale_value(g, float)
    if v == util.NIL and g:chance(0.5) then return args end
    args[4] = v
    return args
  end })
end

-- add and sub with alpha: a + alpha * b, a - alpha * b (a Lua number on either side, as for the
-- binary ops); an integer or bool result takes only integral alphas; no sub of bool (refused)
for _, name in ipairs({ "add", "sub" }) do
  local nobool = name == "sub"
  def({ name = name .. "_alpha", lua_name = name, tol = "round", gen = function(g, x)
    if nobool and x.dtype == "bool" then return nil end
    local y = g:operand(x, { scalar = true, dtypes = nobool and NOBOOL or nil, bool_scalar = false })
    if not y then return nil end
    local float = FLOAT[x.dtype] or math.type(y) == "float"
      or type(y) == "table" and FLOAT[g.meta[y.ref].dtype] or false
    local alpha = g:pick(float and FLOAT_VALUES or INT_VALUES)
    if g:chance(0.3) then return { y, { ref = x.id }, alpha } end
    return { { ref = x.id }, y, alpha }
  end, call = function(lt, a, b, alpha) return lt[name](a, b, alpha) end })
end

-- conversions (float -> int truncates; out-of-range and NaN give the most negative value)
def({ name = "to", tol = "exact", gen = function(g, x)
  local dt = g:pick({ "float32", "float64", "int32", "int64", "uint8", "bool" })
  if FLOAT[x.dtype] and not FLOAT[dt] and dt ~= "bool" and g.no_special_casts then return nil end
  return { { ref = x.id }, dt }
end, call = function(lt, t, dt) return t:to(dt) end })

return ops
