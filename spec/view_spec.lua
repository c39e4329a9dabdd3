-- Views: they never copy. Sizes, strides (in elements) and storage offsets (0-based) below are
-- computed by hand; "shares memory" is checked by writing through one tensor and reading the other.
local lt = require "luatensor"

-- a = 0..23 as (2, 3, 4), strides (12, 4, 1): a[{i, j, k}] == 12(i-1) + 4(j-1) + (k-1)
local function a3() return lt.arange(24):view(2, 3, 4) end
-- m = 0..11 as (3, 4), strides (4, 1): m[{i, j}] == 4(i-1) + (j-1)
local function m34() return lt.arange(12):view(3, 4) end

local function layout(t) return {t:size(), t:stride(), t:storage_offset()} end

describe("view", function()
  it("shares memory both ways", function()
    local a = a3()
    local v = a:view(4, 6)
    assert.are.same({{4, 6}, {6, 1}, 0}, layout(v))
    assert.is_true(v:is_contiguous())
    v[{2, 3}] = 100                -- flat index 8 = a[{1, 3, 1}]
    assert.are.equal(100, a[{1, 3, 1}])
    a[{2, 3, 4}] = -5              -- flat index 23 = v[{4, 6}]
    assert.are.equal(-5, v[{4, 6}])
  end)

  it("keeps the values in order", function()
    assert.are.same({{0, 1, 2, 3, 4, 5}, {6, 7, 8, 9, 10, 11}}, lt.arange(12):view(2, 6):totable())
  end)

  it("takes one -1", function()
    local a = a3()
    assert.are.same({{6, 4}, {4, 1}, 0}, layout(a:view(-1, 4)))
    assert.are.same({{2, 12}, {12, 1}, 0}, layout(a:view(2, -1)))
    assert.are.same({{24}, {1}, 0}, layout(a:view(-1)))
    assert.are.same({{2, 3, 2, 2}, {12, 4, 2, 1}, 0}, layout(a:view(2, 3, -1, 2)))
  end)

  it("takes a table of sizes", function()
    assert.are.same({3, 8}, a3():view({3, 8}):size())
    assert.are.same({3, 8}, a3():view({-1, 8}):size())
  end)

  it("rejects two -1s and wrong sizes", function()
    local a = a3()
    assert.has_error(function() a:view(-1, -1) end)
    assert.has_error(function() a:view(5, 5) end)
    assert.has_error(function() a:view(-1, 5) end)
    assert.has_error(function() lt.arange(12):view(5, 5) end,
      "view: shape (5, 5) is invalid for input of size 12")
  end)

  it("of a view keeps the offset", function()
    local a = a3()
    local s = a[2]              -- (3, 4), offset 12
    local v = s:view(12)
    assert.are.same({{12}, {1}, 12}, layout(v))
    assert.are.equal(12, v[1])
    v[12] = 0
    assert.are.equal(0, a[{2, 3, 4}])
  end)

  it("of a transposed matrix errors, reshape copies instead", function()
    local m = lt.arange(6):view(2, 3)
    local tt = m:t()
    assert.has_error(function() tt:view(6) end)
    local r = tt:reshape(6)
    assert.are.same({0, 3, 1, 4, 2, 5}, r:totable())
    assert.are.same({{6}, {1}, 0}, layout(r))
    r[1] = 99
    assert.are.equal(0, m[{1, 1}])
  end)

  it("splits a dim of a non-contiguous tensor", function()
    local a = a3():transpose(1, 2)   -- (3, 2, 4), strides (4, 12, 1)
    local v = a:view(3, 2, 2, 2)
    assert.are.same({{3, 2, 2, 2}, {4, 12, 2, 1}, 0}, layout(v))
    assert.are.equal(12 * 1 + 4 * 2 + 3, v[{3, 2, 2, 2}])
    assert.has_error(function() a:view(3, 8) end)
    assert.has_error(function() a:view(6, 4) end)
  end)

  it("view_as takes the other's shape", function()
    local v = lt.arange(6):view_as(lt.zeros(3, 2))
    assert.are.same({{3, 2}, {2, 1}, 0}, layout(v))
    assert.are.same({{0, 1}, {2, 3}, {4, 5}}, v:totable())
  end)

  it("of an empty tensor", function()
    assert.are.same({0}, lt.zeros(0, 3):view(-1):size())
    assert.are.same({3, 0}, lt.zeros(0, 3):view(3, 0):size())
    assert.are.same({0, 2}, lt.zeros(2, 0):reshape(0, 2):size())
  end)

  it("of a 0-d tensor and to 0-d", function()
    local s = lt.tensor(5)
    local v = s:view(1)
    assert.are.same({1}, v:size())
    v[1] = 6
    assert.are.equal(6, s:item())
    local z = lt.tensor({7}):view({})
    assert.are.equal(0, z:dim())
    assert.are.equal(7, z:item())
  end)
end)

