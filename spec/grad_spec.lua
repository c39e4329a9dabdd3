-- lt.gradcheck on every differentiable op (issue 5): the tape's gradients against central
-- finite differences in float64, for
--   element-wise unary ops (4 layouts: float64, a strided transposed view, float32 input,
--   computed in float32), binary ops (same shape, broadcast operands, non-contiguous operands,
--   float32, mixed float32/float64, a Lua number on either side), where/clamp/masked_fill/lerp,
--   the reductions (briefly: spec/grad_reduce_spec.lua goes deep), views and indexing, the
--   matrix products with einsum and tensordot, joining and gathering, and second order.
--
-- Every case checks sum(f(inputs...) * W) for a fixed random W of f's output shape, not the
-- plain sum gradcheck takes: d sum(softmax(x)) / dx is 0, and a view's backward that put the
-- gradient in the wrong place would pass a plain sum of ones.
--
-- lt.gradcheck copies every input to a contiguous float64 tensor before it calls f, so a
-- layout or dtype to be tested is made inside f (x:t()[...], x:float()); the "float32 input"
-- cases only check that gradcheck takes float32 inputs (f then sees float64 copies). Cases computed in
-- float32 inside f use F32 below (a wider eps and tolerance: the function itself rounds to
-- float32, so differences over eps = 1e-6 would be rounding noise); all others use gradcheck's
-- defaults (eps 1e-6, atol 1e-5, rtol 1e-3).
--
-- Inputs are drawn inside each `it` after lt.manual_seed(SEED + case number), so each case is
-- deterministic whatever runs before it (busted --filter included). Inputs keep away from kinks,
-- ties and discontinuities (integers and half-integers for floor/round, zero for abs/sign,
-- floor(a/b) changes for remainder/floor_divide, a == b for maximum/minimum, ...).
--
-- GRADCHECK_REPORT=1 prints, at the end, the worst max_error per op and per group and the
-- ops covered.
local lt = require "luatensor"

local D, F = lt.float64, lt.float32
local SEED = 5005
-- Cases that compute in float32 inside f: float32 rounds each value to ~6e-8 relative, so
-- eps = 1e-6 would measure rounding; with eps = 1e-3 the rounding of x +- eps and of f's
-- result (<= 2.4 ulp, README) stays below ~3e-4 relative, truncation error ~1e-7.
local F32 = { eps = 1e-3, rtol = 1e-2, atol = 1e-3 }

-- ---- inputs -------------------------------------------------------------------------------

local function uniform(shape, lo, hi) return lt.rand(shape, D) * (hi - lo) + lo end
local function signs(shape) return lt.randint(0, 2, shape):to(D) * 2 - 1 end
-- |x| in [lo, hi], either sign
local function away(shape, lo, hi) return signs(shape) * uniform(shape, lo, hi) end
local function normal(shape) return lt.randn(shape, D) end
-- an integer in [-3, 2] plus a fraction in [0.1, 0.4] or [0.6, 0.9]: at least 0.1 from every
-- integer and half-integer (floor/ceil/trunc/round steps, abs/sign/relu at 0, clamp at +-0.5)
local function kinkfree(shape)
  return lt.randint(-3, 3, shape):to(D) + uniform(shape, 0.1, 0.4) + lt.randint(0, 2, shape):to(D) * 0.5
end
local function positive(shape) return uniform(shape, 0.5, 2.5) end
local function nonzero(shape) return away(shape, 0.3, 2.0) end
local function moderate(shape) return uniform(shape, -2, 2) end
local function wide(shape) return uniform(shape, -5, 5) end

local function idx(list) return lt.tensor(list, lt.int64) end

-- ---- the check and its record ----------------------------------------------------------------

local results = {}   -- one per case: group, name, ops, max_error, checked
local case_number = 0

-- f(...) * W, W drawn once (on the first call) with f's output shape
local function weighted(f)
  local W
  return function(...)
    local y = f(...)
    if W == nil then W = lt.randn(y.shape, D) end
    return y * W
  end
end

local function describe_failure(name, report)
  if report.input == nil then return name .. ": nothing was checked" end
  return string.format("%s: %d of %d gradient elements differ from finite differences; worst: input %d at "
    .. "{%s}: analytic %.10g, numeric %.10g (max_error %.3g)", name, report.failures, report.checked,
    report.input, table.concat(report.index, ", "), report.analytic, report.numeric, report.max_error)
end

-- an `it` running gradcheck on the function and inputs setup() returns (also opts)
local function case(group, name, ops, setup, checker)
  case_number = case_number + 1
  local seed = SEED + case_number
  it(name, function()
    lt.manual_seed(seed)
    local f, inputs, opts = setup()
    local ok, report = (checker or lt.gradcheck)(weighted(f), inputs, opts)
    results[#results + 1] = { group = group, name = name, ops = ops, max_error = report.max_error,
      checked = report.checked, ok = ok, loose = opts ~= nil }
    assert.is_true(report.checked > 0, name .. ": nothing was checked")
    assert.is_true(ok, describe_failure(name, report))
  end)
end

-- draw() until valid(...) accepts what it drew (inputs away from ties and discontinuities)
local function draw_until(draw, valid)
  for _ = 1, 500 do
    local r = table.pack(draw())
    if valid == nil or valid(table.unpack(r, 1, r.n)) then return table.unpack(r, 1, r.n) end
  end
  error("no valid inputs drawn in 500 attempts")
end

local function F64(t) return lt.is_tensor(t) and t:to(D) or t end

-- ---- 1. element-wise unary ops -------------------------------------------------------------

local UNARY = {
  { "neg", kinkfree }, { "abs", kinkfree }, { "sign", kinkfree }, { "relu", kinkfree },
  { "square", normal }, { "floor", kinkfree }, { "ceil", kinkfree }, { "trunc", kinkfree },
  { "round", kinkfree }, { "sqrt", positive }, { "rsqrt", positive }, { "reciprocal", nonzero },
  { "exp", moderate }, { "exp2", moderate }, { "expm1", moderate }, { "log", positive },
  { "log2", positive }, { "log1p", function(s) return uniform(s, -0.5, 2) end },
  { "sin", normal }, { "cos", normal }, { "tan", function(s) return uniform(s, -1.2, 1.2) end },
  { "asin", function(s) return uniform(s, -0.8, 0.8) end },
  { "acos", function(s) return uniform(s, -0.8, 0.8) end }, { "atan", normal },
  { "sinh", moderate }, { "cosh", moderate }, { "tanh", normal }, { "sigmoid", normal },
  { "erf", normal }, { "gelu", normal }, { "silu", normal }, { "softplus", normal },
}

-- rows 1, 3, 5 of a (6, 4) tensor, transposed: a (4, 3) view with strides (1, 8)
local function strided(x)
  local v = x:t()[{ {}, { 1, -1, 2 } }]
  assert(not v:is_contiguous(), "the strided view is contiguous")
  return v
