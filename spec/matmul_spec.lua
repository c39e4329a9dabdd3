-- matmul with PyTorch's semantics, and mm, mv, dot, bmm, outer. Expected values by hand.
local lt = require "luatensor"

local A = function() return lt.tensor({ { 1.0, 2.0 }, { 3.0, 4.0 } }) end
local B = function() return lt.tensor({ { 5.0, 6.0 }, { 7.0, 8.0 } }) end

describe("matmul", function()
  it("multiplies matrices (the second seed article's example)", function()
    local C = A():matmul(B())
    assert.are.same({ { 19, 22 }, { 43, 50 } }, C:totable())
    assert.are.equal("float32", C.dtype)
    assert.are.equal(134, C:sum():item())
    assert.are.same(C:totable(), lt.matmul(A(), B()):totable())
  end)

  it("takes transposed and strided views", function()
    assert.are.same({ { 26, 30 }, { 38, 44 } }, A():t():matmul(B()):totable())
    assert.are.same({ { 17, 23 }, { 39, 53 } }, A():matmul(B():t()):totable())
    assert.are.same({ { 23, 31 }, { 34, 46 } }, A():t():matmul(B():t()):totable())
    local big = lt.arange(16):view(4, 4):double()
    local every_other = big[{ { 1, 4, 2 }, { 1, 4, 2 } }] -- {{0, 2}, {8, 10}}: not BLAS-compatible
    assert.are.same({ { 16, 20 }, { 80, 116 } }, every_other:matmul(every_other):totable())
    local reversed = big[{ { -1, 1, -1 }, {} }]           -- a negative row stride
    assert.are.same({ 12 * 1 + 13 * 1 + 14 * 1 + 15 * 1 }, reversed:matmul(lt.ones(4, 1, lt.float64)):totable()[1])
  end)

  it("treats vectors as PyTorch does", function()
    local v = lt.tensor({ 1.0, 2.0 })
    local d = v:matmul(lt.tensor({ 3.0, 4.0 }))
    assert.are.equal(0, d:dim())
    assert.are.equal(11, d:item())
    assert.are.same({ 19, 22 }, v:matmul(B()):totable())   -- row vector
    assert.are.same({ 17, 35 }, A():matmul(lt.tensor({ 1.0, 8.0 })):totable()) -- column vector
  end)

  it("broadcasts batch dims", function()
    local a = lt.ones(4, 2, 3)
    local r = a:matmul(lt.ones(3, 5))
    assert.are.same({ 4, 2, 5 }, r:size())
    assert.are.equal(3, r[{ 1, 1, 1 }])
    local x = lt.arange(1, 7):view(2, 1, 1, 3):float()     -- batch (2, 1) of 1x3 matrices
    local y = lt.arange(1, 10):view(1, 3, 3):expand(3, 3, 3):float()
    local z = x:matmul(y)
    assert.are.same({ 2, 3, 1, 3 }, z:size())
    assert.are.same({ 30, 36, 42 }, z[{ 1, 1, 1 }]:totable())  -- {1,2,3} . [[1..9]]
    assert.are.same({ 66, 81, 96 }, z[{ 2, 3, 1 }]:totable())  -- {4,5,6}
    assert.are.same({ 2, 3 }, lt.ones(2, 3, 4):matmul(lt.ones(4)):size())
  end)

  it("works for integers, promotes mixed dtypes and refuses bool", function()
    local r = lt.arange(6):view(2, 3):matmul(lt.arange(6):view(3, 2))
    assert.are.equal("int64", r.dtype)
    assert.are.same({ { 10, 13 }, { 28, 40 } }, r:totable())
    assert.are.equal("int32", lt.ones(2, 2, lt.int32):matmul(lt.ones(2, 2, lt.int32)).dtype)
    assert.are.equal("float64", A():matmul(B():double()).dtype)
    assert.are.same({ { 19, 22 }, { 43, 50 } }, A():matmul(lt.tensor({ { 5, 6 }, { 7, 8 } })):totable())
    assert.has_error(function() lt.ones(2, 2, lt.bool):matmul(lt.ones(2, 2, lt.bool)) end,
      "matmul: not supported for dtype bool")
  end)

  it("gives zeros for an empty inner dimension and empty results for empty outer ones", function()
    assert.are.same({ { 0, 0, 0 }, { 0, 0, 0 } }, lt.ones(2, 0):matmul(lt.ones(0, 3)):totable())
    assert.are.same({ 0, 3 }, lt.ones(0, 2):matmul(lt.ones(2, 3)):size())
  end)

  it("writes into out and returns it", function()
    local out = lt.empty(2, 2, lt.float64)
    assert.are.equal(out, lt.matmul(A(), B(), out))
    assert.are.same({ { 19, 22 }, { 43, 50 } }, out:totable())
    assert.has_error(function() lt.matmul(A(), B(), lt.empty(3, 2)) end,
      "matmul: out has shape (3, 2) but the result has shape (2, 2)")
    assert.has_error(function() lt.matmul(A(), B(), lt.empty(2, 2, lt.int64)) end,
      "matmul: result type float32 can't be cast to the desired output type int64")
  end)

  it("names both shapes when they cannot be multiplied", function()
    assert.has_error(function() lt.ones(2, 3):matmul(lt.ones(4, 5)) end,
      "matmul: shapes (2x3) and (4x5) cannot be multiplied (3 != 4)")
    assert.has_error(function() lt.ones(3):matmul(lt.ones(4)) end,
      "matmul: shapes (3) and (4) cannot be multiplied (3 != 4)")
    assert.has_error(function() lt.ones(2, 2, 3):matmul(lt.ones(3, 3, 4)) end,
      "matmul: the batch size of tensor a (2) must match the batch size of tensor b (3) at dimension 1")
    assert.has_error(function() lt.tensor(1.0):matmul(lt.ones(2)) end,
      "matmul: both operands need at least 1 dimension, got 0-d and 1-d")
  end)
end)

describe("mm, mv, dot, bmm, outer", function()
  it("compute their products", function()
    assert.are.same({ { 19, 22 }, { 43, 50 } }, lt.mm(A(), B()):totable())
    assert.are.same({ 3, 7 }, A():mv(lt.ones(2)):totable())
    assert.are.equal(11, lt.dot(lt.tensor({ 1.0, 2.0 }), lt.tensor({ 3.0, 4.0 })):item())
    local r = lt.bmm(lt.ones(2, 2, 3), lt.ones(2, 3, 4))
    assert.are.same({ 2, 2, 4 }, r:size())
    assert.are.equal(48, r:sum():item())
    assert.are.same({ { 1, 2, 3 }, { 2, 4, 6 } }, lt.outer(lt.tensor({ 1.0, 2.0 }), lt.tensor({ 1.0, 2.0, 3.0 })):totable())
  end)

  it("insist on their shapes", function()
    assert.has_error(function() lt.mm(lt.ones(2), B()) end, "mm: expected a 2-d and a 2-d tensor, got 1-d and 2-d")
    assert.has_error(function() lt.mv(A(), A()) end, "mv: expected a 2-d and a 1-d tensor, got 2-d and 2-d")
    assert.has_error(function() lt.dot(lt.ones(2), lt.ones(3)) end, "dot: vectors of different lengths (2 and 3)")
    assert.has_error(function() lt.bmm(lt.ones(2, 2, 2), lt.ones(3, 2, 2)) end, "bmm: batch sizes differ (2 and 3)")
    assert.has_error(function() lt.outer(A(), B()) end, "outer: expected two 1-d tensors, got 2-d and 2-d")
  end)
end)
