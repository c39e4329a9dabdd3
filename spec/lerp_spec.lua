-- lerp(start, end, weight): start + weight * (end - start), exact at both ends (PyTorch's form).
local lt = require "luatensor"

local function close(t, expected, tol)
  local got = t:totable()
  assert.are.equal(#expected, #got)
  for i = 1, #expected do
    assert.is_true(math.abs(got[i] - expected[i]) <= (tol or 1e-6), ("element %d: %s ~= %s"):format(i, got[i], expected[i]))
  end
end

describe("lerp", function()
  local s, e = lt.tensor({ 1.0, 2.0, -3.0 }), lt.tensor({ 11.0, 12.0, 13.0 })

  it("interpolates with a number weight, below and above one half", function()
    close(lt.lerp(s, e, 0.25), { 3.5, 4.5, 1.0 })
    close(s:lerp(e, 0.75), { 8.5, 9.5, 9.0 })
    close(s:lerp(e, -1.0), { -9.0, -8.0, -19.0 }) -- extrapolates
    close(s:lerp(e, 2), { 21.0, 22.0, 29.0 })
  end)

  it("gives the ends exactly", function()
    local a, b = lt.tensor({ 0.1, 1e8, -7.3 }), lt.tensor({ 0.3, -1e-8, 123.456 })
    assert.are.same(a:totable(), a:lerp(b, 0.0):totable())
    assert.are.same(b:totable(), a:lerp(b, 1.0):totable())
    assert.are.same(b:totable(), a:lerp(b, lt.ones(3)):totable())
  end)

  it("takes a tensor weight, broadcast", function()
    close(s:lerp(e, lt.tensor({ 0.0, 0.5, 1.0 })), { 1.0, 7.0, 13.0 })
    local w = lt.tensor({ { 0.0 }, { 1.0 } })          -- (2, 1) against (3)
    local r = s:lerp(e, w)
    assert.are.same({ 2, 3 }, r:size())
    close(r[1], { 1.0, 2.0, -3.0 })
    close(r[2], { 11.0, 12.0, 13.0 })
  end)

  it("promotes float32 and float64 and keeps float32 with a number weight", function()
    assert.are.equal("float32", s:lerp(e, 0.5).dtype)
    assert.are.equal("float64", s:lerp(e:double(), 0.5).dtype)
  end)

  it("has in-place and out forms that return their tensor", function()
    local a = s:clone()
    assert.are.equal(a, a:lerp_(e, 0.5))
    close(a, { 6.0, 7.0, 5.0 })
    local out = lt.empty(3)
    assert.are.equal(out, lt.lerp(s, e, 0.25, out))
    close(out, { 3.5, 4.5, 1.0 })
  end)

  it("refuses integer tensors and shapes that do not broadcast", function()
    assert.has_error(function() lt.lerp(lt.arange(3), lt.arange(3), 0.5) end,
      "lerp: expected floating point tensors, got int64, int64 and a number")
    assert.has_error(function() s:lerp(e, lt.tensor({ 1, 0, 1 })) end,
      "lerp: expected floating point tensors, got float32, float32 and int64")
    assert.has_error(function() s:lerp(lt.ones(2), 0.5) end,
      "lerp: the size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 1")
    assert.has_error(function() s:clone():lerp_(e, lt.zeros(2, 3)) end,
      "lerp_: output with shape (3) doesn't match the broadcast shape (2, 3)")
  end)
end)
