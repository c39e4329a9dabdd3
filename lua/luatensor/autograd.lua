--- luatensor.autograd: the functional forms of the gradient tape, in pure Lua on top of
-- lt.tape (torch-autograd / JAX style). luatensor's init.lua copies these functions into the
-- module table: lt.grad, lt.value_and_grad, lt.jacobian, lt.hessian, lt.gradcheck.
--
-- Every function here records on a tape of its own, so they nest: lt.grad(lt.grad(f)) gives
-- second derivatives, and lt.hessian is the jacobian of lt.grad(f) (the inner backward pass is
-- recorded on the outer tape). Tapes are stopped when f returns or raises (lt.tape's function
-- form), so an error in f leaves nothing recording.
local lt = require "luatensor.core"

local M = {}

local is_tensor, tape_of, no_grad = lt.is_tensor, lt.tape, lt.no_grad
local pack, unpack = table.pack, table.unpack
local fmt, abs, max = string.format, math.abs, math.max

local ZERO = { unconnected = "zero" }
local HERE = debug.getinfo(1, "S").short_src

-- Raises the core's error message err at level (counted from the caller of reraise): pointing
-- at the user's code, not at this file.
local function reraise(err, level)
  if type(err) ~= "string" then error(err, 0) end
  if err:sub(1, #HERE + 1) == HERE .. ":" then err = err:match("^:%d+: (.*)$", #HERE + 1) or err end
  error(err, level + 1)
end

-- tape:gradient(y, srcs, output_gradient, ZERO), freeing the tape on an error (errors re-raised
-- at level, counted from the caller)
local function gradient(tape, y, srcs, og, level)
  local ok, g = pcall(tape.gradient, tape, y, srcs, og, ZERO)
  if not ok then
    tape:free()
    reraise(g, level + 1)
  end
  return g
end

local FLOAT = { float32 = true, float64 = true }

-- t's dtype, or nil for a freed tensor
local function dtype_of(t)
  local ok, dtype = pcall(function() return t.dtype end)
  if ok then return dtype end
end

local function describe(v)
  if is_tensor(v) then
    local dtype = dtype_of(v)
    return dtype and dtype .. " tensor" or "freed tensor"
  end
  return type(v)
end

-- nil when t is a live float tensor, else what it is instead ("int64", "freed tensor", "number" ...)
local function not_float(t)
  if not is_tensor(t) then return type(t) end
  local dtype = dtype_of(t)
  if dtype == nil then return "freed tensor" end
  if not FLOAT[dtype] then return dtype end
end

local function check_fn(who, f)
  if type(f) == "function" then return end
  local mt = getmetatable(f)
  if type(mt) == "table" and mt.__call ~= nil then return end
  error(fmt("%s: expected a function, got %s", who, describe(f)), 3)
end

-- argnums: nil (1), a positive integer, or a non-empty list of them -> list, single
local function check_argnums(who, argnums)
  if argnums == nil then return { 1 }, true end
  if math.type(argnums) == "integer" and argnums >= 1 then return { argnums }, true end
  if type(argnums) == "table" and not is_tensor(argnums) and #argnums > 0 then
    local list = {}
    for i = 1, #argnums do
      local k = argnums[i]
      if math.type(k) ~= "integer" or k < 1 then
        error(fmt("%s: argnums[%d] must be a positive integer, got %s", who, i, tostring(k)), 3)
      end
      list[i] = k
    end
    return list, false
  end
  error(fmt("%s: argnums must be a positive integer or a non-empty list of them, got %s", who,
    describe(argnums)), 3)
end

-- the tensors at the positions argnums of args, checked
local function sources_of(who, args, argnums)
  local srcs = {}
  for i, k in ipairs(argnums) do
    local t = args[k]
    if not is_tensor(t) then
      error(fmt("%s: argument %d must be a tensor to differentiate with respect to it, got %s", who, k,
        describe(t)), 4)
    end
    local bad = not_float(t)
    if bad then
      error(fmt("%s: argument %d must be a floating point tensor to differentiate with respect to it, got %s",
        who, k, bad), 4)
    end
    srcs[i] = t
  end
  return srcs
end

local function check_result(who, y)
  if not is_tensor(y) then
    error(fmt("%s: the function must return a tensor, got %s", who, describe(y)), 4)
  end
  return y
end

-- value, grads of f(args) with respect to args[argnums]. Errors are raised at level 4: the caller
-- of the function grad/value_and_grad returned (which must not tail-call run).
local function run(who, f, args, argnums, single)
  local srcs = sources_of(who, args, argnums)
  local tape, y = tape_of(function(tape)
    tape:watch(srcs)
    return f(unpack(args, 1, args.n))
  end)
  check_result(who, y)
  local grads = gradient(tape, y, srcs, nil, 3)
  tape:free()
  if single then return y, grads[1] end
  return y, grads
end

-- the function grad(f, argnums) returns, its errors named after who
local function make_grad(who, f, nums, single)
  return function(...)
    local _, g = run(who, f, pack(...), nums, single)
    return g
  end
end

--- grad(f [, argnums]) -> function(...) -> gradient(s)
-- The gradient of f's (first) result, summed if it is not a scalar, with respect to the
-- arguments at argnums (default 1): one tensor for a number, a list (with .n) for a list.
-- Arguments f does not depend on get zeros.
function M.grad(f, argnums)
  check_fn("grad", f)
  local nums, single = check_argnums("grad", argnums)
  return make_grad("grad", f, nums, single)
end

--- value_and_grad(f [, argnums]) -> function(...) -> value, gradient(s)
-- As grad, and also f's first result itself (as f returned it: not summed).
function M.value_and_grad(f, argnums)
  check_fn("value_and_grad", f)
  local nums, single = check_argnums("value_and_grad", argnums)
  return function(...)
    local y, g = run("value_and_grad", f, pack(...), nums, single)
    return y, g
  end
end

local function numel(shape)
  local n = 1
  for _, s in ipairs(shape) do n = n * s end
  return n
end

local function concat_shapes(a, b)
  local s = {}
  for _, v in ipairs(a) do s[#s + 1] = v end
  for _, v in ipairs(b) do s[#s + 1] = v end
  return s
end

-- one-hot tensor of y's shape and dtype with a 1 at flat (1-based) index j
local function one_hot(y, j)
  local e = lt.zeros(y.shape, y.dtype)
  e:view(-1)[j] = 1
  return e
end

-- J (m, n) from rows[1..m] (each with n elements). Written into a new tensor unless a tape records
-- the rows (jacobian called under an outer tape that tracks x): then the rows are summed as outer
-- products with one-hot vectors, which the outer tape can differentiate.
-- (Rows are written with an out= argument, which the core refuses while a tape records them.)
local function assemble(rows, m, n, dtype)
  local J = lt.zeros(m, n, dtype)
  local ok, err = pcall(function()
    for j = 1, m do lt.add(rows[j]:reshape(n), 0, J:select(1, j)) end
  end)
  if ok then return J end
  if not tostring(err):find("while a tape records", 1, true) then error(err, 0) end
  J = nil
  for j = 1, m do
    local e = lt.zeros(m, dtype)
    e[j] = 1
    local term = lt.outer(e, rows[j]:reshape(n))
    J = J and J + term or term
  end
  return J
end

--- jacobian(f, x) -> J
-- For a float tensor x and a tensor y = f(x): J[i..., j...] = dy[i...]/dx[j...], shape
-- y.shape .. x.shape, in x's dtype. One backward pass per element of y (small problems).
function M.jacobian(f, x)
  check_fn("jacobian", f)
  if not is_tensor(x) then error("jacobian: x must be a tensor, got " .. describe(x), 2) end
  local bad = not_float(x)
  if bad then error("jacobian: x must be a floating point tensor, got " .. bad, 2) end
  local tape, y = tape_of({ persistent = true }, function(tape)
    tape:watch(x)
    return f(x)
  end)
  if not is_tensor(y) then
    tape:free()
    error("jacobian: the function must return a tensor, got " .. describe(y), 2)
  end
  local yshape, xshape = y.shape, x.shape
  local m, n = numel(yshape), numel(xshape)
  local rows = {}
  for j = 1, m do rows[j] = gradient(tape, y, x, one_hot(y, j), 2) end
  tape:free()
  if m == 0 or n == 0 then return lt.zeros(concat_shapes(yshape, xshape), x.dtype) end
  return assemble(rows, m, n, x.dtype):view(concat_shapes(yshape, xshape))
end

--- hessian(f, x) -> H
-- The Hessian of f (summed if its result is not a scalar) at x: the jacobian of grad(f), the
-- inner backward pass recorded on the jacobian's tape. Shape x.shape .. x.shape.
function M.hessian(f, x)
  check_fn("hessian", f)
  if not is_tensor(x) then error("hessian: x must be a tensor, got " .. describe(x), 2) end
  local bad = not_float(x)
  if bad then error("hessian: x must be a floating point tensor, got " .. bad, 2) end
  local g = make_grad("hessian", f, { 1 }, true)
  local ok, H = pcall(M.jacobian, function(x_)
    local gx = g(x_)
    return gx
  end, x)
  if ok then return H end
  -- errors of f keep their position; the core's (raised inside this file or with none) get the
  -- caller's
  if type(H) == "string" then
    local rest = H:sub(1, #HERE + 1) == HERE .. ":" and H:match("^:%d+: (.*)$", #HERE + 1)
    if rest then error(rest, 2) end
    if not H:match("^.-:%d+: ") then error(H, 2) end
  end
  error(H, 0)
end

-- the 1-based multi-index of the 1-based flat index k in shape
local function unflatten(k, shape)
  local idx, r = {}, k - 1
  for d = #shape, 1, -1 do
    idx[d] = r % shape[d] + 1
    r = r // shape[d]
  end
  return idx
end

local function positive(who, name, v, default)
  if v == nil then return default end
  if type(v) ~= "number" or v < 0 or v ~= v then
    error(fmt("%s: opts.%s must be a non-negative number, got %s", who, name, tostring(v)), 3)
  end
  return v
end

--- gradcheck(f, inputs [, opts]) -> ok, report
-- Compares the tape's gradients of sum(f(inputs...)) with central finite differences, both in
-- float64 (every input is evaluated through a float64 copy, so float32 inputs work). inputs: a
-- float tensor or a list of them. opts: eps (1e-6), atol (1e-5), rtol (1e-3), raise (false: on a
-- mismatch, raise an error with the report instead of returning false).
-- An element passes when |analytic - numeric| <= atol + rtol * |numeric|. report: max_error
-- (the largest |analytic - numeric| / max(1, |numeric|)), and where it occurred: input (its
-- position in inputs), index (1-based multi-index), analytic, numeric; also failures (how many
-- elements failed) and checked (how many were compared).
function M.gradcheck(f, inputs, opts)
  local who = "gradcheck"
  check_fn("gradcheck", f)
  if opts ~= nil and type(opts) ~= "table" then
    error("gradcheck: opts must be a table, got " .. describe(opts), 2)
  end
  opts = opts or {}
  local eps = positive(who, "eps", opts.eps, 1e-6)
  local atol = positive(who, "atol", opts.atol, 1e-5)
  local rtol = positive(who, "rtol", opts.rtol, 1e-3)
  if eps == 0 then error("gradcheck: opts.eps must be positive", 2) end
  local list = is_tensor(inputs) and { inputs } or inputs
  if type(list) ~= "table" or #list == 0 then
    error("gradcheck: inputs must be a tensor or a non-empty list of tensors, got " .. describe(inputs), 2)
  end
  local xs = {}
  for i = 1, #list do
    local t = list[i]
    if not is_tensor(t) then
      error(fmt("gradcheck: input %d must be a tensor, got %s", i, describe(t)), 2)
    end
    local bad = not_float(t)
    if bad then
      error(fmt("gradcheck: input %d must be a floating point tensor, got %s", i, bad), 2)
    end
    xs[i] = lt.tensor(t):to(lt.float64) -- a fresh float64 copy: perturbed below, never t itself
  end
  local n = #xs

  -- analytic: the tape's gradients of the sum, in float64
  local tape, y = tape_of(function(tape)
    tape:watch(xs)
    return f(unpack(xs, 1, n))
  end)
  if not is_tensor(y) then
    tape:free()
    error("gradcheck: the function must return a tensor, got " .. describe(y), 2)
  end
  local grads = gradient(tape, y, xs, nil, 2)
  tape:free()

  -- numeric: central differences of the sum, each element of each input in turn
  local function total() return no_grad(function() return f(unpack(xs, 1, n)):sum():item() end) end
  local report = { max_error = 0, failures = 0, checked = 0 }
  for i = 1, n do
    local flat = xs[i]:view(-1)
    local ga = grads[i]:reshape(-1)
    for k = 1, flat:numel() do
      local v = flat[k]
      flat[k] = v + eps
      local plus = total()
      flat[k] = v - eps
      local minus = total()
      flat[k] = v
      local numeric = (plus - minus) / (2 * eps)
      local analytic = ga[k]
      local diff = abs(analytic - numeric)
      local err = diff / max(1, abs(numeric))
      if diff ~= diff then err = math.huge end -- NaN on either side is a failure
      report.checked = report.checked + 1
      if not (diff <= atol + rtol * abs(numeric)) then report.failures = report.failures + 1 end
      if err > report.max_error or report.input == nil then
        report.max_error, report.input, report.index = err, i, unflatten(k, xs[i].shape)
        report.analytic, report.numeric = analytic, numeric
      end
    end
  end
  local ok = report.failures == 0
  if not ok and opts.raise then
    error(fmt("gradcheck: %d of %d gradient elements differ from finite differences; worst: input %d at "
      .. "{%s}: analytic %.10g, numeric %.10g (error %.3g; atol %g, rtol %g)", report.failures, report.checked,
      report.input, table.concat(report.index, ", "), report.analytic, report.numeric, report.max_error,
      atol, rtol), 2)
  end
  return ok, report
end

return M
