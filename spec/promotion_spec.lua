-- dtype promotion of the element-wise ops, checked against PyTorch's rules (PyTorch 1.13's
-- answers, computed with torch.result_type and the ops themselves, are the literals below).
--
-- Operands come in three kinds: tensors with dims, 0-d tensors, and Lua numbers or booleans
-- ("wrapped" numbers). A lower kind only changes the result when it is of a higher category
-- (bool < integer < float); a Lua float then counts as the default float dtype.
local lt = require "luatensor"

local DTYPES = {"float32", "float64", "int32", "int64", "uint8", "bool"}

-- a tensor of ones: n-d (size 2) or 0-d
local function ones(dt, zero_d)
  if zero_d then return lt.ones(dt) end
  return lt.ones(2, dt)
end

-- the value 1 + 1 in dtype dt (true for bool), as totable gives it
local function two(dt)
  if dt == "bool" then return true end
  if dt:match("^float") then return 2.0 end
  return 2
end

-- the Lua value of one element of t (a 0-d tensor gives its number)
local function first(t)
  local v = t:totable()
  if type(v) == "table" then return v[1] end
  return v
end

-- runs f with the default dtype set to dt, restoring float32 whatever happens
local function with_default(dt, f)
  lt.set_default_dtype(dt)
  local ok, err = pcall(f)
  lt.set_default_dtype(lt.float32)
  assert(ok, err)
end

-- Generated with PyTorch: TABLE[a][j] is the result dtype of (a op b) for b = DTYPES[j].
-- add (and every op with the promoted dtype) of two tensors with dims; PyTorch's result_type
local ADD_NN = {
  float32   = {"float32", "float64", "float32", "float32", "float32", "float32"},
  float64   = {"float64", "float64", "float64", "float64", "float64", "float64"},
  int32     = {"float32", "float64", "int32"  , "int64"  , "int32"  , "int32"  },
  int64     = {"float32", "float64", "int64"  , "int64"  , "int64"  , "int64"  },
  uint8     = {"float32", "float64", "int32"  , "int64"  , "uint8"  , "uint8"  },
  bool      = {"float32", "float64", "int32"  , "int64"  , "uint8"  , "bool"   },
}
-- div of two tensors with dims: integers and bool give the default float dtype
local DIV_NN = {
  float32   = {"float32", "float64", "float32", "float32", "float32", "float32"},
  float64   = {"float64", "float64", "float64", "float64", "float64", "float64"},
  int32     = {"float32", "float64", "float32", "float32", "float32", "float32"},
  int64     = {"float32", "float64", "float32", "float32", "float32", "float32"},
  uint8     = {"float32", "float64", "float32", "float32", "float32", "float32"},
  bool      = {"float32", "float64", "float32", "float32", "float32", "float32"},
}
-- add of a tensor with dims (row) and a 0-d tensor (column)
local ADD_N0 = {
  float32   = {"float32", "float32", "float32", "float32", "float32", "float32"},
  float64   = {"float64", "float64", "float64", "float64", "float64", "float64"},
  int32     = {"float32", "float64", "int32"  , "int32"  , "int32"  , "int32"  },
  int64     = {"float32", "float64", "int64"  , "int64"  , "int64"  , "int64"  },
  uint8     = {"float32", "float64", "uint8"  , "uint8"  , "uint8"  , "uint8"  },
  bool      = {"float32", "float64", "int32"  , "int64"  , "uint8"  , "bool"   },
}
-- add of a 0-d tensor (row) and a tensor with dims (column)
local ADD_0N = {
  float32   = {"float32", "float64", "float32", "float32", "float32", "float32"},
  float64   = {"float32", "float64", "float64", "float64", "float64", "float64"},
  int32     = {"float32", "float64", "int32"  , "int64"  , "uint8"  , "int32"  },
  int64     = {"float32", "float64", "int32"  , "int64"  , "uint8"  , "int64"  },
  uint8     = {"float32", "float64", "int32"  , "int64"  , "uint8"  , "uint8"  },
  bool      = {"float32", "float64", "int32"  , "int64"  , "uint8"  , "bool"   },
}
-- add of two 0-d tensors: as two tensors with dims
local ADD_00 = {
  float32   = {"float32", "float64", "float32", "float32", "float32", "float32"},
  float64   = {"float64", "float64", "float64", "float64", "float64", "float64"},
  int32     = {"float32", "float64", "int32"  , "int64"  , "int32"  , "int32"  },
  int64     = {"float32", "float64", "int64"  , "int64"  , "int64"  , "int64"  },
  uint8     = {"float32", "float64", "int32"  , "int64"  , "uint8"  , "uint8"  },
  bool      = {"float32", "float64", "int32"  , "int64"  , "uint8"  , "bool"   },
}
-- div of a tensor with dims (row) and a 0-d tensor (column)
local DIV_N0 = {
  float32   = {"float32", "float32", "float32", "float32", "float32", "float32"},
  float64   = {"float64", "float64", "float64", "float64", "float64", "float64"},
  int32     = {"float32", "float64", "float32", "float32", "float32", "float32"},
  int64     = {"float32", "float64", "float32", "float32", "float32", "float32"},
  uint8     = {"float32", "float64", "float32", "float32", "float32", "float32"},
  bool      = {"float32", "float64", "float32", "float32", "float32", "float32"},
}
-- a tensor with dims of each dtype times a Lua integer (2), float (2.5) and boolean (true), on
-- the right and then on the left
local WRAPPED = {
  float32 = {"float32", "float32", "float32", "float32", "float32", "float32"},
  float64 = {"float64", "float64", "float64", "float64", "float64", "float64"},
  int32 = {"int32", "float32", "int32", "int32", "float32", "int32"},
  int64 = {"int64", "float32", "int64", "int64", "float32", "int64"},
  uint8 = {"uint8", "float32", "uint8", "uint8", "float32", "uint8"},
  bool = {"int64", "float32", "bool", "int64", "float32", "bool"},
}

