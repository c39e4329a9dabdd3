-- Compares luatensor with the reference: dtype and shape exactly, NaN positions and infinities
-- exactly, integers and bools exactly, floats within a tolerance that depends on the dtype and
-- on the op's class (see README.md). Signed zeros compare equal.
local compare = {}

-- relative tolerance by dtype and op class; "accum" also allows that much of the result's
-- largest magnitude (sums, products, matmuls cancel)
compare.RTOL = {
  float64 = { exact = 0, round = 4.5e-16, approx = 1e-13, accum = 1e-11 },
  float32 = { exact = 0, round = 2.5e-7, approx = 2e-6, accum = 1e-5 },
}
compare.GRAD_RTOL = 1e-9   -- float64 gradients (the tape against torch.autograd), also scaled
-- programs with float32 values in the chain: torch recomputes those in float32 with its own
-- rounding, so their gradients agree only to float32 precision
compare.GRAD_RTOL_MIXED = 2e-5
compare.TINY = { float64 = 1e-300, float32 = 1e-37 }   -- below this, denormals: absolute

local function shape_str(s) return "(" .. table.concat(s, ", ") .. ")" end

-- nil when equal within tolerance, otherwise a message naming the first bad element and the
-- failure's class (what differs, the dtype and the tolerance: the shrinker keeps it)
-- opts: grad_rtol (a gradient), scale (a magnitude the error may be relative to, e.g. the
-- operands' for sums, the largest gradient of any value for gradients), singular (PyTorch's
-- backward carried an infinite derivative at a finite value, e.g. asin'(1): its masks turn
-- inf * 0 into NaN where luatensor's routing gives the 0 or the inf; a reference NaN is then
-- accepted, while a luatensor NaN against a finite reference is still a failure), loose (skip elements that are not finite: products of inf and 0 give
-- NaN or inf depending on the order of the sums)
function compare.desc(got, ref, tol_class, opts)
  opts = opts or {}
  local grad = opts.grad_rtol
  if got.dtype ~= ref.dtype then return ("dtype %s, expected %s"):format(got.dtype, ref.dtype), "dtype" end
  if #got.shape ~= #ref.shape then return ("shape %s, expected %s"):format(shape_str(got.shape), shape_str(ref.shape)), "shape" end
  for i = 1, #got.shape do
    if got.shape[i] ~= ref.shape[i] then return ("shape %s, expected %s"):format(shape_str(got.shape), shape_str(ref.shape)), "shape" end
  end
  local float = got.dtype == "float32" or got.dtype == "float64"
  local rtol, scale = 0, 0
  if float then
    rtol = grad or compare.RTOL[got.dtype][tol_class]
    -- gradients are of order of the weights (cancellations to ~0), or of the largest gradient
    -- of any value of the program (opts.scale), which the backward pass sums
    if grad then scale = math.max(1, opts.scale or 0) end
    if tol_class == "accum" then scale = opts.scale or 0 end
    if grad or tol_class == "accum" then
      for _, v in ipairs(ref.data) do
        if v == v and math.abs(v) ~= math.huge then scale = math.max(scale, math.abs(v)) end
      end
    end
  end
  for i = 1, #ref.data do
    local a, b = got.data[i], ref.data[i]
    local bad, why
    local finite = a == a and b == b and math.abs(a) ~= math.huge and math.abs(b) ~= math.huge
    if not float then bad = a ~= b
    elseif opts.loose and not finite then bad = false
    elseif opts.overflow_nan and b ~= b and math.abs(a) == math.huge then bad = false
    elseif opts.singular and b ~= b then bad = false
    elseif a ~= a or b ~= b then bad, why = (a == a) ~= (b == b), "nan"
    elseif math.abs(a) == math.huge or math.abs(b) == math.huge then bad, why = a ~= b, "inf"
    else
      local err = math.abs(a - b)
      bad = err > rtol * (math.abs(b) + scale) + compare.TINY[got.dtype]
    end
    if bad then
      local label = ("%s %s tolerance"):format(got.dtype, grad and ("gradient " .. rtol) or tol_class)
      return ("element %d (flat, 1-based) is %s, expected %s (%s)"):format(i,
        float and string.format("%.17g", a) or tostring(a), float and string.format("%.17g", b) or tostring(b),
        label), (why or "difference") .. ", " .. label
    end
  end
  if #got.data ~= #ref.data then return "element count differs", "count" end
  return nil
