-- cat, stack, index_select, gather, scatter_add, index_add (values computed by hand, every error
-- by its exact text) and gradients through them and through t[...] under a tape, checked against
-- central finite differences in float64.
local lt = require "luatensor"

-- m = 0..11 as (3, 4): m[{i, j}] == 4(i-1) + (j-1)
local function m34() return lt.arange(12):view(3, 4) end
local function I(t, dtype) return lt.tensor(t, dtype or lt.int64) end
local function layout(t) return {t:size(), t:stride(), t:storage_offset()} end

-- Checks the tape's gradients of f(inputs...) against central differences (eps 1e-6) of
-- sum(f(inputs...) * w) for a random output gradient w. inputs: contiguous float64 tensors.
local EPS, TOL = 1e-6, 1e-6
local function gradcheck(f, inputs)
  local w = lt.randn_like(f(table.unpack(inputs)))
  local tp = lt.tape()
  for _, x in ipairs(inputs) do tp:watch(x) end
  local y = f(table.unpack(inputs))
  tp:stop()
  local grads = tp:gradient(y, inputs, w)
  local function loss() return (f(table.unpack(inputs)) * w):sum():item() end
  for k, x in ipairs(inputs) do
    local g = grads[k]
    if g ~= nil then
      assert.are.same(x:size(), g:size())
      assert.are.equal(lt.float64, g.dtype)
      g = g:contiguous():view(-1)
    end
    local flat = x:view(-1)
    for i = 1, x:numel() do
      local v = flat[i]
      flat[i] = v + EPS
      local up = loss()
      flat[i] = v - EPS
      local down = loss()
      flat[i] = v
      local numeric, analytic = (up - down) / (2 * EPS), g ~= nil and g[i] or 0
      if math.abs(numeric - analytic) > TOL * (1 + math.abs(numeric)) then
        error(string.format("input %d, element %d: tape %.10g, finite differences %.10g", k, i, analytic, numeric), 2)
      end
    end
  end
  return grads
end

local function randn(...) return lt.randn(...):double() end

