-- matmul with PyTorch's semantics, and mm, mv, dot, bmm, outer. The first two blocks check
-- values worked out by hand; the rest check every rank combination, dtype and memory layout
-- against a plain-Lua reference matmul, and every error by its exact text.
local lt = require "luatensor"
local nested = dofile("spec/support/nested.lua")

local A = function() return lt.tensor({ { 1.0, 2.0 }, { 3.0, 4.0 } }) end
local B = function() return lt.tensor({ { 5.0, 6.0 }, { 7.0, 8.0 } }) end

-- ---------------------------------------------------------------------------------------------
-- The reference: PyTorch's matmul in plain Lua, on dense arrays {shape = {...}, data = {...}}
-- (row-major) read from a tensor with :totable(). A 1-d operand is a row on the left and a
-- column on the right, its dim dropped from the result (1-d . 1-d gives a 0-d result); operands
-- of 3 or more dims are batches whose batch dims broadcast (trailing dims aligned, a missing dim
-- or a dim of 1 stretches). Integers are multiplied and summed in Lua's 64-bit integers, which
-- wrap as int64 does, then wrapped to int32 or uint8 (mod 2^32 or 2^8: the sum of the wrapped
-- products is the wrapped sum).

-- (busted runs a spec with an environment whose globals are slow to look up: the loops below
-- use locals)
local abs, max, mtype, format = math.abs, math.max, math.type, string.format

local FLOAT_DTYPES = { lt.float32, lt.float64 }
local ALL_DTYPES = { lt.float32, lt.float64, lt.int32, lt.int64, lt.uint8 }
-- a float result may differ from the reference by RTOL[dtype] times the sum of the magnitudes of
-- the products it adds up (the scale of a dot product's rounding error, which |result| is not
-- when terms cancel; where none cancel it is |result|, and the check a plain relative one);
-- integer results must be exact
local RTOL = { float32 = 1e-5, float64 = 1e-12 }

local function dense(t)
  return { shape = t:size(), data = nested.flatten(t:totable()) }
end

local function wrap(dtype, x)
  if dtype == lt.int32 then return ((x + 0x80000000) & 0xffffffff) - 0x80000000 end
  if dtype == lt.uint8 then return x & 0xff end
  return x
end

local function shape_str(shape)
  return "(" .. table.concat(shape, "x") .. ")"
end