end

local UNARY_LAYOUTS = {
  { "float64", function(gen) return gen({ 3, 4 }) end, function(op) return op end },
  { "strided view", function(gen) return gen({ 6, 4 }) end,
    function(op) return function(x) return op(strided(x)) end end },
  { "float32 input", function(gen) return gen({ 3, 4 }):float() end, function(op) return op end },
  { "computed in float32", function(gen) return gen({ 3, 4 }):float() end,
    function(op) return function(x) return op(x:float()) end end, F32 },
}

describe("gradcheck: unary", function()
  for _, u in ipairs(UNARY) do
    local name, gen = u[1], u[2]
    local op = lt[name]
    for _, layout in ipairs(UNARY_LAYOUTS) do
      case("unary", name .. " (" .. layout[1] .. ")", { name }, function()
        return layout[3](op), { layout[2](gen) }, layout[4]
      end)
    end
  end
  -- the method form and unary minus
  case("unary", "x:exp():neg() and -x (method and metamethod)", { "neg", "exp" }, function()
    return function(x) return -(x:exp():neg() * x) end, { normal({ 3, 4 }) }
  end)
end)

-- ---- 2. element-wise binary ops ------------------------------------------------------------

-- floor(a / b) does not change within 0.05 of a's or b's value
local function quotient_stable(a, b)
  local q = lt.div(F64(a), F64(b))
  local frac = q - lt.floor(q)
  return frac:amin():item() > 0.05 and frac:amax():item() < 0.95
end
-- no ties between a and b
local function apart(a, b) return lt.sub(F64(a), F64(b)):abs():amin():item() > 0.05 end