describe("cat", function()
  it("joins along dim 1 by default, along any dim, negative ones from the end", function()
    local m = m34()
    assert.are.same({{0, 1, 2, 3}, {4, 5, 6, 7}, {8, 9, 10, 11}, {0, 1, 2, 3}}, lt.cat({m, m[{{1}}]}):totable())
    local want = {{0, 1, 2, 3, 0, 1}, {4, 5, 6, 7, 4, 5}, {8, 9, 10, 11, 8, 9}}
    assert.are.same(want, lt.cat({m, m[{{}, {1, 2}}]}, 2):totable())
    assert.are.same(want, lt.cat({m, m[{{}, {1, 2}}]}, -1):totable())
    assert.are.same({1, 2, 3, 4, 5, 6}, lt.cat({I{1, 2}, I{3}, I{4, 5, 6}}):totable())
  end)

  it("joins 3-d tensors in the middle dim", function()
    local a = lt.arange(8):view(2, 2, 2)
    local c = lt.cat({a, a * 10}, 2)
    assert.are.same({{{0, 1}, {2, 3}, {0, 10}, {20, 30}}, {{4, 5}, {6, 7}, {40, 50}, {60, 70}}}, c:totable())
    assert.are.same({{2, 4, 2}, {8, 2, 1}, 0}, layout(c))
  end)

  it("reads non-contiguous inputs", function()
    local m = m34()
    local c = lt.cat({m:t(), m[{{1, 3, 2}}]:t()}, 2)
    assert.are.same({{0, 4, 8, 0, 8}, {1, 5, 9, 1, 9}, {2, 6, 10, 2, 10}, {3, 7, 11, 3, 11}}, c:totable())
    assert.is_true(c:is_contiguous())
    assert.are.same({3, 2, 1, 0}, lt.cat({lt.arange(4)[{{-1, 1, -1}}]}):totable())
  end)

  it("promotes dtypes", function()
    local c = lt.cat({I{1, 2}, lt.tensor({0.5})})
    assert.are.equal(lt.float32, c.dtype)
    assert.are.same({1, 2, 0.5}, c:totable())
    assert.are.equal(lt.int64, lt.cat({I({1}, lt.int32), I{2}}).dtype)
    local u = lt.cat({lt.tensor({true}), I({2}, lt.uint8)})
    assert.are.equal(lt.uint8, u.dtype)
    assert.are.same({1, 2}, u:totable())
    assert.are.equal(lt.float64, lt.cat({lt.ones(1), lt.ones(1, lt.float64)}).dtype)
    local b = lt.cat({lt.tensor({true, false}), lt.tensor({true})})
    assert.are.equal(lt.bool, b.dtype)
    assert.are.same({true, false, true}, b:totable())
  end)

  it("takes empty inputs; 1-d tensors of size 0 are skipped beside any rank (PyTorch's legacy rule)", function()
    assert.are.same({2, 3}, lt.cat({lt.zeros(0, 3), lt.ones(2, 3)}):size())
    assert.are.same({2, 3}, lt.cat({lt.zeros(2, 0), lt.ones(2, 3)}, 2):size())
    assert.are.same({0, 3}, lt.cat({lt.zeros(0, 3), lt.zeros(0, 3)}):size())
    local m = m34()
    local c = lt.cat({lt.zeros(0), m})               -- still promotes: float32
    assert.are.equal(lt.float32, c.dtype)
    assert.are.same(m:totable(), c:totable())
    assert.are.same(m:totable(), lt.cat({m, lt.zeros(0, lt.int64)}, 2):totable()) -- dim counts m's dims
    assert.are.same({0}, lt.cat({lt.zeros(0), lt.zeros(0)}):size())
  end)

  it("always copies", function()
    local m = m34()
    local c = lt.cat({m})
    c[{1, 1}] = 100
    assert.are.equal(0, m[{1, 1}])
  end)

  it("errors name the problem", function()
    local m = m34()
    assert.has_error(function() lt.cat({m, "x"}) end, "cat: expected a list of tensors, item 2 is a string")
    assert.has_error(function() lt.cat(m) end, "cat: expected a list of tensors, got a tensor")
    assert.has_error(function() lt.cat(3) end, "cat: expected a list of tensors, got a number")
    assert.has_error(function() lt.cat({}) end, "cat: expected a non-empty list of tensors")
    assert.has_error(function() lt.cat({m, lt.zeros(2, 3, 4)}) end,
      "cat: tensors must have the same number of dims (2-d and 3-d)")
    assert.has_error(function() lt.cat({lt.zeros(2, 3), lt.zeros(2, 4)}) end,
      "cat: sizes must match except in dimension 1: (2, 3) and (2, 4)")
    assert.has_error(function() lt.cat({lt.zeros(2, 3), lt.zeros(3, 3)}, 2) end,
      "cat: sizes must match except in dimension 2: (2, 3) and (3, 3)")
    assert.has_error(function() lt.cat({m}, 3) end,
      "cat: dimension 3 out of range for a 2-d tensor (expected 1..2 or -2..-1)")
    assert.has_error(function() lt.cat({m, lt.tensor(1)}) end,
      "cat: zero-dimensional tensor (item 2) cannot be concatenated")
    assert.has_error(function() lt.cat({m}, "x") end, "bad argument #2 to 'cat' (number expected, got string)")
    local freed = lt.ones(2)
    freed:free()
    assert.has_error(function() lt.cat({m, freed}) end, "cat: item 2 of the list is a freed tensor")
  end)
end)

describe("stack", function()
  it("stacks along a new dim, 1 by default, up to one past the last", function()
    local a, b = I{1, 2, 3}, I{4, 5, 6}
    assert.are.same({{1, 2, 3}, {4, 5, 6}}, lt.stack({a, b}):totable())
    assert.are.same({{1, 4}, {2, 5}, {3, 6}}, lt.stack({a, b}, 2):totable())
    assert.are.same({{1, 4}, {2, 5}, {3, 6}}, lt.stack({a, b}, -1):totable())
    local p, q = I{{1, 2}, {3, 4}}, I{{10, 20}, {30, 40}}
    assert.are.same({{{1, 2}, {10, 20}}, {{3, 4}, {30, 40}}}, lt.stack({p, q}, 2):totable())
    assert.are.same({{{1, 10}, {2, 20}}, {{3, 30}, {4, 40}}}, lt.stack({p, q}, 3):totable())
    assert.are.same({{{1, 10}, {2, 20}}, {{3, 30}, {4, 40}}}, lt.stack({p, q}, -1):totable())
  end)

  it("stacks 0-d tensors into a vector, promotes, reads non-contiguous inputs", function()
    local s = lt.stack({lt.tensor(1.5), lt.tensor(2.5)})
    assert.are.same({2}, s:size())
    assert.are.same({1.5, 2.5}, s:totable())
    assert.are.equal(lt.float64, lt.stack({I{1}, lt.ones(1, lt.float64)}).dtype)
    local mt = m34():t()
    local r = lt.stack({mt, mt[{{-1, 1, -1}}]})
    assert.are.same({2, 4, 3}, r:size())
    assert.are.same({{0, 4, 8}, {1, 5, 9}, {2, 6, 10}, {3, 7, 11}}, r[1]:totable())
    assert.are.same({{3, 7, 11}, {2, 6, 10}, {1, 5, 9}, {0, 4, 8}}, r[2]:totable())
    assert.are.same({2, 0, 2}, lt.stack({lt.zeros(0, 2), lt.zeros(0, 2)}):size())
  end)

  it("errors name the problem", function()
    local m = m34()
    assert.has_error(function() lt.stack({m, m:t()}) end,
      "stack: all tensors must have the same shape, got (3, 4) at item 1 and (4, 3) at item 2")
    assert.has_error(function() lt.stack({m}, 4) end,
      "stack: dimension 4 out of range for a 2-d tensor (expected 1..3 or -3..-1)")
    assert.has_error(function() lt.stack({m, 1}) end, "stack: expected a list of tensors, item 2 is a number")
    assert.has_error(function() lt.stack({}) end, "stack: expected a non-empty list of tensors")
  end)
end)

