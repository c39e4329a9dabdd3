-- Gradients of the reductions and the ops derived from them (ops_reduce.c, ops_stats.c, clamp,
-- masked_fill, lerp) under the tape: finite-difference checks in float64 (central differences,
-- eps 1e-6, relative tolerance 1e-6) over several dims, keepdim, negative dims and
-- non-contiguous inputs; one float32 case per op against the float64 gradient; exact values
-- for small cases worked by hand; one second-order check per op family (nested tapes).
--
-- The target is sum(f(x) * w) with a random w (passed as the output gradient), never a plain
-- sum: d/dx sum(softmax(x)) is 0 and would check nothing.
-- GRADCHECK_REPORT=1 prints the worst error seen per op at the end.
local lt = require "luatensor"

local D = lt.float64
local EPS, RTOL = 1e-6, 1e-6

-- ---- helpers ----------------------------------------------------------------------------

local function flat(t)
  local out = {}
  local function walk(v)
    if type(v) == "table" then for _, x in ipairs(v) do walk(x) end else out[#out + 1] = v end
  end
  walk(t:totable())
  return out
end

-- the multi-index (1-based) of element k (1-based, index order) of a tensor of shape `size`
local function index_of(size, k)
  local idx, rest = {}, k - 1
  for d = #size, 1, -1 do
    idx[d] = rest % size[d] + 1
    rest = rest // size[d]
  end
  return idx
end

local function get(x, idx) return x:dim() == 0 and x:item() or x[idx] end
local function set(x, idx, v) if x:dim() == 0 then x:fill_(v) else x[idx] = v end end

-- the tape's gradients of sum(f(xs...) * w) with respect to xs (a list; nil: no gradient)
local function tape_grads(f, xs, w)
  local tape = lt.tape()
  for _, x in ipairs(xs) do tape:watch(x) end
  local y = f(table.unpack(xs))
  tape:stop()
  return tape:gradient(y, xs, w and w:to(y) or nil), y
end

local worst = {}
local function note(name, err) if err > (worst[name] or 0) then worst[name] = err end end

-- the finite-difference gradcheck: returns the worst |analytic - numeric| / max(1, |numeric|)
local function gradcheck(name, f, xs, opts)
  opts = opts or {}
  local eps, tol = opts.eps or EPS, opts.tol or RTOL
  if lt.is_tensor(xs) then xs = {xs} end
  local y0 = f(table.unpack(xs))
  local w = lt.randn_like(y0)
  local grads = tape_grads(f, xs, w)
  local function loss() return (f(table.unpack(xs)) * w):sum():item() end
  local err = 0
  for i, x in ipairs(xs) do
    if not opts.skip or not opts.skip[i] then
      local g = grads[i] and flat(grads[i])
      assert(g == nil or #g == x:numel(), name .. ": gradient " .. i .. " has the wrong size")
      for k = 1, x:numel() do
        local idx = index_of(x:size(), k)
        local v = get(x, idx)
        set(x, idx, v + eps)
        local up = loss()
        set(x, idx, v - eps)
        local down = loss()
        set(x, idx, v)
        local numeric, analytic = (up - down) / (2 * eps), g and g[k] or 0
        local e = math.abs(analytic - numeric) / math.max(1, math.abs(numeric))
        if e > err then err = e end
        if e > tol then
          error(("%s: input %d element %d: tape %.10g, finite differences %.10g"):format(name, i, k, analytic, numeric), 2)
        end
      end
    end
  end
  note(name, err)
  return err
end

-- float32: the tape's gradient of the float32 op against the float64 one
local function check_float32(name, f, xs, tol)
  if lt.is_tensor(xs) then xs = {xs} end
  local w = lt.randn_like(f(table.unpack(xs)))
  local g64 = tape_grads(f, xs, w)
  local x32 = {}
  for i, x in ipairs(xs) do x32[i] = x:float() end
  local g32, y32 = tape_grads(f, x32, w)
  assert.are.equal("float32", y32.dtype)
  local err = 0
  for i = 1, #xs do
    assert.are.equal("float32", g32[i].dtype)
    local a, b = flat(g32[i]), flat(g64[i])
    for k = 1, #b do
      local e = math.abs(a[k] - b[k]) / math.max(1, math.abs(b[k]))
      if e > err then err = e end
    end
  end
  assert(err <= (tol or 1e-5), ("%s float32: error %g"):format(name, err))
  note(name .. " (float32)", err)
end

-- second order: the inner tape's gradient is recorded on the outer one; the outer's gradient of
-- sum(inner_gradient * v) against finite differences of the inner gradient
local function check_second_order(name, f, x, tol)
  local w = lt.randn_like(f(x))
  local v = lt.randn_like(x)
  local outer = lt.tape()
  outer:watch(x)
  local g = tape_grads(f, {x}, w)[1]
  outer:stop()
  local h = flat(outer:gradient(g, x, v))
  local err = 0
  for k = 1, x:numel() do
    local idx = index_of(x:size(), k)
    local val = get(x, idx)
    set(x, idx, val + EPS)
    local up = (tape_grads(f, {x}, w)[1] * v):sum():item()
    set(x, idx, val - EPS)
    local down = (tape_grads(f, {x}, w)[1] * v):sum():item()
    set(x, idx, val)
    local numeric = (up - down) / (2 * EPS)
    local e = math.abs(h[k] - numeric) / math.max(1, math.abs(numeric))
    if e > err then err = e end
  end
  assert(err <= (tol or 1e-6), ("%s second order: error %g"):format(name, err))
  note(name .. " (2nd order)", err)
end

local function grad_of(f, x, w)
  return tape_grads(f, {x}, w)[1]
end

local function assert_values(expected, t, tol)
  local got = flat(t)
  local want = {}
  local function walk(v) if type(v) == "table" then for _, e in ipairs(v) do walk(e) end else want[#want + 1] = v end end
  walk(expected)
  assert.are.equal(#want, #got)
  for i = 1, #want do
    assert(math.abs(got[i] - want[i]) <= (tol or 1e-12),
      ("element %d: got %.17g, expected %.17g"):format(i, got[i], want[i]))
  end
end

-- random float64 inputs: plain, transposed, and sliced with a step
local function inputs(away_from_zero)
  local function r(...)
    local t = lt.randn({...}, D)
    if away_from_zero then t = t + t:sign() * 0.5 end -- |x| >= 0.5, so kinks at 0 are far
    return t
  end
  return {
    {"contiguous (3, 4)", r(3, 4)},
    {"transposed (4, 3)", r(3, 4):t()},
    {"sliced (3, 2, 2)", r(3, 4, 2)[{ {}, {1, 4, 2}, {} }]},
    {"reversed (5)", r(5)[{ {-1, 1, -1} }]},
  }
end

-- dims to reduce over, for a tensor of ndim dims: {dims or nil, keepdim}
local function dim_cases(ndim)
  local cases = {{nil, false}, {1, false}, {-1, true}, {ndim, false}}
  if ndim >= 2 then
    cases[#cases + 1] = {{1, -1}, false}
    cases[#cases + 1] = {{-2}, true}
  end
  return cases
end

local function each_input(away, fn)
  for _, case in ipairs(inputs(away)) do
    for _, dc in ipairs(dim_cases(case[2]:dim())) do fn(case[1], case[2], dc[1], dc[2]) end
  end
end

-- ---- specs ------------------------------------------------------------------------------

describe("gradients of reductions", function()
  before_each(function() lt.manual_seed(20240611) end)

  teardown(function()
    if os.getenv("GRADCHECK_REPORT") then
      local names = {}
      for k in pairs(worst) do names[#names + 1] = k end
      table.sort(names)
      for _, k in ipairs(names) do io.stderr:write(("%-28s %.3g\n"):format(k, worst[k])) end
    end
  end)

  describe("sum", function()
    it("is 1 everywhere", function()
      local x = lt.tensor({{1.0, 2.0}, {3.0, 4.0}}, D)
      assert_values({{1, 1}, {1, 1}}, grad_of(function(t) return t:sum() end, x))
      assert_values({{1, 1}, {1, 1}}, grad_of(function(t) return t:sum(2) end, x))
    end)

    it("passes finite differences", function()
      each_input(false, function(_, x, dims, keep)
        gradcheck("sum", function(t) return t:sum(dims, keep) end, x)
      end)
    end)
  end)

  describe("prod", function()
    it("is the product of the others, with zeros", function()
      local f = function(t) return t:prod() end
      assert_values({12, 8, 6}, grad_of(f, lt.tensor({2.0, 3.0, 4.0}, D)))
      assert_values({0, 8, 0}, grad_of(f, lt.tensor({2.0, 0.0, 4.0}, D)))
      assert_values({0, 0, 0}, grad_of(f, lt.tensor({0.0, 0.0, 4.0}, D)))
      assert_values({{3, 0}, {0, 0}}, grad_of(function(t) return t:prod(1) end, lt.tensor({{0.0, 0.0}, {3.0, 0.0}}, D)))
      assert_values(1, grad_of(f, lt.tensor(5.0, D)))
    end)

    it("passes finite differences (with zeros too: prod is linear in each element)", function()
      each_input(false, function(_, x, dims, keep)
        gradcheck("prod", function(t) return t:prod(dims, keep) end, x)
      end)
      local z = lt.randn(3, 4, D)
      z[{1, 2}] = 0
      z[{2, 1}] = 0
      z[{2, 3}] = 0
      for _, dims in ipairs({1, 2, -1}) do gradcheck("prod", function(t) return t:prod(dims) end, z) end
      gradcheck("prod", function(t) return t:prod() end, z)
    end)

    it("float32", function()
      check_float32("prod", function(t) return t:prod(2) end, lt.randn(3, 4, D))
    end)

    it("second order", function()
      check_second_order("prod", function(t) return t:prod(-1) end, lt.randn(3, 4, D))
      local z = lt.randn(2, 4, D)
      z[{1, 3}] = 0 -- one zero per line: exact
      check_second_order("prod", function(t) return t:prod(-1) end, z)
    end)

    it("has no gradient for integers", function()
      local x = lt.tensor({1.0, 2.0}, D)
      local tape = lt.tape()
      tape:watch(x)
      local y = x:long():prod()
      tape:stop()
      assert.are.equal("int64", y.dtype)
    end)
  end)

  for _, op in ipairs({"amax", "amin"}) do
    describe(op, function()
      it("shares the gradient among ties", function()
        local x = lt.tensor({1.0, 3.0, 3.0, -2.0}, D)
        local expect = op == "amax" and {0, 0.5, 0.5, 0} or {0, 0, 0, 1}
        assert_values(expect, grad_of(function(t) return t[op](t) end, x))
        local m = lt.tensor({{1.0, 1.0}, {2.0, 0.0}}, D)
        local e2 = op == "amax" and {{0.5, 0.5}, {1, 0}} or {{0.5, 0.5}, {0, 1}}
        assert_values(e2, grad_of(function(t) return t[op](t, 2) end, m))
      end)

      it("passes finite differences", function()
        each_input(false, function(_, x, dims, keep)
          gradcheck(op, function(t) return t[op](t, dims, keep) end, x)
        end)
      end)

      it("float32", function()
        check_float32(op, function(t) return t[op](t, 1) end, lt.randn(3, 4, D))
      end)
    end)
  end

  for _, op in ipairs({"max", "min"}) do
    describe(op .. " along a dim", function()
      it("sends the gradient to the index it returns (the first of ties)", function()
        local x = lt.tensor({{1.0, 3.0, 3.0}, {2.0, 2.0, 0.0}}, D)
        local tape = lt.tape()
        tape:watch(x)
        local values, indices = x[op](x, 2)
        tape:stop()
        indices:add_(10) -- the tape kept its own copy
        local g = tape:gradient(values, x)
        assert_values(op == "max" and {{0, 1, 0}, {1, 0, 0}} or {{1, 0, 0}, {0, 0, 1}}, g)
      end)

      it("passes finite differences", function()
        for _, case in ipairs(inputs(false)) do
          local x = case[2]
          for _, dim in ipairs({1, -1, x:dim()}) do
            for _, keep in ipairs({false, true}) do
              gradcheck(op, function(t) return (t[op](t, dim, keep)) end, x)
            end
          end
        end
      end)

      it("float32", function()
        check_float32(op, function(t) return (t[op](t, -1)) end, lt.randn(3, 4, D))
      end)

      it("records the values, and the indices as not differentiable", function()
        local x = lt.randn(3, 4, D)
        local tape = lt.tape()
        tape:watch(x)
        local _, i = x[op](x, 1)
        tape:stop()
        local names = {}
        for _, entry in tape:ops() do names[#names + 1] = entry.name end
        assert.are.same({op, op == "max" and "argmax" or "argmin"}, names)
        assert.are.equal("int64", i.dtype)
      end)
    end)
  end

  describe("cumsum", function()
    it("sums the gradients from each position on", function()
      assert_values({3, 2, 1}, grad_of(function(t) return t:cumsum(1) end, lt.tensor({5.0, -1.0, 2.0}, D)))
      assert_values({{2, 1}, {2, 1}}, grad_of(function(t) return t:cumsum(2) end, lt.ones(2, 2, D)))
    end)

    it("passes finite differences", function()
      for _, case in ipairs(inputs(false)) do
        local x = case[2]
        for _, dim in ipairs({1, -1}) do gradcheck("cumsum", function(t) return t:cumsum(dim) end, x) end
      end
    end)

    it("float32", function()
      check_float32("cumsum", function(t) return t:cumsum(2) end, lt.randn(3, 4, D))
    end)

    it("second order (cumsum of squares)", function()
      check_second_order("cumsum", function(t) return (t * t):cumsum(-1) end, lt.randn(3, 4, D))
    end)
  end)

  describe("cumprod", function()
    it("matches the products by hand, with zeros", function()
      local f = function(t) return t:cumprod(1) end
      assert_values({16, 10, 6}, grad_of(f, lt.tensor({2.0, 3.0, 4.0}, D)))
      -- out = {2, 0, 0, 0, 0}: x1 gets 1, the first zero gets 2 + 2*4, the rest 0
      assert_values({1, 10, 0, 0, 0}, grad_of(f, lt.tensor({2.0, 0.0, 4.0, 0.0, 5.0}, D)))
      assert_values({4, 0}, grad_of(f, lt.tensor({0.0, 3.0}, D))) -- out = {x1, x1 x2}
    end)

    it("passes finite differences, with and without zeros", function()
      for _, case in ipairs(inputs(false)) do
        local x = case[2]
        for _, dim in ipairs({1, -1}) do gradcheck("cumprod", function(t) return t:cumprod(dim) end, x) end
      end
      local z = lt.randn(3, 5, D)
      z[{1, 2}] = 0
      z[{2, 1}] = 0
      z[{2, 4}] = 0
      z[{3, 5}] = 0
      for _, dim in ipairs({1, 2}) do gradcheck("cumprod", function(t) return t:cumprod(dim) end, z) end
      gradcheck("cumprod", function(t) return t:cumprod(1) end, z:t())
    end)

    it("float32", function()
      check_float32("cumprod", function(t) return t:cumprod(2) end, lt.randn(3, 4, D))
    end)

    it("second order (no zeros, and one zero per line)", function()
      check_second_order("cumprod", function(t) return t:cumprod(-1) end, lt.randn(3, 4, D))
      local z = lt.randn(2, 4, D)
      z[{1, 2}] = 0
      z[{2, 4}] = 0
      check_second_order("cumprod", function(t) return t:cumprod(-1) end, z)
    end)
  end)

  describe("mean", function()
    it("is 1 / N", function()
      assert_values({{0.25, 0.25}, {0.25, 0.25}}, grad_of(function(t) return t:mean() end, lt.ones(2, 2, D)))
      assert_values({{0.5, 0.5}, {0.5, 0.5}}, grad_of(function(t) return t:mean(2) end, lt.ones(2, 2, D)))
    end)

    it("passes finite differences", function()
      each_input(false, function(_, x, dims, keep)
        gradcheck("mean", function(t) return t:mean(dims, keep) end, x)
      end)
    end)

    it("float32", function()
      check_float32("mean", function(t) return t:mean(1) end, lt.randn(3, 4, D))
    end)
  end)

  for _, op in ipairs({"var", "std"}) do
    describe(op, function()
      it("matches the formula", function()
        local x = lt.tensor({1.0, 2.0, 3.0, 4.0}, D)
        if op == "var" then
          assert_values({-1, -1 / 3, 1 / 3, 1}, grad_of(function(t) return t:var() end, x), 1e-15)
          assert_values({-0.75, -0.25, 0.25, 0.75}, grad_of(function(t) return t:var(false) end, x), 1e-15)
        else
          local s = math.sqrt(5 / 3)
          local want = {}
          for i, v in ipairs({1, 2, 3, 4}) do want[i] = (v - 2.5) / (3 * s) end
          assert_values(want, grad_of(function(t) return t:std() end, x), 1e-15)
          -- a constant input: 0, not NaN (as PyTorch)
          assert_values({0, 0, 0}, grad_of(function(t) return t:std() end, lt.full({3}, 2.0, D)))
        end
      end)

      it("passes finite differences (both corrections)", function()
        each_input(false, function(_, x, dims, keep)
          gradcheck(op, function(t) return t[op](t, dims, true, keep) end, x)
          gradcheck(op, function(t) return t[op](t, dims, false, keep) end, x)
        end)
      end)

      it("float32", function()
        check_float32(op, function(t) return t[op](t, 2) end, lt.randn(3, 4, D))
      end)

      it("second order", function()
        check_second_order(op, function(t) return t[op](t, -1) end, lt.randn(3, 4, D))
      end)
    end)
  end

  describe("norm", function()
    it("matches hand values", function()
      assert_values({0.6, 0.8}, grad_of(function(t) return t:norm() end, lt.tensor({3.0, 4.0}, D)), 1e-15)
      assert_values({0, 0}, grad_of(function(t) return t:norm() end, lt.zeros(2, D)))  -- no NaN
      assert_values({1, -1, 0}, grad_of(function(t) return t:norm(1) end, lt.tensor({2.0, -1.0, 0.0}, D)))
      assert_values({0, -0.5, 0.5}, grad_of(function(t) return t:norm(math.huge) end, lt.tensor({1.0, -3.0, 3.0}, D)))
      assert_values({-1, 0, 0}, grad_of(function(t) return t:norm(-math.huge) end, lt.tensor({-1.0, -3.0, 3.0}, D)))
      assert_values({0, 0, 0}, grad_of(function(t) return t:norm(0) end, lt.tensor({1.0, -3.0, 0.0}, D)))
      assert_values({0, 0}, grad_of(function(t) return t:norm(3) end, lt.zeros(2, D)))
      -- p = 3: x |x| / norm^2
      local n = (27 + 64) ^ (1 / 3)
      assert_values({9 / n ^ 2, -16 / n ^ 2}, grad_of(function(t) return t:norm(3) end, lt.tensor({3.0, -4.0}, D)), 1e-15)
    end)

    for _, p in ipairs({2, 1, math.huge, -math.huge, 0, 3, 0.5, 1.5, 4.5, "fro"}) do
      it("passes finite differences for p = " .. tostring(p), function()
        each_input(true, function(_, x, dims, keep)
          gradcheck("norm p=" .. tostring(p), function(t) return t:norm(p, dims, keep) end, x)
        end)
      end)
    end

    it("float32", function()
      for _, p in ipairs({2, 1, math.huge, 3, 0.5}) do
        check_float32("norm p=" .. tostring(p), function(t) return t:norm(p, 2) end, lt.randn(3, 4, D) + 0.1)
      end
    end)

    it("second order (p = 2 and p = 3)", function()
      check_second_order("norm p=2", function(t) return t:norm(2, -1) end, lt.randn(3, 4, D))
      check_second_order("norm p=3", function(t) return t:norm(3, -1) end, lt.randn(3, 4, D) + 0.1)
    end)
  end)

  describe("logsumexp", function()
    it("is the softmax", function()
      local x = lt.tensor({{1.0, 2.0, 3.0}, {0.0, 0.0, 0.0}}, D)
      local e = {math.exp(1), math.exp(2), math.exp(3)}
      local s = e[1] + e[2] + e[3]
      assert_values({{e[1] / s, e[2] / s, e[3] / s}, {1 / 3, 1 / 3, 1 / 3}},
        grad_of(function(t) return t:logsumexp(2) end, x), 1e-15)
      -- large values stay finite
      assert_values({0.5, 0.5}, grad_of(function(t) return t:logsumexp() end, lt.tensor({1000.0, 1000.0}, D)))
    end)

    it("passes finite differences", function()
      each_input(false, function(_, x, dims, keep)
        gradcheck("logsumexp", function(t) return t:logsumexp(dims, keep) end, x)
      end)
    end)

    it("float32", function()
      check_float32("logsumexp", function(t) return t:logsumexp(2) end, lt.randn(3, 4, D))
    end)

    it("second order", function()
      check_second_order("logsumexp", function(t) return t:logsumexp(-1) end, lt.randn(3, 4, D))
      check_second_order("logsumexp", function(t) return t:logsumexp() end, lt.randn(2, 3, D):t())
    end)
  end)

  for _, op in ipairs({"softmax", "log_softmax"}) do
    describe(op, function()
      it("matches the rows by hand", function()
        local x = lt.tensor({{1.0, 2.0, 3.0}, {-1.0, 0.0, 1.0}}, D)
        local w = lt.tensor({{1.0, 0.0, 0.0}, {0.0, 2.0, -1.0}}, D)
        local got = flat(grad_of(function(t) return t[op](t, 2) end, x, w))
        local rows, k = x:totable(), 1
        for r = 1, 2 do
          local e, s = {}, 0
          for j = 1, 3 do e[j] = math.exp(rows[r][j]); s = s + e[j] end
          local y, wr = {}, w:totable()[r]
          for j = 1, 3 do y[j] = e[j] / s end
          local gy, gsum = 0, 0
          for j = 1, 3 do gy = gy + wr[j] * y[j]; gsum = gsum + wr[j] end
          for j = 1, 3 do
            local want = op == "softmax" and y[j] * (wr[j] - gy) or wr[j] - y[j] * gsum
            assert(math.abs(got[k] - want) < 1e-15, ("row %d col %d: %g vs %g"):format(r, j, got[k], want))
            k = k + 1
          end
        end
      end)

      it("passes finite differences", function()
        for _, case in ipairs(inputs(false)) do
          local x = case[2]
          for _, dim in ipairs({1, -1, x:dim()}) do gradcheck(op, function(t) return t[op](t, dim) end, x) end
        end
      end)

      it("float32", function()
        check_float32(op, function(t) return t[op](t, 2) end, lt.randn(3, 4, D))
      end)

      it("second order", function()
        check_second_order(op, function(t) return t[op](t, -1) end, lt.randn(3, 4, D))
        check_second_order(op, function(t) return t[op](t, 1) end, lt.randn(4, 3, D):t())
      end)
    end)
  end

  describe("lerp", function()
    it("matches the formula", function()
      local s, e = lt.tensor({1.0, 2.0}, D), lt.tensor({5.0, -2.0}, D)
      local w = lt.tensor({0.25, 0.75}, D)
      local tape = lt.tape()
      tape:watch(s, e, w)
      local y = lt.lerp(s, e, w)
      tape:stop()
      local g = tape:gradient(y, {s, e, w})
      assert_values({0.75, 0.25}, g[1])
      assert_values({0.25, 0.75}, g[2])
      assert_values({4, -4}, g[3])
      for _, wt in ipairs({0.25, 0.75, 2}) do
        local gs = tape_grads(function(a, b) return a:lerp(b, wt) end, {s, e})
        assert_values({1 - wt, 1 - wt}, gs[1])
        assert_values({wt, wt}, gs[2])
      end
    end)

    it("passes finite differences (number and tensor weights, broadcast)", function()
      for _, wt in ipairs({0.3, 0.7, -0.5, 1.5}) do
        gradcheck("lerp", function(a, b) return a:lerp(b, wt) end, {lt.randn(3, 4, D), lt.randn(4, 3, D):t()})
      end
      gradcheck("lerp", function(a, b, w) return a:lerp(b, w) end,
        {lt.randn(3, 4, D), lt.randn(4, D), lt.rand(3, 1, D) * 2 - 0.5})
      gradcheck("lerp", function(a, b, w) return a:lerp(b, w) end,
        {lt.randn(2, 3, D)[{ {}, {-1, 1, -1} }], lt.randn(2, 3, D), lt.rand(2, 3, D)})
    end)

    it("float32", function()
      check_float32("lerp", function(a, b, w) return a:lerp(b, w) end, {lt.randn(3, 4, D), lt.randn(3, 4, D), lt.rand(3, 4, D)})
    end)

    it("second order (the weight times the ends)", function()
      local s, e = lt.randn(3, D), lt.randn(3, D)
      check_second_order("lerp", function(w) return lt.lerp(s * w, e, w) end, lt.rand(3, D))
    end)
  end)

  describe("clamp", function()
    it("passes the gradient inside the bounds, the bounds included", function()
      local x = lt.tensor({0.0, 1.0, 1.5, 2.0, 3.0}, D)
      assert_values({0, 1, 1, 1, 0}, grad_of(function(t) return t:clamp(1, 2) end, x))
      assert_values({0, 1, 1, 1, 1}, grad_of(function(t) return t:clamp(1) end, x))
      assert_values({1, 1, 1, 1, 0}, grad_of(function(t) return t:clamp(nil, 2) end, x))
      assert_values({0, 0, 0, 0, 0}, grad_of(function(t) return t:clamp(2, 1) end, x)) -- min > max: all max
    end)

    it("sends the rest to tensor bounds", function()
      local x = lt.tensor({0.0, 1.5, 3.0}, D)
      local lo, hi = lt.tensor({1.0, 1.0, 1.0}, D), lt.tensor(2.0, D)
      local tape = lt.tape()
      tape:watch(x, lo, hi)
      local y = x:clamp(lo, hi)
      tape:stop()
      local g = tape:gradient(y, {x, lo, hi})
      assert_values({0, 1, 0}, g[1])
      assert_values({1, 0, 0}, g[2])
      assert_values(1, g[3])
    end)

    it("passes finite differences", function()
      for _, case in ipairs(inputs(false)) do
        local x = case[2] * 2
        gradcheck("clamp", function(t) return t:clamp(-0.8, 0.9) end, x)
        gradcheck("clamp", function(t) return t:clamp(-0.3) end, x)
        gradcheck("clamp", function(t) return t:clamp(nil, 0.4) end, x)
      end
      local shape = {3, 4}
      gradcheck("clamp", function(t, lo, hi) return t:clamp(lo, hi) end,
        {lt.randn(shape, D) * 2, lt.rand(4, D) - 1.3, lt.rand(3, 1, D) + 0.3})
    end)

    it("float32", function()
      check_float32("clamp", function(t) return t:clamp(-0.5, 0.5) end, lt.randn(3, 4, D))
    end)
  end)

  describe("masked_fill", function()
    it("stops the gradient where it fills, and gives it to a 0-d value tensor", function()
      local x = lt.tensor({{1.0, 2.0}, {3.0, 4.0}}, D)
      local mask = lt.tensor({{true, false}, {false, true}})
      assert_values({{0, 1}, {1, 0}}, grad_of(function(t) return t:masked_fill(mask, 0) end, x))
      local v = lt.tensor(7.0, D)
      local tape = lt.tape()
      tape:watch(x, v)
      local y = x:masked_fill(mask, v)
      tape:stop()
      local g = tape:gradient(y, {x, v})
      assert_values({{0, 1}, {1, 0}}, g[1])
      assert_values(2, g[2])
      -- a mask broadcast over t: (2, 1) against (2, 3)
      local m2 = lt.tensor({{true}, {false}})
      assert_values({{0, 0, 0}, {1, 1, 1}}, grad_of(function(t) return t:masked_fill(m2, -1) end, lt.ones(2, 3, D)))
    end)

    it("passes finite differences", function()
      local mask = lt.lt(lt.rand(3, 4), 0.5)
      for _, case in ipairs(inputs(false)) do
        if case[2]:dim() == 2 and case[2]:size(1) == 3 then
          gradcheck("masked_fill", function(t) return t:masked_fill(mask, 2.5) end, case[2])
        end
      end
      gradcheck("masked_fill", function(t, v) return t:masked_fill(mask, v) end, {lt.randn(4, 3, D):t(), lt.tensor(1.5, D)})
    end)

    it("float32", function()
      local mask = lt.lt(lt.rand(3, 4), 0.5)
      check_float32("masked_fill", function(t) return t:masked_fill(mask, 1) end, lt.randn(3, 4, D))
    end)
  end)

  describe("under a tape", function()
    it("the checkers catch a wrong gradient", function()
      -- detach hides one factor from the tape: its gradient is half the true one
      local wrong = function(t) return t:detach() * t end
      assert.has_error(function() gradcheck("wrong", wrong, lt.randn(3, D) + 2) end)
      assert.has_error(function() check_second_order("wrong", function(t) return wrong(t) * t end, lt.randn(3, D) + 2) end)
    end)

    local function plain_and_taped(f, x)
      local plain = f(x)
      local tape = lt.tape()
      tape:watch(x)
      local taped = f(x)
      tape:stop()
      return plain, taped, tape
    end

    it("records each derived op as one entry, with the forward bits unchanged", function()
      local x = lt.randn(3, 4)
      local cases = {
        mean = function(t) return t:mean(1) end,
        var = function(t) return t:var(2) end,
        std = function(t) return t:std() end,
        norm = function(t) return t:norm(3, 2) end,
        logsumexp = function(t) return t:logsumexp(-1) end,
        softmax = function(t) return t:softmax(2) end,
        log_softmax = function(t) return t:log_softmax(1) end,
        lerp = function(t) return t:lerp(lt.zeros(3, 4), 0.3) end,
        clamp = function(t) return t:clamp(-0.5, 0.5) end,
        prod = function(t) return t:prod(1) end,
        amax = function(t) return t:amax(2) end,
        cumsum = function(t) return t:cumsum(2) end,
        cumprod = function(t) return t:cumprod(1) end,
      }
      for name, f in pairs(cases) do
        local plain, taped, tape = plain_and_taped(f, x)
        assert.are.same(plain:totable(), taped:totable())
        assert.are.equal(1, #tape, name)
        local ops = {}
        for _, entry in tape:ops() do ops[#ops + 1] = entry.name end
        assert.are.same({name}, ops)
      end
    end)

    it("still refuses the in-place and out forms on tracked tensors", function()
      local x = lt.randn(3)
      local tape = lt.tape()
      tape:watch(x)
      local msg = "cannot write into an existing tensor (out argument or in-place form) while a tape records its operands; use the form that returns a new tensor"
      assert.has_error(function() x:clamp_(0, 1) end, "clamp_: " .. msg)
      assert.has_error(function() x:lerp_(lt.zeros(3), 0.5) end, "lerp_: " .. msg)
      assert.has_error(function() lt.lerp(x, lt.zeros(3), 0.5, lt.empty(3)) end, "lerp: " .. msg)
      assert.has_error(function() x:masked_fill_(lt.tensor({true, false, true}), 0) end, "masked_fill_: " .. msg)
      tape:stop()
      -- untracked tensors are fine, with or without a tape
      local y = lt.tensor({-2.0, 0.5, 2.0})
      local t2 = lt.tape()
      t2:watch(x)
      assert.are.equal(y, y:clamp_(-1, 1))
      t2:stop()
      assert.are.same({-1, 0.5, 1}, y:totable())
    end)

    it("gives gradients through a chain of them", function()
      -- a small classifier loss: -mean(log_softmax(x)[target]) + 0.1 * var
      local x = lt.randn(4, 5, D)
      local onehot = lt.zeros(4, 5, D)
      for r = 1, 4 do onehot[{r, r}] = 1 end
      gradcheck("chain", function(t)
        return -(t:log_softmax(2) * onehot):sum(2):mean() + t:var(1):sum() * 0.1 + t:norm() * 0.01
      end, x)
    end)
  end)
end)
