-- einsum and tensordot, against a plain-Lua reference (every index assignment, accumulated) and
-- values computed by hand.
local lt = require "luatensor"
local nested = dofile("spec/support/nested.lua")

-- ---------------------------------------------------------------------------------------------
-- The reference: NumPy's rules written as plainly as possible.

-- the subscripts of each operand and of the output, with '...' replaced by digits (one per
-- broadcast dim, right-aligned) and the implicit output made explicit
local function ref_parse(spec, shapes)
  spec = spec:gsub(" ", "")
  local lhs, rhs = spec:match("^(.-)%->(.*)$")
  lhs = lhs or spec
  local subs = {}
  for s in (lhs .. ","):gmatch("([^,]*),") do subs[#subs + 1] = s end
  local nell = 0
  for k, s in ipairs(subs) do
    if s:find("...", 1, true) then nell = math.max(nell, #shapes[k] - (#s - 3)) end
  end
  local ell = ("0123456789"):sub(1, nell) -- stand-ins that no spec uses
  for k, s in ipairs(subs) do
    local e = #shapes[k] - (#s - 3)
    subs[k] = s:gsub("%.%.%.", function() return ell:sub(nell - e + 1) end)
  end
  if rhs then
    rhs = rhs:gsub("%.%.%.", function() return ell end)
  else
    local count, letters = {}, {}
    for _, s in ipairs(subs) do
      for c in s:gmatch("%a") do count[c] = (count[c] or 0) + 1 end
    end
    for c, n in pairs(count) do if n == 1 then letters[#letters + 1] = c end end
    table.sort(letters) -- by character code: uppercase first, as NumPy
    rhs = ell .. table.concat(letters)
  end
  return subs, rhs
end

local function wrap(dtype, x)
  if dtype == "int32" then return ((x + 0x80000000) & 0xffffffff) - 0x80000000 end
  if dtype == "uint8" then return x & 0xff end
  return x
end

-- einsum by brute force: every assignment of every label, size-1 dims broadcasting. Returns
-- { shape = ..., data = flat row-major list } of the result.
local function ref_einsum(spec, ...)
  local ops, shapes, data = { ... }, {}, {}
  for k, t in ipairs(ops) do shapes[k], data[k] = t:size(), t:totable() end
  local subs, out = ref_parse(spec, shapes)
  local labels, size, seen = {}, {}, {}
  for k, s in ipairs(subs) do
    for d = 1, #s do
      local c = s:sub(d, d)
      if not seen[c] then seen[c] = true; labels[#labels + 1] = c; size[c] = 1 end
      if shapes[k][d] ~= 1 then size[c] = shapes[k][d] end
    end
  end
  local float = false
  for _, t in ipairs(ops) do float = float or t.dtype == "float32" or t.dtype == "float64" end
  local oshape, strides, n = {}, {}, 1
  for d = #out, 1, -1 do
    oshape[d] = size[out:sub(d, d)]
    strides[d] = n
    n = n * oshape[d]
  end
  local acc = {}
  for i = 1, n do acc[i] = float and 0.0 or 0 end
  local idx, total = {}, 1
  for _, c in ipairs(labels) do idx[c] = 1; total = total * size[c] end
  for _ = 1, total do
    local p = 1
    for k, s in ipairs(subs) do
      local v = data[k]
      for d = 1, #s do v = v[shapes[k][d] == 1 and 1 or idx[s:sub(d, d)]] end
      if type(v) == "boolean" then v = v and 1 or 0 end
      p = p * v
    end
    local o = 1
    for d = 1, #out do o = o + (idx[out:sub(d, d)] - 1) * strides[d] end
    acc[o] = acc[o] + p
    for i = #labels, 1, -1 do -- the odometer
      local c = labels[i]
      idx[c] = idx[c] + 1
      if idx[c] <= size[c] then break end
      idx[c] = 1
    end
  end
  return { shape = oshape, data = acc }
end

local RTOL = { float32 = 1e-5, float64 = 1e-12 }

-- got (a tensor) against the reference R
local function assert_matches(R, got, label)
  assert.are.same(R.shape, got:size(), label .. ": shape")
  local G = nested.flatten({ got:totable() })
  assert.are.equal(#R.data, #G, label .. ": number of elements")
  local rtol = RTOL[got.dtype]
  for i = 1, #R.data do
    local g, e = G[i], R.data[i]
    local ok
    if rtol then ok = math.abs(g - e) <= rtol * (1 + math.abs(e))
    else ok = math.type(g) == "integer" and g == wrap(got.dtype, e) end
    assert.is_true(ok, string.format("%s: element %d is %s, expected %s", label, i, tostring(g), tostring(e)))
  end
end

-- lt.einsum(spec, ...) against the reference
local function check(spec, ...)
  local got = lt.einsum(spec, ...)
  assert_matches(ref_einsum(spec, ...), got, spec)
  assert.is_true(got:is_contiguous(), spec .. ": contiguous")
  return got
end

local randn = lt.randn

describe("einsum", function()
  before_each(function() lt.manual_seed(7) end)

  it("multiplies matrices", function()
    local A, B = lt.tensor({ { 1.0, 2.0 }, { 3.0, 4.0 } }), lt.tensor({ { 5.0, 6.0 }, { 7.0, 8.0 } })
    local C = lt.einsum("ij,jk->ik", A, B)
    assert.are.same({ { 19, 22 }, { 43, 50 } }, C:totable())
    assert.are.equal("float32", C.dtype)
    check("ij,jk->ik", randn(3, 4), randn(4, 5))
    check("ij,jk->ki", randn(3, 4), randn(4, 5))
    check("ij,kj->ik", randn(3, 4), randn(5, 4))
    check("ji,jk->ik", randn(4, 3), randn(4, 5))
  end)

  it("multiplies batches", function()
    check("bij,bjk->bik", randn(3, 2, 4), randn(3, 4, 5))
    check("bij,bkj->bki", randn(3, 2, 4), randn(3, 5, 4))
    check("ibj,jbk->bik", randn(2, 3, 4), randn(4, 3, 5))
    local a, b = randn(4, 3, 5), randn(4, 5, 2)
    assert.are.same(a:bmm(b):totable(), lt.einsum("bij,bjk->bik", a, b):totable())
  end)

  it("computes the seed article's 'ijk,ikl->ijl' (A 3x2x4, B 3x4x5)", function()
    local A, B = randn(3, 2, 4), randn(3, 4, 5)
    local C = check("ijk,ikl->ijl", A, B)
    assert.are.same({ 3, 2, 5 }, C:size())
    assert.are.same(A:bmm(B):totable(), C:totable()) -- the same single batched product
    assert.is_true(math.abs(C:sum():item() - A:bmm(B):sum():item()) < 1e-4)
  end)

  it("takes traces and diagonals of repeated indices", function()
    local m = lt.arange(9):view(3, 3)
    assert.are.equal(12, lt.einsum("ii", m):item())
    assert.are.equal(0, lt.einsum("ii", m):dim())
    assert.are.equal(12, lt.einsum("ii->", m):item())
    assert.are.same({ 0, 4, 8 }, lt.einsum("ii->i", m):totable())
    check("ii->i", randn(4, 4))
    check("iij->ij", randn(3, 3, 2))
    check("iji->j", randn(3, 2, 3))
    check("iii->i", randn(3, 3, 3))
    check("ii,jj->ij", randn(3, 3), randn(2, 2))
    check("ijij->", randn(2, 3, 2, 3))
    check("ii,i->i", randn(3, 3), randn(3))
  end)

  it("forms outer products, transposes and sums", function()
    assert.are.same({ { 3, 4 }, { 6, 8 }, { 9, 12 } },
      lt.einsum("i,j->ij", lt.tensor({ 1, 2, 3 }), lt.tensor({ 3, 4 })):totable())
    check("i,j->ij", randn(3), randn(4))
    check("ij,k->ijk", randn(2, 3), randn(4))
    check("ij,k->kji", randn(2, 3), randn(4))
    local m = lt.tensor({ { 1, 2, 3 }, { 4, 5, 6 } })
    assert.are.same({ { 1, 4 }, { 2, 5 }, { 3, 6 } }, lt.einsum("ij->ji", m):totable())
    assert.are.equal(21, lt.einsum("ij->", m):item())
    assert.are.same({ 5, 7, 9 }, lt.einsum("ij->j", m):totable())
    assert.are.same({ 6, 15 }, lt.einsum("ij->i", m):totable())
    check("ijk->kij", randn(2, 3, 4))
    check("ijk->j", randn(2, 3, 4))
    check("ij,ij->ij", randn(2, 3), randn(2, 3)) -- element-wise
    check("ij,ij->", randn(2, 3), randn(2, 3))
    check("ij,ij->i", randn(2, 3), randn(2, 3))
    check("i,i->", randn(5), randn(5))
    check("ij,jk->", randn(2, 3), randn(3, 4))
    check("ij,kl->", randn(2, 3), randn(4, 5))
    check("ij,jk->i", randn(2, 3), randn(3, 4))
    check("abc,cd,bd->ad", randn(2, 3, 4), randn(4, 5), randn(3, 5))
  end)

  it("ignores spaces", function()
    local a, b = randn(2, 3), randn(3, 4)
    assert.are.same(lt.einsum("ij,jk->ik", a, b):totable(), lt.einsum(" i j , jk -> i k ", a, b):totable())
  end)

  it("broadcasts '...' dims", function()
    check("...ij,...jk->...ik", randn(2, 1, 3, 4), randn(5, 4, 2))
    check("...ij,...jk->...ik", randn(3, 4), randn(2, 4, 5))
    check("...ij,...jk", randn(2, 1, 3, 4), randn(5, 4, 2)) -- implicit: the ellipsis first
    check("...i->...", randn(2, 3, 4))
    check("i...->...", randn(2, 3, 4))
    check("i...->...i", randn(2, 3, 4))
    check("...->...", randn(2, 3))
    check("...ii->...i", randn(2, 3, 3))
    check("...,...->...", randn(3, 1), randn(4))
    check("i...j,j...->i...", randn(2, 3, 4), randn(4, 3))
    local r = lt.einsum("...ij,...jk->...ik", lt.ones(2, 1, 3, 4), lt.ones(5, 4, 2))
    assert.are.same({ 2, 5, 3, 2 }, r:size())
    assert.are.equal(4, r[{ 2, 5, 3, 2 }])
    -- ellipsis dims missing from an explicit output are summed (PyTorch's rule)
    check("...i->i", randn(2, 3, 4))
    assert.are.same({ 3, 3, 3 }, lt.einsum("...i->i", lt.ones(3, 3)):totable())
    -- an ellipsis may cover no dims
    check("...ij->...ji", randn(2, 3))
  end)

  it("builds an implicit output from the indices seen once, in character-code order", function()
    local a, b = randn(2, 3), randn(3, 4)
    assert.are.same(lt.einsum("ij,jk->ik", a, b):totable(), lt.einsum("ij,jk", a, b):totable())
    assert.are.same(a:t():totable(), lt.einsum("ba", a):totable())
    assert.are.same(a:totable(), lt.einsum("ab", a):totable())
    assert.are.same(a:t():totable(), lt.einsum("aB", a):totable()) -- 'B' sorts before 'a'
    check("ij,jk", randn(2, 3), randn(3, 4))
    check("ba", randn(2, 3))
    check("jk,ij", randn(3, 4), randn(2, 3))
    check("Zz,zA", randn(2, 3), randn(3, 4))
    check("i,i", randn(3), randn(3))
    check("ii", randn(3, 3))
  end)

  it("contracts three or more operands", function()
    check("ij,jk,kl->il", randn(2, 3), randn(3, 4), randn(4, 5))
    check("ij,jk,kl", randn(2, 3), randn(3, 4), randn(4, 5))
    check("i,i,i->", randn(4), randn(4), randn(4))
    check("i,i,i->i", randn(4), randn(4), randn(4))
    assert.are.equal(0 + 1 + 8 + 27, lt.einsum("i,i,i->", lt.arange(4), lt.arange(4), lt.arange(4)):item())
    check("ab,bc,cd,de->ae", randn(2, 3), randn(3, 4), randn(4, 2), randn(2, 3))
    check("i,j,k->ijk", randn(2), randn(3), randn(4))
    check("bij,bjk,bkl->bli", randn(2, 3, 4), randn(2, 4, 2), randn(2, 2, 3))
    check("ij,jk,ik->", randn(2, 3), randn(3, 4), randn(2, 4))
    check("ij,,jk->ik", randn(2, 3), randn(), randn(3, 4)) -- a 0-d operand
  end)

  it("takes the operands as a table too", function()
    local a, b, c = randn(2, 3), randn(3, 4), randn(4)
    assert.are.same(lt.einsum("ij,jk,k->i", a, b, c):totable(), lt.einsum("ij,jk,k->i", { a, b, c }):totable())
  end)

  it("works in float32 and float64 and promotes mixed dtypes", function()
    local a, b = randn(2, 3, lt.float64), randn(3, 4, lt.float64)
    assert.are.equal("float64", check("ij,jk->ik", a, b).dtype)
    assert.are.equal("float64", lt.einsum("ij,jk->ik", a:float(), b).dtype)
    assert.are.equal("float32", lt.einsum("ij,jk->ik", a:float(), lt.ones(3, 4, lt.int32)).dtype)
    assert.are.equal("float64", check("ij,jk->ik", a, lt.arange(12):view(3, 4)).dtype)
    assert.are.equal("float32", lt.einsum("ij->", a:float()).dtype)
  end)

  it("keeps integer dtypes (wrapping) and refuses bool", function()
    local m = lt.arange(6):view(2, 3)
    local r = check("ij,kj->ik", m, m)
    assert.are.equal("int64", r.dtype)
    assert.are.same({ { 5, 14 }, { 14, 50 } }, r:totable())
    for _, dt in ipairs({ lt.int32, lt.uint8, lt.int64 }) do
      local a = lt.randint(0, 200, { 3, 4 }, dt)
      local b = lt.randint(0, 200, { 4, 2 }, dt)
      assert.are.equal(dt, check("ij,jk->ik", a, b).dtype)
      assert.are.equal(dt, check("ij->", a).dtype)   -- a sum, not widened to int64
      assert.are.equal(dt, check("ij->j", a).dtype)
      assert.are.equal(dt, check("ij,ij->i", a, a).dtype)
      assert.are.equal(dt, check("ii->i", lt.randint(0, 200, { 3, 3 }, dt)).dtype)
    end
    local big = lt.full({ 4 }, 0x7fffffff, lt.int32)
    assert.are.equal(-4, lt.einsum("i->", big):item()) -- 4 * (2^31 - 1) wrapped to 32 bits
    assert.are.equal((200 * 3) & 0xff, lt.einsum("i->", lt.full({ 3 }, 200, lt.uint8)):item())
    assert.has_error(function() lt.einsum("ij,jk->ik", lt.ones(2, 2, lt.bool), lt.ones(2, 2, lt.bool)) end,
      "einsum: not supported for dtype bool")
    assert.has_error(function() lt.einsum("ij->ji", lt.ones(2, 2, lt.bool)) end,
      "einsum: not supported for dtype bool")
  end)

  it("reads transposed, sliced, reversed and expanded (stride 0) operands", function()
    local big = randn(6, 8)
    local t = big:t()                                    -- 8x6, transposed
    local s = big[{ { 1, 6, 2 }, { 2, 8, 3 } }]          -- 3x3 with strides (16, 3)
    local r = big[{ { -1, 1, -1 }, {} }]                 -- reversed rows
    local e = randn(1, 6):expand(4, 6)                   -- stride 0
    check("ij,jk->ik", t, big)
    check("ij,jk->ik", s, s)
    check("ij,jk->ik", s:t(), s)
    check("ii->i", s)
    check("ij,kj->ik", r, r)
    check("ij,jk->ik", e, big)
    check("ij,kj->ik", e, e)
    check("ij->j", e)
    check("ij->ji", e)
    check("bij,bjk->bik", randn(3, 1, 4):expand(3, 2, 4), randn(4, 5):expand(3, 4, 5))
    check("ijk,ikl->ijl", randn(4, 2, 3):transpose(1, 2):transpose(1, 3), randn(3, 3, 5)[{ {}, { 1, 3, 2 } }])
    local c = randn(2, 3, 4):permute(3, 1, 2)
    check("abc,bcd->ad", c, randn(2, 3, 5))
    check("abc,abd->cd", c, randn(4, 2, 5))
  end)

  it("broadcasts size-1 dims against the same index elsewhere", function()
    check("ij,jk->ik", randn(2, 1), randn(3, 4))
    check("ij,jk->ik", randn(2, 3), randn(1, 4))
    check("ij,ij->ij", randn(2, 1), randn(1, 3))
    check("bij,bjk->bik", randn(1, 2, 3), randn(4, 3, 5))
    check("i,i->", randn(1), randn(4))
    assert.are.same({ { 12, 12 } }, lt.einsum("ij,jk->ik", lt.ones(1, 1), lt.ones(12, 2)):totable())
  end)

  it("handles zero-size dims", function()
    local r = lt.einsum("ij,jk->ik", lt.ones(2, 0), lt.ones(0, 3))
    assert.are.same({ { 0, 0, 0 }, { 0, 0, 0 } }, r:totable())
    assert.are.same({ 0, 3 }, lt.einsum("ij,jk->ik", lt.ones(0, 2), lt.ones(2, 3)):size())
    assert.are.same({ 2, 0 }, lt.einsum("ij,jk->ik", lt.ones(2, 2), lt.ones(2, 0)):size())
    assert.are.equal(0, lt.einsum("ij->", lt.ones(0, 4)):item())
    assert.are.same({ 4 }, lt.einsum("ij->j", lt.ones(0, 4)):size())
    assert.are.same({ 0 }, lt.einsum("ii->i", lt.ones(0, 0)):size())
    assert.are.same({ 0, 2, 2 }, lt.einsum("bij,bjk->bik", lt.ones(0, 2, 3), lt.ones(0, 3, 2)):size())
    assert.are.same({ 0, 4 }, lt.einsum("i,j->ij", lt.ones(0), lt.ones(4)):size())
    assert.are.equal(0, lt.einsum("i,i,i->", lt.ones(0), lt.ones(0), lt.ones(0)):item())
    assert.are.same({ 3, 0 }, lt.einsum("ij,j->ij", lt.ones(3, 0), lt.ones(1)):size())
  end)

  it("returns a fresh contiguous tensor that shares no memory with its operands", function()
    for _, spec in ipairs({ "ij->ij", "ij->ji", "ij", "ii->i", "...->...", "ij->j" }) do
      local a = lt.tensor({ { 1.0, 2.0 }, { 3.0, 4.0 } })
      local r = lt.einsum(spec, a)
      assert.is_true(r:is_contiguous(), spec)
      r:fill_(-1)
      assert.are.same({ { 1, 2 }, { 3, 4 } }, a:totable(), spec .. ": wrote into the operand")
    end
    local a, b = lt.ones(2, 3), lt.ones(3, 4)
    lt.einsum("ij,jk->ik", a, b):fill_(5)
    assert.are.equal(6, a:sum():item())
    assert.are.equal(12, b:sum():item())
  end)

  it("leaves its operands alone", function()
    local a, b = randn(3, 4), randn(4, 5)
    local A, B = a:totable(), b:totable()
    lt.einsum("ij,jk->ki", a, b)
    lt.einsum("ii->i", a[{ { 1, 3 }, { 1, 3 } }])
    assert.are.same(A, a:totable())
    assert.are.same(B, b:totable())
  end)

  it("matches the reference on random specs", function()
    local cases = {
      { "abc,bd->dca", { 2, 3, 4 }, { 3, 5 } },
      { "abcd,dcbe->ae", { 2, 2, 3, 2 }, { 2, 3, 2, 3 } },
      { "xyz,zyw->wx", { 3, 2, 4 }, { 4, 2, 2 } },
      { "ab,cd,ef->fdb", { 2, 3 }, { 2, 2 }, { 3, 2 } },
      { "aab,bcc->ac", { 2, 2, 3 }, { 3, 2, 2 } },
      { "ab,ba->a", { 3, 3 }, { 3, 3 } },
      { "Ab,bA->bA", { 2, 3 }, { 3, 2 } },
      { "i,ij,j->", { 3 }, { 3, 4 }, { 4 } },
      { "bn,anm,bm->ba", { 2, 3 }, { 4, 3, 2 }, { 2, 2 } },
    }
    for _, c in ipairs(cases) do
      local ops = {}
      for k = 2, #c do ops[#ops + 1] = randn(c[k], lt.float64) end
      check(c[1], table.unpack(ops))
    end
  end)

  describe("errors", function()
    local a, b = lt.ones(2, 3), lt.ones(3, 4)
    local function err(msg, spec, ...)
      local ops = { ... }
      if #ops == 0 then ops = { a, b } end
      assert.has_error(function() lt.einsum(spec, table.unpack(ops)) end, msg)
    end

    it("points at the position of a malformed spec", function()
      err("einsum: invalid character '1' at position 3 in 'ij1,jk->ik'", "ij1,jk->ik")
      err("einsum: invalid character '_' at position 1 in '_'", "_", a)
      err("einsum: '-' not followed by '>' at position 3 in 'ij-jk'", "ij-jk")
      err("einsum: '>' not preceded by '-' at position 6 in 'ij,jk>ik'", "ij,jk>ik")
      err("einsum: a second '->' at position 10 in 'ij,jk->ik->ki'", "ij,jk->ik->ki")
      err("einsum: '.' not part of '...' at position 3 in 'ij.,jk'", "ij.,jk")
      err("einsum: '.' not part of '...' at position 1 in '..ij,jk'", "..ij,jk")
      err("einsum: a second '...' in operand 1 at position 5 in '...i...,jk'", "...i...,jk")
      err("einsum: a second '...' in the output at position 11 in 'ij,jk->......'", "ij,jk->......")
      err("einsum: ',' in the output at position 9 in 'ij,jk->i,k'", "ij,jk->i,k")
      err("einsum: output index 'q' at position 9 in 'ij,jk->iq' appears in no operand", "ij,jk->iq")
      err("einsum: output index 'i' appears twice (positions 8 and 10) in 'ij,jk->iki'", "ij,jk->iki")
      err("einsum: operand 1 has more than 16 subscripts (position 17 in 'abcdefghijklmnopq'); tensors have at "
        .. "most 16 dims", "abcdefghijklmnopq", a)
    end)

    it("checks the operands against the spec", function()
      err("einsum: the spec names 2 operands but 3 were given", "ij,jk->ik", a, b, b)
      err("einsum: the spec names 2 operands but 1 was given", "ij,jk->ik", a)
      err("einsum: the spec names 1 operand but 2 were given", "ij->ji", a, b)
      assert.has_error(function() lt.einsum("ij") end, "einsum: no operands given (the spec 'ij' names 1)")
      assert.has_error(function() lt.einsum("ij", {}) end, "einsum: no operands given (the spec 'ij' names 1)")
      err("einsum: operand 2 has 3 dims but its subscripts 'jk' name 2", "ij,jk->ik", a, lt.ones(3, 4, 5))
      err("einsum: operand 1 has 2 dims but its subscripts 'i' name 1", "i,jk", a, b)
      err("einsum: operand 1 has 1 dim but its subscripts '...ij' name at least 2", "...ij->", lt.ones(3))
      err("einsum: index 'j' has size 3 in operand 1 but 4 in operand 2", "ij,jk->ik", a, lt.ones(4, 5))
      err("einsum: index 'j' has size 3 in operand 1 but 2 in operand 3", "ij,jk,j->", a, b, lt.ones(2))
      err("einsum: index 'i' is repeated in operand 1 with sizes 2 and 3 (a diagonal needs equal sizes)", "ii", a)
      err("einsum: the dims under '...' do not broadcast: size 2 in operand 1 but 3 in operand 2", "...i,...i",
        lt.ones(2, 4), lt.ones(3, 4))
    end)

    it("checks the argument types", function()
      assert.has_error(function() lt.einsum(a, b) end, "bad argument #1 to 'einsum' (string expected, got luatensor.Tensor)")
      assert.has_error(function() lt.einsum("ij,jk", a, 3) end,
        "bad argument #3 to 'einsum' (luatensor.Tensor expected, got number)")
      assert.has_error(function() lt.einsum("ij,jk", { a, "x" }) end, "einsum: operand 2 must be a tensor, got string")
      local f = lt.ones(2)
      f:free()
      assert.has_error(function() lt.einsum("i,i", { f, f }) end, "einsum: operand 1 must be a tensor, got a freed tensor")
      assert.has_error(function() lt.einsum("ij\0", a) end, "einsum: invalid byte 0x00 at position 3 in the spec")
    end)
  end)
end)

-- ---------------------------------------------------------------------------------------------

-- tensordot by brute force through the einsum reference
local function ref_tensordot(a, b, da, db)
  local letters = "abcdefghijklmnop"
  local sa, sb, out = {}, {}, {}
  for d = 1, a:dim() do sa[d] = letters:sub(d, d) end
  for d = 1, b:dim() do sb[d] = letters:upper():sub(d, d) end
  local contracted = {}
  for k = 1, #da do sb[db[k]] = sa[da[k]]; contracted[da[k]] = true end
  for d = 1, a:dim() do if not contracted[d] then out[#out + 1] = sa[d] end end
  local used = {}
  for k = 1, #db do used[db[k]] = true end
  for d = 1, b:dim() do if not used[d] then out[#out + 1] = sb[d] end end
  return ref_einsum(table.concat(sa) .. "," .. table.concat(sb) .. "->" .. table.concat(out), a, b)
end

describe("tensordot", function()
  before_each(function() lt.manual_seed(11) end)

  it("contracts the last n dims of a with the first n of b (2 by default)", function()
    local a, b = randn(2, 3, 4), randn(3, 4, 5)
    assert_matches(ref_tensordot(a, b, { 2, 3 }, { 1, 2 }), lt.tensordot(a, b), "default")
    assert_matches(ref_tensordot(a, b, { 2, 3 }, { 1, 2 }), a:tensordot(b, 2), "dims=2")
    local c = randn(4, 2)
    assert_matches(ref_tensordot(a, c, { 3 }, { 1 }), lt.tensordot(a, c, 1), "dims=1")
    assert.are.same({ 2, 3, 2 }, lt.tensordot(a, c, 1):size())
    local x, y = lt.tensor({ 1, 2 }), lt.tensor({ 3, 4, 5 })
    assert.are.same({ { 3, 4, 5 }, { 6, 8, 10 } }, lt.tensordot(x, y, 0):totable()) -- outer product
    assert_matches(ref_tensordot(a, c, {}, {}), lt.tensordot(a, c, 0), "dims=0")
    assert.are.same({ 2, 3, 4, 4, 2 }, lt.tensordot(a, c, 0):size())
    assert.are.equal(32, lt.tensordot(lt.tensor({ 1, 2, 3 }), lt.tensor({ 4, 5, 6 }), 1):item())
  end)

  it("takes explicit lists of dims, 1-based and negative", function()
    local a, b = randn(2, 3, 4), randn(4, 3, 5)
    assert_matches(ref_tensordot(a, b, { 2, 3 }, { 2, 1 }), lt.tensordot(a, b, { { 2, 3 }, { 2, 1 } }), "lists")
    assert_matches(ref_tensordot(a, b, { 2, 3 }, { 2, 1 }), lt.tensordot(a, b, { { -2, -1 }, { 2, -3 } }), "negative")
    assert_matches(ref_tensordot(a, b, { 3 }, { 1 }), lt.tensordot(a, b, { 3, 1 }), "single dims")
    assert_matches(ref_tensordot(a, b, { 3, 2 }, { 1, 2 }), a:tensordot(b, { { 3, 2 }, { 1, 2 } }), "method")
    local m = randn(3, 2)
    assert_matches(ref_tensordot(m, m, { 1 }, { 1 }), lt.tensordot(m, m, { { 1 }, { 1 } }), "m^T m")
    local full = lt.tensordot(a, a, { { 1, 2, 3 }, { 1, 2, 3 } })
    assert.are.equal(0, full:dim())
    assert.is_true(math.abs(full:item() - (a * a):sum():item()) < 1e-4)
  end)

  it("promotes dtypes, reads strided views and returns a fresh tensor", function()
    local a = lt.arange(6):view(2, 3)
    local r = lt.tensordot(a, a:t(), 1)
    assert.are.equal("int64", r.dtype)
    assert.are.same({ { 5, 14 }, { 14, 50 } }, r:totable())
    assert.are.equal("float64", lt.tensordot(a, randn(3, 2, lt.float64), 1).dtype)
    local b = randn(5, 4, 3):permute(3, 2, 1)
    assert_matches(ref_tensordot(b, b, { 1, 2 }, { 1, 2 }), lt.tensordot(b, b, { { 1, 2 }, { 1, 2 } }), "strided")
    local s = lt.tensor({ 2.0 })
    local t = lt.tensordot(s, lt.ones(1), 0)
    t:fill_(9)
    assert.are.equal(2, s[1])
  end)

  it("reports bad dims", function()
    local a, b = lt.ones(2, 3), lt.ones(4, 3)
    assert.has_error(function() lt.tensordot(a, b, 1) end,
      "tensordot: contracted dims must have equal sizes, but dim 2 of a has size 3 and dim 1 of b has size 4")
    assert.has_error(function() lt.tensordot(a, b, { { 1 }, { 2 } }) end,
      "tensordot: contracted dims must have equal sizes, but dim 1 of a has size 2 and dim 2 of b has size 3")
    assert.has_error(function() lt.tensordot(a, lt.ones(3, 3), { { 2, 2 }, { 1, 2 } }) end,
      "tensordot: dim 2 of a is contracted twice")
    assert.has_error(function() lt.tensordot(lt.ones(3, 3), lt.ones(3, 3), { { 1, 2 }, { 1, -2 } }) end,
      "tensordot: dim 1 of b is contracted twice")
    assert.has_error(function() lt.tensordot(a, b, { { 3 }, { 1 } }) end,
      "tensordot: dimension 3 out of range for a 2-d tensor (expected 1..2 or -2..-1)")
    assert.has_error(function() lt.tensordot(a, b, 3) end,
      "tensordot: cannot contract 3 dims of a 2-d and a 2-d tensor")
    assert.has_error(function() lt.tensordot(a, b, -1) end, "tensordot: dims must be non-negative, got -1")
    assert.has_error(function() lt.tensordot(a, b, { { 1, 2 }, { 2 } }) end,
      "tensordot: 2 dims given for a but 1 for b")
    assert.has_error(function() lt.tensordot(a, b, { 1 }) end,
      "tensordot: dims must be an integer or a pair {dims_a, dims_b}")
    assert.has_error(function() lt.tensordot(a, b, { { "x" }, { 1 } }) end,
      "tensordot: dim 1 of a must be an integer, got string")
    assert.has_error(function() lt.tensordot(lt.ones(2, 2, lt.bool), lt.ones(2, 2, lt.bool)) end,
      "tensordot: not supported for dtype bool")
  end)
end)