describe("index_select", function()
  it("selects slices in index order, repeated and negative indices allowed", function()
    local m = m34()
    assert.are.same({{8, 9, 10, 11}, {0, 1, 2, 3}, {8, 9, 10, 11}}, m:index_select(1, I{3, 1, 3}):totable())
    assert.are.same({{3, 0}, {7, 4}, {11, 8}}, m:index_select(2, I{-1, 1}):totable())
    assert.are.same({{3, 0}, {7, 4}, {11, 8}}, lt.index_select(m, -1, I{4, -4}):totable())
    assert.are.same({{1, 2}, {5, 6}, {9, 10}}, m:index_select(2, I({2, 3}, lt.int32)):totable())
  end)

  it("takes a 0-d index (a size-1 dim) and an empty one", function()
    local m = m34()
    assert.are.same({{4, 5, 6, 7}}, m:index_select(1, lt.tensor(2)):totable())
    assert.are.same({0, 4}, m:index_select(1, lt.zeros(0, lt.int64)):size())
    assert.are.same({3, 0}, m:index_select(2, lt.zeros(0, lt.int32)):size())
  end)

  it("reads non-contiguous tensors and indices", function()
    local m = m34()
    assert.are.same({{4}, {5}, {6}, {7}}, m:t():index_select(2, I{2}):totable())
    local idx = I{1, 9, 3, 9, 2}[{{1, 5, 2}}]       -- 1, 3, 2 with stride 2
    assert.are.same({{0, 1, 2, 3}, {8, 9, 10, 11}, {4, 5, 6, 7}}, m:index_select(1, idx):totable())
    local a = lt.arange(24):view(2, 3, 4)
    local s = a:index_select(2, I{3, 1})
    assert.are.same({2, 2, 4}, s:size())
    assert.are.same({{{8, 9, 10, 11}, {0, 1, 2, 3}}, {{20, 21, 22, 23}, {12, 13, 14, 15}}}, s:totable())
  end)

  it("keeps every dtype", function()
    for _, dt in ipairs({lt.float32, lt.float64, lt.int32, lt.int64, lt.uint8}) do
      local r = lt.tensor({5, 6, 7}, dt):index_select(1, I{3, 1})
      assert.are.equal(dt, r.dtype)
      assert.are.same({7, 5}, r:totable())
    end
    assert.are.same({false, true}, lt.tensor({true, false}):index_select(1, I{2, 1}):totable())
  end)

  it("errors name the problem", function()
    local m = m34()
    assert.has_error(function() m:index_select(2, I{{1}}) end, "index_select: index must be a 1-d tensor, got a 2-d tensor")
    assert.has_error(function() m:index_select(2, I{1, 0}) end, "index_select: index 0 out of range for dimension 2 of size 4")
    assert.has_error(function() m:index_select(1, I{4}) end, "index_select: index 4 out of range for dimension 1 of size 3")
    assert.has_error(function() m:index_select(1, I{-4}) end, "index_select: index -4 out of range for dimension 1 of size 3")
    assert.has_error(function() m:index_select(1, lt.tensor({1.0})) end,
      "index_select: index must be an int64 or int32 tensor, got float32")
    assert.has_error(function() m:index_select(1, lt.tensor({true})) end,
      "index_select: index must be an int64 or int32 tensor, got bool")
    assert.has_error(function() m:index_select(3, I{1}) end,
      "index_select: dimension 3 out of range for a 2-d tensor (expected 1..2 or -2..-1)")
    assert.has_error(function() m:index_select(1, {1}) end,
      "bad argument #2 to 'index_select' (luatensor.Tensor expected, got table)")
  end)
end)