end

-- the first disagreement of one case: {kind, id, op, msg} or nil
function compare.case(prog, obs, ref, catalogue)
  if not ref then return { kind = "reference", msg = "no result from reference.py" } end
  if ref.fatal then return { kind = "reference", msg = "reference.py failed: " .. ref.fatal } end
  for _, s in ipairs(prog.steps) do
    if s.kind == "op" then
      local spec = catalogue.by_name[s.op]
      local lerr = obs.error and obs.error.id == s.id and obs.error.msg
      local rerr = ref.errors[s.id]
      if lerr and rerr then return nil end   -- both refuse (the generator should avoid this)
      if lerr then return { kind = "error", id = s.id, op = s.op, msg = "luatensor raised: " .. lerr } end
      if rerr then return { kind = "error", id = s.id, op = s.op, msg = "the reference raised: " .. rerr } end
      local m, class = compare.desc(obs.values[s.id], ref.values[s.id], spec.tol, compare.operand_scale(prog, obs, s, spec))
      if m then return { kind = "value", id = s.id, op = s.op, msg = m, class = class } end
    end
  end
  if prog.weights and not obs.error and not obs.grad_skip and not ref.grad_skip then
    if ref.grad_error then return { kind = "grad", msg = "torch.autograd failed: " .. ref.grad_error } end
    if obs.grad_error then return { kind = "grad", msg = obs.grad_error } end
    for id, g in pairs(obs.grads) do
      local r = ref.grads[id]
      local lz = g == "none" or (type(g) == "table" and compare.zeros(g))
      local rz = r == "none" or (type(r) == "table" and compare.zeros(r))
      if type(g) == "string" and g ~= "none" then return { kind = "grad", id = id, msg = "tape: " .. g, class = "tape error" } end
      if not (lz and rz) then
        if g == "none" or r == "none" then
          return { kind = "grad", id = id, class = "presence", msg = ("gradient of v%d: luatensor %s, torch %s"):format(id,
            g == "none" and "has none" or "has one", r == "none" and "has none" or "has one") }
        end
        local m, class = compare.desc(g, r, nil, { grad_rtol = obs.has_float32 and compare.GRAD_RTOL_MIXED or compare.GRAD_RTOL,
          scale = ref.grad_scale, singular = ref.grad_singular })
        if m then return { kind = "grad", id = id, msg = ("gradient of v%d: %s"):format(id, m), class = class } end
      end
    end
  end
  return nil
end

-- for ops that sum: the largest finite operand magnitude (logsumexp of [x, x] ~ 0 cancels x),
-- and whether an operand is not finite (then a matrix product's NaN-or-inf is order-dependent)
function compare.operand_scale(prog, obs, step, spec)
  -- float floor_divide whose quotient overflows: PyTorch's kernel gives NaN, luatensor +-inf
  if spec.overflow_nan then return { overflow_nan = true } end
  if spec.tol ~= "accum" then return nil end
  local scale, nonfinite = 0, false
  local function visit(a)
    if type(a) ~= "table" then return end
    if a.ref then
      local d = obs.values[a.ref]
      for _, v in ipairs(d and d.data or {}) do
        if v ~= v or math.abs(v) == math.huge then nonfinite = true else scale = math.max(scale, math.abs(v)) end
      end
    else
      for _, x in ipairs(a.list or a) do visit(x) end
    end
  end
  visit(step.args)
  return { scale = scale, loose = nonfinite and spec.family == "matmul" }
end

function compare.zeros(desc)
  for _, v in ipairs(desc.data) do if v ~= 0 then return false end end
  return true
end

-- failures with the same signature are the same bug, for the shrinker: the same kind, op and
-- class (NaN against a number, infinities, or a tolerance exceeded, in the same dtype and
-- tolerance class), so that a shrunk program does not drift to another difference
function compare.signature(f)
  return f.kind .. ":" .. (f.op or "") .. ":" .. (f.class or "")
end

return compare