-- the category of a dtype
local function category(dt)
  if dt == "bool" then return "bool" end
  return dt:match("^float") and "float" or "integer"
end

describe("promotion of two tensors with dims", function()
  for _, a in ipairs(DTYPES) do
    for j, b in ipairs(DTYPES) do
      local want = ADD_NN[a][j]
      it(string.format("%s + %s -> %s", a, b, want), function()
        local r = ones(a) + ones(b)
        assert.are.equal(want, r.dtype)
        assert.are.same({two(want), two(want)}, r:totable())
        -- every op whose result is the promoted dtype agrees
        assert.are.equal(want, lt.mul(ones(a), ones(b)).dtype)
        assert.are.equal(want, lt.maximum(ones(a), ones(b)).dtype)
        assert.are.equal(want, lt.minimum(ones(a), ones(b)).dtype)
        if want ~= "bool" then
          assert.are.equal(want, lt.sub(ones(a), ones(b)).dtype)
          assert.are.equal(want, lt.pow(ones(a), ones(b)).dtype)
          assert.are.equal(want, lt.remainder(ones(a), ones(b)).dtype)
          assert.are.equal(want, lt.floor_divide(ones(a), ones(b)).dtype)
        end
        -- comparisons and logical ops always give bool
        assert.are.equal("bool", ones(a):eq(ones(b)).dtype)
        assert.are.equal("bool", ones(a):lt(ones(b)).dtype)
        assert.are.equal("bool", lt.logical_and(ones(a), ones(b)).dtype)
        -- the result does not depend on the order
        assert.are.equal(want, (ones(b) + ones(a)).dtype)
      end)
    end
  end

  for _, a in ipairs(DTYPES) do
    for j, b in ipairs(DTYPES) do
      local want = DIV_NN[a][j]
      it(string.format("%s / %s -> %s", a, b, want), function()
        local r = ones(a) / ones(b)
        assert.are.equal(want, r.dtype)
        assert.are.same({1.0, 1.0}, r:totable())
        assert.are.equal(want, lt.atan2(ones(a), ones(b)).dtype)
      end)
    end
  end

  it("sub of two bool tensors is refused (PyTorch: use logical_xor)", function()
    assert.has_error(function() return ones("bool") - ones("bool") end, "sub: not supported for dtype bool")
  end)
end)