describe("large index_select and gather", function()
  it("split over threads give the same results as reversed slices", function()
    local x = lt.randn(300, 300)                        -- 90,000 elements: more than one thread's share
    local rev = lt.arange(300, 0, -1)                   -- 300, 299, ..., 1
    assert.is_true(x:index_select(1, rev):eq(x[{{-1, 1, -1}}]):all():item())
    assert.is_true(x:gather(2, rev:view(1, 300):expand(300, 300)):eq(x[{{}, {-1, 1, -1}}]):all():item())
    local g = lt.zeros(300, 300):scatter_add(2, rev:view(1, 300):expand(300, 300), x)
    assert.is_true(g:eq(x[{{}, {-1, 1, -1}}]):all():item())
  end)
end)

describe("gather", function()
  it("takes out[i][j] = t[i][index[i][j]] along dim 2", function()
    local m = m34()
    local idx = I{{1, 1}, {4, 3}, {-1, 2}}
    assert.are.same({{0, 0}, {7, 6}, {11, 9}}, m:gather(2, idx):totable())
    assert.are.same({{0, 0}, {7, 6}, {11, 9}}, lt.gather(m, -1, idx):totable())
    assert.are.same({{1}, {6}}, m:gather(2, I{{2}, {3}}):totable())   -- fewer rows than m
  end)

  it("takes out[i][j] = t[index[i][j]][j] along dim 1", function()
    local m = m34()
    assert.are.same({{8, 5, 2, 3}}, m:gather(1, I{{3, 2, 1, 1}}):totable())
    assert.are.same({{8, 5}, {0, 1}, {4, 9}, {8, 9}}, m:gather(1, I({{3, 2}, {1, 1}, {2, 3}, {-1, -1}}, lt.int32)):totable())
  end)

  it("gathers 3-d tensors, non-contiguous tensors and indices, empty indices", function()
    local a = lt.arange(24):view(2, 3, 4)
    assert.are.same({{{3}, {7}, {11}}, {{15}, {19}, {23}}}, a:gather(3, lt.full({2, 3, 1}, 4)):totable())
    local m = m34()
    assert.are.same({{3, 4, 9}}, m:t():gather(1, I{{4, 1, 2}}):totable())
    local idx = I{{1, 3}, {2, 1}}:t()               -- {{1, 2}, {3, 1}}, strides (1, 2)
    assert.are.same({{0, 1}, {6, 4}}, m:gather(2, idx):totable())
    assert.are.same({0, 4}, m:gather(1, lt.zeros(0, 4, lt.int64)):size())
  end)

  it("keeps every dtype", function()
    local f = lt.tensor({{1.5, 2.5}, {3.5, 4.5}}, lt.float64):gather(2, I{{2}, {1}})
    assert.are.equal(lt.float64, f.dtype)
    assert.are.same({{2.5}, {3.5}}, f:totable())
    assert.are.same({{false, true}}, lt.tensor({{true, false}}):gather(2, I{{2, 1}}):totable())
    assert.are.same({{7, 7}}, lt.tensor({{7, 8}}, lt.uint8):gather(2, I{{1, 1}}):totable())
  end)

  it("errors name the problem", function()
    local m = m34()
    assert.has_error(function() m:gather(2, I{{5}}) end, "gather: index 5 out of range for dimension 2 of size 4")
    assert.has_error(function() m:gather(2, I{{1, 0}}) end, "gather: index 0 out of range for dimension 2 of size 4")
    assert.has_error(function() m:gather(2, lt.tensor({{1.0}})) end, "gather: index must be an int64 or int32 tensor, got float32")
    assert.has_error(function() m:gather(2, I{1}) end, "gather: index and the input must have the same number of dims (1-d and 2-d)")
    assert.has_error(function() m:gather(1, lt.ones(2, 5, lt.int64)) end,
      "gather: index (2, 5) must not be larger than the input (3, 4) except in dimension 1")
    assert.has_error(function() lt.tensor(1):gather(1, I(1)) end,
      "gather: dimension 1 out of range (a 0-d tensor has no dimensions)")
  end)
end)

