-- Reductions: every call of the README's "Reductions" table (sum prod amax amin all any mean var
-- std norm max min argmax argmin logsumexp softmax log_softmax cumsum cumprod) on every dtype,
-- over one dim, several dims, negative dims and all dims, with and without keepdim; 0-d and
-- empty inputs; strided, reversed and expanded views against their contiguous copies; inner
-- and outer reduced dims; NaN; the float64 accumulation of float32 sums; the threaded path
-- (> 131072 elements, few outputs); and the error messages.
--
-- Expected values were computed with PyTorch 1.13 and NumPy 1.24 (float results in float64 from
-- the same data, indices with NumPy, which always picks the first occurrence) and are written
-- here as literals; nothing calls Python. Where PyTorch has no answer (argmax of bool) NumPy's
-- is used; where this library deliberately differs from PyTorch the test says so.
local lt = require "luatensor"

local NAN, INF = 0 / 0, math.huge

local DTYPES = {"float32", "float64", "int32", "int64", "uint8", "bool"}
local FLOATS = {"float32", "float64"}
local NON_FLOATS = {"int32", "int64", "uint8", "bool"}
local IS_FLOAT = {float32 = true, float64 = true}

-- default tolerances by result dtype (integers and booleans are always exact)
local RTOL = {float32 = 2e-6, float64 = 1e-12}
local ATOL = {float32 = 1e-6, float64 = 1e-12}

local nested = dofile("spec/support/nested.lua")
local shape_of, flatten = nested.shape_of, nested.flatten

local function same_value(a, e, rtol, atol)
  if type(e) == "boolean" or type(a) == "boolean" then return a == e end
  if e ~= e then return a ~= a end
  if a ~= a then return false end
  if e == INF or e == -INF then return a == e end
  return math.abs(a - e) <= atol + rtol * math.abs(e)
end

local function fmt_shape(s) return "(" .. table.concat(s, ", ") .. ")" end