describe("promotion with 0-d tensors", function()
  for _, a in ipairs(DTYPES) do
    for j, b in ipairs(DTYPES) do
      it(string.format("%s[n] + %s 0-d -> %s, and the reverse", a, b, ADD_N0[a][j]), function()
        local r = ones(a) + ones(b, true)
        assert.are.equal(ADD_N0[a][j], r.dtype)
        assert.are.same({2}, r:size())
        assert.are.same({two(ADD_N0[a][j]), two(ADD_N0[a][j])}, r:totable())
        local k
        for i, d in ipairs(DTYPES) do if d == a then k = i end end
        assert.are.equal(ADD_0N[b][k], (ones(b, true) + ones(a)).dtype)
        assert.are.equal(DIV_N0[a][j], (ones(a) / ones(b, true)).dtype)
        -- two 0-d tensors promote like tensors with dims, and give a 0-d tensor
        local z = ones(a, true) + ones(b, true)
        assert.are.equal(ADD_00[a][j], z.dtype)
        assert.are.same({}, z:size())
        assert.are.equal(two(ADD_00[a][j]), first(z))
      end)
    end
  end

  it("a 0-d tensor does not widen a tensor of the same kind (float32[n] * float64 0-d is float32)", function()
    local r = lt.tensor({1.5, 2.5}) * lt.tensor(2.0, lt.float64)
    assert.are.equal("float32", r.dtype)
    assert.are.same({3.0, 5.0}, r:totable())
    assert.are.equal("int32", (lt.tensor({1, 2}, lt.int32) * lt.tensor(3)).dtype)
    assert.are.equal("uint8", (lt.tensor({1, 2}, lt.uint8) + lt.tensor(3, lt.int64)).dtype)
  end)

  it("a 0-d float tensor lifts an integer tensor to its own dtype (int32[n] * float64 0-d is float64)", function()
    -- torch.result_type(torch.ones(2, dtype=torch.int32), torch.tensor(1.0, dtype=torch.float64))
    -- is torch.float64
    local r = lt.tensor({1, 2}, lt.int32) * lt.tensor(1.5, lt.float64)
    assert.are.equal("float64", r.dtype)
    assert.are.same({1.5, 3.0}, r:totable())
    assert.are.equal("float32", (lt.tensor({1, 2}) * lt.tensor(1.5)).dtype)
  end)

  it("a 0-d integer tensor lifts a bool tensor to its own dtype", function()
    assert.are.equal("uint8", (lt.tensor({true, false}) + lt.tensor(1, lt.uint8)).dtype)
    assert.are.equal("int32", (lt.tensor({true, false}) * lt.tensor(3, lt.int32)).dtype)
    assert.are.same({3, 0}, (lt.tensor({true, false}) * lt.tensor(3, lt.int32)):totable())
  end)

  it("a 0-d operand is converted to the result dtype before the op", function()
    -- 300 as uint8 is 44: PyTorch gives tensor([45, 46], dtype=torch.uint8)
    assert.are.same({45, 46}, (lt.tensor({1, 2}, lt.uint8) + lt.tensor(300)):totable())
    -- 2.75 as float32 is exact, 0.1 is not
    local r = lt.tensor({1.0}) * lt.tensor(0.1, lt.float64)
    assert.are.same({(string.unpack("<f", string.pack("<f", 0.1)))}, r:totable())
  end)
end)

describe("promotion with Lua numbers and booleans", function()
  local SCALARS = {2, 2.5, true}
  for _, a in ipairs(DTYPES) do
    for i, s in ipairs(SCALARS) do
      local right, left = WRAPPED[a][i], WRAPPED[a][i + 3]
      it(string.format("%s[n] * %s -> %s, and %s * %s[n] -> %s", a, tostring(s), right, tostring(s), a, left), function()
        assert.are.equal(right, (ones(a) * s).dtype)
        assert.are.equal(left, (s * ones(a)).dtype)
        assert.are.equal(right, lt.mul(ones(a), s).dtype)
        assert.are.equal(left, lt.mul(s, ones(a)).dtype)
        -- the same on a 0-d tensor: a Lua number ranks below it
        assert.are.equal(right, (ones(a, true) * s).dtype)
      end)
    end
  end

  it("float32 * 2.5 stays float32; float64 * 2.5 stays float64", function()
    assert.are.equal("float32", (lt.tensor({1.0}) * 2.5).dtype)
    assert.are.equal("float64", (lt.tensor({1.0}, lt.float64) * 2.5).dtype)
    assert.are.same({(string.unpack("<f", string.pack("<f", 0.1)))}, (lt.tensor({1.0}) * 0.1):totable())
  end)

  it("int64 * 2.5 and int32 * 2.5 give float32; int32 * 2 stays int32", function()
    local r = lt.tensor({1, 2}) * 2.5
    assert.are.equal("float32", r.dtype)
    assert.are.same({2.5, 5.0}, r:totable())
    assert.are.equal("float32", (lt.tensor({1, 2}, lt.int32) * 2.5).dtype)
    assert.are.equal("int32", (lt.tensor({1, 2}, lt.int32) * 2).dtype)
  end)

  it("uint8 + 300 stays uint8 and wraps, as PyTorch (45)", function()
    local r = lt.ones(2, lt.uint8) + 300
    assert.are.equal("uint8", r.dtype)
    assert.are.same({45, 45}, r:totable())
    local i = lt.ones(2, lt.int32) + (1 << 31)
    assert.are.equal("int32", i.dtype)
    assert.are.same({-2147483647, -2147483647}, i:totable())
  end)

  it("bool + 1 gives int64; bool * 2.5 gives float32; bool * true stays bool", function()
    local a = lt.tensor({true, false}) + 1
    assert.are.equal("int64", a.dtype)
    assert.are.same({2, 1}, a:totable())
    local b = lt.tensor({true, false}) * 2.5
    assert.are.equal("float32", b.dtype)
    assert.are.same({2.5, 0.0}, b:totable())
    local c = lt.tensor({true, false}) * true
    assert.are.equal("bool", c.dtype)
    assert.are.same({true, false}, c:totable())
  end)

  it("int / Lua number is true division in the default float dtype", function()
    assert.are.equal("float32", (lt.tensor({1, 2}) / 2).dtype)
    assert.are.equal("float32", (lt.tensor({1, 2}, lt.uint8) / 2).dtype)
    assert.are.equal("float32", (2 / lt.tensor({true})).dtype)
    assert.are.equal("float64", (lt.tensor({1.0}, lt.float64) / 2).dtype)
  end)
end)