describe("scatter_add", function()
  it("adds src at the indices along dim; repeated indices accumulate", function()
    local r = lt.zeros(3, 4):scatter_add(2, I{{1, 1}, {4, 4}, {-1, 1}}, lt.ones(3, 2))
    assert.are.same({{2, 0, 0, 0}, {0, 0, 0, 2}, {1, 0, 0, 1}}, r:totable())
    local m = m34()
    local s = m:scatter_add(1, I{{1, 2, 3, 1}}, I{{10, 20, 30, 40}})
    assert.are.same({{10, 1, 2, 43}, {4, 25, 6, 7}, {8, 9, 40, 11}}, s:totable())
    assert.are.same({{0, 1, 2, 3}, {4, 5, 6, 7}, {8, 9, 10, 11}}, m:totable())  -- out of place
  end)

  it("reads only the part of src the index covers", function()
    local r = lt.zeros(2, 3):scatter_add(1, I{{2, 1}}, lt.tensor({{1, 2, 3}, {4, 5, 6}}))
    assert.are.same({{0, 2, 0}, {1, 0, 0}}, r:totable())
  end)

  it("promotes dtypes, wraps integers, ors bools", function()
    local r = lt.zeros(2, lt.int64):scatter_add(1, I{2}, lt.tensor({0.5}))
    assert.are.equal(lt.float32, r.dtype)
    assert.are.same({0, 0.5}, r:totable())
    assert.are.same({4}, lt.tensor({250}, lt.uint8):scatter_add(1, I{1, 1}, lt.tensor({5, 5}, lt.uint8)):totable())
    assert.are.same({true, false}, lt.tensor({false, false}):scatter_add(1, I{1, 1}, lt.tensor({true, true})):totable())
  end)

  it("reads non-contiguous tensors", function()
    local m = m34()
    local src = lt.full({4, 2}, 100)[{{}, {2}}]       -- (4, 1), strides (2, 1)
    local r = m:t():scatter_add(2, I{{3}, {3}, {1}, {1}}, src)
    assert.are.same({{0, 4, 108}, {1, 5, 109}, {102, 6, 10}, {103, 7, 11}}, r:totable())
  end)

  it("scatter_add_ adds in place and returns the tensor", function()
    local z = lt.zeros(3)
    local r = z:scatter_add_(1, I{1, 3, 3}, lt.tensor({1, 2, 3}))
    assert.are.equal(z, r)
    assert.are.same({1, 0, 5}, z:totable())
    local i = lt.zeros(2, lt.int64)
    i:scatter_add_(1, I{2}, I({7}, lt.int32))           -- int32 into int64
    assert.are.same({0, 7}, i:totable())
    local v = lt.arange(4)                               -- src overlapping the target is read first
    v:scatter_add_(1, I{2, 3, 4}, v[{{1, 3}}])
    assert.are.same({0, 1, 3, 5}, v:totable())
  end)

  it("errors name the problem", function()
    local m = m34()
    assert.has_error(function() m:scatter_add(1, I{{1}}, lt.ones(1)) end,
      "scatter_add: index, src and the input must have the same number of dims (2-d, 1-d and 2-d)")
    assert.has_error(function() m:scatter_add(1, I{{1, 1}}, lt.ones(1, 1)) end,
      "scatter_add: index (1, 2) must not be larger than src (1, 1)")
    assert.has_error(function() m:scatter_add(1, I{{1, 1, 1, 1, 1}}, lt.ones(1, 5)) end,
      "scatter_add: index (1, 5) must not be larger than the input (3, 4) except in dimension 1")
    assert.has_error(function() m:scatter_add(1, I{{4}}, lt.ones(1, 1)) end,
      "scatter_add: index 4 out of range for dimension 1 of size 3")
    assert.has_error(function() m:scatter_add_(1, I{{1}}, lt.ones(1, 1)) end,
      "scatter_add_: src of dtype float32 cannot be added into a tensor of dtype int64")
    assert.has_error(function() m:expand(2, 3, 4):scatter_add_(1, I{{{1}}}, I{{{1}}}) end,
      "scatter_add_: cannot write into a tensor where several elements share memory (an expanded view); clone it first")
    assert.has_error(function() m:scatter_add(1, I{{1}}) end,
      "bad argument #3 to 'scatter_add' (luatensor.Tensor expected, got no value)")
  end)
end)