-- the reference product of dense arrays A and B, computed for result dtype dtype: a dense array
-- with, per element, scale = the sum of |a_ip * b_pj|
local function ref_matmul(A, B, dtype)
  local ash, bsh = A.shape, B.shape
  assert(#ash >= 1 and #bsh >= 1, "reference: 0-d operand")
  local avec, bvec = #ash == 1, #bsh == 1
  if avec then ash = { 1, ash[1] } end
  if bvec then bsh = { bsh[1], 1 } end
  local m, k, kb, n = ash[#ash - 1], ash[#ash], bsh[#bsh - 1], bsh[#bsh]
  assert(k == kb, "reference: inner dims differ")
  local nba, nbb = #ash - 2, #bsh - 2
  local nb = max(nba, nbb)
  local batch, count = {}, 1
  for i = 1, nb do
    local sa, sb = ash[i - (nb - nba)] or 1, bsh[i - (nb - nbb)] or 1 -- index < 1: a missing dim
    assert(sa == sb or sa == 1 or sb == 1, "reference: batch dims do not broadcast")
    batch[i] = sa ~= 1 and sa or sb
    count = count * batch[i]
  end
  local float = RTOL[dtype] ~= nil
  local data, scale = {}, {}
  for bi = 0, count - 1 do
    -- the offsets of this batch's matrices in A and B (a dim of size 1 stays at index 0)
    local rem, offa, offb, mula, mulb = bi, 0, 0, 1, 1
    for i = nb, 1, -1 do
      local idx = rem % batch[i]
      rem = rem // batch[i]
      local ia, ib = i - (nb - nba), i - (nb - nbb)
      if ia >= 1 then
        if ash[ia] ~= 1 then offa = offa + idx * mula end
        mula = mula * ash[ia]
      end
      if ib >= 1 then
        if bsh[ib] ~= 1 then offb = offb + idx * mulb end
        mulb = mulb * bsh[ib]
      end
    end
    offa, offb = offa * m * k, offb * k * n
    for i = 0, m - 1 do
      for j = 0, n - 1 do
        local acc, s = float and 0.0 or 0, 0.0
        for p = 0, k - 1 do
          local x = A.data[offa + i * k + p + 1] * B.data[offb + p * n + j + 1]
          acc = acc + x
          if float then s = s + abs(x) end
        end
        data[#data + 1] = wrap(dtype, acc)
        scale[#scale + 1] = s
      end
    end
  end
  local shape = { table.unpack(batch) }
  if not avec then shape[#shape + 1] = m end
  if not bvec then shape[#shape + 1] = n end
  return { shape = shape, data = data, scale = scale }
end

-- got (a tensor) against the reference R, element by element; label names the case
local function assert_matches(R, got, dtype, label)
  assert.are.equal(dtype, got.dtype, label .. ": dtype")
  assert.are.same(R.shape, got:size(), label .. ": shape")
  local G, rtol = nested.flatten(got:totable()), RTOL[dtype]
  assert.are.equal(#R.data, #G, label .. ": number of elements")
  for i = 1, #R.data do
    local g, e = G[i], R.data[i]
    local ok
    if rtol then -- NaN where the reference has NaN, an infinity where it has that infinity
      ok = mtype(g) == "float" and (g == e or (e ~= e and g ~= g) or abs(g - e) <= rtol * R.scale[i])
    else
      ok = mtype(g) == "integer" and g == e
    end
    if not ok then
      assert.is_true(false, format("%s: element %d (row-major) is %s, expected %s", label, i,
        tostring(g), tostring(e)))
    end
  end
end

-- t still holds the values of the dense snapshot X (NaN where X has NaN)
local function assert_unchanged(X, t, label)
  local Y = dense(t)
  assert.are.same(X.shape, Y.shape, label)
  for i = 1, #X.data do
    local x, y = X.data[i], Y.data[i]
    if not (x == y and mtype(x) == mtype(y) or (x ~= x and y ~= y)) then
      assert.is_true(false, format("%s: element %d is now %s, was %s", label, i, tostring(y), tostring(x)))
    end
  end
end

-- f(a, b) (lt.matmul by default) against the reference, for a result of dtype dtype (by
-- default a's), checking that neither operand was modified
local function check_product(a, b, label, dtype, f)
  local A, B = dense(a), dense(b)
  local got = (f or lt.matmul)(a, b)
  assert_matches(ref_matmul(A, B, dtype or a.dtype), got, dtype or a.dtype, label)
  assert_unchanged(A, a, label .. ": a was modified")
  assert_unchanged(B, b, label .. ": b was modified")
  return got
end

-- a deterministic (after lt.manual_seed) tensor of the given shape: N(0, 1) for floats; for
-- integers the whole range of int32 and uint8, and +-2^40 for int64, so that products and sums
-- wrap
local function gen(shape, dtype)
  if RTOL[dtype] then return lt.randn(shape, dtype) end
  if dtype == lt.uint8 then return lt.randint(0, 256, shape, dtype) end
  if dtype == lt.int32 then return lt.randint(-0x80000000, 0x80000000, shape, dtype) end
  return lt.randint(-(1 << 40), 1 << 40, shape, dtype)
end

-- a (rows x cols) matrix of dtype dt laid out in memory in many ways: each entry is a name and a
-- function (rows, cols, dt) -> tensor. For float dtypes some go to OpenBLAS in place (with a
-- transpose flag and a leading dimension), the others are copied first: both paths are covered.
local MATRIX_LAYOUTS = {
  { "contiguous", function(r, c, dt) return gen({ r, c }, dt) end },
  { "transposed with :t()", function(r, c, dt) return gen({ c, r }, dt):t() end },
  { "transposed with :transpose(2, 1)", function(r, c, dt) return gen({ c, r }, dt):transpose(2, 1) end },
  { "every other row", function(r, c, dt) return gen({ 2 * r, c }, dt)[{ { 1, 2 * r, 2 }, {} }] end },
  { "every other column", function(r, c, dt) return gen({ r, 2 * c }, dt)[{ {}, { 1, 2 * c, 2 } }] end },
  { "every third row and column", function(r, c, dt)
    return gen({ 3 * r, 3 * c }, dt)[{ { 2, 3 * r, 3 }, { 3, 3 * c, 3 } }]
  end },
  { "narrowed (offset, row stride > cols)", function(r, c, dt)
    return gen({ r + 2, c + 3 }, dt):narrow(1, 2, r):narrow(2, 3, c)
  end },
  { "narrowed then transposed", function(r, c, dt)
    return gen({ c + 3, r + 1 }, dt):narrow(1, 2, c):narrow(2, 1, r):t()
  end },
  { "rows reversed (negative stride)", function(r, c, dt) return gen({ r, c }, dt)[{ { -1, 1, -1 }, {} }] end },
  { "columns reversed (negative stride)", function(r, c, dt) return gen({ r, c }, dt)[{ {}, { -1, 1, -1 } }] end },
  { "transposed and both dims reversed", function(r, c, dt)
    return gen({ c, r }, dt)[{ { -1, 1, -1 }, { -1, 1, -1 } }]:t()
  end },
  { "one row expanded (row stride 0)", function(r, c, dt) return gen({ 1, c }, dt):expand(r, c) end },
  { "one column expanded (column stride 0)", function(r, c, dt) return gen({ r, 1 }, dt):expand(r, c) end },
  { "one element expanded (both strides 0)", function(r, c, dt) return gen({ 1, 1 }, dt):expand(r, c) end },
}

-- a vector of n elements laid out in memory in many ways
local VECTOR_LAYOUTS = {
  { "contiguous", function(n, dt) return gen({ n }, dt) end },
  { "every other element", function(n, dt) return gen({ 2 * n }, dt)[{ { 1, 2 * n, 2 } }] end },
  { "reversed (negative stride)", function(n, dt) return gen({ n }, dt)[{ { -1, 1, -1 } }] end },
  { "every other element, backwards", function(n, dt) return gen({ 2 * n }, dt)[{ { -1, 1, -2 } }] end },
  { "narrowed", function(n, dt) return gen({ n + 3 }, dt):narrow(1, 3, n) end },
  { "a column of a matrix (stride 3)", function(n, dt) return gen({ n, 3 }, dt)[{ {}, 2 }] end },
  { "one element expanded (stride 0)", function(n, dt) return gen({ 1 }, dt):expand(n) end },
}

-- a (batch x rows x cols) tensor laid out in memory in many ways
local BATCH_LAYOUTS = {
  { "contiguous", function(b, r, c, dt) return gen({ b, r, c }, dt) end },
  { "matrices transposed", function(b, r, c, dt) return gen({ b, c, r }, dt):transpose(2, 3) end },
  { "batch dim innermost", function(b, r, c, dt) return gen({ r, c, b }, dt):permute(3, 1, 2) end },
  { "all dims reversed in memory", function(b, r, c, dt) return gen({ c, r, b }, dt):permute(3, 2, 1) end },
  { "every other batch", function(b, r, c, dt) return gen({ 2 * b, r, c }, dt)[{ { 1, 2 * b, 2 } }] end },
  { "batches reversed", function(b, r, c, dt) return gen({ b, r, c }, dt)[{ { -1, 1, -1 } }] end },
  { "every dim reversed", function(b, r, c, dt)
    return gen({ b, r, c }, dt)[{ { -1, 1, -1 }, { -1, 1, -1 }, { -1, 1, -1 } }]
  end },
  { "one matrix expanded over the batch", function(b, r, c, dt) return gen({ 1, r, c }, dt):expand(b, r, c) end },
  { "one row expanded in each matrix", function(b, r, c, dt) return gen({ b, 1, c }, dt):expand(b, r, c) end },
  { "narrowed in every dim", function(b, r, c, dt)
    return gen({ b + 1, r + 1, c + 2 }, dt):narrow(1, 2, b):narrow(2, 1, r):narrow(3, 2, c)
  end },
}


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

-- ---------------------------------------------------------------------------------------------
-- Against the reference

local M, K, N = 3, 4, 5 -- non-square, so that a transposition mistake shows
local BATCH = { 2, 6 }  -- the batch dims of a 4-d operand; a 3-d operand has the last one

-- the shapes of an operand of r dims on side "a" (M x K) or "b" (K x N): each batch dim either
-- its full size or 1
local function operand_shapes(r, side)
  local mat = r == 1 and { K } or (side == "a" and { M, K } or { K, N })
  local nb = math.max(r - 2, 0)
  local shapes = {}
  for mask = 0, (1 << nb) - 1 do
    local s = {}
    for i = 1, nb do s[i] = (mask >> (i - 1)) & 1 == 1 and 1 or BATCH[#BATCH - nb + i] end
    for _, d in ipairs(mat) do s[#s + 1] = d end
    shapes[#shapes + 1] = s
  end
  return shapes
end

describe("the reference matmul", function()
  it("agrees with products worked out by hand", function()
    local R = ref_matmul({ shape = { 2, 3 }, data = { 1, 2, 3, 4, 5, 6 } },
      { shape = { 3, 2 }, data = { 7, 8, 9, 10, 11, 12 } }, lt.int64)
    assert.are.same({ 2, 2 }, R.shape)
    assert.are.same({ 58, 64, 139, 154 }, R.data)
    R = ref_matmul({ shape = { 3 }, data = { 1, 2, 3 } }, { shape = { 3 }, data = { 4, 5, 6 } }, lt.int64)
    assert.are.same({}, R.shape)
    assert.are.same({ 32 }, R.data)
    -- batch (2, 1) by batch (3): six products, b's matrices cycling fastest
    R = ref_matmul({ shape = { 2, 1, 1, 1 }, data = { 1, 10 } }, { shape = { 3, 1, 1 }, data = { 1, 2, 3 } }, lt.int64)
    assert.are.same({ 2, 3, 1, 1 }, R.shape)
    assert.are.same({ 1, 2, 3, 10, 20, 30 }, R.data)
    R = ref_matmul({ shape = { 1, 2 }, data = { 16, 1 } }, { shape = { 2 }, data = { 16, 3 } }, lt.uint8)
    assert.are.same({ 3 }, R.data) -- 256 + 3 wraps to 3
  end)
end)

for _, dt in ipairs(ALL_DTYPES) do
  describe("matmul of " .. dt .. " tensors against the reference, every rank combination", function()
    for ra = 1, 4 do
      for rb = 1, 4 do
        it(string.format("%d-d @ %d-d, with batch dims of size 1 or n, present or missing", ra, rb), function()
          lt.manual_seed(1000 + 10 * ra + rb)
          for _, sa in ipairs(operand_shapes(ra, "a")) do
            for _, sb in ipairs(operand_shapes(rb, "b")) do
              check_product(gen(sa, dt), gen(sb, dt), shape_str(sa) .. " @ " .. shape_str(sb))
            end
          end
        end)
      end
    end
  end)
end

describe("matmul of integers", function()
  it("wraps on overflow, as the element-wise ops do", function()
    local r = lt.tensor({ { 1 << 62, 3 } }):matmul(lt.tensor({ { 4 }, { 5 } }))
    assert.are.same({ { 15 } }, r:totable()) -- 2^64 + 15
    r = lt.tensor({ { 65536, 1 } }, lt.int32):matmul(lt.tensor({ { 65536 }, { 7 } }, lt.int32))
    assert.are.equal("int32", r.dtype)
    assert.are.same({ { 7 } }, r:totable()) -- 2^32 + 7
    r = lt.tensor({ 16, 1, 200 }, lt.uint8):matmul(lt.tensor({ 16, 3, 2 }, lt.uint8))
    assert.are.equal("uint8", r.dtype)
    assert.are.equal((256 + 3 + 400) % 256, r:item())
    r = lt.tensor({ { 2147483647, 1 } }, lt.int32):matmul(lt.tensor({ 1, 1 }, lt.int32))
    assert.are.same({ -2147483648 }, r:totable())
  end)
end)

describe("matmul of mixed dtypes against the reference", function()
  local PAIRS = { -- a's dtype, b's dtype, the result's
    { lt.float32, lt.float64, lt.float64 }, { lt.float64, lt.float32, lt.float64 },
    { lt.int32, lt.float32, lt.float32 }, { lt.float32, lt.int64, lt.float32 },
    { lt.uint8, lt.float64, lt.float64 }, { lt.int64, lt.float64, lt.float64 },
    { lt.int32, lt.int64, lt.int64 }, { lt.uint8, lt.int32, lt.int32 },
    { lt.int64, lt.uint8, lt.int64 }, { lt.uint8, lt.int64, lt.int64 },
  }
  local SHAPES = {
    { { M, K }, { K, N } }, { { K }, { K } }, { { K }, { 6, K, N } }, { { 2, 1, M, K }, { 6, K, N } },
    { { 6, M, K }, { K } }, { { M, K }, { 2, 6, K, N } },
  }
  for _, p in ipairs(PAIRS) do
    it(p[1] .. " @ " .. p[2] .. " gives " .. p[3], function()
      lt.manual_seed(7)
      -- integers that a float32 holds exactly when the other operand is a float
      local function operand(shape, dtype)
        if RTOL[p[3]] and not RTOL[dtype] then return lt.randint(0, 50, shape, dtype) end
        return gen(shape, dtype)
      end
      for _, s in ipairs(SHAPES) do
        local a, b = operand(s[1], p[1]), operand(s[2], p[2])
        check_product(a, b, shape_str(s[1]) .. " @ " .. shape_str(s[2]), p[3])
        -- the result is the product of the operands converted first
        assert.are.same(lt.matmul(a:to(p[3]), b:to(p[3])):totable(), lt.matmul(a, b):totable())
      end
    end)
  end
end)

-- every (m, k, n) with each of them 1 or its full size: rows and columns of length 1
local MKN = {}
for _, m in ipairs({ 1, M }) do
  for _, k in ipairs({ 1, K }) do
    for _, n in ipairs({ 1, N }) do MKN[#MKN + 1] = { m, k, n } end
  end
end

describe("the memory layouts the following tests use", function()
  it("are what their names say", function()
    local function layout(name)
      for _, l in ipairs(MATRIX_LAYOUTS) do if l[1] == name then return l[2](3, 4, lt.float64) end end
    end
    assert.are.same({ 1, 3 }, layout("transposed with :t()"):stride())
    assert.are.same({ 8, 2 }, layout("every other column"):stride())
    assert.are.same({ 8, 1 }, layout("every other row"):stride())
    assert.are.same({ 7, 1 }, layout("narrowed (offset, row stride > cols)"):stride())
    assert.are.same({ 1, 4 }, layout("narrowed then transposed"):stride())
    assert.are.same({ -4, 1 }, layout("rows reversed (negative stride)"):stride())
    assert.are.same({ 4, -1 }, layout("columns reversed (negative stride)"):stride())
    assert.are.same({ -1, -3 }, layout("transposed and both dims reversed"):stride())
    assert.are.same({ 0, 1 }, layout("one row expanded (row stride 0)"):stride())
    assert.are.same({ 1, 0 }, layout("one column expanded (column stride 0)"):stride())
    assert.are.same({ 0, 0 }, layout("one element expanded (both strides 0)"):stride())
    for _, l in ipairs(MATRIX_LAYOUTS) do assert.are.same({ 3, 4 }, l[2](3, 4, lt.int32):size(), l[1]) end
    for _, l in ipairs(VECTOR_LAYOUTS) do assert.are.same({ 4 }, l[2](4, lt.int32):size(), l[1]) end
    for _, l in ipairs(BATCH_LAYOUTS) do assert.are.same({ 2, 3, 4 }, l[2](2, 3, 4, lt.int32):size(), l[1]) end
  end)
end)

for _, dt in ipairs(ALL_DTYPES) do
  describe("matmul and mm of " .. dt .. " matrices in every memory layout", function()
    for ia, la in ipairs(MATRIX_LAYOUTS) do
      it("a " .. la[1] .. ", b in every layout, m, k, n each 1 or not", function()
        lt.manual_seed(100 + ia)
        for _, lb in ipairs(MATRIX_LAYOUTS) do
          for _, d in ipairs(MKN) do
            local m, k, n = d[1], d[2], d[3]
            local label = string.format("a %s (%dx%d) @ b %s (%dx%d)", la[1], m, k, lb[1], k, n)
            check_product(la[2](m, k, dt), lb[2](k, n, dt), label)
            if m * k * n == 1 or m * k * n == M * K * N then
              check_product(la[2](m, k, dt), lb[2](k, n, dt), "mm: " .. label, dt, lt.mm)
            end
          end
        end
      end)
    end
  end)

  describe("matmul, mv and dot of " .. dt .. " vectors in every memory layout", function()
    for iv, lv in ipairs(VECTOR_LAYOUTS) do
      it("a vector " .. lv[1] .. " with vectors, matrices and batches in every layout", function()
        lt.manual_seed(200 + iv)
        for _, k in ipairs({ 1, K }) do
          for _, lw in ipairs(VECTOR_LAYOUTS) do
            local label = string.format("vector %s (%d) . vector %s", lv[1], k, lw[1])
            check_product(lv[2](k, dt), lw[2](k, dt), label)
            check_product(lv[2](k, dt), lw[2](k, dt), "dot: " .. label, dt, lt.dot)
          end
          for _, lm in ipairs(MATRIX_LAYOUTS) do
            check_product(lv[2](k, dt), lm[2](k, N, dt), string.format("vector %s (%d) @ %s", lv[1], k, lm[1]))
            local label = string.format("%s @ vector %s (%d)", lm[1], lv[1], k)
            check_product(lm[2](M, k, dt), lv[2](k, dt), label)
            check_product(lm[2](M, k, dt), lv[2](k, dt), "mv: " .. label, dt, lt.mv)
          end
          for _, lb in ipairs(BATCH_LAYOUTS) do
            check_product(lv[2](k, dt), lb[2](2, k, N, dt), string.format("vector %s (%d) @ batch %s", lv[1], k, lb[1]))
            check_product(lb[2](2, M, k, dt), lv[2](k, dt), string.format("batch %s @ vector %s (%d)", lb[1], lv[1], k))
          end
        end
      end)
    end
  end)

  describe("matmul and bmm of " .. dt .. " batches in every memory layout", function()
    for ia, la in ipairs(BATCH_LAYOUTS) do
      it("a " .. la[1] .. ", b in every layout, batch sizes 1 and 2, with a broadcast 4-d operand", function()
        lt.manual_seed(300 + ia)
        for _, lb in ipairs(BATCH_LAYOUTS) do
          for _, nb in ipairs({ 1, 2 }) do
            local label = string.format("a %s (%dx%dx%d) @ b %s (%dx%dx%d)", la[1], nb, M, K, lb[1], nb, K, N)
            check_product(la[2](nb, M, K, dt), lb[2](nb, K, N, dt), label)
            check_product(la[2](nb, M, K, dt), lb[2](nb, K, N, dt), "bmm: " .. label, dt, lt.bmm)
          end
          -- batch (3, 1) by batch (2), and a 4-d view whose leading batch dim has stride 0
          check_product(gen({ 3, 1, M, K }, dt), lb[2](2, K, N, dt), "(3x1x3x4) @ b " .. lb[1])
          check_product(la[2](2, M, K, dt):unsqueeze(1):expand(3, 2, M, K), lb[2](2, K, N, dt),
            "a " .. la[1] .. " expanded to (3x2x3x4) @ b " .. lb[1])
          check_product(la[2](2, M, K, dt), lb[2](2, K, N, dt)[{ { 1 } }], "a " .. la[1] .. " @ b (1x4x5)")
        end
      end)
    end
  end)
end

describe("matmul of larger matrices (OpenBLAS's blocked kernels)", function()
  for _, dt in ipairs(FLOAT_DTYPES) do
    it("65x130 @ 130x77 and its transposed layouts, " .. dt, function()
      lt.manual_seed(5)
      local a, b = gen({ 65, 130 }, dt), gen({ 130, 77 }, dt)
      check_product(a, b, "contiguous")
      check_product(gen({ 130, 65 }, dt):t(), gen({ 77, 130 }, dt):t(), "both transposed")
      check_product(gen({ 3, 65, 130 }, dt)[{ { -1, 1, -2 } }], b, "batch of 2, stepped backwards")
      check_product(gen({ 65, 260 }, dt)[{ {}, { 1, 260, 2 } }], b, "a copied first")
    end)
  end
  it("int32 and int64 19x33 @ 33x21", function()
    lt.manual_seed(6)
    check_product(gen({ 19, 33 }, lt.int32), gen({ 21, 33 }, lt.int32):t(), "int32")
    check_product(gen({ 19, 33 }, lt.int64), gen({ 21, 33 }, lt.int64):t(), "int64")
  end)
end)

describe("matmul with NaN and infinities", function()
  for _, dt in ipairs(FLOAT_DTYPES) do
    it("propagates them as IEEE arithmetic does (inf * 0 and NaN * 0 are NaN), in every product shape, " .. dt,
      function()
        lt.manual_seed(17)
        local a, b = gen({ M, K }, dt), gen({ K, N }, dt)
        a[{ 1, 1 }] = math.huge
        a[{ 2, 3 }] = 0 / 0
        a[{ 3, 2 }] = -math.huge
        b[{ 1, 2 }] = 0 -- row 1: inf * 0
        b[{ 3, 4 }] = 0 -- row 2: NaN * 0
        b[{ 2, 5 }] = 0 -- row 3: -inf * 0
        b[{ 4, 1 }] = math.huge -- column 1 meets inf and -inf: NaN in row 1 at least
        check_product(a, b, "matrix @ matrix")
        check_product(a:t():contiguous():t(), b:t():contiguous():t(), "both transposed")
        check_product(a[{ { -1, 1, -1 }, {} }], b, "a copied first")
        for j = 1, N do
          check_product(a, b[{ {}, j }], "matrix @ column " .. j .. " (gemv)")
          check_product(b[{ {}, j }], a:t(), "column " .. j .. " @ a:t() (gemv, transposed)")
          check_product(a[1], b[{ {}, j }], "dot of row 1 and column " .. j)
        end
        check_product(a:unsqueeze(1):expand(2, M, K), b, "batched")
        -- the cases are what the comments say: NaN from inf * 0, NaN * 0, -inf * 0, and infinities
        local R = ref_matmul(dense(a), dense(b), dt)
        for _, i in ipairs({ 2, N + 4, 2 * N + 5 }) do assert.is_true(R.data[i] ~= R.data[i]) end
        local infinite = 0
        for _, x in ipairs(R.data) do if x == math.huge or x == -math.huge then infinite = infinite + 1 end end
        assert.is_true(infinite >= 2)
      end)
  end
end)

describe("matmul's result buffer", function()
  for _, dt in ipairs(ALL_DTYPES) do
    it("holds only the product when out is contiguous and of the result's dtype (written in place), " .. dt,
      function()
        lt.manual_seed(18)
        local junk = RTOL[dt] and 0 / 0 or 123
        local a, b, v, w = gen({ M, K }, dt), gen({ K, N }, dt), gen({ K }, dt), gen({ K }, dt)
        local a3, b3 = gen({ 2, M, K }, dt), gen({ 2, K, N }, dt)
        local cases = {
          { "matrix @ matrix", a, b, { M, N } }, { "matrix @ vector", a, v, { M } },
          { "vector @ matrix", v, b, { N } }, { "vector . vector", v, w, {} },
          { "batch @ batch", a3, b3, { 2, M, N } }, { "batch @ vector", a3, v, { 2, M } },
          { "k = 0", lt.empty({ M, 0 }, dt), lt.empty({ 0, N }, dt), { M, N } },
        }
        for _, c in ipairs(cases) do
          local out = lt.full(c[4], junk, dt)
          assert.is_true(rawequal(out, lt.matmul(c[2], c[3], out)), c[1])
          assert_matches(ref_matmul(dense(c[2]), dense(c[3]), dt), out, dt, c[1] .. " into out")
          -- and into a contiguous out that shares the operands' storage without overlapping them
          local store = lt.full({ 2 * lt.empty(c[4]):numel() + 2 }, junk, dt)
          local x = store:narrow(1, 1, lt.empty(c[4]):numel()):view(c[4])
          local y = store:narrow(1, lt.empty(c[4]):numel() + 3, lt.empty(c[4]):numel()):view(c[4])
          x:copy_(c[2]:matmul(c[3]))
          local X = dense(x)
          lt.matmul(c[2], c[3], y)
          assert_matches(ref_matmul(dense(c[2]), dense(c[3]), dt), y, dt, c[1] .. " into a neighbour")
          assert_unchanged(X, x, c[1] .. ": the neighbour was modified")
        end
      end)
  end

  for _, dt in ipairs(FLOAT_DTYPES) do
    it("holds only the product when it reuses a freed buffer full of NaN, " .. dt, function()
      lt.manual_seed(19)
      local es = dt == lt.float32 and 4 or 8
      local rows = (96 << 10) // (es * 40) -- results of 96 KiB: big enough for the buffer cache
      local cases = {
        { "matrix @ matrix", gen({ rows, K }, dt), gen({ K, 40 }, dt) },
        { "matrix @ vector", gen({ rows * 40, K }, dt), gen({ K }, dt) },
        { "vector @ matrix", gen({ K }, dt), gen({ K, rows * 40 }, dt) },
        { "k = 0", lt.empty({ rows, 0 }, dt), lt.empty({ 0, 40 }, dt) },
      }
      for _, c in ipairs(cases) do
        lt.full({ rows * 40 }, 0 / 0, dt):free()
        assert.is_true(lt.memory_stats().cached > 0, c[1] .. ": nothing was cached")
        check_product(c[2], c[3], c[1] .. " in a recycled buffer")
      end
    end)
  end
end)

-- ---------------------------------------------------------------------------------------------
-- Empty dims

describe("matmul with an empty inner dim (k = 0)", function()
  for _, dt in ipairs(ALL_DTYPES) do
    it("gives zeros of the right shape, " .. dt, function()
      local zero = RTOL[dt] and 0.0 or 0
      local function zeros(shape) return lt.zeros(shape, dt):totable() end
      local cases = {
        { lt.empty({ 3, 0 }, dt), lt.empty({ 0, 5 }, dt), { 3, 5 } },
        { lt.empty({ 0, 3 }, dt):t(), lt.empty({ 5, 0 }, dt):t(), { 3, 5 } },
        { gen({ 3, 4 }, dt):narrow(2, 2, 0), gen({ 4, 5 }, dt):narrow(1, 3, 0), { 3, 5 } },
        { lt.empty({ 1, 0 }, dt):expand(3, 0), lt.empty({ 0, 5 }, dt), { 3, 5 } },
        { lt.empty({ 2, 3, 0 }, dt), lt.empty({ 0, 5 }, dt), { 2, 3, 5 } },
        { lt.empty({ 2, 1, 3, 0 }, dt), lt.empty({ 4, 0, 5 }, dt), { 2, 4, 3, 5 } },
        { lt.empty({ 0 }, dt), lt.empty({ 0 }, dt), {} },
        { lt.empty({ 0 }, dt), lt.empty({ 0, 5 }, dt), { 5 } },
        { lt.empty({ 3, 0 }, dt), lt.empty({ 0 }, dt), { 3 } },
        { lt.empty({ 2, 3, 0 }, dt), lt.empty({ 0 }, dt), { 2, 3 } },
      }
      for i, c in ipairs(cases) do
        local r = lt.matmul(c[1], c[2])
        assert.are.equal(dt, r.dtype)
        assert.are.same(c[3], r:size(), "case " .. i)
        if #c[3] == 0 then
          assert.are.equal(zero, r:item(), "case " .. i)
          assert.are.equal(math.type(zero), math.type(r:item()))
        else
          assert.are.same(zeros(c[3]), r:totable(), "case " .. i)
        end
        -- into an out full of garbage
        local out = lt.full(c[3], 7, dt)
        assert.are.same(lt.zeros(c[3], dt):totable(), lt.matmul(c[1], c[2], out):totable(), "case " .. i .. " into out")
      end
      assert.are.same(zeros({ 3, 5 }), lt.mm(lt.empty({ 3, 0 }, dt), lt.empty({ 0, 5 }, dt)):totable())
      assert.are.same(zeros({ 3 }), lt.mv(lt.empty({ 3, 0 }, dt), lt.empty({ 0 }, dt)):totable())
      assert.are.equal(zero, lt.dot(lt.empty({ 0 }, dt), lt.empty({ 0 }, dt)):item())
      assert.are.same(zeros({ 2, 3, 5 }), lt.bmm(lt.empty({ 2, 3, 0 }, dt), lt.empty({ 2, 0, 5 }, dt)):totable())
    end)
  end
end)

describe("matmul with an empty outer or batch dim", function()
  for _, dt in ipairs(ALL_DTYPES) do
    it("gives an empty result of the right shape, " .. dt, function()
      local cases = {
        { { 0, 4 }, { 4, 5 }, { 0, 5 } }, { { 3, 4 }, { 4, 0 }, { 3, 0 } }, { { 0, 4 }, { 4, 0 }, { 0, 0 } },
        { { 4 }, { 4, 0 }, { 0 } }, { { 0, 4 }, { 4 }, { 0 } }, { { 2, 0, 4 }, { 4, 5 }, { 2, 0, 5 } },
        { { 2, 0, 4 }, { 4 }, { 2, 0 } }, { { 0, 3, 4 }, { 4, 5 }, { 0, 3, 5 } },
        { { 0, 3, 4 }, { 1, 4, 5 }, { 0, 3, 5 } }, { { 4 }, { 0, 4, 5 }, { 0, 5 } },
        { { 2, 1, 3, 4 }, { 0, 4, 5 }, { 2, 0, 3, 5 } },
      }
      for _, c in ipairs(cases) do
        local a, b = lt.ones(c[1], dt), lt.ones(c[2], dt)
        local r = lt.matmul(a, b)
        local label = shape_str(c[1]) .. " @ " .. shape_str(c[2])
        assert.are.equal(dt, r.dtype, label)
        assert.are.same(c[3], r:size(), label)
        assert.are.equal(0, r:numel(), label)
        assert.are.same(c[3], lt.matmul(a, b, lt.empty(c[3], dt)):size(), label .. " into out")
      end
      assert.are.same({ 0, 5 }, lt.mm(lt.ones({ 0, 4 }, dt), lt.ones({ 4, 5 }, dt)):size())
      assert.are.same({ 0 }, lt.mv(lt.ones({ 0, 4 }, dt), lt.ones({ 4 }, dt)):size())
      assert.are.same({ 0, 3, 5 }, lt.bmm(lt.ones({ 0, 3, 4 }, dt), lt.ones({ 0, 4, 5 }, dt)):size())
      assert.are.same({ 2, 3, 0 }, lt.bmm(lt.ones({ 2, 3, 4 }, dt), lt.ones({ 2, 4, 0 }, dt)):size())
      assert.are.same({ 0, 3 }, lt.outer(lt.ones({ 0 }, dt), lt.ones({ 3 }, dt)):size())
    end)
  end
end)

-- ---------------------------------------------------------------------------------------------
-- out

describe("matmul into out", function()
  for _, dt in ipairs(ALL_DTYPES) do
    it("writes into a non-contiguous out of the result's shape and returns it, " .. dt, function()
      lt.manual_seed(11)
      local a, b = gen({ M, K }, dt), gen({ K, N }, dt)
      local R = ref_matmul(dense(a), dense(b), dt)
      local outs = {
        { "transposed", lt.full({ N, M }, 9, dt):t() },
        { "rows reversed", lt.full({ M, N }, 9, dt)[{ { -1, 1, -1 }, {} }] },
        { "narrowed", lt.full({ M + 2, N + 3 }, 9, dt):narrow(1, 2, M):narrow(2, 2, N) },
      }
      for _, o in ipairs(outs) do
        local r = lt.matmul(a, b, o[2])
        assert.is_true(rawequal(o[2], r), o[1])
        assert_matches(R, o[2], dt, "out " .. o[1])
      end
      -- every other row: the rows in between keep their values
      local base = lt.full({ 2 * M, N }, 9, dt)
      local every_other = base[{ { 1, 2 * M, 2 }, {} }]
      assert.is_true(rawequal(every_other, a:matmul(b, every_other)))
      assert_matches(R, every_other, dt, "out every other row")
      assert.are.same(lt.full({ M, N }, 9, dt):totable(), base[{ { 2, 2 * M, 2 }, {} }]:totable())
      -- batched, vector and 0-d results
      local a3, b3 = gen({ 2, M, K }, dt), gen({ 2, K, N }, dt)
      local out3 = lt.full({ N, 2, M }, 9, dt):permute(2, 3, 1)
      assert.is_true(rawequal(out3, lt.matmul(a3, b3, out3)))
      assert_matches(ref_matmul(dense(a3), dense(b3), dt), out3, dt, "batched out")
      local v = gen({ K }, dt)
      local outv = lt.full({ 2 * M }, 9, dt)[{ { 1, 2 * M, 2 } }]
      assert.is_true(rawequal(outv, lt.matmul(a, v, outv)))
      assert_matches(ref_matmul(dense(a), dense(v), dt), outv, dt, "vector out")
      local out0 = lt.full({}, 9, dt)
      assert.is_true(rawequal(out0, lt.matmul(v, v, out0)))
      assert_matches(ref_matmul(dense(v), dense(v), dt), out0, dt, "0-d out")
    end)
  end

  it("takes out for mm, mv, dot and bmm too", function()
    lt.manual_seed(12)
    local a, b, v, w = gen({ M, K }, lt.float64), gen({ K, N }, lt.float64), gen({ K }, lt.float64), gen({ K }, lt.float64)
    local out = lt.empty(N, M, lt.float64):t()
    assert.is_true(rawequal(out, lt.mm(a, b, out)))
    assert_matches(ref_matmul(dense(a), dense(b), lt.float64), out, lt.float64, "mm")
    out = lt.empty(M, lt.float64)
    assert.is_true(rawequal(out, lt.mv(a, v, out)))
    assert_matches(ref_matmul(dense(a), dense(v), lt.float64), out, lt.float64, "mv")
    out = lt.empty({}, lt.float64)
    assert.is_true(rawequal(out, lt.dot(v, w, out)))
    assert_matches(ref_matmul(dense(v), dense(w), lt.float64), out, lt.float64, "dot")
    local a3, b3 = gen({ 2, M, K }, lt.float64), gen({ 2, K, N }, lt.float64)
    out = lt.empty(2, M, N, lt.float64)
    assert.is_true(rawequal(out, lt.bmm(a3, b3, out)))
    assert_matches(ref_matmul(dense(a3), dense(b3), lt.float64), out, lt.float64, "bmm")
  end)

  it("converts the result to out's dtype when it can be cast", function()
    lt.manual_seed(13)
    local f32a, f32b = gen({ M, K }, lt.float32), gen({ K, N }, lt.float32)
    local f64a, f64b = gen({ M, K }, lt.float64), gen({ K, N }, lt.float64)
    local i64a, i64b = lt.randint(0, 100, { M, K }), lt.randint(0, 100, { K, N })
    -- float32 into float64: exactly the float32 result, widened (computed in float32)
    local out = lt.empty(M, N, lt.float64)
    assert.is_true(rawequal(out, lt.matmul(f32a, f32b, out)))
    assert.are.equal("float64", out.dtype)
    assert.are.same(lt.matmul(f32a, f32b):double():totable(), out:totable())
    -- float64 into float32: the float64 result, rounded
    local out32 = lt.empty(M, N, lt.float32)
    lt.matmul(f64a, f64b, out32)
    assert.are.same(lt.matmul(f64a, f64b):float():totable(), out32:totable())
    -- int64 into float32, int32 and uint8 (wrapping mod 256, as a conversion does)
    local exact = lt.matmul(i64a, i64b)
    local ofl = lt.empty(M, N, lt.float32)
    lt.matmul(i64a, i64b, ofl)
    assert.are.same(exact:float():totable(), ofl:totable())
    local oi32 = lt.empty(M, N, lt.int32)
    lt.matmul(i64a, i64b, oi32)
    assert.are.same(exact:totable(), oi32:totable())
    local ou8 = lt.empty(M, N, lt.uint8)
    lt.matmul(i64a, i64b, ou8)
    local R = ref_matmul(dense(i64a), dense(i64b), lt.uint8)
    assert_matches(R, ou8, lt.uint8, "int64 into uint8")
    assert.is_true(exact:amax():item() > 255) -- so that the wrap was tested
    -- int32 into int64
    local oi64 = lt.empty(M, N, lt.int64)
    local i32a, i32b = i64a:int(), i64b:int()
    lt.matmul(i32a, i32b, oi64)
    assert.are.same(exact:totable(), oi64:totable())
  end)

  it("refuses an out of the wrong shape or dtype, or with shared elements, and leaves it alone", function()
    local a, b = lt.ones(2, 3), lt.ones(3, 4)
    local function refuses(out, message, f)
      local before = out:clone()
      assert.has_error(function() (f or lt.matmul)(a, b, out) end, message)
      assert.are.same(before:totable(), out:totable())
    end
    refuses(lt.zeros(4, 2), "matmul: out has shape (4, 2) but the result has shape (2, 4)")
    refuses(lt.zeros(2, 3), "matmul: out has shape (2, 3) but the result has shape (2, 4)")
    refuses(lt.zeros(1, 2, 4), "matmul: out has shape (1, 2, 4) but the result has shape (2, 4)")
    refuses(lt.zeros(8), "matmul: out has shape (8) but the result has shape (2, 4)")
    refuses(lt.zeros(2, 4, lt.int32), "matmul: result type float32 can't be cast to the desired output type int32")
    refuses(lt.zeros(2, 4, lt.int64), "matmul: result type float32 can't be cast to the desired output type int64")
    refuses(lt.zeros(2, 4, lt.uint8), "matmul: result type float32 can't be cast to the desired output type uint8")
    refuses(lt.zeros(2, 4, lt.bool), "matmul: result type float32 can't be cast to the desired output type bool")
    refuses(lt.zeros(1, 4):expand(2, 4),
      "matmul: cannot write into a tensor where several elements share memory (an expanded view); clone it first")
    refuses(lt.zeros(4, 2), "mm: out has shape (4, 2) but the result has shape (2, 4)", lt.mm)
    refuses(lt.zeros(2, 4, lt.int64), "mm: result type float32 can't be cast to the desired output type int64", lt.mm)
    assert.has_error(function() lt.matmul(lt.ones(2, 3, lt.int32), lt.ones(3, 4, lt.int32), lt.zeros(2, 4, lt.bool)) end,
      "matmul: result type int32 can't be cast to the desired output type bool")
    assert.has_error(function() lt.matmul(lt.ones(3), lt.ones(3), lt.zeros(1)) end,
      "matmul: out has shape (1) but the result has shape ()")
    assert.has_error(function() lt.dot(lt.ones(3), lt.ones(3), lt.zeros(1)) end,
      "dot: out has shape (1) but the result has shape ()")
    assert.has_error(function() lt.mv(lt.ones(2, 3), lt.ones(3), lt.zeros(2, 1)) end,
      "mv: out has shape (2, 1) but the result has shape (2)")
    assert.has_error(function() lt.bmm(lt.ones(2, 2, 3), lt.ones(2, 3, 4), lt.zeros(2, 4, 2)) end,
      "bmm: out has shape (2, 4, 2) but the result has shape (2, 2, 4)")
  end)
end)

describe("matmul into an out that overlaps an operand", function()
  -- the result is computed into a buffer of its own and copied into out at the end, so any overlap
  -- gives the right answer
  for _, dt in ipairs({ lt.float32, lt.float64, lt.int64, lt.uint8 }) do
    it("gives the product of the operands as they were, " .. dt, function()
      lt.manual_seed(14)
      local function case(label, a, b, out)
        local R = ref_matmul(dense(a), dense(b), dt)
        assert.is_true(rawequal(out, lt.matmul(a, b, out)), label)
        assert_matches(R, out, dt, label)
      end
      local a = gen({ K, K }, dt)
      case("out is a", a, gen({ K, K }, dt), a)
      local b = gen({ K, K }, dt)
      case("out is b", gen({ K, K }, dt), b, b)
      a = gen({ K, K }, dt)
      case("out is a transposed view of a", a, gen({ K, K }, dt), a:t())
      a = gen({ K, K }, dt)
      case("out is a, a @ a", a, a, a)
      local x = gen({ K + 1, K + 1 }, dt)
      case("out shifted one row and one column from a", x:narrow(1, 1, K):narrow(2, 1, K), gen({ K, K }, dt),
        x:narrow(1, 2, K):narrow(2, 2, K))
      local a3 = gen({ 2, K, K }, dt)
      case("batched, out is a", a3, gen({ 2, K, K }, dt), a3)
      b = gen({ 2, K, K }, dt)
      case("batched, out is b with its batches reversed", gen({ 2, K, K }, dt), b, b[{ { -1, 1, -1 } }])
      local v = gen({ K }, dt)
      case("matrix @ vector into the vector", gen({ K, K }, dt), v, v)
      local m = gen({ K, K }, dt)
      case("a row of a matrix @ the matrix into that row", m[2], m, m[2])
      case("a column of a matrix @ the matrix into that row", m[{ {}, 3 }], m, m[1])
    end)
  end
end)

-- ---------------------------------------------------------------------------------------------
-- mm, mv, dot, bmm, outer

describe("mm, mv, dot, bmm and outer against the reference", function()
  for _, dt in ipairs(ALL_DTYPES) do
    it("compute matmul's product for their shapes, " .. dt, function()
      lt.manual_seed(15)
      local a, b, v, w = gen({ M, K }, dt), gen({ K, N }, dt), gen({ K }, dt), gen({ K }, dt)
      local r = check_product(a, b, "mm", dt, lt.mm)
      assert.are.same(lt.matmul(a, b):totable(), r:totable())
      r = check_product(a, v, "mv", dt, lt.mv)
      assert.are.same(lt.matmul(a, v):totable(), r:totable())
      r = check_product(v, w, "dot", dt, lt.dot)
      assert.are.equal(0, r:dim())
      assert.are.same(lt.matmul(v, w):totable(), r:totable())
      local a3, b3 = gen({ 2, M, K }, dt), gen({ 2, K, N }, dt)
      r = check_product(a3, b3, "bmm", dt, lt.bmm)
      assert.are.same(lt.matmul(a3, b3):totable(), r:totable())
      -- the methods are the same functions
      assert.are.same(r:totable(), a3:bmm(b3):totable())
      assert.are.same(lt.mm(a, b):totable(), a:mm(b):totable())
      assert.are.same(lt.mv(a, v):totable(), a:mv(v):totable())
      assert.are.same(lt.dot(v, w):totable(), v:dot(w):totable())
    end)

    it("outer: the product of a column and a row, in every vector layout, " .. dt, function()
      lt.manual_seed(16)
      for _, la in ipairs(VECTOR_LAYOUTS) do
        for _, lb in ipairs(VECTOR_LAYOUTS) do
          local a, b = la[2](M, dt), lb[2](N, dt)
          local A, B = dense(a), dense(b)
          local r = lt.outer(a, b)
          local label = "outer of " .. la[1] .. " and " .. lb[1]
          assert_matches(ref_matmul({ shape = { M, 1 }, data = A.data }, { shape = { 1, N }, data = B.data }, dt),
            r, dt, label)
          assert.are.same(r:totable(), a:outer(b):totable(), label)
          assert_unchanged(A, a, label .. ": a was modified")
          assert_unchanged(B, b, label .. ": b was modified")
        end
      end
    end)
  end

  it("outer promotes mixed dtypes and works for bool (logical and), as mul does", function()
    local r = lt.outer(lt.tensor({ 1, 2 }, lt.int32), lt.tensor({ 0.5, 1.5, 2.5 }, lt.float64))
    assert.are.equal("float64", r.dtype)
    assert.are.same({ { 0.5, 1.5, 2.5 }, { 1.0, 3.0, 5.0 } }, r:totable())
    r = lt.outer(lt.tensor({ 200, 3 }, lt.uint8), lt.tensor({ 2, 1 }, lt.uint8))
    assert.are.same({ { 144, 200 }, { 6, 3 } }, r:totable()) -- 400 wraps to 144
    r = lt.outer(lt.tensor({ true, false }), lt.tensor({ true, true, false }))
    assert.are.equal("bool", r.dtype)
    assert.are.same({ { true, true, false }, { false, false, false } }, r:totable())
  end)
end)

-- ---------------------------------------------------------------------------------------------
-- Errors, by their exact text

describe("matmul errors", function()
  it("refuses 0-d operands", function()
    assert.has_error(function() lt.matmul(lt.tensor(2.0), lt.ones(3)) end,
      "matmul: both operands need at least 1 dimension, got 0-d and 1-d")
    assert.has_error(function() lt.matmul(lt.ones(3), lt.tensor(2.0)) end,
      "matmul: both operands need at least 1 dimension, got 1-d and 0-d")
    assert.has_error(function() lt.matmul(lt.tensor(2.0), lt.tensor(3.0)) end,
      "matmul: both operands need at least 1 dimension, got 0-d and 0-d")
    assert.has_error(function() lt.matmul(lt.ones(2, 3, 4), lt.tensor(3)) end,
      "matmul: both operands need at least 1 dimension, got 3-d and 0-d")
    assert.has_error(function() lt.tensor(2.0):matmul(lt.ones(2, 2)) end,
      "matmul: both operands need at least 1 dimension, got 0-d and 2-d")
  end)

  it("refuses bool", function()
    local bm, bv = lt.ones(2, 2, lt.bool), lt.ones(2, lt.bool)
    assert.has_error(function() lt.matmul(bm, bm) end, "matmul: not supported for dtype bool")
    assert.has_error(function() lt.matmul(bv, bv) end, "matmul: not supported for dtype bool")
    assert.has_error(function() lt.matmul(lt.ones(3, 2, 2, lt.bool), bv) end, "matmul: not supported for dtype bool")
    assert.has_error(function() lt.matmul(bm, bm, lt.empty(2, 2)) end, "matmul: not supported for dtype bool")
    assert.has_error(function() lt.mm(bm, bm) end, "mm: not supported for dtype bool")
    assert.has_error(function() lt.mv(bm, bv) end, "mv: not supported for dtype bool")
    assert.has_error(function() lt.dot(bv, bv) end, "dot: not supported for dtype bool")
    assert.has_error(function() lt.bmm(lt.ones(1, 2, 2, lt.bool), lt.ones(1, 2, 2, lt.bool)) end,
      "bmm: not supported for dtype bool")
  end)

  -- a K-dim a against a b whose inner dim is K + 2, for every rank combination
  for ra = 1, 4 do
    for rb = 1, 4 do
      it(string.format("names both shapes when the inner dims differ, %d-d @ %d-d", ra, rb), function()
        local sa, sb = operand_shapes(ra, "a")[1], operand_shapes(rb, "b")[1]
        sb[math.max(#sb - 1, 1)] = K + 2
        local message = string.format("matmul: shapes %s and %s cannot be multiplied (%d != %d)", shape_str(sa),
          shape_str(sb), K, K + 2)
        assert.has_error(function() lt.matmul(lt.ones(sa), lt.ones(sb)) end, message)
        assert.has_error(function() lt.ones(sa):matmul(lt.ones(sb)) end, message)
        -- the integer path gives the same message
        assert.has_error(function() lt.matmul(lt.ones(sa, lt.int64), lt.ones(sb, lt.int64)) end, message)
      end)
    end
  end

  it("names both shapes with their exact sizes (1, 0 and large)", function()
    assert.has_error(function() lt.matmul(lt.ones(1, 1), lt.ones(2, 1)) end,
      "matmul: shapes (1x1) and (2x1) cannot be multiplied (1 != 2)")
    assert.has_error(function() lt.matmul(lt.ones(3, 0), lt.ones(1, 3)) end,
      "matmul: shapes (3x0) and (1x3) cannot be multiplied (0 != 1)")
    assert.has_error(function() lt.matmul(lt.ones(0), lt.ones(1)) end,
      "matmul: shapes (0) and (1) cannot be multiplied (0 != 1)")
    assert.has_error(function() lt.matmul(lt.ones(1, 1000), lt.ones(10000, 1)) end,
      "matmul: shapes (1x1000) and (10000x1) cannot be multiplied (1000 != 10000)")
  end)

  it("names the batch dim that does not broadcast (counted over the result's batch dims)", function()
    assert.has_error(function() lt.matmul(lt.ones(2, 3, 4), lt.ones(3, 4, 5)) end,
      "matmul: the batch size of tensor a (2) must match the batch size of tensor b (3) at dimension 1")
    assert.has_error(function() lt.matmul(lt.ones(5, 2, 3, 4), lt.ones(3, 4, 5)) end,
      "matmul: the batch size of tensor a (2) must match the batch size of tensor b (3) at dimension 2")
    assert.has_error(function() lt.matmul(lt.ones(6, 3, 4), lt.ones(2, 5, 4, 5)) end,
      "matmul: the batch size of tensor a (6) must match the batch size of tensor b (5) at dimension 2")
    assert.has_error(function() lt.matmul(lt.ones(2, 1, 3, 4), lt.ones(3, 6, 4, 5)) end,
      "matmul: the batch size of tensor a (2) must match the batch size of tensor b (3) at dimension 1")
    assert.has_error(function() lt.matmul(lt.ones(0, 3, 4), lt.ones(2, 4, 5)) end,
      "matmul: the batch size of tensor a (0) must match the batch size of tensor b (2) at dimension 1")
    assert.has_error(function() lt.matmul(lt.ones(2, 3, 4, lt.int32), lt.ones(3, 4, 5, lt.int32)) end,
      "matmul: the batch size of tensor a (2) must match the batch size of tensor b (3) at dimension 1")
  end)

  it("refuses arguments that are not tensors, with Lua's standard message", function()
    local t = lt.ones(2, 2)
    assert.has_error(function() lt.matmul(1, t) end, "bad argument #1 to 'matmul' (luatensor.Tensor expected, got number)")
    assert.has_error(function() lt.matmul(t, "x") end, "bad argument #2 to 'matmul' (luatensor.Tensor expected, got string)")
    assert.has_error(function() lt.matmul({ { 1 } }, t) end, "bad argument #1 to 'matmul' (luatensor.Tensor expected, got table)")
    assert.has_error(function() lt.matmul(t, nil) end, "bad argument #2 to 'matmul' (luatensor.Tensor expected, got nil)")
    assert.has_error(function() lt.matmul(t) end, "bad argument #2 to 'matmul' (luatensor.Tensor expected, got no value)")
    assert.has_error(function() lt.matmul() end, "bad argument #1 to 'matmul' (luatensor.Tensor expected, got no value)")
    assert.has_error(function() lt.matmul(t, t, 0) end, "bad argument #3 to 'matmul' (luatensor.Tensor expected, got number)")
    assert.has_error(function() lt.matmul(t, t, {}) end, "bad argument #3 to 'matmul' (luatensor.Tensor expected, got table)")
    -- as a method, Lua counts the arguments after self
    assert.has_error(function() t:matmul(5) end, "bad argument #1 to 'matmul' (luatensor.Tensor expected, got number)")
    assert.has_error(function() t:matmul(t, true) end, "bad argument #2 to 'matmul' (luatensor.Tensor expected, got boolean)")
  end)
end)

describe("mm, mv, dot, bmm and outer errors", function()
  it("insist on the number of dims of each form", function()
    assert.has_error(function() lt.mm(lt.ones(2, 3), lt.ones(3)) end, "mm: expected a 2-d and a 2-d tensor, got 2-d and 1-d")
    assert.has_error(function() lt.mm(lt.ones(1, 2, 3), lt.ones(3, 2)) end,
      "mm: expected a 2-d and a 2-d tensor, got 3-d and 2-d")
    assert.has_error(function() lt.mm(lt.ones(2, 3), lt.ones(1, 3, 2)) end,
      "mm: expected a 2-d and a 2-d tensor, got 2-d and 3-d")
    assert.has_error(function() lt.mm(lt.tensor(1.0), lt.ones(2, 2)) end,
      "mm: expected a 2-d and a 2-d tensor, got 0-d and 2-d")
    assert.has_error(function() lt.mv(lt.ones(3), lt.ones(3)) end, "mv: expected a 2-d and a 1-d tensor, got 1-d and 1-d")
    assert.has_error(function() lt.mv(lt.ones(2, 2, 3), lt.ones(3)) end,
      "mv: expected a 2-d and a 1-d tensor, got 3-d and 1-d")
    assert.has_error(function() lt.mv(lt.ones(2, 3), lt.ones(3, 1)) end,
      "mv: expected a 2-d and a 1-d tensor, got 2-d and 2-d")
    assert.has_error(function() lt.mv(lt.ones(2, 3), lt.tensor(1.0)) end,
      "mv: expected a 2-d and a 1-d tensor, got 2-d and 0-d")
    assert.has_error(function() lt.dot(lt.ones(1, 3), lt.ones(3)) end, "dot: expected a 1-d and a 1-d tensor, got 2-d and 1-d")
    assert.has_error(function() lt.dot(lt.ones(3), lt.ones(3, 1)) end, "dot: expected a 1-d and a 1-d tensor, got 1-d and 2-d")
    assert.has_error(function() lt.dot(lt.tensor(2.0), lt.tensor(2.0)) end,
      "dot: expected a 1-d and a 1-d tensor, got 0-d and 0-d")
    assert.has_error(function() lt.bmm(lt.ones(2, 3), lt.ones(1, 3, 2)) end,
      "bmm: expected a 3-d and a 3-d tensor, got 2-d and 3-d")
    assert.has_error(function() lt.bmm(lt.ones(1, 2, 3), lt.ones(1, 1, 3, 2)) end,
      "bmm: expected a 3-d and a 3-d tensor, got 3-d and 4-d")
    assert.has_error(function() lt.bmm(lt.ones(1, 2, 3), lt.ones(3)) end,
      "bmm: expected a 3-d and a 3-d tensor, got 3-d and 1-d")
    assert.has_error(function() lt.outer(lt.ones(2, 2), lt.ones(2)) end, "outer: expected two 1-d tensors, got 2-d and 1-d")
    assert.has_error(function() lt.outer(lt.ones(2), lt.ones(1, 2)) end, "outer: expected two 1-d tensors, got 1-d and 2-d")
    assert.has_error(function() lt.outer(lt.tensor(1.0), lt.ones(2)) end, "outer: expected two 1-d tensors, got 0-d and 1-d")
    assert.has_error(function() lt.ones(2, 2):outer(lt.ones(2)) end, "outer: expected two 1-d tensors, got 2-d and 1-d")
  end)

  it("name both shapes when the inner dims differ", function()
    assert.has_error(function() lt.mm(lt.ones(3, 4), lt.ones(5, 6)) end, "mm: shapes (3x4) and (5x6) cannot be multiplied (4 != 5)")
    assert.has_error(function() lt.mv(lt.ones(3, 4), lt.ones(5)) end, "mv: shapes (3x4) and (5) cannot be multiplied (4 != 5)")
    assert.has_error(function() lt.bmm(lt.ones(2, 3, 4), lt.ones(2, 5, 6)) end,
      "bmm: shapes (2x3x4) and (2x5x6) cannot be multiplied (4 != 5)")
    assert.has_error(function() lt.dot(lt.ones(4), lt.ones(5)) end, "dot: vectors of different lengths (4 and 5)")
    assert.has_error(function() lt.dot(lt.ones(0), lt.ones(1)) end, "dot: vectors of different lengths (0 and 1)")
  end)

  it("bmm: the batch sizes must be equal (no broadcasting)", function()
    assert.has_error(function() lt.bmm(lt.ones(2, 3, 4), lt.ones(3, 4, 5)) end, "bmm: batch sizes differ (2 and 3)")
    assert.has_error(function() lt.bmm(lt.ones(1, 3, 4), lt.ones(2, 4, 5)) end, "bmm: batch sizes differ (1 and 2)")
    assert.has_error(function() lt.bmm(lt.ones(2, 3, 4), lt.ones(1, 4, 5)) end, "bmm: batch sizes differ (2 and 1)")
    assert.has_error(function() lt.bmm(lt.ones(0, 3, 4), lt.ones(1, 4, 5)) end, "bmm: batch sizes differ (0 and 1)")
  end)

  it("refuse arguments that are not tensors, with Lua's standard message", function()
    local m, v, b = lt.ones(2, 2), lt.ones(2), lt.ones(1, 2, 2)
    assert.has_error(function() lt.mm(1, m) end, "bad argument #1 to 'mm' (luatensor.Tensor expected, got number)")
    assert.has_error(function() lt.mm(m, nil) end, "bad argument #2 to 'mm' (luatensor.Tensor expected, got nil)")
    assert.has_error(function() lt.mm(m, m, "out") end, "bad argument #3 to 'mm' (luatensor.Tensor expected, got string)")
    assert.has_error(function() lt.mv(m, { 1, 2 }) end, "bad argument #2 to 'mv' (luatensor.Tensor expected, got table)")
    assert.has_error(function() lt.mv(m, v, 1) end, "bad argument #3 to 'mv' (luatensor.Tensor expected, got number)")
    assert.has_error(function() lt.dot(v) end, "bad argument #2 to 'dot' (luatensor.Tensor expected, got no value)")
    assert.has_error(function() lt.dot(2, v) end, "bad argument #1 to 'dot' (luatensor.Tensor expected, got number)")
    assert.has_error(function() lt.dot(v, v, true) end, "bad argument #3 to 'dot' (luatensor.Tensor expected, got boolean)")
    assert.has_error(function() lt.bmm(b, "b") end, "bad argument #2 to 'bmm' (luatensor.Tensor expected, got string)")
    assert.has_error(function() lt.bmm(b, b, 0) end, "bad argument #3 to 'bmm' (luatensor.Tensor expected, got number)")
    assert.has_error(function() lt.outer({ 1 }, v) end, "bad argument #1 to 'outer' (luatensor.Tensor expected, got table)")
    assert.has_error(function() lt.outer(v, 3) end, "bad argument #2 to 'outer' (luatensor.Tensor expected, got number)")
    assert.has_error(function() m:mm(1) end, "bad argument #1 to 'mm' (luatensor.Tensor expected, got number)")
    assert.has_error(function() v:dot() end, "bad argument #1 to 'dot' (luatensor.Tensor expected, got no value)")
  end)
end)

describe("outer with out", function()
  it("writes into out and returns it", function()
    local out = lt.empty(2, 3)
    assert.are.equal(out, lt.outer(lt.tensor({ 1.0, 2.0 }), lt.tensor({ 1.0, 2.0, 3.0 }), out))
    assert.are.same({ { 1, 2, 3 }, { 2, 4, 6 } }, out:totable())
    assert.has_error(function() lt.outer(lt.ones(2), lt.ones(3), lt.empty(3, 2)) end,
      "outer: output with shape (3, 2) doesn't match the broadcast shape (2, 3)")
  end)
end)