describe("promotion under set_default_dtype(float64)", function()
  it("int / int gives float64", function()
    with_default(lt.float64, function()
      local r = lt.tensor({1, 2}) / lt.tensor({2, 2})
      assert.are.equal("float64", r.dtype)
      assert.are.same({0.5, 1.0}, r:totable())
      assert.are.equal("float64", (lt.ones(2, lt.uint8) / 2).dtype)
      assert.are.equal("float64", lt.atan2(lt.ones(2, lt.int64), lt.ones(2, lt.int64)).dtype)
    end)
  end)

  it("int * 2.5 and bool * 2.5 give float64", function()
    with_default(lt.float64, function()
      assert.are.equal("float64", (lt.ones(2, lt.int32) * 2.5).dtype)
      assert.are.equal("float64", (lt.ones(2, lt.int64) * 2.5).dtype)
      assert.are.equal("float64", (lt.ones(2, lt.bool) * 2.5).dtype)
      assert.are.equal("float64", (lt.ones(lt.int64) * 2.5).dtype)
      assert.are.equal("float64", (lt.ones(2, lt.int64) // 2.5).dtype)
    end)
  end)

  it("float functions of integer tensors give float64", function()
    with_default(lt.float64, function()
      assert.are.equal("float64", lt.sqrt(lt.ones(2, lt.int32)).dtype)
      assert.are.equal("float64", lt.exp(lt.ones(2, lt.bool)).dtype)
    end)
  end)

  it("does not change float32 tensors or a 0-d tensor's own dtype", function()
    with_default(lt.float64, function()
      assert.are.equal("float32", (lt.ones(2, lt.float32) * 2.5).dtype)
      assert.are.equal("float32", (lt.ones(2, lt.float32) / lt.ones(2, lt.int64)).dtype)
      assert.are.equal("float32", (lt.ones(2, lt.int32) + lt.ones(lt.float32)).dtype)
      assert.are.equal("float32", (lt.ones(2, lt.float32) + lt.ones(lt.float64)).dtype)
      assert.are.equal("float32", lt.sqrt(lt.ones(2, lt.float32)).dtype)
    end)
  end)

  it("is restored afterwards", function()
    with_default(lt.float64, function() assert.are.equal("float64", lt.get_default_dtype()) end)
    assert.are.equal("float32", lt.get_default_dtype())
    assert.are.equal("float32", (lt.ones(2, lt.int64) * 2.5).dtype)
  end)
end)

describe("promotion in where and the out/in-place forms", function()
  it("where promotes its branches like add", function()
    local cond = lt.tensor({true, false})
    for _, a in ipairs(DTYPES) do
      for j, b in ipairs(DTYPES) do
        assert.are.equal(ADD_NN[a][j], lt.where(cond, ones(a), ones(b)).dtype, a .. ", " .. b)
        assert.are.equal(ADD_N0[a][j], lt.where(cond, ones(a), ones(b, true)).dtype, a .. ", " .. b .. " 0-d")
      end
    end
  end)

  it("an in-place op keeps the tensor's dtype when the promoted result fits it", function()
    for _, a in ipairs(DTYPES) do
      for j, b in ipairs(DTYPES) do
        local want, x = ADD_NN[a][j], ones(a)
        local fits = not (category(want) == "float" and category(a) ~= "float") and not (a == "bool" and want ~= "bool")
        if fits then
          x:add_(ones(b))
          assert.are.equal(a, x.dtype)
        else
          assert.has_error(function() x:add_(ones(b)) end,
            string.format("add_: result type %s can't be cast to the desired output type %s", want, a))
        end
      end
    end
  end)
end)
