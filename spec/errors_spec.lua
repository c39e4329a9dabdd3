-- Bad input from Lua: every case must raise a Lua error with an exact, useful message (naming
-- the function and the problem) and leave the interpreter and the library working.
--
-- assert.has_error strips the "file:line: " position that luaL_error puts in front of the
-- message. luaL_argerror messages ("bad argument #n to 'f' (...)") take the function name and
-- the argument number from the call site, so every case calls the way a user would: through the
-- method form t:f(...) (arguments counted after self) or the field form lt.f(...).
local lt = require "luatensor"

local ARGS_DTYPES = "(expected float32, float64, int32, int64, uint8 or bool)"

-- a 3x4 int64 matrix 0..11; fresh for every test
local function m34() return lt.arange(12):view(3, 4) end

-- the library still works: a fresh tensor, a view, a write, a read
local function healthy()
  local x = lt.arange(6):view(2, 3)
  x[{1, 2}] = 40
  return x[{1, 2}] == 40 and x[{2, 3}] == 5 and x:t():size(1) == 3
end

describe("luatensor errors", function()
  after_each(function()
    assert.is_true(healthy())
  end)

  describe("wrong argument types", function()
    it("nil where a size is expected", function()
      assert.has_error(function() lt.zeros(nil) end, "bad argument #1 to 'zeros' (number expected, got nil)")
      assert.has_error(function() lt.zeros(2, nil) end, "bad argument #2 to 'zeros' (number expected, got nil)")
    end)

    it("a boolean where a size is expected", function()
      assert.has_error(function() lt.zeros(true) end, "bad argument #1 to 'zeros' (number expected, got boolean)")
    end)

    it("a string inside a size table", function()
      assert.has_error(function() lt.zeros({2, "a"}) end,
        "bad argument #1 to 'zeros' (size 2 must be an integer, got string)")
    end)

    it("nil and a string as view sizes", function()
      local t = m34()
      assert.has_error(function() t:view(nil) end, "bad argument #1 to 'view' (number expected, got nil)")
      assert.has_error(function() t:view("a") end, "bad argument #1 to 'view' (number expected, got string)")
    end)

    it("a table where a tensor is expected", function()
      local t = m34()
      assert.has_error(function() lt.view({}, 2) end, "bad argument #1 to 'view' (luatensor.Tensor expected, got table)")
      assert.has_error(function() t:reshape_as({}) end,
        "bad argument #1 to 'reshape_as' (luatensor.Tensor expected, got table)")
      assert.has_error(function() lt.zeros_like({}) end,
        "bad argument #1 to 'zeros_like' (luatensor.Tensor expected, got table)")
    end)

    it("a number and nil where a tensor is expected (copy_, view_as)", function()
      local t = m34()
      assert.has_error(function() t:copy_(5) end, "bad argument #1 to 'copy_' (luatensor.Tensor expected, got number)")
      assert.has_error(function() t:copy_() end, "bad argument #1 to 'copy_' (luatensor.Tensor expected, got no value)")
      assert.has_error(function() t:view_as(5) end, "bad argument #1 to 'view_as' (luatensor.Tensor expected, got number)")
    end)

    it("a string where a number is expected", function()
      local t = m34()
      assert.has_error(function() t:fill_("x") end, "bad argument #1 to 'fill_' (number expected, got string)")
      assert.has_error(function() t:fill_() end, "bad argument #1 to 'fill_' (number expected, got no value)")
      assert.has_error(function() lt.linspace("a", 1, 2) end, "bad argument #1 to 'linspace' (number expected, got string)")
      assert.has_error(function() lt.manual_seed("x") end, "bad argument #1 to 'manual_seed' (number expected, got string)")
      assert.has_error(function() lt.zeros(2):normal_("a") end, "bad argument #1 to 'normal_' (number expected, got string)")
    end)

    it("a string or a table where a dim is expected", function()
      local t = m34()
      assert.has_error(function() t:select("a", 1) end, "bad argument #1 to 'select' (number expected, got string)")
      assert.has_error(function() t:transpose("a", 1) end, "bad argument #1 to 'transpose' (number expected, got string)")
      assert.has_error(function() t:squeeze("a") end, "bad argument #1 to 'squeeze' (number expected, got string)")
      assert.has_error(function() t:size("a") end, "bad argument #1 to 'size' (number expected, got string)")
      assert.has_error(function() t:flatten("a") end, "bad argument #1 to 'flatten' (number expected, got string)")
      assert.has_error(function() lt.arange({}) end, "bad argument #1 to 'arange' (number expected, got table)")
    end)

    it("a non-integer dim or index", function()
      local t = m34()
      assert.has_error(function() t:select(1.5, 1) end,
        "bad argument #1 to 'select' (number has no integer representation)")
      assert.has_error(function() t:size(1.5) end, "bad argument #1 to 'size' (number has no integer representation)")
      assert.has_error(function() t:squeeze(1.5) end,
        "bad argument #1 to 'squeeze' (number has no integer representation)")
      assert.has_error(function() lt.manual_seed(1.5) end,
        "bad argument #1 to 'manual_seed' (number has no integer representation)")
    end)

    it("full with a non-number value", function()
      assert.has_error(function() lt.full({2}, "x") end, "bad argument #2 to 'full' (number expected, got string)")
      assert.has_error(function() lt.full({2}) end, "bad argument #2 to 'full' (number expected, got no value)")
      assert.has_error(function() lt.full({2}, {}) end, "bad argument #2 to 'full' (number expected, got table)")
      assert.has_error(function() lt.full_like(m34(), "foo") end,
        "bad argument #2 to 'full_like' (number expected, got string)")
    end)

    it("full with a bad size argument", function()
      assert.has_error(function() lt.full("2", 1) end,
        "bad argument #1 to 'full' (table of sizes or integer expected, got string)")
      assert.has_error(function() lt.full(nil, 1) end,
        "bad argument #1 to 'full' (table of sizes or integer expected, got nil)")
    end)

    it("lt.tensor of nil or a string", function()
      assert.has_error(function() lt.tensor() end,
        "bad argument #1 to 'tensor' (table, number or boolean expected, got no value)")
      assert.has_error(function() lt.tensor("abc") end,
        "bad argument #1 to 'tensor' (table, number or boolean expected, got string)")
    end)
  end)

  describe("wrong argument counts", function()
    it("transpose, select and unfold with missing arguments", function()
      local t = m34()
      assert.has_error(function() t:transpose(1) end, "bad argument #2 to 'transpose' (number expected, got no value)")
      assert.has_error(function() t:select(1) end, "bad argument #2 to 'select' (number expected, got no value)")
      assert.has_error(function() t:unfold(1, 2) end, "bad argument #3 to 'unfold' (number expected, got no value)")
      assert.has_error(function() t:unsqueeze() end, "bad argument #1 to 'unsqueeze' (number expected, got no value)")
    end)

    it("arange with none or four numbers", function()
      assert.has_error(function() lt.arange() end, "arange: expected (end), (start, end) or (start, end, step)")
      assert.has_error(function() lt.arange(1, 2, 3, 4) end, "arange: expected (end), (start, end) or (start, end, step)")
    end)

    it("randint with one or four arguments", function()
      assert.has_error(function() lt.randint(5) end, "randint: expected (high, size) or (low, high, size)")
      assert.has_error(function() lt.randint(1, 2, 3, 4) end, "randint: expected (high, size) or (low, high, size)")
      assert.has_error(function() lt.randint(10, nil) end,
        "bad argument #2 to 'randint' (table of sizes or integer expected, got nil)")
    end)

    it("linspace without steps, eye without a size", function()
      assert.has_error(function() lt.linspace(0, 1) end, "bad argument #3 to 'linspace' (number expected, got no value)")
      assert.has_error(function() lt.eye() end, "bad argument #1 to 'eye' (number expected, got no value)")
    end)

    it("zeros with an argument after the size table", function()
      assert.has_error(function() lt.zeros({2}, 3) end,
        "bad argument #2 to 'zeros' (unexpected argument after the size table)")
      assert.has_error(function() lt.zeros({2}, {3}) end,
        "bad argument #2 to 'zeros' (unexpected argument after the size table)")
    end)
  end)

  describe("sizes", function()
    it("a non-integer size names the value (zeros)", function()
      assert.has_error(function() lt.zeros(2.5) end, "bad argument #1 to 'zeros' (size 1 is not an integer (2.5))")
    end)

    it("a non-integer size names the value (view, reshape, expand)", function()
      local t = m34()
      assert.has_error(function() t:view(2.5) end, "bad argument #1 to 'view' (size 1 is not an integer (2.5))")
      assert.has_error(function() t:view({6, 2.5}) end, "bad argument #1 to 'view' (size 2 is not an integer (2.5))")
      assert.has_error(function() t:reshape(2.5) end, "bad argument #1 to 'reshape' (size 1 is not an integer (2.5))")
      assert.has_error(function() t:expand(2.5, 4) end, "bad argument #1 to 'expand' (size 1 is not an integer (2.5))")
    end)

    it("a non-integer size in linspace, eye and randint", function()
      assert.has_error(function() lt.linspace(0, 1, 2.5) end,
        "bad argument #3 to 'linspace' (number has no integer representation)")
      assert.has_error(function() lt.eye(2.5) end, "bad argument #1 to 'eye' (number has no integer representation)")
      assert.has_error(function() lt.randint(0.5, {3}) end,
        "bad argument #1 to 'randint' (number has no integer representation)")
    end)

    it("negative sizes", function()
      assert.has_error(function() lt.zeros(-1) end, "bad argument #1 to 'zeros' (size 1 is negative (-1))")
      assert.has_error(function() lt.ones(3, -2) end, "bad argument #2 to 'ones' (size 2 is negative (-2))")
      assert.has_error(function() lt.zeros({2, -1}) end, "bad argument #1 to 'zeros' (size 2 is negative (-1))")
      assert.has_error(function() lt.full(-2, 1) end, "bad argument #1 to 'full' (size 1 is negative (-2))")
      assert.has_error(function() lt.rand(-1) end, "bad argument #1 to 'rand' (size 1 is negative (-1))")
      assert.has_error(function() lt.randint(10, -3) end, "bad argument #2 to 'randint' (size 1 is negative (-3))")
      assert.has_error(function() m34():view(-2, 6) end, "bad argument #1 to 'view' (size 1 is negative (-2))")
    end)

    it("too many dims (17)", function()
      local ones17 = {}
      for i = 1, 17 do ones17[i] = 1 end
      assert.has_error(function() lt.zeros(table.unpack(ones17)) end,
        "bad argument #1 to 'zeros' (too many dimensions (17, at most 16))")
      assert.has_error(function() lt.zeros(ones17) end,
        "bad argument #1 to 'zeros' (too many dimensions (17, at most 16))")
      assert.has_error(function() lt.ones(1):view(table.unpack(ones17)) end,
        "bad argument #1 to 'view' (too many dimensions (17, at most 16))")
      assert.has_error(function() lt.ones(1):expand(table.unpack(ones17)) end,
        "bad argument #1 to 'expand' (too many dimensions (17, at most 16))")
    end)

    it("a 16-d tensor cannot grow a 17th dim", function()
      local ones16 = {}
      for i = 1, 16 do ones16[i] = 1 end
      local t = lt.zeros(ones16)
      assert.has_error(function() t:unsqueeze(1) end, "unsqueeze: tensors have at most 16 dimensions")
      assert.has_error(function() t:unfold(16, 1, 1) end, "unfold: tensors have at most 16 dimensions")
    end)

    it("sizes whose product overflows int64", function()
      assert.has_error(function() lt.empty(2^31, 2^31, 2^31) end,
        "empty: shape (2147483648, 2147483648, 2147483648) has too many elements")
      assert.has_error(function() lt.zeros({1 << 30, 1 << 30, 1 << 30}) end,
        "zeros: shape (1073741824, 1073741824, 1073741824) has too many elements")
      assert.has_error(function() lt.zeros(math.maxinteger, lt.float64) end,
        "zeros: shape (9223372036854775807) has too many elements")
      assert.has_error(function() lt.eye(1 << 40, 1 << 40) end,
        "eye: shape (1099511627776, 1099511627776) has too many elements")
      assert.has_error(function() lt.ones(1, 1):expand(1 << 62, 1 << 62) end,
        "expand: shape (4611686018427387904, 4611686018427387904) has too many elements")
    end)
  end)

  describe("dtypes", function()
    it("unknown dtype names", function()
      assert.has_error(function() lt.zeros(2, "float16") end,
        "bad argument #2 to 'zeros' (unknown dtype 'float16' " .. ARGS_DTYPES .. ")")
      assert.has_error(function() lt.ones(2, "int") end,
        "bad argument #2 to 'ones' (unknown dtype 'int' " .. ARGS_DTYPES .. ")")
      assert.has_error(function() lt.tensor({1}, "half") end,
        "bad argument #2 to 'tensor' (unknown dtype 'half' " .. ARGS_DTYPES .. ")")
      assert.has_error(function() lt.eye(2, "foo") end,
        "bad argument #2 to 'eye' (unknown dtype 'foo' " .. ARGS_DTYPES .. ")")
      assert.has_error(function() lt.full_like(m34(), 1, "nope") end,
        "bad argument #3 to 'full_like' (unknown dtype 'nope' " .. ARGS_DTYPES .. ")")
    end)

    it("unknown dtype in conversions", function()
      local t = m34()
      assert.has_error(function() t:to("float16") end,
        "bad argument #1 to 'to' (unknown dtype 'float16' " .. ARGS_DTYPES .. ")")
      assert.has_error(function() t:type("x") end,
        "bad argument #1 to 'type' (unknown dtype 'x' " .. ARGS_DTYPES .. ")")
      assert.has_error(function() t:to() end, "bad argument #1 to 'to' (string expected, got no value)")
    end)

    it("a string size is read as a dtype name", function()
      assert.has_error(function() lt.zeros("3") end,
        "bad argument #1 to 'zeros' (unknown dtype '3' " .. ARGS_DTYPES .. ")")
    end)

    it("set_default_dtype with int64 and with bad names", function()
      assert.has_error(function() lt.set_default_dtype(lt.int64) end,
        "set_default_dtype: only floating point dtypes can be the default, got int64")
      assert.has_error(function() lt.set_default_dtype("foo") end,
        "bad argument #1 to 'set_default_dtype' (unknown dtype 'foo' " .. ARGS_DTYPES .. ")")
      assert.has_error(function() lt.set_default_dtype() end,
        "bad argument #1 to 'set_default_dtype' (string expected, got no value)")
      assert.are.equal(lt.float32, lt.get_default_dtype())
    end)
  end)

  describe("dims out of range", function()
    local RANGE2 = "out of range for a 2-d tensor (expected 1..2 or -2..-1)"

    it("select", function()
      local t = m34()
      assert.has_error(function() t:select(0, 1) end, "select: dimension 0 " .. RANGE2)
      assert.has_error(function() t:select(3, 1) end, "select: dimension 3 " .. RANGE2)
      assert.has_error(function() t:select(-3, 1) end, "select: dimension -3 " .. RANGE2)
      assert.has_error(function() lt.tensor(5):select(1, 1) end,
        "select: dimension 1 out of range (a 0-d tensor has no dimensions)")
    end)

    it("narrow", function()
      local t = m34()
      assert.has_error(function() t:narrow(0, 1, 1) end, "narrow: dimension 0 " .. RANGE2)
      assert.has_error(function() t:narrow(3, 1, 1) end, "narrow: dimension 3 " .. RANGE2)
    end)

    it("transpose", function()
      local t = m34()
      assert.has_error(function() t:transpose(0, 1) end, "transpose: dimension 0 " .. RANGE2)
      assert.has_error(function() t:transpose(1, 3) end, "transpose: dimension 3 " .. RANGE2)
      assert.has_error(function() t:transpose(-3, 1) end, "transpose: dimension -3 " .. RANGE2)
      assert.has_error(function() lt.tensor(5):transpose(1, 1) end,
        "transpose: dimension 1 out of range (a 0-d tensor has no dimensions)")
    end)

    it("t() of a 3-d tensor", function()
      assert.has_error(function() lt.zeros(2, 2, 2):t() end,
        "t: expects a tensor with at most 2 dimensions, got a 3-d tensor")
    end)

    it("squeeze", function()
      local t = m34()
      assert.has_error(function() t:squeeze(0) end, "squeeze: dimension 0 " .. RANGE2)
      assert.has_error(function() t:squeeze(3) end, "squeeze: dimension 3 " .. RANGE2)
      assert.has_error(function() t:squeeze(-3) end, "squeeze: dimension -3 " .. RANGE2)
      assert.has_error(function() lt.tensor(5):squeeze(1) end,
        "squeeze: dimension 1 out of range (a 0-d tensor has no dimensions)")
    end)

    it("unsqueeze (one more slot than the tensor has dims)", function()
      local t = m34()
      local msg = "out of range for a 2-d tensor (expected 1..3 or -3..-1)"
      assert.has_error(function() t:unsqueeze(0) end, "unsqueeze: dimension 0 " .. msg)
      assert.has_error(function() t:unsqueeze(4) end, "unsqueeze: dimension 4 " .. msg)
      assert.has_error(function() t:unsqueeze(-4) end, "unsqueeze: dimension -4 " .. msg)
    end)

    it("size and stride", function()
      local t = m34()
      assert.has_error(function() t:size(0) end, "size: dimension 0 " .. RANGE2)
      assert.has_error(function() t:size(3) end, "size: dimension 3 " .. RANGE2)
      assert.has_error(function() t:size(-3) end, "size: dimension -3 " .. RANGE2)
      assert.has_error(function() lt.tensor(5):size(1) end,
        "size: dimension 1 out of range (a 0-d tensor has no dimensions)")
      assert.has_error(function() t:stride(0) end, "stride: dimension 0 " .. RANGE2)
      assert.has_error(function() t:stride(5) end, "stride: dimension 5 " .. RANGE2)
    end)

    it("permute", function()
      local t = m34()
      assert.has_error(function() t:permute(1, 3) end, "permute: dimension 3 " .. RANGE2)
      assert.has_error(function() t:permute(0, 1) end, "permute: dimension 0 " .. RANGE2)
      assert.has_error(function() t:permute({-3, 1}) end, "permute: dimension -3 " .. RANGE2)
    end)

    it("flatten", function()
      local t = m34()
      assert.has_error(function() t:flatten(0) end, "flatten: dimension 0 " .. RANGE2)
      assert.has_error(function() t:flatten(3) end, "flatten: dimension 3 " .. RANGE2)
      assert.has_error(function() t:flatten(-3) end, "flatten: dimension -3 " .. RANGE2)
      assert.has_error(function() t:flatten(1, 3) end, "flatten: dimension 3 " .. RANGE2)
      assert.has_error(function() t:flatten(2, 1) end, "flatten: start_dim (2) cannot come after end_dim (1)")
    end)

    it("flatten of a 0-d tensor says 0-d", function()
      assert.has_error(function() lt.tensor(5):flatten(2) end,
        "flatten: dimension 2 out of range for a 0-d tensor (expected 1..1 or -1..-1)")
    end)

    it("unfold", function()
      local t = m34()
      assert.has_error(function() t:unfold(0, 2, 1) end, "unfold: dimension 0 " .. RANGE2)
      assert.has_error(function() t:unfold(3, 2, 1) end, "unfold: dimension 3 " .. RANGE2)
      assert.has_error(function() lt.tensor(5):unfold(1, 1, 1) end,
        "unfold: dimension 1 out of range (a 0-d tensor has no dimensions)")
    end)
  end)

  describe("indices out of range", function()
    it("select", function()
      local t = m34()
      assert.has_error(function() t:select(1, 4) end, "select: index 4 out of range for dimension 1 of size 3")
      assert.has_error(function() t:select(1, 0) end, "select: index 0 out of range for dimension 1 of size 3")
      assert.has_error(function() t:select(2, -5) end, "select: index -5 out of range for dimension 2 of size 4")
    end)

    it("t[i]", function()
      local t = m34()
      assert.has_error(function() local _ = t[4] end, "index: index 4 out of range for dimension 1 of size 3")
      assert.has_error(function() local _ = t[0] end, "index: index 0 out of range for dimension 1 of size 3")
      assert.has_error(function() local _ = t[-4] end, "index: index -4 out of range for dimension 1 of size 3")
      assert.has_error(function() local _ = lt.arange(5)[6] end,
        "index: index 6 out of range for dimension 1 of size 5")
      assert.has_error(function() local _ = t[math.mininteger] end,
        "index: index -9223372036854775808 out of range for dimension 1 of size 3")
    end)

    it("t[i] with a non-integer, a boolean, or on a 0-d tensor", function()
      local t = m34()
      assert.has_error(function() local _ = t[1.5] end, "index: index 1.5 is not an integer")
      assert.has_error(function() local _ = t[true] end,
        "index: expected a number, a table of slices or a method name, got boolean")
      assert.has_error(function() local _ = lt.tensor(5)[1] end, "index: a 0-d tensor cannot be indexed by a number")
    end)

    it("t[{...}] with numbers", function()
      local t = m34()
      assert.has_error(function() local _ = t[{4, 1}] end, "index: index 4 out of range for dimension 1 of size 3")
      assert.has_error(function() local _ = t[{1, 5}] end, "index: index 5 out of range for dimension 2 of size 4")
      assert.has_error(function() local _ = t[{1, -5}] end, "index: index -5 out of range for dimension 2 of size 4")
      assert.has_error(function() local _ = t[{1.5}] end, "index: entry 1 is not an integer")
      assert.has_error(function() local _ = t[{"a"}] end,
        "index: entry 1 must be a number or a slice table, got string")
    end)

    it("too many indices", function()
      local t = m34()
      assert.has_error(function() local _ = t[{1, 1, 1}] end, "index: too many indices (3) for a 2-d tensor")
      assert.has_error(function() local _ = t[{{}, {}, {}}] end, "index: too many indices (3) for a 2-d tensor")
      assert.has_error(function() local _ = lt.tensor(5)[{1}] end, "index: too many indices (1) for a 0-d tensor")
    end)

    it("slices out of range", function()
      local t = m34()
      assert.has_error(function() local _ = t[{{1, 4}}] end,
        "index: slice {1, 4} out of range for dimension 1 of size 3")
      assert.has_error(function() local _ = t[{{0, 2}}] end,
        "index: slice {0, 2} out of range for dimension 1 of size 3")
      assert.has_error(function() local _ = t[{{5}}] end,
        "index: slice {5, 5} out of range for dimension 1 of size 3")
      assert.has_error(function() local _ = t[{{5, 6}}] end,
        "index: slice {5, 6} out of range for dimension 1 of size 3")
      assert.has_error(function() local _ = t[{{}, {2, 5}}] end,
        "index: slice {2, 5} out of range for dimension 2 of size 4")
    end)

    it("a slice with a negative bound out of range shows the bound as written", function()
      local t = m34()
      assert.has_error(function() local _ = t[{{-5, 2}}] end,
        "index: slice {-5, 2} out of range for dimension 1 of size 3")
    end)

    it("zero or non-integer slice step, malformed slices", function()
      local t = m34()
      assert.has_error(function() local _ = t[{{1, 3, 0}}] end,
        "index: entry 1: the slice step must be a nonzero integer")
      assert.has_error(function() local _ = t[{{}, {1, 3, 0.5}}] end,
        "index: entry 2: the slice step must be a nonzero integer")
      assert.has_error(function() local _ = t[{{1, 2, 3, 4}}] end, "index: entry 1: a slice is {start, stop [, step]}")
      assert.has_error(function() local _ = t[{{1.5, 2}}] end, "index: entry 1 of the slice table must hold integers")
      assert.has_error(function() local _ = t[{{"a", 2}}] end, "index: entry 1 of the slice table must hold integers")
    end)

    it("narrow: start out of range", function()
      local t = m34()
      assert.has_error(function() t:narrow(1, 0, 1) end, "narrow: start 0 out of range for dimension 1 of size 3")
      assert.has_error(function() t:narrow(1, 5, 0) end, "narrow: start 5 out of range for dimension 1 of size 3")
    end)

    it("narrow: a length past the end (1-based start, no off-by-one arithmetic)", function()
      assert.has_error(function() m34():narrow(1, 2, 3) end, "narrow: start 2 with length 3 exceeds dimension 1 of size 3")
    end)

    it("narrow: a length past the end shows a negative start as written", function()
      assert.has_error(function() m34():narrow(2, -1, 2) end, "narrow: start -1 with length 2 exceeds dimension 2 of size 4")
    end)

    it("narrow: a negative length", function()
      assert.has_error(function() m34():narrow(1, 2, -1) end, "narrow: length must be non-negative (got -1)")
    end)
  end)

  describe("view and reshape", function()
    it("a shape with the wrong number of elements", function()
      local t = m34()
      assert.has_error(function() t:view(5, 5) end, "view: shape (5, 5) is invalid for input of size 12")
      assert.has_error(function() t:view() end, "view: shape () is invalid for input of size 12")
      assert.has_error(function() t:reshape(5) end, "reshape: shape (5) is invalid for input of size 12")
      assert.has_error(function() t:reshape(-1, 5) end, "reshape: shape (-1, 5) is invalid for input of size 12")
      assert.has_error(function() t:view_as(lt.zeros(5)) end, "view_as: shape (5) is invalid for input of size 12")
    end)

    it("a shape whose product overflows", function()
      assert.has_error(function() m34():view(-1, 1 << 62, 4) end,
        "view: shape (-1, 4611686018427387904, 4) is invalid for input of size 12")
    end)

    it("two -1", function()
      assert.has_error(function() m34():view(-1, -1) end, "view: only one dimension can be inferred")
      assert.has_error(function() m34():reshape({-1, 2, -1}) end, "reshape: only one dimension can be inferred")
    end)

    it("-1 in the shape of an empty tensor", function()
      assert.has_error(function() lt.zeros(0):view(-1, 0) end,
        "view: cannot infer the size of -1 in shape (-1, 0): it is ambiguous for an empty tensor")
    end)

    it("incompatible strides", function()
      local msg = "view: the view size is not compatible with the tensor's size and stride (at least one "
        .. "dimension spans across two contiguous subspaces); use reshape instead"
      assert.has_error(function() m34():t():view(12) end, msg)
      assert.has_error(function() m34()[{{}, {1, 2}}]:view(-1) end, msg)
      assert.are.same({12}, m34():t():reshape(12):size()) -- reshape copies instead
    end)
  end)

  describe("expand", function()
    it("a non-singleton dim that does not match", function()
      assert.has_error(function() m34():expand(2, 5) end,
        "expand: the expanded size of the tensor (2) must match the existing size (3) at non-singleton "
        .. "dimension 1; target sizes: (2, 5), tensor sizes: (3, 4)")
    end)

    it("fewer sizes than dims", function()
      assert.has_error(function() m34():expand(4) end,
        "expand: the number of sizes provided (1) must be greater or equal to the number of dimensions "
        .. "in the tensor (2)")
      assert.has_error(function() m34():expand_as(lt.zeros(5)) end,
        "expand_as: the number of sizes provided (1) must be greater or equal to the number of dimensions "
        .. "in the tensor (2)")
    end)

    it("-1 in a new leading dim, other negative sizes, non-integers", function()
      local t = m34()
      assert.has_error(function() t:expand(-1, 3, 4) end,
        "expand: the expanded size -1 is not allowed in a leading, non-existing dimension 1")
      assert.has_error(function() t:expand(3, -2) end, "bad argument #2 to 'expand' (size 2 is negative (-2))")
      assert.has_error(function() t:expand("a", 4) end, "bad argument #1 to 'expand' (number expected, got string)")
    end)
  end)

  describe("permute", function()
    it("not a permutation", function()
      local t = m34()
      assert.has_error(function() t:permute(1, 1) end, "permute: dimension 1 appears twice")
      assert.has_error(function() t:permute({2, 2}) end, "permute: dimension 2 appears twice")
      assert.has_error(function() t:permute(-1, -1) end, "permute: dimension 2 appears twice")
    end)

    it("too few dims", function()
      local t = m34()
      assert.has_error(function() t:permute(1) end, "permute: expected 2 dims for a 2-d tensor, got 1")
      assert.has_error(function() t:permute() end, "permute: expected 2 dims for a 2-d tensor, got 0")
    end)

    it("too many dims", function()
      assert.has_error(function() m34():permute(2, 1, 1) end, "permute: expected 2 dims for a 2-d tensor, got 3")
    end)

    it("too many dims is a count error, not a range error", function()
      assert.has_error(function() m34():permute(1, 2, 3) end, "permute: expected 2 dims for a 2-d tensor, got 3")
    end)

    it("17 dims", function()
      assert.has_error(function() m34():permute(1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1) end,
        "permute: expected 2 dims for a 2-d tensor, got 17")
    end)

    it("a string dim", function()
      assert.has_error(function() m34():permute("a", 1) end, "permute: dim 1 must be an integer, got string")
    end)

    it("a non-integer dim names the value", function()
      assert.has_error(function() m34():permute(1.5, 1) end, "permute: dim 1 must be an integer, got 1.5")
    end)
  end)

  describe("unfold", function()
    it("a window larger than the dim", function()
      assert.has_error(function() m34():unfold(2, 5, 1) end, "unfold: window size 5 exceeds dimension 2 of size 4")
    end)

    it("a negative window", function()
      assert.has_error(function() m34():unfold(2, -1, 1) end, "unfold: window size must be non-negative (got -1)")
    end)

    it("a step that is not positive", function()
      assert.has_error(function() m34():unfold(2, 2, 0) end, "unfold: step must be positive (got 0)")
      assert.has_error(function() m34():unfold(2, 2, -1) end, "unfold: step must be positive (got -1)")
    end)

    it("a non-number window", function()
      assert.has_error(function() m34():unfold(1, "a", 1) end, "bad argument #2 to 'unfold' (number expected, got string)")
    end)
  end)

  describe("lt.tensor from nested tables", function()
    it("ragged at depth 2", function()
      assert.has_error(function() lt.tensor({{1, 2}, {3}}) end,
        "tensor: ragged nested table: expected 2 elements at depth 2, got 1")
      assert.has_error(function() lt.tensor({{1}, {2}, {3, 4}}) end,
        "tensor: ragged nested table: expected 1 elements at depth 2, got 2")
      assert.has_error(function() lt.tensor({{}, {1}}) end,
        "tensor: ragged nested table: expected 0 elements at depth 2, got 1")
    end)

    it("ragged at depth 3", function()
      assert.has_error(function() lt.tensor({{{1, 2}, {3, 4}}, {{5, 6}, {7}}}) end,
        "tensor: ragged nested table: expected 2 elements at depth 3, got 1")
      assert.has_error(function() lt.tensor({{{1}, {2}}, {{3}, {4}, {5}}}) end,
        "tensor: ragged nested table: expected 2 elements at depth 2, got 3")
    end)

    it("a number where a table is expected, and the reverse", function()
      assert.has_error(function() lt.tensor({{1, 2}, 3}) end,
        "tensor: ragged nested table: expected a table at depth 2, got number")
      assert.has_error(function() lt.tensor({{{1}}, {2}}) end,
        "tensor: ragged nested table: expected a table at depth 3, got number")
      assert.has_error(function() lt.tensor({1, {2}}) end,
        "tensor: table at depth 2 (expected numbers or booleans: the nested table is ragged)")
    end)

    it("non-number leaves", function()
      assert.has_error(function() lt.tensor({1, "2"}) end, "tensor: string at depth 2 (expected numbers or booleans)")
      assert.has_error(function() lt.tensor({{1, 2}, {3, "x"}}) end,
        "tensor: string at depth 3 (expected numbers or booleans)")
      assert.has_error(function() lt.tensor({print}) end, "tensor: function at depth 2 (expected numbers or booleans)")
    end)

    it("nesting deeper than 16, and a table that contains itself", function()
      local x = 1
      for _ = 1, 17 do x = {x} end
      assert.has_error(function() lt.tensor(x) end, "tensor: nesting deeper than 16 dimensions")
      local a = {}
      a[1] = a
      assert.has_error(function() lt.tensor(a) end, "tensor: nesting deeper than 16 dimensions")
    end)
  end)

  describe("reading and writing", function()
    it("item() on a multi-element or empty tensor", function()
      assert.has_error(function() m34():item() end, "item: a tensor with 12 elements cannot be converted to a number")
      assert.has_error(function() lt.zeros(0):item() end,
        "item: a tensor with 0 elements cannot be converted to a number")
    end)

    it("#t on a 0-d tensor", function()
      assert.has_error(function() return #lt.tensor(5) end, "#: a 0-d tensor has no length")
    end)

    it("assigning a string, nil or a table into t[1] leaves t unchanged", function()
      local t = m34()
      local v = lt.arange(5)
      assert.has_error(function() t[1] = "x" end,
        "newindex: can only assign a number, a boolean or a tensor, got string")
      assert.has_error(function() v[1] = "x" end,
        "newindex: can only assign a number, a boolean or a tensor, got string")
      assert.has_error(function() t[{1, {}}] = "x" end,
        "newindex: can only assign a number, a boolean or a tensor, got string")
      assert.has_error(function() t[1] = nil end, "newindex: can only assign a number, a boolean or a tensor, got nil")
      assert.has_error(function() t[1] = {} end, "newindex: can only assign a number, a boolean or a tensor, got table")
      assert.are.same({0, 1, 2, 3}, t[1]:totable())
      assert.are.same({0, 1, 2, 3, 4}, v:totable())
    end)

    it("assigning out of range or with a non-broadcastable tensor", function()
      local t = m34()
      assert.has_error(function() t[4] = 1 end, "index: index 4 out of range for dimension 1 of size 3")
      assert.has_error(function() t[{{1, 4}}] = 0 end, "index: slice {1, 4} out of range for dimension 1 of size 3")
      assert.has_error(function() t[1] = lt.zeros(3) end, "newindex: shape (3) cannot be broadcast to (4)")
      assert.has_error(function() t[{{}, 1}] = lt.zeros(4) end, "newindex: shape (4) cannot be broadcast to (3)")
      assert.are.same(m34():totable(), t:totable())
    end)

    it("setting a field", function()
      local t = m34()
      assert.has_error(function() t.foo = 1 end, "newindex: cannot set field 'foo' of a tensor")
      assert.has_error(function() t.dtype = "float64" end, "newindex: cannot set field 'dtype' of a tensor")
      assert.has_error(function() t.view = 1 end, "newindex: cannot set field 'view' of a tensor")
      assert.are.equal(lt.int64, t.dtype)
    end)

    it("copy_ with non-broadcastable shapes leaves the destination unchanged", function()
      local t = m34()
      assert.has_error(function() t:copy_(lt.zeros(3)) end, "copy_: shape (3) cannot be broadcast to (3, 4)")
      assert.has_error(function() t:copy_(lt.zeros(2, 4)) end, "copy_: shape (2, 4) cannot be broadcast to (3, 4)")
      assert.has_error(function() t:copy_(lt.zeros(2, 3, 4)) end,
        "copy_: shape (2, 3, 4) cannot be broadcast to (3, 4)")
      assert.are.same(m34():totable(), t:totable())
    end)

    it("copy_ into an expanded view", function()
      local base = lt.zeros(1, 4)
      assert.has_error(function() base:expand(3, 4):copy_(lt.ones(3, 4)) end,
        "copy_: cannot write into a tensor where several elements share memory (an expanded view); clone it first")
      assert.are.same({{0, 0, 0, 0}}, base:totable())
    end)

    it("random fills with bad parameters or an integer tensor", function()
      assert.has_error(function() m34():uniform_() end, "uniform_: expected a floating point tensor, got int64")
      assert.has_error(function() lt.zeros(2):uniform_(1, 0) end,
        "uniform_: expected finite bounds with low <= high (got 1, 0)")
      assert.has_error(function() lt.zeros(2):uniform_(-math.huge, math.huge) end,
        "uniform_: expected finite bounds with low <= high (got -inf, inf)")
      assert.has_error(function() lt.zeros(2):normal_(0, -1) end,
        "normal_: expected a finite mean and a finite std >= 0 (got 0, -1)")
    end)
  end)

  describe("freed tensors", function()
    it("a method call after t:free()", function()
      local x = lt.zeros(2, 3)
      x:free()
      assert.has_error(function() x:view(6) end, "calling 'view' on bad self (tensor was freed)")
      assert.has_error(function() x:size() end, "calling 'size' on bad self (tensor was freed)")
      assert.has_error(function() x:item() end, "calling 'item' on bad self (tensor was freed)")
      assert.has_error(function() lt.view(x, 6) end, "bad argument #1 to 'view' (tensor was freed)")
      assert.are.equal("tensor(freed)", tostring(x))
      x:free() -- freeing twice is harmless
    end)

    it("indexing, fields, assignment and # after t:free()", function()
      local x = lt.zeros(2, 3)
      x:free()
      assert.has_error(function() local _ = x[1] end, "bad argument #1 to 'index' (tensor was freed)")
      assert.has_error(function() local _ = x.shape end, "bad argument #1 to 'index' (tensor was freed)")
      assert.has_error(function() x[1] = 1 end, "bad argument #1 to 'newindex' (tensor was freed)")
      assert.has_error(function() return #x end, "bad argument #1 to 'len' (tensor was freed)")
    end)

    it("a freed tensor as an argument", function()
      local x = lt.zeros(3, 4)
      x:free()
      assert.has_error(function() m34():copy_(x) end, "bad argument #1 to 'copy_' (tensor was freed)")
      assert.has_error(function() lt.zeros_like(x) end, "bad argument #1 to 'zeros_like' (tensor was freed)")
    end)

    it("lt.tensor of a freed tensor says it was freed", function()
      local x = lt.zeros(3, 4)
      x:free()
      assert.has_error(function() lt.tensor(x) end, "bad argument #1 to 'tensor' (tensor was freed)")
    end)

    it("a Lua-defined conversion on a freed tensor names itself", function()
      local x = lt.zeros(3, 4)
      x:free()
      assert.has_error(function() x:float() end, "calling 'float' on bad self (tensor was freed)")
    end)

    it("a Lua-defined conversion of a non-tensor names itself", function()
      assert.has_error(function() lt.double(5) end, "bad argument #1 to 'double' (luatensor.Tensor expected, got number)")
    end)

    it("after a <close> variable went out of scope", function()
      local y
      do
        local c <close> = lt.ones(3)
        y = c
      end
      assert.has_error(function() y:numel() end, "calling 'numel' on bad self (tensor was freed)")
      assert.has_error(function() local _ = y[1] end, "bad argument #1 to 'index' (tensor was freed)")
    end)

    it("views of a freed tensor stay usable", function()
      local base = lt.arange(6)
      local v = base:view(2, 3)
      base:free()
      assert.are.same({{0, 1, 2}, {3, 4, 5}}, v:totable())
    end)
  end)

  describe("ranges and random numbers", function()
    it("arange with step 0", function()
      assert.has_error(function() lt.arange(0, 10, 0) end, "arange: step must be nonzero")
      assert.has_error(function() lt.arange(0, 1, 0.0) end, "arange: step must be nonzero")
    end)

    it("arange with an inconsistent sign", function()
      assert.has_error(function() lt.arange(0, 10, -1) end,
        "arange: upper bound and lower bound are inconsistent with the step sign")
      assert.has_error(function() lt.arange(0, 1, -0.1) end,
        "arange: upper bound and lower bound are inconsistent with the step sign")
      assert.has_error(function() lt.arange(5, 1) end,
        "arange: upper bound and lower bound are inconsistent with the step sign")
    end)

    it("arange with non-finite bounds or too many elements", function()
      assert.has_error(function() lt.arange(0, math.huge) end, "arange: bounds must be finite")
      assert.has_error(function() lt.arange(0, 0 / 0) end, "arange: bounds must be finite")
      assert.has_error(function() lt.arange(math.mininteger, math.maxinteger) end,
        "arange: too many elements (1.84467e+19)")
    end)

    it("linspace with negative steps", function()
      assert.has_error(function() lt.linspace(0, 1, -1) end, "linspace: number of steps must be non-negative (got -1)")
    end)

    it("eye with a negative size", function()
      assert.has_error(function() lt.eye(-1) end, "eye: sizes must be non-negative (got -1, -1)")
      assert.has_error(function() lt.eye(2, -3) end, "eye: sizes must be non-negative (got 2, -3)")
    end)

    it("rand and randn with an integer dtype", function()
      assert.has_error(function() lt.rand(2, lt.int64) end, "rand: expected a floating point dtype, got int64")
      assert.has_error(function() lt.randn(2, 3, lt.int32) end, "randn: expected a floating point dtype, got int32")
      assert.has_error(function() lt.rand(2, lt.bool) end, "rand: expected a floating point dtype, got bool")
      assert.has_error(function() lt.rand_like(lt.zeros(2), lt.uint8) end,
        "rand_like: expected a floating point dtype, got uint8")
      assert.has_error(function() lt.randn_like(m34()) end, "randn_like: expected a floating point dtype, got int64")
    end)

    it("randint with low >= high", function()
      assert.has_error(function() lt.randint(5, 5, {3}) end, "randint: expected low < high (got 5, 5)")
      assert.has_error(function() lt.randint(5, 2, {3}) end, "randint: expected low < high (got 5, 2)")
      assert.has_error(function() lt.randint(0, {3}) end, "randint: expected low < high (got 0, 0)")
      assert.has_error(function() lt.randint_like(lt.zeros(2), 3, 3) end, "randint_like: expected low < high (got 3, 3)")
    end)

    it("randint bounds that do not fit the dtype", function()
      assert.has_error(function() lt.randint(0, 300, {3}, lt.uint8) end, "randint: bounds [0, 300) do not fit dtype uint8")
      assert.has_error(function() lt.randint(-1, 10, {3}, lt.uint8) end, "randint: bounds [-1, 10) do not fit dtype uint8")
      assert.has_error(function() lt.randint(0, 3, {3}, lt.bool) end, "randint: bounds [0, 3) do not fit dtype bool")
      assert.has_error(function() lt.randint(0, 1 << 40, {3}, lt.int32) end,
        "randint: bounds [0, 1099511627776) do not fit dtype int32")
    end)
  end)

  describe("memory", function()
    it("zeros(1e12) is a clean error and the library keeps working", function()
      assert.has_error(function() lt.zeros(1e12) end, "zeros: not enough memory (failed to allocate 4000000000000 bytes)")
      local a = lt.ones(1000, 1000)
      a[{{1, 10}, {}}] = 2
      assert.are.equal(2, a[{10, 1000}])
      assert.are.equal(1, a[{11, 1}])
      assert.has_error(function() lt.empty(1e12, lt.float64) end,
        "empty: not enough memory (failed to allocate 8000000000000 bytes)")
      assert.are.same({3, 3}, lt.eye(3):size())
    end)

    it("copies of huge expanded views fail cleanly", function()
      local big = lt.zeros(1):expand(1 << 40)
      assert.are.equal(1 << 40, big:numel())
      assert.has_error(function() big:clone() end, "clone: not enough memory (failed to allocate 4398046511104 bytes)")
      assert.has_error(function() big:contiguous() end,
        "contiguous: not enough memory (failed to allocate 4398046511104 bytes)")
      assert.has_error(function() big:to(lt.float64) end, "to: not enough memory (failed to allocate 8796093022208 bytes)")
    end)
  end)

  -- Not errors, but the edge of the integer range: these must give the right answer without
  -- signed overflow (UBSan reports each of them as undefined behaviour today).
  describe("extreme integer arguments", function()
    it("a slice step of math.mininteger or math.maxinteger selects one element", function()
      local t = m34()
      assert.are.same({{8, 9, 10, 11}}, t[{{3, 1, math.mininteger}}]:totable())
      assert.are.same({{0, 1, 2, 3}}, t[{{1, 3, math.maxinteger}}]:totable())
    end)

    it("unfold with a step of math.maxinteger", function()
      assert.are.same({{{0, 4}, {1, 5}, {2, 6}, {3, 7}}}, m34():unfold(1, 2, math.maxinteger):totable())
    end)

    it("arange whose steps span the whole int64 range", function()
      assert.are.same({math.mininteger, -1, math.maxinteger - 1},
        lt.arange(math.mininteger, math.maxinteger, math.maxinteger):totable())
    end)

    it("empty tensors with huge other dims", function()
      assert.are.same({}, lt.zeros(0, math.maxinteger):totable())
      assert.are.same({0, math.maxinteger, math.maxinteger}, lt.zeros(0):view(0, math.maxinteger, math.maxinteger):size())
    end)
  end)

  describe("after all of the above", function()
    it("the interpreter and the library do real work", function()
      collectgarbage()
      collectgarbage()
      lt.manual_seed(7)
      local x = lt.arange(24):view(2, 3, 4)
      local y = x:permute(3, 1, 2):contiguous()
      assert.are.same({4, 2, 3}, y:size())
      assert.are.equal(x[{2, 3, 4}], y[{4, 2, 3}])
      local z = lt.zeros(4, 2, 3, lt.float64)
      z:copy_(y)
      z[{{}, 1}] = lt.full({3}, 0.5, lt.float64)
      assert.are.equal(0.5, z[{4, 1, 3}])
      assert.are.equal(23.0, z[{4, 2, 3}])
      local r = lt.rand(100, lt.float64)
      for i = 1, 100 do assert.is_true(r[i] >= 0 and r[i] < 1) end
      local w = lt.randint(0, 256, {50}, lt.uint8)
      for i = 1, 50 do assert.is_true(w[i] >= 0 and w[i] < 256) end
      assert.are.same({{1, 0}, {0, 1}}, lt.eye(2, lt.int64):totable())
      assert.are.same({0, 0.25, 0.5, 0.75, 1}, lt.linspace(0, 1, 5, lt.float64):totable())
      assert.are.equal(lt.float32, lt.get_default_dtype())
      assert.is_true(healthy())
    end)
  end)
end)