describe("reshape", function()
  it("is a view when the strides allow it", function()
    local base = lt.arange(6)
    local r = base:reshape(3, 2)
    assert.are.same({{3, 2}, {2, 1}, 0}, layout(r))
    r[{3, 2}] = 50
    assert.are.equal(50, base[6])
    base[1] = -1
    assert.are.equal(-1, r[{1, 1}])
  end)

  it("is a view of a non-contiguous tensor when possible", function()
    local m = m34()
    local c = m[{{}, 2}]              -- (3), stride 4, offset 1
    local r = c:reshape(3, 1)
    assert.are.same({3, 1}, r:size())
    assert.are.equal(4, r:stride(1))
    assert.are.equal(1, r:storage_offset())
    r[{2, 1}] = 77
    assert.are.equal(77, m[{2, 2}])
  end)

  it("copies when needed and the copy is independent", function()
    local m = m34()
    local r = m:t():reshape(12)
    assert.are.same({0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, r:totable())
    assert.is_true(r:is_contiguous())
    r:fill_(0)
    assert.are.same({{0, 1, 2, 3}, {4, 5, 6, 7}, {8, 9, 10, 11}}, m:totable())
    m[{1, 2}] = 42
    assert.are.equal(0, r[4])
  end)

  it("takes -1 and a table", function()
    assert.are.same({4, 3}, m34():t():reshape(-1, 3):size())
    assert.are.same({{0, 4, 8}, {1, 5, 9}, {2, 6, 10}, {3, 7, 11}},
      m34():t():reshape({-1, 3}):totable())
  end)

  it("reshape_as", function()
    local r = m34():reshape_as(lt.zeros(2, 6))
    assert.are.same({{2, 6}, {6, 1}, 0}, layout(r))
  end)

  it("rejects wrong sizes", function()
    assert.has_error(function() m34():reshape(5) end)
    assert.has_error(function() m34():t():reshape(5, -1) end)
  end)
end)

describe("transpose and t", function()
  it("swaps sizes and strides", function()
    local a = a3()
    local t = a:transpose(1, 3)
    assert.are.same({{4, 3, 2}, {1, 4, 12}, 0}, layout(t))
    assert.is_false(t:is_contiguous())
    assert.are.equal(a[{2, 3, 1}], t[{1, 3, 2}])
    assert.are.same({{2, 4, 3}, {12, 1, 4}, 0}, layout(a:transpose(2, 3)))
    assert.are.same({{4, 3, 2}, {1, 4, 12}, 0}, layout(a:transpose(-1, 1)))
  end)

  it("with the same dim twice is the same layout", function()
    local t = a3():transpose(2, 2)
    assert.are.same({{2, 3, 4}, {12, 4, 1}, 0}, layout(t))
    assert.is_true(t:is_contiguous())
  end)

  it("shares memory", function()
    local m = m34()
    local t = m:transpose(1, 2)
    t[{4, 1}] = 100
    assert.are.equal(100, m[{1, 4}])
    m[{3, 1}] = -8
    assert.are.equal(-8, t[{1, 3}])
  end)

  it("t() transposes a matrix", function()
    local m = m34()
    local t = m:t()
    assert.are.same({{4, 3}, {1, 4}, 0}, layout(t))
    assert.is_false(t:is_contiguous())
    assert.are.same({{0, 4, 8}, {1, 5, 9}, {2, 6, 10}, {3, 7, 11}}, t:totable())
    assert.are.same({{3, 4}, {4, 1}, 0}, layout(t:t()))
    assert.is_true(t:t():is_contiguous())
  end)

  it("t() returns vectors and scalars as views", function()
    local v = lt.arange(3)
    local tv = v:t()
    assert.are.same({{3}, {1}, 0}, layout(tv))
    tv[2] = 9
    assert.are.equal(9, v[2])
    local s = lt.tensor(4)
    local ts = s:t()
    assert.are.equal(0, ts:dim())
    ts:fill_(5)
    assert.are.equal(5, s:item())
  end)

  it("t() refuses more than 2 dims; transpose refuses bad dims", function()
    assert.has_error(function() a3():t() end)
    assert.has_error(function() a3():transpose(1, 4) end)
    assert.has_error(function() a3():transpose(0, 1) end)
  end)
end)

describe("permute", function()
  it("takes varargs", function()
    local a = a3()
    local p = a:permute(3, 1, 2)
    assert.are.same({{4, 2, 3}, {1, 12, 4}, 0}, layout(p))
    assert.is_false(p:is_contiguous())
    -- p[{i, j, k}] == a[{j, k, i}]
    assert.are.equal(a[{1, 3, 2}], p[{2, 1, 3}])
    assert.are.equal(9, p[{2, 1, 3}])
  end)

  it("takes a table", function()
    local p = a3():permute({2, 3, 1})
    assert.are.same({{3, 4, 2}, {4, 1, 12}, 0}, layout(p))
    assert.are.equal(12 + 4 * 2 + 3, p[{3, 4, 2}])
  end)

  it("takes negative dims", function()
    assert.are.same({{4, 3, 2}, {1, 4, 12}, 0}, layout(a3():permute(-1, -2, -3)))
  end)

  it("of the identity is contiguous", function()
    assert.is_true(a3():permute(1, 2, 3):is_contiguous())
  end)

  it("shares memory", function()
    local a = a3()
    local p = a:permute(3, 1, 2)
    p[{4, 2, 1}] = 1000
    assert.are.equal(1000, a[{2, 1, 4}])
  end)

  it("rejects non-permutations", function()
    assert.has_error(function() a3():permute(1, 1, 2) end)
    assert.has_error(function() a3():permute(1, 2) end)
    assert.has_error(function() a3():permute(1, 2, 3, 4) end)
    assert.has_error(function() a3():permute({1, 2, 4}) end)
  end)
end)

describe("narrow", function()
  it("takes length elements from start", function()
    local a = a3()
    local n = a:narrow(2, 2, 2)
    assert.are.same({{2, 2, 4}, {12, 4, 1}, 4}, layout(n))
    assert.is_false(n:is_contiguous())
    assert.are.same({{{4, 5, 6, 7}, {8, 9, 10, 11}}, {{16, 17, 18, 19}, {20, 21, 22, 23}}},
      n:totable())
  end)

  it("of the first dim is contiguous", function()
    local n = a3():narrow(1, 2, 1)
    assert.are.same({{1, 3, 4}, {12, 4, 1}, 12}, layout(n))
    assert.is_true(n:is_contiguous())
  end)

  it("takes a negative start", function()
    local a = a3()
    local n = a:narrow(3, -2, 2)
    assert.are.same({{2, 3, 2}, {12, 4, 1}, 2}, layout(n))
    assert.are.same({{{2, 3}, {6, 7}, {10, 11}}, {{14, 15}, {18, 19}, {22, 23}}}, n:totable())
    assert.are.same({{0, 1, 2, 3}}, m34():narrow(-2, -3, 1):totable())
  end)

  it("takes a zero length", function()
    local n = a3():narrow(1, 2, 0)
    assert.are.same({0, 3, 4}, n:size())
    assert.are.equal(0, n:numel())
  end)

  it("shares memory", function()
    local a = a3()
    local n = a:narrow(3, 2, 2)
    n:fill_(-1)
    assert.are.same({{0, -1, -1, 3}, {4, -1, -1, 7}, {8, -1, -1, 11}}, a[1]:totable())
    a[{2, 3, 3}] = 55
    assert.are.equal(55, n[{2, 3, 2}])
  end)

  it("rejects out-of-range starts and lengths", function()
    assert.has_error(function() a3():narrow(3, 4, 2) end)
    assert.has_error(function() a3():narrow(3, 5, 1) end)
    assert.has_error(function() a3():narrow(3, 1, 5) end)
    assert.has_error(function() a3():narrow(4, 1, 1) end)
    assert.has_error(function() a3():narrow(3, 1, -1) end)
  end)
end)

describe("select", function()
  it("removes the dim", function()
    local a = a3()
    local s = a:select(2, 3)
    assert.are.same({{2, 4}, {12, 1}, 8}, layout(s))
    assert.is_false(s:is_contiguous())
    assert.are.same({{8, 9, 10, 11}, {20, 21, 22, 23}}, s:totable())
  end)

  it("takes negative dims and indices", function()
    local a = a3()
    local s = a:select(-1, 1)
    assert.are.same({{2, 3}, {12, 4}, 0}, layout(s))
    assert.are.same({{0, 4, 8}, {12, 16, 20}}, s:totable())
    local r = a:select(1, -1)
    assert.are.same({{3, 4}, {4, 1}, 12}, layout(r))
    assert.is_true(r:is_contiguous())
  end)

  it("of a 1-d tensor gives a 0-d view", function()
    local v = lt.arange(3)
    local s = v:select(1, 2)
    assert.is_true(lt.is_tensor(s))
    assert.are.equal(0, s:dim())
    assert.are.equal(1, s:storage_offset())
    assert.are.equal(1, s:item())
    s:fill_(9)
    assert.are.same({0, 9, 2}, v:totable())
  end)

  it("shares memory", function()
    local a = a3()
    local s = a:select(2, 2)
    s[{2, 4}] = 1000
    assert.are.equal(1000, a[{2, 2, 4}])
  end)

  it("rejects out-of-range indices with a clear message", function()
    assert.has_error(function() lt.zeros(3):select(1, 4) end,
      "select: index 4 out of range for dimension 1 of size 3")
    assert.has_error(function() lt.zeros(3):select(1, 0) end)
    assert.has_error(function() lt.zeros(3):select(1, -4) end)
    assert.has_error(function() lt.zeros(3):select(2, 1) end)
  end)
end)

describe("expand", function()
  it("stretches size-1 dims with stride 0", function()
    local b = lt.tensor({{1}, {2}, {3}})
    local e = b:expand(3, 4)
    assert.are.same({{3, 4}, {1, 0}, 0}, layout(e))
    assert.is_false(e:is_contiguous())
    assert.are.same({{1, 1, 1, 1}, {2, 2, 2, 2}, {3, 3, 3, 3}}, e:totable())
  end)

  it("adds new leading dims with stride 0", function()
    local b = lt.tensor({{1}, {2}, {3}})
    local e = b:expand(2, 3, 4)
    assert.are.same({{2, 3, 4}, {0, 1, 0}, 0}, layout(e))
    assert.are.same({{1, 1, 1, 1}, {2, 2, 2, 2}, {3, 3, 3, 3}}, e[2]:totable())
    local v = lt.tensor({5, 6}):expand(3, 2)
    assert.are.same({{3, 2}, {0, 1}, 0}, layout(v))
    assert.are.same({{5, 6}, {5, 6}, {5, 6}}, v:totable())
  end)

  it("takes -1 to keep a size, and a table", function()
    local b = lt.tensor({{1}, {2}, {3}})
    assert.are.same({{3, 4}, {1, 0}, 0}, layout(b:expand(-1, 4)))
    assert.are.same({{2, 3, 4}, {0, 1, 0}, 0}, layout(b:expand({2, -1, 4})))
  end)

  it("of a 0-d tensor", function()
    local e = lt.tensor(7):expand(2, 2)
    assert.are.same({{2, 2}, {0, 0}, 0}, layout(e))
    assert.are.same({{7, 7}, {7, 7}}, e:totable())
  end)

  it("keeps the offset of a view", function()
    local m = m34()
    local e = m[{{}, {3}}]:expand(3, 5)   -- column 3, offset 2
    assert.are.same({{3, 5}, {4, 0}, 2}, layout(e))
    assert.are.same({10, 10, 10, 10, 10}, e[3]:totable())
  end)

  it("shares memory", function()
    local b = lt.tensor({{1}, {2}, {3}})
    local e = b:expand(3, 4)
    b[{2, 1}] = 20
    assert.are.same({20, 20, 20, 20}, e[2]:totable())
  end)

  it("then contiguous makes a real copy", function()
    local b = lt.tensor({{1}, {2}, {3}})
    local e = b:expand(3, 4)
    local c = e:contiguous()
    assert.is_false(rawequal(e, c))
    assert.are.same({{3, 4}, {4, 1}, 0}, layout(c))
    c[{1, 1}] = 99
    assert.are.same({{99, 1, 1, 1}, {2, 2, 2, 2}, {3, 3, 3, 3}}, c:totable())
    assert.are.same({{1}, {2}, {3}}, b:totable())
    local k = e:clone()
    k[{3, 4}] = -3
    assert.are.same({3, 3, 3, -3}, k[3]:totable())
  end)

  it("stretches a size-1 dim to 0", function()
    local e = lt.zeros(1, 3):expand(0, 3)
    assert.are.same({0, 3}, e:size())
    assert.are.equal(0, e:numel())
  end)

  it("expand_as takes the other's shape", function()
    local e = lt.tensor({1, 2}):expand_as(lt.zeros(3, 2))
    assert.are.same({{3, 2}, {0, 1}, 0}, layout(e))
  end)

  it("rejects stretching a dim that is not 1", function()
    local b = lt.tensor({{1}, {2}, {3}})
    assert.has_error(function() b:expand(4, 4) end)
    assert.has_error(function() b:expand(4) end)
    assert.has_error(function() b:expand(-1, 4, 3) end)
    assert.has_error(function() b:expand(-1, 3, 4) end)
  end)
end)

describe("squeeze", function()
  local function x()   -- (1, 3, 1, 2), strides (6, 2, 2, 1)
    return lt.arange(6):view(1, 3, 1, 2)
  end

  it("without a dim removes every size-1 dim", function()
    local s = x():squeeze()
    assert.are.same({{3, 2}, {2, 1}, 0}, layout(s))
    assert.is_true(s:is_contiguous())
    assert.are.same({{0, 1}, {2, 3}, {4, 5}}, s:totable())
  end)

  it("with a dim removes that dim if it is 1", function()
    assert.are.same({{3, 1, 2}, {2, 2, 1}, 0}, layout(x():squeeze(1)))
    assert.are.same({{1, 3, 2}, {6, 2, 1}, 0}, layout(x():squeeze(3)))
    assert.are.same({{1, 3, 2}, {6, 2, 1}, 0}, layout(x():squeeze(-2)))
  end)

  it("is a no-op on a dim that is not 1", function()
    local t = x()
    local s = t:squeeze(2)
    assert.are.same({{1, 3, 1, 2}, {6, 2, 2, 1}, 0}, layout(s))
    assert.are.same({{1, 3, 1, 2}, {6, 2, 2, 1}, 0}, layout(t:squeeze(-1)))
  end)

  it("of all-ones gives 0-d", function()
    local s = lt.tensor({{5}}):squeeze()
    assert.are.equal(0, s:dim())
    assert.are.equal(5, s:item())
  end)

  it("shares memory", function()
    local t = x()
    local s = t:squeeze()
    s[{3, 2}] = 50
    assert.are.equal(50, t[{1, 3, 1, 2}])
  end)

  it("rejects bad dims", function()
    assert.has_error(function() x():squeeze(5) end)
  end)
end)

describe("unsqueeze", function()
  it("at 1 adds a leading dim", function()
    local m = lt.arange(6):view(2, 3)
    local u = m:unsqueeze(1)
    assert.are.same({{1, 2, 3}, {6, 3, 1}, 0}, layout(u))
    assert.is_true(u:is_contiguous())
    assert.are.same({{{0, 1, 2}, {3, 4, 5}}}, u:totable())
  end)

  it("in the middle", function()
    local u = lt.arange(6):view(2, 3):unsqueeze(2)
    assert.are.same({{2, 1, 3}, {3, 3, 1}, 0}, layout(u))
    assert.are.same({{{0, 1, 2}}, {{3, 4, 5}}}, u:totable())
  end)

  it("at -1 appends a dim", function()
    local u = lt.arange(6):view(2, 3):unsqueeze(-1)
    assert.are.same({{2, 3, 1}, {3, 1, 1}, 0}, layout(u))
    assert.are.same({{{0}, {1}, {2}}, {{3}, {4}, {5}}}, u:totable())
    assert.are.same({2, 3, 1}, lt.zeros(2, 3):unsqueeze(3):size())
    assert.are.same({1, 2, 3}, lt.zeros(2, 3):unsqueeze(-3):size())
  end)

  it("of a 0-d tensor", function()
    local u = lt.tensor(3):unsqueeze(1)
    assert.are.same({1}, u:size())
    assert.are.same({3}, u:totable())
  end)

  it("of a transposed tensor keeps its strides", function()
    local u = m34():t():unsqueeze(2)    -- (4, 1, 3)
    assert.are.same({4, 1, 3}, u:size())
    assert.are.equal(1, u:stride(1))
    assert.are.equal(4, u:stride(3))
    assert.are.equal(9, u[{2, 1, 3}])
  end)

  it("shares memory", function()
    local m = lt.arange(6):view(2, 3)
    local u = m:unsqueeze(2)
    u[{2, 1, 3}] = -1
    assert.are.equal(-1, m[{2, 3}])
  end)

  it("rejects bad dims", function()
    assert.has_error(function() lt.zeros(2, 3):unsqueeze(4) end)
    assert.has_error(function() lt.zeros(2, 3):unsqueeze(-4) end)
  end)
end)

describe("flatten", function()
  it("without dims flattens everything", function()
    local a = a3()
    local f = a:flatten()
    assert.are.same({{24}, {1}, 0}, layout(f))
    f[24] = 100
    assert.are.equal(100, a[{2, 3, 4}])
  end)

  it("takes start and end ranges", function()
    local a = a3()
    assert.are.same({{2, 12}, {12, 1}, 0}, layout(a:flatten(2)))
    assert.are.same({{6, 4}, {4, 1}, 0}, layout(a:flatten(1, 2)))
    assert.are.same({{2, 12}, {12, 1}, 0}, layout(a:flatten(2, 3)))
    assert.are.same({{2, 12}, {12, 1}, 0}, layout(a:flatten(-2, -1)))
    assert.are.same({{2, 3, 4}, {12, 4, 1}, 0}, layout(a:flatten(2, 2)))
    assert.are.same({{24}, {1}, 0}, layout(a:flatten(1, -1)))
  end)

  it("is a view of a strided tensor when possible", function()
    local a = a3()
    local n = a:narrow(3, 2, 2)          -- (2, 3, 2), strides (12, 4, 1), offset 1
    local f = n:flatten(1, 2)            -- dims 1-2 merge: 12 == 3 * 4
    assert.are.same({{6, 2}, {4, 1}, 1}, layout(f))
    f[{6, 2}] = -7
    assert.are.equal(-7, a[{2, 3, 3}])
  end)

  it("copies when it must", function()
    local a = a3()
    local t = a:transpose(1, 2)          -- (3, 2, 4), strides (4, 12, 1)
    local f = t:flatten(1, 2)
    assert.are.same({{6, 4}, {4, 1}, 0}, layout(f))
    assert.are.same({0, 1, 2, 3}, f[1]:totable())
    assert.are.same({12, 13, 14, 15}, f[2]:totable())
    assert.are.same({4, 5, 6, 7}, f[3]:totable())
    f:fill_(0)
    assert.are.equal(13, a[{2, 1, 2}])
  end)

  it("of a 0-d tensor gives 1 element", function()
    local f = lt.tensor(3):flatten()
    assert.are.same({1}, f:size())
    assert.are.same({3}, f:totable())
  end)

  it("rejects bad ranges", function()
    assert.has_error(function() a3():flatten(3, 2) end)
    assert.has_error(function() a3():flatten(1, 4) end)
  end)
end)

describe("unfold", function()
  it("makes overlapping windows", function()
    local v = lt.arange(1, 8)            -- 1..7
    local u = v:unfold(1, 3, 2)
    assert.are.same({{3, 3}, {2, 1}, 0}, layout(u))
    assert.are.same({{1, 2, 3}, {3, 4, 5}, {5, 6, 7}}, u:totable())
  end)

  it("drops an incomplete last window", function()
    local u = lt.arange(1, 8):unfold(1, 2, 3)
    assert.are.same({{2, 2}, {3, 1}, 0}, layout(u))
    assert.are.same({{1, 2}, {4, 5}}, u:totable())
  end)

  it("takes the whole dim as one window", function()
    assert.are.same({{1, 2, 3}}, lt.arange(1, 4):unfold(1, 3, 1):totable())
  end)

  it("along the last dim of a matrix", function()
    local u = m34():unfold(2, 2, 2)
    assert.are.same({{3, 2, 2}, {4, 2, 1}, 0}, layout(u))
    assert.are.same({{{0, 1}, {2, 3}}, {{4, 5}, {6, 7}}, {{8, 9}, {10, 11}}}, u:totable())
  end)

  it("along the first dim puts the window last", function()
    local u = m34():unfold(1, 2, 1)
    assert.are.same({{2, 4, 2}, {4, 1, 4}, 0}, layout(u))
    assert.are.same({{{0, 4}, {1, 5}, {2, 6}, {3, 7}}, {{4, 8}, {5, 9}, {6, 10}, {7, 11}}},
      u:totable())
  end)

  it("shares memory with the windows overlapping", function()
    local m = m34()
    local u = m:unfold(1, 2, 1)
    m[{2, 2}] = 50
    assert.are.equal(50, u[{1, 2, 2}])
    assert.are.equal(50, u[{2, 2, 1}])
    u[{2, 4, 2}] = -11
    assert.are.equal(-11, m[{3, 4}])
  end)

  it("rejects windows larger than the dim and bad steps", function()
    assert.has_error(function() lt.arange(5):unfold(1, 6, 1) end)
    assert.has_error(function() lt.arange(5):unfold(1, 2, 0) end)
    assert.has_error(function() lt.arange(5):unfold(2, 2, 1) end)
  end)
end)

describe("indexing", function()
  it("t[i] on a 1-d tensor is a number", function()
    local v = lt.arange(5)
    assert.are.equal(1, v[2])
    assert.are.equal("integer", math.type(v[2]))
    assert.are.equal(4, v[-1])
    assert.are.equal(0, v[-5])
    assert.are.equal(2.5, lt.tensor({1.5, 2.5})[2])
    assert.are.equal(true, lt.tensor({false, true})[2])
  end)

  it("t[i] on a 2-d tensor is a row view", function()
    local m = m34()
    local r = m[2]
    assert.is_true(lt.is_tensor(r))
    assert.are.same({{4}, {1}, 4}, layout(r))
    assert.are.same({4, 5, 6, 7}, r:totable())
    r[1] = 40
    assert.are.equal(40, m[{2, 1}])
    m[2][2] = 50
    assert.are.equal(50, m[{2, 2}])
    assert.are.same({8, 9, 10, 11}, m[-1]:totable())
  end)

  it("rejects out-of-range indices", function()
    local m = m34()
    assert.has_error(function() return m[4] end)
    assert.has_error(function() return m[0] end)
    assert.has_error(function() return m[-4] end)
    assert.has_error(function() return m[{1, 5}] end)
    assert.has_error(function() return m[{1, 1, 1}] end)
    assert.has_error(function() return lt.tensor(1)[1] end)
    assert.has_error(function() return m[1.5] end)
    assert.has_error(function() return m[{1, 2.5}] end)
    assert.has_error(function() return lt.zeros(0)[1] end)
  end)

  it("t[{}] is the whole tensor as a view", function()
    local m = m34()
    local v = m[{}]
    assert.are.same({{3, 4}, {4, 1}, 0}, layout(v))
    v[{1, 1}] = 9
    assert.are.equal(9, m[{1, 1}])
  end)

  it("t[{i, j}] with every dim selected is the element", function()
    local m = m34()
    assert.are.equal(6, m[{2, 3}])
    assert.are.equal(11, m[{-1, -1}])
    assert.are.equal(8, m[{-1, 1}])
  end)
end)

describe("slicing", function()
  it("follows Torch7: t[{ {1, 3}, {}, 2 }]", function()
    local b = lt.arange(24):view(4, 3, 2)   -- strides (6, 2, 1)
    local s = b[{ {1, 3}, {}, 2 }]
    assert.are.same({{3, 3}, {6, 2}, 1}, layout(s))
    assert.are.same({{1, 3, 5}, {7, 9, 11}, {13, 15, 17}}, s:totable())
  end)

  it("{} keeps a dim and missing trailing entries keep theirs", function()
    local m = m34()
    assert.are.same({{3, 4}, {4, 1}, 0}, layout(m[{{}}]))
    assert.are.same({{2, 4}, {4, 1}, 0}, layout(m[{{1, 2}}]))
    local c = m[{{}, 2}]
    assert.are.same({{3}, {4}, 1}, layout(c))
    assert.is_false(c:is_contiguous())
    assert.are.same({1, 5, 9}, c:totable())
  end)

  it("{i} keeps a size-1 dim", function()
    local m = m34()
    local r = m[{{2}}]
    assert.are.same({{1, 4}, {4, 1}, 4}, layout(r))
    assert.are.same({{4, 5, 6, 7}}, r:totable())
    local c = m[{{}, {3}}]
    assert.are.same({3, 1}, c:size())
    assert.are.equal(4, c:stride(1))
    assert.are.equal(2, c:storage_offset())
    assert.are.same({{2}, {6}, {10}}, c:totable())
    local e = m[{{2}, {3}}]
    assert.are.same({1, 1}, e:size())
    assert.are.equal(6, e:item())
    assert.are.same({{8}}, m[{{-1}, {-4}}]:totable())
  end)

  it("takes negative indices", function()
    local m = m34()
    assert.are.same({{8, 9, 10, 11}}, m[{{-1}}]:totable())
    assert.are.same({{4, 5, 6, 7}, {8, 9, 10, 11}}, m[{{-2, -1}}]:totable())
    assert.are.same({{1, 2}, {5, 6}, {9, 10}}, m[{{}, {-3, -2}}]:totable())
    assert.are.same({{1, 2}, {5, 6}}, m[{{1, -2}, {2, -2}}]:totable())
  end)

  it("takes steps", function()
    local v = lt.arange(10)
    local s = v[{{1, 10, 2}}]
    assert.are.same({{5}, {2}, 0}, layout(s))
    assert.are.same({0, 2, 4, 6, 8}, s:totable())
    assert.is_false(s:is_contiguous())
    local s3 = v[{{2, 10, 3}}]
    assert.are.same({{3}, {3}, 1}, layout(s3))
    assert.are.same({1, 4, 7}, s3:totable())
    assert.are.same({{2}, {5}, 0}, layout(v[{{1, 10, 5}}]))
    assert.are.same({0}, v[{{1, 10, 20}}]:totable())
  end)

  it("walks backwards with a negative step", function()
    local v = lt.arange(10)
    local r = v[{{-1, 1, -1}}]
    assert.are.same({{10}, {-1}, 9}, layout(r))
    assert.is_false(r:is_contiguous())
    assert.are.same({9, 8, 7, 6, 5, 4, 3, 2, 1, 0}, r:totable())
    local r2 = v[{{10, 1, -2}}]
    assert.are.same({{5}, {-2}, 9}, layout(r2))
    assert.are.same({9, 7, 5, 3, 1}, r2:totable())
    local r3 = v[{{9, 2, -3}}]
    assert.are.same({{3}, {-3}, 8}, layout(r3))
    assert.are.same({8, 5, 2}, r3:totable())
  end)

  it("reverses columns and steps rows (the README example)", function()
    local m = m34()
    local s = m[{ {1, 3, 2}, {-1, 1, -1} }]
    assert.are.same({{2, 4}, {8, -1}, 3}, layout(s))
    assert.are.same({{3, 2, 1, 0}, {11, 10, 9, 8}}, s:totable())
    assert.are.same({{8, 9, 10, 11}, {0, 1, 2, 3}}, m[{{-1, 1, -2}}]:totable())
  end)

  it("gives empty slices for {a, a - 1}", function()
    local v = lt.arange(5)
    local e = v[{{3, 2}}]
    assert.are.same({0}, e:size())
    assert.are.equal(0, e:numel())
    assert.are.same({}, e:totable())
    local m = m34()
    assert.are.same({0, 4}, m[{{2, 1}}]:size())
    assert.are.same({3, 0}, m[{{}, {4, 3}}]:size())
    assert.are.same({{}, {}, {}}, m[{{}, {4, 3}}]:totable())
    assert.are.same({0}, v[{{2, 3, -1}}]:size())
    assert.are.same({0}, v[{{1, 0}}]:size())
  end)

  it("slices slices", function()
    local m = m34()
    local s = m[{{2, 3}}][{{}, {2, 3}}]
    assert.are.same({{2, 2}, {4, 1}, 5}, layout(s))
    assert.are.same({{5, 6}, {9, 10}}, s:totable())
    local v = lt.arange(10)
    local a = v[{{2, 9, 2}}]              -- 1, 3, 5, 7; stride 2, offset 1
    local b = a[{{-1, 1, -1}}]            -- 7, 5, 3, 1; stride -2, offset 7
    assert.are.same({{4}, {-2}, 7}, layout(b))
    assert.are.same({7, 5, 3, 1}, b:totable())
    local c = b[{{1, 3, 2}}]              -- 7, 3; stride -4
    assert.are.same({{2}, {-4}, 7}, layout(c))
    assert.are.same({7, 3}, c:totable())
    assert.are.equal(3, c[2])
    local d = c[{{-1, 1, -1}}]            -- 3, 7; stride 4, offset 3
    assert.are.same({{2}, {4}, 3}, layout(d))
    assert.are.same({3, 7}, d:totable())
  end)

  it("slices transposed tensors", function()
    local mt = m34():t()                  -- (4, 3), strides (1, 4)
    local a = mt[{{2, 3}, 1}]
    assert.are.same({{2}, {1}, 1}, layout(a))
    assert.are.same({1, 2}, a:totable())
    local r = mt[2]
    assert.are.same({{3}, {4}, 1}, layout(r))
    assert.are.same({1, 5, 9}, r:totable())
    local rev = mt[{{}, {-1, 1, -1}}]
    assert.are.same({{4, 3}, {1, -4}, 8}, layout(rev))
    assert.are.same({{8, 4, 0}, {9, 5, 1}, {10, 6, 2}, {11, 7, 3}}, rev:totable())
    assert.are.equal(7, mt[{4, 2}])
  end)

  it("writes through slices", function()
    local m = m34()
    m[{{1, 3, 2}, {}}] = 0
    assert.are.same({{0, 0, 0, 0}, {4, 5, 6, 7}, {0, 0, 0, 0}}, m:totable())
    local s = m[{{2}, {2, 3}}]
    s:fill_(-1)
    assert.are.same({4, -1, -1, 7}, m[2]:totable())
  end)

  it("assigns through negative steps", function()
    local v = lt.tensor({1, 2, 3, 4, 5})
    v[{{-1, 1, -2}}] = lt.tensor({10, 20, 30})
    assert.are.same({30, 2, 20, 4, 10}, v:totable())
    local m = m34()
    m[{{}, {-1, 1, -1}}] = lt.tensor({1, 2, 3, 4})
    assert.are.same({{4, 3, 2, 1}, {4, 3, 2, 1}, {4, 3, 2, 1}}, m:totable())
    local w = lt.zeros(6, lt.int64)
    w[{{6, 1, -2}}] = 7
    assert.are.same({0, 7, 0, 7, 0, 7}, w:totable())
  end)

  it("assigns into a slice of a transposed tensor", function()
    local m = m34()
    local mt = m:t()
    mt[{{}, 2}] = lt.tensor({-1, -2, -3, -4})
    assert.are.same({-1, -2, -3, -4}, m[2]:totable())
  end)

  it("rejects bad slices", function()
    local m = m34()
    assert.has_error(function() return m[{{1, 5}}] end)
    assert.has_error(function() return m[{{0, 2}}] end)
    assert.has_error(function() return m[{{1, 3, 0}}] end)
    assert.has_error(function() return m[{{}, {}, {}}] end)
    assert.has_error(function() return m[{{1, 2, 3, 4}}] end)
    assert.has_error(function() return m[{"a"}] end)
  end)
end)

describe("is_contiguous", function()
  it("holds for contiguous layouts and fails otherwise", function()
    local a = a3()
    assert.is_true(a:is_contiguous())
    assert.is_true(a:view(6, 4):is_contiguous())
    assert.is_true(a[2]:is_contiguous())
    assert.is_true(a[{2, {2, 3}}]:is_contiguous())
    assert.is_true(a:narrow(1, 1, 1):is_contiguous())
    assert.is_false(a:narrow(2, 1, 2):is_contiguous())
    assert.is_false(a:narrow(3, 1, 2):is_contiguous())
    assert.is_false(a:select(3, 1):is_contiguous())
    assert.is_false(a:transpose(1, 2):is_contiguous())
    assert.is_false(a:permute(2, 3, 1):is_contiguous())
    assert.is_true(a:unsqueeze(2):is_contiguous())
    assert.is_true(a:unfold(3, 2, 2):is_contiguous())
    assert.is_false(a:unfold(3, 2, 1):is_contiguous())
    assert.is_false(lt.tensor({1, 2}):expand(2, 2):is_contiguous())
    -- size-1 dims and empty tensors do not matter
    assert.is_true(lt.zeros(3, 1):t():is_contiguous())
    assert.is_true(lt.zeros(0, 3):t():is_contiguous())
    assert.is_true(lt.tensor({5}):expand(1):is_contiguous())
    assert.is_true(lt.tensor(1):is_contiguous())
  end)
end)

-- Found by the differential tester (test/diff): t() of a vector or scalar returned an alias the
-- tape did not record, so no gradient flowed through it.
describe("t() of a vector or a scalar on the tape", function()
  it("passes the gradient through", function()
    for _, x in ipairs({ lt.tensor({1.5, 2.0, 3.0}, "float64"), lt.full({6}, 1.5, "float64")[{ {1, -1, 2} }],
                         lt.tensor(2.0, "float64") }) do
      local tape = lt.tape()
      tape:watch(x)
      local g = tape:gradient(lt.cumprod(x:t():reshape(-1), 1), x)
      assert.is_not_nil(g)
      assert.are.same(x:size(), g:size())
    end
    local v = lt.tensor({1.5, 1.5, 1.5}, "float64")
    local tape = lt.tape()
    tape:watch(v)
    assert.are.same({4.75, 3.75, 2.25}, tape:gradient(lt.cumprod(v:t(), 1), v):totable())
  end)
end)
