-- tostring() of tensors: PyTorch 1.13's rendering (torch/_tensor_str.py, default print options),
-- except that the dtype suffix is always shown, with luatensor's dtype names.
local lt = require "luatensor"

local function lines_of(s)
  local lines = {}
  for line in (s .. "\n"):gmatch("(.-)\n") do lines[#lines + 1] = line end
  return lines
end

describe("tostring", function()
  describe("small tensors", function()
    it("aligns integral floats and marks them with a point", function()
      local t = lt.tensor({{5.0, 12.0}, {21.0, 32.0}})
      assert.are.equal("tensor([[ 5., 12.],\n"
        .. "        [21., 32.]], dtype=float32)", tostring(t))
    end)

    it("prints fractional floats with 4 decimals", function()
      local t = lt.tensor({{1.5, 2.0}, {3.0, 4.0}})
      assert.are.equal("tensor([[1.5000, 2.0000],\n"
        .. "        [3.0000, 4.0000]], dtype=float32)", tostring(t))
    end)

    it("prints float64 the same way", function()
      assert.are.equal("tensor([1., 2., 3.], dtype=float64)",
        tostring(lt.tensor({1.0, 2.0, 3.0}):to("float64")))
    end)

    it("right-aligns integers", function()
      assert.are.equal("tensor([  1, -20, 300,   0,  -4], dtype=int64)",
        tostring(lt.tensor({1, -20, 300, 0, -4})))
    end)

    it("prints int32 and uint8", function()
      assert.are.equal("tensor([-2147483648,           5], dtype=int32)",
        tostring(lt.tensor({-2147483648, 5}):to("int32")))
      assert.are.equal("tensor([  0, 255,   7], dtype=uint8)",
        tostring(lt.tensor({0, 255, 7}):to("uint8")))
    end)

    it("prints booleans as True/False, padded to the widest shown", function()
      assert.are.equal("tensor([ True, False,  True], dtype=bool)",
        tostring(lt.tensor({true, false, true})))
      assert.are.equal("tensor([True, True], dtype=bool)", tostring(lt.tensor({true, true})))
    end)

    it("separates 3-d slices with a blank line", function()
      local t = lt.arange(0, 24):view(2, 3, 4)
      assert.are.equal("tensor([[[ 0,  1,  2,  3],\n"
        .. "         [ 4,  5,  6,  7],\n"
        .. "         [ 8,  9, 10, 11]],\n"
        .. "\n"
        .. "        [[12, 13, 14, 15],\n"
        .. "         [16, 17, 18, 19],\n"
        .. "         [20, 21, 22, 23]]], dtype=int64)", tostring(t))
      assert.are.equal("tensor([[[ 0.,  1.,  2.,  3.],\n"
        .. "         [ 4.,  5.,  6.,  7.],\n"
        .. "         [ 8.,  9., 10., 11.]],\n"
        .. "\n"
        .. "        [[12., 13., 14., 15.],\n"
        .. "         [16., 17., 18., 19.],\n"
        .. "         [20., 21., 22., 23.]]], dtype=float32)", tostring(t:to("float32")))
    end)
  end)

  describe("0-d tensors", function()
    it("prints the bare value", function()
      assert.are.equal("tensor(3.5000, dtype=float32)", tostring(lt.tensor(3.5)))
      assert.are.equal("tensor(3.5000, dtype=float64)", tostring(lt.tensor(3.5):to("float64")))
      assert.are.equal("tensor(7, dtype=int64)", tostring(lt.tensor(7)))
      assert.are.equal("tensor(True, dtype=bool)", tostring(lt.tensor(true)))
      assert.are.equal("tensor(0., dtype=float32)", tostring(lt.tensor(0.0)))
      assert.are.equal("tensor(nan, dtype=float32)", tostring(lt.tensor(0 / 0)))
    end)
  end)

  describe("empty tensors", function()
    it("shows the size unless the shape is (0,)", function()
      assert.are.equal("tensor([], size=(0, 3), dtype=float32)", tostring(lt.zeros(0, 3)))
      assert.are.equal("tensor([], dtype=float32)", tostring(lt.zeros(0)))
      assert.are.equal("tensor([], dtype=int64)", tostring(lt.arange(0, 0)))
    end)
  end)

  describe("views", function()
    it("follows a transposed view", function()
      local t = lt.tensor({{5.0, 12.0}, {21.0, 32.0}}):t()
      assert.are.equal("tensor([[ 5., 21.],\n"
        .. "        [12., 32.]], dtype=float32)", tostring(t))
    end)

    it("follows negative strides", function()
      local v = lt.tensor({1.0, 2.0, 3.0, 4.0, 5.0})
      assert.are.equal("tensor([5., 4., 3., 2., 1.], dtype=float32)",
        tostring(v[{{-1, 1, -1}}]))
      assert.are.equal("tensor([5., 3., 1.], dtype=float32)", tostring(v[{{-1, 1, -2}}]))
      local m = lt.tensor({{1.5, 2.0}, {3.0, 4.0}})
      assert.are.equal("tensor([[3.0000, 4.0000],\n"
        .. "        [1.5000, 2.0000]], dtype=float32)", tostring(m[{{-1, 1, -1}}]))
    end)
  end)

  describe("float styles", function()
    it("switches to scientific notation for tiny values", function()
      assert.are.equal("tensor([1.0000e-05, 1.0000e+00, 2.0000e+00], dtype=float32)",
        tostring(lt.tensor({1e-5, 1.0, 2.0})))
    end)

    it("switches to scientific notation for huge values, even integral ones", function()
      assert.are.equal("tensor([1.0000e+10, 1.0000e+00, 0.0000e+00], dtype=float64)",
        tostring(lt.tensor({1e10, 1.0, 0.0}):to("float64")))
    end)

    it("switches to scientific notation when max/min > 1000", function()
      assert.are.equal("tensor([1.0000e+00, 1.0010e+03], dtype=float32)",
        tostring(lt.tensor({1.0, 1001.0})))
    end)

    it("sizes the column from the finite nonzero values only, like PyTorch", function()
      assert.are.equal("tensor([   nan,    inf,   -inf, 1.5000, 0.0000], dtype=float32)",
        tostring(lt.tensor({0 / 0, math.huge, -math.huge, 1.5, 0.0})))
      assert.are.equal("tensor([ nan,   1.,   2., 100.], dtype=float32)",
        tostring(lt.tensor({0 / 0, 1.0, 2.0, 100.0})))
      assert.are.equal("tensor([nan, inf, -inf], dtype=float32)",
        tostring(lt.tensor({0 / 0, math.huge, -math.huge})))
    end)
  end)

  describe("line wrapping", function()
    it("wraps the last dim at 80 columns", function()
      assert.are.equal(
        "tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12., 13.,\n"
        .. "        14., 15., 16., 17., 18., 19., 20., 21., 22., 23., 24., 25., 26., 27.,\n"
        .. "        28., 29.], dtype=float32)", tostring(lt.arange(0, 30):to("float32")))
      local inv = {}
      for i = 1, 10 do inv[i] = 1.0 / i end
      assert.are.equal(
        "tensor([1.0000, 0.5000, 0.3333, 0.2500, 0.2000, 0.1667, 0.1429, 0.1250, 0.1111,\n"
        .. "        0.1000], dtype=float32)", tostring(lt.tensor(inv)))
    end)

    it("moves the dtype to its own line when the last line is full", function()
      local v = {}
      for i = 0, 16 do v[i + 1] = i * 1000 * (i % 2 == 1 and 1 or -1) end
      assert.are.equal(
        "tensor([     0,   1000,  -2000,   3000,  -4000,   5000,  -6000,   7000,  -8000,\n"
        .. "          9000, -10000,  11000, -12000,  13000, -14000,  15000, -16000],\n"
        .. "       dtype=int64)", tostring(lt.tensor(v)))
    end)

    it("prints 1000 elements in full", function()
      local lines = lines_of(tostring(lt.arange(0, 1000):to("float32")))
      assert.are.equal(84, #lines)
      assert.are.equal(
        "tensor([  0.,   1.,   2.,   3.,   4.,   5.,   6.,   7.,   8.,   9.,  10.,  11.,",
        lines[1])
      assert.are.equal(
        "         12.,  13.,  14.,  15.,  16.,  17.,  18.,  19.,  20.,  21.,  22.,  23.,",
        lines[2])
      assert.are.equal("        996., 997., 998., 999.], dtype=float32)", lines[84])
    end)
  end)

  describe("summarization (more than 1000 elements)", function()
    it("elides the middle of a long vector", function()
      assert.are.equal("tensor([   0,    1,    2,  ..., 1997, 1998, 1999], dtype=int64)",
        tostring(lt.arange(0, 2000)))
      assert.are.equal("tensor([   0.,    1.,    2.,  ...,  998.,  999., 1000.], dtype=float32)",
        tostring(lt.arange(0, 1001):to("float32")))
    end)

    it("elides rows and columns of a 1000x1000 matrix", function()
      local z = tostring(lt.zeros(1000, 1000))
      assert.are.equal("tensor([[0., 0., 0.,  ..., 0., 0., 0.],\n"
        .. "        [0., 0., 0.,  ..., 0., 0., 0.],\n"
        .. "        [0., 0., 0.,  ..., 0., 0., 0.],\n"
        .. "        ...,\n"
        .. "        [0., 0., 0.,  ..., 0., 0., 0.],\n"
        .. "        [0., 0., 0.,  ..., 0., 0., 0.],\n"
        .. "        [0., 0., 0.,  ..., 0., 0., 0.]], dtype=float32)", z)

      local a = lt.arange(0, 1000000):view(1000, 1000)
      assert.are.equal("tensor([[     0,      1,      2,  ...,    997,    998,    999],\n"
        .. "        [  1000,   1001,   1002,  ...,   1997,   1998,   1999],\n"
        .. "        [  2000,   2001,   2002,  ...,   2997,   2998,   2999],\n"
        .. "        ...,\n"
        .. "        [997000, 997001, 997002,  ..., 997997, 997998, 997999],\n"
        .. "        [998000, 998001, 998002,  ..., 998997, 998998, 998999],\n"
        .. "        [999000, 999001, 999002,  ..., 999997, 999998, 999999]], dtype=int64)",
        tostring(a))
      assert.are.equal("tensor([[     0,   1000,   2000,  ..., 997000, 998000, 999000],\n"
        .. "        [     1,   1001,   2001,  ..., 997001, 998001, 999001],\n"
        .. "        [     2,   1002,   2002,  ..., 997002, 998002, 999002],\n"
        .. "        ...,\n"
        .. "        [   997,   1997,   2997,  ..., 997997, 998997, 999997],\n"
        .. "        [   998,   1998,   2998,  ..., 997998, 998998, 999998],\n"
        .. "        [   999,   1999,   2999,  ..., 997999, 998999, 999999]], dtype=int64)",
        tostring(a:t()))
    end)

    it("uses the shown elements only to pick the float style", function()
      -- 0 .. 999999 spans more than 1000x, so PyTorch goes scientific (and wraps)
      local s = tostring(lt.arange(0, 1000000):view(1000, 1000):to("float32"))
      assert.are.equal(
        "tensor([[0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 9.9700e+02, 9.9800e+02,\n"
        .. "         9.9900e+02],\n"
        .. "        [1.0000e+03, 1.0010e+03, 1.0020e+03,  ..., 1.9970e+03, 1.9980e+03,\n"
        .. "         1.9990e+03],\n"
        .. "        [2.0000e+03, 2.0010e+03, 2.0020e+03,  ..., 2.9970e+03, 2.9980e+03,\n"
        .. "         2.9990e+03],\n"
        .. "        ...,\n"
        .. "        [9.9700e+05, 9.9700e+05, 9.9700e+05,  ..., 9.9800e+05, 9.9800e+05,\n"
        .. "         9.9800e+05],\n"
        .. "        [9.9800e+05, 9.9800e+05, 9.9800e+05,  ..., 9.9900e+05, 9.9900e+05,\n"
        .. "         9.9900e+05],\n"
        .. "        [9.9900e+05, 9.9900e+05, 9.9900e+05,  ..., 1.0000e+06, 1.0000e+06,\n"
        .. "         1.0000e+06]], dtype=float32)", s)
      assert.is_true(#s < 4096)
      assert.is_true(#lines_of(s) < 50)
    end)

    it("elides outer dims with a '...' line, blank-line separated in 3-d", function()
      local s = tostring(lt.arange(0, 1331):view(11, 11, 11))
      local lines = lines_of(s)
      assert.are.equal(49, #lines)
      assert.are.equal("tensor([[[   0,    1,    2,  ...,    8,    9,   10],", lines[1])
      assert.are.equal("         ...,", lines[4])
      assert.are.equal("         [ 110,  111,  112,  ...,  118,  119,  120]],", lines[7])
      assert.are.equal("", lines[8])
      assert.are.equal("        [[ 121,  122,  123,  ...,  129,  130,  131],", lines[9])
      assert.are.equal("", lines[24])
      assert.are.equal("        ...,", lines[25])
      assert.are.equal("", lines[26])
      assert.are.equal("        [[ 968,  969,  970,  ...,  976,  977,  978],", lines[27])
      assert.are.equal("         [1320, 1321, 1322,  ..., 1328, 1329, 1330]]], dtype=int64)",
        lines[49])
    end)

    it("summarizes a 10^12-element expanded view without walking it", function()
      -- a formatter that visited every element would never return here
      local s = tostring(lt.zeros(1, 1):expand(1000000, 1000000))
      assert.is_true(#s < 1000)
      assert.are.equal(7, #lines_of(s)) -- 3 rows, "...,", 3 rows
    end)
  end)
end)