describe("index_add", function()
  it("adds src's slices at the indexed slices; repeated indices accumulate", function()
    assert.are.same({{2, 2, 2, 2}, {0, 0, 0, 0}, {0, 0, 0, 0}}, lt.zeros(3, 4):index_add(1, I{1, 1}, lt.ones(2, 4)):totable())
    local m = m34()
    local r = m:index_add(2, I{4, -4}, I{{1, 2}, {3, 4}, {5, 6}})
    assert.are.same({{2, 1, 2, 4}, {8, 5, 6, 10}, {14, 9, 10, 16}}, r:totable())
    assert.are.same({{0, 0}, {1, 1}}, lt.zeros(2, 2):index_add(1, lt.tensor(2), lt.ones(1, 2)):totable())
    assert.are.same({{1, 1, 1}}, lt.ones(1, 3):index_add(1, lt.zeros(0, lt.int32), lt.ones(0, 3)):totable())
  end)

  it("reads non-contiguous tensors and indices", function()
    local m = m34()
    local r = m:t():index_add(1, I{9, 1, 9, 4}[{{2, 4, 2}}], lt.tensor({{1, 2, 3}, {10, 20, 30}}))
    assert.are.equal(lt.int64, r.dtype)
    assert.are.same({{1, 6, 11}, {1, 5, 9}, {2, 6, 10}, {13, 27, 41}}, r:totable())
  end)

  it("index_add_ adds in place and returns the tensor", function()
    local z = lt.zeros(2, 2, lt.float64)
    assert.are.equal(z, z:index_add_(2, I{2, 2}, lt.ones(2, 2)))
    assert.are.same({{0, 2}, {0, 2}}, z:totable())
  end)

  it("errors name the problem", function()
    local m = m34()
    assert.has_error(function() m:index_add(1, I{1}, lt.ones(2, 4)) end,
      "index_add: src must have size 1 (the number of indices) in dimension 1, got 2")
    assert.has_error(function() m:index_add(1, I{1}, lt.ones(1, 3)) end,
      "index_add: sizes of src and the input must match except in dimension 1: (1, 3) and (3, 4)")
    assert.has_error(function() m:index_add(1, I{1}, lt.ones(4)) end,
      "index_add: src and the input must have the same number of dims (1-d and 2-d)")
    assert.has_error(function() m:index_add(1, I{{1}}, lt.ones(1, 4)) end,
      "index_add: index must be a 1-d tensor, got a 2-d tensor")
    assert.has_error(function() m:index_add(2, I{5}, lt.ones(3, 1)) end,
      "index_add: index 5 out of range for dimension 2 of size 4")
    assert.has_error(function() m:index_add_(2, I{1}, lt.ones(3, 1, lt.float64)) end,
      "index_add_: src of dtype float64 cannot be added into a tensor of dtype int64")
  end)
end)