-- ga/gb: domains of the two operands; ok: valid operand pairs; L/R: Lua numbers used on the
-- left (op(L, x), x in b's domain) and on the right (op(x, R), x in a's domain); meta: the
-- metamethod of the op, used for the number forms
local BINARY = {
  { "add", ga = normal, gb = normal, L = 2, R = -1.5, meta = function(a, b) return a + b end },
  { "sub", ga = normal, gb = normal, L = 2, R = 0.5, meta = function(a, b) return a - b end },
  { "mul", ga = normal, gb = normal, L = 2.5, R = -3, meta = function(a, b) return a * b end },
  { "div", ga = normal, gb = nonzero, L = 3, R = -2.5, meta = function(a, b) return a / b end },
  { "pow", ga = positive, gb = moderate, L = 2, R = 2.5, meta = function(a, b) return a ^ b end },
  { "remainder", ga = wide, gb = nonzero, ok = quotient_stable, L = 5.3, R = -1.7,
    meta = function(a, b) return a % b end },
  { "floor_divide", ga = wide, gb = nonzero, ok = quotient_stable, L = -4.1, R = 1.3,
    meta = function(a, b) return a // b end },
  { "maximum", ga = normal, gb = normal, ok = apart, L = 0.3, R = -0.2 },
  { "minimum", ga = normal, gb = normal, ok = apart, L = -0.4, R = 0.1 },
  { "atan2", ga = nonzero, gb = normal, L = -1.5, R = -0.7 }, -- a ~= 0: off the branch cut
}

-- name, shapes of a and b, prep(a, b) -> the operands the op sees, opts
local BINARY_LAYOUTS = {
  { "same shape", { 3, 4 }, { 3, 4 } },
  { "broadcast (3,1) with (4)", { 3, 1 }, { 4 } },
  { "broadcast (2,3,4) with (3,1)", { 2, 3, 4 }, { 3, 1 } },
  { "broadcast (4) with (2,3,1)", { 4 }, { 2, 3, 1 } },
  { "non-contiguous operands", { 4, 3 }, { 3, 8 }, function(a, b)
    local va, vb = a:t(), b[{ {}, { 1, -1, 2 } }]
    assert(not va:is_contiguous() and not vb:is_contiguous())
    return va, vb
  end },
  { "float32 inputs", { 3, 4 }, { 3, 4 }, nil, nil, true },
  { "computed in float32, broadcast", { 3, 1 }, { 4 }, function(a, b) return a:float(), b:float() end, F32 },
  { "mixed float32 x float64", { 3, 1 }, { 4 }, function(a, b) return a:float(), b end, F32 },
  { "mixed float64 x float32", { 3, 4 }, { 3, 4 }, function(a, b) return a, b:float() end, F32 },
}

describe("gradcheck: binary", function()
  for _, b in ipairs(BINARY) do
    local name, op = b[1], lt[b[1]]
    for _, layout in ipairs(BINARY_LAYOUTS) do
      local lname, sa, sb, prep, opts, f32 = layout[1], layout[2], layout[3], layout[4], layout[5], layout[6]
      prep = prep or function(x, y) return x, y end
      case("binary", name .. " (" .. lname .. ")", { name }, function()
        local x, y = draw_until(function() return b.ga(sa), b.gb(sb) end,
          b.ok and function(x, y) return b.ok(prep(x, y)) end)
        if f32 then x, y = x:float(), y:float() end
        return function(p, q) return op(prep(p, q)) end, { x, y }, opts
      end)
    end
    -- a Lua number on either side: the metamethod when the op has one (2 - x), else lt.op(2, x)
    local form = b.meta or op
    local how = b.meta and "metamethod" or "lt." .. name
    case("binary", string.format("%s (number left: %s, %s)", name, tostring(b.L), how), { name }, function()
      local x = draw_until(function() return b.gb({ 3, 4 }) end,
        b.ok and function(t) return b.ok(b.L, t) end)
      return function(t) return form(b.L, t) end, { x }
    end)
    case("binary", string.format("%s (number right: %s, %s)", name, tostring(b.R), how), { name }, function()
      local x = draw_until(function() return b.ga({ 3, 4 }) end,
        b.ok and function(t) return b.ok(t, b.R) end)
      return function(t) return form(t, b.R) end, { x }
    end)
    -- the method form, both operands the same tensor (its two contributions accumulate)
    if not b.ok then
      case("binary", name .. " (x:" .. name .. "(x), one tensor twice)", { name }, function()
        return function(t) return t[name](t, t) end, { (name == "pow") and positive({ 3, 4 }) or nonzero({ 3, 4 }) }
      end)
    end
  end
end)

-- ---- 3. where, clamp, masked_fill, lerp ----------------------------------------------------

local SELECT = {
  { "where (same shape)", { "where" }, function()
    local cond = lt.rand(3, 4):gt(0.5)
    return function(a, b) return lt.where(cond, a, b) end, { normal({ 3, 4 }), normal({ 3, 4 }) }
  end },
  { "where (broadcast (3,1) and (4), float cond)", { "where" }, function()
    local cond = lt.rand(3, 4):gt(0.5):to(D)
    return function(a, b) return lt.where(cond, a, b) end, { normal({ 3, 1 }), normal({ 4 }) }
  end },
  { "where (number branch, strided view)", { "where" }, function()
    local cond = lt.rand(4, 3):gt(0.5)
    return function(a) return lt.where(cond, strided(a), 0.5) end, { normal({ 6, 4 }) }
  end },
  { "clamp (both number bounds)", { "clamp" }, function()
    return function(x) return lt.clamp(x, -0.5, 0.5) end, { kinkfree({ 3, 4 }) }
  end },
  { "clamp (min only)", { "clamp" }, function()
    return function(x) return x:clamp(-0.5) end, { kinkfree({ 3, 4 }) }
  end },
  { "clamp (max only)", { "clamp" }, function()
    return function(x) return lt.clamp(x, nil, 0.5) end, { kinkfree({ 3, 4 }) }
  end },
  { "clamp (tensor bounds, broadcast (4) and (3,1))", { "clamp" }, function()
    -- bounds within 0.02 of -+0.5: kinkfree values stay >= 0.08 away
    return function(x, lo, hi) return lt.clamp(x, lo, hi) end,
      { kinkfree({ 3, 4 }), uniform({ 4 }, -0.52, -0.48), uniform({ 3, 1 }, 0.48, 0.52) }
  end },
  { "clamp (float32 input, strided)", { "clamp" }, function()
    return function(x) return lt.clamp(strided(x), -0.5, 0.5) end, { kinkfree({ 6, 4 }):float() }
  end },
  { "masked_fill", { "masked_fill" }, function()
    local mask = lt.rand(3, 4):gt(0.5)
    return function(x) return lt.masked_fill(x, mask, 2.5) end, { normal({ 3, 4 }) }
  end },
  { "masked_fill (broadcast mask (3,1), strided)", { "masked_fill" }, function()
    local mask = lt.tensor({ { true }, { false }, { true }, { false } })
    return function(x) return strided(x):masked_fill(mask, -1) end, { normal({ 6, 4 }) }
  end },
  { "lerp (number weight 0.3)", { "lerp" }, function()
    return function(a, b) return lt.lerp(a, b, 0.3) end, { normal({ 3, 4 }), normal({ 3, 4 }) }
  end },
  { "lerp (number weight 0.8, broadcast)", { "lerp" }, function()
    return function(a, b) return a:lerp(b, 0.8) end, { normal({ 3, 1 }), normal({ 4 }) }
  end },
  { "lerp (tensor weight, all three)", { "lerp" }, function()
    return function(a, b, w) return lt.lerp(a, b, w) end,
      { normal({ 3, 4 }), normal({ 3, 4 }), uniform({ 3, 4 }, -0.2, 1.2) }
  end },
  { "lerp (tensor weight, broadcast (4), float32 inputs)", { "lerp" }, function()
    return function(a, b, w) return lt.lerp(a, b, w) end,
      { normal({ 3, 4 }):float(), normal({ 3, 1 }):float(), uniform({ 4 }, 0, 1):float() }
  end },
}

describe("gradcheck: where, clamp, masked_fill, lerp", function()
  for _, c in ipairs(SELECT) do case("select", c[1], c[2], c[3]) end
end)

-- ---- 4. reductions -------------------------------------------------------------------------

-- normal values whose absolute values are all distinct and nonzero (no ties for amax/amin/max/min,
-- norm inf, no kink for norm 1)
local function untied(shape)
  local n = 1
  for _, s in ipairs(shape) do n = n * s end
  local u = lt.rand(2 * n, D):totable()
  local v = {}
  for k = 1, n do v[k] = (0.2 + 0.1 * (k - 1) + 0.05 * u[k]) * (u[n + k] < 0.5 and -1 or 1) end
  for k = n, 2, -1 do -- Fisher-Yates, driven by the seeded generator
    local j = 1 + math.floor(lt.rand(1, D)[1] * k)
    v[k], v[j] = v[j], v[k]
  end
  return lt.tensor(v, D):view(shape)
end

local REDUCE = {
  { "sum", normal, { {}, { 2 }, { 1, true }, { { 1, 3 } } } },
  { "prod", function(s) return away(s, 0.5, 1.5) end, { {}, { 2 }, { 1, true } } },
  { "amax", untied, { {}, { 2 }, { 1, true }, { { 1, 3 } } } },
  { "amin", untied, { {}, { 2 }, { 1, true } } },
  { "max", untied, { {}, { 2 }, { 1, true } } },   -- with a dim: the values (first result)
  { "min", untied, { {}, { 2 }, { -1, true } } },
  { "mean", normal, { {}, { 2 }, { 1, true }, { { 1, 3 } } } },
  { "var", normal, { {}, { 2 }, { 1, false, true }, { false } } },
  { "std", normal, { {}, { 2 }, { 1, false, true }, { false } } },
  { "norm", untied, { {}, { 1 }, { 1, 2 }, { 2, 2, true }, { 3 }, { 3, 1, true }, { math.huge },
    { math.huge, 2, true }, { -math.huge, 1 }, { "fro" } } },
  { "logsumexp", normal, { {}, { 2 }, { 1, true }, { { 1, 3 } } } },
  { "softmax", normal, { { 1 }, { -1 } } },
  { "log_softmax", normal, { { 1 }, { -1 } } },
  { "cumsum", normal, { { 1 }, { 2 } } },
  { "cumprod", function(s) return away(s, 0.5, 1.5) end, { { 1 }, { 2 } } },
}

local function args_string(args)
  local parts = {}
  for i = 1, (args.n or #args) do
    local a = args[i]
    if type(a) == "table" then a = "{" .. table.concat(a, ",") .. "}" end
    parts[#parts + 1] = a == math.huge and "inf" or a == -math.huge and "-inf" or tostring(a)
  end
  return table.concat(parts, ", ")
end

describe("gradcheck: reductions", function()
  for _, r in ipairs(REDUCE) do
    local name, gen, arglists = r[1], r[2], r[3]
    for _, args in ipairs(arglists) do
      local needs3 = type(args[1]) == "table" -- a list of dims: a 3-d input
      case("reduce", string.format("%s(%s)", name, args_string(args)), { name }, function()
        local n = #args
        return function(x)
          local y = x[name](x, table.unpack(args, 1, n))
          return y
        end, { gen(needs3 and { 2, 3, 4 } or { 3, 4 }) }
      end)
    end
    -- a non-contiguous input, last variant
    local last = arglists[#arglists]
    if type(last[1]) ~= "table" then
      case("reduce", string.format("%s(%s) (strided view)", name, args_string(last)), { name }, function()
        return function(x)
          local v = strided(x)
          local y = v[name](v, table.unpack(last, 1, #last))
          return y
        end, { gen({ 6, 4 }) }
      end)
    end
  end
end)

-- ---- 5. views and indexing -----------------------------------------------------------------

local VIEWS = {
  { "view(2, 6)", { "view" }, { 3, 4 }, function(x) return x:view(2, 6) end },
  { "view(-1) and view_as", { "view", "view_as" }, { 3, 4 },
    function(x) return x:view(-1):view_as(lt.zeros(4, 3)) end },
  { "reshape(4, 3)", { "reshape" }, { 3, 4 }, function(x) return x:reshape(4, 3) end },
  { "reshape of a transposed view (a copy)", { "reshape", "t" }, { 3, 4 }, function(x)
    local v = x:t()
    assert(not v:is_contiguous())
    return v:reshape(2, 6)
  end },
  { "reshape_as of a strided view", { "reshape_as" }, { 6, 4 },
    function(x) return strided(x):reshape_as(lt.zeros(12)) end },
  { "transpose(1, 3)", { "transpose" }, { 2, 3, 4 }, function(x) return x:transpose(1, 3) end },
  { "t()", { "t" }, { 3, 4 }, function(x) return lt.t(x) end },
  { "permute(3, 1, 2)", { "permute" }, { 2, 3, 4 }, function(x) return x:permute(3, 1, 2) end },
  { "narrow(2, 2, 2)", { "narrow" }, { 3, 4 }, function(x) return x:narrow(2, 2, 2) end },
  { "select(1, 2) and select(-1, 3)", { "select" }, { 2, 3, 4 },
    function(x) return x:select(1, 2):select(-1, 3) end },
  { "t[{{1,3,2},{}}]", { "index" }, { 3, 4 }, function(x) return x[{ { 1, 3, 2 }, {} }] end },
  { "t[2]", { "index" }, { 3, 4 }, function(x) return x[2] end },
  { "t[{{}, {-1,1,-1}}] (reversed)", { "index" }, { 3, 4 }, function(x) return x[{ {}, { -1, 1, -1 } }] end },
  { "t[{2, {2,3}}] and t[{{2}}]", { "index" }, { 3, 4 },
    function(x) return lt.cat({ x[{ 2, { 2, 3 } }], x[{ { 2 } }]:view(-1) }) end },
  { "expand (3,1) -> (3,4)", { "expand" }, { 3, 1 }, function(x) return x:expand(3, 4) end },
  { "expand (4) -> (2,3,4) and expand_as", { "expand", "expand_as" }, { 4 },
    function(x) return x:expand(2, 3, 4) + x:expand_as(lt.zeros(3, 4)):sum(1) end },
  { "squeeze() and squeeze(2)", { "squeeze" }, { 3, 1, 4, 1 },
    function(x) return x:squeeze() + x:squeeze(2):squeeze(-1) end },
  { "unsqueeze(1) and unsqueeze(-1)", { "unsqueeze" }, { 3, 4 },
    function(x) return x:unsqueeze(1) * x:unsqueeze(-1):select(3, 1):unsqueeze(1) end },
  { "flatten() and flatten(2, 3)", { "flatten" }, { 2, 3, 4 },
    function(x) return x:flatten():view(2, 12) * x:flatten(2, 3) end },
  { "flatten of a transposed view (a copy)", { "flatten" }, { 2, 3, 4 },
    function(x) return x:transpose(1, 3):flatten() end },
  { "unfold(1, 3, 1) (overlapping windows)", { "unfold" }, { 6 }, function(x) return x:unfold(1, 3, 1) end },
  { "unfold(1, 2, 1) of a strided view", { "unfold" }, { 6, 4 }, function(x) return strided(x):unfold(1, 2, 1) end },
  { "contiguous of a transposed view", { "contiguous" }, { 3, 4 }, function(x)
    local c = x:t():contiguous()
    assert(c:is_contiguous())
    return c
  end },
  { "clone", { "clone" }, { 3, 4 }, function(x) return x:clone() * x end },
  { "to float32 and back (to, float, double)", { "to" }, { 3, 4 },
    function(x) return x:to(F):to(D) + x:float():double() + x:to(lt.zeros(1, F)) end, F32 },
  { "to float32 (float32 result)", { "to" }, { 3, 4 }, function(x) return x:to(lt.float32) end, F32 },
  { "a chain of views (transpose, narrow, step, unsqueeze, expand)", { "transpose", "narrow", "unsqueeze", "expand", "index" },
    { 4, 5 }, function(x)
      return x:transpose(1, 2):narrow(1, 2, 3)[{ {}, { 1, -1, 2 } }]:unsqueeze(1):expand(2, 3, 2) * 2
    end },
}

describe("gradcheck: views and indexing", function()
  for _, v in ipairs(VIEWS) do
    case("views", v[1], v[2], function() return v[4], { normal(v[3]) }, v[5] end)
  end
end)

-- ---- 6. matrix products --------------------------------------------------------------------

local LEFT = { { 4 }, { 3, 4 }, { 2, 3, 4 } }
local RIGHT = { { 4 }, { 4, 5 }, { 2, 4, 5 } }

local function shape_string(s) return "(" .. table.concat(s, ",") .. ")" end

local MATMUL = {}
for ra = 1, 3 do
  for rb = 1, 3 do
    MATMUL[#MATMUL + 1] = { "matmul " .. shape_string(LEFT[ra]) .. " x " .. shape_string(RIGHT[rb]), { "matmul" },
      function(a, b) return a:matmul(b) end, { LEFT[ra], RIGHT[rb] } }
  end
end
local function mm_case(name, ops, f, shapes, opts) MATMUL[#MATMUL + 1] = { name, ops, f, shapes, opts } end
mm_case("matmul (2,3,4) x (1,4,5) (broadcast batch)", { "matmul" }, function(a, b) return lt.matmul(a, b) end,
  { { 2, 3, 4 }, { 1, 4, 5 } })
mm_case("matmul (2,1,3,4) x (3,4,5) (broadcast batch, 4-d)", { "matmul" }, function(a, b) return lt.matmul(a, b) end,
  { { 2, 1, 3, 4 }, { 3, 4, 5 } })
mm_case("matmul (4) x (2,2,4,5) (vector with a batch)", { "matmul" }, function(a, b) return lt.matmul(a, b) end,
  { { 4 }, { 2, 2, 4, 5 } })
mm_case("matmul transposed operands", { "matmul" }, function(a, b) return a:t():matmul(b:t()) end,
  { { 4, 3 }, { 5, 4 } })
mm_case("matmul float32 inputs", { "matmul" }, function(a, b) return a:matmul(b) end, { { 2, 3, 4 }, { 4, 5 }, f32 = true })
mm_case("matmul computed in float32", { "matmul" }, function(a, b) return a:float():matmul(b:float()) end,
  { { 3, 4 }, { 2, 4, 5 } }, F32)
mm_case("mm", { "mm" }, function(a, b) return lt.mm(a, b) end, { { 3, 4 }, { 4, 5 } })
mm_case("mm (transposed and strided operands)", { "mm" }, function(a, b) return a:t():mm(strided(b)) end,
  { { 4, 3 }, { 6, 4 } })
mm_case("mv", { "mv" }, function(a, v) return lt.mv(a, v) end, { { 3, 4 }, { 4 } })
mm_case("mv (transposed matrix)", { "mv" }, function(a, v) return a:t():mv(v) end, { { 4, 3 }, { 4 } })
mm_case("dot", { "dot" }, function(a, b) return lt.dot(a, b) end, { { 5 }, { 5 } })
mm_case("dot (stepped slices)", { "dot" }, function(a, b) return a[{ { 1, -1, 2 } }]:dot(b[{ { -1, 1, -2 } }]) end,
  { { 9 }, { 9 } })
mm_case("bmm", { "bmm" }, function(a, b) return lt.bmm(a, b) end, { { 2, 3, 4 }, { 2, 4, 5 } })
mm_case("bmm (transposed batches)", { "bmm" }, function(a, b) return a:transpose(2, 3):bmm(b) end,
  { { 2, 4, 3 }, { 2, 4, 5 } })
mm_case("outer", { "outer" }, function(a, b) return lt.outer(a, b) end, { { 3 }, { 4 } })
mm_case("addmm (beta 1, alpha 1)", { "addmm" }, function(c, a, b) return lt.addmm(c, a, b) end,
  { { 3, 5 }, { 3, 4 }, { 4, 5 } })
mm_case("addmm (beta 0.5, alpha -2, input broadcast (5))", { "addmm" },
  function(c, a, b) return lt.addmm(c, a, b, 0.5, -2) end, { { 5 }, { 3, 4 }, { 4, 5 } })
mm_case("addmm (beta 0: input gets no gradient)", { "addmm" },
  function(c, a, b) return c:addmm(a, b, 0, 1.5) end, { { 3, 5 }, { 3, 4 }, { 4, 5 } })
mm_case("addmv (beta 0.7, alpha -1.3)", { "addmv" }, function(c, a, v) return lt.addmv(c, a, v, 0.7, -1.3) end,
  { { 3 }, { 3, 4 }, { 4 } })
mm_case("addmv (defaults, transposed matrix)", { "addmv" }, function(c, a, v) return c:addmv(a:t(), v) end,
  { { 3 }, { 4, 3 }, { 4 } })
mm_case("baddbmm (beta 0.5, alpha 1.5)", { "baddbmm" },
  function(c, a, b) return lt.baddbmm(c, a, b, 0.5, 1.5) end, { { 2, 3, 5 }, { 2, 3, 4 }, { 2, 4, 5 } })
mm_case("baddbmm (input broadcast (3,5))", { "baddbmm" }, function(c, a, b) return c:baddbmm(a, b) end,
  { { 3, 5 }, { 2, 3, 4 }, { 2, 4, 5 } })
for _, e in ipairs({
  { "ij,jk->ik", { { 3, 4 }, { 4, 5 } } },
  { "bij,bjk->bik", { { 2, 3, 4 }, { 2, 4, 5 } } },
  { "ii->i", { { 4, 4 } } },
  { "ii", { { 4, 4 } } },
  { "i,j->ij", { { 3 }, { 4 } } },
  { "...ij->...ji", { { 2, 3, 4 } } },
  { "ij,jk,kl->il", { { 3, 4 }, { 4, 5 }, { 5, 2 } } },
  { "ij,ij->", { { 3, 4 }, { 3, 4 } } },
  { "bij,jk", { { 2, 3, 4 }, { 4, 5 } } },
}) do
  mm_case("einsum '" .. e[1] .. "'", { "einsum" }, function(...) return lt.einsum(e[1], ...) end, e[2])
end
mm_case("einsum 'ij,jk->ik' (operand list, transposed operand)", { "einsum" },
  function(a, b) return lt.einsum("ij,jk->ik", { a:t(), b }) end, { { 4, 3 }, { 4, 5 } })
mm_case("tensordot (dims 1)", { "tensordot" }, function(a, b) return lt.tensordot(a, b, 1) end, { { 3, 4 }, { 4, 5 } })
mm_case("tensordot (dims 2, the default)", { "tensordot" }, function(a, b) return a:tensordot(b) end,
  { { 2, 3, 4 }, { 3, 4, 5 } })
mm_case("tensordot (explicit {{2,3},{2,1}})", { "tensordot" },
  function(a, b) return lt.tensordot(a, b, { { 2, 3 }, { 2, 1 } }) end, { { 2, 3, 4 }, { 4, 3, 5 } })
mm_case("tensordot (explicit {{-1},{1}}, dims 0)", { "tensordot" },
  function(a, b) return lt.tensordot(a, b, { { -1 }, { 1 } }) + lt.tensordot(a, b, 0):sum({ 2, 3 }) end,
  { { 3, 4 }, { 4, 5 } })

describe("gradcheck: matrix products", function()
  for _, m in ipairs(MATMUL) do
    case("matmul", m[1], m[2], function()
      local inputs = {}
      for i, s in ipairs(m[4]) do inputs[i] = m[4].f32 and normal(s):float() or normal(s) end
      return m[3], inputs, m[5]
    end)
  end
end)

-- ---- 7. joining and gathering --------------------------------------------------------------

local JOIN = {
  { "cat (dim 1, three tensors)", { "cat" }, function()
    return function(a, b, c) return lt.cat({ a, b, c }) end, { normal({ 2, 3 }), normal({ 1, 3 }), normal({ 3, 3 }) }
  end },
  { "cat (dim 2, a strided view)", { "cat" }, function()
    return function(a, b) return lt.cat({ strided(a), b }, 2) end, { normal({ 6, 4 }), normal({ 4, 2 }) }
  end },
  { "cat (the same tensor twice, mixed float32)", { "cat" }, function()
    return function(a) return lt.cat({ a, a:float() }, -1) end, { normal({ 3, 2 }) }, F32
  end },
  { "stack (dim 1)", { "stack" }, function()
    return function(a, b, c) return lt.stack({ a, b, c }) end, { normal({ 2, 3 }), normal({ 2, 3 }), normal({ 2, 3 }) }
  end },
  { "stack (dim 3, one past the last)", { "stack" }, function()
    return function(a, b) return lt.stack({ a, b:t() }, 3) end, { normal({ 2, 3 }), normal({ 3, 2 }) }
  end },
  { "index_select (dim 1, repeated indices)", { "index_select" }, function()
    return function(x) return x:index_select(1, idx({ 3, 1, 3, 2, 3 })) end, { normal({ 3, 4 }) }
  end },
  { "index_select (dim 2, negative and repeated, strided)", { "index_select" }, function()
    return function(x) return lt.index_select(strided(x), 2, idx({ -1, 1, -1 })) end, { normal({ 6, 4 }) }
  end },
  { "index_select (0-d index, int32)", { "index_select" }, function()
    return function(x) return x:index_select(2, lt.tensor(2, lt.int32)) end, { normal({ 3, 4 }) }
  end },
  { "gather (dim 2, repeats)", { "gather" }, function()
    return function(x) return x:gather(2, idx({ { 1, 1, 4 }, { 2, 3, 2 }, { 4, 4, 4 } })) end, { normal({ 3, 4 }) }
  end },
  { "gather (dim 1, int32 index)", { "gather" }, function()
    return function(x) return lt.gather(x, 1, lt.tensor({ { 3, 1, 2, 3 }, { 3, 3, 1, 1 } }, lt.int32)) end,
      { normal({ 3, 4 }) }
  end },
  { "scatter_add (dim 1, repeats: self and src)", { "scatter_add" }, function()
    return function(s, src) return s:scatter_add(1, idx({ { 1, 3, 3, 1 }, { 1, 2, 3, 1 } }), src) end,
      { normal({ 3, 4 }), normal({ 2, 4 }) }
  end },
  { "scatter_add (dim 2)", { "scatter_add" }, function()
    return function(s, src) return lt.scatter_add(s, 2, idx({ { 2, 2 }, { 4, 1 }, { 3, 3 } }), src) end,
      { normal({ 3, 4 }), normal({ 3, 2 }) }
  end },
  { "index_add (dim 1, repeats: self and src)", { "index_add" }, function()
    return function(s, src) return s:index_add(1, idx({ 1, 3, 1 }), src) end, { normal({ 5, 3 }), normal({ 3, 3 }) }
  end },
  { "index_add (dim 2, strided self)", { "index_add" }, function()
    return function(s, src) return lt.index_add(strided(s), 2, idx({ 3, 3, 1, 2 }), src) end,
      { normal({ 6, 4 }), normal({ 4, 4 }) }
  end },
}

describe("gradcheck: joining and gathering", function()
  for _, j in ipairs(JOIN) do case("join", j[1], j[2], j[3]) end
end)

-- ---- 8. second order ------------------------------------------------------------------------

-- gradcheck's own algorithm, but the finite differences run with recording on (gradcheck
-- evaluates them under lt.no_grad, and a tape made inside no_grad records nothing: lt.grad
-- then returns zeros, see the report). Same tolerances as gradcheck's defaults.
local function recording_gradcheck(f, inputs)
  local xs = {}
  for i, t in ipairs(inputs) do xs[i] = lt.tensor(t):to(D) end
  local argnums = {}
  for i = 1, #xs do argnums[i] = i end
  local grads = lt.grad(f, argnums)(table.unpack(xs))
  local eps, atol, rtol = 1e-6, 1e-5, 1e-3
  local report = { max_error = 0, failures = 0, checked = 0 }
  for i, x in ipairs(xs) do
    local flat, ga = x:view(-1), grads[i]:reshape(-1)
    for k = 1, flat:numel() do
      local v = flat[k]
      flat[k] = v + eps
      local plus = f(table.unpack(xs)):sum():item()
      flat[k] = v - eps
      local minus = f(table.unpack(xs)):sum():item()
      flat[k] = v
      local numeric, analytic = (plus - minus) / (2 * eps), ga[k]
      local diff = math.abs(analytic - numeric)
      local err = diff ~= diff and math.huge or diff / math.max(1, math.abs(numeric))
      report.checked = report.checked + 1
      if not (diff <= atol + rtol * math.abs(numeric)) then report.failures = report.failures + 1 end
      if err > report.max_error or report.input == nil then
        report.max_error, report.input, report.index = err, i, { k }
        report.analytic, report.numeric = analytic, numeric
      end
    end
  end
  return report.failures == 0, report
end

local SECOND = {
  { "tanh(A:matmul(x))", function()
    local A = normal({ 3, 4 })
    return function(x) return lt.tanh(A:matmul(x)):sum() end, { normal({ 4 }) }
  end },
  { "softmax(x) * w", function()
    local w = normal({ 2, 5 })
    return function(x) return (lt.softmax(x, 2) * w):sum() end, { normal({ 2, 5 }) }
  end },
}

describe("gradcheck: second order (gradcheck of lt.grad(f))", function()
  for _, s in ipairs(SECOND) do
    local function setup()
      local f, inputs = s[2]()
      return lt.grad(f), inputs
    end
    case("second", "lt.gradcheck(lt.grad(f)), f = sum(" .. s[1] .. ")", { "second order" }, setup)
    case("second", "lt.grad(f) against finite differences taken while recording, f = sum(" .. s[1] .. ")",
      { "second order" }, setup, recording_gradcheck)
  end
end)

-- ---- the report ------------------------------------------------------------------------------

describe("gradcheck report", function()
  teardown(function()
    if os.getenv("GRADCHECK_REPORT") ~= "1" then return end
    local per_op, op_order, per_group, group_order = {}, {}, {}, {}
    local worst
    for _, r in ipairs(results) do
      for _, op in ipairs(r.ops) do
        local e = per_op[op]
        if not e then
          e = { max = -1, cases = 0 }
          per_op[op] = e
          op_order[#op_order + 1] = op
        end
        e.cases = e.cases + 1
        if r.max_error > e.max then e.max, e.where = r.max_error, r.name end
      end
      local g = per_group[r.group]
      if not g then
        g = { max = -1, cases = 0 }
        per_group[r.group] = g
        group_order[#group_order + 1] = r.group
      end
      g.cases = g.cases + 1
      if r.max_error > g.max then g.max, g.where = r.max_error, r.name end
      if worst == nil or r.max_error > worst.max_error then worst = r end
    end
    local out = {}
    out[#out + 1] = string.format("\n%-14s %6s  %-10s  %s", "op", "cases", "max_error", "worst case")
    for _, op in ipairs(op_order) do
      local e = per_op[op]
      out[#out + 1] = string.format("%-14s %6d  %-10.3g  %s", op, e.cases, e.max, e.where)
    end
    out[#out + 1] = string.format("\n%-14s %6s  %-10s  %s", "group", "cases", "max_error", "worst case")
    for _, name in ipairs(group_order) do
      local g = per_group[name]
      out[#out + 1] = string.format("%-14s %6d  %-10.3g  %s", name, g.cases, g.max, g.where)
    end
    local ops = {}
    for _, op in ipairs(op_order) do if op ~= "second order" then ops[#ops + 1] = op end end
    out[#out + 1] = string.format("\n%d ops covered: %s", #ops, table.concat(ops, " "))
    out[#out + 1] = string.format("%d gradchecks; worst max_error %.3g (%s)", #results,
      worst and worst.max_error or 0, worst and worst.name or "-")
    -- the worst among the cases that pass, at gradcheck's defaults and with F32
    for _, loose in ipairs({ false, true }) do
      local w
      for _, r in ipairs(results) do
        if r.ok and r.loose == loose and (w == nil or r.max_error > w.max_error) then w = r end
      end
      if w then
        out[#out + 1] = string.format("worst passing, %s: %.3g (%s)",
          loose and "computed in float32 (eps 1e-3, rtol 1e-2, atol 1e-3)" or "default tolerances",
          w.max_error, w.name)
      end
    end
    local failed = {}
    for _, r in ipairs(results) do if not r.ok then failed[#failed + 1] = r.name end end
    out[#out + 1] = string.format("%d failed%s%s", #failed, #failed > 0 and ": " or "", table.concat(failed, "; "))
    print(table.concat(out, "\n"))
  end)
  it("collects the results of the cases above", function() assert.is_true(#results > 0) end)
end)

-- Found by the differential tester (test/diff): the backward rules of atan2 and pow computed
-- a^2 + b^2, b - 1 and log(a) in a float32 operand's dtype when the result was float64.
describe("gradients of mixed float32/float64 operands are computed in float64", function()
  it("atan2(float32 a, float64 b): d/db = -a / (a^2 + b^2) in float64", function()
    local a32 = lt.tensor({0.8577}, "float32")
    local b = lt.tensor({-2.0429526227662733}, "float64")
    local tape = lt.tape()
    tape:watch(b)
    local g = tape:gradient(lt.atan2(a32, b), b)
    local a = a32:double():item()
    assert.are.equal(-a / (a * a + b:item() * b:item()), g:item())
  end)
  it("pow(int64 a, float64 b): d/db = a^b log(a) with log(a) in float64", function()
    local a = lt.tensor({9223372036854775807}, "int64")
    local b = lt.tensor({0.95529507666711488}, "float64")
    local tape = lt.tape()
    tape:watch(b)
    local y = lt.pow(a, b)
    local g = tape:gradient(y, b)
    local af = 9223372036854775807 + 0.0
    local expect = y:item() * math.log(af)
    assert.is_true(math.abs(g:item() - expect) <= 1e-15 * math.abs(expect))
  end)
  it("pow(float64 a, float32 b): d/da = b a^(b - 1) with b - 1 in float64", function()
    local a = lt.tensor({1.5}, "float64")
    local b32 = lt.tensor({1e-9}, "float32")
    local tape = lt.tape()
    tape:watch(a)
    local g = tape:gradient(lt.pow(a, b32), a)
    local bf = b32:double():item()
    assert.are.equal(bf * 1.5 ^ (bf - 1), g:item())
  end)
end)

-- Found by the differential tester (test/diff): softmax rounding to exactly 1 sent an infinite
-- gradient (acos' at 1) back into pow(x, 0), which turned it into NaN. As in PyTorch, the
-- gradient of a where b == 0 is 0 whatever arrives; that of b is masked before the product.
describe("pow gradient where the exponent is 0", function()
  it("is 0 for the base even when inf or NaN arrives", function()
    local x = lt.variable(lt.tensor({ 0.5, 2, 0 }, "float64"))
    local tape = lt.tape()
    local g = tape:gradient(lt.sqrt(lt.pow(x, 0) - 1):sum(), x) -- sqrt'(0) = inf arrives
    assert.are.same({ 0, 0, 0 }, g:totable())
  end)
  it("still carries inf times 0 into the exponent's gradient at a == 0 (NaN, as PyTorch)", function()
    local a = lt.variable(lt.tensor({ 0, 3 }, "float64"))
    local b = lt.variable(lt.tensor({ 2, 2 }, "float64"))
    local tape = lt.tape()
    local g = tape:gradient(lt.sqrt(lt.pow(a, b)):sum(), { a, b })
    local ga, gb = g[1]:totable(), g[2]:totable()
    assert.is_true(ga[1] ~= ga[1] and gb[1] ~= gb[1], "NaN at a = 0")
    assert.are.equal(1, ga[2])
    assert.is_true(math.abs(gb[2] - 0.5 * 3 * math.log(3)) < 1e-12)
  end)
end)

-- Found by the differential tester (test/diff): einsum summed out a label of a float32 operand
-- in float32 before the product with a float64 one ("ab,->a": the rows of a float32 matrix
-- summed in float32, then times a float64 scalar), so a float64 result, and the gradient of the
-- float64 operand (which goes through those sums), had only float32's precision. Operands are
-- now converted to the result dtype before anything is summed.
describe("einsum of mixed float32/float64 operands sums in float64", function()
  local rows = { { -0.049894589930772781, -0.65230906009674072 }, { 2.6284542083740234, 1.0077648162841797 } }
  local s = -0.030741595674170341
  it("value and the float64 operand's gradient", function()
    local a32 = lt.tensor(rows, "float32")
    local b = lt.variable(lt.tensor(s, "float64"))
    local tape = lt.tape()
    local y = lt.einsum("ab,->a", a32, b)
    local g = tape:gradient(y, b, lt.tensor({ 1.5, -0.5 }, "float64"))
    assert.are.equal("float64", y:type())
    local r1 = rows[1][1] + rows[1][2]   -- exact float64 sums of the float32 entries
    local r2 = rows[2][1] + rows[2][2]
    assert.are.same({ r1 * s, r2 * s }, y:totable())
    assert.are.equal(1.5 * r1 - 0.5 * r2, g:item())
    -- in float32 the first row sums to -0.70220363140106201 (y[1] off by 2.7e-8 relative)
    assert.are_not.equal(r1, lt.tensor(rows, "float32"):sum(2):totable()[1])
  end)
end)

-- ---- fused ops: addcmul, addcdiv, add/sub with alpha ------------------------------------------
-- Each is one tape entry whose backward rule (src/ops_fused.c) is checked here against finite
-- differences in the layouts the binary ops are checked in: same shape, broadcast over all three
-- operands, strided views, a 0-d operand, float32 inputs, computed in float32, a float32
-- constant among float64 operands, a Lua number operand, and second order.
local FUSED = {
  { "addcmul (same shape, value 1)", { "addcmul" }, function()
    return function(x, a, b) return lt.addcmul(x, a, b) end, { normal({ 3, 4 }), normal({ 3, 4 }), normal({ 3, 4 }) }
  end },
  { "addcmul (value -0.7, broadcast (3,1), (4), (2,1,1))", { "addcmul" }, function()
    return function(x, a, b) return lt.addcmul(x, a, b, -0.7) end, { normal({ 3, 1 }), normal({ 4 }), normal({ 2, 1, 1 }) }
  end },
  { "addcmul (strided views, method form, value 2.5)", { "addcmul" }, function()
    return function(x, a, b) return strided(x):addcmul(a, strided(b), 2.5) end,
      { normal({ 6, 4 }), normal({ 4, 3 }), normal({ 6, 4 }) }
  end },
  { "addcmul (0-d t2, one tensor twice)", { "addcmul" }, function()
    return function(x, s) return lt.addcmul(x, x, s, 0.5) end, { normal({ 3, 4 }), normal({}) }
  end },
  { "addcmul (float32 inputs)", { "addcmul" }, function()
    return function(x, a, b) return lt.addcmul(x, a, b, 3) end,
      { normal({ 3, 4 }):float(), normal({ 3, 4 }):float(), normal({ 4 }):float() }
  end },
  { "addcmul (computed in float32)", { "addcmul" }, function()
    return function(x, a, b) return lt.addcmul(x:float(), a:float(), b:float(), 0.3) end,
      { normal({ 3, 4 }), normal({ 3, 4 }), normal({ 3, 4 }) }, F32
  end },
  { "addcmul (a float32 constant t1 among float64 operands)", { "addcmul" }, function()
    local c = normal({ 3, 4 }):float()
    return function(x, b) return lt.addcmul(x, c, b, 1.5) end, { normal({ 3, 4 }), normal({ 4 }) }
  end },
  { "addcdiv (same shape, value 1)", { "addcdiv" }, function()
    return function(x, a, b) return lt.addcdiv(x, a, b) end, { normal({ 3, 4 }), normal({ 3, 4 }), nonzero({ 3, 4 }) }
  end },
  { "addcdiv (value -0.7, broadcast (3,1), (4), (2,1,1))", { "addcdiv" }, function()
    return function(x, a, b) return lt.addcdiv(x, a, b, -0.7) end, { normal({ 3, 1 }), normal({ 4 }), nonzero({ 2, 1, 1 }) }
  end },
  { "addcdiv (strided views, method form, value 2.5)", { "addcdiv" }, function()
    return function(x, a, b) return strided(x):addcdiv(strided(a), b, 2.5) end,
      { normal({ 6, 4 }), normal({ 6, 4 }), nonzero({ 4, 3 }) }
  end },
  { "addcdiv (0-d t2; t1 and input the same tensor)", { "addcdiv" }, function()
    return function(x, s) return lt.addcdiv(x, x, s, 0.5) end, { normal({ 3, 4 }), nonzero({}) }
  end },
  { "addcdiv (t2 = t1 * t1 + 1: both paths into one tensor)", { "addcdiv" }, function()
    return function(x, a) return lt.addcdiv(x, a, a * a + 1, -2) end, { normal({ 3, 4 }), normal({ 3, 4 }) }
  end },
  { "addcdiv (float32 inputs)", { "addcdiv" }, function()
    return function(x, a, b) return lt.addcdiv(x, a, b, 3) end,
      { normal({ 3, 4 }):float(), normal({ 3, 4 }):float(), nonzero({ 4 }):float() }
  end },
  { "addcdiv (computed in float32)", { "addcdiv" }, function()
    return function(x, a, b) return lt.addcdiv(x:float(), a:float(), b:float(), 0.3) end,
      { normal({ 3, 4 }), normal({ 3, 4 }), nonzero({ 3, 4 }) }, F32
  end },
  { "addcdiv (a float32 constant t2 among float64 operands)", { "addcdiv" }, function()
    local c = nonzero({ 4 }):float()
    return function(x, a) return lt.addcdiv(x, a, c, 1.5) end, { normal({ 3, 4 }), normal({ 3, 4 }) }
  end },
  { "add (alpha 2.5, broadcast (4))", { "add" }, function()
    return function(a, b) return lt.add(a, b, 2.5) end, { normal({ 3, 4 }), normal({ 4 }) }
  end },
  { "sub (alpha -0.5, strided view, method form)", { "sub" }, function()
    return function(a, b) return strided(a):sub(b, -0.5) end, { normal({ 6, 4 }), normal({ 4, 3 }) }
  end },
  { "sub (alpha 3, the same tensor twice)", { "sub" }, function()
    return function(a) return lt.sub(a, a, 3) end, { normal({ 3, 4 }) }
  end },
  { "add (alpha 3, a Lua number on the left)", { "add" }, function()
    return function(b) return lt.add(2, b, 3) end, { normal({ 3, 4 }) }
  end },
  { "sub (alpha 0.3, a Lua number on the right)", { "sub" }, function()
    return function(a) return lt.sub(a, 2, 0.3) end, { normal({ 3, 4 }) }
  end },
  { "add (alpha -1.5, computed in float32)", { "add" }, function()
    return function(a, b) return lt.add(a:float(), b:float(), -1.5) end, { normal({ 3, 4 }), normal({ 3, 1 }) }, F32
  end },
}

describe("gradcheck: fused ops (addcmul, addcdiv, add/sub with alpha)", function()
  for _, c in ipairs(FUSED) do case("fused", c[1], c[2], c[3]) end

  for _, s in ipairs({
    { "addcdiv(x, x, x * x + 1, 0.5)", function(x) return lt.addcdiv(x, x, x * x + 1, 0.5):sum() end },
    { "addcmul(x, x, x, -2) + sub(x, x * x, 3)", function(x) return (lt.addcmul(x, x, x, -2) + lt.sub(x, x * x, 3)):sum() end },
  }) do
    case("second", "lt.grad(f) against finite differences taken while recording, f = sum(" .. s[1] .. ")",
      { "second order" }, function() return lt.grad(s[2]), { normal({ 5 }) } end, recording_gradcheck)
  end

  it("records one tape entry per op, named as the op", function()
    local x, a, b = lt.variable(lt.randn(3)), lt.variable(lt.randn(3)), lt.variable(lt.rand(3) + 1)
    for _, c in ipairs({ { "addcmul", function() return lt.addcmul(x, a, b, 2) end },
                         { "addcdiv", function() return x:addcdiv(a, b) end },
                         { "add", function() return lt.add(x, a, 2) end },
                         { "sub", function() return lt.sub(x, a, 2) end } }) do
      local tape <close> = lt.tape()
      c[2]()
      assert.are.equal(1, #tape, c[1])
      local _, e = tape:ops()(tape, 0)
      assert.are.equal(c[1], e.name)
      assert.are.equal((c[1] == "add" or c[1] == "sub") and 2 or 3, #e.inputs)
    end
  end)

  it("the in-place forms refuse to overwrite what a tape records", function()
    local x = lt.variable(lt.randn(3))
    local tape = lt.tape()
    local y = x * 2
    assert.has_error(function() y:addcmul_(x, x) end,
      "addcmul_: cannot write into an existing tensor (out argument or in-place form) while a tape records its operands; use the form that returns a new tensor")
    assert.has_error(function() y:add_(x, 2) end,
      "add_: cannot write into an existing tensor (out argument or in-place form) while a tape records its operands; use the form that returns a new tensor")
    assert.is_not_nil(tape)
  end)
end)
