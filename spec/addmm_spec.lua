-- addmm, addmv, baddbmm (beta * input + alpha * product) and their in-place forms, against a
-- plain-loop reference.
local lt = require "luatensor"

-- beta * c + alpha * a.b on nested tables (c already broadcast to the result's shape)
local function ref_addmm(c, a, b, beta, alpha)
  local r = {}
  for i = 1, #a do
    r[i] = {}
    for j = 1, #b[1] do
      local acc = 0
      for p = 1, #b do acc = acc + a[i][p] * b[p][j] end
      r[i][j] = (beta == 0 and 0 or beta * c[i][j]) + alpha * acc
    end
  end
  return r
end

local function assert_close(expected, got, tol)
  assert.are.equal(#expected, #got)
  for i = 1, #expected do
    if type(expected[i]) == "table" then
      assert_close(expected[i], got[i], tol)
    else
      assert(math.abs(expected[i] - got[i]) <= tol * math.max(1, math.abs(expected[i])),
        string.format("element %d: expected %.17g, got %.17g", i, expected[i], got[i]))
    end
  end
end

local function randn(dt, ...) return lt.randn(...):to(dt) end

describe("addmm", function()
  before_each(function() lt.manual_seed(7) end)

  for _, dt in ipairs({ "float32", "float64" }) do
    local tol = dt == "float32" and 1e-5 or 1e-12
    it("computes beta * input + alpha * a.b for " .. dt .. ", with transposed operands", function()
      local c, a, b = randn(dt, 3, 5), randn(dt, 3, 4), randn(dt, 4, 5)
      assert_close(ref_addmm(c:totable(), a:totable(), b:totable(), 1, 1), lt.addmm(c, a, b):totable(), tol)
      assert_close(ref_addmm(c:totable(), a:totable(), b:totable(), 0.5, -2),
        lt.addmm(c, a, b, 0.5, -2):totable(), tol)
      local at, bt = randn(dt, 4, 3):t(), randn(dt, 5, 4):t()
      assert_close(ref_addmm(c:totable(), at:totable(), bt:totable(), 2, 3),
        c:addmm(at, bt, 2, 3):totable(), tol)
      assert.are.equal(dt, lt.addmm(c, a, b).dtype)
    end)
  end

  it("broadcasts input (a row, a column, a number-like 0-d tensor)", function()
    local a, b = lt.tensor({ { 1.0, 2.0 }, { 3.0, 4.0 } }), lt.tensor({ { 5.0, 6.0 }, { 7.0, 8.0 } })
    assert.are.same({ { 29, 42 }, { 53, 70 } }, lt.addmm(lt.tensor({ 10.0, 20.0 }), a, b):totable())
    assert.are.same({ { 29, 32 }, { 63, 70 } }, lt.addmm(lt.tensor({ { 10.0 }, { 20.0 } }), a, b):totable())
    assert.are.same({ { 20, 23 }, { 44, 51 } }, lt.addmm(lt.tensor(1.0), a, b):totable())
  end)

  it("ignores input when beta is 0, as BLAS does (NaN in it does not propagate)", function()
    local a, b = lt.tensor({ { 1.0, 2.0 }, { 3.0, 4.0 } }), lt.tensor({ { 5.0, 6.0 }, { 7.0, 8.0 } })
    assert.are.same({ { 19, 22 }, { 43, 50 } }, lt.addmm(lt.full({ 2, 2 }, 0 / 0), a, b, 0):totable())
  end)

  it("gives beta * input for an empty inner dimension", function()
    local c = lt.tensor({ { 1.0, 2.0 }, { 3.0, 4.0 } })
    assert.are.same({ { 3, 6 }, { 9, 12 } }, lt.addmm(c, lt.ones(2, 0), lt.ones(0, 2), 3):totable())
    assert.are.same({ { 0, 0 }, { 0, 0 } }, lt.addmm(c, lt.ones(2, 0), lt.ones(0, 2), 0):totable())
  end)

  it("works for integers with integral scalars (wrapping), and promotes mixed dtypes", function()
    local r = lt.addmm(lt.ones(2, 2, lt.int64), lt.tensor({ { 1, 2 }, { 3, 4 } }), lt.tensor({ { 1, 0 }, { 0, 1 } }), 3, 2)
    assert.are.equal("int64", r.dtype)
    assert.are.same({ { 5, 7 }, { 9, 11 } }, r:totable())
    local u = lt.addmm(lt.full({ 1, 1 }, 250, lt.uint8), lt.full({ 1, 1 }, 3, lt.uint8), lt.full({ 1, 1 }, 4, lt.uint8))
    assert.are.same({ { 6 } }, u:totable()) -- 262 mod 256
    assert.are.equal("float64", lt.addmm(lt.ones(2, 2, lt.float64), lt.ones(2, 2), lt.ones(2, 2)).dtype)
  end)

  it("writes into out, also a non-contiguous one, and returns it", function()
    local c, a, b = lt.ones(2, 2), lt.tensor({ { 1.0, 2.0 }, { 3.0, 4.0 } }), lt.tensor({ { 5.0, 6.0 }, { 7.0, 8.0 } })
    local out = lt.empty(2, 2)
    assert.are.equal(out, lt.addmm(c, a, b, out))
    assert.are.same({ { 20, 23 }, { 44, 51 } }, out:totable())
    local t = lt.zeros(2, 2):t()
    assert.are.equal(t, lt.addmm(c, a, b, 2, 1, t))
    assert.are.same({ { 21, 24 }, { 45, 52 } }, t:totable())
    local d = lt.zeros(2, 2, lt.float64)
    lt.addmm(c, a, b, d)
    assert.are.same({ { 20, 23 }, { 44, 51 } }, d:totable())
  end)

  it("updates in place with addmm_, also when input is an operand", function()
    local c, a = lt.ones(2, 2), lt.tensor({ { 1.0, 2.0 }, { 3.0, 4.0 } })
    assert.are.equal(c, c:addmm_(a, a, 0.5, 1))
    assert.are.same({ { 7.5, 10.5 }, { 15.5, 22.5 } }, c:totable())
    local m = lt.tensor({ { 1.0, 2.0 }, { 3.0, 4.0 } })
    m:addmm_(m, m) -- m + m.m, read before written
    assert.are.same({ { 8, 12 }, { 18, 26 } }, m:totable())
    local s = lt.zeros(2, 4)[{ {}, { 1, 4, 2 } }] -- strided: computed aside, then copied in
    s:addmm_(a, a)
    assert.are.same({ { 7, 10 }, { 15, 22 } }, s:totable())
  end)

  it("raises clear errors", function()
    local a = lt.ones(2, 3)
    assert.has_error(function() lt.addmm(lt.ones(2, 2), a, lt.ones(4, 2)) end,
      "addmm: shapes (2x3) and (4x2) cannot be multiplied (3 != 4)")
    assert.has_error(function() lt.addmm(lt.ones(3, 3), a, lt.ones(3, 2)) end,
      "addmm: input of shape (3, 3) cannot be broadcast to the product's shape (2, 2)")
    assert.has_error(function() lt.addmm(lt.ones(2, 2), lt.ones(3), lt.ones(3, 2)) end,
      "addmm: expected a 2-d and a 2-d tensor, got 1-d and 2-d")
    assert.has_error(function() lt.addmm(lt.ones(2, 2, lt.int64), lt.ones(2, 2, lt.int64), lt.ones(2, 2, lt.int64), 0.5) end,
      "addmm: beta must be an integer for int64 tensors, got 0.5")
    assert.has_error(function() lt.addmm(lt.ones(2, 2, lt.int32), lt.ones(2, 2, lt.int32), lt.ones(2, 2, lt.int32), 1, 1.5) end,
      "addmm: alpha must be an integer for int32 tensors, got 1.5")
    assert.has_error(function() lt.addmm(lt.ones(2, 2), a, lt.ones(3, 2), "x") end,
      "bad argument #4 to 'addmm' (number expected, got string)")
    assert.has_error(function() lt.addmm(lt.ones(2, 2), a, lt.ones(3, 2), 1, 1, 1) end,
      "bad argument #6 to 'addmm' (expected an out tensor)")
    assert.has_error(function() lt.ones(2, 2, lt.int64):addmm_(a, lt.ones(3, 2)) end,
      "addmm_: result type float32 can't be cast to the desired output type int64")
    assert.has_error(function() lt.addmm(lt.ones(2, 2), a, lt.ones(3, 2), lt.ones(3, 3)) end,
      "addmm: out has shape (3, 3) but the result has shape (2, 2)")
    assert.has_error(function() lt.addmm(lt.ones(2, 2), a) end,
      "bad argument #3 to 'addmm' (luatensor.Tensor expected, got no value)")
  end)
end)

describe("addmv", function()
  it("computes beta * input + alpha * A.x, with a transposed A", function()
    local A = lt.tensor({ { 1.0, 2.0 }, { 3.0, 4.0 } })
    assert.are.same({ 4, 8 }, lt.addmv(lt.tensor({ 1.0, 1.0 }), A, lt.tensor({ 1.0, 1.0 })):totable())
    assert.are.same({ 9, 13 }, lt.addmv(lt.tensor({ 1.0, 1.0 }), A:t(), lt.tensor({ 1.0, 1.0 }), 1, 2):totable())
    local y = lt.zeros(2, lt.float64)
    y:addmv_(A:double(), lt.tensor({ 1.0, -1.0 }, lt.float64), 1, 10)
    assert.are.same({ -10, -10 }, y:totable())
    assert.has_error(function() lt.addmv(lt.ones(2), A, A) end,
      "addmv: expected a 2-d and a 1-d tensor, got 2-d and 2-d")
  end)
end)

describe("baddbmm", function()
  it("adds batched products", function()
    lt.manual_seed(3)
    local c, a, b = lt.randn(4, 2, 5, lt.float64), lt.randn(4, 2, 3, lt.float64), lt.randn(4, 3, 5, lt.float64)
    local r = lt.baddbmm(c, a, b, 0.25, 2):totable()
    for i = 1, 4 do
      assert_close(ref_addmm(c[i]:totable(), a[i]:totable(), b[i]:totable(), 0.25, 2), r[i], 1e-12)
    end
    local bias = lt.randn(5, lt.float64) -- broadcast over batches and rows
    local rb = lt.baddbmm(bias, a, b):totable()
    local full = bias:expand(2, 5):totable()
    for i = 1, 4 do assert_close(ref_addmm(full, a[i]:totable(), b[i]:totable(), 1, 1), rb[i], 1e-12) end
    c:baddbmm_(a, b, 0, 1)
    assert_close(a:bmm(b):totable(), c:totable(), 1e-12)
  end)

  it("raises clear errors", function()
    assert.has_error(function() lt.baddbmm(lt.ones(2, 2, 2), lt.ones(2, 2, 2), lt.ones(3, 2, 2)) end,
      "baddbmm: batch sizes differ (2 and 3)")
    assert.has_error(function() lt.baddbmm(lt.ones(2, 2), lt.ones(2, 2), lt.ones(2, 2)) end,
      "baddbmm: expected a 3-d and a 3-d tensor, got 2-d and 2-d")
  end)
end)