describe("indexing under a tape", function()
  -- every index form of spec/view_spec.lua builds the same view with a tape following the tensor
  local function forms(n)
    return {1, -1, n, {}, {1}, {-1}, {1, n}, {2, n}, {1, n, 2}, {-1, 1, -1}, {n, 1, -2}, {2, 1}, {1, n, 20},
            {1, 0}, {2, 3, -1}, {n, n}}
  end

  local function get(x, key) return x[key] end
  local function same_both_ways(x, key)
    local ok1, plain = pcall(get, x, key)
    local tp = lt.tape()
    tp:watch(x)
    local ok2, taped = pcall(get, x, key)
    tp:stop()
    assert.are.equal(ok1, ok2)
    if not ok1 then return assert.are.equal(plain, taped) end
    if type(plain) ~= "userdata" then return assert.are.equal(plain, taped) end
    assert.is_true(#tp >= 1)                            -- built from recorded views
    assert.are.same(layout(plain), layout(taped))
    assert.are.same(plain:totable(), taped:totable())
  end

  it("gives the layout the plain path gives, for every index form", function()
    local base = lt.arange(60):double()
    local tensors = {
      base:view(3, 4, 5),
      base:view(3, 4, 5):transpose(1, 3),
      base:view(3, 4, 5)[{{3, 1, -2}, {}, {2, 5, 2}}],
      base:view(4, 15),
      base[{{2, 20, 3}}],
      lt.zeros(0, 3, lt.float64),
      lt.zeros(2, 3, lt.float64):expand(4, 2, 3),
    }
    local count = 0
    for _, x in ipairs(tensors) do
      local f1, f2 = forms(x:size(1)), x:dim() > 1 and forms(x:size(2)) or {}
      for _, a in ipairs(f1) do
        same_both_ways(x, a)
        same_both_ways(x, {a})
        for _, b in ipairs(f2) do same_both_ways(x, {a, b}); same_both_ways(x, {b, {}, a}); count = count + 2 end
      end
      same_both_ways(x, {})
    end
    same_both_ways(lt.tensor(2.5, lt.float64), {})
    assert.is_true(count > 1000)
  end)

  it("records selects and slices, one per entry", function()
    local x = randn(3, 4)
    local tp = lt.tape()
    tp:watch(x)
    local _ = x[{2, {1, -1, -1}}]
    local names = {}
    for _, e in tp:ops() do names[#names + 1] = e.name end
    assert.are.same({"select", "slice"}, names)
  end)

  it("has gradients: x[{{1,3,2},{}}], x[2], x[{2, {1,-1,-1}}] and more", function()
    local x = randn(3, 4)
    local g = gradcheck(function(t) return t[{{1, 3, 2}, {}}] end, {x})[1]
    assert.are.same({{1, 1, 1, 1}, {0, 0, 0, 0}, {1, 1, 1, 1}}, (g:ne(0)):long():totable())
    gradcheck(function(t) return t[2] end, {x})
    gradcheck(function(t) return t[{2, {1, -1, -1}}] end, {x})
    gradcheck(function(t) return t[{{-1, 1, -1}, {2, 3}}] end, {x})
    gradcheck(function(t) return t[{{}, -1}] end, {x})
    gradcheck(function(t) return t[{}] end, {x})
    gradcheck(function(t) return t:t()[{{1, 3, 2}, 2}] end, {x})
    gradcheck(function(t) return t[{{2, 1}}] end, {x})
    gradcheck(function(t) return t[{{2}, {1, 4, 3}}] * t[{{3}, {-1, 1, -3}}] end, {x})
  end)

  it("an untracked tensor is indexed without recording", function()
    local x, c = randn(3), randn(3)
    local tp = lt.tape()
    tp:watch(x)
    local _ = c[{{1, 2}}]
    assert.are.equal(0, #tp)
    tp:stop()
  end)

  it("refuses assignment into a tracked tensor (or of a tracked value) while recording", function()
    local msg = "newindex: cannot assign into a tensor while a tape records it or the value assigned; " ..
                "build a new tensor instead (e.g. with where, masked_fill or cat)"
    local x, z = randn(3), lt.zeros(3, lt.float64)
    local tp = lt.tape()
    tp:watch(x)
    assert.has_error(function() x[1] = 5 end, msg)
    assert.has_error(function() x[{{1, 2}}] = 5 end, msg)
    assert.has_error(function() z[{}] = x end, msg)
    z[{}] = 1                                           -- untracked: fine
    tp:stop()
    x[1] = 5                                            -- no longer recording
    assert.are.equal(5, x[1])
  end)
end)

describe("gradients", function()
  it("of cat: a narrow of the gradient for each input, along any dim, several entries deep", function()
    gradcheck(function(a, b) return lt.cat({a, b}) end, {randn(2, 3), randn(1, 3)})
    gradcheck(function(a, b) return lt.cat({a, b, a}, -1) end, {randn(2, 3), randn(2, 1)})
    local xs = {randn(2), randn(3), randn(1), randn(2), randn(4)}
    gradcheck(function(...) return lt.cat({...}) end, xs)
    gradcheck(function(a, b) return lt.cat({a:t(), lt.ones(2, 2, lt.float64), b[{{3, 1, -2}}]:t()}, 2) end,
      {randn(3, 2), randn(3, 2)})
    gradcheck(function(a, b) return lt.cat({lt.zeros(0, lt.float64), a, b}) end, {randn(2, 2), randn(1, 2)})
  end)

  it("of cat with mixed dtypes comes back in each input's dtype", function()
    local a, b = lt.randn(2), randn(3)
    local tp = lt.tape()
    tp:watch(a, b)
    local g = tp:gradient(lt.cat({a, b}) * 2, {a, b})
    assert.are.equal(lt.float32, g[1].dtype)
    assert.are.same({2, 2}, g[1]:totable())
    assert.are.same({2, 2, 2}, g[2]:totable())
  end)

  it("of a skipped empty input is an empty tensor", function()
    local e, a = lt.zeros(0, lt.float64), randn(2, 2)
    local tp = lt.tape()
    tp:watch(e, a)
    local g = tp:gradient(lt.cat({e, a}), {e, a})
    assert.are.same({0}, g[1]:size())
  end)

  it("of stack: a select of the gradient", function()
    gradcheck(function(a, b) return lt.stack({a, b}) end, {randn(2, 3), randn(2, 3)})
    gradcheck(function(a, b, c) return lt.stack({a, b, c, a}, 2) end, {randn(2, 3), randn(2, 3), randn(2, 3)})
    gradcheck(function(a, b) return lt.stack({a, b:t()}, -1) end, {randn(2, 3), randn(3, 2)})
    gradcheck(function(a, b) return lt.stack({a, b}) end, {randn(), randn()})
  end)

  it("of index_select: repeated indices accumulate", function()
    local x = randn(3, 4)
    gradcheck(function(t) return t:index_select(1, I{3, 1, 3, -1}) end, {x})
    local tp = lt.tape()
    tp:watch(x)
    assert.are.same({{1, 1, 1, 1}, {0, 0, 0, 0}, {3, 3, 3, 3}}, tp:gradient(x:index_select(1, I{3, 1, 3, -1}), x):totable())
    gradcheck(function(t) return t:index_select(2, I({2, 2, 4}, lt.int32)) end, {x})
    gradcheck(function(t) return t:t():index_select(-1, I{1, 1}) end, {x})
  end)

  it("of gather: scatter_add into zeros", function()
    local x = randn(3, 4)
    gradcheck(function(t) return t:gather(2, I{{1, 1, 4}, {2, 2, 2}, {-1, 3, 1}}) end, {x})
    gradcheck(function(t) return t:gather(1, I{{3, 3, 1, 2}}) end, {x})
    gradcheck(function(t) return t:t():gather(2, I({{3, 1}, {1, 1}}, lt.int32)) end, {x})
    local tp = lt.tape()
    tp:watch(x)
    local idx = I{{1, 3}, {1, 4}}:t()               -- {{1, 1}, {3, 4}}, non-contiguous
    assert.are.same({{2, 0, 0, 0}, {0, 0, 1, 1}, {0, 0, 0, 0}}, tp:gradient(x:gather(2, idx), x):totable())
  end)

  it("of scatter_add and index_add: the input's gradient passes, src's is gathered", function()
    gradcheck(function(t, s) return t:scatter_add(2, I{{1, 1}, {4, 2}, {-1, 1}}, s) end, {randn(3, 4), randn(3, 2)})
    -- src larger than the index: its other elements get zero gradient
    local grads = gradcheck(function(t, s) return t:scatter_add(1, I{{2, 1}}, s) end, {randn(2, 3), randn(2, 3)})
    assert.are.same({0, 0, 0}, grads[2][2]:totable())
    assert.are.equal(0, grads[2][{1, 3}])
    gradcheck(function(t, s) return t:index_add(1, I{3, 1, 3}, s) end, {randn(3, 2), randn(3, 2)})
    gradcheck(function(t, s) return t:index_add(2, I{-1}, s:t()) end, {randn(3, 2), randn(1, 3)})
  end)

  it("of the gradients themselves (outer tapes record the backward pass)", function()
    -- d/dx of sum(w * grad of sum(y^3)) with y = gather(x) or index_select(x): the backward ops
    -- (scatter_add, index_add, gather, index_select) are differentiated in turn
    local function grad_of(f)
      return function(x)
        local inner = lt.tape()
        inner:watch(x)
        local y = f(x)
        return inner:gradient((y * y * y):sum(), x)
      end
    end
    gradcheck(grad_of(function(x) return x:gather(2, I{{1, 1, 2}, {3, 3, 3}}) end), {randn(2, 3)})
    gradcheck(grad_of(function(x) return x:index_select(1, I{2, 2, 1}) end), {randn(2, 3)})
    gradcheck(grad_of(function(x) return lt.cat({x, x[{{1}}]}):scatter_add(1, I{{1, 2}}, x[{{2}, {1, 2}}]) end),
      {randn(2, 3)})
    gradcheck(grad_of(function(x) return lt.stack({x, x * x})[{{}, 2, {-1, 1, -1}}] end), {randn(2, 3)})
  end)

  it("in-place forms refuse tensors a tape records", function()
    local x = randn(3)
    local tp = lt.tape()
    tp:watch(x)
    local msg = "cannot write into an existing tensor (out argument or in-place form) while a tape records its " ..
                "operands; use the form that returns a new tensor"
    assert.has_error(function() x:index_add_(1, I{1}, lt.ones(1, lt.float64)) end, "index_add_: " .. msg)
    assert.has_error(function() lt.zeros(3, lt.float64):scatter_add_(1, I{1}, x) end, "scatter_add_: " .. msg)
    tp:stop()
  end)
end)