-- assert_close(t, dtype, expected [, rtol, atol]): t is a tensor of dtype `dtype` with the shape
-- of `expected` (a nested table; a number or boolean for a 0-d tensor; or {shape = {...},
-- values = {...flat...}} for shapes a nested table cannot express, such as (0, 3)) and these
-- values: floats within atol + rtol * |expected| (defaults by dtype; NaN matches NaN,
-- infinities match exactly), integers and booleans exactly. Element types are checked too (Lua
-- floats for float dtypes, integers for integer dtypes, booleans for bool).
local function assert_close(t, dtype, expected, rtol, atol)
  assert.is_true(lt.is_tensor(t), "expected a tensor, got " .. type(t))
  assert.are.equal(dtype, t.dtype)
  local shape, want
  if type(expected) == "table" and expected.shape then
    shape, want = expected.shape, expected.values
  else
    shape, want = shape_of(expected), flatten(expected)
  end
  assert.are.same(shape, t:size(), "shape")
  local got = flatten(t:totable())
  assert.are.equal(#want, #got)
  local float = IS_FLOAT[dtype]
  rtol = float and (rtol or RTOL[dtype]) or 0
  atol = float and (atol or ATOL[dtype]) or 0
  local kind = dtype == "bool" and "boolean" or (float and "float" or "integer")
  for i = 1, #want do
    local a, e = got[i], want[i]
    local ak = type(a) == "number" and math.type(a) or type(a)
    local ok = ak == kind and same_value(a, e, rtol, atol)
    if not ok then
      error(string.format("element %d of %s: got %s (%s), expected %s (%s, rtol %g, atol %g)%s", i,
        fmt_shape(shape), tostring(a), ak, tostring(e), dtype, rtol, atol,
        #want <= 64 and "\n" .. tostring(t) or ""), 2)
    end
  end
end

-- two tensors with the same dtype, shape and values (within the dtype's tolerance)
local function assert_same(got, want, rtol, atol, what)
  assert.is_true(lt.is_tensor(got) and lt.is_tensor(want), what)
  assert.are.equal(want.dtype, got.dtype, what)
  assert.are.same(want:size(), got:size(), what)
  local g, w = flatten(got:totable()), flatten(want:totable())
  local float = IS_FLOAT[want.dtype]
  rtol = float and (rtol or RTOL[want.dtype]) or 0
  atol = float and (atol or ATOL[want.dtype]) or 0
  for i = 1, #w do
    if not same_value(g[i], w[i], rtol, atol) then
      error(string.format("%s: element %d of %s: got %s, expected %s (%s)", what or "", i,
        fmt_shape(want:size()), tostring(g[i]), tostring(w[i]), want.dtype), 2)
    end
  end
end

-- the error a call raises, without the "file:line: " position
local function error_of(f, ...)
  local ok, err = pcall(f, ...)
  assert.is_false(ok, "expected an error")
  return (tostring(err):gsub("^[^:\n]*:%d+: ", ""))
end

local function dims_name(d)
  if d == nil then return "all dims" end
  if type(d) == "table" then return "dims {" .. table.concat(d, ", ") .. "}" end
  return "dim " .. d
end

-- the shape of a (2, 3, 4)-like input reduced over dims with keepdim (0-based bookkeeping hidden)
local function kept_shape(size, dims)
  local n, out, set = #size, {}, {}
  if dims == nil then
    for d = 1, n do set[d] = true end
  else
    for _, d in ipairs(type(dims) == "table" and dims or {dims}) do set[d < 0 and d + n + 1 or d] = true end
  end
  for d = 1, n do out[d] = set[d] and 1 or size[d] end
  return out
end

-- ---------------------------------------------------------------------------------------------
-- Generated data (PyTorch 1.13 / NumPy 1.24). The input of every generated case is the flat
-- DATA_* list for its dtype viewed as (2, 3, 4): floats ((37 i mod 23) - 11) / 4, integers
-- (37 i mod 23) - 11, uint8 11 * (37 i mod 23), bool (37 i mod 23) mod 3 ~= 0, for i = 0..23.
-- Float expected values are float64 results from the same data; dims are 1-based here.
-- input data (flat, viewed as (2, 3, 4)): see make_input
local DATA_FLOAT = {-2.75, 0.75, -1.5, 2.0, -0.25, -2.5, 1.0, -1.25, 2.25, 0.0, -2.25, 1.25, -1.0, 2.5, 0.25, -2.0, 1.5, -0.75, 2.75, 0.5, -1.75, 1.75, -0.5, -2.75}
local DATA_INT = {-11, 3, -6, 8, -1, -10, 4, -5, 9, 0, -9, 5, -4, 10, 1, -8, 6, -3, 11, 2, -7, 7, -2, -11}
local DATA_UINT8 = {0, 154, 55, 209, 110, 11, 165, 66, 220, 121, 22, 176, 77, 231, 132, 33, 187, 88, 242, 143, 44, 198, 99, 0}
local DATA_BOOL = {false, true, true, true, true, true, false, false, true, true, true, true, true, false, false, false, true, true, true, true, true, false, false, false}
local BASIC_CASES = {
  {op = "sum", dtype = "float32", dims = nil, rdtype = "float32", expected = -2.75},
  {op = "sum", dtype = "float32", dims = 1, rdtype = "float32", expected = {{-3.75, 3.25, -1.25, 0.0}, {1.25, -3.25, 3.75, -0.75}, {0.5, 1.75, -2.75, -1.5}}},
  {op = "sum", dtype = "float32", dims = 2, rdtype = "float32", expected = {{-0.75, -1.75, -2.75, 2.0}, {-1.25, 3.5, 2.5, -4.25}}},
  {op = "sum", dtype = "float32", dims = 3, rdtype = "float32", expected = {{-1.5, -3.0, 1.25}, {-0.25, 4.0, -3.25}}},
  {op = "sum", dtype = "float32", dims = -1, rdtype = "float32", expected = {{-1.5, -3.0, 1.25}, {-0.25, 4.0, -3.25}}},
  {op = "sum", dtype = "float32", dims = -2, rdtype = "float32", expected = {{-0.75, -1.75, -2.75, 2.0}, {-1.25, 3.5, 2.5, -4.25}}},
  {op = "sum", dtype = "float32", dims = {1, 3}, rdtype = "float32", expected = {-1.75, 1.0, -2.0}},
  {op = "sum", dtype = "float32", dims = {2, 3}, rdtype = "float32", expected = {-3.25, 0.5}},
  {op = "sum", dtype = "float32", dims = {-1, 1}, rdtype = "float32", expected = {-1.75, 1.0, -2.0}},
  {op = "sum", dtype = "float32", dims = {1, 2, 3}, rdtype = "float32", expected = -2.75},
  {op = "sum", dtype = "float64", dims = nil, rdtype = "float64", expected = -2.75},
  {op = "sum", dtype = "float64", dims = 1, rdtype = "float64", expected = {{-3.75, 3.25, -1.25, 0.0}, {1.25, -3.25, 3.75, -0.75}, {0.5, 1.75, -2.75, -1.5}}},
  {op = "sum", dtype = "float64", dims = 2, rdtype = "float64", expected = {{-0.75, -1.75, -2.75, 2.0}, {-1.25, 3.5, 2.5, -4.25}}},
  {op = "sum", dtype = "float64", dims = 3, rdtype = "float64", expected = {{-1.5, -3.0, 1.25}, {-0.25, 4.0, -3.25}}},
  {op = "sum", dtype = "float64", dims = -1, rdtype = "float64", expected = {{-1.5, -3.0, 1.25}, {-0.25, 4.0, -3.25}}},
  {op = "sum", dtype = "float64", dims = -2, rdtype = "float64", expected = {{-0.75, -1.75, -2.75, 2.0}, {-1.25, 3.5, 2.5, -4.25}}},
  {op = "sum", dtype = "float64", dims = {1, 3}, rdtype = "float64", expected = {-1.75, 1.0, -2.0}},
  {op = "sum", dtype = "float64", dims = {2, 3}, rdtype = "float64", expected = {-3.25, 0.5}},
  {op = "sum", dtype = "float64", dims = {-1, 1}, rdtype = "float64", expected = {-1.75, 1.0, -2.0}},
  {op = "sum", dtype = "float64", dims = {1, 2, 3}, rdtype = "float64", expected = -2.75},
  {op = "sum", dtype = "int32", dims = nil, rdtype = "int64", expected = -11},
  {op = "sum", dtype = "int32", dims = 1, rdtype = "int64", expected = {{-15, 13, -5, 0}, {5, -13, 15, -3}, {2, 7, -11, -6}}},
  {op = "sum", dtype = "int32", dims = 2, rdtype = "int64", expected = {{-3, -7, -11, 8}, {-5, 14, 10, -17}}},
  {op = "sum", dtype = "int32", dims = 3, rdtype = "int64", expected = {{-6, -12, 5}, {-1, 16, -13}}},
  {op = "sum", dtype = "int32", dims = -1, rdtype = "int64", expected = {{-6, -12, 5}, {-1, 16, -13}}},
  {op = "sum", dtype = "int32", dims = -2, rdtype = "int64", expected = {{-3, -7, -11, 8}, {-5, 14, 10, -17}}},
  {op = "sum", dtype = "int32", dims = {1, 3}, rdtype = "int64", expected = {-7, 4, -8}},
  {op = "sum", dtype = "int32", dims = {2, 3}, rdtype = "int64", expected = {-13, 2}},
  {op = "sum", dtype = "int32", dims = {-1, 1}, rdtype = "int64", expected = {-7, 4, -8}},
  {op = "sum", dtype = "int32", dims = {1, 2, 3}, rdtype = "int64", expected = -11},
  {op = "sum", dtype = "int64", dims = nil, rdtype = "int64", expected = -11},
  {op = "sum", dtype = "int64", dims = 1, rdtype = "int64", expected = {{-15, 13, -5, 0}, {5, -13, 15, -3}, {2, 7, -11, -6}}},
  {op = "sum", dtype = "int64", dims = 2, rdtype = "int64", expected = {{-3, -7, -11, 8}, {-5, 14, 10, -17}}},
  {op = "sum", dtype = "int64", dims = 3, rdtype = "int64", expected = {{-6, -12, 5}, {-1, 16, -13}}},
  {op = "sum", dtype = "int64", dims = -1, rdtype = "int64", expected = {{-6, -12, 5}, {-1, 16, -13}}},
  {op = "sum", dtype = "int64", dims = -2, rdtype = "int64", expected = {{-3, -7, -11, 8}, {-5, 14, 10, -17}}},
  {op = "sum", dtype = "int64", dims = {1, 3}, rdtype = "int64", expected = {-7, 4, -8}},
  {op = "sum", dtype = "int64", dims = {2, 3}, rdtype = "int64", expected = {-13, 2}},
  {op = "sum", dtype = "int64", dims = {-1, 1}, rdtype = "int64", expected = {-7, 4, -8}},
  {op = "sum", dtype = "int64", dims = {1, 2, 3}, rdtype = "int64", expected = -11},
  {op = "sum", dtype = "uint8", dims = nil, rdtype = "int64", expected = 2783},
  {op = "sum", dtype = "uint8", dims = 1, rdtype = "int64", expected = {{77, 385, 187, 242}, {297, 99, 407, 209}, {264, 319, 121, 176}}},
  {op = "sum", dtype = "uint8", dims = 2, rdtype = "int64", expected = {{330, 286, 242, 451}, {308, 517, 473, 176}}},
  {op = "sum", dtype = "uint8", dims = 3, rdtype = "int64", expected = {{418, 352, 539}, {473, 660, 341}}},
  {op = "sum", dtype = "uint8", dims = -1, rdtype = "int64", expected = {{418, 352, 539}, {473, 660, 341}}},
  {op = "sum", dtype = "uint8", dims = -2, rdtype = "int64", expected = {{330, 286, 242, 451}, {308, 517, 473, 176}}},
  {op = "sum", dtype = "uint8", dims = {1, 3}, rdtype = "int64", expected = {891, 1012, 880}},
  {op = "sum", dtype = "uint8", dims = {2, 3}, rdtype = "int64", expected = {1309, 1474}},
  {op = "sum", dtype = "uint8", dims = {-1, 1}, rdtype = "int64", expected = {891, 1012, 880}},
  {op = "sum", dtype = "uint8", dims = {1, 2, 3}, rdtype = "int64", expected = 2783},
  {op = "sum", dtype = "bool", dims = nil, rdtype = "int64", expected = 15},
  {op = "sum", dtype = "bool", dims = 1, rdtype = "int64", expected = {{1, 1, 1, 1}, {2, 2, 1, 1}, {2, 1, 1, 1}}},
  {op = "sum", dtype = "bool", dims = 2, rdtype = "int64", expected = {{2, 3, 2, 2}, {3, 1, 1, 1}}},
  {op = "sum", dtype = "bool", dims = 3, rdtype = "int64", expected = {{3, 2, 4}, {1, 4, 1}}},
  {op = "sum", dtype = "bool", dims = -1, rdtype = "int64", expected = {{3, 2, 4}, {1, 4, 1}}},
  {op = "sum", dtype = "bool", dims = -2, rdtype = "int64", expected = {{2, 3, 2, 2}, {3, 1, 1, 1}}},
  {op = "sum", dtype = "bool", dims = {1, 3}, rdtype = "int64", expected = {4, 6, 5}},
  {op = "sum", dtype = "bool", dims = {2, 3}, rdtype = "int64", expected = {9, 6}},
  {op = "sum", dtype = "bool", dims = {-1, 1}, rdtype = "int64", expected = {4, 6, 5}},
  {op = "sum", dtype = "bool", dims = {1, 2, 3}, rdtype = "int64", expected = 15},
  {op = "prod", dtype = "float32", dims = nil, rdtype = "float32", expected = 0.0},
  {op = "prod", dtype = "float32", dims = 1, rdtype = "float32", expected = {{2.75, 1.875, -0.375, -4.0}, {-0.375, 1.875, 2.75, -0.625}, {-3.9375, 0.0, 1.125, -3.4375}}},
  {op = "prod", dtype = "float32", dims = 2, rdtype = "float32", expected = {{1.546875, -0.0, 3.375, -3.125}, {2.625, -3.28125, -0.34375, 2.75}}},
  {op = "prod", dtype = "float32", dims = 3, rdtype = "float32", expected = {{6.1875, -0.78125, -0.0}, {1.25, -1.546875, -4.2109375}}},
  {op = "prod", dtype = "float32", dims = -1, rdtype = "float32", expected = {{6.1875, -0.78125, -0.0}, {1.25, -1.546875, -4.2109375}}},
  {op = "prod", dtype = "float32", dims = -2, rdtype = "float32", expected = {{1.546875, -0.0, 3.375, -3.125}, {2.625, -3.28125, -0.34375, 2.75}}},
  {op = "prod", dtype = "float32", dims = {1, 3}, rdtype = "float32", expected = {7.734375, 1.20849609375, 0.0}},
  {op = "prod", dtype = "float32", dims = {2, 3}, rdtype = "float32", expected = {0.0, 8.142242431640625}},
  {op = "prod", dtype = "float32", dims = {-1, 1}, rdtype = "float32", expected = {7.734375, 1.20849609375, 0.0}},
  {op = "prod", dtype = "float32", dims = {1, 2, 3}, rdtype = "float32", expected = 0.0},
  {op = "prod", dtype = "float64", dims = nil, rdtype = "float64", expected = 0.0},
  {op = "prod", dtype = "float64", dims = 1, rdtype = "float64", expected = {{2.75, 1.875, -0.375, -4.0}, {-0.375, 1.875, 2.75, -0.625}, {-3.9375, 0.0, 1.125, -3.4375}}},
  {op = "prod", dtype = "float64", dims = 2, rdtype = "float64", expected = {{1.546875, -0.0, 3.375, -3.125}, {2.625, -3.28125, -0.34375, 2.75}}},
  {op = "prod", dtype = "float64", dims = 3, rdtype = "float64", expected = {{6.1875, -0.78125, -0.0}, {1.25, -1.546875, -4.2109375}}},
  {op = "prod", dtype = "float64", dims = -1, rdtype = "float64", expected = {{6.1875, -0.78125, -0.0}, {1.25, -1.546875, -4.2109375}}},
  {op = "prod", dtype = "float64", dims = -2, rdtype = "float64", expected = {{1.546875, -0.0, 3.375, -3.125}, {2.625, -3.28125, -0.34375, 2.75}}},
  {op = "prod", dtype = "float64", dims = {1, 3}, rdtype = "float64", expected = {7.734375, 1.20849609375, 0.0}},
  {op = "prod", dtype = "float64", dims = {2, 3}, rdtype = "float64", expected = {0.0, 8.142242431640625}},
  {op = "prod", dtype = "float64", dims = {-1, 1}, rdtype = "float64", expected = {7.734375, 1.20849609375, 0.0}},
  {op = "prod", dtype = "float64", dims = {1, 2, 3}, rdtype = "float64", expected = 0.0},
  {op = "prod", dtype = "int32", dims = nil, rdtype = "int64", expected = 0},
  {op = "prod", dtype = "int32", dims = 1, rdtype = "int64", expected = {{44, 30, -6, -64}, {-6, 30, 44, -10}, {-63, 0, 18, -55}}},
  {op = "prod", dtype = "int32", dims = 2, rdtype = "int64", expected = {{99, 0, 216, -200}, {168, -210, -22, 176}}},
  {op = "prod", dtype = "int32", dims = 3, rdtype = "int64", expected = {{1584, -200, 0}, {320, -396, -1078}}},
  {op = "prod", dtype = "int32", dims = -1, rdtype = "int64", expected = {{1584, -200, 0}, {320, -396, -1078}}},
  {op = "prod", dtype = "int32", dims = -2, rdtype = "int64", expected = {{99, 0, 216, -200}, {168, -210, -22, 176}}},
  {op = "prod", dtype = "int32", dims = {1, 3}, rdtype = "int64", expected = {506880, 79200, 0}},
  {op = "prod", dtype = "int32", dims = {2, 3}, rdtype = "int64", expected = {0, 136604160}},
  {op = "prod", dtype = "int32", dims = {-1, 1}, rdtype = "int64", expected = {506880, 79200, 0}},
  {op = "prod", dtype = "int32", dims = {1, 2, 3}, rdtype = "int64", expected = 0},
  {op = "prod", dtype = "int64", dims = nil, rdtype = "int64", expected = 0},
  {op = "prod", dtype = "int64", dims = 1, rdtype = "int64", expected = {{44, 30, -6, -64}, {-6, 30, 44, -10}, {-63, 0, 18, -55}}},
  {op = "prod", dtype = "int64", dims = 2, rdtype = "int64", expected = {{99, 0, 216, -200}, {168, -210, -22, 176}}},
  {op = "prod", dtype = "int64", dims = 3, rdtype = "int64", expected = {{1584, -200, 0}, {320, -396, -1078}}},
  {op = "prod", dtype = "int64", dims = -1, rdtype = "int64", expected = {{1584, -200, 0}, {320, -396, -1078}}},
  {op = "prod", dtype = "int64", dims = -2, rdtype = "int64", expected = {{99, 0, 216, -200}, {168, -210, -22, 176}}},
  {op = "prod", dtype = "int64", dims = {1, 3}, rdtype = "int64", expected = {506880, 79200, 0}},
  {op = "prod", dtype = "int64", dims = {2, 3}, rdtype = "int64", expected = {0, 136604160}},
  {op = "prod", dtype = "int64", dims = {-1, 1}, rdtype = "int64", expected = {506880, 79200, 0}},
  {op = "prod", dtype = "int64", dims = {1, 2, 3}, rdtype = "int64", expected = 0},
  {op = "prod", dtype = "uint8", dims = nil, rdtype = "int64", expected = 0},
  {op = "prod", dtype = "uint8", dims = 1, rdtype = "int64", expected = {{0, 35574, 7260, 6897}, {20570, 968, 39930, 9438}, {9680, 23958, 2178, 0}}},
  {op = "prod", dtype = "uint8", dims = 2, rdtype = "int64", expected = {{0, 204974, 199650, 2427744}, {633556, 4024944, 3162456, 0}}},
  {op = "prod", dtype = "uint8", dims = 3, rdtype = "int64", expected = {{0, 13176900, 103072640}, {77480172, 569476336, 0}}},
  {op = "prod", dtype = "uint8", dims = -1, rdtype = "int64", expected = {{0, 13176900, 103072640}, {77480172, 569476336, 0}}},
  {op = "prod", dtype = "uint8", dims = -2, rdtype = "int64", expected = {{0, 204974, 199650, 2427744}, {633556, 4024944, 3162456, 0}}},
  {op = "prod", dtype = "uint8", dims = {1, 3}, rdtype = "int64", expected = {0, 7503932731838400, 0}},
  {op = "prod", dtype = "uint8", dims = {2, 3}, rdtype = "int64", expected = {0, 0}},
  {op = "prod", dtype = "uint8", dims = {-1, 1}, rdtype = "int64", expected = {0, 7503932731838400, 0}},
  {op = "prod", dtype = "uint8", dims = {1, 2, 3}, rdtype = "int64", expected = 0},
  {op = "prod", dtype = "bool", dims = nil, rdtype = "int64", expected = 0},
  {op = "prod", dtype = "bool", dims = 1, rdtype = "int64", expected = {{0, 0, 0, 0}, {1, 1, 0, 0}, {1, 0, 0, 0}}},
  {op = "prod", dtype = "bool", dims = 2, rdtype = "int64", expected = {{0, 1, 0, 0}, {1, 0, 0, 0}}},
  {op = "prod", dtype = "bool", dims = 3, rdtype = "int64", expected = {{0, 0, 1}, {0, 1, 0}}},
  {op = "prod", dtype = "bool", dims = -1, rdtype = "int64", expected = {{0, 0, 1}, {0, 1, 0}}},
  {op = "prod", dtype = "bool", dims = -2, rdtype = "int64", expected = {{0, 1, 0, 0}, {1, 0, 0, 0}}},
  {op = "prod", dtype = "bool", dims = {1, 3}, rdtype = "int64", expected = {0, 0, 0}},
  {op = "prod", dtype = "bool", dims = {2, 3}, rdtype = "int64", expected = {0, 0}},
  {op = "prod", dtype = "bool", dims = {-1, 1}, rdtype = "int64", expected = {0, 0, 0}},
  {op = "prod", dtype = "bool", dims = {1, 2, 3}, rdtype = "int64", expected = 0},
  {op = "amax", dtype = "float32", dims = nil, rdtype = "float32", expected = 2.75},
  {op = "amax", dtype = "float32", dims = 1, rdtype = "float32", expected = {{-1.0, 2.5, 0.25, 2.0}, {1.5, -0.75, 2.75, 0.5}, {2.25, 1.75, -0.5, 1.25}}},
  {op = "amax", dtype = "float32", dims = 2, rdtype = "float32", expected = {{2.25, 0.75, 1.0, 2.0}, {1.5, 2.5, 2.75, 0.5}}},
  {op = "amax", dtype = "float32", dims = 3, rdtype = "float32", expected = {{2.0, 1.0, 2.25}, {2.5, 2.75, 1.75}}},
  {op = "amax", dtype = "float32", dims = -1, rdtype = "float32", expected = {{2.0, 1.0, 2.25}, {2.5, 2.75, 1.75}}},
  {op = "amax", dtype = "float32", dims = -2, rdtype = "float32", expected = {{2.25, 0.75, 1.0, 2.0}, {1.5, 2.5, 2.75, 0.5}}},
  {op = "amax", dtype = "float32", dims = {1, 3}, rdtype = "float32", expected = {2.5, 2.75, 2.25}},
  {op = "amax", dtype = "float32", dims = {2, 3}, rdtype = "float32", expected = {2.25, 2.75}},
  {op = "amax", dtype = "float32", dims = {-1, 1}, rdtype = "float32", expected = {2.5, 2.75, 2.25}},
  {op = "amax", dtype = "float32", dims = {1, 2, 3}, rdtype = "float32", expected = 2.75},
  {op = "amax", dtype = "float64", dims = nil, rdtype = "float64", expected = 2.75},
  {op = "amax", dtype = "float64", dims = 1, rdtype = "float64", expected = {{-1.0, 2.5, 0.25, 2.0}, {1.5, -0.75, 2.75, 0.5}, {2.25, 1.75, -0.5, 1.25}}},
  {op = "amax", dtype = "float64", dims = 2, rdtype = "float64", expected = {{2.25, 0.75, 1.0, 2.0}, {1.5, 2.5, 2.75, 0.5}}},
  {op = "amax", dtype = "float64", dims = 3, rdtype = "float64", expected = {{2.0, 1.0, 2.25}, {2.5, 2.75, 1.75}}},
  {op = "amax", dtype = "float64", dims = -1, rdtype = "float64", expected = {{2.0, 1.0, 2.25}, {2.5, 2.75, 1.75}}},
  {op = "amax", dtype = "float64", dims = -2, rdtype = "float64", expected = {{2.25, 0.75, 1.0, 2.0}, {1.5, 2.5, 2.75, 0.5}}},
  {op = "amax", dtype = "float64", dims = {1, 3}, rdtype = "float64", expected = {2.5, 2.75, 2.25}},
  {op = "amax", dtype = "float64", dims = {2, 3}, rdtype = "float64", expected = {2.25, 2.75}},
  {op = "amax", dtype = "float64", dims = {-1, 1}, rdtype = "float64", expected = {2.5, 2.75, 2.25}},
  {op = "amax", dtype = "float64", dims = {1, 2, 3}, rdtype = "float64", expected = 2.75},
  {op = "amax", dtype = "int32", dims = nil, rdtype = "int32", expected = 11},
  {op = "amax", dtype = "int32", dims = 1, rdtype = "int32", expected = {{-4, 10, 1, 8}, {6, -3, 11, 2}, {9, 7, -2, 5}}},
  {op = "amax", dtype = "int32", dims = 2, rdtype = "int32", expected = {{9, 3, 4, 8}, {6, 10, 11, 2}}},
  {op = "amax", dtype = "int32", dims = 3, rdtype = "int32", expected = {{8, 4, 9}, {10, 11, 7}}},
  {op = "amax", dtype = "int32", dims = -1, rdtype = "int32", expected = {{8, 4, 9}, {10, 11, 7}}},
  {op = "amax", dtype = "int32", dims = -2, rdtype = "int32", expected = {{9, 3, 4, 8}, {6, 10, 11, 2}}},
  {op = "amax", dtype = "int32", dims = {1, 3}, rdtype = "int32", expected = {10, 11, 9}},
  {op = "amax", dtype = "int32", dims = {2, 3}, rdtype = "int32", expected = {9, 11}},
  {op = "amax", dtype = "int32", dims = {-1, 1}, rdtype = "int32", expected = {10, 11, 9}},
  {op = "amax", dtype = "int32", dims = {1, 2, 3}, rdtype = "int32", expected = 11},
  {op = "amax", dtype = "int64", dims = nil, rdtype = "int64", expected = 11},
  {op = "amax", dtype = "int64", dims = 1, rdtype = "int64", expected = {{-4, 10, 1, 8}, {6, -3, 11, 2}, {9, 7, -2, 5}}},
  {op = "amax", dtype = "int64", dims = 2, rdtype = "int64", expected = {{9, 3, 4, 8}, {6, 10, 11, 2}}},
  {op = "amax", dtype = "int64", dims = 3, rdtype = "int64", expected = {{8, 4, 9}, {10, 11, 7}}},
  {op = "amax", dtype = "int64", dims = -1, rdtype = "int64", expected = {{8, 4, 9}, {10, 11, 7}}},
  {op = "amax", dtype = "int64", dims = -2, rdtype = "int64", expected = {{9, 3, 4, 8}, {6, 10, 11, 2}}},
  {op = "amax", dtype = "int64", dims = {1, 3}, rdtype = "int64", expected = {10, 11, 9}},
  {op = "amax", dtype = "int64", dims = {2, 3}, rdtype = "int64", expected = {9, 11}},
  {op = "amax", dtype = "int64", dims = {-1, 1}, rdtype = "int64", expected = {10, 11, 9}},
  {op = "amax", dtype = "int64", dims = {1, 2, 3}, rdtype = "int64", expected = 11},
  {op = "amax", dtype = "uint8", dims = nil, rdtype = "uint8", expected = 242},
  {op = "amax", dtype = "uint8", dims = 1, rdtype = "uint8", expected = {{77, 231, 132, 209}, {187, 88, 242, 143}, {220, 198, 99, 176}}},
  {op = "amax", dtype = "uint8", dims = 2, rdtype = "uint8", expected = {{220, 154, 165, 209}, {187, 231, 242, 143}}},
  {op = "amax", dtype = "uint8", dims = 3, rdtype = "uint8", expected = {{209, 165, 220}, {231, 242, 198}}},
  {op = "amax", dtype = "uint8", dims = -1, rdtype = "uint8", expected = {{209, 165, 220}, {231, 242, 198}}},
  {op = "amax", dtype = "uint8", dims = -2, rdtype = "uint8", expected = {{220, 154, 165, 209}, {187, 231, 242, 143}}},
  {op = "amax", dtype = "uint8", dims = {1, 3}, rdtype = "uint8", expected = {231, 242, 220}},
  {op = "amax", dtype = "uint8", dims = {2, 3}, rdtype = "uint8", expected = {220, 242}},
  {op = "amax", dtype = "uint8", dims = {-1, 1}, rdtype = "uint8", expected = {231, 242, 220}},
  {op = "amax", dtype = "uint8", dims = {1, 2, 3}, rdtype = "uint8", expected = 242},
  {op = "amax", dtype = "bool", dims = nil, rdtype = "bool", expected = true},
  {op = "amax", dtype = "bool", dims = 1, rdtype = "bool", expected = {{true, true, true, true}, {true, true, true, true}, {true, true, true, true}}},
  {op = "amax", dtype = "bool", dims = 2, rdtype = "bool", expected = {{true, true, true, true}, {true, true, true, true}}},
  {op = "amax", dtype = "bool", dims = 3, rdtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "amax", dtype = "bool", dims = -1, rdtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "amax", dtype = "bool", dims = -2, rdtype = "bool", expected = {{true, true, true, true}, {true, true, true, true}}},
  {op = "amax", dtype = "bool", dims = {1, 3}, rdtype = "bool", expected = {true, true, true}},
  {op = "amax", dtype = "bool", dims = {2, 3}, rdtype = "bool", expected = {true, true}},
  {op = "amax", dtype = "bool", dims = {-1, 1}, rdtype = "bool", expected = {true, true, true}},
  {op = "amax", dtype = "bool", dims = {1, 2, 3}, rdtype = "bool", expected = true},
  {op = "amin", dtype = "float32", dims = nil, rdtype = "float32", expected = -2.75},
  {op = "amin", dtype = "float32", dims = 1, rdtype = "float32", expected = {{-2.75, 0.75, -1.5, -2.0}, {-0.25, -2.5, 1.0, -1.25}, {-1.75, 0.0, -2.25, -2.75}}},
  {op = "amin", dtype = "float32", dims = 2, rdtype = "float32", expected = {{-2.75, -2.5, -2.25, -1.25}, {-1.75, -0.75, -0.5, -2.75}}},
  {op = "amin", dtype = "float32", dims = 3, rdtype = "float32", expected = {{-2.75, -2.5, -2.25}, {-2.0, -0.75, -2.75}}},
  {op = "amin", dtype = "float32", dims = -1, rdtype = "float32", expected = {{-2.75, -2.5, -2.25}, {-2.0, -0.75, -2.75}}},
  {op = "amin", dtype = "float32", dims = -2, rdtype = "float32", expected = {{-2.75, -2.5, -2.25, -1.25}, {-1.75, -0.75, -0.5, -2.75}}},
  {op = "amin", dtype = "float32", dims = {1, 3}, rdtype = "float32", expected = {-2.75, -2.5, -2.75}},
  {op = "amin", dtype = "float32", dims = {2, 3}, rdtype = "float32", expected = {-2.75, -2.75}},
  {op = "amin", dtype = "float32", dims = {-1, 1}, rdtype = "float32", expected = {-2.75, -2.5, -2.75}},
  {op = "amin", dtype = "float32", dims = {1, 2, 3}, rdtype = "float32", expected = -2.75},
  {op = "amin", dtype = "float64", dims = nil, rdtype = "float64", expected = -2.75},
  {op = "amin", dtype = "float64", dims = 1, rdtype = "float64", expected = {{-2.75, 0.75, -1.5, -2.0}, {-0.25, -2.5, 1.0, -1.25}, {-1.75, 0.0, -2.25, -2.75}}},
  {op = "amin", dtype = "float64", dims = 2, rdtype = "float64", expected = {{-2.75, -2.5, -2.25, -1.25}, {-1.75, -0.75, -0.5, -2.75}}},
  {op = "amin", dtype = "float64", dims = 3, rdtype = "float64", expected = {{-2.75, -2.5, -2.25}, {-2.0, -0.75, -2.75}}},
  {op = "amin", dtype = "float64", dims = -1, rdtype = "float64", expected = {{-2.75, -2.5, -2.25}, {-2.0, -0.75, -2.75}}},
  {op = "amin", dtype = "float64", dims = -2, rdtype = "float64", expected = {{-2.75, -2.5, -2.25, -1.25}, {-1.75, -0.75, -0.5, -2.75}}},
  {op = "amin", dtype = "float64", dims = {1, 3}, rdtype = "float64", expected = {-2.75, -2.5, -2.75}},
  {op = "amin", dtype = "float64", dims = {2, 3}, rdtype = "float64", expected = {-2.75, -2.75}},
  {op = "amin", dtype = "float64", dims = {-1, 1}, rdtype = "float64", expected = {-2.75, -2.5, -2.75}},
  {op = "amin", dtype = "float64", dims = {1, 2, 3}, rdtype = "float64", expected = -2.75},
  {op = "amin", dtype = "int32", dims = nil, rdtype = "int32", expected = -11},
  {op = "amin", dtype = "int32", dims = 1, rdtype = "int32", expected = {{-11, 3, -6, -8}, {-1, -10, 4, -5}, {-7, 0, -9, -11}}},
  {op = "amin", dtype = "int32", dims = 2, rdtype = "int32", expected = {{-11, -10, -9, -5}, {-7, -3, -2, -11}}},
  {op = "amin", dtype = "int32", dims = 3, rdtype = "int32", expected = {{-11, -10, -9}, {-8, -3, -11}}},
  {op = "amin", dtype = "int32", dims = -1, rdtype = "int32", expected = {{-11, -10, -9}, {-8, -3, -11}}},
  {op = "amin", dtype = "int32", dims = -2, rdtype = "int32", expected = {{-11, -10, -9, -5}, {-7, -3, -2, -11}}},
  {op = "amin", dtype = "int32", dims = {1, 3}, rdtype = "int32", expected = {-11, -10, -11}},
  {op = "amin", dtype = "int32", dims = {2, 3}, rdtype = "int32", expected = {-11, -11}},
  {op = "amin", dtype = "int32", dims = {-1, 1}, rdtype = "int32", expected = {-11, -10, -11}},
  {op = "amin", dtype = "int32", dims = {1, 2, 3}, rdtype = "int32", expected = -11},
  {op = "amin", dtype = "int64", dims = nil, rdtype = "int64", expected = -11},
  {op = "amin", dtype = "int64", dims = 1, rdtype = "int64", expected = {{-11, 3, -6, -8}, {-1, -10, 4, -5}, {-7, 0, -9, -11}}},
  {op = "amin", dtype = "int64", dims = 2, rdtype = "int64", expected = {{-11, -10, -9, -5}, {-7, -3, -2, -11}}},
  {op = "amin", dtype = "int64", dims = 3, rdtype = "int64", expected = {{-11, -10, -9}, {-8, -3, -11}}},
  {op = "amin", dtype = "int64", dims = -1, rdtype = "int64", expected = {{-11, -10, -9}, {-8, -3, -11}}},
  {op = "amin", dtype = "int64", dims = -2, rdtype = "int64", expected = {{-11, -10, -9, -5}, {-7, -3, -2, -11}}},
  {op = "amin", dtype = "int64", dims = {1, 3}, rdtype = "int64", expected = {-11, -10, -11}},
  {op = "amin", dtype = "int64", dims = {2, 3}, rdtype = "int64", expected = {-11, -11}},
  {op = "amin", dtype = "int64", dims = {-1, 1}, rdtype = "int64", expected = {-11, -10, -11}},
  {op = "amin", dtype = "int64", dims = {1, 2, 3}, rdtype = "int64", expected = -11},
  {op = "amin", dtype = "uint8", dims = nil, rdtype = "uint8", expected = 0},
  {op = "amin", dtype = "uint8", dims = 1, rdtype = "uint8", expected = {{0, 154, 55, 33}, {110, 11, 165, 66}, {44, 121, 22, 0}}},
  {op = "amin", dtype = "uint8", dims = 2, rdtype = "uint8", expected = {{0, 11, 22, 66}, {44, 88, 99, 0}}},
  {op = "amin", dtype = "uint8", dims = 3, rdtype = "uint8", expected = {{0, 11, 22}, {33, 88, 0}}},
  {op = "amin", dtype = "uint8", dims = -1, rdtype = "uint8", expected = {{0, 11, 22}, {33, 88, 0}}},
  {op = "amin", dtype = "uint8", dims = -2, rdtype = "uint8", expected = {{0, 11, 22, 66}, {44, 88, 99, 0}}},
  {op = "amin", dtype = "uint8", dims = {1, 3}, rdtype = "uint8", expected = {0, 11, 0}},
  {op = "amin", dtype = "uint8", dims = {2, 3}, rdtype = "uint8", expected = {0, 0}},
  {op = "amin", dtype = "uint8", dims = {-1, 1}, rdtype = "uint8", expected = {0, 11, 0}},
  {op = "amin", dtype = "uint8", dims = {1, 2, 3}, rdtype = "uint8", expected = 0},
  {op = "amin", dtype = "bool", dims = nil, rdtype = "bool", expected = false},
  {op = "amin", dtype = "bool", dims = 1, rdtype = "bool", expected = {{false, false, false, false}, {true, true, false, false}, {true, false, false, false}}},
  {op = "amin", dtype = "bool", dims = 2, rdtype = "bool", expected = {{false, true, false, false}, {true, false, false, false}}},
  {op = "amin", dtype = "bool", dims = 3, rdtype = "bool", expected = {{false, false, true}, {false, true, false}}},
  {op = "amin", dtype = "bool", dims = -1, rdtype = "bool", expected = {{false, false, true}, {false, true, false}}},
  {op = "amin", dtype = "bool", dims = -2, rdtype = "bool", expected = {{false, true, false, false}, {true, false, false, false}}},
  {op = "amin", dtype = "bool", dims = {1, 3}, rdtype = "bool", expected = {false, false, false}},
  {op = "amin", dtype = "bool", dims = {2, 3}, rdtype = "bool", expected = {false, false}},
  {op = "amin", dtype = "bool", dims = {-1, 1}, rdtype = "bool", expected = {false, false, false}},
  {op = "amin", dtype = "bool", dims = {1, 2, 3}, rdtype = "bool", expected = false},
  {op = "all", dtype = "float32", dims = nil, rdtype = "bool", expected = false},
  {op = "all", dtype = "float32", dims = 1, rdtype = "bool", expected = {{true, true, true, true}, {true, true, true, true}, {true, false, true, true}}},
  {op = "all", dtype = "float32", dims = 2, rdtype = "bool", expected = {{true, false, true, true}, {true, true, true, true}}},
  {op = "all", dtype = "float32", dims = 3, rdtype = "bool", expected = {{true, true, false}, {true, true, true}}},
  {op = "all", dtype = "float32", dims = -1, rdtype = "bool", expected = {{true, true, false}, {true, true, true}}},
  {op = "all", dtype = "float32", dims = -2, rdtype = "bool", expected = {{true, false, true, true}, {true, true, true, true}}},
  {op = "all", dtype = "float32", dims = {1, 3}, rdtype = "bool", expected = {true, true, false}},
  {op = "all", dtype = "float32", dims = {2, 3}, rdtype = "bool", expected = {false, true}},
  {op = "all", dtype = "float32", dims = {-1, 1}, rdtype = "bool", expected = {true, true, false}},
  {op = "all", dtype = "float32", dims = {1, 2, 3}, rdtype = "bool", expected = false},
  {op = "all", dtype = "float64", dims = nil, rdtype = "bool", expected = false},
  {op = "all", dtype = "float64", dims = 1, rdtype = "bool", expected = {{true, true, true, true}, {true, true, true, true}, {true, false, true, true}}},
  {op = "all", dtype = "float64", dims = 2, rdtype = "bool", expected = {{true, false, true, true}, {true, true, true, true}}},
  {op = "all", dtype = "float64", dims = 3, rdtype = "bool", expected = {{true, true, false}, {true, true, true}}},
  {op = "all", dtype = "float64", dims = -1, rdtype = "bool", expected = {{true, true, false}, {true, true, true}}},
  {op = "all", dtype = "float64", dims = -2, rdtype = "bool", expected = {{true, false, true, true}, {true, true, true, true}}},
  {op = "all", dtype = "float64", dims = {1, 3}, rdtype = "bool", expected = {true, true, false}},
  {op = "all", dtype = "float64", dims = {2, 3}, rdtype = "bool", expected = {false, true}},
  {op = "all", dtype = "float64", dims = {-1, 1}, rdtype = "bool", expected = {true, true, false}},
  {op = "all", dtype = "float64", dims = {1, 2, 3}, rdtype = "bool", expected = false},
  {op = "all", dtype = "int32", dims = nil, rdtype = "bool", expected = false},
  {op = "all", dtype = "int32", dims = 1, rdtype = "bool", expected = {{true, true, true, true}, {true, true, true, true}, {true, false, true, true}}},
  {op = "all", dtype = "int32", dims = 2, rdtype = "bool", expected = {{true, false, true, true}, {true, true, true, true}}},
  {op = "all", dtype = "int32", dims = 3, rdtype = "bool", expected = {{true, true, false}, {true, true, true}}},
  {op = "all", dtype = "int32", dims = -1, rdtype = "bool", expected = {{true, true, false}, {true, true, true}}},
  {op = "all", dtype = "int32", dims = -2, rdtype = "bool", expected = {{true, false, true, true}, {true, true, true, true}}},
  {op = "all", dtype = "int32", dims = {1, 3}, rdtype = "bool", expected = {true, true, false}},
  {op = "all", dtype = "int32", dims = {2, 3}, rdtype = "bool", expected = {false, true}},
  {op = "all", dtype = "int32", dims = {-1, 1}, rdtype = "bool", expected = {true, true, false}},
  {op = "all", dtype = "int32", dims = {1, 2, 3}, rdtype = "bool", expected = false},
  {op = "all", dtype = "int64", dims = nil, rdtype = "bool", expected = false},
  {op = "all", dtype = "int64", dims = 1, rdtype = "bool", expected = {{true, true, true, true}, {true, true, true, true}, {true, false, true, true}}},
  {op = "all", dtype = "int64", dims = 2, rdtype = "bool", expected = {{true, false, true, true}, {true, true, true, true}}},
  {op = "all", dtype = "int64", dims = 3, rdtype = "bool", expected = {{true, true, false}, {true, true, true}}},
  {op = "all", dtype = "int64", dims = -1, rdtype = "bool", expected = {{true, true, false}, {true, true, true}}},
  {op = "all", dtype = "int64", dims = -2, rdtype = "bool", expected = {{true, false, true, true}, {true, true, true, true}}},
  {op = "all", dtype = "int64", dims = {1, 3}, rdtype = "bool", expected = {true, true, false}},
  {op = "all", dtype = "int64", dims = {2, 3}, rdtype = "bool", expected = {false, true}},
  {op = "all", dtype = "int64", dims = {-1, 1}, rdtype = "bool", expected = {true, true, false}},
  {op = "all", dtype = "int64", dims = {1, 2, 3}, rdtype = "bool", expected = false},
  {op = "all", dtype = "uint8", dims = nil, rdtype = "bool", expected = false},
  {op = "all", dtype = "uint8", dims = 1, rdtype = "bool", expected = {{false, true, true, true}, {true, true, true, true}, {true, true, true, false}}},
  {op = "all", dtype = "uint8", dims = 2, rdtype = "bool", expected = {{false, true, true, true}, {true, true, true, false}}},
  {op = "all", dtype = "uint8", dims = 3, rdtype = "bool", expected = {{false, true, true}, {true, true, false}}},
  {op = "all", dtype = "uint8", dims = -1, rdtype = "bool", expected = {{false, true, true}, {true, true, false}}},
  {op = "all", dtype = "uint8", dims = -2, rdtype = "bool", expected = {{false, true, true, true}, {true, true, true, false}}},
  {op = "all", dtype = "uint8", dims = {1, 3}, rdtype = "bool", expected = {false, true, false}},
  {op = "all", dtype = "uint8", dims = {2, 3}, rdtype = "bool", expected = {false, false}},
  {op = "all", dtype = "uint8", dims = {-1, 1}, rdtype = "bool", expected = {false, true, false}},
  {op = "all", dtype = "uint8", dims = {1, 2, 3}, rdtype = "bool", expected = false},
  {op = "all", dtype = "bool", dims = nil, rdtype = "bool", expected = false},
  {op = "all", dtype = "bool", dims = 1, rdtype = "bool", expected = {{false, false, false, false}, {true, true, false, false}, {true, false, false, false}}},
  {op = "all", dtype = "bool", dims = 2, rdtype = "bool", expected = {{false, true, false, false}, {true, false, false, false}}},
  {op = "all", dtype = "bool", dims = 3, rdtype = "bool", expected = {{false, false, true}, {false, true, false}}},
  {op = "all", dtype = "bool", dims = -1, rdtype = "bool", expected = {{false, false, true}, {false, true, false}}},
  {op = "all", dtype = "bool", dims = -2, rdtype = "bool", expected = {{false, true, false, false}, {true, false, false, false}}},
  {op = "all", dtype = "bool", dims = {1, 3}, rdtype = "bool", expected = {false, false, false}},
  {op = "all", dtype = "bool", dims = {2, 3}, rdtype = "bool", expected = {false, false}},
  {op = "all", dtype = "bool", dims = {-1, 1}, rdtype = "bool", expected = {false, false, false}},
  {op = "all", dtype = "bool", dims = {1, 2, 3}, rdtype = "bool", expected = false},
  {op = "any", dtype = "float32", dims = nil, rdtype = "bool", expected = true},
  {op = "any", dtype = "float32", dims = 1, rdtype = "bool", expected = {{true, true, true, true}, {true, true, true, true}, {true, true, true, true}}},
  {op = "any", dtype = "float32", dims = 2, rdtype = "bool", expected = {{true, true, true, true}, {true, true, true, true}}},
  {op = "any", dtype = "float32", dims = 3, rdtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "any", dtype = "float32", dims = -1, rdtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "any", dtype = "float32", dims = -2, rdtype = "bool", expected = {{true, true, true, true}, {true, true, true, true}}},
  {op = "any", dtype = "float32", dims = {1, 3}, rdtype = "bool", expected = {true, true, true}},
  {op = "any", dtype = "float32", dims = {2, 3}, rdtype = "bool", expected = {true, true}},
  {op = "any", dtype = "float32", dims = {-1, 1}, rdtype = "bool", expected = {true, true, true}},
  {op = "any", dtype = "float32", dims = {1, 2, 3}, rdtype = "bool", expected = true},
  {op = "any", dtype = "float64", dims = nil, rdtype = "bool", expected = true},
  {op = "any", dtype = "float64", dims = 1, rdtype = "bool", expected = {{true, true, true, true}, {true, true, true, true}, {true, true, true, true}}},
  {op = "any", dtype = "float64", dims = 2, rdtype = "bool", expected = {{true, true, true, true}, {true, true, true, true}}},
  {op = "any", dtype = "float64", dims = 3, rdtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "any", dtype = "float64", dims = -1, rdtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "any", dtype = "float64", dims = -2, rdtype = "bool", expected = {{true, true, true, true}, {true, true, true, true}}},
  {op = "any", dtype = "float64", dims = {1, 3}, rdtype = "bool", expected = {true, true, true}},
  {op = "any", dtype = "float64", dims = {2, 3}, rdtype = "bool", expected = {true, true}},
  {op = "any", dtype = "float64", dims = {-1, 1}, rdtype = "bool", expected = {true, true, true}},
  {op = "any", dtype = "float64", dims = {1, 2, 3}, rdtype = "bool", expected = true},
  {op = "any", dtype = "int32", dims = nil, rdtype = "bool", expected = true},
  {op = "any", dtype = "int32", dims = 1, rdtype = "bool", expected = {{true, true, true, true}, {true, true, true, true}, {true, true, true, true}}},
  {op = "any", dtype = "int32", dims = 2, rdtype = "bool", expected = {{true, true, true, true}, {true, true, true, true}}},
  {op = "any", dtype = "int32", dims = 3, rdtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "any", dtype = "int32", dims = -1, rdtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "any", dtype = "int32", dims = -2, rdtype = "bool", expected = {{true, true, true, true}, {true, true, true, true}}},
  {op = "any", dtype = "int32", dims = {1, 3}, rdtype = "bool", expected = {true, true, true}},
  {op = "any", dtype = "int32", dims = {2, 3}, rdtype = "bool", expected = {true, true}},
  {op = "any", dtype = "int32", dims = {-1, 1}, rdtype = "bool", expected = {true, true, true}},
  {op = "any", dtype = "int32", dims = {1, 2, 3}, rdtype = "bool", expected = true},
  {op = "any", dtype = "int64", dims = nil, rdtype = "bool", expected = true},
  {op = "any", dtype = "int64", dims = 1, rdtype = "bool", expected = {{true, true, true, true}, {true, true, true, true}, {true, true, true, true}}},
  {op = "any", dtype = "int64", dims = 2, rdtype = "bool", expected = {{true, true, true, true}, {true, true, true, true}}},
  {op = "any", dtype = "int64", dims = 3, rdtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "any", dtype = "int64", dims = -1, rdtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "any", dtype = "int64", dims = -2, rdtype = "bool", expected = {{true, true, true, true}, {true, true, true, true}}},
  {op = "any", dtype = "int64", dims = {1, 3}, rdtype = "bool", expected = {true, true, true}},
  {op = "any", dtype = "int64", dims = {2, 3}, rdtype = "bool", expected = {true, true}},
  {op = "any", dtype = "int64", dims = {-1, 1}, rdtype = "bool", expected = {true, true, true}},
  {op = "any", dtype = "int64", dims = {1, 2, 3}, rdtype = "bool", expected = true},
  {op = "any", dtype = "uint8", dims = nil, rdtype = "bool", expected = true},
  {op = "any", dtype = "uint8", dims = 1, rdtype = "bool", expected = {{true, true, true, true}, {true, true, true, true}, {true, true, true, true}}},
  {op = "any", dtype = "uint8", dims = 2, rdtype = "bool", expected = {{true, true, true, true}, {true, true, true, true}}},
  {op = "any", dtype = "uint8", dims = 3, rdtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "any", dtype = "uint8", dims = -1, rdtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "any", dtype = "uint8", dims = -2, rdtype = "bool", expected = {{true, true, true, true}, {true, true, true, true}}},
  {op = "any", dtype = "uint8", dims = {1, 3}, rdtype = "bool", expected = {true, true, true}},
  {op = "any", dtype = "uint8", dims = {2, 3}, rdtype = "bool", expected = {true, true}},
  {op = "any", dtype = "uint8", dims = {-1, 1}, rdtype = "bool", expected = {true, true, true}},
  {op = "any", dtype = "uint8", dims = {1, 2, 3}, rdtype = "bool", expected = true},
  {op = "any", dtype = "bool", dims = nil, rdtype = "bool", expected = true},
  {op = "any", dtype = "bool", dims = 1, rdtype = "bool", expected = {{true, true, true, true}, {true, true, true, true}, {true, true, true, true}}},
  {op = "any", dtype = "bool", dims = 2, rdtype = "bool", expected = {{true, true, true, true}, {true, true, true, true}}},
  {op = "any", dtype = "bool", dims = 3, rdtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "any", dtype = "bool", dims = -1, rdtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "any", dtype = "bool", dims = -2, rdtype = "bool", expected = {{true, true, true, true}, {true, true, true, true}}},
  {op = "any", dtype = "bool", dims = {1, 3}, rdtype = "bool", expected = {true, true, true}},
  {op = "any", dtype = "bool", dims = {2, 3}, rdtype = "bool", expected = {true, true}},
  {op = "any", dtype = "bool", dims = {-1, 1}, rdtype = "bool", expected = {true, true, true}},
  {op = "any", dtype = "bool", dims = {1, 2, 3}, rdtype = "bool", expected = true},
  {op = "mean", dtype = "float32", dims = nil, rdtype = "float32", expected = -0.11458333333333333},
  {op = "mean", dtype = "float32", dims = 1, rdtype = "float32", expected = {{-1.875, 1.625, -0.625, 0.0}, {0.625, -1.625, 1.875, -0.375}, {0.25, 0.875, -1.375, -0.75}}},
  {op = "mean", dtype = "float32", dims = 2, rdtype = "float32", expected = {{-0.25, -0.5833333333333334, -0.9166666666666666, 0.6666666666666666}, {-0.4166666666666667, 1.1666666666666667, 0.8333333333333334, -1.4166666666666667}}},
  {op = "mean", dtype = "float32", dims = 3, rdtype = "float32", expected = {{-0.375, -0.75, 0.3125}, {-0.0625, 1.0, -0.8125}}},
  {op = "mean", dtype = "float32", dims = -1, rdtype = "float32", expected = {{-0.375, -0.75, 0.3125}, {-0.0625, 1.0, -0.8125}}},
  {op = "mean", dtype = "float32", dims = -2, rdtype = "float32", expected = {{-0.25, -0.5833333333333334, -0.9166666666666666, 0.6666666666666666}, {-0.4166666666666667, 1.1666666666666667, 0.8333333333333334, -1.4166666666666667}}},
  {op = "mean", dtype = "float32", dims = {1, 3}, rdtype = "float32", expected = {-0.21875, 0.125, -0.25}},
  {op = "mean", dtype = "float32", dims = {2, 3}, rdtype = "float32", expected = {-0.2708333333333333, 0.041666666666666664}},
  {op = "mean", dtype = "float32", dims = {-1, 1}, rdtype = "float32", expected = {-0.21875, 0.125, -0.25}},
  {op = "mean", dtype = "float32", dims = {1, 2, 3}, rdtype = "float32", expected = -0.11458333333333333},
  {op = "mean", dtype = "float64", dims = nil, rdtype = "float64", expected = -0.11458333333333333},
  {op = "mean", dtype = "float64", dims = 1, rdtype = "float64", expected = {{-1.875, 1.625, -0.625, 0.0}, {0.625, -1.625, 1.875, -0.375}, {0.25, 0.875, -1.375, -0.75}}},
  {op = "mean", dtype = "float64", dims = 2, rdtype = "float64", expected = {{-0.25, -0.5833333333333334, -0.9166666666666666, 0.6666666666666666}, {-0.4166666666666667, 1.1666666666666667, 0.8333333333333334, -1.4166666666666667}}},
  {op = "mean", dtype = "float64", dims = 3, rdtype = "float64", expected = {{-0.375, -0.75, 0.3125}, {-0.0625, 1.0, -0.8125}}},
  {op = "mean", dtype = "float64", dims = -1, rdtype = "float64", expected = {{-0.375, -0.75, 0.3125}, {-0.0625, 1.0, -0.8125}}},
  {op = "mean", dtype = "float64", dims = -2, rdtype = "float64", expected = {{-0.25, -0.5833333333333334, -0.9166666666666666, 0.6666666666666666}, {-0.4166666666666667, 1.1666666666666667, 0.8333333333333334, -1.4166666666666667}}},
  {op = "mean", dtype = "float64", dims = {1, 3}, rdtype = "float64", expected = {-0.21875, 0.125, -0.25}},
  {op = "mean", dtype = "float64", dims = {2, 3}, rdtype = "float64", expected = {-0.2708333333333333, 0.041666666666666664}},
  {op = "mean", dtype = "float64", dims = {-1, 1}, rdtype = "float64", expected = {-0.21875, 0.125, -0.25}},
  {op = "mean", dtype = "float64", dims = {1, 2, 3}, rdtype = "float64", expected = -0.11458333333333333},
  {op = "logsumexp", dtype = "float32", dims = nil, rdtype = "float32", expected = 4.256410158897941},
  {op = "logsumexp", dtype = "float32", dims = 1, rdtype = "float32", expected = {{-0.8397758495619129, 2.6602241504380872, 0.41022415043808713, 2.01814992791781}, {1.6602241504380872, -0.5897758495619129, 2.9102241504380872, 0.6602241504380871}, {2.26814992791781, 1.9102241504380872, -0.33977584956191287, 1.2681499279178097}}},
  {op = "logsumexp", dtype = "float32", dims = 2, rdtype = "float32", expected = {{2.33509724636431, 1.1628648361805505, 1.1140955398199965, 2.4128648361805505}, {1.6140955398199965, 2.9128648361805505, 2.8640955398199965, 0.6140955398199964}}},
  {op = "logsumexp", dtype = "float32", dims = 3, rdtype = "float32", expected = {{2.281679499617993, 1.3521356402621199, 2.6450023385768975}, {2.6368931395730044, 3.10213564026212, 1.8868931395730042}}},
  {op = "logsumexp", dtype = "float32", dims = -1, rdtype = "float32", expected = {{2.281679499617993, 1.3521356402621199, 2.6450023385768975}, {2.6368931395730044, 3.10213564026212, 1.8868931395730042}}},
  {op = "logsumexp", dtype = "float32", dims = -2, rdtype = "float32", expected = {{2.33509724636431, 1.1628648361805505, 1.1140955398199965, 2.4128648361805505}, {1.6140955398199965, 2.9128648361805505, 2.8640955398199965, 0.6140955398199964}}},
  {op = "logsumexp", dtype = "float32", dims = {1, 3}, rdtype = "float32", expected = {3.168123362676033, 3.262359790700207, 3.02927889825717}},
  {op = "logsumexp", dtype = "float32", dims = {2, 3}, rdtype = "float32", expected = {3.3229570468212994, 3.7568646385247466}},
  {op = "logsumexp", dtype = "float32", dims = {-1, 1}, rdtype = "float32", expected = {3.168123362676033, 3.262359790700207, 3.02927889825717}},
  {op = "logsumexp", dtype = "float32", dims = {1, 2, 3}, rdtype = "float32", expected = 4.256410158897941},
  {op = "logsumexp", dtype = "float64", dims = nil, rdtype = "float64", expected = 4.256410158897941},
  {op = "logsumexp", dtype = "float64", dims = 1, rdtype = "float64", expected = {{-0.8397758495619129, 2.6602241504380872, 0.41022415043808713, 2.01814992791781}, {1.6602241504380872, -0.5897758495619129, 2.9102241504380872, 0.6602241504380871}, {2.26814992791781, 1.9102241504380872, -0.33977584956191287, 1.2681499279178097}}},
  {op = "logsumexp", dtype = "float64", dims = 2, rdtype = "float64", expected = {{2.33509724636431, 1.1628648361805505, 1.1140955398199965, 2.4128648361805505}, {1.6140955398199965, 2.9128648361805505, 2.8640955398199965, 0.6140955398199964}}},
  {op = "logsumexp", dtype = "float64", dims = 3, rdtype = "float64", expected = {{2.281679499617993, 1.3521356402621199, 2.6450023385768975}, {2.6368931395730044, 3.10213564026212, 1.8868931395730042}}},
  {op = "logsumexp", dtype = "float64", dims = -1, rdtype = "float64", expected = {{2.281679499617993, 1.3521356402621199, 2.6450023385768975}, {2.6368931395730044, 3.10213564026212, 1.8868931395730042}}},
  {op = "logsumexp", dtype = "float64", dims = -2, rdtype = "float64", expected = {{2.33509724636431, 1.1628648361805505, 1.1140955398199965, 2.4128648361805505}, {1.6140955398199965, 2.9128648361805505, 2.8640955398199965, 0.6140955398199964}}},
  {op = "logsumexp", dtype = "float64", dims = {1, 3}, rdtype = "float64", expected = {3.168123362676033, 3.262359790700207, 3.02927889825717}},
  {op = "logsumexp", dtype = "float64", dims = {2, 3}, rdtype = "float64", expected = {3.3229570468212994, 3.7568646385247466}},
  {op = "logsumexp", dtype = "float64", dims = {-1, 1}, rdtype = "float64", expected = {3.168123362676033, 3.262359790700207, 3.02927889825717}},
  {op = "logsumexp", dtype = "float64", dims = {1, 2, 3}, rdtype = "float64", expected = 4.256410158897941},
}
local VAR_CASES = {
  {op = "var", dtype = "float32", dims = nil, unbiased = true, expected = 3.065104166666667},
  {op = "var", dtype = "float32", dims = nil, unbiased = false, expected = 2.937391493055556},
  {op = "var", dtype = "float32", dims = 1, unbiased = true, expected = {{1.53125, 1.53125, 1.53125, 8.0}, {1.53125, 1.53125, 1.53125, 1.53125}, {8.0, 1.53125, 1.53125, 8.0}}},
  {op = "var", dtype = "float32", dims = 1, unbiased = false, expected = {{0.765625, 0.765625, 0.765625, 4.0}, {0.765625, 0.765625, 0.765625, 0.765625}, {4.0, 0.765625, 0.765625, 4.0}}},
  {op = "var", dtype = "float32", dims = 2, unbiased = true, expected = {{6.25, 2.8958333333333335, 2.8958333333333335, 2.8958333333333335}, {2.8958333333333335, 2.8958333333333335, 2.8958333333333335, 2.8958333333333335}}},
  {op = "var", dtype = "float32", dims = 2, unbiased = false, expected = {{4.166666666666667, 1.9305555555555556, 1.9305555555555556, 1.9305555555555556}, {1.9305555555555556, 1.9305555555555556, 1.9305555555555556, 1.9305555555555556}}},
  {op = "var", dtype = "float32", dims = 3, unbiased = true, expected = {{4.604166666666667, 2.2083333333333335, 3.765625}, {3.765625, 2.2083333333333335, 3.765625}}},
  {op = "var", dtype = "float32", dims = 3, unbiased = false, expected = {{3.4531250000000004, 1.65625, 2.82421875}, {2.82421875, 1.65625, 2.82421875}}},
  {op = "var", dtype = "float32", dims = -1, unbiased = true, expected = {{4.604166666666667, 2.2083333333333335, 3.765625}, {3.765625, 2.2083333333333335, 3.765625}}},
  {op = "var", dtype = "float32", dims = -1, unbiased = false, expected = {{3.4531250000000004, 1.65625, 2.82421875}, {2.82421875, 1.65625, 2.82421875}}},
  {op = "var", dtype = "float32", dims = -2, unbiased = true, expected = {{6.25, 2.8958333333333335, 2.8958333333333335, 2.8958333333333335}, {2.8958333333333335, 2.8958333333333335, 2.8958333333333335, 2.8958333333333335}}},
  {op = "var", dtype = "float32", dims = -2, unbiased = false, expected = {{4.166666666666667, 1.9305555555555556, 1.9305555555555556, 1.9305555555555556}, {1.9305555555555556, 1.9305555555555556, 1.9305555555555556, 1.9305555555555556}}},
  {op = "var", dtype = "float32", dims = {1, 3}, unbiased = true, expected = {3.614955357142857, 2.767857142857143, 3.5892857142857144}},
  {op = "var", dtype = "float32", dims = {1, 3}, unbiased = false, expected = {3.1630859375, 2.421875, 3.140625}},
  {op = "var", dtype = "float32", dims = {2, 3}, unbiased = true, expected = {3.096117424242424, 3.259469696969697}},
  {op = "var", dtype = "float32", dims = {2, 3}, unbiased = false, expected = {2.838107638888889, 2.987847222222222}},
  {op = "var", dtype = "float32", dims = {-1, 1}, unbiased = true, expected = {3.614955357142857, 2.767857142857143, 3.5892857142857144}},
  {op = "var", dtype = "float32", dims = {-1, 1}, unbiased = false, expected = {3.1630859375, 2.421875, 3.140625}},
  {op = "var", dtype = "float32", dims = {1, 2, 3}, unbiased = true, expected = 3.065104166666667},
  {op = "var", dtype = "float32", dims = {1, 2, 3}, unbiased = false, expected = 2.937391493055556},
  {op = "var", dtype = "float64", dims = nil, unbiased = true, expected = 3.065104166666667},
  {op = "var", dtype = "float64", dims = nil, unbiased = false, expected = 2.937391493055556},
  {op = "var", dtype = "float64", dims = 1, unbiased = true, expected = {{1.53125, 1.53125, 1.53125, 8.0}, {1.53125, 1.53125, 1.53125, 1.53125}, {8.0, 1.53125, 1.53125, 8.0}}},
  {op = "var", dtype = "float64", dims = 1, unbiased = false, expected = {{0.765625, 0.765625, 0.765625, 4.0}, {0.765625, 0.765625, 0.765625, 0.765625}, {4.0, 0.765625, 0.765625, 4.0}}},
  {op = "var", dtype = "float64", dims = 2, unbiased = true, expected = {{6.25, 2.8958333333333335, 2.8958333333333335, 2.8958333333333335}, {2.8958333333333335, 2.8958333333333335, 2.8958333333333335, 2.8958333333333335}}},
  {op = "var", dtype = "float64", dims = 2, unbiased = false, expected = {{4.166666666666667, 1.9305555555555556, 1.9305555555555556, 1.9305555555555556}, {1.9305555555555556, 1.9305555555555556, 1.9305555555555556, 1.9305555555555556}}},
  {op = "var", dtype = "float64", dims = 3, unbiased = true, expected = {{4.604166666666667, 2.2083333333333335, 3.765625}, {3.765625, 2.2083333333333335, 3.765625}}},
  {op = "var", dtype = "float64", dims = 3, unbiased = false, expected = {{3.4531250000000004, 1.65625, 2.82421875}, {2.82421875, 1.65625, 2.82421875}}},
  {op = "var", dtype = "float64", dims = -1, unbiased = true, expected = {{4.604166666666667, 2.2083333333333335, 3.765625}, {3.765625, 2.2083333333333335, 3.765625}}},
  {op = "var", dtype = "float64", dims = -1, unbiased = false, expected = {{3.4531250000000004, 1.65625, 2.82421875}, {2.82421875, 1.65625, 2.82421875}}},
  {op = "var", dtype = "float64", dims = -2, unbiased = true, expected = {{6.25, 2.8958333333333335, 2.8958333333333335, 2.8958333333333335}, {2.8958333333333335, 2.8958333333333335, 2.8958333333333335, 2.8958333333333335}}},
  {op = "var", dtype = "float64", dims = -2, unbiased = false, expected = {{4.166666666666667, 1.9305555555555556, 1.9305555555555556, 1.9305555555555556}, {1.9305555555555556, 1.9305555555555556, 1.9305555555555556, 1.9305555555555556}}},
  {op = "var", dtype = "float64", dims = {1, 3}, unbiased = true, expected = {3.614955357142857, 2.767857142857143, 3.5892857142857144}},
  {op = "var", dtype = "float64", dims = {1, 3}, unbiased = false, expected = {3.1630859375, 2.421875, 3.140625}},
  {op = "var", dtype = "float64", dims = {2, 3}, unbiased = true, expected = {3.096117424242424, 3.259469696969697}},
  {op = "var", dtype = "float64", dims = {2, 3}, unbiased = false, expected = {2.838107638888889, 2.987847222222222}},
  {op = "var", dtype = "float64", dims = {-1, 1}, unbiased = true, expected = {3.614955357142857, 2.767857142857143, 3.5892857142857144}},
  {op = "var", dtype = "float64", dims = {-1, 1}, unbiased = false, expected = {3.1630859375, 2.421875, 3.140625}},
  {op = "var", dtype = "float64", dims = {1, 2, 3}, unbiased = true, expected = 3.065104166666667},
  {op = "var", dtype = "float64", dims = {1, 2, 3}, unbiased = false, expected = 2.937391493055556},
  {op = "std", dtype = "float32", dims = nil, unbiased = true, expected = 1.7507438895128742},
  {op = "std", dtype = "float32", dims = nil, unbiased = false, expected = 1.7138819950788782},
  {op = "std", dtype = "float32", dims = 1, unbiased = true, expected = {{1.2374368670764582, 1.2374368670764582, 1.2374368670764582, 2.8284271247461903}, {1.2374368670764582, 1.2374368670764582, 1.2374368670764582, 1.2374368670764582}, {2.8284271247461903, 1.2374368670764582, 1.2374368670764582, 2.8284271247461903}}},
  {op = "std", dtype = "float32", dims = 1, unbiased = false, expected = {{0.875, 0.875, 0.875, 2.0}, {0.875, 0.875, 0.875, 0.875}, {2.0, 0.875, 0.875, 2.0}}},
  {op = "std", dtype = "float32", dims = 2, unbiased = true, expected = {{2.5, 1.7017148213885114, 1.7017148213885114, 1.7017148213885114}, {1.7017148213885114, 1.7017148213885114, 1.7017148213885114, 1.7017148213885114}}},
  {op = "std", dtype = "float32", dims = 2, unbiased = false, expected = {{2.041241452319315, 1.3894443333777555, 1.3894443333777555, 1.3894443333777555}, {1.3894443333777555, 1.3894443333777555, 1.3894443333777555, 1.3894443333777555}}},
  {op = "std", dtype = "float32", dims = 3, unbiased = true, expected = {{2.1457321982639557, 1.4860462083439174, 1.940521837032503}, {1.940521837032503, 1.4860462083439174, 1.940521837032503}}},
  {op = "std", dtype = "float32", dims = 3, unbiased = false, expected = {{1.8582585934148133, 1.286953767623375, 1.680541207468594}, {1.680541207468594, 1.286953767623375, 1.680541207468594}}},
  {op = "std", dtype = "float32", dims = -1, unbiased = true, expected = {{2.1457321982639557, 1.4860462083439174, 1.940521837032503}, {1.940521837032503, 1.4860462083439174, 1.940521837032503}}},
  {op = "std", dtype = "float32", dims = -1, unbiased = false, expected = {{1.8582585934148133, 1.286953767623375, 1.680541207468594}, {1.680541207468594, 1.286953767623375, 1.680541207468594}}},
  {op = "std", dtype = "float32", dims = -2, unbiased = true, expected = {{2.5, 1.7017148213885114, 1.7017148213885114, 1.7017148213885114}, {1.7017148213885114, 1.7017148213885114, 1.7017148213885114, 1.7017148213885114}}},
  {op = "std", dtype = "float32", dims = -2, unbiased = false, expected = {{2.041241452319315, 1.3894443333777555, 1.3894443333777555, 1.3894443333777555}, {1.3894443333777555, 1.3894443333777555, 1.3894443333777555, 1.3894443333777555}}},
  {op = "std", dtype = "float32", dims = {1, 3}, unbiased = true, expected = {1.901303594153984, 1.6636878141217308, 1.8945410299821206}},
  {op = "std", dtype = "float32", dims = {1, 3}, unbiased = false, expected = {1.7785066593915244, 1.5562374497485916, 1.7721808598447282}},
  {op = "std", dtype = "float32", dims = {2, 3}, unbiased = true, expected = {1.7595787632960407, 1.8054001487121067}},
  {op = "std", dtype = "float32", dims = {2, 3}, unbiased = false, expected = {1.6846684062120025, 1.7285390427242948}},
  {op = "std", dtype = "float32", dims = {-1, 1}, unbiased = true, expected = {1.901303594153984, 1.6636878141217308, 1.8945410299821206}},
  {op = "std", dtype = "float32", dims = {-1, 1}, unbiased = false, expected = {1.7785066593915244, 1.5562374497485916, 1.7721808598447282}},
  {op = "std", dtype = "float32", dims = {1, 2, 3}, unbiased = true, expected = 1.7507438895128742},
  {op = "std", dtype = "float32", dims = {1, 2, 3}, unbiased = false, expected = 1.7138819950788782},
  {op = "std", dtype = "float64", dims = nil, unbiased = true, expected = 1.7507438895128742},
  {op = "std", dtype = "float64", dims = nil, unbiased = false, expected = 1.7138819950788782},
  {op = "std", dtype = "float64", dims = 1, unbiased = true, expected = {{1.2374368670764582, 1.2374368670764582, 1.2374368670764582, 2.8284271247461903}, {1.2374368670764582, 1.2374368670764582, 1.2374368670764582, 1.2374368670764582}, {2.8284271247461903, 1.2374368670764582, 1.2374368670764582, 2.8284271247461903}}},
  {op = "std", dtype = "float64", dims = 1, unbiased = false, expected = {{0.875, 0.875, 0.875, 2.0}, {0.875, 0.875, 0.875, 0.875}, {2.0, 0.875, 0.875, 2.0}}},
  {op = "std", dtype = "float64", dims = 2, unbiased = true, expected = {{2.5, 1.7017148213885114, 1.7017148213885114, 1.7017148213885114}, {1.7017148213885114, 1.7017148213885114, 1.7017148213885114, 1.7017148213885114}}},
  {op = "std", dtype = "float64", dims = 2, unbiased = false, expected = {{2.041241452319315, 1.3894443333777555, 1.3894443333777555, 1.3894443333777555}, {1.3894443333777555, 1.3894443333777555, 1.3894443333777555, 1.3894443333777555}}},
  {op = "std", dtype = "float64", dims = 3, unbiased = true, expected = {{2.1457321982639557, 1.4860462083439174, 1.940521837032503}, {1.940521837032503, 1.4860462083439174, 1.940521837032503}}},
  {op = "std", dtype = "float64", dims = 3, unbiased = false, expected = {{1.8582585934148133, 1.286953767623375, 1.680541207468594}, {1.680541207468594, 1.286953767623375, 1.680541207468594}}},
  {op = "std", dtype = "float64", dims = -1, unbiased = true, expected = {{2.1457321982639557, 1.4860462083439174, 1.940521837032503}, {1.940521837032503, 1.4860462083439174, 1.940521837032503}}},
  {op = "std", dtype = "float64", dims = -1, unbiased = false, expected = {{1.8582585934148133, 1.286953767623375, 1.680541207468594}, {1.680541207468594, 1.286953767623375, 1.680541207468594}}},
  {op = "std", dtype = "float64", dims = -2, unbiased = true, expected = {{2.5, 1.7017148213885114, 1.7017148213885114, 1.7017148213885114}, {1.7017148213885114, 1.7017148213885114, 1.7017148213885114, 1.7017148213885114}}},
  {op = "std", dtype = "float64", dims = -2, unbiased = false, expected = {{2.041241452319315, 1.3894443333777555, 1.3894443333777555, 1.3894443333777555}, {1.3894443333777555, 1.3894443333777555, 1.3894443333777555, 1.3894443333777555}}},
  {op = "std", dtype = "float64", dims = {1, 3}, unbiased = true, expected = {1.901303594153984, 1.6636878141217308, 1.8945410299821206}},
  {op = "std", dtype = "float64", dims = {1, 3}, unbiased = false, expected = {1.7785066593915244, 1.5562374497485916, 1.7721808598447282}},
  {op = "std", dtype = "float64", dims = {2, 3}, unbiased = true, expected = {1.7595787632960407, 1.8054001487121067}},
  {op = "std", dtype = "float64", dims = {2, 3}, unbiased = false, expected = {1.6846684062120025, 1.7285390427242948}},
  {op = "std", dtype = "float64", dims = {-1, 1}, unbiased = true, expected = {1.901303594153984, 1.6636878141217308, 1.8945410299821206}},
  {op = "std", dtype = "float64", dims = {-1, 1}, unbiased = false, expected = {1.7785066593915244, 1.5562374497485916, 1.7721808598447282}},
  {op = "std", dtype = "float64", dims = {1, 2, 3}, unbiased = true, expected = 1.7507438895128742},
  {op = "std", dtype = "float64", dims = {1, 2, 3}, unbiased = false, expected = 1.7138819950788782},
}
local NORM_CASES = {
  {dtype = "float32", p = 1, dims = nil, expected = 35.75},
  {dtype = "float32", p = 1, dims = 1, expected = {{3.75, 3.25, 1.75, 4.0}, {1.75, 3.25, 3.75, 1.75}, {4.0, 1.75, 2.75, 4.0}}},
  {dtype = "float32", p = 1, dims = 3, expected = {{7.0, 5.0, 5.75}, {5.75, 5.5, 6.75}}},
  {dtype = "float32", p = 1, dims = -1, expected = {{7.0, 5.0, 5.75}, {5.75, 5.5, 6.75}}},
  {dtype = "float32", p = 1, dims = {1, 3}, expected = {12.75, 10.5, 12.5}},
  {dtype = "float32", p = 1, dims = {1, 2, 3}, expected = 35.75},
  {dtype = "float32", p = 2, dims = nil, expected = 8.415016339853418},
  {dtype = "float32", p = 2, dims = 1, expected = {{2.9261749776799064, 2.6100766272276377, 1.5206906325745548, 2.8284271247461903}, {1.5206906325745548, 2.6100766272276377, 2.9261749776799064, 1.346291201783626}, {2.850438562747845, 1.75, 2.3048861143232218, 3.020761493398643}}},
  {dtype = "float32", p = 2, dims = 3, expected = {{3.7914377220257753, 2.979093821953246, 3.418698582794336}, {3.3634060117684275, 3.2596012026013246, 3.7332961307670196}}},
  {dtype = "float32", p = 2, dims = -1, expected = {{3.7914377220257753, 2.979093821953246, 3.418698582794336}, {3.3634060117684275, 3.2596012026013246, 3.7332961307670196}}},
  {dtype = "float32", p = 2, dims = {1, 3}, expected = {5.0682837331783235, 4.415880433163924, 5.062114182829147}},
  {dtype = "float32", p = 2, dims = {1, 2, 3}, expected = 8.415016339853418},
  {dtype = "float32", p = "fro", dims = nil, expected = 8.415016339853418},
  {dtype = "float32", p = "fro", dims = 1, expected = {{2.9261749776799064, 2.6100766272276377, 1.5206906325745548, 2.8284271247461903}, {1.5206906325745548, 2.6100766272276377, 2.9261749776799064, 1.346291201783626}, {2.850438562747845, 1.75, 2.3048861143232218, 3.020761493398643}}},
  {dtype = "float32", p = "fro", dims = 3, expected = {{3.7914377220257753, 2.979093821953246, 3.418698582794336}, {3.3634060117684275, 3.2596012026013246, 3.7332961307670196}}},
  {dtype = "float32", p = "fro", dims = -1, expected = {{3.7914377220257753, 2.979093821953246, 3.418698582794336}, {3.3634060117684275, 3.2596012026013246, 3.7332961307670196}}},
  {dtype = "float32", p = "fro", dims = {1, 3}, expected = {5.0682837331783235, 4.415880433163924, 5.062114182829147}},
  {dtype = "float32", p = "fro", dims = {1, 2, 3}, expected = 8.415016339853418},
  {dtype = "float32", p = 3, dims = nil, expected = 5.39379574366155},
  {dtype = "float32", p = 3, dims = 1, expected = {{2.7933889523363926, 2.522300483885317, 1.5023112517293415, 2.5198420997897464}, {1.5023112517293415, 2.522300483885317, 2.7933889523363926, 1.2761171805003657}, {2.558614973456024, 1.75, 2.2582005280702035, 2.833525554048532}}},
  {dtype = "float32", p = 3, dims = 3, expected = {{3.1943177153393743, 2.649246255312037, 2.913624946881946}, {2.909939142887932, 2.9130112937578825, 3.1628724948815594}}},
  {dtype = "float32", p = 3, dims = -1, expected = {{3.1943177153393743, 2.649246255312037, 2.913624946881946}, {2.909939142887932, 2.9130112937578825, 3.1628724948815594}}},
  {dtype = "float32", p = 3, dims = {1, 3}, expected = {3.853768727683367, 3.5118644975160493, 3.83438324528453}},
  {dtype = "float32", p = 3, dims = {1, 2, 3}, expected = 5.39379574366155},
  {dtype = "float32", p = 0.5, dims = nil, expected = 753.1300699395529},
  {dtype = "float32", p = 0.5, dims = 1, expected = {{7.0666247903554, 5.988612787525831, 2.9747448713915885, 8.000000000000002}, {2.9747448713915885, 5.988612787525831, 7.0666247903554, 3.3311388300841895}, {7.9686269665968865, 1.7500000000000002, 4.871320343559642, 7.7080992435478315}}},
  {dtype = "float32", p = 0.5, dims = 3, expected = {{26.659627986891, 17.633052362434995, 16.95820393249937}, {20.208193132371434, 19.857624428018823, 25.111829654077784}}},
  {dtype = "float32", p = 0.5, dims = -1, expected = {{26.659627986891, 17.633052362434995, 16.95820393249937}, {20.208193132371434, 19.857624428018823, 25.111829654077784}}},
  {dtype = "float32", p = 0.5, dims = {1, 3}, expected = {93.28949326477087, 74.91529603141998, 83.34237436788179}},
  {dtype = "float32", p = 0.5, dims = {1, 2, 3}, expected = 753.1300699395529},
  {dtype = "float32", p = INF, dims = nil, expected = 2.75},
  {dtype = "float32", p = INF, dims = 1, expected = {{2.75, 2.5, 1.5, 2.0}, {1.5, 2.5, 2.75, 1.25}, {2.25, 1.75, 2.25, 2.75}}},
  {dtype = "float32", p = INF, dims = 3, expected = {{2.75, 2.5, 2.25}, {2.5, 2.75, 2.75}}},
  {dtype = "float32", p = INF, dims = -1, expected = {{2.75, 2.5, 2.25}, {2.5, 2.75, 2.75}}},
  {dtype = "float32", p = INF, dims = {1, 3}, expected = {2.75, 2.75, 2.75}},
  {dtype = "float32", p = INF, dims = {1, 2, 3}, expected = 2.75},
  {dtype = "float32", p = -INF, dims = nil, expected = 0.0},
  {dtype = "float32", p = -INF, dims = 1, expected = {{1.0, 0.75, 0.25, 2.0}, {0.25, 0.75, 1.0, 0.5}, {1.75, 0.0, 0.5, 1.25}}},
  {dtype = "float32", p = -INF, dims = 3, expected = {{0.75, 0.25, 0.0}, {0.25, 0.5, 0.5}}},
  {dtype = "float32", p = -INF, dims = -1, expected = {{0.75, 0.25, 0.0}, {0.25, 0.5, 0.5}}},
  {dtype = "float32", p = -INF, dims = {1, 3}, expected = {0.25, 0.25, 0.0}},
  {dtype = "float32", p = -INF, dims = {1, 2, 3}, expected = 0.0},
  {dtype = "float32", p = 0, dims = nil, expected = 23.0},
  {dtype = "float32", p = 0, dims = 1, expected = {{2.0, 2.0, 2.0, 2.0}, {2.0, 2.0, 2.0, 2.0}, {2.0, 1.0, 2.0, 2.0}}},
  {dtype = "float32", p = 0, dims = 3, expected = {{4.0, 4.0, 3.0}, {4.0, 4.0, 4.0}}},
  {dtype = "float32", p = 0, dims = -1, expected = {{4.0, 4.0, 3.0}, {4.0, 4.0, 4.0}}},
  {dtype = "float32", p = 0, dims = {1, 3}, expected = {8.0, 8.0, 7.0}},
  {dtype = "float32", p = 0, dims = {1, 2, 3}, expected = 23.0},
  {dtype = "float64", p = 1, dims = nil, expected = 35.75},
  {dtype = "float64", p = 1, dims = 1, expected = {{3.75, 3.25, 1.75, 4.0}, {1.75, 3.25, 3.75, 1.75}, {4.0, 1.75, 2.75, 4.0}}},
  {dtype = "float64", p = 1, dims = 3, expected = {{7.0, 5.0, 5.75}, {5.75, 5.5, 6.75}}},
  {dtype = "float64", p = 1, dims = -1, expected = {{7.0, 5.0, 5.75}, {5.75, 5.5, 6.75}}},
  {dtype = "float64", p = 1, dims = {1, 3}, expected = {12.75, 10.5, 12.5}},
  {dtype = "float64", p = 1, dims = {1, 2, 3}, expected = 35.75},
  {dtype = "float64", p = 2, dims = nil, expected = 8.415016339853418},
  {dtype = "float64", p = 2, dims = 1, expected = {{2.9261749776799064, 2.6100766272276377, 1.5206906325745548, 2.8284271247461903}, {1.5206906325745548, 2.6100766272276377, 2.9261749776799064, 1.346291201783626}, {2.850438562747845, 1.75, 2.3048861143232218, 3.020761493398643}}},
  {dtype = "float64", p = 2, dims = 3, expected = {{3.7914377220257753, 2.979093821953246, 3.418698582794336}, {3.3634060117684275, 3.2596012026013246, 3.7332961307670196}}},
  {dtype = "float64", p = 2, dims = -1, expected = {{3.7914377220257753, 2.979093821953246, 3.418698582794336}, {3.3634060117684275, 3.2596012026013246, 3.7332961307670196}}},
  {dtype = "float64", p = 2, dims = {1, 3}, expected = {5.0682837331783235, 4.415880433163924, 5.062114182829147}},
  {dtype = "float64", p = 2, dims = {1, 2, 3}, expected = 8.415016339853418},
  {dtype = "float64", p = "fro", dims = nil, expected = 8.415016339853418},
  {dtype = "float64", p = "fro", dims = 1, expected = {{2.9261749776799064, 2.6100766272276377, 1.5206906325745548, 2.8284271247461903}, {1.5206906325745548, 2.6100766272276377, 2.9261749776799064, 1.346291201783626}, {2.850438562747845, 1.75, 2.3048861143232218, 3.020761493398643}}},
  {dtype = "float64", p = "fro", dims = 3, expected = {{3.7914377220257753, 2.979093821953246, 3.418698582794336}, {3.3634060117684275, 3.2596012026013246, 3.7332961307670196}}},
  {dtype = "float64", p = "fro", dims = -1, expected = {{3.7914377220257753, 2.979093821953246, 3.418698582794336}, {3.3634060117684275, 3.2596012026013246, 3.7332961307670196}}},
  {dtype = "float64", p = "fro", dims = {1, 3}, expected = {5.0682837331783235, 4.415880433163924, 5.062114182829147}},
  {dtype = "float64", p = "fro", dims = {1, 2, 3}, expected = 8.415016339853418},
  {dtype = "float64", p = 3, dims = nil, expected = 5.39379574366155},
  {dtype = "float64", p = 3, dims = 1, expected = {{2.7933889523363926, 2.522300483885317, 1.5023112517293415, 2.5198420997897464}, {1.5023112517293415, 2.522300483885317, 2.7933889523363926, 1.2761171805003657}, {2.558614973456024, 1.75, 2.2582005280702035, 2.833525554048532}}},
  {dtype = "float64", p = 3, dims = 3, expected = {{3.1943177153393743, 2.649246255312037, 2.913624946881946}, {2.909939142887932, 2.9130112937578825, 3.1628724948815594}}},
  {dtype = "float64", p = 3, dims = -1, expected = {{3.1943177153393743, 2.649246255312037, 2.913624946881946}, {2.909939142887932, 2.9130112937578825, 3.1628724948815594}}},
  {dtype = "float64", p = 3, dims = {1, 3}, expected = {3.853768727683367, 3.5118644975160493, 3.83438324528453}},
  {dtype = "float64", p = 3, dims = {1, 2, 3}, expected = 5.39379574366155},
  {dtype = "float64", p = 0.5, dims = nil, expected = 753.1300699395529},
  {dtype = "float64", p = 0.5, dims = 1, expected = {{7.0666247903554, 5.988612787525831, 2.9747448713915885, 8.000000000000002}, {2.9747448713915885, 5.988612787525831, 7.0666247903554, 3.3311388300841895}, {7.9686269665968865, 1.7500000000000002, 4.871320343559642, 7.7080992435478315}}},
  {dtype = "float64", p = 0.5, dims = 3, expected = {{26.659627986891, 17.633052362434995, 16.95820393249937}, {20.208193132371434, 19.857624428018823, 25.111829654077784}}},
  {dtype = "float64", p = 0.5, dims = -1, expected = {{26.659627986891, 17.633052362434995, 16.95820393249937}, {20.208193132371434, 19.857624428018823, 25.111829654077784}}},
  {dtype = "float64", p = 0.5, dims = {1, 3}, expected = {93.28949326477087, 74.91529603141998, 83.34237436788179}},
  {dtype = "float64", p = 0.5, dims = {1, 2, 3}, expected = 753.1300699395529},
  {dtype = "float64", p = INF, dims = nil, expected = 2.75},
  {dtype = "float64", p = INF, dims = 1, expected = {{2.75, 2.5, 1.5, 2.0}, {1.5, 2.5, 2.75, 1.25}, {2.25, 1.75, 2.25, 2.75}}},
  {dtype = "float64", p = INF, dims = 3, expected = {{2.75, 2.5, 2.25}, {2.5, 2.75, 2.75}}},
  {dtype = "float64", p = INF, dims = -1, expected = {{2.75, 2.5, 2.25}, {2.5, 2.75, 2.75}}},
  {dtype = "float64", p = INF, dims = {1, 3}, expected = {2.75, 2.75, 2.75}},
  {dtype = "float64", p = INF, dims = {1, 2, 3}, expected = 2.75},
  {dtype = "float64", p = -INF, dims = nil, expected = 0.0},
  {dtype = "float64", p = -INF, dims = 1, expected = {{1.0, 0.75, 0.25, 2.0}, {0.25, 0.75, 1.0, 0.5}, {1.75, 0.0, 0.5, 1.25}}},
  {dtype = "float64", p = -INF, dims = 3, expected = {{0.75, 0.25, 0.0}, {0.25, 0.5, 0.5}}},
  {dtype = "float64", p = -INF, dims = -1, expected = {{0.75, 0.25, 0.0}, {0.25, 0.5, 0.5}}},
  {dtype = "float64", p = -INF, dims = {1, 3}, expected = {0.25, 0.25, 0.0}},
  {dtype = "float64", p = -INF, dims = {1, 2, 3}, expected = 0.0},
  {dtype = "float64", p = 0, dims = nil, expected = 23.0},
  {dtype = "float64", p = 0, dims = 1, expected = {{2.0, 2.0, 2.0, 2.0}, {2.0, 2.0, 2.0, 2.0}, {2.0, 1.0, 2.0, 2.0}}},
  {dtype = "float64", p = 0, dims = 3, expected = {{4.0, 4.0, 3.0}, {4.0, 4.0, 4.0}}},
  {dtype = "float64", p = 0, dims = -1, expected = {{4.0, 4.0, 3.0}, {4.0, 4.0, 4.0}}},
  {dtype = "float64", p = 0, dims = {1, 3}, expected = {8.0, 8.0, 7.0}},
  {dtype = "float64", p = 0, dims = {1, 2, 3}, expected = 23.0},
}
local INDEX_CASES = {
  {op = "max", dtype = "float32", dim = 1, values = {{-1.0, 2.5, 0.25, 2.0}, {1.5, -0.75, 2.75, 0.5}, {2.25, 1.75, -0.5, 1.25}}, indices = {{2, 2, 2, 1}, {2, 2, 2, 2}, {1, 2, 2, 1}}},
  {op = "max", dtype = "float32", dim = 2, values = {{2.25, 0.75, 1.0, 2.0}, {1.5, 2.5, 2.75, 0.5}}, indices = {{3, 1, 2, 1}, {2, 1, 2, 2}}},
  {op = "max", dtype = "float32", dim = 3, values = {{2.0, 1.0, 2.25}, {2.5, 2.75, 1.75}}, indices = {{4, 3, 1}, {2, 3, 2}}},
  {op = "max", dtype = "float32", dim = -1, values = {{2.0, 1.0, 2.25}, {2.5, 2.75, 1.75}}, indices = {{4, 3, 1}, {2, 3, 2}}},
  {op = "max", dtype = "float32", dim = -3, values = {{-1.0, 2.5, 0.25, 2.0}, {1.5, -0.75, 2.75, 0.5}, {2.25, 1.75, -0.5, 1.25}}, indices = {{2, 2, 2, 1}, {2, 2, 2, 2}, {1, 2, 2, 1}}},
  {op = "max", dtype = "float64", dim = 1, values = {{-1.0, 2.5, 0.25, 2.0}, {1.5, -0.75, 2.75, 0.5}, {2.25, 1.75, -0.5, 1.25}}, indices = {{2, 2, 2, 1}, {2, 2, 2, 2}, {1, 2, 2, 1}}},
  {op = "max", dtype = "float64", dim = 2, values = {{2.25, 0.75, 1.0, 2.0}, {1.5, 2.5, 2.75, 0.5}}, indices = {{3, 1, 2, 1}, {2, 1, 2, 2}}},
  {op = "max", dtype = "float64", dim = 3, values = {{2.0, 1.0, 2.25}, {2.5, 2.75, 1.75}}, indices = {{4, 3, 1}, {2, 3, 2}}},
  {op = "max", dtype = "float64", dim = -1, values = {{2.0, 1.0, 2.25}, {2.5, 2.75, 1.75}}, indices = {{4, 3, 1}, {2, 3, 2}}},
  {op = "max", dtype = "float64", dim = -3, values = {{-1.0, 2.5, 0.25, 2.0}, {1.5, -0.75, 2.75, 0.5}, {2.25, 1.75, -0.5, 1.25}}, indices = {{2, 2, 2, 1}, {2, 2, 2, 2}, {1, 2, 2, 1}}},
  {op = "max", dtype = "int32", dim = 1, values = {{-4, 10, 1, 8}, {6, -3, 11, 2}, {9, 7, -2, 5}}, indices = {{2, 2, 2, 1}, {2, 2, 2, 2}, {1, 2, 2, 1}}},
  {op = "max", dtype = "int32", dim = 2, values = {{9, 3, 4, 8}, {6, 10, 11, 2}}, indices = {{3, 1, 2, 1}, {2, 1, 2, 2}}},
  {op = "max", dtype = "int32", dim = 3, values = {{8, 4, 9}, {10, 11, 7}}, indices = {{4, 3, 1}, {2, 3, 2}}},
  {op = "max", dtype = "int32", dim = -1, values = {{8, 4, 9}, {10, 11, 7}}, indices = {{4, 3, 1}, {2, 3, 2}}},
  {op = "max", dtype = "int32", dim = -3, values = {{-4, 10, 1, 8}, {6, -3, 11, 2}, {9, 7, -2, 5}}, indices = {{2, 2, 2, 1}, {2, 2, 2, 2}, {1, 2, 2, 1}}},
  {op = "max", dtype = "int64", dim = 1, values = {{-4, 10, 1, 8}, {6, -3, 11, 2}, {9, 7, -2, 5}}, indices = {{2, 2, 2, 1}, {2, 2, 2, 2}, {1, 2, 2, 1}}},
  {op = "max", dtype = "int64", dim = 2, values = {{9, 3, 4, 8}, {6, 10, 11, 2}}, indices = {{3, 1, 2, 1}, {2, 1, 2, 2}}},
  {op = "max", dtype = "int64", dim = 3, values = {{8, 4, 9}, {10, 11, 7}}, indices = {{4, 3, 1}, {2, 3, 2}}},
  {op = "max", dtype = "int64", dim = -1, values = {{8, 4, 9}, {10, 11, 7}}, indices = {{4, 3, 1}, {2, 3, 2}}},
  {op = "max", dtype = "int64", dim = -3, values = {{-4, 10, 1, 8}, {6, -3, 11, 2}, {9, 7, -2, 5}}, indices = {{2, 2, 2, 1}, {2, 2, 2, 2}, {1, 2, 2, 1}}},
  {op = "max", dtype = "uint8", dim = 1, values = {{77, 231, 132, 209}, {187, 88, 242, 143}, {220, 198, 99, 176}}, indices = {{2, 2, 2, 1}, {2, 2, 2, 2}, {1, 2, 2, 1}}},
  {op = "max", dtype = "uint8", dim = 2, values = {{220, 154, 165, 209}, {187, 231, 242, 143}}, indices = {{3, 1, 2, 1}, {2, 1, 2, 2}}},
  {op = "max", dtype = "uint8", dim = 3, values = {{209, 165, 220}, {231, 242, 198}}, indices = {{4, 3, 1}, {2, 3, 2}}},
  {op = "max", dtype = "uint8", dim = -1, values = {{209, 165, 220}, {231, 242, 198}}, indices = {{4, 3, 1}, {2, 3, 2}}},
  {op = "max", dtype = "uint8", dim = -3, values = {{77, 231, 132, 209}, {187, 88, 242, 143}, {220, 198, 99, 176}}, indices = {{2, 2, 2, 1}, {2, 2, 2, 2}, {1, 2, 2, 1}}},
  {op = "max", dtype = "bool", dim = 1, values = {{true, true, true, true}, {true, true, true, true}, {true, true, true, true}}, indices = {{2, 1, 1, 1}, {1, 1, 2, 2}, {1, 1, 1, 1}}},
  {op = "max", dtype = "bool", dim = 2, values = {{true, true, true, true}, {true, true, true, true}}, indices = {{2, 1, 1, 1}, {1, 2, 2, 2}}},
  {op = "max", dtype = "bool", dim = 3, values = {{true, true, true}, {true, true, true}}, indices = {{2, 1, 1}, {1, 1, 1}}},
  {op = "max", dtype = "bool", dim = -1, values = {{true, true, true}, {true, true, true}}, indices = {{2, 1, 1}, {1, 1, 1}}},
  {op = "max", dtype = "bool", dim = -3, values = {{true, true, true, true}, {true, true, true, true}, {true, true, true, true}}, indices = {{2, 1, 1, 1}, {1, 1, 2, 2}, {1, 1, 1, 1}}},
  {op = "min", dtype = "float32", dim = 1, values = {{-2.75, 0.75, -1.5, -2.0}, {-0.25, -2.5, 1.0, -1.25}, {-1.75, 0.0, -2.25, -2.75}}, indices = {{1, 1, 1, 2}, {1, 1, 1, 1}, {2, 1, 1, 2}}},
  {op = "min", dtype = "float32", dim = 2, values = {{-2.75, -2.5, -2.25, -1.25}, {-1.75, -0.75, -0.5, -2.75}}, indices = {{1, 2, 3, 2}, {3, 2, 3, 3}}},
  {op = "min", dtype = "float32", dim = 3, values = {{-2.75, -2.5, -2.25}, {-2.0, -0.75, -2.75}}, indices = {{1, 2, 3}, {4, 2, 4}}},
  {op = "min", dtype = "float32", dim = -1, values = {{-2.75, -2.5, -2.25}, {-2.0, -0.75, -2.75}}, indices = {{1, 2, 3}, {4, 2, 4}}},
  {op = "min", dtype = "float32", dim = -3, values = {{-2.75, 0.75, -1.5, -2.0}, {-0.25, -2.5, 1.0, -1.25}, {-1.75, 0.0, -2.25, -2.75}}, indices = {{1, 1, 1, 2}, {1, 1, 1, 1}, {2, 1, 1, 2}}},
  {op = "min", dtype = "float64", dim = 1, values = {{-2.75, 0.75, -1.5, -2.0}, {-0.25, -2.5, 1.0, -1.25}, {-1.75, 0.0, -2.25, -2.75}}, indices = {{1, 1, 1, 2}, {1, 1, 1, 1}, {2, 1, 1, 2}}},
  {op = "min", dtype = "float64", dim = 2, values = {{-2.75, -2.5, -2.25, -1.25}, {-1.75, -0.75, -0.5, -2.75}}, indices = {{1, 2, 3, 2}, {3, 2, 3, 3}}},
  {op = "min", dtype = "float64", dim = 3, values = {{-2.75, -2.5, -2.25}, {-2.0, -0.75, -2.75}}, indices = {{1, 2, 3}, {4, 2, 4}}},
  {op = "min", dtype = "float64", dim = -1, values = {{-2.75, -2.5, -2.25}, {-2.0, -0.75, -2.75}}, indices = {{1, 2, 3}, {4, 2, 4}}},
  {op = "min", dtype = "float64", dim = -3, values = {{-2.75, 0.75, -1.5, -2.0}, {-0.25, -2.5, 1.0, -1.25}, {-1.75, 0.0, -2.25, -2.75}}, indices = {{1, 1, 1, 2}, {1, 1, 1, 1}, {2, 1, 1, 2}}},
  {op = "min", dtype = "int32", dim = 1, values = {{-11, 3, -6, -8}, {-1, -10, 4, -5}, {-7, 0, -9, -11}}, indices = {{1, 1, 1, 2}, {1, 1, 1, 1}, {2, 1, 1, 2}}},
  {op = "min", dtype = "int32", dim = 2, values = {{-11, -10, -9, -5}, {-7, -3, -2, -11}}, indices = {{1, 2, 3, 2}, {3, 2, 3, 3}}},
  {op = "min", dtype = "int32", dim = 3, values = {{-11, -10, -9}, {-8, -3, -11}}, indices = {{1, 2, 3}, {4, 2, 4}}},
  {op = "min", dtype = "int32", dim = -1, values = {{-11, -10, -9}, {-8, -3, -11}}, indices = {{1, 2, 3}, {4, 2, 4}}},
  {op = "min", dtype = "int32", dim = -3, values = {{-11, 3, -6, -8}, {-1, -10, 4, -5}, {-7, 0, -9, -11}}, indices = {{1, 1, 1, 2}, {1, 1, 1, 1}, {2, 1, 1, 2}}},
  {op = "min", dtype = "int64", dim = 1, values = {{-11, 3, -6, -8}, {-1, -10, 4, -5}, {-7, 0, -9, -11}}, indices = {{1, 1, 1, 2}, {1, 1, 1, 1}, {2, 1, 1, 2}}},
  {op = "min", dtype = "int64", dim = 2, values = {{-11, -10, -9, -5}, {-7, -3, -2, -11}}, indices = {{1, 2, 3, 2}, {3, 2, 3, 3}}},
  {op = "min", dtype = "int64", dim = 3, values = {{-11, -10, -9}, {-8, -3, -11}}, indices = {{1, 2, 3}, {4, 2, 4}}},
  {op = "min", dtype = "int64", dim = -1, values = {{-11, -10, -9}, {-8, -3, -11}}, indices = {{1, 2, 3}, {4, 2, 4}}},
  {op = "min", dtype = "int64", dim = -3, values = {{-11, 3, -6, -8}, {-1, -10, 4, -5}, {-7, 0, -9, -11}}, indices = {{1, 1, 1, 2}, {1, 1, 1, 1}, {2, 1, 1, 2}}},
  {op = "min", dtype = "uint8", dim = 1, values = {{0, 154, 55, 33}, {110, 11, 165, 66}, {44, 121, 22, 0}}, indices = {{1, 1, 1, 2}, {1, 1, 1, 1}, {2, 1, 1, 2}}},
  {op = "min", dtype = "uint8", dim = 2, values = {{0, 11, 22, 66}, {44, 88, 99, 0}}, indices = {{1, 2, 3, 2}, {3, 2, 3, 3}}},
  {op = "min", dtype = "uint8", dim = 3, values = {{0, 11, 22}, {33, 88, 0}}, indices = {{1, 2, 3}, {4, 2, 4}}},
  {op = "min", dtype = "uint8", dim = -1, values = {{0, 11, 22}, {33, 88, 0}}, indices = {{1, 2, 3}, {4, 2, 4}}},
  {op = "min", dtype = "uint8", dim = -3, values = {{0, 154, 55, 33}, {110, 11, 165, 66}, {44, 121, 22, 0}}, indices = {{1, 1, 1, 2}, {1, 1, 1, 1}, {2, 1, 1, 2}}},
  {op = "min", dtype = "bool", dim = 1, values = {{false, false, false, false}, {true, true, false, false}, {true, false, false, false}}, indices = {{1, 2, 2, 2}, {1, 1, 1, 1}, {1, 2, 2, 2}}},
  {op = "min", dtype = "bool", dim = 2, values = {{false, true, false, false}, {true, false, false, false}}, indices = {{1, 1, 2, 2}, {1, 1, 1, 1}}},
  {op = "min", dtype = "bool", dim = 3, values = {{false, false, true}, {false, true, false}}, indices = {{1, 3, 1}, {2, 1, 2}}},
  {op = "min", dtype = "bool", dim = -1, values = {{false, false, true}, {false, true, false}}, indices = {{1, 3, 1}, {2, 1, 2}}},
  {op = "min", dtype = "bool", dim = -3, values = {{false, false, false, false}, {true, true, false, false}, {true, false, false, false}}, indices = {{1, 2, 2, 2}, {1, 1, 1, 1}, {1, 2, 2, 2}}},
}
local FLAT_ARG = {
  float32 = {argmax = 19, argmin = 1, max = 2.75, min = -2.75},
  float64 = {argmax = 19, argmin = 1, max = 2.75, min = -2.75},
  int32 = {argmax = 19, argmin = 1, max = 11, min = -11},
  int64 = {argmax = 19, argmin = 1, max = 11, min = -11},
  uint8 = {argmax = 19, argmin = 1, max = 242, min = 0},
  bool = {argmax = 2, argmin = 1, max = true, min = false},
}
local CUM_CASES = {
  {op = "cumsum", dtype = "float32", dim = 1, rdtype = "float32", expected = {{{-2.75, 0.75, -1.5, 2.0}, {-0.25, -2.5, 1.0, -1.25}, {2.25, 0.0, -2.25, 1.25}}, {{-3.75, 3.25, -1.25, 0.0}, {1.25, -3.25, 3.75, -0.75}, {0.5, 1.75, -2.75, -1.5}}}},
  {op = "cumsum", dtype = "float32", dim = 2, rdtype = "float32", expected = {{{-2.75, 0.75, -1.5, 2.0}, {-3.0, -1.75, -0.5, 0.75}, {-0.75, -1.75, -2.75, 2.0}}, {{-1.0, 2.5, 0.25, -2.0}, {0.5, 1.75, 3.0, -1.5}, {-1.25, 3.5, 2.5, -4.25}}}},
  {op = "cumsum", dtype = "float32", dim = 3, rdtype = "float32", expected = {{{-2.75, -2.0, -3.5, -1.5}, {-0.25, -2.75, -1.75, -3.0}, {2.25, 2.25, 0.0, 1.25}}, {{-1.0, 1.5, 1.75, -0.25}, {1.5, 0.75, 3.5, 4.0}, {-1.75, 0.0, -0.5, -3.25}}}},
  {op = "cumsum", dtype = "float32", dim = -1, rdtype = "float32", expected = {{{-2.75, -2.0, -3.5, -1.5}, {-0.25, -2.75, -1.75, -3.0}, {2.25, 2.25, 0.0, 1.25}}, {{-1.0, 1.5, 1.75, -0.25}, {1.5, 0.75, 3.5, 4.0}, {-1.75, 0.0, -0.5, -3.25}}}},
  {op = "cumsum", dtype = "float32", dim = -2, rdtype = "float32", expected = {{{-2.75, 0.75, -1.5, 2.0}, {-3.0, -1.75, -0.5, 0.75}, {-0.75, -1.75, -2.75, 2.0}}, {{-1.0, 2.5, 0.25, -2.0}, {0.5, 1.75, 3.0, -1.5}, {-1.25, 3.5, 2.5, -4.25}}}},
  {op = "cumsum", dtype = "float64", dim = 1, rdtype = "float64", expected = {{{-2.75, 0.75, -1.5, 2.0}, {-0.25, -2.5, 1.0, -1.25}, {2.25, 0.0, -2.25, 1.25}}, {{-3.75, 3.25, -1.25, 0.0}, {1.25, -3.25, 3.75, -0.75}, {0.5, 1.75, -2.75, -1.5}}}},
  {op = "cumsum", dtype = "float64", dim = 2, rdtype = "float64", expected = {{{-2.75, 0.75, -1.5, 2.0}, {-3.0, -1.75, -0.5, 0.75}, {-0.75, -1.75, -2.75, 2.0}}, {{-1.0, 2.5, 0.25, -2.0}, {0.5, 1.75, 3.0, -1.5}, {-1.25, 3.5, 2.5, -4.25}}}},
  {op = "cumsum", dtype = "float64", dim = 3, rdtype = "float64", expected = {{{-2.75, -2.0, -3.5, -1.5}, {-0.25, -2.75, -1.75, -3.0}, {2.25, 2.25, 0.0, 1.25}}, {{-1.0, 1.5, 1.75, -0.25}, {1.5, 0.75, 3.5, 4.0}, {-1.75, 0.0, -0.5, -3.25}}}},
  {op = "cumsum", dtype = "float64", dim = -1, rdtype = "float64", expected = {{{-2.75, -2.0, -3.5, -1.5}, {-0.25, -2.75, -1.75, -3.0}, {2.25, 2.25, 0.0, 1.25}}, {{-1.0, 1.5, 1.75, -0.25}, {1.5, 0.75, 3.5, 4.0}, {-1.75, 0.0, -0.5, -3.25}}}},
  {op = "cumsum", dtype = "float64", dim = -2, rdtype = "float64", expected = {{{-2.75, 0.75, -1.5, 2.0}, {-3.0, -1.75, -0.5, 0.75}, {-0.75, -1.75, -2.75, 2.0}}, {{-1.0, 2.5, 0.25, -2.0}, {0.5, 1.75, 3.0, -1.5}, {-1.25, 3.5, 2.5, -4.25}}}},
  {op = "cumsum", dtype = "int32", dim = 1, rdtype = "int64", expected = {{{-11, 3, -6, 8}, {-1, -10, 4, -5}, {9, 0, -9, 5}}, {{-15, 13, -5, 0}, {5, -13, 15, -3}, {2, 7, -11, -6}}}},
  {op = "cumsum", dtype = "int32", dim = 2, rdtype = "int64", expected = {{{-11, 3, -6, 8}, {-12, -7, -2, 3}, {-3, -7, -11, 8}}, {{-4, 10, 1, -8}, {2, 7, 12, -6}, {-5, 14, 10, -17}}}},
  {op = "cumsum", dtype = "int32", dim = 3, rdtype = "int64", expected = {{{-11, -8, -14, -6}, {-1, -11, -7, -12}, {9, 9, 0, 5}}, {{-4, 6, 7, -1}, {6, 3, 14, 16}, {-7, 0, -2, -13}}}},
  {op = "cumsum", dtype = "int32", dim = -1, rdtype = "int64", expected = {{{-11, -8, -14, -6}, {-1, -11, -7, -12}, {9, 9, 0, 5}}, {{-4, 6, 7, -1}, {6, 3, 14, 16}, {-7, 0, -2, -13}}}},
  {op = "cumsum", dtype = "int32", dim = -2, rdtype = "int64", expected = {{{-11, 3, -6, 8}, {-12, -7, -2, 3}, {-3, -7, -11, 8}}, {{-4, 10, 1, -8}, {2, 7, 12, -6}, {-5, 14, 10, -17}}}},
  {op = "cumsum", dtype = "int64", dim = 1, rdtype = "int64", expected = {{{-11, 3, -6, 8}, {-1, -10, 4, -5}, {9, 0, -9, 5}}, {{-15, 13, -5, 0}, {5, -13, 15, -3}, {2, 7, -11, -6}}}},
  {op = "cumsum", dtype = "int64", dim = 2, rdtype = "int64", expected = {{{-11, 3, -6, 8}, {-12, -7, -2, 3}, {-3, -7, -11, 8}}, {{-4, 10, 1, -8}, {2, 7, 12, -6}, {-5, 14, 10, -17}}}},
  {op = "cumsum", dtype = "int64", dim = 3, rdtype = "int64", expected = {{{-11, -8, -14, -6}, {-1, -11, -7, -12}, {9, 9, 0, 5}}, {{-4, 6, 7, -1}, {6, 3, 14, 16}, {-7, 0, -2, -13}}}},
  {op = "cumsum", dtype = "int64", dim = -1, rdtype = "int64", expected = {{{-11, -8, -14, -6}, {-1, -11, -7, -12}, {9, 9, 0, 5}}, {{-4, 6, 7, -1}, {6, 3, 14, 16}, {-7, 0, -2, -13}}}},
  {op = "cumsum", dtype = "int64", dim = -2, rdtype = "int64", expected = {{{-11, 3, -6, 8}, {-12, -7, -2, 3}, {-3, -7, -11, 8}}, {{-4, 10, 1, -8}, {2, 7, 12, -6}, {-5, 14, 10, -17}}}},
  {op = "cumsum", dtype = "uint8", dim = 1, rdtype = "int64", expected = {{{0, 154, 55, 209}, {110, 11, 165, 66}, {220, 121, 22, 176}}, {{77, 385, 187, 242}, {297, 99, 407, 209}, {264, 319, 121, 176}}}},
  {op = "cumsum", dtype = "uint8", dim = 2, rdtype = "int64", expected = {{{0, 154, 55, 209}, {110, 165, 220, 275}, {330, 286, 242, 451}}, {{77, 231, 132, 33}, {264, 319, 374, 176}, {308, 517, 473, 176}}}},
  {op = "cumsum", dtype = "uint8", dim = 3, rdtype = "int64", expected = {{{0, 154, 209, 418}, {110, 121, 286, 352}, {220, 341, 363, 539}}, {{77, 308, 440, 473}, {187, 275, 517, 660}, {44, 242, 341, 341}}}},
  {op = "cumsum", dtype = "uint8", dim = -1, rdtype = "int64", expected = {{{0, 154, 209, 418}, {110, 121, 286, 352}, {220, 341, 363, 539}}, {{77, 308, 440, 473}, {187, 275, 517, 660}, {44, 242, 341, 341}}}},
  {op = "cumsum", dtype = "uint8", dim = -2, rdtype = "int64", expected = {{{0, 154, 55, 209}, {110, 165, 220, 275}, {330, 286, 242, 451}}, {{77, 231, 132, 33}, {264, 319, 374, 176}, {308, 517, 473, 176}}}},
  {op = "cumsum", dtype = "bool", dim = 1, rdtype = "int64", expected = {{{0, 1, 1, 1}, {1, 1, 0, 0}, {1, 1, 1, 1}}, {{1, 1, 1, 1}, {2, 2, 1, 1}, {2, 1, 1, 1}}}},
  {op = "cumsum", dtype = "bool", dim = 2, rdtype = "int64", expected = {{{0, 1, 1, 1}, {1, 2, 1, 1}, {2, 3, 2, 2}}, {{1, 0, 0, 0}, {2, 1, 1, 1}, {3, 1, 1, 1}}}},
  {op = "cumsum", dtype = "bool", dim = 3, rdtype = "int64", expected = {{{0, 1, 2, 3}, {1, 2, 2, 2}, {1, 2, 3, 4}}, {{1, 1, 1, 1}, {1, 2, 3, 4}, {1, 1, 1, 1}}}},
  {op = "cumsum", dtype = "bool", dim = -1, rdtype = "int64", expected = {{{0, 1, 2, 3}, {1, 2, 2, 2}, {1, 2, 3, 4}}, {{1, 1, 1, 1}, {1, 2, 3, 4}, {1, 1, 1, 1}}}},
  {op = "cumsum", dtype = "bool", dim = -2, rdtype = "int64", expected = {{{0, 1, 1, 1}, {1, 2, 1, 1}, {2, 3, 2, 2}}, {{1, 0, 0, 0}, {2, 1, 1, 1}, {3, 1, 1, 1}}}},
  {op = "cumprod", dtype = "float32", dim = 1, rdtype = "float32", expected = {{{-2.75, 0.75, -1.5, 2.0}, {-0.25, -2.5, 1.0, -1.25}, {2.25, 0.0, -2.25, 1.25}}, {{2.75, 1.875, -0.375, -4.0}, {-0.375, 1.875, 2.75, -0.625}, {-3.9375, 0.0, 1.125, -3.4375}}}},
  {op = "cumprod", dtype = "float32", dim = 2, rdtype = "float32", expected = {{{-2.75, 0.75, -1.5, 2.0}, {0.6875, -1.875, -1.5, -2.5}, {1.546875, -0.0, 3.375, -3.125}}, {{-1.0, 2.5, 0.25, -2.0}, {-1.5, -1.875, 0.6875, -1.0}, {2.625, -3.28125, -0.34375, 2.75}}}},
  {op = "cumprod", dtype = "float32", dim = 3, rdtype = "float32", expected = {{{-2.75, -2.0625, 3.09375, 6.1875}, {-0.25, 0.625, 0.625, -0.78125}, {2.25, 0.0, -0.0, -0.0}}, {{-1.0, -2.5, -0.625, 1.25}, {1.5, -1.125, -3.09375, -1.546875}, {-1.75, -3.0625, 1.53125, -4.2109375}}}},
  {op = "cumprod", dtype = "float32", dim = -1, rdtype = "float32", expected = {{{-2.75, -2.0625, 3.09375, 6.1875}, {-0.25, 0.625, 0.625, -0.78125}, {2.25, 0.0, -0.0, -0.0}}, {{-1.0, -2.5, -0.625, 1.25}, {1.5, -1.125, -3.09375, -1.546875}, {-1.75, -3.0625, 1.53125, -4.2109375}}}},
  {op = "cumprod", dtype = "float32", dim = -2, rdtype = "float32", expected = {{{-2.75, 0.75, -1.5, 2.0}, {0.6875, -1.875, -1.5, -2.5}, {1.546875, -0.0, 3.375, -3.125}}, {{-1.0, 2.5, 0.25, -2.0}, {-1.5, -1.875, 0.6875, -1.0}, {2.625, -3.28125, -0.34375, 2.75}}}},
  {op = "cumprod", dtype = "float64", dim = 1, rdtype = "float64", expected = {{{-2.75, 0.75, -1.5, 2.0}, {-0.25, -2.5, 1.0, -1.25}, {2.25, 0.0, -2.25, 1.25}}, {{2.75, 1.875, -0.375, -4.0}, {-0.375, 1.875, 2.75, -0.625}, {-3.9375, 0.0, 1.125, -3.4375}}}},
  {op = "cumprod", dtype = "float64", dim = 2, rdtype = "float64", expected = {{{-2.75, 0.75, -1.5, 2.0}, {0.6875, -1.875, -1.5, -2.5}, {1.546875, -0.0, 3.375, -3.125}}, {{-1.0, 2.5, 0.25, -2.0}, {-1.5, -1.875, 0.6875, -1.0}, {2.625, -3.28125, -0.34375, 2.75}}}},
  {op = "cumprod", dtype = "float64", dim = 3, rdtype = "float64", expected = {{{-2.75, -2.0625, 3.09375, 6.1875}, {-0.25, 0.625, 0.625, -0.78125}, {2.25, 0.0, -0.0, -0.0}}, {{-1.0, -2.5, -0.625, 1.25}, {1.5, -1.125, -3.09375, -1.546875}, {-1.75, -3.0625, 1.53125, -4.2109375}}}},
  {op = "cumprod", dtype = "float64", dim = -1, rdtype = "float64", expected = {{{-2.75, -2.0625, 3.09375, 6.1875}, {-0.25, 0.625, 0.625, -0.78125}, {2.25, 0.0, -0.0, -0.0}}, {{-1.0, -2.5, -0.625, 1.25}, {1.5, -1.125, -3.09375, -1.546875}, {-1.75, -3.0625, 1.53125, -4.2109375}}}},
  {op = "cumprod", dtype = "float64", dim = -2, rdtype = "float64", expected = {{{-2.75, 0.75, -1.5, 2.0}, {0.6875, -1.875, -1.5, -2.5}, {1.546875, -0.0, 3.375, -3.125}}, {{-1.0, 2.5, 0.25, -2.0}, {-1.5, -1.875, 0.6875, -1.0}, {2.625, -3.28125, -0.34375, 2.75}}}},
  {op = "cumprod", dtype = "int32", dim = 1, rdtype = "int64", expected = {{{-11, 3, -6, 8}, {-1, -10, 4, -5}, {9, 0, -9, 5}}, {{44, 30, -6, -64}, {-6, 30, 44, -10}, {-63, 0, 18, -55}}}},
  {op = "cumprod", dtype = "int32", dim = 2, rdtype = "int64", expected = {{{-11, 3, -6, 8}, {11, -30, -24, -40}, {99, 0, 216, -200}}, {{-4, 10, 1, -8}, {-24, -30, 11, -16}, {168, -210, -22, 176}}}},
  {op = "cumprod", dtype = "int32", dim = 3, rdtype = "int64", expected = {{{-11, -33, 198, 1584}, {-1, 10, 40, -200}, {9, 0, 0, 0}}, {{-4, -40, -40, 320}, {6, -18, -198, -396}, {-7, -49, 98, -1078}}}},
  {op = "cumprod", dtype = "int32", dim = -1, rdtype = "int64", expected = {{{-11, -33, 198, 1584}, {-1, 10, 40, -200}, {9, 0, 0, 0}}, {{-4, -40, -40, 320}, {6, -18, -198, -396}, {-7, -49, 98, -1078}}}},
  {op = "cumprod", dtype = "int32", dim = -2, rdtype = "int64", expected = {{{-11, 3, -6, 8}, {11, -30, -24, -40}, {99, 0, 216, -200}}, {{-4, 10, 1, -8}, {-24, -30, 11, -16}, {168, -210, -22, 176}}}},
  {op = "cumprod", dtype = "int64", dim = 1, rdtype = "int64", expected = {{{-11, 3, -6, 8}, {-1, -10, 4, -5}, {9, 0, -9, 5}}, {{44, 30, -6, -64}, {-6, 30, 44, -10}, {-63, 0, 18, -55}}}},
  {op = "cumprod", dtype = "int64", dim = 2, rdtype = "int64", expected = {{{-11, 3, -6, 8}, {11, -30, -24, -40}, {99, 0, 216, -200}}, {{-4, 10, 1, -8}, {-24, -30, 11, -16}, {168, -210, -22, 176}}}},
  {op = "cumprod", dtype = "int64", dim = 3, rdtype = "int64", expected = {{{-11, -33, 198, 1584}, {-1, 10, 40, -200}, {9, 0, 0, 0}}, {{-4, -40, -40, 320}, {6, -18, -198, -396}, {-7, -49, 98, -1078}}}},
  {op = "cumprod", dtype = "int64", dim = -1, rdtype = "int64", expected = {{{-11, -33, 198, 1584}, {-1, 10, 40, -200}, {9, 0, 0, 0}}, {{-4, -40, -40, 320}, {6, -18, -198, -396}, {-7, -49, 98, -1078}}}},
  {op = "cumprod", dtype = "int64", dim = -2, rdtype = "int64", expected = {{{-11, 3, -6, 8}, {11, -30, -24, -40}, {99, 0, 216, -200}}, {{-4, 10, 1, -8}, {-24, -30, 11, -16}, {168, -210, -22, 176}}}},
  {op = "cumprod", dtype = "uint8", dim = 1, rdtype = "int64", expected = {{{0, 154, 55, 209}, {110, 11, 165, 66}, {220, 121, 22, 176}}, {{0, 35574, 7260, 6897}, {20570, 968, 39930, 9438}, {9680, 23958, 2178, 0}}}},
  {op = "cumprod", dtype = "uint8", dim = 2, rdtype = "int64", expected = {{{0, 154, 55, 209}, {0, 1694, 9075, 13794}, {0, 204974, 199650, 2427744}}, {{77, 231, 132, 33}, {14399, 20328, 31944, 4719}, {633556, 4024944, 3162456, 0}}}},
  {op = "cumprod", dtype = "uint8", dim = 3, rdtype = "int64", expected = {{{0, 0, 0, 0}, {110, 1210, 199650, 13176900}, {220, 26620, 585640, 103072640}}, {{77, 17787, 2347884, 77480172}, {187, 16456, 3982352, 569476336}, {44, 8712, 862488, 0}}}},
  {op = "cumprod", dtype = "uint8", dim = -1, rdtype = "int64", expected = {{{0, 0, 0, 0}, {110, 1210, 199650, 13176900}, {220, 26620, 585640, 103072640}}, {{77, 17787, 2347884, 77480172}, {187, 16456, 3982352, 569476336}, {44, 8712, 862488, 0}}}},
  {op = "cumprod", dtype = "uint8", dim = -2, rdtype = "int64", expected = {{{0, 154, 55, 209}, {0, 1694, 9075, 13794}, {0, 204974, 199650, 2427744}}, {{77, 231, 132, 33}, {14399, 20328, 31944, 4719}, {633556, 4024944, 3162456, 0}}}},
  {op = "cumprod", dtype = "bool", dim = 1, rdtype = "int64", expected = {{{0, 1, 1, 1}, {1, 1, 0, 0}, {1, 1, 1, 1}}, {{0, 0, 0, 0}, {1, 1, 0, 0}, {1, 0, 0, 0}}}},
  {op = "cumprod", dtype = "bool", dim = 2, rdtype = "int64", expected = {{{0, 1, 1, 1}, {0, 1, 0, 0}, {0, 1, 0, 0}}, {{1, 0, 0, 0}, {1, 0, 0, 0}, {1, 0, 0, 0}}}},
  {op = "cumprod", dtype = "bool", dim = 3, rdtype = "int64", expected = {{{0, 0, 0, 0}, {1, 1, 0, 0}, {1, 1, 1, 1}}, {{1, 0, 0, 0}, {1, 1, 1, 1}, {1, 0, 0, 0}}}},
  {op = "cumprod", dtype = "bool", dim = -1, rdtype = "int64", expected = {{{0, 0, 0, 0}, {1, 1, 0, 0}, {1, 1, 1, 1}}, {{1, 0, 0, 0}, {1, 1, 1, 1}, {1, 0, 0, 0}}}},
  {op = "cumprod", dtype = "bool", dim = -2, rdtype = "int64", expected = {{{0, 1, 1, 1}, {0, 1, 0, 0}, {0, 1, 0, 0}}, {{1, 0, 0, 0}, {1, 0, 0, 0}, {1, 0, 0, 0}}}},
}
local SOFTMAX_CASES = {
  {op = "softmax", dtype = "float32", dim = 1, expected = {{{0.14804719803168948, 0.14804719803168948, 0.14804719803168948, 0.9820137900379085}, {0.14804719803168948, 0.14804719803168948, 0.14804719803168948, 0.14804719803168948}, {0.9820137900379085, 0.14804719803168948, 0.14804719803168948, 0.9820137900379085}}, {{0.8519528019683106, 0.8519528019683106, 0.8519528019683106, 0.017986209962091555}, {0.8519528019683106, 0.8519528019683106, 0.8519528019683106, 0.8519528019683106}, {0.017986209962091555, 0.8519528019683106, 0.8519528019683106, 0.017986209962091555}}}},
  {op = "softmax", dtype = "float32", dim = 2, expected = {{{0.006188285272800035, 0.6617517216734929, 0.07323399598373097, 0.6617517216734929}, {0.07538874796299667, 0.025658898789167873, 0.8921727137899849, 0.025658898789167873}, {0.9184229667642032, 0.3125893795373393, 0.03459329022628431, 0.3125893795373393}}, {{0.07323399598373097, 0.6617517216734929, 0.07323399598373097, 0.07323399598373097}, {0.8921727137899849, 0.025658898789167873, 0.8921727137899849, 0.8921727137899849}, {0.03459329022628431, 0.3125893795373393, 0.03459329022628431, 0.03459329022628431}}}},
  {op = "softmax", dtype = "float32", dim = 3, expected = {{{0.0065278378576065395, 0.21617230096770232, 0.02278439289374978, 0.7545154682809414}, {0.20146579975535828, 0.021234339069950602, 0.7031847353455324, 0.07411512582915891}, {0.6736784637981338, 0.07100518768835129, 0.007483891722221863, 0.2478324567912932}}, {{0.026334033167035035, 0.8720634102215586, 0.09191480720612727, 0.009687749405279075}, {0.20146579975535828, 0.021234339069950602, 0.7031847353455324, 0.07411512582915891}, {0.026334033167035035, 0.8720634102215586, 0.09191480720612727, 0.009687749405279075}}}},
  {op = "softmax", dtype = "float32", dim = -1, expected = {{{0.0065278378576065395, 0.21617230096770232, 0.02278439289374978, 0.7545154682809414}, {0.20146579975535828, 0.021234339069950602, 0.7031847353455324, 0.07411512582915891}, {0.6736784637981338, 0.07100518768835129, 0.007483891722221863, 0.2478324567912932}}, {{0.026334033167035035, 0.8720634102215586, 0.09191480720612727, 0.009687749405279075}, {0.20146579975535828, 0.021234339069950602, 0.7031847353455324, 0.07411512582915891}, {0.026334033167035035, 0.8720634102215586, 0.09191480720612727, 0.009687749405279075}}}},
  {op = "softmax", dtype = "float64", dim = 1, expected = {{{0.14804719803168948, 0.14804719803168948, 0.14804719803168948, 0.9820137900379085}, {0.14804719803168948, 0.14804719803168948, 0.14804719803168948, 0.14804719803168948}, {0.9820137900379085, 0.14804719803168948, 0.14804719803168948, 0.9820137900379085}}, {{0.8519528019683106, 0.8519528019683106, 0.8519528019683106, 0.017986209962091555}, {0.8519528019683106, 0.8519528019683106, 0.8519528019683106, 0.8519528019683106}, {0.017986209962091555, 0.8519528019683106, 0.8519528019683106, 0.017986209962091555}}}},
  {op = "softmax", dtype = "float64", dim = 2, expected = {{{0.006188285272800035, 0.6617517216734929, 0.07323399598373097, 0.6617517216734929}, {0.07538874796299667, 0.025658898789167873, 0.8921727137899849, 0.025658898789167873}, {0.9184229667642032, 0.3125893795373393, 0.03459329022628431, 0.3125893795373393}}, {{0.07323399598373097, 0.6617517216734929, 0.07323399598373097, 0.07323399598373097}, {0.8921727137899849, 0.025658898789167873, 0.8921727137899849, 0.8921727137899849}, {0.03459329022628431, 0.3125893795373393, 0.03459329022628431, 0.03459329022628431}}}},
  {op = "softmax", dtype = "float64", dim = 3, expected = {{{0.0065278378576065395, 0.21617230096770232, 0.02278439289374978, 0.7545154682809414}, {0.20146579975535828, 0.021234339069950602, 0.7031847353455324, 0.07411512582915891}, {0.6736784637981338, 0.07100518768835129, 0.007483891722221863, 0.2478324567912932}}, {{0.026334033167035035, 0.8720634102215586, 0.09191480720612727, 0.009687749405279075}, {0.20146579975535828, 0.021234339069950602, 0.7031847353455324, 0.07411512582915891}, {0.026334033167035035, 0.8720634102215586, 0.09191480720612727, 0.009687749405279075}}}},
  {op = "softmax", dtype = "float64", dim = -1, expected = {{{0.0065278378576065395, 0.21617230096770232, 0.02278439289374978, 0.7545154682809414}, {0.20146579975535828, 0.021234339069950602, 0.7031847353455324, 0.07411512582915891}, {0.6736784637981338, 0.07100518768835129, 0.007483891722221863, 0.2478324567912932}}, {{0.026334033167035035, 0.8720634102215586, 0.09191480720612727, 0.009687749405279075}, {0.20146579975535828, 0.021234339069950602, 0.7031847353455324, 0.07411512582915891}, {0.026334033167035035, 0.8720634102215586, 0.09191480720612727, 0.009687749405279075}}}},
  {op = "log_softmax", dtype = "float32", dim = 1, expected = {{{-1.9102241504380872, -1.9102241504380872, -1.9102241504380872, -0.01814992791780978}, {-1.9102241504380872, -1.9102241504380872, -1.9102241504380872, -1.9102241504380872}, {-0.01814992791780978, -1.9102241504380872, -1.9102241504380872, -0.01814992791780978}}, {{-0.16022415043808716, -0.16022415043808716, -0.16022415043808716, -4.0181499279178094}, {-0.16022415043808716, -0.16022415043808716, -0.16022415043808716, -0.16022415043808716}, {-4.0181499279178094, -0.16022415043808716, -0.16022415043808716, -4.0181499279178094}}}},
  {op = "log_softmax", dtype = "float32", dim = 2, expected = {{{-5.0850972463643105, -0.41286483618055037, -2.6140955398199965, -0.41286483618055037}, {-2.58509724636431, -3.6628648361805505, -0.11409553981999643, -3.6628648361805505}, {-0.08509724636431015, -1.1628648361805505, -3.3640955398199965, -1.1628648361805505}}, {{-2.6140955398199965, -0.41286483618055037, -2.6140955398199965, -2.6140955398199965}, {-0.11409553981999643, -3.6628648361805505, -0.11409553981999643, -0.11409553981999643}, {-3.3640955398199965, -1.1628648361805505, -3.3640955398199965, -3.3640955398199965}}}},
  {op = "log_softmax", dtype = "float32", dim = 3, expected = {{{-5.031679499617994, -1.5316794996179934, -3.781679499617993, -0.2816794996179934}, {-1.6021356402621199, -3.85213564026212, -0.35213564026211996, -2.60213564026212}, {-0.3950023385768974, -2.6450023385768975, -4.895002338576897, -1.3950023385768975}}, {{-3.6368931395730044, -0.1368931395730042, -2.3868931395730044, -4.636893139573004}, {-1.6021356402621199, -3.85213564026212, -0.35213564026211996, -2.60213564026212}, {-3.6368931395730044, -0.1368931395730042, -2.3868931395730044, -4.636893139573004}}}},
  {op = "log_softmax", dtype = "float32", dim = -1, expected = {{{-5.031679499617994, -1.5316794996179934, -3.781679499617993, -0.2816794996179934}, {-1.6021356402621199, -3.85213564026212, -0.35213564026211996, -2.60213564026212}, {-0.3950023385768974, -2.6450023385768975, -4.895002338576897, -1.3950023385768975}}, {{-3.6368931395730044, -0.1368931395730042, -2.3868931395730044, -4.636893139573004}, {-1.6021356402621199, -3.85213564026212, -0.35213564026211996, -2.60213564026212}, {-3.6368931395730044, -0.1368931395730042, -2.3868931395730044, -4.636893139573004}}}},
  {op = "log_softmax", dtype = "float64", dim = 1, expected = {{{-1.9102241504380872, -1.9102241504380872, -1.9102241504380872, -0.01814992791780978}, {-1.9102241504380872, -1.9102241504380872, -1.9102241504380872, -1.9102241504380872}, {-0.01814992791780978, -1.9102241504380872, -1.9102241504380872, -0.01814992791780978}}, {{-0.16022415043808716, -0.16022415043808716, -0.16022415043808716, -4.0181499279178094}, {-0.16022415043808716, -0.16022415043808716, -0.16022415043808716, -0.16022415043808716}, {-4.0181499279178094, -0.16022415043808716, -0.16022415043808716, -4.0181499279178094}}}},
  {op = "log_softmax", dtype = "float64", dim = 2, expected = {{{-5.0850972463643105, -0.41286483618055037, -2.6140955398199965, -0.41286483618055037}, {-2.58509724636431, -3.6628648361805505, -0.11409553981999643, -3.6628648361805505}, {-0.08509724636431015, -1.1628648361805505, -3.3640955398199965, -1.1628648361805505}}, {{-2.6140955398199965, -0.41286483618055037, -2.6140955398199965, -2.6140955398199965}, {-0.11409553981999643, -3.6628648361805505, -0.11409553981999643, -0.11409553981999643}, {-3.3640955398199965, -1.1628648361805505, -3.3640955398199965, -3.3640955398199965}}}},
  {op = "log_softmax", dtype = "float64", dim = 3, expected = {{{-5.031679499617994, -1.5316794996179934, -3.781679499617993, -0.2816794996179934}, {-1.6021356402621199, -3.85213564026212, -0.35213564026211996, -2.60213564026212}, {-0.3950023385768974, -2.6450023385768975, -4.895002338576897, -1.3950023385768975}}, {{-3.6368931395730044, -0.1368931395730042, -2.3868931395730044, -4.636893139573004}, {-1.6021356402621199, -3.85213564026212, -0.35213564026211996, -2.60213564026212}, {-3.6368931395730044, -0.1368931395730042, -2.3868931395730044, -4.636893139573004}}}},
  {op = "log_softmax", dtype = "float64", dim = -1, expected = {{{-5.031679499617994, -1.5316794996179934, -3.781679499617993, -0.2816794996179934}, {-1.6021356402621199, -3.85213564026212, -0.35213564026211996, -2.60213564026212}, {-0.3950023385768974, -2.6450023385768975, -4.895002338576897, -1.3950023385768975}}, {{-3.6368931395730044, -0.1368931395730042, -2.3868931395730044, -4.636893139573004}, {-1.6021356402621199, -3.85213564026212, -0.35213564026211996, -2.60213564026212}, {-3.6368931395730044, -0.1368931395730042, -2.3868931395730044, -4.636893139573004}}}},
}
local LSE_ROWS = {{-INF, -INF, -INF}, {INF, INF, INF}, {1000.0, 1000.0, 1000.0}, {-INF, 0.0, -INF}, {INF, 1.0, -INF}, {1000.0, 0.0, -1000.0}, {-1000.0, -1000.0, -1000.0}, {88.0, 89.0, 90.0}, {NAN, 1.0, 2.0}, {-INF, INF, 0.0}}
local LSE_EXPECTED_FLOAT32 = {-INF, INF, 1001.0986122886682, 0.0, INF, 1000.0, -998.9013877113318, 90.40760596444439, NAN, INF}
local LSE_EXPECTED_FLOAT64 = {-INF, INF, 1001.0986122886682, 0.0, INF, 1000.0, -998.9013877113318, 90.40760596444439, NAN, INF}
local BIG_ROWS = {{1000.0, 1001.0, 1002.0}, {-1000.0, -1001.0, -1002.0}, {10000.0, 10000.0, -10000.0}, {-90.0, 0.0, 90.0}}
local BIG_SOFTMAX = {{0.09003057317038045, 0.2447284710547976, 0.6652409557748218}, {0.6652409557748218, 0.2447284710547976, 0.09003057317038045}, {0.5, 0.5, 0.0}, {6.714184288211594e-79, 8.194012623990515e-40, 1.0}}
local BIG_LOG_SOFTMAX = {{-2.4076059644443806, -1.4076059644443804, -0.4076059644443804}, {-0.4076059644443804, -1.4076059644443804, -2.4076059644443806}, {-0.6931471805599453, -0.6931471805599453, -20000.69314718056}, {-180.0, -90.0, 0.0}}
local BIG_SOFTMAX_DIM1 = {{0.0, 0.0, 1.0}, {0.0, 0.0, 0.0}, {1.0, 1.0, 0.0}, {0.0, 0.0, 0.0}}
local BIG_LOG_SOFTMAX_DIM1 = {{-9000.0, -8999.0, 0.0}, {-11000.0, -11001.0, -2004.0}, {0.0, 0.0, -11002.0}, {-10090.0, -10000.0, -912.0}}
-- ---------------------------------------------------------------------------------------------

local function make_input(dtype)
  local data
  if IS_FLOAT[dtype] then data = DATA_FLOAT
  elseif dtype == "uint8" then data = DATA_UINT8
  elseif dtype == "bool" then data = DATA_BOOL
  else data = DATA_INT end
  local t = lt.tensor(data, dtype):view(2, 3, 4)
  assert(t.dtype == dtype)
  return t
end

-- (5, 6, 7) inputs with varied values, for the view tests and the property tests
local function random_input(dtype, ...)
  local size = {...}
  if #size == 0 then size = {5, 6, 7} end
  if IS_FLOAT[dtype] then
    local sign = lt.randint(0, 2, size) * 2 - 1
    return ((lt.rand(size, dtype) + 0.5) * sign):to(dtype)
  elseif dtype == "bool" then
    return lt.randint(0, 2, size):to(lt.bool)
  elseif dtype == "uint8" then
    return lt.randint(1, 40, size, lt.uint8)
  else
    local sign = lt.randint(0, 2, size) * 2 - 1
    return (lt.randint(1, 4, size) * sign):to(dtype)
  end
end

-- a nested table from a flat list and a shape (row-major)
local function nest(flat, shape)
  local function build(d, offset)
    if d > #shape then return flat[offset + 1] end
    local stride = 1
    for k = d + 1, #shape do stride = stride * shape[k] end
    local r = {}
    for i = 1, shape[d] do r[i] = build(d + 1, offset + (i - 1) * stride) end
    return r
  end
  if #shape == 0 then return flat[1] end
  return build(1, 0)
end

-- reference reduction in plain Lua: the flat values of a row-major tensor of `shape` reduced
-- over the 1-based dim `dim` with combine(acc, x, i) (i the 1-based position along dim)
local function ref_reduce(flat, shape, dim, init, combine)
  local outer, inner = 1, 1
  for k = 1, dim - 1 do outer = outer * shape[k] end
  for k = dim + 1, #shape do inner = inner * shape[k] end
  local n, out = shape[dim], {}
  for o = 0, outer - 1 do
    for i = 0, inner - 1 do
      local acc = init
      for k = 0, n - 1 do acc = combine(acc, flat[(o * n + k) * inner + i + 1], k + 1) end
      out[o * inner + i + 1] = acc
    end
  end
  return out
end

describe("reductions", function()
  before_each(function() lt.manual_seed(20240601) end)

  -- ------------------------------------------------------------------------------------------
  describe("sum, prod, amax, amin, all, any, mean, logsumexp over dims (generated)", function()
    for _, c in ipairs(BASIC_CASES) do
      local tol = (c.op == "logsumexp" and c.dtype == "float32") and 4e-6 or nil
      it(string.format("%s of %s over %s gives %s", c.op, c.dtype, dims_name(c.dims), c.rdtype), function()
        local t = make_input(c.dtype)
        local r = t[c.op](t, c.dims)
        assert_close(r, c.rdtype, c.expected, tol, tol)
        -- keepdim = false is the default; keepdim = true keeps the reduced dims as size 1
        assert_same(t[c.op](t, c.dims, false), r, 0, 0, "keepdim false")
        local k = t[c.op](t, c.dims, true)
        assert_close(k, c.rdtype, {shape = kept_shape({2, 3, 4}, c.dims), values = flatten(c.expected)}, tol, tol)
        -- the module function is the method
        assert_same(lt[c.op](t, c.dims), r, 0, 0, "lt." .. c.op)
        -- the input is left alone
        assert.are.same({2, 3, 4}, t:size())
      end)
    end
  end)

  describe("var and std (generated)", function()
    for _, c in ipairs(VAR_CASES) do
      it(string.format("%s of %s over %s, unbiased = %s", c.op, c.dtype, dims_name(c.dims), tostring(c.unbiased)), function()
        local t = make_input(c.dtype)
        local r = t[c.op](t, c.dims, c.unbiased)
        assert_close(r, c.dtype, c.expected)
        local k = t[c.op](t, c.dims, c.unbiased, true)
        assert_close(k, c.dtype, {shape = kept_shape({2, 3, 4}, c.dims), values = flatten(c.expected)})
        assert_same(t[c.op](t, c.dims, c.unbiased, false), r, 0, 0, "keepdim false")
        if c.unbiased then assert_same(t[c.op](t, c.dims), r, 0, 0, "unbiased is the default") end
        if c.dims == nil then
          -- t:var(false) / t:var(true): the flag alone, over every element
          assert_same(t[c.op](t, c.unbiased), r, 0, 0, "the " .. c.op .. "(unbiased) form")
          assert_same(lt[c.op](t, c.unbiased), r, 0, 0, "lt." .. c.op .. "(t, unbiased)")
        end
      end)
    end

    it("var/std(unbiased, keepdim) without dims: the flag form also takes keepdim", function()
      -- t:var(false) is var over every element with N; a keepdim after it must not be lost
      local t = lt.tensor({1.0, 2.0, 4.0}):view(1, 3, 1)
      assert_close(t:var(false, true), "float32", {{{14 / 9}}})
      assert_close(t:var(true, true), "float32", {{{7 / 3}}})
      assert_close(t:std(false, false), "float32", math.sqrt(14 / 9))
      assert_close(lt.var(t, false, true), "float32", {{{14 / 9}}})
      assert_close(t:std(false, true), "float32", {{{math.sqrt(14 / 9)}}})
    end)

    it("var is computed stably (two passes), not as E[x^2] - E[x]^2", function()
      local x = lt.tensor({1e8 + 1, 1e8 + 2, 1e8 + 3, 1e8 + 4}, lt.float64)
      assert_close(x:var(), "float64", 5 / 3)
      assert_close(x:var(false), "float64", 1.25)
      local y = lt.tensor({10000.5, 10001.5, 10002.5, 10003.5}, lt.float32)
      assert_close(y:var(), "float32", 5 / 3)
      assert_close(y:std(false), "float32", math.sqrt(1.25))
    end)

    it("var of a single element is NaN unbiased and 0 biased (as PyTorch)", function()
      local x = lt.tensor({{3.5}, {4.5}})
      assert_close(x:var(2), "float32", {NAN, NAN})
      assert_close(x:var(2, false), "float32", {0.0, 0.0})
      assert_close(x:std(2), "float32", {NAN, NAN})
      assert_close(x:var(1), "float32", {0.5})
    end)
  end)

  describe("norm (generated)", function()
    for _, c in ipairs(NORM_CASES) do
      local pname = c.p == INF and "math.huge" or c.p == -INF and "-math.huge" or tostring(c.p)
      it(string.format("norm p = %s of %s over %s", pname, c.dtype, dims_name(c.dims)), function()
        local t = make_input(c.dtype)
        local r = t:norm(c.p, c.dims)
        assert_close(r, c.dtype, c.expected, c.dtype == "float32" and 4e-6 or nil)
        local k = t:norm(c.p, c.dims, true)
        assert_close(k, c.dtype, {shape = kept_shape({2, 3, 4}, c.dims), values = flatten(c.expected)},
          c.dtype == "float32" and 4e-6 or nil)
        assert_same(lt.norm(t, c.p, c.dims, false), r, 0, 0, "lt.norm, keepdim false")
        if c.p == 2 then
          assert_same(t:norm(nil, c.dims), r, 0, 0, "p = 2 is the default")
          if c.dims == nil then assert_same(t:norm(), r, 0, 0, "t:norm()") end
        end
      end)
    end
  end)

  -- ------------------------------------------------------------------------------------------
  describe("max, min, argmax, argmin", function()
    for _, c in ipairs(INDEX_CASES) do
      local argop = "arg" .. c.op
      it(string.format("%s of %s along dim %d: values and 1-based int64 indices; %s agrees",
        c.op, c.dtype, c.dim, argop), function()
        local t = make_input(c.dtype)
        local v, i = t[c.op](t, c.dim)
        assert_close(v, c.dtype, c.values)
        assert_close(i, "int64", c.indices)
        local vk, ik = t[c.op](t, c.dim, true)
        local ks = kept_shape({2, 3, 4}, c.dim)
        assert_close(vk, c.dtype, {shape = ks, values = flatten(c.values)})
        assert_close(ik, "int64", {shape = ks, values = flatten(c.indices)})
        local v2, i2 = t[c.op](t, c.dim, false)
        assert_same(v2, v, 0, 0)
        assert_same(i2, i, 0, 0)
        local lv, li = lt[c.op](t, c.dim)
        assert_same(lv, v, 0, 0)
        assert_same(li, i, 0, 0)
        assert_close(t[argop](t, c.dim), "int64", c.indices)
        assert_close(t[argop](t, c.dim, true), "int64", {shape = ks, values = flatten(c.indices)})
        assert_close(lt[argop](t, c.dim, false), "int64", c.indices)
        -- the indices point at the values
        local g = t:totable()
        local d = c.dim < 0 and c.dim + 4 or c.dim
        local vt, it_ = flatten(v:totable()), flatten(i:totable())
        local n = 0
        for a = 1, d == 1 and 1 or 2 do
          for b = 1, d == 2 and 1 or 3 do
            for e = 1, d == 3 and 1 or 4 do
              n = n + 1
              local at = {a, b, e}
              at[d] = it_[n]
              assert.are.equal(vt[n], g[at[1]][at[2]][at[3]])
            end
          end
        end
      end)
    end

    for _, dt in ipairs(DTYPES) do
      it("max(), min(), argmax(), argmin() of " .. dt .. " without a dim: 0-d results, flat 1-based indices", function()
        local t = make_input(dt)
        local e = FLAT_ARG[dt]
        assert_close(t:max(), dt, e.max)
        assert_close(t:min(), dt, e.min)
        assert_close(lt.max(t), dt, e.max)
        assert_close(t:argmax(), "int64", e.argmax)
        assert_close(t:argmin(), "int64", e.argmin)
        assert_close(lt.argmin(t), "int64", e.argmin)
        -- max() returns one value, not an index
        assert.are.equal(1, select("#", t:max()))
        assert.are.equal(2, select("#", t:max(1)))
        -- the flat index addresses the flattened tensor
        assert.are.equal(t:flatten()[t:argmax():item()], t:max():item())
        assert.are.equal(t:flatten()[t:argmin():item()], t:min():item())
      end)
    end

    it("argmax/argmin without a dim but with keepdim = true keep every dim as size 1 (as PyTorch)", function()
      -- torch.argmax(x, keepdim=True) has shape (1, 1, 1) for a 3-d x
      local t = make_input("float32")
      assert_close(t:argmax(nil, true), "int64", {{{19}}})
      assert_close(t:argmin(nil, true), "int64", {{{1}}})
      assert_close(t:argmax(nil, false), "int64", 19)
    end)

    it("ties: the first occurrence wins, along a dim and over the flattened tensor", function()
      local x = lt.tensor({{1, 3, 3, 2}, {5, 5, 5, 5}, {0, -1, 0, -1}})
      for _, dt in ipairs({"float32", "float64", "int32", "int64", "uint8"}) do
        local y = dt == "uint8" and (x + 1):to(dt) or x:to(dt)
        local _, imax = y:max(2)
        local _, imin = y:min(2)
        assert_close(imax, "int64", {2, 1, 1})
        assert_close(imin, "int64", {1, 1, 2})
        assert_close(y:argmax(2), "int64", {2, 1, 1})
        assert_close(y:argmin(2), "int64", {1, 1, 2})
        assert_close(y:argmax(), "int64", 5) -- the first 5
        assert_close(y:argmin(), "int64", 10) -- the first -1
        local _, icol = y:max(1)
        assert_close(icol, "int64", {2, 2, 2, 2})
      end
      local b = lt.tensor({{false, true, true}, {false, false, false}})
      assert_close(b:argmax(), "int64", 2)
      assert_close(b:argmin(), "int64", 1)
      assert_close(b:argmax(2), "int64", {2, 1})
      local v, i = b:max(2)
      assert_close(v, "bool", {true, false})
      assert_close(i, "int64", {2, 1})
      local vmin, imin = b:min(1)
      assert_close(vmin, "bool", {false, false, false})
      assert_close(imin, "int64", {1, 2, 2})
    end)

    it("max/min with another tensor are the element-wise maximum/minimum (broadcast)", function()
      local a = lt.tensor({{1.0, 5.0, -2.0}, {4.0, NAN, 0.5}})
      local b = lt.tensor({3.0, 2.0, -2.5})
      assert_close(a:max(b), "float32", {{3.0, 5.0, -2.0}, {4.0, NAN, 0.5}})
      assert_close(a:min(b), "float32", {{1.0, 2.0, -2.5}, {3.0, NAN, -2.5}})
      assert_close(lt.max(a, b), "float32", {{3.0, 5.0, -2.0}, {4.0, NAN, 0.5}})
      assert_same(a:max(b), lt.maximum(a, b), 0, 0)
      assert_same(a:min(b), lt.minimum(a, b), 0, 0)
      local i = lt.tensor({{1, 7}, {-3, 2}})
      assert_close(i:max(lt.tensor({2, 2})), "int64", {{2, 7}, {2, 2}})
      assert_close(i:min(lt.tensor({2, 2}, lt.int32)), "int64", {{1, 2}, {-3, 2}})
      assert_close(i:max(lt.tensor({2.5, 0.5}, lt.float64)), "float64", {{2.5, 7.0}, {2.5, 2.0}})
    end)
  end)

  -- ------------------------------------------------------------------------------------------
  describe("all and any test each element for ~= 0", function()
    it("fractions, NaN and multiples of 256 count as true (as PyTorch)", function()
      for _, dt in ipairs(FLOATS) do
        assert_close(lt.tensor({0.5, -0.25, 1.0}, dt):all(), "bool", true)
        assert_close(lt.tensor({0.0, -0.25}, dt):any(), "bool", true)
        assert_close(lt.tensor({NAN, 2.0}, dt):all(), "bool", true)
        assert_close(lt.tensor({{0.5, 0.0}, {1e-30, 0.75}}, dt):all(2), "bool", {false, true})
        assert_close(lt.tensor({{0.5, 0.0}, {0.0, 0.0}}, dt):any(2), "bool", {true, false})
        assert_close(lt.tensor({{0.5, 0.0}, {0.25, 0.0}}, dt):any(1), "bool", {true, false})
      end
      for _, dt in ipairs({"int32", "int64"}) do
        assert_close(lt.tensor({256, 1, -512}, dt):all(), "bool", true)
        assert_close(lt.tensor({0, 1024}, dt):any(), "bool", true)
        assert_close(lt.tensor({{256, 0}, {65536, 3}}, dt):all(2), "bool", {false, true})
      end
      assert_close(lt.tensor({4294967296, 1}):all(), "bool", true)
    end)
  end)

  -- ------------------------------------------------------------------------------------------
  describe("NaN", function()
    for _, dt in ipairs(FLOATS) do
      it("max, min, amax, amin propagate NaN; argmax/argmin point at the first NaN (" .. dt .. ")", function()
        local x = lt.tensor({{1.0, NAN, 3.0, NAN}, {-1.0, 2.0, 5.0, 0.0}, {NAN, -INF, INF, 1.0}}, dt)
        assert_close(x:max(), dt, NAN)
        assert_close(x:min(), dt, NAN)
        assert_close(x:amax(), dt, NAN)
        assert_close(x:amin(), dt, NAN)
        assert_close(x:amax(2), dt, {NAN, 5.0, NAN})
        assert_close(x:amin(2), dt, {NAN, -1.0, NAN})
        assert_close(x:amax(1), dt, {NAN, NAN, INF, NAN})
        assert_close(x:amin(1), dt, {NAN, NAN, 3.0, NAN})
        local v, i = x:max(2)
        assert_close(v, dt, {NAN, 5.0, NAN})
        assert_close(i, "int64", {2, 3, 1})
        v, i = x:min(2)
        assert_close(v, dt, {NAN, -1.0, NAN})
        assert_close(i, "int64", {2, 1, 1})
        v, i = x:max(1)
        assert_close(v, dt, {NAN, NAN, INF, NAN})
        assert_close(i, "int64", {3, 1, 3, 1})
        assert_close(x:argmax(), "int64", 2)
        assert_close(x:argmin(), "int64", 2)
        assert_close(x:argmax(2), "int64", {2, 3, 1})
        assert_close(x:argmin(1), "int64", {3, 1, 1, 1})
        -- NaN as the last element too (nothing after it to stop the scan)
        local y = lt.tensor({1.0, 2.0, NAN}, dt)
        assert_close(y:argmax(), "int64", 3)
        assert_close(y:argmin(), "int64", 3)
        assert_close(y:max(), dt, NAN)
        assert_close(y:amin(1), dt, NAN)
        -- sums and means propagate NaN (all/any: see "all and any test each element for ~= 0")
        assert_close(y:sum(), dt, NAN)
        assert_close(y:mean(), dt, NAN)
        assert_close(y:prod(), dt, NAN)
        assert_close(y:logsumexp(), dt, NAN)
      end)
    end
  end)

  -- ------------------------------------------------------------------------------------------
  describe("logsumexp special values", function()
    for _, dt in ipairs(FLOATS) do
      it("rows of -inf, +inf, large values and NaN (" .. dt .. ")", function()
        local x = lt.tensor(LSE_ROWS, dt)
        local expected = dt == "float32" and LSE_EXPECTED_FLOAT32 or LSE_EXPECTED_FLOAT64
        assert_close(x:logsumexp(2), dt, expected)
        assert_close(x:logsumexp(-1), dt, expected)
        -- the same rows as columns of a transposed view
        assert_close(x:t():logsumexp(1), dt, expected)
        assert_close(x:t():contiguous():logsumexp(1), dt, expected)
        local k = x:logsumexp(2, true)
        assert_close(k, dt, {shape = {#LSE_ROWS, 1}, values = expected})
      end)

      it("large values that would overflow exp (" .. dt .. ")", function()
        local x = lt.full({1000}, 1000.0, dt)
        assert_close(x:logsumexp(), dt, 1000 + math.log(1000))
        assert_close(x:logsumexp(1), dt, 1000 + math.log(1000))
        local y = lt.tensor({{-1000.0, -1000.0}, {1e4, 0.0}}, dt)
        assert_close(y:logsumexp(2), dt, {-1000 + math.log(2), 1e4})
        assert_close(y:logsumexp(), dt, 1e4)
      end)
    end
  end)

  -- ------------------------------------------------------------------------------------------
  describe("softmax and log_softmax", function()
    for _, c in ipairs(SOFTMAX_CASES) do
      it(string.format("%s of %s along dim %d (generated)", c.op, c.dtype, c.dim), function()
        local t = make_input(c.dtype)
        local tol = c.dtype == "float32" and 4e-6 or nil
        assert_close(t[c.op](t, c.dim), c.dtype, c.expected, tol, tol)
        assert_close(lt[c.op](t, c.dim), c.dtype, c.expected, tol, tol)
      end)
    end

    for _, dt in ipairs(FLOATS) do
      it("rows sum to 1 along dims 1, 2, -1 and 3-d dims; log_softmax is log(softmax) (" .. dt .. ")", function()
        local x = lt.randn(5, 7, dt) * 4
        for _, d in ipairs({1, 2, -1, -2}) do
          local s = x:softmax(d)
          assert.are.same({5, 7}, s:size())
          assert.are.equal(dt, s.dtype)
          local total = s:sum(d)
          assert_close(total, dt, {shape = total:size(), values = flatten(lt.ones_like(total):totable())}, 1e-5, 1e-6)
          assert.is_true(s:ge(0):all():item())
          local ls = x:log_softmax(d)
          assert_same(ls, s:log(), dt == "float32" and 1e-5 or 1e-12, dt == "float32" and 1e-5 or 1e-12,
            "log_softmax vs log(softmax) along " .. d)
        end
        local y = lt.randn(3, 4, 5, dt)
        local s = y:softmax(2)
        assert_close(s:sum(2), dt, {shape = {3, 5}, values = flatten(lt.ones(15):totable())}, 1e-5, 1e-6)
      end)

      it("stable for large values (" .. dt .. ")", function()
        local x = lt.tensor(BIG_ROWS, dt)
        local tol = dt == "float32" and 4e-6 or nil
        assert_close(x:softmax(2), dt, BIG_SOFTMAX, tol, tol)
        assert_close(x:softmax(-1), dt, BIG_SOFTMAX, tol, tol)
        assert_close(x:softmax(1), dt, BIG_SOFTMAX_DIM1, tol, tol)
        -- nothing overflowed: no NaN
        local s = x:softmax(2)
        assert.is_true(s:eq(s):all():item())
      end)

      it("log_softmax is stable and accurate for large values (" .. dt .. ")", function()
        -- x - max - log(sum(exp(x - max))): subtracting max + log(sum) rounded to the dtype
        -- loses the low bits of the result (PyTorch float32: -1.4076058864593506 for the
        -- second element of the first row, within 1e-7)
        local x = lt.tensor(BIG_ROWS, dt)
        local tol = dt == "float32" and 4e-6 or nil
        assert_close(x:log_softmax(2), dt, BIG_LOG_SOFTMAX, tol, tol)
        assert_close(x:log_softmax(1), dt, BIG_LOG_SOFTMAX_DIM1, tol, tol)
      end)

      it("-inf entries get probability 0 (" .. dt .. ")", function()
        local x = lt.tensor({{-INF, 0.0, 0.0}, {1.0, -INF, -INF}}, dt)
        assert_close(x:softmax(2), dt, {{0.0, 0.5, 0.5}, {1.0, 0.0, 0.0}})
        assert_close(x:log_softmax(2), dt, {{-INF, -math.log(2), -math.log(2)}, {0.0, -INF, -INF}})
      end)
    end
  end)

  -- ------------------------------------------------------------------------------------------
  describe("cumsum and cumprod", function()
    for _, c in ipairs(CUM_CASES) do
      it(string.format("%s of %s along dim %d gives %s (generated)", c.op, c.dtype, c.dim, c.rdtype), function()
        local t = make_input(c.dtype)
        assert_close(t[c.op](t, c.dim), c.rdtype, c.expected)
        assert_close(lt[c.op](t, c.dim), c.rdtype, c.expected)
      end)
    end

    it("integers wrap in int64, float32 accumulates in float64", function()
      local x = lt.tensor({math.maxinteger, 1, 1})
      assert_close(x:cumsum(1), "int64", {math.maxinteger, math.mininteger, math.mininteger + 1})
      assert_close(lt.tensor({200, 200}, lt.uint8):cumsum(1), "int64", {200, 400})
      assert_close(lt.tensor({200, 200}, lt.uint8):cumprod(1), "int64", {200, 40000})
      assert_close(lt.tensor({100000, 100000}, lt.int32):cumprod(1), "int64", {100000, 10000000000})
      -- 2^24 + 1 + 1: float32 steps of 1 past 2^24 are lost, float64 ones are not
      local f = lt.tensor({16777216.0, 1.0, 1.0}, lt.float32)
      assert_close(f:cumsum(1), "float32", {16777216.0, 16777216.0, 16777218.0}, 0, 0)
    end)
  end)

  -- ------------------------------------------------------------------------------------------
  describe("0-d inputs", function()
    it("reduce to 0-d results", function()
      local x = lt.tensor(2.5)
      for _, op in ipairs({"sum", "prod", "amax", "amin", "mean", "logsumexp", "max", "min"}) do
        assert_close(x[op](x), "float32", 2.5)
      end
      assert_close(x:sum(nil, true), "float32", 2.5)
      assert_close(x:all(), "bool", true)
      assert_close(lt.tensor(0.0):any(), "bool", false)
      assert_close(x:norm(), "float32", 2.5)
      assert_close(lt.tensor(-2.5):norm(1), "float32", 2.5)
      assert_close(lt.tensor(-2.5):norm(INF), "float32", 2.5)
      assert_close(lt.tensor(-2.5):norm(0), "float32", 1.0)
      assert_close(x:var(), "float32", NAN) -- one element, N - 1 = 0 (as PyTorch)
      assert_close(x:var(false), "float32", 0.0)
      assert_close(x:std(false), "float32", 0.0)
      assert_close(x:argmax(), "int64", 1)
      assert_close(x:argmin(), "int64", 1)
      assert_close(lt.tensor(7, lt.int32):sum(), "int64", 7)
      assert_close(lt.tensor(7, lt.uint8):prod(), "int64", 7)
      assert_close(lt.tensor(7):amax(), "int64", 7)
      assert_close(lt.tensor(true):sum(), "int64", 1)
      assert_close(lt.tensor(false):all(), "bool", false)
      assert_close(lt.tensor(2.5, lt.float64):mean(), "float64", 2.5)
    end)

    it("norm with p = -math.huge (the smallest absolute value) of a 0-d tensor", function()
      assert_close(lt.tensor(-2.5):norm(-INF), "float32", 2.5)
      assert_close(lt.tensor(-2.5, lt.float64):norm(-math.huge), "float64", 2.5)
    end)

    it("have no dims to name (unlike PyTorch, which accepts dim 0 and -1 of a 0-d tensor)", function()
      local x = lt.tensor(2.5)
      assert.are.equal("sum: dimension 1 out of range (a 0-d tensor has no dimensions)", error_of(function() return x:sum(1) end))
      assert.are.equal("max: dimension -1 out of range (a 0-d tensor has no dimensions)", error_of(function() return x:max(-1) end))
      assert.are.equal("cumsum: dimension 1 out of range (a 0-d tensor has no dimensions)", error_of(function() return x:cumsum(1) end))
      assert.are.equal("softmax: dimension 1 out of range (a 0-d tensor has no dimensions)", error_of(function() return x:softmax(1) end))
    end)
  end)

  -- ------------------------------------------------------------------------------------------
  describe("empty tensors", function()
    for _, dt in ipairs(DTYPES) do
      it("sum = 0, prod = 1, all = true, any = false (" .. dt .. ")", function()
        local e = lt.zeros(0, dt)
        local sdt = IS_FLOAT[dt] and dt or "int64"
        local zero, one = 0, 1
        if IS_FLOAT[dt] then zero, one = 0.0, 1.0 end
        assert_close(e:sum(), sdt, zero)
        assert_close(e:prod(), sdt, one)
        assert_close(e:all(), "bool", true)
        assert_close(e:any(), "bool", false)
        local m = lt.zeros(0, 3, dt)
        assert_close(m:sum(1), sdt, {zero, zero, zero})
        assert_close(m:prod(1), sdt, {one, one, one})
        assert_close(m:all(1), "bool", {true, true, true})
        assert_close(m:any(1), "bool", {false, false, false})
        assert_close(m:sum(1, true), sdt, {{zero, zero, zero}})
        assert_close(m:sum(2), sdt, {shape = {0}, values = {}})
        assert_close(m:sum(2, true), sdt, {shape = {0, 1}, values = {}})
        assert_close(m:prod({1, 2}), sdt, one)
        assert_close(m:cumsum(1), sdt, {shape = {0, 3}, values = {}})
        assert_close(m:cumprod(2), sdt, {shape = {0, 3}, values = {}})
        -- along a dim that is not empty the outputs are simply empty (as PyTorch)
        local v, i = m:max(2)
        assert_close(v, dt, {shape = {0}, values = {}})
        assert_close(i, "int64", {shape = {0}, values = {}})
        assert_close(m:argmin(2), "int64", {shape = {0}, values = {}})
      end)
    end

    it("max/min/amax/amin of an empty tensor are errors (no identity)", function()
      local e = lt.zeros(0)
      assert.are.equal("max: cannot reduce an empty tensor (max has no identity)", error_of(function() return e:max() end))
      assert.are.equal("min: cannot reduce an empty tensor (min has no identity)", error_of(function() return e:min() end))
      assert.are.equal("amax: cannot reduce an empty tensor (max has no identity)", error_of(function() return e:amax() end))
      assert.are.equal("amin: cannot reduce an empty tensor (min has no identity)", error_of(function() return e:amin() end))
      local m = lt.zeros(0, 3)
      assert.are.equal("amax: cannot reduce an empty tensor (max has no identity)", error_of(function() return m:amax(1) end))
      assert.are.equal("amin: cannot reduce an empty tensor (min has no identity)", error_of(function() return m:amin({1, 2}) end))
    end)

    it("amax/amin along a non-empty dim of an empty tensor are empty (as max(dim) and PyTorch)", function()
      local m = lt.zeros(0, 3)
      -- torch.zeros(0, 3).amax(1) is tensor([]) of shape (0,): nothing is reduced over an empty set
      assert_close(m:amax(2), "float32", {shape = {0}, values = {}})
      assert_close(m:amin(-1, true), "float32", {shape = {0, 1}, values = {}})
    end)

    it("mean and var of an empty tensor are NaN, norms 0 (as PyTorch)", function()
      local m = lt.zeros(0, 3)
      assert_close(lt.zeros(0):mean(), "float32", NAN)
      assert_close(m:mean(1), "float32", {NAN, NAN, NAN})
      assert_close(m:var(1), "float32", {NAN, NAN, NAN})
      assert_close(m:std(1, false), "float32", {NAN, NAN, NAN})
      assert_close(m:norm(2, 1), "float32", {0.0, 0.0, 0.0})
      assert_close(m:norm(1), "float32", 0.0)
      assert_close(m:norm(0), "float32", 0.0)
      assert_close(m:norm(3, 2), "float32", {shape = {0}, values = {}})
    end)

    it("logsumexp of an empty set is -inf (as PyTorch)", function()
      local m = lt.zeros(0, 3)
      -- torch.logsumexp(torch.zeros(0, 3), 0) = tensor([-inf, -inf, -inf])
      assert_close(m:logsumexp(1), "float32", {-INF, -INF, -INF})
      assert_close(lt.zeros(0, lt.float64):logsumexp(), "float64", -INF)
    end)

    it("logsumexp along a non-empty dim of an empty tensor is empty (as PyTorch)", function()
      local m = lt.zeros(0, 3)
      -- torch.logsumexp(torch.zeros(0, 3), 1) = tensor([])
      assert_close(m:logsumexp(2), "float32", {shape = {0}, values = {}})
      assert_close(m:logsumexp(-1, true), "float32", {shape = {0, 1}, values = {}})
    end)

    it("softmax and log_softmax of an empty tensor are empty (as PyTorch)", function()
      local m = lt.zeros(0, 3)
      -- torch.zeros(0, 3).softmax(1) and .log_softmax(0) have shape (0, 3)
      assert_close(m:softmax(2), "float32", {shape = {0, 3}, values = {}})
      assert_close(m:log_softmax(1), "float32", {shape = {0, 3}, values = {}})
    end)

    it("cumsum and cumprod along the empty dim of a (0 x 2^40) tensor return at once", function()
      -- found by test/fuzz_api: 2^40 empty lines were each visited (a hang)
      local e = lt.zeros(0, 1 << 40, "float64")
      local t0 = lt.clock()
      assert.are.same({0, 1 << 40}, e:cumsum(1).shape)
      assert.are.same({0, 1 << 40}, e:cumprod(1).shape)
      assert.are.same({0, 1 << 40}, e:cumsum(-2).shape)
      assert.is_true(lt.clock() - t0 < 1)
    end)
  end)

  -- ------------------------------------------------------------------------------------------
  describe("non-contiguous inputs give the values of their contiguous copies", function()
    local function views_of(base)
      return {
        {"transposed", base:transpose(1, 3)},
        {"permuted", base:permute(2, 3, 1)},
        {"stepped slices", base[{{1, -1, 2}, {}, {2, 7, 3}}]},
        {"negative steps", base[{{-1, 1, -1}, {-1, 1, -2}}]},
        {"narrowed inner dim", base:narrow(3, 2, 4)},
        {"expanded middle dim", base[{{}, {2}, {}}]:expand(5, 4, 7)},
        {"expanded leading dims", base[{2, 3}]:expand(3, 4, 7)},
        {"transposed and reversed", base:transpose(1, 2)[{{-1, 1, -1}}]},
      }
    end

    local function check(what, f, view, rtol)
      local a, b = f(view), f(view:contiguous())
      if type(a) == "table" then -- several results
        for k = 1, #a do assert_same(a[k], b[k], rtol, rtol, what .. " result " .. k) end
      else
        assert_same(a, b, rtol, rtol, what)
      end
    end

    for _, dt in ipairs(DTYPES) do
      it("all reductions on " .. dt .. " views", function()
        local base = random_input(dt)
        for _, v in ipairs(views_of(base)) do
          local name, view = v[1], v[2]
          assert.is_false(view:is_contiguous(), name)
          for _, op in ipairs({"sum", "prod", "amax", "amin", "all", "any"}) do
            for _, d in ipairs({false, 1, 2, 3, -1, {1, 3}, {2, 3}}) do
              local dims = d or nil
              check(name .. " " .. op .. " " .. dims_name(dims), function(x) return x[op](x, dims) end, view)
              check(name .. " " .. op .. " keepdim", function(x) return x[op](x, dims, true) end, view)
            end
          end
          for d = -1, 3 do
            if d ~= 0 then
              check(name .. " max " .. d, function(x) return {x:max(d)} end, view)
              check(name .. " min " .. d, function(x) return {x:min(d, true)} end, view)
              check(name .. " argmax " .. d, function(x) return x:argmax(d) end, view)
              check(name .. " argmin " .. d, function(x) return x:argmin(d) end, view)
              check(name .. " cumsum " .. d, function(x) return x:cumsum(d) end, view)
              check(name .. " cumprod " .. d, function(x) return x:cumprod(d) end, view)
            end
          end
          check(name .. " max()", function(x) return x:max() end, view)
          check(name .. " argmax()", function(x) return x:argmax() end, view)
          check(name .. " argmin()", function(x) return x:argmin() end, view)
          if IS_FLOAT[dt] then
            local tol = dt == "float32" and 1e-5 or 1e-12
            for _, d in ipairs({false, 1, 2, 3, {1, 3}}) do
              local dims = d or nil
              local dn = dims_name(dims)
              check(name .. " mean " .. dn, function(x) return x:mean(dims) end, view, tol)
              check(name .. " var " .. dn, function(x) return x:var(dims) end, view, tol)
              check(name .. " std " .. dn, function(x) return x:std(dims, false) end, view, tol)
              check(name .. " logsumexp " .. dn, function(x) return x:logsumexp(dims) end, view, tol)
              for _, p in ipairs({1, 2, 3, INF, 0}) do
                check(name .. " norm " .. p .. " " .. dn, function(x) return x:norm(p, dims) end, view, tol)
              end
            end
            for _, d in ipairs({1, 2, 3, -1}) do
              check(name .. " softmax " .. d, function(x) return x:softmax(d) end, view, tol)
              check(name .. " log_softmax " .. d, function(x) return x:log_softmax(d) end, view, tol)
            end
          end
        end
      end)
    end

    for _, dt in ipairs(FLOATS) do
      it("norm with p = -math.huge on " .. dt .. " views", function()
        local base = random_input(dt)
        for _, v in ipairs(views_of(base)) do
          for _, d in ipairs({false, 1, 2, 3, {1, 3}}) do
            local dims = d or nil
            check(v[1] .. " norm -inf " .. dims_name(dims), function(x) return x:norm(-INF, dims) end, v[2])
          end
        end
      end)
    end

    it("max along an expanded dim picks the first of the equal elements", function()
      local row = lt.tensor({3.0, 1.0, 2.0})
      local e = row:view(1, 3):expand(4, 3)
      local v, i = e:max(1)
      assert_close(v, "float32", {3.0, 1.0, 2.0})
      assert_close(i, "int64", {1, 1, 1})
      assert_close(e:argmax(), "int64", 1)
      assert_close(e:sum(1), "float32", {12.0, 4.0, 8.0})
      assert_close(e:cumsum(1), "float32", {{3.0, 1.0, 2.0}, {6.0, 2.0, 4.0}, {9.0, 3.0, 6.0}, {12.0, 4.0, 8.0}})
    end)
  end)

  -- ------------------------------------------------------------------------------------------
  describe("inner and outer reduced dims, against plain Lua loops", function()
    local function add(a, x) return a + x end
    local function amax(a, x) return x > a and x or a end

    for _, dt in ipairs({"float32", "float64", "int64"}) do
      it("sum, amax, max, mean over dim 1 and dim 2 of a (300, 700) " .. dt .. " tensor", function()
        local x = dt == "int64" and lt.randint(-1000, 1000, {300, 700}) or lt.rand(300, 700, dt)
        local flat = flatten(x:totable())
        local zero = dt == "int64" and 0 or 0.0
        for _, d in ipairs({1, 2}) do
          local want = ref_reduce(flat, {300, 700}, d, zero, add)
          local n = d == 1 and 700 or 300
          assert_close(x:sum(d), dt, {shape = {n}, values = want})
          assert_close(x:t():sum(3 - d), dt, {shape = {n}, values = want})
          local wmax = ref_reduce(flat, {300, 700}, d, -math.huge, amax)
          assert_close(x:amax(d), dt, {shape = {n}, values = wmax})
          local wi = ref_reduce(flat, {300, 700}, d, {-math.huge, 0},
            function(a, v, i) if v > a[1] then return {v, i} end return a end)
          local _, idx = x:max(d)
          local wantidx = {}
          for k = 1, #wi do wantidx[k] = wi[k][2] end
          assert_close(idx, "int64", {shape = {n}, values = wantidx})
          if dt ~= "int64" then
            local m = d == 1 and 300 or 700
            local wmean = {}
            for k = 1, #want do wmean[k] = want[k] / m end
            assert_close(x:mean(d), dt, {shape = {n}, values = wmean})
          end
        end
      end)
    end

    it("3-d tensors reducing the middle dim", function()
      local x = lt.rand(20, 30, 40, lt.float64) * 0.1 + 0.95
      local flat = flatten(x:totable())
      local shape = {20, 30, 40}
      assert_close(x:sum(2), "float64", {shape = {20, 40}, values = ref_reduce(flat, shape, 2, 0.0, add)})
      assert_close(x:prod(2), "float64", {shape = {20, 40}, values = ref_reduce(flat, shape, 2, 1.0,
        function(a, v) return a * v end)}, 1e-12)
      assert_close(x:amax(2), "float64", {shape = {20, 40}, values = ref_reduce(flat, shape, 2, -math.huge, amax)})
      local wi = ref_reduce(flat, shape, 2, {math.huge, 0}, function(a, v, i) if v < a[1] then return {v, i} end return a end)
      local want = {}
      for k = 1, #wi do want[k] = wi[k][2] end
      assert_close(x:argmin(2), "int64", {shape = {20, 40}, values = want})
      assert_close(x:sum(2, true), "float64", {shape = {20, 1, 40}, values = ref_reduce(flat, shape, 2, 0.0, add)})
      local x32 = x:float()
      local f32 = flatten(x32:totable())
      assert_close(x32:sum(2), "float32", {shape = {20, 40}, values = ref_reduce(f32, shape, 2, 0.0, add)})
      -- cumsum along the middle dim: the last slice is the sum
      assert_same(x:cumsum(2):select(2, 30), x:sum(2), 1e-12, 1e-12, "cumsum end")
    end)
  end)

  -- ------------------------------------------------------------------------------------------
  describe("large inputs (the threaded path: > 131072 elements, few outputs)", function()
    local saved
    before_each(function()
      saved = lt.get_num_threads()
      lt.set_num_threads(4)
    end)
    after_each(function() lt.set_num_threads(saved) end)

    local function lua_sum(flat)
      local s = 0
      for i = 1, #flat do s = s + flat[i] end
      return s
    end

    it("sum over all of a (1000, 1000) tensor matches a plain float64 loop", function()
      local x = lt.rand(1000, 1000)
      local want = lua_sum(flatten(x:totable()))
      assert_close(x:sum(), "float32", want, 1e-7, 0)
      assert_close(x:double():sum(), "float64", want, 1e-12, 0)
      assert_close(x:t():sum(), "float32", want, 1e-7, 0)
      assert_close(x:sum({1, 2}), "float32", want, 1e-7, 0)
      assert_close(x:mean(), "float32", want / 1e6, 1e-7, 0)
      -- chunks small enough to be summed on one thread
      local chunks = 0.0
      for r = 1, 1000, 100 do chunks = chunks + x:narrow(1, r, 100):double():sum():item() end
      assert_close(x:double():sum(), "float64", chunks, 1e-12, 0)
      -- a given thread count gives the same bits every time
      assert.are.equal(x:sum():item(), x:sum():item())
      assert.are.equal(x:double():sum():item(), x:double():sum():item())
      local i = lt.randint(-1000000, 1000000, {1000, 1000})
      assert_close(i:sum(), "int64", lua_sum(flatten(i:totable())))
      assert_close(i:int():sum(), "int64", lua_sum(flatten(i:totable())))
    end)

    it("sum over dim 1 of a (100000, 4) tensor matches a plain float64 loop", function()
      for _, x in ipairs({lt.rand(100000, 4), lt.rand(4, 100000):t()}) do
        local want = ref_reduce(flatten(x:totable()), {100000, 4}, 1, 0.0, function(a, v) return a + v end)
        assert_close(x:sum(1), "float32", {shape = {4}, values = want}, 1e-7, 0)
        assert_close(x:double():sum(1), "float64", {shape = {4}, values = want}, 1e-12, 0)
        assert_close(x:sum(1, true), "float32", {shape = {1, 4}, values = want}, 1e-7, 0)
        local means = {}
        for k = 1, 4 do means[k] = want[k] / 100000 end
        assert_close(x:mean(1), "float32", {shape = {4}, values = means}, 1e-7, 0)
        -- small chunks of rows, summed one by one
        local acc = lt.zeros(4, lt.float64)
        for r = 1, 100000, 10000 do acc = acc + x:narrow(1, r, 10000):double():sum(1) end
        assert_close(x:double():sum(1), "float64", {shape = {4}, values = flatten(acc:totable())}, 1e-12, 0)
      end
    end)

    it("one thread and four threads agree", function()
      local x = lt.randn(300000)
      local y = lt.randint(-100, 100, {200000, 3})
      local four = {x:sum(), x:double():sum(), x:amax(), x:amin(), x:norm(), y:sum(1), y:amax(1), y:prod(1)}
      lt.set_num_threads(1)
      local one = {x:sum(), x:double():sum(), x:amax(), x:amin(), x:norm(), y:sum(1), y:amax(1), y:prod(1)}
      for k = 1, #one do assert_same(four[k], one[k], 1e-6, 0, "result " .. k) end
    end)

    it("amax, amin, prod, all, any and NaN on the threaded path", function()
      local x = lt.rand(1000, 1000)
      x[{999, 777}] = 5.0
      x[{3, 5}] = -5.0
      assert_close(x:amax(), "float32", 5.0)
      assert_close(x:amin(), "float32", -5.0)
      assert_close(x:max(), "float32", 5.0)
      assert_close(x:argmax(), "int64", 998 * 1000 + 777)
      assert_close(x:argmin(), "int64", 2 * 1000 + 5)
      local ones = lt.ones(1000, 1000, lt.float64)
      ones[{10, 10}] = 2.0
      ones[{900, 3}] = 2.0
      ones[{1000, 1000}] = -0.5
      assert_close(ones:prod(), "float64", -2.0)
      local iones = ones:long()
      iones[{1000, 1000}] = -3
      assert_close(iones:prod(), "int64", -12)
      local b = lt.ones(1000, 1000, lt.bool)
      assert_close(b:all(), "bool", true)
      b[{1000, 999}] = false
      assert_close(b:all(), "bool", false)
      assert_close(lt.zeros(1000, 1000):any(), "bool", false)
      local z = lt.zeros(1000, 1000, lt.uint8)
      z[{1000, 1000}] = 1
      assert_close(z:any(), "bool", true)
      assert_close(z:sum(), "int64", 1)
      -- NaN late in the data, on another thread's share
      x[{800, 1}] = NAN
      x[{900, 1}] = NAN
      assert_close(x:amax(), "float32", NAN)
      assert_close(x:amin(), "float32", NAN)
      assert_close(x:max(), "float32", NAN)
      assert_close(x:argmax(), "int64", 799 * 1000 + 1)
      local col = x:amax(1)
      assert.is_true(col[1] ~= col[1]) -- column 1 holds the NaNs
      assert.is_true(col[2] == col[2])
      assert_close(x:sum(), "float32", NAN)
    end)
  end)

  -- ------------------------------------------------------------------------------------------
  describe("accuracy of float32 sums (accumulated in float64)", function()
    it("16,000,000 uniform values agree with the float64 sum to 1e-6", function()
      lt.manual_seed(7)
      local x = lt.rand(16000000)
      local s32 = x:sum()
      assert.are.equal("float32", s32.dtype)
      local s64 = x:double():sum():item()
      assert.is_true(math.abs(s32:item() - s64) <= 1e-6 * math.abs(s64),
        string.format("float32 sum %.17g, float64 sum %.17g", s32:item(), s64))
      local m = x:mean():item()
      assert.is_true(math.abs(m - s64 / 16000000) <= 1e-6 * (s64 / 16000000))
      local v = x:view(4000, 4000)
      assert.is_true(math.abs(v:sum(1):double():sum():item() - s64) <= 1e-6 * s64)
      assert.is_true(math.abs(v:sum(2):double():sum():item() - s64) <= 1e-6 * s64)
    end)

    it("16,000,000 ones sum to exactly 16000000, and 20,000,000 (past 2^24) to 20000000", function()
      local s = lt.ones(16000000):sum()
      assert.are.equal("float32", s.dtype)
      assert.are.equal(16000000.0, s:item())
      assert.are.equal(20000000.0, lt.ones(20000000):sum():item())
      assert.are.equal(20000000.0, lt.ones(5000, 4000):sum():item())
      assert.are.equal(20000000.0, lt.ones(5000, 4000):t():sum():item())
    end)
  end)

  -- ------------------------------------------------------------------------------------------
  describe("errors", function()
    local m = lt.zeros(2, 3)

    it("dims out of range", function()
      local range = "dimension %s out of range for a 2-d tensor (expected 1..2 or -2..-1)"
      for _, op in ipairs({"sum", "prod", "amax", "amin", "all", "any", "mean", "var", "std", "logsumexp",
                            "max", "min", "argmax", "argmin", "cumsum", "cumprod", "softmax", "log_softmax"}) do
        for _, d in ipairs({3, -3, 0}) do
          assert.are.equal(op .. ": " .. range:format(d), error_of(function() return m[op](m, d) end))
        end
      end
      for _, op in ipairs({"sum", "mean", "var", "logsumexp", "amax"}) do
        assert.are.equal(op .. ": " .. range:format(3), error_of(function() return m[op](m, {1, 3}) end))
        assert.are.equal(op .. ": " .. range:format(-3), error_of(function() return m[op](m, {-3}) end))
      end
      assert.are.equal("norm: " .. range:format(3), error_of(function() return m:norm(2, 3) end))
      assert.are.equal("norm: " .. range:format(0), error_of(function() return m:norm(1, {0, 1}) end))
      assert.are.equal("sum: dimension 4 out of range for a 3-d tensor (expected 1..3 or -3..-1)",
        error_of(function() return lt.zeros(2, 3, 4):sum(4) end))
    end)

    it("a dim appearing twice, an empty table of dims, a dim that is not an integer", function()
      for _, op in ipairs({"sum", "prod", "amax", "amin", "all", "any", "mean", "var", "std", "logsumexp"}) do
        assert.are.equal(op .. ": dim 1 appears twice", error_of(function() return m[op](m, {1, 1}) end))
        assert.are.equal(op .. ": dim 2 appears twice", error_of(function() return m[op](m, {2, -1}) end))
        assert.are.equal(op .. ": the table of dims is empty", error_of(function() return m[op](m, {}) end))
      end
      assert.are.equal("norm: dim 1 appears twice", error_of(function() return m:norm(2, {1, -2}) end))
      assert.are.equal("norm: the table of dims is empty", error_of(function() return m:norm("fro", {}) end))
      assert.are.equal("sum: dim 2 must be an integer, got string", error_of(function() return m:sum({1, "x"}) end))
      assert.are.equal("bad argument #1 to 'sum' (number has no integer representation)",
        error_of(function() return m:sum(1.5) end))
    end)

    it("a dim in a table that is a non-integral number names the number", function()
      -- the value itself is more useful than its type (as permute says "dim 1 must be an integer, got 1.5")
      assert.are.equal("sum: dim 1 must be an integer, got 1.5", error_of(function() return m:sum({1.5}) end))
      assert.are.equal("mean: dim 2 must be an integer, got 0.5", error_of(function() return m:mean({1, 0.5}) end))
    end)

    it("keepdim and unbiased must be booleans", function()
      assert.are.equal("bad argument #2 to 'sum' (boolean expected, got number)", error_of(function() return m:sum(1, 1) end))
      assert.are.equal("bad argument #3 to 'sum' (boolean expected, got string)",
        error_of(function() return lt.sum(m, 1, "yes") end))
      assert.are.equal("bad argument #2 to 'mean' (boolean expected, got number)", error_of(function() return m:mean(1, 0) end))
      assert.are.equal("bad argument #2 to 'amax' (boolean expected, got table)", error_of(function() return m:amax(1, {}) end))
      assert.are.equal("bad argument #2 to 'var' (boolean expected, got number)", error_of(function() return m:var(1, 1) end))
      assert.are.equal("bad argument #3 to 'std' (boolean expected, got number)", error_of(function() return m:std(1, true, 1) end))
      assert.are.equal("bad argument #3 to 'norm' (boolean expected, got number)", error_of(function() return m:norm(2, 1, 1) end))
      assert.are.equal("bad argument #2 to 'max' (boolean expected, got number)", error_of(function() return m:max(1, 1) end))
      assert.are.equal("bad argument #2 to 'argmin' (boolean expected, got string)", error_of(function() return m:argmin(1, "no") end))
      assert.are.equal("bad argument #2 to 'logsumexp' (boolean expected, got number)",
        error_of(function() return m:logsumexp(1, 1) end))
    end)

    it("float-only reductions of integer and bool tensors", function()
      for _, dt in ipairs(NON_FLOATS) do
        local t = lt.zeros(2, 3, dt)
        for _, op in ipairs({"mean", "var", "std", "norm", "logsumexp"}) do
          assert.are.equal(op .. ": expected a floating point tensor, got " .. dt, error_of(function() return t[op](t) end))
        end
        assert.are.equal("mean: expected a floating point tensor, got " .. dt, error_of(function() return t:mean(1, true) end))
        assert.are.equal("softmax: expected a floating point tensor, got " .. dt, error_of(function() return t:softmax(1) end))
        assert.are.equal("log_softmax: expected a floating point tensor, got " .. dt,
          error_of(function() return t:log_softmax(-1) end))
      end
      assert.are.equal("mean: expected a floating point tensor, got int64", error_of(function() return lt.arange(6):mean() end))
    end)

    it("max/argmax of an empty tensor or along an empty dim", function()
      local e = lt.zeros(0, 3)
      assert.are.equal("max: cannot reduce an empty tensor (max has no identity)", error_of(function() return e:max() end))
      assert.are.equal("argmax: cannot find the max of an empty dimension", error_of(function() return e:argmax(1) end))
      assert.are.equal("argmin: cannot find the min of an empty dimension", error_of(function() return e:argmin(-2) end))
      assert.are.equal("max: cannot find the max of an empty dimension", error_of(function() return e:max(1) end))
      assert.are.equal("min: cannot find the min of an empty dimension", error_of(function() return e:min(1, true) end))
    end)

    it("argmax/argmin without a dim of an empty tensor", function()
      local e = lt.zeros(0, 3)
      -- without a dim the user named no dimension: the message should speak of the tensor
      assert.are.equal("argmax: cannot find the max of an empty tensor", error_of(function() return e:argmax() end))
      assert.are.equal("argmin: cannot find the min of an empty tensor", error_of(function() return lt.zeros(0):argmin() end))
    end)

    it("max/min with something that is neither a dim nor a tensor", function()
      -- max takes one dim (amax takes several); a table must not end up in maximum's error
      assert.are.equal("bad argument #1 to 'max' (number or tensor expected, got table)",
        error_of(function() return m:max({1}) end))
      assert.are.equal("bad argument #1 to 'min' (number or tensor expected, got string)",
        error_of(function() return m:min("x") end))
    end)

    it("norm with an unknown name", function()
      assert.are.equal([[norm: unknown norm 'nuc' (expected a number or "fro")]], error_of(function() return m:norm("nuc") end))
      assert.are.equal([[norm: unknown norm 'inf' (expected a number or "fro")]], error_of(function() return m:norm("inf", 1) end))
      assert.are.equal("bad argument #1 to 'norm' (number expected, got table)", error_of(function() return m:norm({}) end))
    end)

    it("norm with a negative p (the message must not exclude -math.huge, which is allowed)", function()
      local p_msg = "norm: p must be a non-negative number or +-inf, got %s"
      assert.are.equal(p_msg:format("-1.0"), error_of(function() return m:norm(-1) end))
      assert.are.equal(p_msg:format("-0.5"), error_of(function() return m:norm(-0.5, 1) end))
      assert.is_truthy(error_of(function() return m:norm(NAN) end):find("^norm: p must be"))
    end)

    it("the library still works after every error", function()
      local x = lt.arange(6):view(2, 3)
      assert_close(x:sum(1), "int64", {3, 5, 7})
      assert_close(x:float():softmax(2):sum(2), "float32", {1.0, 1.0}, 1e-6, 1e-6)
    end)
  end)
end)

-- Found by the differential tester: log_softmax of a row holding +inf was [nan, -inf]; it is
-- all NaN now, as softmax's and PyTorch's (log_softmax = x - max - log(sum(exp(x - max)))).
describe("log_softmax at infinities", function()
  local function same_nan(expected, got)
    for i, v in ipairs(got) do
      if expected[i] ~= expected[i] then assert.is_true(v ~= v, "element " .. i .. " is not NaN")
      else assert.are.equal(expected[i], v) end
    end
  end
  local nan, inf = 0 / 0, math.huge
  it("follows softmax (and PyTorch) for rows holding inf or only -inf", function()
    same_nan({ nan, nan }, lt.log_softmax(lt.tensor({ inf, 1 }, "float64"), 1):totable())
    same_nan({ nan, nan }, lt.log_softmax(lt.tensor({ -inf, -inf }, "float64"), 1):totable())
    same_nan({ -inf, 0 }, lt.log_softmax(lt.tensor({ -inf, 1 }, "float64"), 1):totable())
    same_nan({ nan, nan }, lt.softmax(lt.tensor({ inf, 1 }, "float64"), 1):totable())
  end)
  it("keeps logsumexp finite-shifted: inf and -inf rows give inf and -inf", function()
    assert.are.equal(inf, lt.logsumexp(lt.tensor({ inf, 1 }, "float64"), 1):item())
    assert.are.equal(-inf, lt.logsumexp(lt.tensor({ -inf, -inf }, "float64"), 1):item())
  end)
end)
