-- Element-wise ops: every op of the README's table on every dtype, broadcasting, Lua numbers
-- on either side, strided and expanded inputs, in-place and out forms, overlapping operands,
-- comparisons, logical ops, where, masked_fill, clamp, integer and float semantics, and the
-- accuracy of the float32 approximations of src/vmath.h.
--
-- Expected values were computed with PyTorch 1.13 (float32 results of float functions: the op
-- in float64, rounded to float32) and are written here as literals; nothing calls Python.
-- Where this library deliberately differs from PyTorch the test says so.
local lt = require "luatensor"

local NAN, INF = 0 / 0, math.huge
local F32_RTOL = 4 * 2 ^ -23 -- a few float32 ulps
local F64_RTOL = 1e-13

-- the float32 nearest to x, as a Lua float
local function f32(x) return (string.unpack("<f", string.pack("<f", x))) end

local nested = dofile("spec/support/nested.lua")
local shape_of, flatten = nested.shape_of, nested.flatten

-- maps a nested table elementwise
local function map(v, f)
  if type(v) ~= "table" then return f(v) end
  local r = {}
  for i, x in ipairs(v) do r[i] = map(x, f) end
  return r
end

local function same_value(a, e, rtol, atol)
  if type(e) == "boolean" or type(a) == "boolean" then return a == e end
  if e ~= e then return a ~= a end
  if a ~= a then return false end
  if e == INF or e == -INF then return a == e end
  if rtol == 0 and atol == 0 then
    if a ~= e then return false end
    -- exact comparisons also tell -0.0 from 0.0 when the expected value is a float zero
    if e == 0 and math.type(e) == "float" then return 1 / a == 1 / e end
    return true
  end
  return math.abs(a - e) <= atol + rtol * math.abs(e)
end

-- assert_close(t, dtype, expected [, rtol, atol]): t is a tensor of dtype `dtype` with the
-- shape of the nested table `expected` (a number for a 0-d tensor) and these values: floats
-- within atol + rtol * |expected| (NaN matches NaN, infinities match exactly; with rtol = atol
-- = 0 the sign of a zero counts), integers and booleans exactly. Element types are checked too
-- (Lua floats for float dtypes, integers for integer dtypes, booleans for bool).
local function assert_close(t, dtype, expected, rtol, atol)
  rtol, atol = rtol or 0, atol or 0
  assert.is_true(lt.is_tensor(t), "expected a tensor, got " .. type(t))
  assert.are.equal(dtype, t.dtype)
  assert.are.same(shape_of(expected), t:size())
  local got, want = flatten(t:totable()), flatten(expected)
  assert.are.equal(#want, #got)
  local kind = dtype == "bool" and "boolean" or (dtype:match("^float") and "float" or "integer")
  for i = 1, #want do
    local a, e = got[i], want[i]
    local ak = type(a) == "number" and math.type(a) or type(a)
    local ok = ak == kind and same_value(a, e, rtol, atol)
    assert.is_true(ok, string.format("element %d: got %s (%s), expected %s (%s, rtol %g, atol %g) in\n%s",
      i, tostring(a), ak, tostring(e), dtype, rtol, atol, tostring(t)))
  end
end

-- exact equality, signed zeros included
local function assert_equal(t, dtype, expected) assert_close(t, dtype, expected, 0, 0) end

-- values of a bool result stored into a tensor of dtype dt (in-place comparisons)
local function from_bool(v, dt)
  if dt == "bool" then return v end
  local one, zero = 1, 0
  if dt:match("^float") then one, zero = 1.0, 0.0 end
  return map(v, function(b) return b and one or zero end)
end

local IS_FLOAT = {float32 = true, float64 = true}

local run_isolated = dofile("spec/support/subprocess.lua").run

-- ---------------------------------------------------------------------------------------------
-- Generated from PyTorch: each binary op on two (2, 3) tensors of each dtype. `torch_error`
-- marks a combination PyTorch refuses (bool arithmetic); luatensor refuses it as well.
local BINARY_CASES = {
  {op = "add", input = "float32", x = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, y = {{2.0, 0.5, -1.5}, {3.0, -2.0, 0.25}}, dtype = "float32", expected = {{3.5, -1.75, 1.5}, {-1.0, 3.5, -0.25}}},
  {op = "add", input = "float64", x = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, y = {{2.0, 0.5, -1.5}, {3.0, -2.0, 0.25}}, dtype = "float64", expected = {{3.5, -1.75, 1.5}, {-1.0, 3.5, -0.25}}},
  {op = "add", input = "int32", x = {{7, -7, 3}, {-4, 5, 0}}, y = {{2, 2, -2}, {3, -3, 1}}, dtype = "int32", expected = {{9, -5, 1}, {-1, 2, 1}}},
  {op = "add", input = "int64", x = {{7, -7, 3}, {-4, 5, 0}}, y = {{2, 2, -2}, {3, -3, 1}}, dtype = "int64", expected = {{9, -5, 1}, {-1, 2, 1}}},
  {op = "add", input = "uint8", x = {{7, 200, 3}, {4, 5, 0}}, y = {{2, 100, 1}, {3, 3, 1}}, dtype = "uint8", expected = {{9, 44, 4}, {7, 8, 1}}},
  {op = "add", input = "bool", x = {{true, false, true}, {false, true, false}}, y = {{true, true, false}, {false, false, true}}, dtype = "bool", expected = {{true, true, true}, {false, true, true}}},
  {op = "sub", input = "float32", x = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, y = {{2.0, 0.5, -1.5}, {3.0, -2.0, 0.25}}, dtype = "float32", expected = {{-0.5, -2.75, 4.5}, {-7.0, 7.5, -0.75}}},
  {op = "sub", input = "float64", x = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, y = {{2.0, 0.5, -1.5}, {3.0, -2.0, 0.25}}, dtype = "float64", expected = {{-0.5, -2.75, 4.5}, {-7.0, 7.5, -0.75}}},
  {op = "sub", input = "int32", x = {{7, -7, 3}, {-4, 5, 0}}, y = {{2, 2, -2}, {3, -3, 1}}, dtype = "int32", expected = {{5, -9, 5}, {-7, 8, -1}}},
  {op = "sub", input = "int64", x = {{7, -7, 3}, {-4, 5, 0}}, y = {{2, 2, -2}, {3, -3, 1}}, dtype = "int64", expected = {{5, -9, 5}, {-7, 8, -1}}},
  {op = "sub", input = "uint8", x = {{7, 200, 3}, {4, 5, 0}}, y = {{2, 100, 1}, {3, 3, 1}}, dtype = "uint8", expected = {{5, 100, 2}, {1, 2, 255}}},
  {op = "sub", input = "bool", x = {{true, false, true}, {false, true, false}}, y = {{true, true, false}, {false, false, true}}, torch_error = 'Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.'},
  {op = "mul", input = "float32", x = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, y = {{2.0, 0.5, -1.5}, {3.0, -2.0, 0.25}}, dtype = "float32", expected = {{3.0, -1.125, -4.5}, {-12.0, -11.0, -0.125}}},
  {op = "mul", input = "float64", x = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, y = {{2.0, 0.5, -1.5}, {3.0, -2.0, 0.25}}, dtype = "float64", expected = {{3.0, -1.125, -4.5}, {-12.0, -11.0, -0.125}}},
  {op = "mul", input = "int32", x = {{7, -7, 3}, {-4, 5, 0}}, y = {{2, 2, -2}, {3, -3, 1}}, dtype = "int32", expected = {{14, -14, -6}, {-12, -15, 0}}},
  {op = "mul", input = "int64", x = {{7, -7, 3}, {-4, 5, 0}}, y = {{2, 2, -2}, {3, -3, 1}}, dtype = "int64", expected = {{14, -14, -6}, {-12, -15, 0}}},
  {op = "mul", input = "uint8", x = {{7, 200, 3}, {4, 5, 0}}, y = {{2, 100, 1}, {3, 3, 1}}, dtype = "uint8", expected = {{14, 32, 3}, {12, 15, 0}}},
  {op = "mul", input = "bool", x = {{true, false, true}, {false, true, false}}, y = {{true, true, false}, {false, false, true}}, dtype = "bool", expected = {{true, false, false}, {false, false, false}}},
  {op = "div", input = "float32", x = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, y = {{2.0, 0.5, -1.5}, {3.0, -2.0, 0.25}}, dtype = "float32", expected = {{0.75, -4.5, -2.0}, {-1.3333333730697632, -2.75, -2.0}}},
  {op = "div", input = "float64", x = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, y = {{2.0, 0.5, -1.5}, {3.0, -2.0, 0.25}}, dtype = "float64", expected = {{0.75, -4.5, -2.0}, {-1.3333333333333333, -2.75, -2.0}}},
  {op = "div", input = "int32", x = {{7, -7, 3}, {-4, 5, 0}}, y = {{2, 2, -2}, {3, -3, 1}}, dtype = "float32", expected = {{3.5, -3.5, -1.5}, {-1.3333333730697632, -1.6666666269302368, 0.0}}},
  {op = "div", input = "int64", x = {{7, -7, 3}, {-4, 5, 0}}, y = {{2, 2, -2}, {3, -3, 1}}, dtype = "float32", expected = {{3.5, -3.5, -1.5}, {-1.3333333730697632, -1.6666666269302368, 0.0}}},
  {op = "div", input = "uint8", x = {{7, 200, 3}, {4, 5, 0}}, y = {{2, 100, 1}, {3, 3, 1}}, dtype = "float32", expected = {{3.5, 2.0, 3.0}, {1.3333333730697632, 1.6666666269302368, 0.0}}},
  {op = "div", input = "bool", x = {{true, false, true}, {false, true, false}}, y = {{true, true, false}, {false, false, true}}, dtype = "float32", expected = {{1.0, 0.0, INF}, {NAN, INF, 0.0}}},
  {op = "pow", input = "float32", x = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, y = {{2.0, 0.5, -1.5}, {3.0, -2.0, 0.25}}, dtype = "float32", expected = {{2.25, NAN, 0.19245009124279022}, {-64.0, 0.03305784985423088, NAN}}},
  {op = "pow", input = "float64", x = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, y = {{2.0, 0.5, -1.5}, {3.0, -2.0, 0.25}}, dtype = "float64", expected = {{2.25, NAN, 0.19245008972987526}, {-64.0, 0.03305785123966942, NAN}}},
  {op = "pow", input = "int32", x = {{7, -7, 3}, {-4, 5, 0}}, y = {{2, 3, 0}, {1, 2, 5}}, dtype = "int32", expected = {{49, -343, 1}, {-4, 25, 0}}},
  {op = "pow", input = "int64", x = {{7, -7, 3}, {-4, 5, 0}}, y = {{2, 3, 0}, {1, 2, 5}}, dtype = "int64", expected = {{49, -343, 1}, {-4, 25, 0}}},
  {op = "pow", input = "uint8", x = {{7, 200, 3}, {4, 5, 0}}, y = {{2, 2, 1}, {3, 3, 1}}, dtype = "uint8", expected = {{49, 64, 3}, {64, 125, 0}}},
  {op = "pow", input = "bool", x = {{true, false, true}, {false, true, false}}, y = {{true, true, false}, {false, false, true}}, torch_error = '"pow" not implemented for \'Bool\''},
  {op = "remainder", input = "float32", x = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, y = {{2.0, 0.5, -1.5}, {3.0, -2.0, 0.25}}, dtype = "float32", expected = {{1.5, 0.25, 0.0}, {2.0, -0.5, -0.0}}},
  {op = "remainder", input = "float64", x = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, y = {{2.0, 0.5, -1.5}, {3.0, -2.0, 0.25}}, dtype = "float64", expected = {{1.5, 0.25, 0.0}, {2.0, -0.5, -0.0}}},
  {op = "remainder", input = "int32", x = {{7, -7, 3}, {-4, 5, 0}}, y = {{2, 2, -2}, {3, -3, 1}}, dtype = "int32", expected = {{1, 1, -1}, {2, -1, 0}}},
  {op = "remainder", input = "int64", x = {{7, -7, 3}, {-4, 5, 0}}, y = {{2, 2, -2}, {3, -3, 1}}, dtype = "int64", expected = {{1, 1, -1}, {2, -1, 0}}},
  {op = "remainder", input = "uint8", x = {{7, 200, 3}, {4, 5, 0}}, y = {{2, 100, 1}, {3, 3, 1}}, dtype = "uint8", expected = {{1, 0, 0}, {1, 2, 0}}},
  {op = "remainder", input = "bool", x = {{true, false, true}, {false, true, false}}, y = {{true, true, false}, {false, false, true}}, torch_error = '"remainder_cpu" not implemented for \'Bool\''},
  {op = "floor_divide", input = "float32", x = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, y = {{2.0, 0.5, -1.5}, {3.0, -2.0, 0.25}}, dtype = "float32", expected = {{0.0, -5.0, -2.0}, {-2.0, -3.0, -2.0}}},
  {op = "floor_divide", input = "float64", x = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, y = {{2.0, 0.5, -1.5}, {3.0, -2.0, 0.25}}, dtype = "float64", expected = {{0.0, -5.0, -2.0}, {-2.0, -3.0, -2.0}}},
  {op = "floor_divide", input = "int32", x = {{7, -7, 3}, {-4, 5, 0}}, y = {{2, 2, -2}, {3, -3, 1}}, dtype = "int32", expected = {{3, -4, -2}, {-2, -2, 0}}},
  {op = "floor_divide", input = "int64", x = {{7, -7, 3}, {-4, 5, 0}}, y = {{2, 2, -2}, {3, -3, 1}}, dtype = "int64", expected = {{3, -4, -2}, {-2, -2, 0}}},
  {op = "floor_divide", input = "uint8", x = {{7, 200, 3}, {4, 5, 0}}, y = {{2, 100, 1}, {3, 3, 1}}, dtype = "uint8", expected = {{3, 2, 3}, {1, 1, 0}}},
  {op = "floor_divide", input = "bool", x = {{true, false, true}, {false, true, false}}, y = {{true, true, false}, {false, false, true}}, torch_error = '"div_floor_cpu" not implemented for \'Bool\''},
  {op = "maximum", input = "float32", x = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, y = {{2.0, 0.5, -1.5}, {3.0, -2.0, 0.25}}, dtype = "float32", expected = {{2.0, 0.5, 3.0}, {3.0, 5.5, 0.25}}},
  {op = "maximum", input = "float64", x = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, y = {{2.0, 0.5, -1.5}, {3.0, -2.0, 0.25}}, dtype = "float64", expected = {{2.0, 0.5, 3.0}, {3.0, 5.5, 0.25}}},
  {op = "maximum", input = "int32", x = {{7, -7, 3}, {-4, 5, 0}}, y = {{2, 2, -2}, {3, -3, 1}}, dtype = "int32", expected = {{7, 2, 3}, {3, 5, 1}}},
  {op = "maximum", input = "int64", x = {{7, -7, 3}, {-4, 5, 0}}, y = {{2, 2, -2}, {3, -3, 1}}, dtype = "int64", expected = {{7, 2, 3}, {3, 5, 1}}},
  {op = "maximum", input = "uint8", x = {{7, 200, 3}, {4, 5, 0}}, y = {{2, 100, 1}, {3, 3, 1}}, dtype = "uint8", expected = {{7, 200, 3}, {4, 5, 1}}},
  {op = "maximum", input = "bool", x = {{true, false, true}, {false, true, false}}, y = {{true, true, false}, {false, false, true}}, dtype = "bool", expected = {{true, true, true}, {false, true, true}}},
  {op = "minimum", input = "float32", x = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, y = {{2.0, 0.5, -1.5}, {3.0, -2.0, 0.25}}, dtype = "float32", expected = {{1.5, -2.25, -1.5}, {-4.0, -2.0, -0.5}}},
  {op = "minimum", input = "float64", x = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, y = {{2.0, 0.5, -1.5}, {3.0, -2.0, 0.25}}, dtype = "float64", expected = {{1.5, -2.25, -1.5}, {-4.0, -2.0, -0.5}}},
  {op = "minimum", input = "int32", x = {{7, -7, 3}, {-4, 5, 0}}, y = {{2, 2, -2}, {3, -3, 1}}, dtype = "int32", expected = {{2, -7, -2}, {-4, -3, 0}}},
  {op = "minimum", input = "int64", x = {{7, -7, 3}, {-4, 5, 0}}, y = {{2, 2, -2}, {3, -3, 1}}, dtype = "int64", expected = {{2, -7, -2}, {-4, -3, 0}}},
  {op = "minimum", input = "uint8", x = {{7, 200, 3}, {4, 5, 0}}, y = {{2, 100, 1}, {3, 3, 1}}, dtype = "uint8", expected = {{2, 100, 1}, {3, 3, 0}}},
  {op = "minimum", input = "bool", x = {{true, false, true}, {false, true, false}}, y = {{true, true, false}, {false, false, true}}, dtype = "bool", expected = {{true, false, false}, {false, false, false}}},
  {op = "atan2", input = "float32", x = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, y = {{2.0, 0.5, -1.5}, {3.0, -2.0, 0.25}}, dtype = "float32", expected = {{0.6435011029243469, -1.3521274328231812, 2.0344438552856445}, {-0.9272952079772949, 1.919567346572876, -1.1071487665176392}}},
  {op = "atan2", input = "float64", x = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, y = {{2.0, 0.5, -1.5}, {3.0, -2.0, 0.25}}, dtype = "float64", expected = {{0.6435011087932844, -1.3521273809209546, 2.0344439357957027}, {-0.9272952180016122, 1.9195673303788037, -1.1071487177940904}}},
  {op = "atan2", input = "int32", x = {{7, -7, 3}, {-4, 5, 0}}, y = {{2, 2, -2}, {3, -3, 1}}, dtype = "float32", expected = {{1.292496681213379, -1.292496681213379, 2.158798933029175}, {-0.9272952079772949, 2.111215829849243, 0.0}}},
  {op = "atan2", input = "int64", x = {{7, -7, 3}, {-4, 5, 0}}, y = {{2, 2, -2}, {3, -3, 1}}, dtype = "float32", expected = {{1.292496681213379, -1.292496681213379, 2.158798933029175}, {-0.9272952079772949, 2.111215829849243, 0.0}}},
  {op = "atan2", input = "uint8", x = {{7, 200, 3}, {4, 5, 0}}, y = {{2, 100, 1}, {3, 3, 1}}, dtype = "float32", expected = {{1.292496681213379, 1.1071487665176392, 1.249045729637146}, {0.9272952079772949, 1.0303767919540405, 0.0}}},
  {op = "atan2", input = "bool", x = {{true, false, true}, {false, true, false}}, y = {{true, true, false}, {false, false, true}}, dtype = "float32", expected = {{0.7853981852531433, 0.0, 1.5707963705062866}, {0.0, 1.5707963705062866, 0.0}}},
  {op = "eq", input = "float32", x = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, y = {{2.0, 0.5, -1.5}, {3.0, -2.0, 0.25}}, dtype = "bool", expected = {{false, false, false}, {false, false, false}}},
  {op = "eq", input = "float64", x = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, y = {{2.0, 0.5, -1.5}, {3.0, -2.0, 0.25}}, dtype = "bool", expected = {{false, false, false}, {false, false, false}}},
  {op = "eq", input = "int32", x = {{7, -7, 3}, {-4, 5, 0}}, y = {{2, 2, -2}, {3, -3, 1}}, dtype = "bool", expected = {{false, false, false}, {false, false, false}}},
  {op = "eq", input = "int64", x = {{7, -7, 3}, {-4, 5, 0}}, y = {{2, 2, -2}, {3, -3, 1}}, dtype = "bool", expected = {{false, false, false}, {false, false, false}}},
  {op = "eq", input = "uint8", x = {{7, 200, 3}, {4, 5, 0}}, y = {{2, 100, 1}, {3, 3, 1}}, dtype = "bool", expected = {{false, false, false}, {false, false, false}}},
  {op = "eq", input = "bool", x = {{true, false, true}, {false, true, false}}, y = {{true, true, false}, {false, false, true}}, dtype = "bool", expected = {{true, false, false}, {true, false, false}}},
  {op = "ne", input = "float32", x = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, y = {{2.0, 0.5, -1.5}, {3.0, -2.0, 0.25}}, dtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "ne", input = "float64", x = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, y = {{2.0, 0.5, -1.5}, {3.0, -2.0, 0.25}}, dtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "ne", input = "int32", x = {{7, -7, 3}, {-4, 5, 0}}, y = {{2, 2, -2}, {3, -3, 1}}, dtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "ne", input = "int64", x = {{7, -7, 3}, {-4, 5, 0}}, y = {{2, 2, -2}, {3, -3, 1}}, dtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "ne", input = "uint8", x = {{7, 200, 3}, {4, 5, 0}}, y = {{2, 100, 1}, {3, 3, 1}}, dtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "ne", input = "bool", x = {{true, false, true}, {false, true, false}}, y = {{true, true, false}, {false, false, true}}, dtype = "bool", expected = {{false, true, true}, {false, true, true}}},
  {op = "lt", input = "float32", x = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, y = {{2.0, 0.5, -1.5}, {3.0, -2.0, 0.25}}, dtype = "bool", expected = {{true, true, false}, {true, false, true}}},
  {op = "lt", input = "float64", x = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, y = {{2.0, 0.5, -1.5}, {3.0, -2.0, 0.25}}, dtype = "bool", expected = {{true, true, false}, {true, false, true}}},
  {op = "lt", input = "int32", x = {{7, -7, 3}, {-4, 5, 0}}, y = {{2, 2, -2}, {3, -3, 1}}, dtype = "bool", expected = {{false, true, false}, {true, false, true}}},
  {op = "lt", input = "int64", x = {{7, -7, 3}, {-4, 5, 0}}, y = {{2, 2, -2}, {3, -3, 1}}, dtype = "bool", expected = {{false, true, false}, {true, false, true}}},
  {op = "lt", input = "uint8", x = {{7, 200, 3}, {4, 5, 0}}, y = {{2, 100, 1}, {3, 3, 1}}, dtype = "bool", expected = {{false, false, false}, {false, false, true}}},
  {op = "lt", input = "bool", x = {{true, false, true}, {false, true, false}}, y = {{true, true, false}, {false, false, true}}, dtype = "bool", expected = {{false, true, false}, {false, false, true}}},
  {op = "le", input = "float32", x = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, y = {{2.0, 0.5, -1.5}, {3.0, -2.0, 0.25}}, dtype = "bool", expected = {{true, true, false}, {true, false, true}}},
  {op = "le", input = "float64", x = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, y = {{2.0, 0.5, -1.5}, {3.0, -2.0, 0.25}}, dtype = "bool", expected = {{true, true, false}, {true, false, true}}},
  {op = "le", input = "int32", x = {{7, -7, 3}, {-4, 5, 0}}, y = {{2, 2, -2}, {3, -3, 1}}, dtype = "bool", expected = {{false, true, false}, {true, false, true}}},
  {op = "le", input = "int64", x = {{7, -7, 3}, {-4, 5, 0}}, y = {{2, 2, -2}, {3, -3, 1}}, dtype = "bool", expected = {{false, true, false}, {true, false, true}}},
  {op = "le", input = "uint8", x = {{7, 200, 3}, {4, 5, 0}}, y = {{2, 100, 1}, {3, 3, 1}}, dtype = "bool", expected = {{false, false, false}, {false, false, true}}},
  {op = "le", input = "bool", x = {{true, false, true}, {false, true, false}}, y = {{true, true, false}, {false, false, true}}, dtype = "bool", expected = {{true, true, false}, {true, false, true}}},
  {op = "gt", input = "float32", x = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, y = {{2.0, 0.5, -1.5}, {3.0, -2.0, 0.25}}, dtype = "bool", expected = {{false, false, true}, {false, true, false}}},
  {op = "gt", input = "float64", x = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, y = {{2.0, 0.5, -1.5}, {3.0, -2.0, 0.25}}, dtype = "bool", expected = {{false, false, true}, {false, true, false}}},
  {op = "gt", input = "int32", x = {{7, -7, 3}, {-4, 5, 0}}, y = {{2, 2, -2}, {3, -3, 1}}, dtype = "bool", expected = {{true, false, true}, {false, true, false}}},
  {op = "gt", input = "int64", x = {{7, -7, 3}, {-4, 5, 0}}, y = {{2, 2, -2}, {3, -3, 1}}, dtype = "bool", expected = {{true, false, true}, {false, true, false}}},
  {op = "gt", input = "uint8", x = {{7, 200, 3}, {4, 5, 0}}, y = {{2, 100, 1}, {3, 3, 1}}, dtype = "bool", expected = {{true, true, true}, {true, true, false}}},
  {op = "gt", input = "bool", x = {{true, false, true}, {false, true, false}}, y = {{true, true, false}, {false, false, true}}, dtype = "bool", expected = {{false, false, true}, {false, true, false}}},
  {op = "ge", input = "float32", x = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, y = {{2.0, 0.5, -1.5}, {3.0, -2.0, 0.25}}, dtype = "bool", expected = {{false, false, true}, {false, true, false}}},
  {op = "ge", input = "float64", x = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, y = {{2.0, 0.5, -1.5}, {3.0, -2.0, 0.25}}, dtype = "bool", expected = {{false, false, true}, {false, true, false}}},
  {op = "ge", input = "int32", x = {{7, -7, 3}, {-4, 5, 0}}, y = {{2, 2, -2}, {3, -3, 1}}, dtype = "bool", expected = {{true, false, true}, {false, true, false}}},
  {op = "ge", input = "int64", x = {{7, -7, 3}, {-4, 5, 0}}, y = {{2, 2, -2}, {3, -3, 1}}, dtype = "bool", expected = {{true, false, true}, {false, true, false}}},
  {op = "ge", input = "uint8", x = {{7, 200, 3}, {4, 5, 0}}, y = {{2, 100, 1}, {3, 3, 1}}, dtype = "bool", expected = {{true, true, true}, {true, true, false}}},
  {op = "ge", input = "bool", x = {{true, false, true}, {false, true, false}}, y = {{true, true, false}, {false, false, true}}, dtype = "bool", expected = {{true, false, true}, {true, true, false}}},
  {op = "logical_and", input = "float32", x = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, y = {{2.0, 0.5, -1.5}, {3.0, -2.0, 0.25}}, dtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "logical_and", input = "float64", x = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, y = {{2.0, 0.5, -1.5}, {3.0, -2.0, 0.25}}, dtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "logical_and", input = "int32", x = {{7, -7, 3}, {-4, 5, 0}}, y = {{2, 2, -2}, {3, -3, 1}}, dtype = "bool", expected = {{true, true, true}, {true, true, false}}},
  {op = "logical_and", input = "int64", x = {{7, -7, 3}, {-4, 5, 0}}, y = {{2, 2, -2}, {3, -3, 1}}, dtype = "bool", expected = {{true, true, true}, {true, true, false}}},
  {op = "logical_and", input = "uint8", x = {{7, 200, 3}, {4, 5, 0}}, y = {{2, 100, 1}, {3, 3, 1}}, dtype = "bool", expected = {{true, true, true}, {true, true, false}}},
  {op = "logical_and", input = "bool", x = {{true, false, true}, {false, true, false}}, y = {{true, true, false}, {false, false, true}}, dtype = "bool", expected = {{true, false, false}, {false, false, false}}},
  {op = "logical_or", input = "float32", x = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, y = {{2.0, 0.5, -1.5}, {3.0, -2.0, 0.25}}, dtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "logical_or", input = "float64", x = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, y = {{2.0, 0.5, -1.5}, {3.0, -2.0, 0.25}}, dtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "logical_or", input = "int32", x = {{7, -7, 3}, {-4, 5, 0}}, y = {{2, 2, -2}, {3, -3, 1}}, dtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "logical_or", input = "int64", x = {{7, -7, 3}, {-4, 5, 0}}, y = {{2, 2, -2}, {3, -3, 1}}, dtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "logical_or", input = "uint8", x = {{7, 200, 3}, {4, 5, 0}}, y = {{2, 100, 1}, {3, 3, 1}}, dtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "logical_or", input = "bool", x = {{true, false, true}, {false, true, false}}, y = {{true, true, false}, {false, false, true}}, dtype = "bool", expected = {{true, true, true}, {false, true, true}}},
  {op = "logical_xor", input = "float32", x = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, y = {{2.0, 0.5, -1.5}, {3.0, -2.0, 0.25}}, dtype = "bool", expected = {{false, false, false}, {false, false, false}}},
  {op = "logical_xor", input = "float64", x = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, y = {{2.0, 0.5, -1.5}, {3.0, -2.0, 0.25}}, dtype = "bool", expected = {{false, false, false}, {false, false, false}}},
  {op = "logical_xor", input = "int32", x = {{7, -7, 3}, {-4, 5, 0}}, y = {{2, 2, -2}, {3, -3, 1}}, dtype = "bool", expected = {{false, false, false}, {false, false, true}}},
  {op = "logical_xor", input = "int64", x = {{7, -7, 3}, {-4, 5, 0}}, y = {{2, 2, -2}, {3, -3, 1}}, dtype = "bool", expected = {{false, false, false}, {false, false, true}}},
  {op = "logical_xor", input = "uint8", x = {{7, 200, 3}, {4, 5, 0}}, y = {{2, 100, 1}, {3, 3, 1}}, dtype = "bool", expected = {{false, false, false}, {false, false, true}}},
  {op = "logical_xor", input = "bool", x = {{true, false, true}, {false, true, false}}, y = {{true, true, false}, {false, false, true}}, dtype = "bool", expected = {{false, true, true}, {false, true, true}}},
}

-- Generated from PyTorch: each unary op on a tensor of each dtype. gelu, silu and softplus of
-- integer tensors (which PyTorch refuses) are the op on the tensor converted to float32.
local UNARY_CASES = {
  {op = "neg", input = "float32", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float32", expected = {{2.5, 1.5, 0.5, 0.25, -0.0}, {-0.25, -0.5, -1.5, -2.5, -3.75}}},
  {op = "neg", input = "float64", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float64", expected = {{2.5, 1.5, 0.5, 0.25, -0.0}, {-0.25, -0.5, -1.5, -2.5, -3.75}}},
  {op = "neg", input = "int32", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "int32", expected = {{3, 1, 0}, {-1, -2, -5}}},
  {op = "neg", input = "int64", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "int64", expected = {{3, 1, 0}, {-1, -2, -5}}},
  {op = "neg", input = "uint8", x = {{0, 1, 2}, {5, 200, 255}}, dtype = "uint8", expected = {{0, 255, 254}, {251, 56, 1}}},
  {op = "neg", input = "bool", x = {{true, false, true}, {false, false, true}}, torch_error = 'Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.'},
  {op = "abs", input = "float32", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float32", expected = {{2.5, 1.5, 0.5, 0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}},
  {op = "abs", input = "float64", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float64", expected = {{2.5, 1.5, 0.5, 0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}},
  {op = "abs", input = "int32", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "int32", expected = {{3, 1, 0}, {1, 2, 5}}},
  {op = "abs", input = "int64", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "int64", expected = {{3, 1, 0}, {1, 2, 5}}},
  {op = "abs", input = "uint8", x = {{0, 1, 2}, {5, 200, 255}}, dtype = "uint8", expected = {{0, 1, 2}, {5, 200, 255}}},
  {op = "abs", input = "bool", x = {{true, false, true}, {false, false, true}}, torch_error = '"abs_cpu" not implemented for \'Bool\''},
  {op = "sign", input = "float32", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float32", expected = {{-1.0, -1.0, -1.0, -1.0, 0.0}, {1.0, 1.0, 1.0, 1.0, 1.0}}},
  {op = "sign", input = "float64", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float64", expected = {{-1.0, -1.0, -1.0, -1.0, 0.0}, {1.0, 1.0, 1.0, 1.0, 1.0}}},
  {op = "sign", input = "int32", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "int32", expected = {{-1, -1, 0}, {1, 1, 1}}},
  {op = "sign", input = "int64", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "int64", expected = {{-1, -1, 0}, {1, 1, 1}}},
  {op = "sign", input = "uint8", x = {{0, 1, 2}, {5, 200, 255}}, dtype = "uint8", expected = {{0, 1, 1}, {1, 1, 1}}},
  {op = "sign", input = "bool", x = {{true, false, true}, {false, false, true}}, dtype = "bool", expected = {{true, false, true}, {false, false, true}}},
  {op = "relu", input = "float32", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float32", expected = {{0.0, 0.0, 0.0, 0.0, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}},
  {op = "relu", input = "float64", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float64", expected = {{0.0, 0.0, 0.0, 0.0, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}},
  {op = "relu", input = "int32", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "int32", expected = {{0, 0, 0}, {1, 2, 5}}},
  {op = "relu", input = "int64", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "int64", expected = {{0, 0, 0}, {1, 2, 5}}},
  {op = "relu", input = "uint8", x = {{0, 1, 2}, {5, 200, 255}}, dtype = "uint8", expected = {{0, 1, 2}, {5, 200, 255}}},
  {op = "relu", input = "bool", x = {{true, false, true}, {false, false, true}}, torch_error = 'Boolean inputs not supported for relu'},
  {op = "square", input = "float32", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float32", expected = {{6.25, 2.25, 0.25, 0.0625, 0.0}, {0.0625, 0.25, 2.25, 6.25, 14.0625}}},
  {op = "square", input = "float64", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float64", expected = {{6.25, 2.25, 0.25, 0.0625, 0.0}, {0.0625, 0.25, 2.25, 6.25, 14.0625}}},
  {op = "square", input = "int32", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "int32", expected = {{9, 1, 0}, {1, 4, 25}}},
  {op = "square", input = "int64", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "int64", expected = {{9, 1, 0}, {1, 4, 25}}},
  {op = "square", input = "uint8", x = {{0, 1, 2}, {5, 200, 255}}, dtype = "uint8", expected = {{0, 1, 4}, {25, 64, 1}}},
  {op = "square", input = "bool", x = {{true, false, true}, {false, false, true}}, dtype = "int64", expected = {{1, 0, 1}, {0, 0, 1}}},
  {op = "floor", input = "float32", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float32", expected = {{-3.0, -2.0, -1.0, -1.0, 0.0}, {0.0, 0.0, 1.0, 2.0, 3.0}}},
  {op = "floor", input = "float64", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float64", expected = {{-3.0, -2.0, -1.0, -1.0, 0.0}, {0.0, 0.0, 1.0, 2.0, 3.0}}},
  {op = "floor", input = "int32", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "int32", expected = {{-3, -1, 0}, {1, 2, 5}}},
  {op = "floor", input = "int64", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "int64", expected = {{-3, -1, 0}, {1, 2, 5}}},
  {op = "floor", input = "uint8", x = {{0, 1, 2}, {5, 200, 255}}, dtype = "uint8", expected = {{0, 1, 2}, {5, 200, 255}}},
  {op = "floor", input = "bool", x = {{true, false, true}, {false, false, true}}, torch_error = '"floor_vml_cpu" not implemented for \'Bool\''},
  {op = "ceil", input = "float32", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float32", expected = {{-2.0, -1.0, -0.0, -0.0, 0.0}, {1.0, 1.0, 2.0, 3.0, 4.0}}},
  {op = "ceil", input = "float64", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float64", expected = {{-2.0, -1.0, -0.0, -0.0, 0.0}, {1.0, 1.0, 2.0, 3.0, 4.0}}},
  {op = "ceil", input = "int32", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "int32", expected = {{-3, -1, 0}, {1, 2, 5}}},
  {op = "ceil", input = "int64", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "int64", expected = {{-3, -1, 0}, {1, 2, 5}}},
  {op = "ceil", input = "uint8", x = {{0, 1, 2}, {5, 200, 255}}, dtype = "uint8", expected = {{0, 1, 2}, {5, 200, 255}}},
  {op = "ceil", input = "bool", x = {{true, false, true}, {false, false, true}}, torch_error = '"ceil_vml_cpu" not implemented for \'Bool\''},
  {op = "round", input = "float32", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float32", expected = {{-2.0, -2.0, -0.0, -0.0, 0.0}, {0.0, 0.0, 2.0, 2.0, 4.0}}},
  {op = "round", input = "float64", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float64", expected = {{-2.0, -2.0, -0.0, -0.0, 0.0}, {0.0, 0.0, 2.0, 2.0, 4.0}}},
  {op = "round", input = "int32", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "int32", expected = {{-3, -1, 0}, {1, 2, 5}}},
  {op = "round", input = "int64", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "int64", expected = {{-3, -1, 0}, {1, 2, 5}}},
  {op = "round", input = "uint8", x = {{0, 1, 2}, {5, 200, 255}}, dtype = "uint8", expected = {{0, 1, 2}, {5, 200, 255}}},
  {op = "round", input = "bool", x = {{true, false, true}, {false, false, true}}, torch_error = '"round_vml_cpu" not implemented for \'Bool\''},
  {op = "trunc", input = "float32", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float32", expected = {{-2.0, -1.0, -0.0, -0.0, 0.0}, {0.0, 0.0, 1.0, 2.0, 3.0}}},
  {op = "trunc", input = "float64", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float64", expected = {{-2.0, -1.0, -0.0, -0.0, 0.0}, {0.0, 0.0, 1.0, 2.0, 3.0}}},
  {op = "trunc", input = "int32", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "int32", expected = {{-3, -1, 0}, {1, 2, 5}}},
  {op = "trunc", input = "int64", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "int64", expected = {{-3, -1, 0}, {1, 2, 5}}},
  {op = "trunc", input = "uint8", x = {{0, 1, 2}, {5, 200, 255}}, dtype = "uint8", expected = {{0, 1, 2}, {5, 200, 255}}},
  {op = "trunc", input = "bool", x = {{true, false, true}, {false, false, true}}, torch_error = '"trunc_vml_cpu" not implemented for \'Bool\''},
  {op = "logical_not", input = "float32", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "bool", expected = {{false, false, false, false, true}, {false, false, false, false, false}}},
  {op = "logical_not", input = "float64", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "bool", expected = {{false, false, false, false, true}, {false, false, false, false, false}}},
  {op = "logical_not", input = "int32", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "bool", expected = {{false, false, true}, {false, false, false}}},
  {op = "logical_not", input = "int64", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "bool", expected = {{false, false, true}, {false, false, false}}},
  {op = "logical_not", input = "uint8", x = {{0, 1, 2}, {5, 200, 255}}, dtype = "bool", expected = {{true, false, false}, {false, false, false}}},
  {op = "logical_not", input = "bool", x = {{true, false, true}, {false, false, true}}, dtype = "bool", expected = {{false, true, false}, {true, true, false}}},
  {op = "sqrt", input = "float32", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float32", expected = {{NAN, NAN, NAN, NAN, 0.0}, {0.5, 0.7071067690849304, 1.2247449159622192, 1.5811388492584229, 1.9364917278289795}}},
  {op = "sqrt", input = "float64", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float64", expected = {{NAN, NAN, NAN, NAN, 0.0}, {0.5, 0.7071067811865476, 1.224744871391589, 1.5811388300841898, 1.9364916731037085}}},
  {op = "sqrt", input = "int32", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "float32", expected = {{NAN, NAN, 0.0}, {1.0, 1.4142135381698608, 2.2360680103302}}},
  {op = "sqrt", input = "int64", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "float32", expected = {{NAN, NAN, 0.0}, {1.0, 1.4142135381698608, 2.2360680103302}}},
  {op = "sqrt", input = "uint8", x = {{0, 1, 2}, {5, 200, 255}}, dtype = "float32", expected = {{0.0, 1.0, 1.4142135381698608}, {2.2360680103302, 14.142135620117188, 15.968719482421875}}},
  {op = "sqrt", input = "bool", x = {{true, false, true}, {false, false, true}}, dtype = "float32", expected = {{1.0, 0.0, 1.0}, {0.0, 0.0, 1.0}}},
  {op = "rsqrt", input = "float32", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float32", expected = {{NAN, NAN, NAN, NAN, INF}, {2.0, 1.4142135381698608, 0.8164966106414795, 0.6324555277824402, 0.5163977742195129}}},
  {op = "rsqrt", input = "float64", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float64", expected = {{NAN, NAN, NAN, NAN, INF}, {2.0, 1.414213562373095, 0.8164965809277261, 0.6324555320336759, 0.5163977794943222}}},
  {op = "rsqrt", input = "int32", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "float32", expected = {{NAN, NAN, INF}, {1.0, 0.7071067690849304, 0.4472135901451111}}},
  {op = "rsqrt", input = "int64", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "float32", expected = {{NAN, NAN, INF}, {1.0, 0.7071067690849304, 0.4472135901451111}}},
  {op = "rsqrt", input = "uint8", x = {{0, 1, 2}, {5, 200, 255}}, dtype = "float32", expected = {{INF, 1.0, 0.7071067690849304}, {0.4472135901451111, 0.0707106813788414, 0.06262242794036865}}},
  {op = "rsqrt", input = "bool", x = {{true, false, true}, {false, false, true}}, dtype = "float32", expected = {{1.0, INF, 1.0}, {INF, INF, 1.0}}},
  {op = "reciprocal", input = "float32", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float32", expected = {{-0.4000000059604645, -0.6666666865348816, -2.0, -4.0, INF}, {4.0, 2.0, 0.6666666865348816, 0.4000000059604645, 0.2666666805744171}}},
  {op = "reciprocal", input = "float64", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float64", expected = {{-0.4, -0.6666666666666666, -2.0, -4.0, INF}, {4.0, 2.0, 0.6666666666666666, 0.4, 0.26666666666666666}}},
  {op = "reciprocal", input = "int32", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "float32", expected = {{-0.3333333432674408, -1.0, INF}, {1.0, 0.5, 0.20000000298023224}}},
  {op = "reciprocal", input = "int64", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "float32", expected = {{-0.3333333432674408, -1.0, INF}, {1.0, 0.5, 0.20000000298023224}}},
  {op = "reciprocal", input = "uint8", x = {{0, 1, 2}, {5, 200, 255}}, dtype = "float32", expected = {{INF, 1.0, 0.5}, {0.20000000298023224, 0.004999999888241291, 0.003921568859368563}}},
  {op = "reciprocal", input = "bool", x = {{true, false, true}, {false, false, true}}, dtype = "float32", expected = {{1.0, INF, 1.0}, {INF, INF, 1.0}}},
  {op = "exp", input = "float32", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float32", expected = {{0.08208499848842621, 0.22313016653060913, 0.6065306663513184, 0.7788007855415344, 1.0}, {1.2840254306793213, 1.6487212181091309, 4.481688976287842, 12.182494163513184, 42.52108383178711}}},
  {op = "exp", input = "float64", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float64", expected = {{0.0820849986238988, 0.22313016014842982, 0.6065306597126334, 0.7788007830714049, 1.0}, {1.2840254166877414, 1.6487212707001282, 4.4816890703380645, 12.182493960703473, 42.52108200006278}}},
  {op = "exp", input = "int32", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "float32", expected = {{0.049787066876888275, 0.3678794503211975, 1.0}, {2.7182817459106445, 7.389056205749512, 148.4131622314453}}},
  {op = "exp", input = "int64", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "float32", expected = {{0.049787066876888275, 0.3678794503211975, 1.0}, {2.7182817459106445, 7.389056205749512, 148.4131622314453}}},
  {op = "exp", input = "uint8", x = {{0, 1, 2}, {5, 200, 255}}, dtype = "float32", expected = {{1.0, 2.7182817459106445, 7.389056205749512}, {148.4131622314453, INF, INF}}},
  {op = "exp", input = "bool", x = {{true, false, true}, {false, false, true}}, dtype = "float32", expected = {{2.7182817459106445, 1.0, 2.7182817459106445}, {1.0, 1.0, 2.7182817459106445}}},
  {op = "exp2", input = "float32", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float32", expected = {{0.1767766922712326, 0.3535533845424652, 0.7071067690849304, 0.8408964276313782, 1.0}, {1.1892070770263672, 1.4142135381698608, 2.8284270763397217, 5.656854152679443, 13.45434284210205}}},
  {op = "exp2", input = "float64", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float64", expected = {{0.1767766952966369, 0.3535533905932738, 0.7071067811865476, 0.8408964152537145, 1.0}, {1.189207115002721, 1.4142135623730951, 2.8284271247461903, 5.656854249492381, 13.454342644059432}}},
  {op = "exp2", input = "int32", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "float32", expected = {{0.125, 0.5, 1.0}, {2.0, 4.0, 32.0}}},
  {op = "exp2", input = "int64", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "float32", expected = {{0.125, 0.5, 1.0}, {2.0, 4.0, 32.0}}},
  {op = "exp2", input = "uint8", x = {{0, 1, 2}, {5, 200, 255}}, dtype = "float32", expected = {{1.0, 2.0, 4.0}, {32.0, INF, INF}}},
  {op = "exp2", input = "bool", x = {{true, false, true}, {false, false, true}}, dtype = "float32", expected = {{2.0, 1.0, 2.0}, {1.0, 1.0, 2.0}}},
  {op = "expm1", input = "float32", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float32", expected = {{-0.9179149866104126, -0.7768698334693909, -0.39346933364868164, -0.22119921445846558, 0.0}, {0.2840254306793213, 0.6487212777137756, 3.481688976287842, 11.182494163513184, 41.52108383178711}}},
  {op = "expm1", input = "float64", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float64", expected = {{-0.9179150013761012, -0.7768698398515702, -0.3934693402873666, -0.22119921692859512, 0.0}, {0.2840254166877415, 0.6487212707001282, 3.481689070338065, 11.182493960703473, 41.52108200006278}}},
  {op = "expm1", input = "int32", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "float32", expected = {{-0.9502129554748535, -0.6321205496788025, 0.0}, {1.718281865119934, 6.389056205749512, 147.4131622314453}}},
  {op = "expm1", input = "int64", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "float32", expected = {{-0.9502129554748535, -0.6321205496788025, 0.0}, {1.718281865119934, 6.389056205749512, 147.4131622314453}}},
  {op = "expm1", input = "uint8", x = {{0, 1, 2}, {5, 200, 255}}, dtype = "float32", expected = {{0.0, 1.718281865119934, 6.389056205749512}, {147.4131622314453, INF, INF}}},
  {op = "expm1", input = "bool", x = {{true, false, true}, {false, false, true}}, dtype = "float32", expected = {{1.718281865119934, 0.0, 1.718281865119934}, {0.0, 0.0, 1.718281865119934}}},
  {op = "log", input = "float32", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float32", expected = {{NAN, NAN, NAN, NAN, -INF}, {-1.3862943649291992, -0.6931471824645996, 0.40546509623527527, 0.9162907600402832, 1.3217558860778809}}},
  {op = "log", input = "float64", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float64", expected = {{NAN, NAN, NAN, NAN, -INF}, {-1.3862943611198906, -0.6931471805599453, 0.4054651081081644, 0.9162907318741551, 1.3217558399823195}}},
  {op = "log", input = "int32", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "float32", expected = {{NAN, NAN, -INF}, {0.0, 0.6931471824645996, 1.6094379425048828}}},
  {op = "log", input = "int64", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "float32", expected = {{NAN, NAN, -INF}, {0.0, 0.6931471824645996, 1.6094379425048828}}},
  {op = "log", input = "uint8", x = {{0, 1, 2}, {5, 200, 255}}, dtype = "float32", expected = {{-INF, 0.0, 0.6931471824645996}, {1.6094379425048828, 5.2983174324035645, 5.541263580322266}}},
  {op = "log", input = "bool", x = {{true, false, true}, {false, false, true}}, dtype = "float32", expected = {{0.0, -INF, 0.0}, {-INF, -INF, 0.0}}},
  {op = "log2", input = "float32", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float32", expected = {{NAN, NAN, NAN, NAN, -INF}, {-2.0, -1.0, 0.5849624872207642, 1.3219281435012817, 1.906890630722046}}},
  {op = "log2", input = "float64", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float64", expected = {{NAN, NAN, NAN, NAN, -INF}, {-2.0, -1.0, 0.5849625007211562, 1.3219280948873624, 1.9068905956085185}}},
  {op = "log2", input = "int32", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "float32", expected = {{NAN, NAN, -INF}, {0.0, 1.0, 2.321928024291992}}},
  {op = "log2", input = "int64", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "float32", expected = {{NAN, NAN, -INF}, {0.0, 1.0, 2.321928024291992}}},
  {op = "log2", input = "uint8", x = {{0, 1, 2}, {5, 200, 255}}, dtype = "float32", expected = {{-INF, 0.0, 1.0}, {2.321928024291992, 7.643856048583984, 7.994353294372559}}},
  {op = "log2", input = "bool", x = {{true, false, true}, {false, false, true}}, dtype = "float32", expected = {{0.0, -INF, 0.0}, {-INF, -INF, 0.0}}},
  {op = "log1p", input = "float32", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float32", expected = {{NAN, NAN, -0.6931471824645996, -0.28768208622932434, 0.0}, {0.2231435477733612, 0.40546509623527527, 0.9162907600402832, 1.2527629137039185, 1.5581445693969727}}},
  {op = "log1p", input = "float64", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float64", expected = {{NAN, NAN, -0.6931471805599453, -0.2876820724517809, 0.0}, {0.22314355131420976, 0.4054651081081644, 0.9162907318741551, 1.252762968495368, 1.55814461804655}}},
  {op = "log1p", input = "int32", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "float32", expected = {{NAN, -INF, 0.0}, {0.6931471824645996, 1.0986123085021973, 1.7917594909667969}}},
  {op = "log1p", input = "int64", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "float32", expected = {{NAN, -INF, 0.0}, {0.6931471824645996, 1.0986123085021973, 1.7917594909667969}}},
  {op = "log1p", input = "uint8", x = {{0, 1, 2}, {5, 200, 255}}, dtype = "float32", expected = {{0.0, 0.6931471824645996, 1.0986123085021973}, {1.7917594909667969, 5.303304672241211, 5.545177459716797}}},
  {op = "log1p", input = "bool", x = {{true, false, true}, {false, false, true}}, dtype = "float32", expected = {{0.6931471824645996, 0.0, 0.6931471824645996}, {0.0, 0.0, 0.6931471824645996}}},
  {op = "sin", input = "float32", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float32", expected = {{-0.5984721183776855, -0.9974949955940247, -0.4794255495071411, -0.24740396440029144, 0.0}, {0.24740396440029144, 0.4794255495071411, 0.9974949955940247, 0.5984721183776855, -0.571561336517334}}},
  {op = "sin", input = "float64", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float64", expected = {{-0.5984721441039564, -0.9974949866040544, -0.479425538604203, -0.24740395925452294, 0.0}, {0.24740395925452294, 0.479425538604203, 0.9974949866040544, 0.5984721441039564, -0.5715613187423437}}},
  {op = "sin", input = "int32", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "float32", expected = {{-0.14112000167369843, -0.8414709568023682, 0.0}, {0.8414709568023682, 0.9092974066734314, -0.9589242935180664}}},
  {op = "sin", input = "int64", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "float32", expected = {{-0.14112000167369843, -0.8414709568023682, 0.0}, {0.8414709568023682, 0.9092974066734314, -0.9589242935180664}}},
  {op = "sin", input = "uint8", x = {{0, 1, 2}, {5, 200, 255}}, dtype = "float32", expected = {{0.0, 0.8414709568023682, 0.9092974066734314}, {-0.9589242935180664, -0.8732972741127014, -0.5063916444778442}}},
  {op = "sin", input = "bool", x = {{true, false, true}, {false, false, true}}, dtype = "float32", expected = {{0.8414709568023682, 0.0, 0.8414709568023682}, {0.0, 0.0, 0.8414709568023682}}},
  {op = "cos", input = "float32", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float32", expected = {{-0.8011435866355896, 0.07073719799518585, 0.8775825500488281, 0.9689124226570129, 1.0}, {0.9689124226570129, 0.8775825500488281, 0.07073719799518585, -0.8011435866355896, -0.8205593824386597}}},
  {op = "cos", input = "float64", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float64", expected = {{-0.8011436155469337, 0.0707372016677029, 0.8775825618903728, 0.9689124217106447, 1.0}, {0.9689124217106447, 0.8775825618903728, 0.0707372016677029, -0.8011436155469337, -0.8205593573395608}}},
  {op = "cos", input = "int32", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "float32", expected = {{-0.9899924993515015, 0.5403022766113281, 1.0}, {0.5403022766113281, -0.416146844625473, 0.28366219997406006}}},
  {op = "cos", input = "int64", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "float32", expected = {{-0.9899924993515015, 0.5403022766113281, 1.0}, {0.5403022766113281, -0.416146844625473, 0.28366219997406006}}},
  {op = "cos", input = "uint8", x = {{0, 1, 2}, {5, 200, 255}}, dtype = "float32", expected = {{1.0, 0.5403022766113281, -0.416146844625473}, {0.28366219997406006, 0.4871876835823059, -0.862303614616394}}},
  {op = "cos", input = "bool", x = {{true, false, true}, {false, false, true}}, dtype = "float32", expected = {{0.5403022766113281, 1.0, 0.5403022766113281}, {1.0, 1.0, 0.5403022766113281}}},
  {op = "tan", input = "float32", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float32", expected = {{0.747022271156311, -14.101420402526855, -0.5463024973869324, -0.25534191727638245, 0.0}, {0.25534191727638245, 0.5463024973869324, 14.101420402526855, -0.747022271156311, 0.6965508460998535}}},
  {op = "tan", input = "float64", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float64", expected = {{0.7470222972386603, -14.101419947171719, -0.5463024898437905, -0.25534192122103627, 0.0}, {0.25534192122103627, 0.5463024898437905, 14.101419947171719, -0.7470222972386603, 0.6965508511114601}}},
  {op = "tan", input = "int32", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "float32", expected = {{0.14254654943943024, -1.5574077367782593, 0.0}, {1.5574077367782593, -2.185039758682251, -3.3805150985717773}}},
  {op = "tan", input = "int64", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "float32", expected = {{0.14254654943943024, -1.5574077367782593, 0.0}, {1.5574077367782593, -2.185039758682251, -3.3805150985717773}}},
  {op = "tan", input = "uint8", x = {{0, 1, 2}, {5, 200, 255}}, dtype = "float32", expected = {{0.0, 1.5574077367782593, -2.185039758682251}, {-3.3805150985717773, -1.792527437210083, 0.5872544646263123}}},
  {op = "tan", input = "bool", x = {{true, false, true}, {false, false, true}}, dtype = "float32", expected = {{1.5574077367782593, 0.0, 1.5574077367782593}, {0.0, 0.0, 1.5574077367782593}}},
  {op = "asin", input = "float32", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float32", expected = {{NAN, NAN, -0.5235987901687622, -0.252680242061615, 0.0}, {0.252680242061615, 0.5235987901687622, NAN, NAN, NAN}}},
  {op = "asin", input = "float64", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float64", expected = {{NAN, NAN, -0.5235987755982989, -0.25268025514207865, 0.0}, {0.25268025514207865, 0.5235987755982989, NAN, NAN, NAN}}},
  {op = "asin", input = "int32", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "float32", expected = {{NAN, -1.5707963705062866, 0.0}, {1.5707963705062866, NAN, NAN}}},
  {op = "asin", input = "int64", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "float32", expected = {{NAN, -1.5707963705062866, 0.0}, {1.5707963705062866, NAN, NAN}}},
  {op = "asin", input = "uint8", x = {{0, 1, 2}, {5, 200, 255}}, dtype = "float32", expected = {{0.0, 1.5707963705062866, NAN}, {NAN, NAN, NAN}}},
  {op = "asin", input = "bool", x = {{true, false, true}, {false, false, true}}, dtype = "float32", expected = {{1.5707963705062866, 0.0, 1.5707963705062866}, {0.0, 0.0, 1.5707963705062866}}},
  {op = "acos", input = "float32", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float32", expected = {{NAN, NAN, 2.094395160675049, 1.8234765529632568, 1.5707963705062866}, {1.3181160688400269, 1.0471975803375244, NAN, NAN, NAN}}},
  {op = "acos", input = "float64", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float64", expected = {{NAN, NAN, 2.0943951023931957, 1.8234765819369754, 1.5707963267948966}, {1.318116071652818, 1.0471975511965976, NAN, NAN, NAN}}},
  {op = "acos", input = "int32", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "float32", expected = {{NAN, 3.1415927410125732, 1.5707963705062866}, {0.0, NAN, NAN}}},
  {op = "acos", input = "int64", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "float32", expected = {{NAN, 3.1415927410125732, 1.5707963705062866}, {0.0, NAN, NAN}}},
  {op = "acos", input = "uint8", x = {{0, 1, 2}, {5, 200, 255}}, dtype = "float32", expected = {{1.5707963705062866, 0.0, NAN}, {NAN, NAN, NAN}}},
  {op = "acos", input = "bool", x = {{true, false, true}, {false, false, true}}, dtype = "float32", expected = {{0.0, 1.5707963705062866, 0.0}, {1.5707963705062866, 1.5707963705062866, 0.0}}},
  {op = "atan", input = "float32", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float32", expected = {{-1.1902899742126465, -0.9827937483787537, -0.46364760398864746, -0.244978666305542, 0.0}, {0.244978666305542, 0.46364760398864746, 0.9827937483787537, 1.1902899742126465, 1.3101938962936401}}},
  {op = "atan", input = "float64", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float64", expected = {{-1.1902899496825317, -0.982793723247329, -0.4636476090008061, -0.24497866312686414, 0.0}, {0.24497866312686414, 0.4636476090008061, 0.982793723247329, 1.1902899496825317, 1.3101939350475555}}},
  {op = "atan", input = "int32", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "float32", expected = {{-1.249045729637146, -0.7853981852531433, 0.0}, {0.7853981852531433, 1.1071487665176392, 1.3734008073806763}}},
  {op = "atan", input = "int64", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "float32", expected = {{-1.249045729637146, -0.7853981852531433, 0.0}, {0.7853981852531433, 1.1071487665176392, 1.3734008073806763}}},
  {op = "atan", input = "uint8", x = {{0, 1, 2}, {5, 200, 255}}, dtype = "float32", expected = {{0.0, 0.7853981852531433, 1.1071487665176392}, {1.3734008073806763, 1.5657963752746582, 1.5668747425079346}}},
  {op = "atan", input = "bool", x = {{true, false, true}, {false, false, true}}, dtype = "float32", expected = {{0.7853981852531433, 0.0, 0.7853981852531433}, {0.0, 0.0, 0.7853981852531433}}},
  {op = "sinh", input = "float32", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float32", expected = {{-6.050204277038574, -2.129279375076294, -0.5210952758789062, -0.25261232256889343, 0.0}, {0.25261232256889343, 0.5210952758789062, 2.129279375076294, 6.050204277038574, 21.248781204223633}}},
  {op = "sinh", input = "float64", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float64", expected = {{-6.0502044810397875, -2.1292794550948173, -0.5210953054937474, -0.2526123168081683, 0.0}, {0.2526123168081683, 0.5210953054937474, 2.1292794550948173, 6.0502044810397875, 21.248782127103386}}},
  {op = "sinh", input = "int32", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "float32", expected = {{-10.017874717712402, -1.175201177597046, 0.0}, {1.175201177597046, 3.6268603801727295, 74.20320892333984}}},
  {op = "sinh", input = "int64", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "float32", expected = {{-10.017874717712402, -1.175201177597046, 0.0}, {1.175201177597046, 3.6268603801727295, 74.20320892333984}}},
  {op = "sinh", input = "uint8", x = {{0, 1, 2}, {5, 200, 255}}, dtype = "float32", expected = {{0.0, 1.175201177597046, 3.6268603801727295}, {74.20320892333984, INF, INF}}},
  {op = "sinh", input = "bool", x = {{true, false, true}, {false, false, true}}, dtype = "float32", expected = {{1.175201177597046, 0.0, 1.175201177597046}, {0.0, 0.0, 1.175201177597046}}},
  {op = "cosh", input = "float32", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float32", expected = {{6.132289409637451, 2.352409601211548, 1.1276259422302246, 1.0314130783081055, 1.0}, {1.0314130783081055, 1.1276259422302246, 2.352409601211548, 6.132289409637451, 21.272300720214844}}},
  {op = "cosh", input = "float64", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float64", expected = {{6.132289479663686, 2.352409615243247, 1.1276259652063807, 1.0314130998795732, 1.0}, {1.0314130998795732, 1.1276259652063807, 2.352409615243247, 6.132289479663686, 21.272299872959398}}},
  {op = "cosh", input = "int32", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "float32", expected = {{10.067662239074707, 1.5430806875228882, 1.0}, {1.5430806875228882, 3.762195587158203, 74.20994567871094}}},
  {op = "cosh", input = "int64", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "float32", expected = {{10.067662239074707, 1.5430806875228882, 1.0}, {1.5430806875228882, 3.762195587158203, 74.20994567871094}}},
  {op = "cosh", input = "uint8", x = {{0, 1, 2}, {5, 200, 255}}, dtype = "float32", expected = {{1.0, 1.5430806875228882, 3.762195587158203}, {74.20994567871094, INF, INF}}},
  {op = "cosh", input = "bool", x = {{true, false, true}, {false, false, true}}, dtype = "float32", expected = {{1.5430806875228882, 1.0, 1.5430806875228882}, {1.0, 1.0, 1.5430806875228882}}},
  {op = "tanh", input = "float32", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float32", expected = {{-0.9866142868995667, -0.9051482677459717, -0.46211716532707214, -0.24491865932941437, 0.0}, {0.24491865932941437, 0.46211716532707214, 0.9051482677459717, 0.9866142868995667, 0.998894453048706}}},
  {op = "tanh", input = "float64", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float64", expected = {{-0.9866142981514303, -0.9051482536448664, -0.46211715726000974, -0.24491866240370913, 0.0}, {0.24491866240370913, 0.46211715726000974, 0.9051482536448664, 0.9866142981514303, 0.9988944427261528}}},
  {op = "tanh", input = "int32", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "float32", expected = {{-0.9950547814369202, -0.7615941762924194, 0.0}, {0.7615941762924194, 0.9640275835990906, 0.9999092221260071}}},
  {op = "tanh", input = "int64", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "float32", expected = {{-0.9950547814369202, -0.7615941762924194, 0.0}, {0.7615941762924194, 0.9640275835990906, 0.9999092221260071}}},
  {op = "tanh", input = "uint8", x = {{0, 1, 2}, {5, 200, 255}}, dtype = "float32", expected = {{0.0, 0.7615941762924194, 0.9640275835990906}, {0.9999092221260071, 1.0, 1.0}}},
  {op = "tanh", input = "bool", x = {{true, false, true}, {false, false, true}}, dtype = "float32", expected = {{0.7615941762924194, 0.0, 0.7615941762924194}, {0.0, 0.0, 0.7615941762924194}}},
  {op = "sigmoid", input = "float32", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float32", expected = {{0.07585818320512772, 0.18242552876472473, 0.3775406777858734, 0.43782350420951843, 0.5}, {0.562176525592804, 0.622459352016449, 0.8175745010375977, 0.9241418242454529, 0.977022647857666}}},
  {op = "sigmoid", input = "float64", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float64", expected = {{0.07585818002124355, 0.18242552380635635, 0.3775406687981454, 0.43782349911420193, 0.5}, {0.5621765008857981, 0.6224593312018546, 0.8175744761936437, 0.9241418199787566, 0.9770226300899744}}},
  {op = "sigmoid", input = "int32", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "float32", expected = {{0.04742587357759476, 0.2689414322376251, 0.5}, {0.7310585975646973, 0.8807970881462097, 0.9933071732521057}}},
  {op = "sigmoid", input = "int64", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "float32", expected = {{0.04742587357759476, 0.2689414322376251, 0.5}, {0.7310585975646973, 0.8807970881462097, 0.9933071732521057}}},
  {op = "sigmoid", input = "uint8", x = {{0, 1, 2}, {5, 200, 255}}, dtype = "float32", expected = {{0.5, 0.7310585975646973, 0.8807970881462097}, {0.9933071732521057, 1.0, 1.0}}},
  {op = "sigmoid", input = "bool", x = {{true, false, true}, {false, false, true}}, dtype = "float32", expected = {{0.7310585975646973, 0.5, 0.7310585975646973}, {0.5, 0.5, 0.7310585975646973}}},
  {op = "erf", input = "float32", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float32", expected = {{-0.9995930194854736, -0.9661051630973816, -0.5204998850822449, -0.27632638812065125, 0.0}, {0.27632638812065125, 0.5204998850822449, 0.9661051630973816, 0.9995930194854736, 0.9999998807907104}}},
  {op = "erf", input = "float64", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float64", expected = {{-0.999593047982555, -0.9661051464753108, -0.5204998778130465, -0.27632639016823696, 0.0}, {0.27632639016823696, 0.5204998778130465, 0.9661051464753108, 0.999593047982555, 0.9999998862727434}}},
  {op = "erf", input = "int32", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "float32", expected = {{-0.9999778866767883, -0.8427007794380188, 0.0}, {0.8427007794380188, 0.9953222870826721, 1.0}}},
  {op = "erf", input = "int64", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "float32", expected = {{-0.9999778866767883, -0.8427007794380188, 0.0}, {0.8427007794380188, 0.9953222870826721, 1.0}}},
  {op = "erf", input = "uint8", x = {{0, 1, 2}, {5, 200, 255}}, dtype = "float32", expected = {{0.0, 0.8427007794380188, 0.9953222870826721}, {1.0, 1.0, 1.0}}},
  {op = "erf", input = "bool", x = {{true, false, true}, {false, false, true}}, dtype = "float32", expected = {{0.8427007794380188, 0.0, 0.8427007794380188}, {0.0, 0.0, 0.8427007794380188}}},
  {op = "gelu", input = "float32", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float32", expected = {{-0.015524162910878658, -0.10021080076694489, -0.1542687714099884, -0.10032341629266739, 0.0}, {0.14967657625675201, 0.3457312285900116, 1.3997892141342163, 2.48447585105896, 3.7496683597564697}}},
  {op = "gelu", input = "float64", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float64", expected = {{-0.015524163314440398, -0.10021080190328704, -0.15426876936299344, -0.10032341857926907, 0.0}, {0.14967658142073093, 0.34573123063700656, 1.399789198096713, 2.4844758366855597, 3.7496684351804968}}},
  {op = "gelu", input = "int32", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "float32", expected = {{-0.004049694165587425, -0.15865525603294373, 0.0}, {0.8413447737693787, 1.9544997215270996, 4.999998569488525}}},
  {op = "gelu", input = "int64", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "float32", expected = {{-0.004049694165587425, -0.15865525603294373, 0.0}, {0.8413447737693787, 1.9544997215270996, 4.999998569488525}}},
  {op = "gelu", input = "uint8", x = {{0, 1, 2}, {5, 200, 255}}, dtype = "float32", expected = {{0.0, 0.8413447737693787, 1.9544997215270996}, {4.999998569488525, 200.0, 255.0}}},
  {op = "gelu", input = "bool", x = {{true, false, true}, {false, false, true}}, dtype = "float32", expected = {{0.8413447737693787, 0.0, 0.8413447737693787}, {0.0, 0.0, 0.8413447737693787}}},
  {op = "silu", input = "float32", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float32", expected = {{-0.189645454287529, -0.2736382782459259, -0.1887703388929367, -0.10945587605237961, 0.0}, {0.140544131398201, 0.3112296760082245, 1.2263617515563965, 2.310354471206665, 3.663834810256958}}},
  {op = "silu", input = "float64", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float64", expected = {{-0.18964545005310887, -0.2736382857095345, -0.1887703343990727, -0.10945587477855048, 0.0}, {0.14054412522144952, 0.3112296656009273, 1.2263617142904655, 2.3103545499468914, 3.663834862837404}}},
  {op = "silu", input = "int32", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "float32", expected = {{-0.14227761328220367, -0.2689414322376251, 0.0}, {0.7310585975646973, 1.7615941762924194, 4.966535568237305}}},
  {op = "silu", input = "int64", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "float32", expected = {{-0.14227761328220367, -0.2689414322376251, 0.0}, {0.7310585975646973, 1.7615941762924194, 4.966535568237305}}},
  {op = "silu", input = "uint8", x = {{0, 1, 2}, {5, 200, 255}}, dtype = "float32", expected = {{0.0, 0.7310585975646973, 1.7615941762924194}, {4.966535568237305, 200.0, 255.0}}},
  {op = "silu", input = "bool", x = {{true, false, true}, {false, false, true}}, dtype = "float32", expected = {{0.7310585975646973, 0.0, 0.7310585975646973}, {0.0, 0.0, 0.7310585975646973}}},
  {op = "softplus", input = "float32", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float32", expected = {{0.07888973504304886, 0.20141327381134033, 0.4740769863128662, 0.575939416885376, 0.6931471824645996}, {0.825939416885376, 0.9740769863128662, 1.7014132738113403, 2.578889846801758, 3.7732455730438232}}},
  {op = "softplus", input = "float64", x = {{-2.5, -1.5, -0.5, -0.25, 0.0}, {0.25, 0.5, 1.5, 2.5, 3.75}}, dtype = "float64", expected = {{0.07888973429254963, 0.2014132779827524, 0.4740769841801067, 0.5759394198788436, 0.6931471805599453}, {0.8259394198788436, 0.9740769841801067, 1.7014132779827524, 2.5788897342925496, 3.773245464372425}}},
  {op = "softplus", input = "int32", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "float32", expected = {{0.04858735203742981, 0.3132616877555847, 0.6931471824645996}, {1.31326162815094, 2.1269280910491943, 5.006715297698975}}},
  {op = "softplus", input = "int64", x = {{-3, -1, 0}, {1, 2, 5}}, dtype = "float32", expected = {{0.04858735203742981, 0.3132616877555847, 0.6931471824645996}, {1.31326162815094, 2.1269280910491943, 5.006715297698975}}},
  {op = "softplus", input = "uint8", x = {{0, 1, 2}, {5, 200, 255}}, dtype = "float32", expected = {{0.6931471824645996, 1.31326162815094, 2.1269280910491943}, {5.006715297698975, 200.0, 255.0}}},
  {op = "softplus", input = "bool", x = {{true, false, true}, {false, false, true}}, dtype = "float32", expected = {{1.31326162815094, 0.6931471824645996, 1.31326162815094}, {0.6931471824645996, 0.6931471824645996, 1.31326162815094}}},
}

-- Generated from PyTorch: each binary op on float32 operands of broadcastable shapes.
local BROADCAST_CASES = {
  {op = "add", case = "(2,3) op (3)", x = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, y = {2.0, -0.5, 1.5}, dtype = "float32", shape = {2, 3}, expected = {{3.5, -2.5, 4.5}, {2.5, 3.5, 0.5}}},
  {op = "add", case = "(3) op (2,3)", x = {2.0, -0.5, 1.5}, y = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, dtype = "float32", shape = {2, 3}, expected = {{3.5, -2.5, 4.5}, {2.5, 3.5, 0.5}}},
  {op = "add", case = "(2,1) op (1,3)", x = {{1.0}, {-3.0}}, y = {{2.0, 0.0, -1.5}}, dtype = "float32", shape = {2, 3}, expected = {{3.0, 1.0, -0.5}, {-1.0, -3.0, -4.5}}},
  {op = "add", case = "0-d op (2,3)", x = 2.5, y = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, dtype = "float32", shape = {2, 3}, expected = {{4.0, 0.5, 5.5}, {3.0, 6.5, 1.5}}},
  {op = "add", case = "(2,3) op 0-d", x = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, y = 2.5, dtype = "float32", shape = {2, 3}, expected = {{4.0, 0.5, 5.5}, {3.0, 6.5, 1.5}}},
  {op = "sub", case = "(2,3) op (3)", x = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, y = {2.0, -0.5, 1.5}, dtype = "float32", shape = {2, 3}, expected = {{-0.5, -1.5, 1.5}, {-1.5, 4.5, -2.5}}},
  {op = "sub", case = "(3) op (2,3)", x = {2.0, -0.5, 1.5}, y = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, dtype = "float32", shape = {2, 3}, expected = {{0.5, 1.5, -1.5}, {1.5, -4.5, 2.5}}},
  {op = "sub", case = "(2,1) op (1,3)", x = {{1.0}, {-3.0}}, y = {{2.0, 0.0, -1.5}}, dtype = "float32", shape = {2, 3}, expected = {{-1.0, 1.0, 2.5}, {-5.0, -3.0, -1.5}}},
  {op = "sub", case = "0-d op (2,3)", x = 2.5, y = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, dtype = "float32", shape = {2, 3}, expected = {{1.0, 4.5, -0.5}, {2.0, -1.5, 3.5}}},
  {op = "sub", case = "(2,3) op 0-d", x = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, y = 2.5, dtype = "float32", shape = {2, 3}, expected = {{-1.0, -4.5, 0.5}, {-2.0, 1.5, -3.5}}},
  {op = "mul", case = "(2,3) op (3)", x = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, y = {2.0, -0.5, 1.5}, dtype = "float32", shape = {2, 3}, expected = {{3.0, 1.0, 4.5}, {1.0, -2.0, -1.5}}},
  {op = "mul", case = "(3) op (2,3)", x = {2.0, -0.5, 1.5}, y = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, dtype = "float32", shape = {2, 3}, expected = {{3.0, 1.0, 4.5}, {1.0, -2.0, -1.5}}},
  {op = "mul", case = "(2,1) op (1,3)", x = {{1.0}, {-3.0}}, y = {{2.0, 0.0, -1.5}}, dtype = "float32", shape = {2, 3}, expected = {{2.0, 0.0, -1.5}, {-6.0, -0.0, 4.5}}},
  {op = "mul", case = "0-d op (2,3)", x = 2.5, y = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, dtype = "float32", shape = {2, 3}, expected = {{3.75, -5.0, 7.5}, {1.25, 10.0, -2.5}}},
  {op = "mul", case = "(2,3) op 0-d", x = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, y = 2.5, dtype = "float32", shape = {2, 3}, expected = {{3.75, -5.0, 7.5}, {1.25, 10.0, -2.5}}},
  {op = "div", case = "(2,3) op (3)", x = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, y = {2.0, -0.5, 1.5}, dtype = "float32", shape = {2, 3}, expected = {{0.75, 4.0, 2.0}, {0.25, -8.0, -0.6666666865348816}}},
  {op = "div", case = "(3) op (2,3)", x = {2.0, -0.5, 1.5}, y = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, dtype = "float32", shape = {2, 3}, expected = {{1.3333333730697632, 0.25, 0.5}, {4.0, -0.125, -1.5}}},
  {op = "div", case = "(2,1) op (1,3)", x = {{1.0}, {-3.0}}, y = {{2.0, 0.0, -1.5}}, dtype = "float32", shape = {2, 3}, expected = {{0.5, INF, -0.6666666865348816}, {-1.5, -INF, 2.0}}},
  {op = "div", case = "0-d op (2,3)", x = 2.5, y = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, dtype = "float32", shape = {2, 3}, expected = {{1.6666666269302368, -1.25, 0.8333333134651184}, {5.0, 0.625, -2.5}}},
  {op = "div", case = "(2,3) op 0-d", x = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, y = 2.5, dtype = "float32", shape = {2, 3}, expected = {{0.6000000238418579, -0.800000011920929, 1.2000000476837158}, {0.20000000298023224, 1.600000023841858, -0.4000000059604645}}},
  {op = "pow", case = "(2,3) op (3)", x = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, y = {2.0, -0.5, 1.5}, dtype = "float32", shape = {2, 3}, expected = {{2.25, NAN, 5.196152210235596}, {0.25, 0.5, NAN}}},
  {op = "pow", case = "(3) op (2,3)", x = {2.0, -0.5, 1.5}, y = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, dtype = "float32", shape = {2, 3}, expected = {{2.8284270763397217, 4.0, 3.375}, {1.4142135381698608, 0.0625, 0.6666666865348816}}},
  {op = "pow", case = "(2,1) op (1,3)", x = {{1.0}, {-3.0}}, y = {{2.0, 0.0, -1.5}}, dtype = "float32", shape = {2, 3}, expected = {{1.0, 1.0, 1.0}, {9.0, 1.0, NAN}}},
  {op = "pow", case = "0-d op (2,3)", x = 2.5, y = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, dtype = "float32", shape = {2, 3}, expected = {{3.9528470039367676, 0.1599999964237213, 15.625}, {1.5811388492584229, 39.0625, 0.4000000059604645}}},
  {op = "pow", case = "(2,3) op 0-d", x = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, y = 2.5, dtype = "float32", shape = {2, 3}, expected = {{2.755676031112671, NAN, 15.588457107543945}, {0.1767766922712326, 32.0, NAN}}},
  {op = "remainder", case = "(2,3) op (3)", x = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, y = {2.0, -0.5, 1.5}, dtype = "float32", shape = {2, 3}, expected = {{1.5, -0.0, 0.0}, {0.5, 0.0, 0.5}}},
  {op = "remainder", case = "(3) op (2,3)", x = {2.0, -0.5, 1.5}, y = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, dtype = "float32", shape = {2, 3}, expected = {{0.5, -0.5, 1.5}, {0.0, 3.5, -0.5}}},
  {op = "remainder", case = "(2,1) op (1,3)", x = {{1.0}, {-3.0}}, y = {{2.0, 0.0, -1.5}}, dtype = "float32", shape = {2, 3}, expected = {{1.0, NAN, -0.5}, {1.0, NAN, -0.0}}},
  {op = "remainder", case = "0-d op (2,3)", x = 2.5, y = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, dtype = "float32", shape = {2, 3}, expected = {{1.0, -1.5, 2.5}, {0.0, 2.5, -0.5}}},
  {op = "remainder", case = "(2,3) op 0-d", x = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, y = 2.5, dtype = "float32", shape = {2, 3}, expected = {{1.5, 0.5, 0.5}, {0.5, 1.5, 1.5}}},
  {op = "floor_divide", case = "(2,3) op (3)", x = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, y = {2.0, -0.5, 1.5}, dtype = "float32", shape = {2, 3}, expected = {{0.0, 4.0, 2.0}, {0.0, -8.0, -1.0}}},
  {op = "floor_divide", case = "(3) op (2,3)", x = {2.0, -0.5, 1.5}, y = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, dtype = "float32", shape = {2, 3}, expected = {{1.0, 0.0, 0.0}, {4.0, -1.0, -2.0}}},
  {op = "floor_divide", case = "(2,1) op (1,3)", x = {{1.0}, {-3.0}}, y = {{2.0, 0.0, -1.5}}, dtype = "float32", shape = {2, 3}, expected = {{0.0, INF, -1.0}, {-2.0, -INF, 2.0}}},
  {op = "floor_divide", case = "0-d op (2,3)", x = 2.5, y = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, dtype = "float32", shape = {2, 3}, expected = {{1.0, -2.0, 0.0}, {5.0, 0.0, -3.0}}},
  {op = "floor_divide", case = "(2,3) op 0-d", x = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, y = 2.5, dtype = "float32", shape = {2, 3}, expected = {{0.0, -1.0, 1.0}, {0.0, 1.0, -1.0}}},
  {op = "maximum", case = "(2,3) op (3)", x = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, y = {2.0, -0.5, 1.5}, dtype = "float32", shape = {2, 3}, expected = {{2.0, -0.5, 3.0}, {2.0, 4.0, 1.5}}},
  {op = "maximum", case = "(3) op (2,3)", x = {2.0, -0.5, 1.5}, y = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, dtype = "float32", shape = {2, 3}, expected = {{2.0, -0.5, 3.0}, {2.0, 4.0, 1.5}}},
  {op = "maximum", case = "(2,1) op (1,3)", x = {{1.0}, {-3.0}}, y = {{2.0, 0.0, -1.5}}, dtype = "float32", shape = {2, 3}, expected = {{2.0, 1.0, 1.0}, {2.0, 0.0, -1.5}}},
  {op = "maximum", case = "0-d op (2,3)", x = 2.5, y = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, dtype = "float32", shape = {2, 3}, expected = {{2.5, 2.5, 3.0}, {2.5, 4.0, 2.5}}},
  {op = "maximum", case = "(2,3) op 0-d", x = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, y = 2.5, dtype = "float32", shape = {2, 3}, expected = {{2.5, 2.5, 3.0}, {2.5, 4.0, 2.5}}},
  {op = "minimum", case = "(2,3) op (3)", x = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, y = {2.0, -0.5, 1.5}, dtype = "float32", shape = {2, 3}, expected = {{1.5, -2.0, 1.5}, {0.5, -0.5, -1.0}}},
  {op = "minimum", case = "(3) op (2,3)", x = {2.0, -0.5, 1.5}, y = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, dtype = "float32", shape = {2, 3}, expected = {{1.5, -2.0, 1.5}, {0.5, -0.5, -1.0}}},
  {op = "minimum", case = "(2,1) op (1,3)", x = {{1.0}, {-3.0}}, y = {{2.0, 0.0, -1.5}}, dtype = "float32", shape = {2, 3}, expected = {{1.0, 0.0, -1.5}, {-3.0, -3.0, -3.0}}},
  {op = "minimum", case = "0-d op (2,3)", x = 2.5, y = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, dtype = "float32", shape = {2, 3}, expected = {{1.5, -2.0, 2.5}, {0.5, 2.5, -1.0}}},
  {op = "minimum", case = "(2,3) op 0-d", x = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, y = 2.5, dtype = "float32", shape = {2, 3}, expected = {{1.5, -2.0, 2.5}, {0.5, 2.5, -1.0}}},
  {op = "atan2", case = "(2,3) op (3)", x = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, y = {2.0, -0.5, 1.5}, dtype = "float32", shape = {2, 3}, expected = {{0.6435011029243469, -1.8157750368118286, 1.1071487665176392}, {0.244978666305542, 1.6951513290405273, -0.588002622127533}}},
  {op = "atan2", case = "(3) op (2,3)", x = {2.0, -0.5, 1.5}, y = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, dtype = "float32", shape = {2, 3}, expected = {{0.9272952079772949, -2.8966140747070312, 0.46364760398864746}, {1.3258177042007446, -0.12435499578714371, 2.158798933029175}}},
  {op = "atan2", case = "(2,1) op (1,3)", x = {{1.0}, {-3.0}}, y = {{2.0, 0.0, -1.5}}, dtype = "float32", shape = {2, 3}, expected = {{0.46364760398864746, 1.5707963705062866, 2.5535900592803955}, {-0.9827937483787537, -1.5707963705062866, -2.0344438552856445}}},
  {op = "atan2", case = "0-d op (2,3)", x = 2.5, y = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, dtype = "float32", shape = {2, 3}, expected = {{1.0303767919540405, 2.245537281036377, 0.6947382688522339}, {1.3734008073806763, 0.5585992932319641, 1.9513026475906372}}},
  {op = "atan2", case = "(2,3) op 0-d", x = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, y = 2.5, dtype = "float32", shape = {2, 3}, expected = {{0.5404195189476013, -0.6747409701347351, 0.876058042049408}, {0.19739556312561035, 1.0121970176696777, -0.38050636649131775}}},
  {op = "eq", case = "(2,3) op (3)", x = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, y = {2.0, -0.5, 1.5}, dtype = "bool", shape = {2, 3}, expected = {{false, false, false}, {false, false, false}}},
  {op = "eq", case = "(3) op (2,3)", x = {2.0, -0.5, 1.5}, y = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, dtype = "bool", shape = {2, 3}, expected = {{false, false, false}, {false, false, false}}},
  {op = "eq", case = "(2,1) op (1,3)", x = {{1.0}, {-3.0}}, y = {{2.0, 0.0, -1.5}}, dtype = "bool", shape = {2, 3}, expected = {{false, false, false}, {false, false, false}}},
  {op = "eq", case = "0-d op (2,3)", x = 2.5, y = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, dtype = "bool", shape = {2, 3}, expected = {{false, false, false}, {false, false, false}}},
  {op = "eq", case = "(2,3) op 0-d", x = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, y = 2.5, dtype = "bool", shape = {2, 3}, expected = {{false, false, false}, {false, false, false}}},
  {op = "ne", case = "(2,3) op (3)", x = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, y = {2.0, -0.5, 1.5}, dtype = "bool", shape = {2, 3}, expected = {{true, true, true}, {true, true, true}}},
  {op = "ne", case = "(3) op (2,3)", x = {2.0, -0.5, 1.5}, y = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, dtype = "bool", shape = {2, 3}, expected = {{true, true, true}, {true, true, true}}},
  {op = "ne", case = "(2,1) op (1,3)", x = {{1.0}, {-3.0}}, y = {{2.0, 0.0, -1.5}}, dtype = "bool", shape = {2, 3}, expected = {{true, true, true}, {true, true, true}}},
  {op = "ne", case = "0-d op (2,3)", x = 2.5, y = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, dtype = "bool", shape = {2, 3}, expected = {{true, true, true}, {true, true, true}}},
  {op = "ne", case = "(2,3) op 0-d", x = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, y = 2.5, dtype = "bool", shape = {2, 3}, expected = {{true, true, true}, {true, true, true}}},
  {op = "lt", case = "(2,3) op (3)", x = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, y = {2.0, -0.5, 1.5}, dtype = "bool", shape = {2, 3}, expected = {{true, true, false}, {true, false, true}}},
  {op = "lt", case = "(3) op (2,3)", x = {2.0, -0.5, 1.5}, y = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, dtype = "bool", shape = {2, 3}, expected = {{false, false, true}, {false, true, false}}},
  {op = "lt", case = "(2,1) op (1,3)", x = {{1.0}, {-3.0}}, y = {{2.0, 0.0, -1.5}}, dtype = "bool", shape = {2, 3}, expected = {{true, false, false}, {true, true, true}}},
  {op = "lt", case = "0-d op (2,3)", x = 2.5, y = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, dtype = "bool", shape = {2, 3}, expected = {{false, false, true}, {false, true, false}}},
  {op = "lt", case = "(2,3) op 0-d", x = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, y = 2.5, dtype = "bool", shape = {2, 3}, expected = {{true, true, false}, {true, false, true}}},
  {op = "le", case = "(2,3) op (3)", x = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, y = {2.0, -0.5, 1.5}, dtype = "bool", shape = {2, 3}, expected = {{true, true, false}, {true, false, true}}},
  {op = "le", case = "(3) op (2,3)", x = {2.0, -0.5, 1.5}, y = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, dtype = "bool", shape = {2, 3}, expected = {{false, false, true}, {false, true, false}}},
  {op = "le", case = "(2,1) op (1,3)", x = {{1.0}, {-3.0}}, y = {{2.0, 0.0, -1.5}}, dtype = "bool", shape = {2, 3}, expected = {{true, false, false}, {true, true, true}}},
  {op = "le", case = "0-d op (2,3)", x = 2.5, y = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, dtype = "bool", shape = {2, 3}, expected = {{false, false, true}, {false, true, false}}},
  {op = "le", case = "(2,3) op 0-d", x = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, y = 2.5, dtype = "bool", shape = {2, 3}, expected = {{true, true, false}, {true, false, true}}},
  {op = "gt", case = "(2,3) op (3)", x = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, y = {2.0, -0.5, 1.5}, dtype = "bool", shape = {2, 3}, expected = {{false, false, true}, {false, true, false}}},
  {op = "gt", case = "(3) op (2,3)", x = {2.0, -0.5, 1.5}, y = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, dtype = "bool", shape = {2, 3}, expected = {{true, true, false}, {true, false, true}}},
  {op = "gt", case = "(2,1) op (1,3)", x = {{1.0}, {-3.0}}, y = {{2.0, 0.0, -1.5}}, dtype = "bool", shape = {2, 3}, expected = {{false, true, true}, {false, false, false}}},
  {op = "gt", case = "0-d op (2,3)", x = 2.5, y = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, dtype = "bool", shape = {2, 3}, expected = {{true, true, false}, {true, false, true}}},
  {op = "gt", case = "(2,3) op 0-d", x = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, y = 2.5, dtype = "bool", shape = {2, 3}, expected = {{false, false, true}, {false, true, false}}},
  {op = "ge", case = "(2,3) op (3)", x = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, y = {2.0, -0.5, 1.5}, dtype = "bool", shape = {2, 3}, expected = {{false, false, true}, {false, true, false}}},
  {op = "ge", case = "(3) op (2,3)", x = {2.0, -0.5, 1.5}, y = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, dtype = "bool", shape = {2, 3}, expected = {{true, true, false}, {true, false, true}}},
  {op = "ge", case = "(2,1) op (1,3)", x = {{1.0}, {-3.0}}, y = {{2.0, 0.0, -1.5}}, dtype = "bool", shape = {2, 3}, expected = {{false, true, true}, {false, false, false}}},
  {op = "ge", case = "0-d op (2,3)", x = 2.5, y = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, dtype = "bool", shape = {2, 3}, expected = {{true, true, false}, {true, false, true}}},
  {op = "ge", case = "(2,3) op 0-d", x = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, y = 2.5, dtype = "bool", shape = {2, 3}, expected = {{false, false, true}, {false, true, false}}},
  {op = "logical_and", case = "(2,3) op (3)", x = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, y = {2.0, -0.5, 1.5}, dtype = "bool", shape = {2, 3}, expected = {{true, true, true}, {true, true, true}}},
  {op = "logical_and", case = "(3) op (2,3)", x = {2.0, -0.5, 1.5}, y = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, dtype = "bool", shape = {2, 3}, expected = {{true, true, true}, {true, true, true}}},
  {op = "logical_and", case = "(2,1) op (1,3)", x = {{1.0}, {-3.0}}, y = {{2.0, 0.0, -1.5}}, dtype = "bool", shape = {2, 3}, expected = {{true, false, true}, {true, false, true}}},
  {op = "logical_and", case = "0-d op (2,3)", x = 2.5, y = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, dtype = "bool", shape = {2, 3}, expected = {{true, true, true}, {true, true, true}}},
  {op = "logical_and", case = "(2,3) op 0-d", x = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, y = 2.5, dtype = "bool", shape = {2, 3}, expected = {{true, true, true}, {true, true, true}}},
  {op = "logical_or", case = "(2,3) op (3)", x = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, y = {2.0, -0.5, 1.5}, dtype = "bool", shape = {2, 3}, expected = {{true, true, true}, {true, true, true}}},
  {op = "logical_or", case = "(3) op (2,3)", x = {2.0, -0.5, 1.5}, y = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, dtype = "bool", shape = {2, 3}, expected = {{true, true, true}, {true, true, true}}},
  {op = "logical_or", case = "(2,1) op (1,3)", x = {{1.0}, {-3.0}}, y = {{2.0, 0.0, -1.5}}, dtype = "bool", shape = {2, 3}, expected = {{true, true, true}, {true, true, true}}},
  {op = "logical_or", case = "0-d op (2,3)", x = 2.5, y = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, dtype = "bool", shape = {2, 3}, expected = {{true, true, true}, {true, true, true}}},
  {op = "logical_or", case = "(2,3) op 0-d", x = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, y = 2.5, dtype = "bool", shape = {2, 3}, expected = {{true, true, true}, {true, true, true}}},
  {op = "logical_xor", case = "(2,3) op (3)", x = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, y = {2.0, -0.5, 1.5}, dtype = "bool", shape = {2, 3}, expected = {{false, false, false}, {false, false, false}}},
  {op = "logical_xor", case = "(3) op (2,3)", x = {2.0, -0.5, 1.5}, y = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, dtype = "bool", shape = {2, 3}, expected = {{false, false, false}, {false, false, false}}},
  {op = "logical_xor", case = "(2,1) op (1,3)", x = {{1.0}, {-3.0}}, y = {{2.0, 0.0, -1.5}}, dtype = "bool", shape = {2, 3}, expected = {{false, true, false}, {false, true, false}}},
  {op = "logical_xor", case = "0-d op (2,3)", x = 2.5, y = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, dtype = "bool", shape = {2, 3}, expected = {{false, false, false}, {false, false, false}}},
  {op = "logical_xor", case = "(2,3) op 0-d", x = {{1.5, -2.0, 3.0}, {0.5, 4.0, -1.0}}, y = 2.5, dtype = "bool", shape = {2, 3}, expected = {{false, false, false}, {false, false, false}}},
}

-- Generated from PyTorch: each binary op with a Lua number on the left or on the right of an
-- int64 or float32 tensor (PyTorch's maximum, minimum, atan2 and comparisons were given the
-- number as a 0-d tensor, which promotes the same way). `torch_error`: PyTorch refuses it too.
local SCALAR_CASES = {
  {op = "add", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2, side = "left", dtype = "int64", expected = {{9, -5, 5}, {-2, 7, 3}}},
  {op = "add", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2, side = "right", dtype = "int64", expected = {{9, -5, 5}, {-2, 7, 3}}},
  {op = "add", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2.5, side = "left", dtype = "float32", expected = {{9.5, -4.5, 5.5}, {-1.5, 7.5, 3.5}}},
  {op = "add", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2.5, side = "right", dtype = "float32", expected = {{9.5, -4.5, 5.5}, {-1.5, 7.5, 3.5}}},
  {op = "add", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = -3, side = "left", dtype = "int64", expected = {{4, -10, 0}, {-7, 2, -2}}},
  {op = "add", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = -3, side = "right", dtype = "int64", expected = {{4, -10, 0}, {-7, 2, -2}}},
  {op = "add", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2, side = "left", dtype = "float32", expected = {{3.5, -0.25, 5.0}, {-2.0, 7.5, 1.5}}},
  {op = "add", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2, side = "right", dtype = "float32", expected = {{3.5, -0.25, 5.0}, {-2.0, 7.5, 1.5}}},
  {op = "add", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2.5, side = "left", dtype = "float32", expected = {{4.0, 0.25, 5.5}, {-1.5, 8.0, 2.0}}},
  {op = "add", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2.5, side = "right", dtype = "float32", expected = {{4.0, 0.25, 5.5}, {-1.5, 8.0, 2.0}}},
  {op = "add", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = -3, side = "left", dtype = "float32", expected = {{-1.5, -5.25, 0.0}, {-7.0, 2.5, -3.5}}},
  {op = "add", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = -3, side = "right", dtype = "float32", expected = {{-1.5, -5.25, 0.0}, {-7.0, 2.5, -3.5}}},
  {op = "sub", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2, side = "left", dtype = "int64", expected = {{-5, 9, -1}, {6, -3, 1}}},
  {op = "sub", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2, side = "right", dtype = "int64", expected = {{5, -9, 1}, {-6, 3, -1}}},
  {op = "sub", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2.5, side = "left", dtype = "float32", expected = {{-4.5, 9.5, -0.5}, {6.5, -2.5, 1.5}}},
  {op = "sub", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2.5, side = "right", dtype = "float32", expected = {{4.5, -9.5, 0.5}, {-6.5, 2.5, -1.5}}},
  {op = "sub", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = -3, side = "left", dtype = "int64", expected = {{-10, 4, -6}, {1, -8, -4}}},
  {op = "sub", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = -3, side = "right", dtype = "int64", expected = {{10, -4, 6}, {-1, 8, 4}}},
  {op = "sub", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2, side = "left", dtype = "float32", expected = {{0.5, 4.25, -1.0}, {6.0, -3.5, 2.5}}},
  {op = "sub", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2, side = "right", dtype = "float32", expected = {{-0.5, -4.25, 1.0}, {-6.0, 3.5, -2.5}}},
  {op = "sub", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2.5, side = "left", dtype = "float32", expected = {{1.0, 4.75, -0.5}, {6.5, -3.0, 3.0}}},
  {op = "sub", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2.5, side = "right", dtype = "float32", expected = {{-1.0, -4.75, 0.5}, {-6.5, 3.0, -3.0}}},
  {op = "sub", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = -3, side = "left", dtype = "float32", expected = {{-4.5, -0.75, -6.0}, {1.0, -8.5, -2.5}}},
  {op = "sub", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = -3, side = "right", dtype = "float32", expected = {{4.5, 0.75, 6.0}, {-1.0, 8.5, 2.5}}},
  {op = "mul", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2, side = "left", dtype = "int64", expected = {{14, -14, 6}, {-8, 10, 2}}},
  {op = "mul", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2, side = "right", dtype = "int64", expected = {{14, -14, 6}, {-8, 10, 2}}},
  {op = "mul", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2.5, side = "left", dtype = "float32", expected = {{17.5, -17.5, 7.5}, {-10.0, 12.5, 2.5}}},
  {op = "mul", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2.5, side = "right", dtype = "float32", expected = {{17.5, -17.5, 7.5}, {-10.0, 12.5, 2.5}}},
  {op = "mul", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = -3, side = "left", dtype = "int64", expected = {{-21, 21, -9}, {12, -15, -3}}},
  {op = "mul", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = -3, side = "right", dtype = "int64", expected = {{-21, 21, -9}, {12, -15, -3}}},
  {op = "mul", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2, side = "left", dtype = "float32", expected = {{3.0, -4.5, 6.0}, {-8.0, 11.0, -1.0}}},
  {op = "mul", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2, side = "right", dtype = "float32", expected = {{3.0, -4.5, 6.0}, {-8.0, 11.0, -1.0}}},
  {op = "mul", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2.5, side = "left", dtype = "float32", expected = {{3.75, -5.625, 7.5}, {-10.0, 13.75, -1.25}}},
  {op = "mul", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2.5, side = "right", dtype = "float32", expected = {{3.75, -5.625, 7.5}, {-10.0, 13.75, -1.25}}},
  {op = "mul", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = -3, side = "left", dtype = "float32", expected = {{-4.5, 6.75, -9.0}, {12.0, -16.5, 1.5}}},
  {op = "mul", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = -3, side = "right", dtype = "float32", expected = {{-4.5, 6.75, -9.0}, {12.0, -16.5, 1.5}}},
  {op = "div", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2, side = "left", dtype = "float32", expected = {{0.2857142984867096, -0.2857142984867096, 0.6666666865348816}, {-0.5, 0.4000000059604645, 2.0}}},
  {op = "div", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2, side = "right", dtype = "float32", expected = {{3.5, -3.5, 1.5}, {-2.0, 2.5, 0.5}}},
  {op = "div", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2.5, side = "left", dtype = "float32", expected = {{0.3571428656578064, -0.3571428656578064, 0.8333333134651184}, {-0.625, 0.5, 2.5}}},
  {op = "div", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2.5, side = "right", dtype = "float32", expected = {{2.799999952316284, -2.799999952316284, 1.2000000476837158}, {-1.600000023841858, 2.0, 0.4000000059604645}}},
  {op = "div", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = -3, side = "left", dtype = "float32", expected = {{-0.4285714328289032, 0.4285714328289032, -1.0}, {0.75, -0.6000000238418579, -3.0}}},
  {op = "div", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = -3, side = "right", dtype = "float32", expected = {{-2.3333332538604736, 2.3333332538604736, -1.0}, {1.3333333730697632, -1.6666666269302368, -0.3333333432674408}}},
  {op = "div", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2, side = "left", dtype = "float32", expected = {{1.3333333730697632, -0.8888888955116272, 0.6666666865348816}, {-0.5, 0.3636363744735718, -4.0}}},
  {op = "div", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2, side = "right", dtype = "float32", expected = {{0.75, -1.125, 1.5}, {-2.0, 2.75, -0.25}}},
  {op = "div", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2.5, side = "left", dtype = "float32", expected = {{1.6666666269302368, -1.1111111640930176, 0.8333333134651184}, {-0.625, 0.4545454680919647, -5.0}}},
  {op = "div", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2.5, side = "right", dtype = "float32", expected = {{0.6000000238418579, -0.8999999761581421, 1.2000000476837158}, {-1.600000023841858, 2.200000047683716, -0.20000000298023224}}},
  {op = "div", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = -3, side = "left", dtype = "float32", expected = {{-2.0, 1.3333333730697632, -1.0}, {0.75, -0.5454545617103577, 6.0}}},
  {op = "div", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = -3, side = "right", dtype = "float32", expected = {{-0.5, 0.75, -1.0}, {1.3333333730697632, -1.8333333730697632, 0.1666666716337204}}},
  {op = "pow", t = "int64", tv = {{7, 0, 3}, {4, 5, 1}}, s = 2, side = "left", dtype = "int64", expected = {{128, 1, 8}, {16, 32, 2}}},
  {op = "pow", t = "int64", tv = {{7, 0, 3}, {4, 5, 1}}, s = 2, side = "right", dtype = "int64", expected = {{49, 0, 9}, {16, 25, 1}}},
  {op = "pow", t = "int64", tv = {{7, 0, 3}, {4, 5, 1}}, s = 2.5, side = "left", dtype = "float32", expected = {{610.3515625, 1.0, 15.625}, {39.0625, 97.65625, 2.5}}},
  {op = "pow", t = "int64", tv = {{7, 0, 3}, {4, 5, 1}}, s = 2.5, side = "right", dtype = "float32", expected = {{129.64181518554688, 0.0, 15.588457107543945}, {32.0, 55.90169906616211, 1.0}}},
  {op = "pow", t = "int64", tv = {{7, 0, 3}, {4, 5, 1}}, s = -3, side = "left", dtype = "int64", expected = {{-2187, 1, -27}, {81, -243, -3}}},
  {op = "pow", t = "int64", tv = {{7, 0, 3}, {4, 5, 1}}, s = -3, side = "right", torch_error = 'Integers to negative integer powers are not allowed.'},
  {op = "pow", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2, side = "left", dtype = "float32", expected = {{2.8284270763397217, 0.21022410690784454, 8.0}, {0.0625, 45.25483322143555, 0.7071067690849304}}},
  {op = "pow", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2, side = "right", dtype = "float32", expected = {{2.25, 5.0625, 9.0}, {16.0, 30.25, 0.25}}},
  {op = "pow", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2.5, side = "left", dtype = "float32", expected = {{3.9528470039367676, 0.127243310213089, 15.625}, {0.025599999353289604, 154.40809631347656, 0.6324555277824402}}},
  {op = "pow", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2.5, side = "right", dtype = "float32", expected = {{2.755676031112671, NAN, 15.588457107543945}, {NAN, 70.94253540039062, NAN}}},
  {op = "pow", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = -3, side = "left", dtype = "float32", expected = {{NAN, NAN, -27.0}, {0.012345679104328156, NAN, NAN}}},
  {op = "pow", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = -3, side = "right", dtype = "float32", expected = {{0.29629629850387573, -0.08779149502515793, 0.03703703731298447}, {-0.015625, 0.006010518409311771, -8.0}}},
  {op = "remainder", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2, side = "left", dtype = "int64", expected = {{2, -5, 2}, {-2, 2, 0}}},
  {op = "remainder", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2, side = "right", dtype = "int64", expected = {{1, 1, 1}, {0, 1, 1}}},
  {op = "remainder", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2.5, side = "left", dtype = "float32", expected = {{2.5, -4.5, 2.5}, {-1.5, 2.5, 0.5}}},
  {op = "remainder", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2.5, side = "right", dtype = "float32", expected = {{2.0, 0.5, 0.5}, {1.0, 0.0, 1.0}}},
  {op = "remainder", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = -3, side = "left", dtype = "int64", expected = {{4, -3, 0}, {-3, 2, 0}}},
  {op = "remainder", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = -3, side = "right", dtype = "int64", expected = {{-2, -1, 0}, {-1, -1, -2}}},
  {op = "remainder", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2, side = "left", dtype = "float32", expected = {{0.5, -0.25, 2.0}, {-2.0, 2.0, 0.0}}},
  {op = "remainder", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2, side = "right", dtype = "float32", expected = {{1.5, 1.75, 1.0}, {-0.0, 1.5, 1.5}}},
  {op = "remainder", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2.5, side = "left", dtype = "float32", expected = {{1.0, -2.0, 2.5}, {-1.5, 2.5, 0.0}}},
  {op = "remainder", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2.5, side = "right", dtype = "float32", expected = {{1.5, 0.25, 0.5}, {1.0, 0.5, 2.0}}},
  {op = "remainder", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = -3, side = "left", dtype = "float32", expected = {{-0.0, -0.75, -0.0}, {-3.0, 2.5, -0.0}}},
  {op = "remainder", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = -3, side = "right", dtype = "float32", expected = {{-1.5, -2.25, 0.0}, {-1.0, -0.5, -0.5}}},
  {op = "floor_divide", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2, side = "left", dtype = "int64", expected = {{0, -1, 0}, {-1, 0, 2}}},
  {op = "floor_divide", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2, side = "right", dtype = "int64", expected = {{3, -4, 1}, {-2, 2, 0}}},
  {op = "floor_divide", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2.5, side = "left", dtype = "float32", expected = {{0.0, -1.0, 0.0}, {-1.0, 0.0, 2.0}}},
  {op = "floor_divide", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2.5, side = "right", dtype = "float32", expected = {{2.0, -3.0, 1.0}, {-2.0, 2.0, 0.0}}},
  {op = "floor_divide", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = -3, side = "left", dtype = "int64", expected = {{-1, 0, -1}, {0, -1, -3}}},
  {op = "floor_divide", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = -3, side = "right", dtype = "int64", expected = {{-3, 2, -1}, {1, -2, -1}}},
  {op = "floor_divide", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2, side = "left", dtype = "float32", expected = {{1.0, -1.0, 0.0}, {-1.0, 0.0, -4.0}}},
  {op = "floor_divide", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2, side = "right", dtype = "float32", expected = {{0.0, -2.0, 1.0}, {-2.0, 2.0, -1.0}}},
  {op = "floor_divide", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2.5, side = "left", dtype = "float32", expected = {{1.0, -2.0, 0.0}, {-1.0, 0.0, -5.0}}},
  {op = "floor_divide", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2.5, side = "right", dtype = "float32", expected = {{0.0, -1.0, 1.0}, {-2.0, 2.0, -1.0}}},
  {op = "floor_divide", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = -3, side = "left", dtype = "float32", expected = {{-2.0, 1.0, -1.0}, {0.0, -1.0, 6.0}}},
  {op = "floor_divide", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = -3, side = "right", dtype = "float32", expected = {{-1.0, 0.0, -1.0}, {1.0, -2.0, 0.0}}},
  {op = "maximum", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2, side = "left", dtype = "int64", expected = {{7, 2, 3}, {2, 5, 2}}},
  {op = "maximum", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2, side = "right", dtype = "int64", expected = {{7, 2, 3}, {2, 5, 2}}},
  {op = "maximum", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2.5, side = "left", dtype = "float32", expected = {{7.0, 2.5, 3.0}, {2.5, 5.0, 2.5}}},
  {op = "maximum", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2.5, side = "right", dtype = "float32", expected = {{7.0, 2.5, 3.0}, {2.5, 5.0, 2.5}}},
  {op = "maximum", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = -3, side = "left", dtype = "int64", expected = {{7, -3, 3}, {-3, 5, 1}}},
  {op = "maximum", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = -3, side = "right", dtype = "int64", expected = {{7, -3, 3}, {-3, 5, 1}}},
  {op = "maximum", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2, side = "left", dtype = "float32", expected = {{2.0, 2.0, 3.0}, {2.0, 5.5, 2.0}}},
  {op = "maximum", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2, side = "right", dtype = "float32", expected = {{2.0, 2.0, 3.0}, {2.0, 5.5, 2.0}}},
  {op = "maximum", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2.5, side = "left", dtype = "float32", expected = {{2.5, 2.5, 3.0}, {2.5, 5.5, 2.5}}},
  {op = "maximum", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2.5, side = "right", dtype = "float32", expected = {{2.5, 2.5, 3.0}, {2.5, 5.5, 2.5}}},
  {op = "maximum", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = -3, side = "left", dtype = "float32", expected = {{1.5, -2.25, 3.0}, {-3.0, 5.5, -0.5}}},
  {op = "maximum", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = -3, side = "right", dtype = "float32", expected = {{1.5, -2.25, 3.0}, {-3.0, 5.5, -0.5}}},
  {op = "minimum", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2, side = "left", dtype = "int64", expected = {{2, -7, 2}, {-4, 2, 1}}},
  {op = "minimum", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2, side = "right", dtype = "int64", expected = {{2, -7, 2}, {-4, 2, 1}}},
  {op = "minimum", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2.5, side = "left", dtype = "float32", expected = {{2.5, -7.0, 2.5}, {-4.0, 2.5, 1.0}}},
  {op = "minimum", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2.5, side = "right", dtype = "float32", expected = {{2.5, -7.0, 2.5}, {-4.0, 2.5, 1.0}}},
  {op = "minimum", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = -3, side = "left", dtype = "int64", expected = {{-3, -7, -3}, {-4, -3, -3}}},
  {op = "minimum", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = -3, side = "right", dtype = "int64", expected = {{-3, -7, -3}, {-4, -3, -3}}},
  {op = "minimum", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2, side = "left", dtype = "float32", expected = {{1.5, -2.25, 2.0}, {-4.0, 2.0, -0.5}}},
  {op = "minimum", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2, side = "right", dtype = "float32", expected = {{1.5, -2.25, 2.0}, {-4.0, 2.0, -0.5}}},
  {op = "minimum", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2.5, side = "left", dtype = "float32", expected = {{1.5, -2.25, 2.5}, {-4.0, 2.5, -0.5}}},
  {op = "minimum", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2.5, side = "right", dtype = "float32", expected = {{1.5, -2.25, 2.5}, {-4.0, 2.5, -0.5}}},
  {op = "minimum", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = -3, side = "left", dtype = "float32", expected = {{-3.0, -3.0, -3.0}, {-4.0, -3.0, -3.0}}},
  {op = "minimum", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = -3, side = "right", dtype = "float32", expected = {{-3.0, -3.0, -3.0}, {-4.0, -3.0, -3.0}}},
  {op = "atan2", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2, side = "left", dtype = "float32", expected = {{0.2782996594905853, 2.863292932510376, 0.588002622127533}, {2.677945137023926, 0.38050636649131775, 1.1071487665176392}}},
  {op = "atan2", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2, side = "right", dtype = "float32", expected = {{1.292496681213379, -1.292496681213379, 0.9827937483787537}, {-1.1071487665176392, 1.1902899742126465, 0.46364760398864746}}},
  {op = "atan2", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2.5, side = "left", dtype = "float32", expected = {{0.3430239260196686, 2.7985687255859375, 0.6947382688522339}, {2.582993268966675, 0.46364760398864746, 1.1902899742126465}}},
  {op = "atan2", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2.5, side = "right", dtype = "float32", expected = {{1.2277723550796509, -1.2277723550796509, 0.876058042049408}, {-1.0121970176696777, 1.1071487665176392, 0.38050636649131775}}},
  {op = "atan2", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = -3, side = "left", dtype = "float32", expected = {{-0.4048917889595032, -2.7367007732391357, -0.7853981852531433}, {-2.498091459274292, -0.5404195189476013, -1.249045729637146}}},
  {op = "atan2", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = -3, side = "right", dtype = "float32", expected = {{1.975688099861145, -1.975688099861145, 2.356194496154785}, {-2.2142975330352783, 2.111215829849243, 2.8198421001434326}}},
  {op = "atan2", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2, side = "left", dtype = "float32", expected = {{0.9272952079772949, 2.414950370788574, 0.588002622127533}, {2.677945137023926, 0.34877100586891174, 1.8157750368118286}}},
  {op = "atan2", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2, side = "right", dtype = "float32", expected = {{0.6435011029243469, -0.8441540002822876, 0.9827937483787537}, {-1.1071487665176392, 1.2220252752304077, -0.244978666305542}}},
  {op = "atan2", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2.5, side = "left", dtype = "float32", expected = {{1.0303767919540405, 2.3036115169525146, 0.6947382688522339}, {2.582993268966675, 0.4266274869441986, 1.768191933631897}}},
  {op = "atan2", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2.5, side = "right", dtype = "float32", expected = {{0.5404195189476013, -0.7328150868415833, 0.876058042049408}, {-1.0121970176696777, 1.1441688537597656, -0.19739556312561035}}},
  {op = "atan2", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = -3, side = "left", dtype = "float32", expected = {{-1.1071487665176392, -2.2142975330352783, -0.7853981852531433}, {-2.498091459274292, -0.4993467330932617, -1.7359449863433838}}},
  {op = "atan2", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = -3, side = "right", dtype = "float32", expected = {{2.677945137023926, -2.498091459274292, 2.356194496154785}, {-2.2142975330352783, 2.070142984390259, -2.9764440059661865}}},
  {op = "eq", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2, side = "left", dtype = "bool", expected = {{false, false, false}, {false, false, false}}},
  {op = "eq", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2, side = "right", dtype = "bool", expected = {{false, false, false}, {false, false, false}}},
  {op = "eq", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2.5, side = "left", dtype = "bool", expected = {{false, false, false}, {false, false, false}}},
  {op = "eq", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2.5, side = "right", dtype = "bool", expected = {{false, false, false}, {false, false, false}}},
  {op = "eq", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = -3, side = "left", dtype = "bool", expected = {{false, false, false}, {false, false, false}}},
  {op = "eq", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = -3, side = "right", dtype = "bool", expected = {{false, false, false}, {false, false, false}}},
  {op = "eq", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2, side = "left", dtype = "bool", expected = {{false, false, false}, {false, false, false}}},
  {op = "eq", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2, side = "right", dtype = "bool", expected = {{false, false, false}, {false, false, false}}},
  {op = "eq", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2.5, side = "left", dtype = "bool", expected = {{false, false, false}, {false, false, false}}},
  {op = "eq", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2.5, side = "right", dtype = "bool", expected = {{false, false, false}, {false, false, false}}},
  {op = "eq", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = -3, side = "left", dtype = "bool", expected = {{false, false, false}, {false, false, false}}},
  {op = "eq", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = -3, side = "right", dtype = "bool", expected = {{false, false, false}, {false, false, false}}},
  {op = "ne", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2, side = "left", dtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "ne", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2, side = "right", dtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "ne", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2.5, side = "left", dtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "ne", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2.5, side = "right", dtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "ne", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = -3, side = "left", dtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "ne", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = -3, side = "right", dtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "ne", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2, side = "left", dtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "ne", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2, side = "right", dtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "ne", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2.5, side = "left", dtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "ne", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2.5, side = "right", dtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "ne", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = -3, side = "left", dtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "ne", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = -3, side = "right", dtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "lt", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2, side = "left", dtype = "bool", expected = {{true, false, true}, {false, true, false}}},
  {op = "lt", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2, side = "right", dtype = "bool", expected = {{false, true, false}, {true, false, true}}},
  {op = "lt", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2.5, side = "left", dtype = "bool", expected = {{true, false, true}, {false, true, false}}},
  {op = "lt", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2.5, side = "right", dtype = "bool", expected = {{false, true, false}, {true, false, true}}},
  {op = "lt", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = -3, side = "left", dtype = "bool", expected = {{true, false, true}, {false, true, true}}},
  {op = "lt", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = -3, side = "right", dtype = "bool", expected = {{false, true, false}, {true, false, false}}},
  {op = "lt", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2, side = "left", dtype = "bool", expected = {{false, false, true}, {false, true, false}}},
  {op = "lt", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2, side = "right", dtype = "bool", expected = {{true, true, false}, {true, false, true}}},
  {op = "lt", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2.5, side = "left", dtype = "bool", expected = {{false, false, true}, {false, true, false}}},
  {op = "lt", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2.5, side = "right", dtype = "bool", expected = {{true, true, false}, {true, false, true}}},
  {op = "lt", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = -3, side = "left", dtype = "bool", expected = {{true, true, true}, {false, true, true}}},
  {op = "lt", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = -3, side = "right", dtype = "bool", expected = {{false, false, false}, {true, false, false}}},
  {op = "le", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2, side = "left", dtype = "bool", expected = {{true, false, true}, {false, true, false}}},
  {op = "le", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2, side = "right", dtype = "bool", expected = {{false, true, false}, {true, false, true}}},
  {op = "le", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2.5, side = "left", dtype = "bool", expected = {{true, false, true}, {false, true, false}}},
  {op = "le", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2.5, side = "right", dtype = "bool", expected = {{false, true, false}, {true, false, true}}},
  {op = "le", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = -3, side = "left", dtype = "bool", expected = {{true, false, true}, {false, true, true}}},
  {op = "le", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = -3, side = "right", dtype = "bool", expected = {{false, true, false}, {true, false, false}}},
  {op = "le", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2, side = "left", dtype = "bool", expected = {{false, false, true}, {false, true, false}}},
  {op = "le", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2, side = "right", dtype = "bool", expected = {{true, true, false}, {true, false, true}}},
  {op = "le", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2.5, side = "left", dtype = "bool", expected = {{false, false, true}, {false, true, false}}},
  {op = "le", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2.5, side = "right", dtype = "bool", expected = {{true, true, false}, {true, false, true}}},
  {op = "le", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = -3, side = "left", dtype = "bool", expected = {{true, true, true}, {false, true, true}}},
  {op = "le", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = -3, side = "right", dtype = "bool", expected = {{false, false, false}, {true, false, false}}},
  {op = "gt", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2, side = "left", dtype = "bool", expected = {{false, true, false}, {true, false, true}}},
  {op = "gt", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2, side = "right", dtype = "bool", expected = {{true, false, true}, {false, true, false}}},
  {op = "gt", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2.5, side = "left", dtype = "bool", expected = {{false, true, false}, {true, false, true}}},
  {op = "gt", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2.5, side = "right", dtype = "bool", expected = {{true, false, true}, {false, true, false}}},
  {op = "gt", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = -3, side = "left", dtype = "bool", expected = {{false, true, false}, {true, false, false}}},
  {op = "gt", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = -3, side = "right", dtype = "bool", expected = {{true, false, true}, {false, true, true}}},
  {op = "gt", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2, side = "left", dtype = "bool", expected = {{true, true, false}, {true, false, true}}},
  {op = "gt", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2, side = "right", dtype = "bool", expected = {{false, false, true}, {false, true, false}}},
  {op = "gt", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2.5, side = "left", dtype = "bool", expected = {{true, true, false}, {true, false, true}}},
  {op = "gt", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2.5, side = "right", dtype = "bool", expected = {{false, false, true}, {false, true, false}}},
  {op = "gt", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = -3, side = "left", dtype = "bool", expected = {{false, false, false}, {true, false, false}}},
  {op = "gt", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = -3, side = "right", dtype = "bool", expected = {{true, true, true}, {false, true, true}}},
  {op = "ge", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2, side = "left", dtype = "bool", expected = {{false, true, false}, {true, false, true}}},
  {op = "ge", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2, side = "right", dtype = "bool", expected = {{true, false, true}, {false, true, false}}},
  {op = "ge", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2.5, side = "left", dtype = "bool", expected = {{false, true, false}, {true, false, true}}},
  {op = "ge", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2.5, side = "right", dtype = "bool", expected = {{true, false, true}, {false, true, false}}},
  {op = "ge", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = -3, side = "left", dtype = "bool", expected = {{false, true, false}, {true, false, false}}},
  {op = "ge", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = -3, side = "right", dtype = "bool", expected = {{true, false, true}, {false, true, true}}},
  {op = "ge", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2, side = "left", dtype = "bool", expected = {{true, true, false}, {true, false, true}}},
  {op = "ge", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2, side = "right", dtype = "bool", expected = {{false, false, true}, {false, true, false}}},
  {op = "ge", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2.5, side = "left", dtype = "bool", expected = {{true, true, false}, {true, false, true}}},
  {op = "ge", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2.5, side = "right", dtype = "bool", expected = {{false, false, true}, {false, true, false}}},
  {op = "ge", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = -3, side = "left", dtype = "bool", expected = {{false, false, false}, {true, false, false}}},
  {op = "ge", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = -3, side = "right", dtype = "bool", expected = {{true, true, true}, {false, true, true}}},
  {op = "logical_and", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2, side = "left", dtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "logical_and", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2, side = "right", dtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "logical_and", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2.5, side = "left", dtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "logical_and", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2.5, side = "right", dtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "logical_and", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = -3, side = "left", dtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "logical_and", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = -3, side = "right", dtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "logical_and", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2, side = "left", dtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "logical_and", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2, side = "right", dtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "logical_and", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2.5, side = "left", dtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "logical_and", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2.5, side = "right", dtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "logical_and", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = -3, side = "left", dtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "logical_and", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = -3, side = "right", dtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "logical_or", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2, side = "left", dtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "logical_or", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2, side = "right", dtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "logical_or", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2.5, side = "left", dtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "logical_or", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2.5, side = "right", dtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "logical_or", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = -3, side = "left", dtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "logical_or", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = -3, side = "right", dtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "logical_or", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2, side = "left", dtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "logical_or", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2, side = "right", dtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "logical_or", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2.5, side = "left", dtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "logical_or", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2.5, side = "right", dtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "logical_or", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = -3, side = "left", dtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "logical_or", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = -3, side = "right", dtype = "bool", expected = {{true, true, true}, {true, true, true}}},
  {op = "logical_xor", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2, side = "left", dtype = "bool", expected = {{false, false, false}, {false, false, false}}},
  {op = "logical_xor", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2, side = "right", dtype = "bool", expected = {{false, false, false}, {false, false, false}}},
  {op = "logical_xor", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2.5, side = "left", dtype = "bool", expected = {{false, false, false}, {false, false, false}}},
  {op = "logical_xor", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = 2.5, side = "right", dtype = "bool", expected = {{false, false, false}, {false, false, false}}},
  {op = "logical_xor", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = -3, side = "left", dtype = "bool", expected = {{false, false, false}, {false, false, false}}},
  {op = "logical_xor", t = "int64", tv = {{7, -7, 3}, {-4, 5, 1}}, s = -3, side = "right", dtype = "bool", expected = {{false, false, false}, {false, false, false}}},
  {op = "logical_xor", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2, side = "left", dtype = "bool", expected = {{false, false, false}, {false, false, false}}},
  {op = "logical_xor", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2, side = "right", dtype = "bool", expected = {{false, false, false}, {false, false, false}}},
  {op = "logical_xor", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2.5, side = "left", dtype = "bool", expected = {{false, false, false}, {false, false, false}}},
  {op = "logical_xor", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = 2.5, side = "right", dtype = "bool", expected = {{false, false, false}, {false, false, false}}},
  {op = "logical_xor", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = -3, side = "left", dtype = "bool", expected = {{false, false, false}, {false, false, false}}},
  {op = "logical_xor", t = "float32", tv = {{1.5, -2.25, 3.0}, {-4.0, 5.5, -0.5}}, s = -3, side = "right", dtype = "bool", expected = {{false, false, false}, {false, false, false}}},
}

-- ---------------------------------------------------------------------------------------------

local BINARY_OPS = {"add", "sub", "mul", "div", "pow", "remainder", "floor_divide", "maximum",
  "minimum", "atan2", "eq", "ne", "lt", "le", "gt", "ge", "logical_and", "logical_or", "logical_xor"}
local UNARY_OPS = {"neg", "abs", "sign", "relu", "square", "floor", "ceil", "round", "trunc",
  "logical_not", "sqrt", "rsqrt", "reciprocal", "exp", "exp2", "expm1", "log", "log2", "log1p",
  "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "sigmoid", "erf", "gelu",
  "silu", "softplus"}
local METAMETHOD = {
  add = function(a, b) return a + b end,
  sub = function(a, b) return a - b end,
  mul = function(a, b) return a * b end,
  div = function(a, b) return a / b end,
  pow = function(a, b) return a ^ b end,
  remainder = function(a, b) return a % b end,
  floor_divide = function(a, b) return a // b end,
}

-- ops whose float results are not exact: compared within a few ulps (float32) or 1e-13
local INEXACT = {div = true, pow = true, atan2 = true}
for i = 11, #UNARY_OPS do INEXACT[UNARY_OPS[i]] = true end

-- tolerance of op's result of dtype dt
local function tol(op, dt)
  if not INEXACT[op] then return 0, 0 end
  -- atol covers gelu's cancellation (0.5 x (1 + erf) for negative x) near zero
  if dt == "float32" then return F32_RTOL, 1e-6 end
  if dt == "float64" then return F64_RTOL, 1e-15 end
  return 0, 0
end

local function not_supported(_, dt) return string.format("not supported for dtype %s", dt) end
local function cannot_cast(res, out) return string.format("result type %s can't be cast to the desired output type %s", res, out) end

describe("every binary op on every dtype", function()
  for _, c in ipairs(BINARY_CASES) do
    it(string.format("%s(%s, %s)", c.op, c.input, c.input), function()
      local x, y = lt.tensor(c.x, c.input), lt.tensor(c.y, c.input)
      if c.torch_error then
        assert.has_error(function() lt[c.op](x, y) end, c.op .. ": " .. not_supported(c.op, c.input))
        assert.has_error(function() x[c.op](x, y) end, c.op .. ": " .. not_supported(c.op, c.input))
        assert.has_error(function() x[c.op .. "_"](x, y) end, c.op .. "_: " .. not_supported(c.op, c.input))
        assert.has_error(function() lt[c.op](x, y, lt.empty(2, 3, c.input)) end, c.op .. ": " .. not_supported(c.op, c.input))
        assert_equal(x, c.input, c.x)
        return
      end
      local rtol, atol = tol(c.op, c.dtype)
      -- function and method forms
      assert_close(lt[c.op](x, y), c.dtype, c.expected, rtol, atol)
      assert_close(x[c.op](x, y), c.dtype, c.expected, rtol, atol)
      if METAMETHOD[c.op] then assert_close(METAMETHOD[c.op](x, y), c.dtype, c.expected, rtol, atol) end
      -- the inputs are untouched
      assert_equal(x, c.input, c.x)
      assert_equal(y, c.input, c.y)
      -- out form: returns out itself
      local out = lt.empty(2, 3, c.dtype)
      assert.is_true(rawequal(out, lt[c.op](x, y, out)))
      assert_close(out, c.dtype, c.expected, rtol, atol)
      out = lt.empty(2, 3, c.dtype)
      assert.is_true(rawequal(out, x[c.op](x, y, out)))
      assert_close(out, c.dtype, c.expected, rtol, atol)
      -- in-place form: returns x itself, keeps x's dtype; refuses a float result in an int tensor
      local a = x:clone()
      if c.dtype == c.input or c.dtype == "bool" then
        assert.is_true(rawequal(a, a[c.op .. "_"](a, y)))
        assert_close(a, c.input, c.dtype == "bool" and from_bool(c.expected, c.input) or c.expected, rtol, atol)
      else
        assert.has_error(function() a[c.op .. "_"](a, y) end, c.op .. "_: " .. cannot_cast(c.dtype, c.input))
        assert_equal(a, c.input, c.x)
      end
    end)
  end
end)

describe("every unary op on every dtype", function()
  for _, c in ipairs(UNARY_CASES) do
    it(string.format("%s(%s)", c.op, c.input), function()
      local x = lt.tensor(c.x, c.input)
      -- PyTorch squares a bool tensor into int64; here square keeps the dtype and so, like
      -- neg and abs, refuses bool
      if c.torch_error or (c.op == "square" and c.input == "bool") then
        assert.has_error(function() lt[c.op](x) end, c.op .. ": " .. not_supported(c.op, c.input))
        assert.has_error(function() x[c.op](x) end, c.op .. ": " .. not_supported(c.op, c.input))
        assert.has_error(function() x[c.op .. "_"](x) end, c.op .. "_: " .. not_supported(c.op, c.input))
        assert_equal(x, c.input, c.x)
        return
      end
      local rtol, atol = tol(c.op, c.dtype)
      assert_close(lt[c.op](x), c.dtype, c.expected, rtol, atol)
      assert_close(x[c.op](x), c.dtype, c.expected, rtol, atol)
      if c.op == "neg" then assert_close(-x, c.dtype, c.expected) end
      assert_equal(x, c.input, c.x)
      local out = lt.empty(x:size(), c.dtype)
      assert.is_true(rawequal(out, lt[c.op](x, out)))
      assert_close(out, c.dtype, c.expected, rtol, atol)
      local a = x:clone()
      if c.dtype == c.input or c.dtype == "bool" then
        assert.is_true(rawequal(a, a[c.op .. "_"](a)))
        assert_close(a, c.input, c.dtype == "bool" and from_bool(c.expected, c.input) or c.expected, rtol, atol)
      else
        assert.has_error(function() a[c.op .. "_"](a) end, c.op .. "_: " .. cannot_cast(c.dtype, c.input))
        assert_equal(a, c.input, c.x)
      end
    end)
  end

  it("float functions of integer tensors follow the default dtype", function()
    lt.set_default_dtype(lt.float64)
    local ok, err = pcall(function()
      assert_close(lt.sqrt(lt.tensor({1, 4, 9})), "float64", {1.0, 2.0, 3.0})
      assert_close(lt.exp(lt.tensor({0}, lt.uint8)), "float64", {1.0})
      assert_close(lt.sigmoid(lt.tensor({false})), "float64", {0.5})
    end)
    lt.set_default_dtype(lt.float32)
    assert(ok, err)
  end)
end)

describe("broadcasting", function()
  for _, c in ipairs(BROADCAST_CASES) do
    it(c.op .. " " .. c.case, function()
      local x, y = lt.tensor(c.x), lt.tensor(c.y)
      local rtol, atol = tol(c.op, c.dtype)
      assert_close(lt[c.op](x, y), c.dtype, c.expected, rtol, atol)
      local out = lt.empty(c.shape, c.dtype)
      assert.is_true(rawequal(out, lt[c.op](x, y, out)))
      assert_close(out, c.dtype, c.expected, rtol, atol)
      -- in place: fine when x already has the broadcast shape, refused otherwise
      local a = x:clone()
      if #x:size() == 2 and x:size(1) == 2 and x:size(2) == 3 then
        assert.is_true(rawequal(a, a[c.op .. "_"](a, y)))
        assert_close(a, "float32", c.dtype == "bool" and from_bool(c.expected, "float32") or c.expected, rtol, atol)
      else
        local xs = #x:size() == 0 and "()" or "(" .. table.concat(x:size(), ", ") .. ")"
        assert.has_error(function() a[c.op .. "_"](a, y) end,
          c.op .. "_: output with shape " .. xs .. " doesn't match the broadcast shape (2, 3)")
        assert_equal(a, "float32", c.x)
      end
    end)
  end

  it("aligns trailing dims across three dims: (2, 1, 3) + (4, 1) -> (2, 4, 3)", function()
    local a = lt.tensor({{{1, 2, 3}}, {{10, 20, 30}}}) -- int64 (2, 1, 3)
    local b = lt.tensor({{100}, {200}, {300}, {400}})  -- int64 (4, 1)
    assert_equal(a + b, "int64", {
      {{101, 102, 103}, {201, 202, 203}, {301, 302, 303}, {401, 402, 403}},
      {{110, 120, 130}, {210, 220, 230}, {310, 320, 330}, {410, 420, 430}}})
    assert_equal(b + a, "int64", (a + b):totable())
  end)

  it("broadcasts size-0 dims and size-1 against size-0", function()
    local r = lt.zeros(0, 3) + lt.ones(3)
    assert.are.same({0, 3}, r:size())
    assert.are.same({2, 0}, (lt.ones(2, 1) * lt.ones(0)):size())
  end)

  it("0-d op 0-d is 0-d", function()
    assert_equal(lt.tensor(2.5) * lt.tensor(2.0), "float32", 5.0)
    assert_equal(lt.tensor(7) // lt.tensor(2), "int64", 3)
    assert_equal(lt.tensor(1):lt(lt.tensor(2)), "bool", true)
  end)

  for _, op in ipairs(BINARY_OPS) do
    it(op .. " names the dims that do not broadcast", function()
      assert.has_error(function() lt[op](lt.ones(2, 3), lt.ones(2, 2)) end,
        op .. ": the size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 2")
      assert.has_error(function() lt[op](lt.ones(4, 2, 2), lt.ones(3, 1)) end,
        op .. ": the size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 2")
      assert.has_error(function() lt[op](lt.ones(3), lt.ones(2, 4)) end,
        op .. ": the size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 2")
    end)
  end
end)

describe("Lua numbers as operands", function()
  for _, c in ipairs(SCALAR_CASES) do
    local name = c.side == "left" and string.format("%s(%s, %s tensor)", c.op, tostring(c.s), c.t)
      or string.format("%s(%s tensor, %s)", c.op, c.t, tostring(c.s))
    it(name, function()
      local t = lt.tensor(c.tv, c.t)
      local s = c.s
      local function call(f) if c.side == "left" then return f(s, t) else return f(t, s) end end
      if c.torch_error then
        assert.has_error(function() call(lt[c.op]) end, c.op .. ": integers to negative integer powers are not allowed")
        assert.has_error(function() call(METAMETHOD[c.op]) end, c.op .. ": integers to negative integer powers are not allowed")
        return
      end
      local rtol, atol = tol(c.op, c.dtype)
      assert_close(call(lt[c.op]), c.dtype, c.expected, rtol, atol)
      if METAMETHOD[c.op] then assert_close(call(METAMETHOD[c.op]), c.dtype, c.expected, rtol, atol) end
      if c.side == "right" then assert_close(t[c.op](t, s), c.dtype, c.expected, rtol, atol) end
      assert_equal(t, c.t, c.tv)
    end)
  end

  it("the operators of the README: 2 * t, t * 2, lt.sub(1, t), 2 - t, t // 2, 2 ^ t, -t", function()
    local t = lt.tensor({-3, 0, 5})
    assert_equal(2 * t, "int64", {-6, 0, 10})
    assert_equal(t * 2, "int64", {-6, 0, 10})
    assert_equal(lt.sub(1, t), "int64", {4, 1, -4})
    assert_equal(2 - t, "int64", {5, 2, -3})
    assert_equal(t // 2, "int64", {-2, 0, 2})
    assert_equal(2 ^ lt.tensor({0, 3, 10}), "int64", {1, 8, 1024})
    assert_equal(-t, "int64", {3, 0, -5})
    assert_equal(t % 2, "int64", {1, 0, 1})
    assert_equal(t / 2, "float32", {-1.5, 0.0, 2.5})
    local f = lt.tensor({0.5, -1.5})
    assert_equal(1 - f, "float32", {0.5, 2.5})
    assert_equal(2 ^ f, "float32", {f32(2 ^ 0.5), f32(2 ^ -1.5)})
    assert_equal(-f, "float32", {-0.5, 1.5})
  end)

  it("booleans are operands too", function()
    assert_equal(lt.tensor({1.5, 2.5}) + true, "float32", {2.5, 3.5})
    assert_equal(lt.tensor({3, 4}) * false, "int64", {0, 0})
    assert_equal(lt.tensor({true, false}) + true, "bool", {true, true})
    assert_equal(lt.tensor({true, false}):logical_xor(true), "bool", {false, true})
    assert_equal(lt.tensor({1, 0}):eq(true), "bool", {true, false})
  end)

  it("an op needs at least one tensor", function()
    assert.has_error(function() lt.add(1, 2) end, "add: expected at least one tensor operand")
    assert.has_error(function() lt.mul(2.5, true) end, "mul: expected at least one tensor operand")
    assert.has_error(function() lt.eq(1, 1) end, "eq: expected at least one tensor operand")
  end)

  it("other Lua values are refused", function()
    local t = lt.ones(2)
    assert.has_error(function() lt.add(t, "x") end, "bad argument #2 to 'add' (tensor or number expected, got string)")
    assert.has_error(function() lt.add({}, t) end, "bad argument #1 to 'add' (tensor or number expected, got table)")
    assert.has_error(function() return t + nil end, "bad argument #2 to 'add' (tensor or number expected, got nil)")
    assert.has_error(function() return t * "2" end, "bad argument #2 to 'mul' (tensor or number expected, got string)")
    assert.has_error(function() lt.neg(3) end, "bad argument #1 to 'neg' (luatensor.Tensor expected, got number)")
    assert.has_error(function() lt.exp(t, "x") end, "bad argument #2 to 'exp' (luatensor.Tensor expected, got string)")
  end)
end)

describe("strided and expanded inputs", function()
  -- deterministic values without zeros: floats in [-2.25, 2.75], integers in [1, 11]
  local function values(n, seed, dt)
    local v = {}
    for i = 1, n do
      local k = (i * 7 + seed * 3) % 11
      v[i] = IS_FLOAT[dt] and (k - 5) * 0.5 + 0.25 or k + 1
    end
    return v
  end
  -- (4, 6) operands laid out in memory in different ways
  local LAYOUTS = {
    transposed = function(dt, seed) return lt.tensor(values(24, seed, dt), dt):view(6, 4):t() end,
    stepped = function(dt, seed) return lt.tensor(values(96, seed, dt), dt):view(8, 12)[{{1, 8, 2}, {2, 12, 2}}] end,
    reversed = function(dt, seed) return lt.tensor(values(24, seed, dt), dt):view(4, 6)[{{-1, 1, -1}, {-1, 1, -1}}] end,
    expanded_row = function(dt, seed) return lt.tensor(values(6, seed, dt), dt):view(1, 6):expand(4, 6) end,
    expanded_col = function(dt, seed) return lt.tensor(values(4, seed, dt), dt):view(4, 1):expand(4, 6) end,
  }
  local PAIRS = {{"transposed", "stepped"}, {"reversed", "expanded_row"}, {"expanded_col", "transposed"},
    {"stepped", "reversed"}, {"expanded_row", "expanded_col"}}

  it("the layouts are what they claim", function()
    for name, make in pairs(LAYOUTS) do
      local t = make("float32", 1)
      assert.are.same({4, 6}, t:size())
      assert.is_false(t:is_contiguous(), name)
    end
    assert.are.same({-6, -1}, LAYOUTS.reversed("float32", 1):stride())
    assert.are.same({0, 1}, LAYOUTS.expanded_row("float32", 1):stride())
    assert.are.same({1, 0}, LAYOUTS.expanded_col("float32", 1):stride())
  end)

  it("a transposed view plus a reversed one (literal values)", function()
    local a = lt.arange(6):view(2, 3):double()
    assert_equal(a:t() + a[{{-1, 1, -1}}]:t(), "float64", {{3.0, 3.0}, {5.0, 5.0}, {7.0, 7.0}})
    assert_equal(a[{{}, {-1, 1, -2}}] * lt.tensor({10.0}):expand(2), "float64", {{20.0, 0.0}, {50.0, 30.0}})
  end)

  for _, op in ipairs(BINARY_OPS) do
    for _, dt in ipairs({"float32", "float64", "int32"}) do
      it(op .. " of " .. dt .. " views gives what it gives on contiguous copies", function()
        for _, pair in ipairs(PAIRS) do
          local x, y = LAYOUTS[pair[1]](dt, 1), LAYOUTS[pair[2]](dt, 2)
          local want = lt[op](x:clone(), y:clone())
          assert_equal(lt[op](x, y), want.dtype, want:totable())
          -- and into a strided out
          local out = lt.empty(6, 4, want.dtype):t()
          lt[op](x, y, out)
          assert_equal(out, want.dtype, want:totable())
        end
      end)
    end
  end

  for _, op in ipairs(UNARY_OPS) do
    it(op .. " of strided views gives what it gives on contiguous copies", function()
      for _, dt in ipairs({"float32", "float64", "int32"}) do
        for name, make in pairs(LAYOUTS) do
          local x = make(dt, 3)
          local want = lt[op](x:clone())
          assert_equal(lt[op](x), want.dtype, want:totable())
          if name ~= "expanded_row" and name ~= "expanded_col" and want.dtype == dt then
            local a = x:clone()
            local v = make(dt, 3)
            v:copy_(a) -- same layout, writable
            v[op .. "_"](v)
            assert_equal(v, dt, want:totable())
          end
        end
      end
    end)
  end

  it("mixed dtypes on large tensors (converted a chunk at a time, on several threads)", function()
    local n = 300000
    local a = lt.arange(n, lt.int32)
    local b = lt.arange(n, lt.float64) * 0.5
    local r = a + b
    assert.are.equal("float64", r.dtype)
    local v, bad = r:totable(), 0
    for i = 1, n do if v[i] ~= (i - 1) * 1.5 then bad = bad + 1 end end
    assert.are.equal(0, bad)
    -- strided and broadcast operands of another dtype
    local m = a:view(600, 500):t() * lt.tensor({{2.0}}, lt.float64):expand(500, 600)
    assert.are.equal("float64", m.dtype)
    assert.are.same({500, 600}, m:size())
    assert.are.equal(2.0 * (599 * 500 + 499), m[{500, 600}])
    assert.are.equal(2.0 * (1 * 500 + 3), m[{4, 2}])
    local into = lt.zeros(n, lt.int32)
    into:add_(lt.arange(n))                       -- an int64 result written into int32
    assert.are.equal(n - 1, into[n])
    assert.are.equal(12345, into[12346])
  end)

  it("where, masked_fill and clamp on strided views", function()
    local x, y = LAYOUTS.transposed("float64", 1), LAYOUTS.reversed("float64", 2)
    local cond = x:gt(y)
    assert_equal(lt.where(cond, x, y), "float64", lt.where(cond:clone(), x:clone(), y:clone()):totable())
    assert_equal(lt.where(cond, x, y), "float64", lt.maximum(x, y):totable())
    local mask = LAYOUTS.stepped("float64", 4):lt(0)
    assert_equal(x:masked_fill(mask, 9.5), "float64", x:clone():masked_fill(mask:clone(), 9.5):totable())
    assert_equal(lt.clamp(x, LAYOUTS.expanded_row("float64", 5), 1.0), "float64",
      lt.clamp(x:clone(), LAYOUTS.expanded_row("float64", 5):clone(), 1.0):totable())
  end)
end)

describe("in-place forms", function()
  it("return the tensor itself", function()
    local a = lt.tensor({1.0, 2.0, 3.0})
    assert.is_true(rawequal(a, a:add_(1)))
    assert.is_true(rawequal(a, a:mul_(lt.tensor({2.0, 2.0, 2.0}))))
    assert.is_true(rawequal(a, a:neg_()))
    assert.is_true(rawequal(a, lt.sub_(a, 1)))
    assert_equal(a, "float32", {-5.0, -7.0, -9.0})
  end)

  it("broadcast b into a", function()
    local a = lt.zeros(2, 3)
    a:add_(lt.tensor({1.0, 2.0, 3.0}))
    a:mul_(lt.tensor({{1.0}, {-1.0}}))
    a:sub_(lt.tensor(0.5))
    assert_equal(a, "float32", {{0.5, 1.5, 2.5}, {-1.5, -2.5, -3.5}})
  end)

  it("refuse a result that does not fit a's shape, leaving a as it was", function()
    local a = lt.tensor({1.0, 2.0, 3.0})
    assert.has_error(function() a:add_(lt.ones(2, 3)) end,
      "add_: output with shape (3) doesn't match the broadcast shape (2, 3)")
    local c = lt.tensor({{1.0}, {2.0}})
    assert.has_error(function() c:mul_(lt.ones(1, 3)) end,
      "mul_: output with shape (2, 1) doesn't match the broadcast shape (2, 3)")
    assert.has_error(function() lt.tensor(1.0):sub_(lt.ones(3)) end,
      "sub_: output with shape () doesn't match the broadcast shape (3)")
    assert_equal(a, "float32", {1.0, 2.0, 3.0})
    assert_equal(c, "float32", {{1.0}, {2.0}})
  end)

  it("refuse float results into an integer tensor, and anything but bool into bool", function()
    local i = lt.tensor({1, 2}, lt.int32)
    assert.has_error(function() i:add_(2.5) end, "add_: " .. cannot_cast("float32", "int32"))
    assert.has_error(function() i:mul_(lt.tensor({1.0, 2.0})) end, "mul_: " .. cannot_cast("float32", "int32"))
    assert.has_error(function() i:div_(2) end, "div_: " .. cannot_cast("float32", "int32"))
    assert.has_error(function() i:add_(lt.tensor({1.0}, lt.float64)) end, "add_: " .. cannot_cast("float64", "int32"))
    assert.has_error(function() i:exp_() end, "exp_: " .. cannot_cast("float32", "int32"))
    assert.has_error(function() lt.tensor({1}, lt.uint8):pow_(0.5) end, "pow_: " .. cannot_cast("float32", "uint8"))
    assert.has_error(function() lt.tensor({true}):add_(1) end, "add_: " .. cannot_cast("int64", "bool"))
    assert_equal(i, "int32", {1, 2})
  end)

  it("accept results they can hold: ints into floats, float64 into float32, int64 into int32", function()
    local f = lt.tensor({0.5, 1.5})
    f:add_(lt.tensor({1, 2}))
    assert_equal(f, "float32", {1.5, 3.5})
    f:mul_(lt.tensor({1 / 3, 1.0}, lt.float64))
    assert_equal(f, "float32", {f32(1.5 / 3), 3.5})
    local i = lt.tensor({1, 2}, lt.int32)
    i:add_(lt.tensor({2 ^ 31 | 0, 5}))                -- int64 result, wrapped into int32
    assert_equal(i, "int32", {-2147483647, 7})
    local u = lt.tensor({250, 3}, lt.uint8)
    u:add_(10)
    assert_equal(u, "uint8", {4, 13})
    local b = lt.tensor({1.0, 0.0})
    b:logical_not_()
    assert_equal(b, "float32", {0.0, 1.0})
  end)

  it("refuse to write into an expanded view", function()
    local msg = "cannot write into a tensor where several elements share memory (an expanded view); clone it first"
    local e = lt.tensor({{1.0, 2.0, 3.0}}):expand(2, 3)
    assert.has_error(function() e:add_(1) end, "add_: " .. msg)
    assert.has_error(function() e:neg_() end, "neg_: " .. msg)
    assert.has_error(function() e:masked_fill_(lt.ones(2, 3, lt.bool), 0) end, "masked_fill_: " .. msg)
    assert.has_error(function() e:clamp_(0, 1) end, "clamp_: " .. msg)
    assert.has_error(function() lt.add(lt.ones(2, 3), 1, e) end, "add: " .. msg)
    assert_equal(e, "float32", {{1.0, 2.0, 3.0}, {1.0, 2.0, 3.0}})
  end)

  it("write through views into their base", function()
    local base = lt.zeros(3, 4)
    base[{{}, 2}]:add_(1)
    base:t()[{{-1}}]:sub_(lt.tensor({1.0, 2.0, 3.0}))
    base[{{1, 3, 2}, {1, 3, 2}}]:add_(lt.tensor({{10.0}, {20.0}}))
    assert_equal(base, "float32", {{10.0, 1.0, 10.0, -1.0}, {0.0, 1.0, 0.0, -2.0}, {20.0, 1.0, 20.0, -3.0}})
  end)

  it("write nothing when the op fails", function()
    local a = lt.tensor({7, 8, 9})
    assert.has_error(function() a:floor_divide_(lt.tensor({1, 2, 0})) end, "floor_divide_: integer division by zero")
    assert.has_error(function() a:remainder_(lt.tensor({0, 2, 3})) end, "remainder_: integer division by zero")
    assert.has_error(function() a:pow_(lt.tensor({2, 2, -1})) end, "pow_: integers to negative integer powers are not allowed")
    assert_equal(a, "int64", {7, 8, 9})
  end)
end)

describe("out forms", function()
  it("return out itself, in function and method form", function()
    local a, b = lt.tensor({1.0, 2.0}), lt.tensor({3.0, 4.0})
    local out = lt.empty(2)
    assert.is_true(rawequal(out, lt.mul(a, b, out)))
    assert_equal(out, "float32", {3.0, 8.0})
    assert.is_true(rawequal(out, a:sub(b, out)))
    assert_equal(out, "float32", {-2.0, -2.0})
    assert.is_true(rawequal(out, lt.sqrt(b, out)))
    assert_equal(out, "float32", {f32(math.sqrt(3)), 2.0})
    assert.is_true(rawequal(out, lt.mul(2, b, out)))
    assert_equal(out, "float32", {6.0, 8.0})
  end)

  it("refuse an out of the wrong shape", function()
    local a = lt.ones(3)
    assert.has_error(function() lt.mul(a, a, lt.empty(2)) end, "mul: output with shape (2) doesn't match the broadcast shape (3)")
    assert.has_error(function() lt.mul(a, a, lt.empty(1, 3)) end, "mul: output with shape (1, 3) doesn't match the broadcast shape (3)")
    assert.has_error(function() lt.add(lt.ones(2, 1), a, lt.empty(3)) end, "add: output with shape (3) doesn't match the broadcast shape (2, 3)")
    assert.has_error(function() lt.exp(a, lt.empty(2)) end, "exp: output with shape (2) doesn't match the broadcast shape (3)")
    assert.has_error(function() lt.eq(a, 1, lt.empty()) end, "eq: output with shape () doesn't match the broadcast shape (3)")
  end)

  it("refuse an out whose dtype cannot hold the result", function()
    local a = lt.ones(3)
    assert.has_error(function() lt.mul(a, a, lt.empty(3, lt.int64)) end, "mul: " .. cannot_cast("float32", "int64"))
    assert.has_error(function() lt.div(lt.ones(3, lt.int32), 2, lt.empty(3, lt.int32)) end, "div: " .. cannot_cast("float32", "int32"))
    assert.has_error(function() lt.add(lt.ones(3, lt.int64), 1, lt.empty(3, lt.bool)) end, "add: " .. cannot_cast("int64", "bool"))
    assert.has_error(function() lt.sqrt(lt.ones(3, lt.int64), lt.empty(3, lt.int64)) end, "sqrt: " .. cannot_cast("float32", "int64"))
    assert.has_error(function() lt.neg(a, lt.empty(3, lt.uint8)) end, "neg: " .. cannot_cast("float32", "uint8"))
  end)

  it("accept an out of a dtype that can hold the result", function()
    local out64 = lt.empty(2, lt.float64)
    lt.mul(lt.tensor({0.1, 2.0}), 3, out64)
    assert_equal(out64, "float64", {f32(f32(0.1) * 3), 6.0})
    local outi = lt.empty(2, lt.int64)
    lt.lt(lt.tensor({1.0, 2.0}), 1.5, outi)
    assert_equal(outi, "int64", {1, 0})
    local outf = lt.empty(2)
    lt.add(lt.tensor({1, 2}, lt.int32), 1, outf)
    assert_equal(outf, "float32", {2.0, 3.0})
    local out32 = lt.empty(2, lt.int32)
    lt.add(lt.tensor({1, 2}), 2 ^ 32 | 0, out32) -- int64 result, wrapped into int32
    assert_equal(out32, "int32", {1, 2})
  end)

  it("may be an input (an exact alias)", function()
    local a = lt.tensor({1.0, 2.0, 3.0})
    assert.is_true(rawequal(a, lt.mul(a, a, a)))
    assert_equal(a, "float32", {1.0, 4.0, 9.0})
    local t = lt.tensor({{1.0, 2.0}, {3.0, 4.0}}):t()
    lt.add(t, 1, t)
    assert_equal(t, "float32", {{2.0, 4.0}, {3.0, 5.0}})
  end)
end)

describe("inputs that overlap the output", function()
  it("t[{{2,4}}]:add_(t[{{1,3}}]) behaves as if the input were read first", function()
    local t = lt.tensor({1.0, 2.0, 3.0, 4.0})
    t[{{2, 4}}]:add_(t[{{1, 3}}])
    assert_equal(t, "float32", {1.0, 3.0, 5.0, 7.0})
    local u = lt.tensor({1, 2, 3, 4})
    u[{{1, 3}}]:add_(u[{{2, 4}}])
    assert_equal(u, "int64", {3, 5, 7, 4})
  end)

  it("an out overlapping its input", function()
    local t = lt.tensor({1, 2, 3, 4})
    lt.mul(t[{{1, 3}}], 2, t[{{2, 4}}])
    assert_equal(t, "int64", {1, 2, 4, 6})
    local f = lt.tensor({1.0, 2.0, 3.0, 4.0})
    lt.neg(f[{{1, 3}}], f[{{2, 4}}])
    assert_equal(f, "float32", {1.0, -1.0, -2.0, -3.0})
    local w = lt.tensor({1.0, 2.0, 3.0, 4.0})
    lt.where(lt.tensor({true, true, true}), w[{{1, 3}}], 0, w[{{2, 4}}])
    assert_equal(w, "float32", {1.0, 1.0, 2.0, 3.0})
  end)

  it("where with one element of its out as a branch", function()
    local w = lt.tensor({1, 2, 3, 4})
    lt.where(lt.tensor({true, false, false, false}), 10, w[{{1}}], w)
    assert_equal(w, "int64", {10, 1, 1, 1})
    local v = lt.tensor({1.0, 2.0, 3.0, 4.0})
    lt.where(lt.tensor({true, false, false, false}), 10.0, v:select(1, 1), v)
    assert_equal(v, "float32", {10.0, 1.0, 1.0, 1.0})
  end)

  it("a reversed or transposed view of the output", function()
    local t = lt.tensor({1, 2, 3, 4})
    t:add_(t[{{-1, 1, -1}}])
    assert_equal(t, "int64", {5, 5, 5, 5})
    local m = lt.tensor({{1.0, 2.0}, {3.0, 4.0}})
    m:add_(m:t())
    assert_equal(m, "float32", {{2.0, 5.0}, {5.0, 8.0}})
  end)

  it("one element of the output broadcast over it (large enough to run on several threads)", function()
    local n = 1 << 20
    for _, pick in ipairs({1, n // 2 + 1, n}) do
      local t = lt.ones(n)
      t:add_(t[{{pick}}])
      local v, bad = t:totable(), 0
      for i = 1, n do if v[i] ~= 2 then bad = bad + 1 end end
      assert.are.equal(0, bad, string.format("%d of %d elements wrong when adding element %d", bad, n, pick))
      local u = lt.ones(n)
      u:mul_(2):add_(u:select(1, pick))
      v, bad = u:totable(), 0
      for i = 1, n do if v[i] ~= 4 then bad = bad + 1 end end
      assert.are.equal(0, bad, string.format("%d of %d elements wrong when adding 0-d element %d", bad, n, pick))
    end
  end)
end)

describe("comparisons", function()
  it("give bool for every dtype pair, comparing values across dtypes", function()
    local i = lt.tensor({1, 2, 3})
    local f = lt.tensor({1.0, 2.5, 3.0}, lt.float64)
    assert_equal(i:eq(f), "bool", {true, false, true})
    assert_equal(i:ne(f), "bool", {false, true, false})
    assert_equal(i:lt(f), "bool", {false, true, false})
    assert_equal(i:le(f), "bool", {true, true, true})
    assert_equal(i:gt(f), "bool", {false, false, false})
    assert_equal(i:ge(f), "bool", {true, false, true})
    assert_equal(lt.tensor({0, 1, 2}, lt.uint8):eq(lt.tensor({false, true, true})), "bool", {true, true, false})
  end)

  it("take Lua numbers on either side", function()
    local t = lt.tensor({1.0, 2.0, 3.0})
    assert_equal(t:gt(2), "bool", {false, false, true})
    assert_equal(lt.gt(2, t), "bool", {true, false, false})
    assert_equal(lt.le(2.5, t), "bool", {false, false, true})
    assert_equal(t:eq(2.0), "bool", {false, true, false})
  end)

  it("treat NaN as unordered and infinities as ordered", function()
    local a = lt.tensor({NAN, NAN, INF, -INF, 1.0})
    local b = lt.tensor({NAN, 1.0, INF, 0.0, INF})
    assert_equal(a:eq(b), "bool", {false, false, true, false, false})
    assert_equal(a:ne(b), "bool", {true, true, false, true, true})
    assert_equal(a:lt(b), "bool", {false, false, false, true, true})
    assert_equal(a:le(b), "bool", {false, false, true, true, true})
    assert_equal(a:gt(b), "bool", {false, false, false, false, false})
    assert_equal(a:ge(b), "bool", {false, false, true, false, false})
  end)

  it("convert a Lua number to the tensor's dtype first, as PyTorch does (uint8 and -1)", function()
    -- PyTorch: torch.tensor([0, 200], dtype=torch.uint8) > -1 -> [False, False] (-1 wraps to 255)
    assert_equal(lt.tensor({0, 200}, lt.uint8):gt(-1), "bool", {false, false})
    assert_equal(lt.tensor({0, 200}, lt.uint8):eq(256), "bool", {true, false})
  end)

  it("are methods, since Lua's == and < must return one boolean", function()
    local a, b = lt.ones(2), lt.ones(2)
    assert.is_false(a == b)
    assert.is_true(a == a)
    assert.has_error(function() return a < b end, "attempt to compare two luatensor.Tensor values")
  end)
end)

describe("logical ops", function()
  it("treat nonzero (NaN included) as true on any dtype", function()
    local f = lt.tensor({NAN, 0.0, 2.0, -0.0})
    local i = lt.tensor({1, 1, 0, 0}, lt.int32)
    assert_equal(lt.logical_and(f, i), "bool", {true, false, false, false})
    assert_equal(lt.logical_or(f, i), "bool", {true, true, true, false})
    assert_equal(lt.logical_xor(f, i), "bool", {false, true, true, false})
    assert_equal(lt.logical_not(f), "bool", {false, true, false, true})
    assert_equal(lt.logical_not(lt.tensor({0, 255}, lt.uint8)), "bool", {true, false})
  end)

  it("take Lua numbers and booleans and broadcast", function()
    local t = lt.tensor({{0, 1, 2}}, lt.int64)
    assert_equal(lt.logical_and(t, 0), "bool", {{false, false, false}})
    assert_equal(lt.logical_or(0.5, t), "bool", {{true, true, true}})
    assert_equal(lt.logical_xor(t, lt.tensor({{true}, {false}})), "bool", {{true, false, false}, {false, true, true}})
  end)

  it("in place keep the tensor's dtype (1 and 0), as PyTorch", function()
    local f = lt.tensor({2.0, 0.0})
    f:logical_and_(lt.tensor({1, 1}))
    assert_equal(f, "float32", {1.0, 0.0})
    local i = lt.tensor({5, 0, 3}, lt.int32)
    i:logical_or_(lt.tensor({false, false, true}))
    assert_equal(i, "int32", {1, 0, 1})
  end)
end)

describe("where", function()
  local cond = lt.tensor({true, false, true})

  it("picks from a where cond holds, else from b", function()
    assert_equal(lt.where(cond, lt.tensor({1.0, 2.0, 3.0}), lt.tensor({-1.0, -2.0, -3.0})), "float32", {1.0, -2.0, 3.0})
  end)

  it("takes a condition of any dtype: nonzero (NaN included) is true", function()
    -- PyTorch 1.13 refuses a non-bool condition; luatensor (like NumPy) tests it against zero
    assert_equal(lt.where(lt.tensor({1, 0, 2}), 1, 0), "int64", {1, 0, 1})
    assert_equal(lt.where(lt.tensor({1.0, 0.0, NAN, -0.0}), 1.0, 0), "float32", {1.0, 0.0, 1.0, 0.0})
    assert_equal(lt.where(lt.tensor({0, 7}, lt.uint8), lt.tensor({1, 2}, lt.int32), 9), "int32", {9, 2})
  end)

  it("takes Lua numbers and booleans for either branch", function()
    assert_equal(lt.where(cond, 1, 0), "int64", {1, 0, 1})
    assert_equal(lt.where(cond, 1.5, 2), "float32", {1.5, 2.0, 1.5})
    assert_equal(lt.where(cond, true, false), "bool", {true, false, true})
    assert_equal(lt.where(cond, lt.tensor({1, 2, 3}, lt.int32), 5), "int32", {1, 5, 3})
    assert_equal(lt.where(cond, 5, lt.tensor({1, 2, 3}, lt.uint8)), "uint8", {5, 2, 5})
    assert_equal(lt.where(cond, lt.tensor({1, 2, 3}, lt.uint8), -1), "uint8", {1, 255, 3})
    assert_equal(lt.where(cond, lt.tensor({true, false, true}), 2.5), "float32", {1.0, 2.5, 1.0})
  end)

  it("promotes the branches as binary ops do", function()
    local i32, i64 = lt.tensor({1, 2, 3}, lt.int32), lt.tensor({4, 5, 6})
    assert_equal(lt.where(cond, i32, i64), "int64", {1, 5, 3})
    assert_equal(lt.where(cond, i32, lt.tensor({0.5, 0.5, 0.5}, lt.float64)), "float64", {1.0, 0.5, 3.0})
    assert_equal(lt.where(cond, lt.tensor({1.0, 2.0, 3.0}), lt.tensor(9.0, lt.float64)), "float32", {1.0, 9.0, 3.0})
    assert_equal(lt.where(cond, i64, lt.tensor(9.5, lt.float64)), "float64", {4.0, 9.5, 6.0})
    assert_equal(lt.where(cond, i32, 2.5), "float32", {1.0, 2.5, 3.0})
  end)

  it("broadcasts all three operands", function()
    local c = lt.tensor({{true}, {false}})
    assert_equal(lt.where(c, lt.tensor({{1, 2, 3}}), 0), "int64", {{1, 2, 3}, {0, 0, 0}})
    assert_equal(lt.where(lt.tensor({true, false, true}), lt.tensor({{1.0}, {2.0}}), lt.tensor(0.0)),
      "float32", {{1.0, 0.0, 1.0}, {2.0, 0.0, 2.0}})
  end)

  it("writes into out and returns it", function()
    local out = lt.empty(3, lt.float64)
    assert.is_true(rawequal(out, lt.where(cond, 1, 2, out)))
    assert_equal(out, "float64", {1.0, 2.0, 1.0})
    assert.has_error(function() lt.where(cond, 1.5, 2, lt.empty(3, lt.int64)) end, "where: " .. cannot_cast("float32", "int64"))
    assert.has_error(function() lt.where(cond, 1, 2, lt.empty(2)) end, "where: output with shape (2) doesn't match the broadcast shape (3)")
  end)

  it("names cond, a and b in a shape mismatch", function()
    -- the operands are where(cond, a, b): "tensor a" must mean a, not cond
    assert.has_error(function() lt.where(lt.ones(3, lt.bool), lt.zeros(2), 1) end,
      "where: the size of tensor cond (3) must match the size of tensor a (2) at non-singleton dimension 1")
    assert.has_error(function() lt.where(lt.ones(2, lt.bool), 1, lt.zeros(3)) end,
      "where: the size of tensor cond (2) must match the size of tensor b (3) at non-singleton dimension 1")
    assert.has_error(function() lt.where(lt.ones(1, lt.bool), lt.zeros(2), lt.zeros(3)) end,
      "where: the size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 1")
  end)

  it("checks its arguments", function()
    assert.has_error(function() lt.where(true, 1, 2) end, "bad argument #1 to 'where' (luatensor.Tensor expected, got boolean)")
    assert.has_error(function() lt.where(cond, "x", 1) end, "bad argument #2 to 'where' (tensor or number expected, got string)")
    assert.has_error(function() lt.where(cond, 1) end, "bad argument #3 to 'where' (tensor or number expected, got no value)")
  end)
end)

describe("masked_fill", function()
  local mask = lt.tensor({true, false, true})

  it("fills where the mask holds and leaves t alone", function()
    local t = lt.tensor({1.0, 2.0, 3.0})
    assert_equal(t:masked_fill(mask, -1), "float32", {-1.0, 2.0, -1.0})
    assert_equal(lt.masked_fill(t, mask, NAN), "float32", {NAN, 2.0, NAN})
    assert_equal(t, "float32", {1.0, 2.0, 3.0})
  end)

  it("gives the value the tensor's dtype", function()
    assert_equal(lt.tensor({1, 2, 3}):masked_fill(mask, 2.7), "int64", {2, 2, 2})
    assert_equal(lt.tensor({1, 2, 3}, lt.int32):masked_fill(mask, -2.7), "int32", {-2, 2, -2})
    assert_equal(lt.tensor({1.0, 2.0, 3.0}):masked_fill(mask, 1 / 3), "float32", {f32(1 / 3), 2.0, f32(1 / 3)})
    assert_equal(lt.tensor({1.0, 2.0, 3.0}):masked_fill(mask, true), "float32", {1.0, 2.0, 1.0})
    assert_equal(lt.tensor({false, false, false}):masked_fill(mask, 5), "bool", {true, false, true})
    assert_equal(lt.tensor({1.0, 2.0, 3.0}):masked_fill(mask, lt.tensor(1 / 3, lt.float64)), "float32", {f32(1 / 3), 2.0, f32(1 / 3)})
    assert_equal(lt.tensor({1, 2, 3}, lt.uint8):masked_fill(mask, lt.tensor(7.9)), "uint8", {7, 2, 7})
  end)

  it("broadcasts the mask over t", function()
    local t = lt.zeros(2, 3, lt.int32)
    assert_equal(t:masked_fill(mask, 1), "int32", {{1, 0, 1}, {1, 0, 1}})
    assert_equal(t:masked_fill(lt.tensor({{true}, {false}}), 1), "int32", {{1, 1, 1}, {0, 0, 0}})
  end)

  it("broadcasts t over a larger mask (out of place), as PyTorch", function()
    -- torch.zeros(3).masked_fill(torch.ones(2, 3, dtype=torch.bool), 1) has shape (2, 3)
    local r = lt.zeros(3):masked_fill(lt.tensor({{true, false, true}, {false, true, false}}), 1)
    assert_equal(r, "float32", {{1.0, 0.0, 1.0}, {0.0, 1.0, 0.0}})
  end)

  it("in place returns t and fills it", function()
    local t = lt.tensor({{1, 2, 3}, {4, 5, 6}})
    assert.is_true(rawequal(t, t:masked_fill_(mask, 0)))
    assert_equal(t, "int64", {{0, 2, 0}, {0, 5, 0}})
    local v = lt.zeros(3, 2):t() -- strided
    v:masked_fill_(mask, 7.5)
    assert_equal(v, "float32", {{7.5, 0.0, 7.5}, {7.5, 0.0, 7.5}})
    assert.has_error(function() lt.zeros(3):masked_fill_(lt.ones(2, 3, lt.bool), 1) end,
      "masked_fill_: output with shape (3) doesn't match the broadcast shape (2, 3)")
  end)

  it("refuses a non-bool mask and a value with dims", function()
    assert.has_error(function() lt.zeros(3):masked_fill(lt.ones(3), 1) end, "masked_fill: expected a bool mask, got float32")
    assert.has_error(function() lt.zeros(3):masked_fill_(lt.tensor({1, 0, 1}), 1) end, "masked_fill_: expected a bool mask, got int64")
    assert.has_error(function() lt.zeros(3):masked_fill(mask, lt.ones(3)) end,
      "masked_fill: the value must be a number or a 0-d tensor, got a 1-d tensor")
    assert.has_error(function() lt.zeros(3):masked_fill(mask) end,
      "bad argument #2 to 'masked_fill' (tensor or number expected, got no value)")
  end)

  it("names t and mask in a shape mismatch", function()
    assert.has_error(function() lt.masked_fill(lt.zeros(3), lt.ones(2, lt.bool), 1) end,
      "masked_fill: the size of tensor t (3) must match the size of tensor mask (2) at non-singleton dimension 1")
  end)
end)

describe("clamp", function()
  local t = lt.tensor({-2.0, 0.5, 3.0, NAN})

  it("with min only, max only, both", function()
    assert_equal(t:clamp(0), "float32", {0.0, 0.5, 3.0, NAN})
    assert_equal(t:clamp(nil, 1), "float32", {-2.0, 0.5, 1.0, NAN})
    assert_equal(lt.clamp(t, 0, 1), "float32", {0.0, 0.5, 1.0, NAN})
    assert_equal(lt.clamp(t, -1.5, 2.5), "float32", {-1.5, 0.5, 2.5, NAN})
    assert_equal(t, "float32", {-2.0, 0.5, 3.0, NAN})
  end)

  it("gives max where min > max, as PyTorch", function()
    assert_equal(lt.tensor({1.0, 5.0}):clamp(3, 2), "float32", {2.0, 2.0})
  end)

  it("with tensor bounds, broadcasting", function()
    local lo, hi = lt.tensor({0.0, 1.0, 2.0, 3.0}), lt.tensor({{1.0}, {2.5}})
    assert_equal(lt.clamp(t, lo, hi), "float32", {{0.0, 1.0, 1.0, NAN}, {0.0, 1.0, 2.5, NAN}})
    assert_equal(lt.clamp(lt.zeros(2, 1), lt.tensor({1.0, 2.0, 3.0})), "float32", {{1.0, 2.0, 3.0}, {1.0, 2.0, 3.0}})
  end)

  it("keeps integer dtypes with integer bounds and promotes like PyTorch otherwise", function()
    assert_equal(lt.tensor({1, 5, 9}, lt.int32):clamp(2, 7), "int32", {2, 5, 7})
    assert_equal(lt.tensor({1, 5, 9}, lt.uint8):clamp(nil, 7), "uint8", {1, 5, 7})
    assert_equal(lt.tensor({1, 5, 9}):clamp(0.5), "float32", {1.0, 5.0, 9.0})
    assert_equal(lt.tensor({1, 5, 9}):clamp(lt.tensor(2.5)), "float32", {2.5, 5.0, 9.0})
    assert_equal(lt.zeros(3):clamp(lt.tensor({1.0, 2.0, 3.0}, lt.float64)), "float64", {1.0, 2.0, 3.0})
    -- torch.clamp(torch.tensor([1, 2, 3]), 0, 2.5) -> tensor([1.0, 2.0, 2.5]) (float32)
    assert_equal(lt.clamp(lt.tensor({1, 2, 3}), 0, 2.5), "float32", {1.0, 2.0, 2.5})
    assert_equal(lt.clamp(lt.tensor({1, 5, 9}, lt.int32), 2, 7.5), "float32", {2.0, 5.0, 7.5})
  end)

  it("in place returns the tensor and keeps its dtype", function()
    local a = lt.tensor({-3, 0, 3}, lt.int32)
    assert.is_true(rawequal(a, a:clamp_(-1, 1)))
    assert_equal(a, "int32", {-1, 0, 1})
    local b = lt.tensor({-3.0, 0.0, 3.0})
    assert.is_true(rawequal(b, lt.clamp_(b, nil, lt.tensor({0.0, -1.0, 2.0}))))
    assert_equal(b, "float32", {-3.0, -1.0, 2.0})
    assert.has_error(function() a:clamp_(0.5) end, "clamp_: " .. cannot_cast("float32", "int32"))
    assert.has_error(function() lt.zeros(3):clamp_(lt.zeros(2, 3)) end,
      "clamp_: output with shape (3) doesn't match the broadcast shape (2, 3)")
  end)

  it("needs at least one bound", function()
    assert.has_error(function() t:clamp() end, "clamp: at least one of min and max must be given")
    assert.has_error(function() t:clamp(nil, nil) end, "clamp: at least one of min and max must be given")
    assert.has_error(function() t:clamp_() end, "clamp_: at least one of min and max must be given")
    assert.has_error(function() t:clamp("x") end, "bad argument #1 to 'clamp' (tensor or number expected, got string)")
  end)

  it("names t, min and max in a shape mismatch", function()
    assert.has_error(function() lt.clamp(lt.zeros(3), lt.zeros(2)) end,
      "clamp: the size of tensor t (3) must match the size of tensor min (2) at non-singleton dimension 1")
    assert.has_error(function() lt.clamp(lt.zeros(3), nil, lt.zeros(2)) end,
      "clamp: the size of tensor t (3) must match the size of tensor max (2) at non-singleton dimension 1")
  end)
end)

describe("integer semantics", function()
  it("int32 and int64 add, sub, mul, neg and abs wrap around", function()
    local m = lt.tensor({2147483647, -2147483648}, lt.int32)
    assert_equal(m + 1, "int32", {-2147483648, -2147483647})
    assert_equal(m - 1, "int32", {2147483646, 2147483647})
    assert_equal(m * 2, "int32", {-2, 0})
    assert_equal(lt.tensor({65536}, lt.int32) * lt.tensor({65536}, lt.int32), "int32", {0})
    assert_equal(-m, "int32", {-2147483647, -2147483648})
    assert_equal(m:abs(), "int32", {2147483647, -2147483648})
    assert_equal(m:square(), "int32", {1, 0})
    local l = lt.tensor({math.maxinteger, 1 << 62})
    assert_equal(l + 1, "int64", {math.mininteger, (1 << 62) + 1})
    assert_equal(l * 4, "int64", {-4, 0})
    assert_equal(lt.tensor({5}, lt.int32) + (1 << 32), "int32", {5})
  end)

  it("uint8 wraps", function()
    local u = lt.tensor({200, 1}, lt.uint8)
    assert_equal(u + 100, "uint8", {44, 101})
    assert_equal(u - 2, "uint8", {198, 255})
    assert_equal(1 - u, "uint8", {57, 0})
    assert_equal(-u, "uint8", {56, 255})
    assert_equal(u * u, "uint8", {64, 1})
    assert_equal(u + 300, "uint8", {244, 45})
  end)

  it("// and % follow Python for integers", function()
    for _, dt in ipairs({"int32", "int64"}) do
      local a = lt.tensor({-7, 7, -7, 7, 0, -1, 6}, dt)
      local b = lt.tensor({2, -2, -2, 2, 3, 3, -3}, dt)
      assert_equal(a // b, dt, {-4, -4, 3, 3, 0, -1, -2})
      assert_equal(a % b, dt, {1, -1, -1, 1, 0, 2, 0})
      assert_equal(lt.tensor({-7}, dt) // 2, dt, {-4})
      assert_equal(lt.tensor({-7}, dt) % 2, dt, {1})
      assert_equal(lt.tensor({7}, dt) % -2, dt, {-1})
      assert_equal(lt.floor_divide(-7, lt.tensor({2}, dt)), dt, {-4})
      assert_equal(lt.remainder(-7, lt.tensor({2}, dt)), dt, {1})
    end
    assert_equal(lt.tensor({7, 200}, lt.uint8) // lt.tensor({2, 7}, lt.uint8), "uint8", {3, 28})
    assert_equal(lt.tensor({7, 200}, lt.uint8) % lt.tensor({2, 7}, lt.uint8), "uint8", {1, 4})
  end)

  it("the most negative integer // -1 wraps and % -1 is 0 (no trap)", function()
    local m = lt.tensor({-2147483648}, lt.int32)
    assert_equal(m // -1, "int32", {-2147483648})
    assert_equal(m % -1, "int32", {0})
    local l = lt.tensor({math.mininteger})
    assert_equal(l // -1, "int64", {math.mininteger})
    assert_equal(l % -1, "int64", {0})
  end)

  it("// and % follow Python for floats", function()
    for _, dt in ipairs({"float32", "float64"}) do
      local a = lt.tensor({-7.0, 7.0, -7.0, 7.0, -7.5, 7.5, 0.0, 1.0}, dt)
      local b = lt.tensor({2.0, -2.0, -2.0, 2.0, 2.0, -2.0, -3.0, -3.0}, dt)
      assert_equal(a // b, dt, {-4.0, -4.0, 3.0, 3.0, -4.0, -4.0, -0.0, -1.0})
      assert_equal(a % b, dt, {1.0, -1.0, -1.0, 1.0, 0.5, -0.5, 0.0, -2.0})
    end
  end)

  it("integer // and % by zero are errors, raised before writing", function()
    assert.has_error(function() return lt.tensor({5}) // 0 end, "floor_divide: integer division by zero")
    assert.has_error(function() return lt.tensor({5}, lt.int32) % 0 end, "remainder: integer division by zero")
    assert.has_error(function() return lt.tensor({5}, lt.uint8) // lt.tensor({0}, lt.uint8) end, "floor_divide: integer division by zero")
    assert.has_error(function() return 5 % lt.tensor({1, 0}) end, "remainder: integer division by zero")
    assert.has_error(function() return lt.tensor({5}) // lt.tensor({false}) end, "floor_divide: integer division by zero")
  end)

  it("a divisor that becomes zero in the compute dtype is an error, not a crash", function()
    -- 256 is 0 as uint8 and 2^32 is 0 as int32 (PyTorch raises ZeroDivisionError for all of
    -- these). Run in a separate process: an integer division by zero in C kills the interpreter.
    local cases = {
      {"lt.tensor({5}, lt.uint8) // 256", "floor_divide: integer division by zero"},
      {"lt.tensor({5}, lt.uint8) % 256", "remainder: integer division by zero"},
      {"lt.tensor({5}, lt.int32) // (1 << 32)", "floor_divide: integer division by zero"},
      {"lt.tensor({5}, lt.int32) // lt.tensor(1 << 32)", "floor_divide: integer division by zero"},
    }
    for _, c in ipairs(cases) do
      local out, ok = run_isolated(string.format([[
        local lt = require "luatensor"
        local ok, err = pcall(function() return %s end)
        io.write(ok and "no error" or tostring(err))
      ]], c[1]))
      assert.is_true(ok, c[1] .. " crashed the interpreter: " .. out)
      assert.are.equal(c[2], (out:gsub("^.-:%d+: ", "")), c[1])
    end
  end)

  it("float // and % by zero give infinities and NaN", function()
    local a = lt.tensor({7.0, -7.0, 0.0})
    assert_equal(a // 0, "float32", {INF, -INF, NAN})
    assert_equal(a % 0, "float32", {NAN, NAN, NAN})
    assert_equal(a / 0, "float32", {INF, -INF, NAN})
    assert_equal(lt.tensor({1, -1, 0}) / 0, "float32", {INF, -INF, NAN})
  end)

  it("integer pow stays integer and wraps", function()
    assert_equal(lt.tensor({2, -2, 0, 7}) ^ 3, "int64", {8, -8, 0, 343})
    assert_equal(lt.tensor({0, 1, -1}) ^ 0, "int64", {1, 1, 1})
    assert_equal(lt.tensor({3}, lt.int32) ^ 40, "int32", {689956897})
    assert_equal(lt.tensor({2}, lt.int32) ^ lt.tensor({31}, lt.int32), "int32", {-2147483648})
    assert_equal(lt.tensor({3}, lt.uint8) ^ 5, "uint8", {243})
    assert_equal(lt.tensor({2, 3}, lt.uint8) ^ lt.tensor({8, 2}, lt.uint8), "uint8", {0, 9})
    assert_equal(2 ^ lt.tensor({10, 62}), "int64", {1024, 1 << 62})
    assert_equal(lt.tensor({4, 9}) ^ 0.5, "float32", {2.0, 3.0})
    assert_equal(lt.tensor({3.0}) ^ lt.tensor({2}), "float32", {9.0})
  end)

  it("integer pow with a negative exponent is an error", function()
    local msg = "integers to negative integer powers are not allowed"
    assert.has_error(function() return lt.tensor({2}) ^ -1 end, "pow: " .. msg)
    assert.has_error(function() lt.pow(lt.tensor({2, 3}, lt.int32), lt.tensor({1, -2}, lt.int32)) end, "pow: " .. msg)
    assert.has_error(function() return 2 ^ lt.tensor({-1}) end, "pow: " .. msg)
    assert.has_error(function() return lt.tensor({2}, lt.uint8) ^ -1 end, "pow: " .. msg)
    assert.has_error(function() lt.tensor({2}):pow_(-3) end, "pow_: " .. msg)
    assert_equal(lt.tensor({2}) ^ -1.0, "float32", {0.5})
  end)

  it("/ of integers is true division in the default float dtype", function()
    assert_equal(lt.tensor({1, 2, 3}) / lt.tensor({2, 2, 2}), "float32", {0.5, 1.0, 1.5})
    assert_equal(lt.tensor({1, -3}, lt.int32) / 2, "float32", {0.5, -1.5})
    assert_equal(lt.tensor({1}, lt.uint8) / lt.tensor({true}), "float32", {1.0})
  end)
end)

describe("float special values", function()
  for _, dt in ipairs({"float32", "float64"}) do
    it("maximum and minimum propagate NaN (" .. dt .. ")", function()
      local a = lt.tensor({1.0, NAN, 3.0, NAN, -INF}, dt)
      local b = lt.tensor({NAN, 2.0, INF, NAN, 0.0}, dt)
      assert_equal(lt.maximum(a, b), dt, {NAN, NAN, INF, NAN, 0.0})
      assert_equal(lt.minimum(a, b), dt, {NAN, NAN, 3.0, NAN, -INF})
      assert_equal(lt.maximum(a, 0), dt, {1.0, NAN, 3.0, NAN, 0.0})
      assert_equal(lt.minimum(NAN, b), dt, {NAN, NAN, NAN, NAN, NAN})
    end)

    it("relu, sign, abs, neg of special values (" .. dt .. ")", function()
      local x = lt.tensor({NAN, -INF, INF, -0.0, 0.0, -2.5}, dt)
      assert_equal(x:relu(), dt, {NAN, 0.0, INF, -0.0, 0.0, 0.0})
      -- torch.sign(nan) is 0 in PyTorch 1.13, and sign(-0.0) is 0.0
      assert_equal(x:sign(), dt, {0.0, -1.0, 1.0, 0.0, 0.0, -1.0})
      assert_equal(x:abs(), dt, {NAN, INF, INF, 0.0, 0.0, 2.5})
      assert_equal(-x, dt, {NAN, INF, -INF, 0.0, -0.0, 2.5})
    end)

    it("exp, log, sqrt and friends at the edges (" .. dt .. ")", function()
      assert_equal(lt.exp(lt.tensor({-INF, INF, NAN, 0.0, -0.0}, dt)), dt, {0.0, INF, NAN, 1.0, 1.0})
      assert_equal(lt.log(lt.tensor({0.0, -0.0, -1.0, INF, NAN, 1.0, -INF}, dt)), dt, {-INF, -INF, NAN, INF, NAN, 0.0, NAN})
      assert_equal(lt.sqrt(lt.tensor({-1.0, -0.0, 0.0, INF, NAN, 4.0}, dt)), dt, {NAN, -0.0, 0.0, INF, NAN, 2.0})
      assert_equal(lt.tanh(lt.tensor({-INF, INF, NAN, -0.0, 0.0, 30.0}, dt)), dt, {-1.0, 1.0, NAN, -0.0, 0.0, 1.0})
      assert_equal(lt.sigmoid(lt.tensor({-INF, INF, NAN, 0.0}, dt)), dt, {0.0, 1.0, NAN, 0.5})
      assert_equal(lt.erf(lt.tensor({-INF, INF, NAN, -0.0, 0.0}, dt)), dt, {-1.0, 1.0, NAN, -0.0, 0.0})
      assert_equal(lt.gelu(lt.tensor({INF, NAN, 0.0}, dt)), dt, {INF, NAN, 0.0})
      assert_equal(lt.silu(lt.tensor({INF, NAN, 0.0}, dt)), dt, {INF, NAN, 0.0})
      assert_equal(lt.softplus(lt.tensor({-INF, INF, NAN, 25.0}, dt)), dt, {0.0, INF, NAN, 25.0})
      assert_equal(lt.reciprocal(lt.tensor({0.0, -0.0, INF}, dt)), dt, {INF, -INF, 0.0})
      assert_equal(lt.rsqrt(lt.tensor({0.0, -1.0, INF}, dt)), dt, {INF, NAN, 0.0})
      assert_equal(lt.log1p(lt.tensor({-1.0, -2.0}, dt)), dt, {-INF, NAN})
      assert_equal(lt.asin(lt.tensor({2.0, -1.0}, dt)), dt, {NAN, dt == "float32" and f32(-math.pi / 2) or -math.pi / 2})
    end)
  end

  it("exp overflows and underflows where float32 does", function()
    assert_equal(lt.exp(lt.tensor({100.0, 89.0, -110.0, -104.0})), "float32", {INF, INF, 0.0, 0.0})
    assert_close(lt.exp(lt.tensor({88.5, -87.0})), "float32", {f32(math.exp(88.5)), f32(math.exp(-87.0))}, F32_RTOL, 0)
  end)

  it("log of float32 subnormals", function()
    -- the smallest subnormal, 2^-149, and 2^-130
    assert_close(lt.log(lt.tensor({2.0 ^ -149, 2.0 ^ -130})), "float32", {f32(-149 * math.log(2)), f32(-130 * math.log(2))}, F32_RTOL, 0)
  end)
end)

describe("rounding", function()
  for _, dt in ipairs({"float32", "float64"}) do
    it("round is half to even (" .. dt .. ")", function()
      local x = lt.tensor({0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 3.5, 0.49999997, -0.2, 1e20, INF, NAN}, dt)
      local big = dt == "float32" and f32(1e20) or 1e20
      assert_equal(x:round(), dt, {0.0, 2.0, 2.0, -0.0, -2.0, -2.0, 4.0, 0.0, -0.0, big, INF, NAN})
    end)

    it("floor, ceil and trunc (" .. dt .. ")", function()
      local x = lt.tensor({-0.5, 0.5, -1.5, 1.5, -0.0, -INF, NAN}, dt)
      assert_equal(x:floor(), dt, {-1.0, 0.0, -2.0, 1.0, -0.0, -INF, NAN})
      assert_equal(x:ceil(), dt, {-0.0, 1.0, -1.0, 2.0, -0.0, -INF, NAN})
      assert_equal(x:trunc(), dt, {-0.0, 0.0, -1.0, 1.0, -0.0, -INF, NAN})
    end)
  end

  it("round is half to even in float64 beyond float32's precision", function()
    assert_equal(lt.tensor({4503599627370495.5, 2.5000000000000004}, lt.float64):round(), "float64", {4503599627370496.0, 3.0})
  end)
end)

describe("float32 approximations (src/vmath.h) against the float64 C library", function()
  -- Each float32 result is compared with the float64 op (C library) on the same inputs,
  -- within atol + rtol * |reference|: rtol about 4 float32 ulps, atol for subnormal results
  -- (and for gelu's cancellation).
  local function inputs(lo, hi)
    local xs = {}
    -- a linear sweep
    for i = 0, 4000 do xs[#xs + 1] = lo + (hi - lo) * i / 4000 end
    -- magnitudes from 1e-38 to 1e38, both signs, kept inside [lo, hi]
    for e = -38, 38 do
      for _, m in ipairs({1.0, 1.7, 3.3, 7.9}) do
        local v = m * 10.0 ^ e
        if v <= hi then xs[#xs + 1] = v end
        if -v >= lo then xs[#xs + 1] = -v end
      end
    end
    -- near zero, subnormals and special values
    for _, v in ipairs({0.0, -0.0, 2.0 ^ -149, -2.0 ^ -149, 2.0 ^ -126, 1e-30, -1e-30, 1e-7, -1e-7,
      INF, -INF, NAN}) do
      xs[#xs + 1] = v
    end
    return xs
  end

  -- {op, lowest input, highest input, rtol, atol}
  local SUBNORMAL = 2.0 ^ -148 -- two steps of the subnormal grid
  local CASES = {
    {"exp", -120.0, 100.0, F32_RTOL, SUBNORMAL},
    {"log", 0.0, 3.4e38, F32_RTOL, SUBNORMAL},
    {"tanh", -20.0, 20.0, F32_RTOL, SUBNORMAL},
    -- 1 / (1 + e^-x) may flush results below the smallest normal float (x < -87.3) to zero
    {"sigmoid", -120.0, 120.0, F32_RTOL, 2.0 ^ -126},
    {"erf", -6.0, 6.0, F32_RTOL, SUBNORMAL},
    -- 0.5 x (1 + erf(x / sqrt 2)) cancels for negative x: its absolute error is a few float32
    -- ulps of 1 times |x| / 2 (PyTorch's float32 gelu is off by up to 2.6e-7 on [-12, 0])
    {"gelu", -12.0, 12.0, F32_RTOL, 2.0 ^ -22},
    -- x * sigmoid(x): the same flush, times |x| <= 104
    {"silu", -120.0, 120.0, F32_RTOL, 2.0 ^ -119},
    -- vmath.h has approximations of these too
    {"expm1", -120.0, 100.0, F32_RTOL, SUBNORMAL},
    {"log1p", -1.0, 3.4e38, F32_RTOL, SUBNORMAL},
    {"softplus", -120.0, 120.0, F32_RTOL, SUBNORMAL},
  }
  for _, c in ipairs(CASES) do
    local op, lo, hi, rtol, atol = c[1], c[2], c[3], c[4], c[5]
    it(op, function()
      local x32 = lt.tensor(inputs(lo, hi), lt.float32)
      local got = lt[op](x32):totable()
      local ref = lt[op](x32:double()):totable()
      local xs = x32:totable()
      for i = 1, #xs do
        local a, r = got[i], ref[i]
        local ok
        if r ~= r then
          ok = a ~= a
        elseif r == INF or r == -INF or f32(r) == INF or f32(r) == -INF then
          ok = a == f32(r)
        else
          local err = math.abs(a - r)
          ok = err <= atol + rtol * math.abs(r)
        end
        assert.is_true(ok, string.format("%s(%.9g): float32 %.9g, float64 %.17g (%.2f ulps)", op, xs[i],
          a, r, math.abs(a - r) / math.max(math.abs(r) * 2 ^ -23, 2.0 ^ -149)))
      end
      -- the same values whatever the layout (vector loop or strided loop)
      local strided = lt.empty(x32:numel(), 2)[{{}, 1}]
      strided:copy_(x32)
      assert.is_false(strided:is_contiguous())
      local s = lt[op](strided):totable()
      for i = 1, #xs do
        assert.is_true(s[i] == got[i] or (s[i] ~= s[i] and got[i] ~= got[i]),
          string.format("%s(%.9g): %.9g contiguous, %.9g strided", op, xs[i], got[i], s[i]))
      end
    end)
  end
end)

-- ---------------------------------------------------------------------------------------------
-- Fused ops: addcmul(input, t1, t2 [, value] [, out]) = input + value * t1 * t2, addcdiv (t1 / t2),
-- add/sub with alpha (a +- alpha * b). Values computed by hand; each one pass over its operands
-- (src/kernels_fused.c), so it must also give the same bits as the composed form evaluated in
-- PyTorch's order (input + (value * t1) * t2) in every layout.
-- the same dtype, shape and values, to the bit
local function same_bits(want, got)
  if want.dtype ~= got.dtype or not lt.is_tensor(got) then return false end
  local w, g = want:reshape(-1):totable(), got:reshape(-1):totable()
  if #w ~= #g then return false end
  for i = 1, #w do if w[i] ~= g[i] then return false end end
  return true
end

describe("addcmul and addcdiv", function()
  local function x() return lt.tensor({1.0, 2.0, 3.0}) end
  local a, b = lt.tensor({4.0, 5.0, 6.0}), lt.tensor({2.0, 4.0, 8.0})

  it("compute input + value * t1 * t2 and input + value * t1 / t2 (value defaults to 1)", function()
    assert_equal(lt.addcmul(x(), a, b), "float32", {9.0, 22.0, 51.0})
    assert_equal(lt.addcmul(x(), a, b, 0.5), "float32", {5.0, 12.0, 27.0})
    assert_equal(x():addcmul(a, b, -1), "float32", {-7.0, -18.0, -45.0})
    assert_equal(lt.addcdiv(x(), a, b), "float32", {3.0, 3.25, 3.75})
    assert_equal(x():addcdiv(a, b, -2), "float32", {-3.0, -0.5, 1.5})
    assert_equal(lt.addcdiv(x(), a, b, nil), "float32", {3.0, 3.25, 3.75})
    assert_equal(lt.addcdiv(x():double(), a:double(), b:double(), 0.25), "float64", {1.5, 2.3125, 3.1875})
  end)

  it("broadcast over all three operands", function()
    local input, t1 = lt.tensor({{10.0}, {20.0}}), lt.tensor({1.0, 2.0, 3.0})
    assert_equal(lt.addcmul(input, t1, lt.tensor({{2.0}, {3.0}})), "float32", {{12.0, 14.0, 16.0}, {23.0, 26.0, 29.0}})
    assert_equal(lt.addcdiv(input, t1, lt.tensor({{2.0}, {4.0}})), "float32", {{10.5, 11.0, 11.5}, {20.25, 20.5, 20.75}})
    -- (3) + (2, 1, 1) * (1, 3) gives (2, 1, 3); a 0-d t2
    local r = lt.addcmul(lt.zeros(3), lt.tensor({{{1.0}}, {{2.0}}}), lt.tensor({{1.0, 2.0, 3.0}}))
    assert.are.same({2, 1, 3}, r:size())
    assert_equal(r, "float32", {{{1.0, 2.0, 3.0}}, {{2.0, 4.0, 6.0}}})
    assert_equal(lt.addcdiv(x(), a, lt.tensor(4.0), 2), "float32", {3.0, 4.5, 6.0})
  end)

  it("promote dtypes over the three tensors as PyTorch (value does not take part)", function()
    local i64 = lt.tensor({1, 2})
    assert_equal(lt.addcmul(i64, lt.tensor({3, 4}), lt.tensor({5, 6}), 2), "int64", {31, 50})
    assert_equal(lt.addcmul(i64, lt.tensor({3, 4}), lt.tensor({5, 6}), 2.0), "int64", {31, 50})
    assert_equal(lt.addcmul(i64:int(), lt.tensor({3, 4}, lt.int32), lt.tensor({5, 6}, lt.int32)), "int32", {16, 26})
    assert_equal(lt.addcmul(i64:int(), lt.tensor({0.5, 1.5}), lt.tensor({2, 2}, lt.int32)), "float32", {2.0, 5.0})
    assert_equal(lt.addcmul(lt.tensor({250}, lt.uint8), lt.tensor({3}, lt.uint8), lt.tensor({3}, lt.uint8)), "uint8", {3})
    assert_equal(lt.addcmul(lt.ones(2), lt.ones(2), lt.tensor({0.5, 0.25}, lt.float64)), "float64", {1.5, 1.25})
    -- a 0-d tensor does not widen tensors with dims of its own kind, but does an integer one
    assert_equal(lt.addcmul(lt.ones(2), lt.ones(2), lt.tensor(0.5, lt.float64)), "float32", {1.5, 1.5})
    assert_equal(lt.addcmul(i64, i64, lt.tensor(0.5, lt.float64)), "float64", {1.5, 3.0})
    -- integer input, one float operand: true division
    assert_equal(lt.addcdiv(i64, lt.tensor({1.0, 3.0}), lt.tensor({2, 4})), "float32", {1.5, 2.75})
    assert_equal(lt.addcdiv(i64, lt.tensor({1, 3}), lt.tensor({2.0, 4.0}, lt.float64)), "float64", {1.5, 2.75})
    -- float32 values round the value to float32 first (as PyTorch's value.to<float>())
    local v = 0.1
    local got = lt.addcmul(lt.zeros(1), lt.tensor({3.0}), lt.ones(1), v):item()
    assert.are.equal(f32(f32(v) * 3), got)
  end)

  it("refuse what PyTorch refuses, naming the function, dtypes and shapes", function()
    assert.has_error(function() lt.addcdiv(lt.ones(2), lt.tensor({1, 2}), lt.tensor({1, 2})) end,
      "addcdiv: integer division of t1 (int64) by t2 (int64) is not supported (as in PyTorch); give t1 or t2 a floating point dtype")
    assert.has_error(function() lt.addcdiv(lt.ones(2), lt.tensor({true, false}), lt.tensor({1, 2}, lt.uint8)) end,
      "addcdiv: integer division of t1 (bool) by t2 (uint8) is not supported (as in PyTorch); give t1 or t2 a floating point dtype")
    assert.has_error(function() lt.addcmul(lt.tensor({1, 2}), lt.tensor({1, 2}), lt.tensor({1, 2}), 0.5) end,
      "addcmul: value must be an integer for int64 tensors, got 0.5")
    assert.has_error(function() lt.addcmul(lt.tensor({true}), lt.tensor({true}), lt.tensor({false})) end,
      "addcmul: not supported for dtype bool")
    assert.has_error(function() lt.addcmul(lt.ones(3), lt.ones(2), lt.ones(3)) end,
      "addcmul: the size of tensor input (3) must match the size of tensor t1 (2) at non-singleton dimension 1")
    assert.has_error(function() lt.addcdiv(lt.ones(2, 3), lt.ones(3), lt.ones(4, 1, 1):expand(4, 2, 2)) end,
      "addcdiv: the size of tensor input (3) must match the size of tensor t2 (2) at non-singleton dimension 3")
    assert.has_error(function() lt.zeros(3):addcmul_(lt.ones(2, 1), lt.ones(3)) end,
      "addcmul_: output with shape (3) doesn't match the broadcast shape (2, 3)")
    assert.has_error(function() lt.tensor({1, 2}):addcdiv_(lt.ones(2), lt.ones(2)) end,
      "addcdiv_: result type float32 can't be cast to the desired output type int64")
    assert.has_error(function() lt.addcmul(lt.ones(3), lt.ones(3), lt.ones(3), 1, lt.empty(1):expand(3)) end,
      "addcmul: cannot write into a tensor where several elements share memory (an expanded view); clone it first")
    assert.has_error(function() lt.addcmul(lt.ones(3), lt.ones(3), lt.ones(3), 1, lt.empty(2)) end,
      "addcmul: output with shape (2) doesn't match the broadcast shape (3)")
    assert.error_matches(function() lt.addcmul(lt.ones(2), lt.ones(2)) end,
      "bad argument #3 to 'addcmul' (luatensor.Tensor expected, got no value)", nil, true)
    assert.error_matches(function() lt.addcmul(lt.ones(2), lt.ones(2), 2) end,
      "bad argument #3 to 'addcmul' (luatensor.Tensor expected, got number)", nil, true)
    assert.error_matches(function() lt.addcdiv(lt.ones(2), lt.ones(2), lt.ones(2), "2") end,
      "bad argument #4 to 'addcdiv' (number (value) expected, got string)", nil, true)
    assert.error_matches(function() lt.ones(2):addcmul_(lt.ones(2), lt.ones(2), 1, lt.ones(2)) end,
      "bad argument #4 to 'addcmul_' (no more arguments expected)", nil, true)
  end)

  it("have in-place and out forms that return their tensor", function()
    local t = x()
    assert.are.equal(t, t:addcmul_(a, b, 2))
    assert_equal(t, "float32", {17.0, 42.0, 99.0})
    local u = x()
    assert.are.equal(u, u:addcdiv_(a, b))
    assert_equal(u, "float32", {3.0, 3.25, 3.75})
    local out = lt.empty(3, lt.float64)      -- a wider out: the float32 result is stored in it
    assert.are.equal(out, lt.addcmul(x(), a, b, out))
    assert_equal(out, "float64", {9.0, 22.0, 51.0})
    assert.are.equal(out, lt.addcdiv(x(), a, b, -2, out))
    assert_equal(out, "float64", {-3.0, -0.5, 1.5})
    assert.are.equal(out, lt.addcmul(x(), a, b, nil, out))
    assert_equal(out, "float64", {9.0, 22.0, 51.0})
    -- t1 and t2 the same tensor, and the output itself among the inputs
    local s = lt.tensor({1.0, 2.0})
    s:addcmul_(s, s, 0.5)
    assert_equal(s, "float32", {1.5, 4.0})
  end)

  it("read inputs that overlap the output before writing it", function()
    local t = lt.tensor({1.0, 2.0, 3.0, 4.0})
    t[{{2, 4}}]:addcmul_(t[{{1, 3}}], lt.ones(3))
    assert_equal(t, "float32", {1.0, 3.0, 5.0, 7.0})
    local u = lt.tensor({1.0, 2.0, 3.0, 4.0})
    lt.addcdiv(u[{{1, 3}}], u[{{1, 3}}], lt.tensor({2.0, 2.0, 2.0}), 1, u[{{2, 4}}])
    assert_equal(u, "float32", {1.0, 1.5, 3.0, 4.5})
  end)

  it("give the composed form's bits in every layout: contiguous, transposed, broadcast, large", function()
    lt.manual_seed(7)
    local function composed(input, t1, t2, value, div)
      local p = lt.mul(t1, value)
      p = div and lt.div(p, t2) or lt.mul(p, t2)
      return lt.add(input, p)
    end
    local layouts = {
      {lt.randn(4, 5), lt.randn(4, 5), lt.rand(4, 5) + 0.5},
      {lt.randn(5, 4):t(), lt.randn(4, 5), (lt.rand(5, 4) + 0.5):t()},
      {lt.randn(4, 1), lt.randn(5), lt.rand(4, 10)[{{}, {1, -1, 2}}] + 0.5},
      {lt.randn(4, 5, lt.float64)[{{1, -1, 2}}], lt.randn(2, 5, lt.float64), lt.rand(1, 5, lt.float64) + 0.5},
      {lt.randn(1 << 18), lt.randn(1 << 18), lt.rand(1 << 18) + 0.5},       -- several threads
      {lt.randn(512, 512):t(), lt.randn(512, 512), lt.rand(512, 1) + 0.5},   -- strided, several threads
    }
    for k, l in ipairs(layouts) do
      for _, div in ipairs({false, true}) do
        local value = -0.37
        local got = (div and lt.addcdiv or lt.addcmul)(l[1], l[2], l[3], value)
        local want = composed(l[1], l[2], l[3], value, div)
        assert.are.equal(want.dtype, got.dtype)
        assert.is_true(same_bits(want, got), string.format("layout %d (%s) differs", k, div and "addcdiv" or "addcmul"))
        local inplace = l[1]:clone()
        if inplace:numel() == got:numel() then
          inplace[div and "addcdiv_" or "addcmul_"](inplace, l[2], l[3], value)
          assert.is_true(same_bits(want, inplace), string.format("layout %d in place", k))
        end
      end
    end
  end)
end)

describe("add and sub with alpha", function()
  it("compute a + alpha * b and a - alpha * b", function()
    local a, b = lt.tensor({1.0, 2.0, 3.0}), lt.tensor({4.0, 5.0, 6.0})
    assert_equal(lt.add(a, b, 2), "float32", {9.0, 12.0, 15.0})
    assert_equal(a:sub(b, 0.5), "float32", {-1.0, -0.5, 0.0})
    assert_equal(lt.add(a, b, -1), "float32", {-3.0, -3.0, -3.0})
    assert_equal(lt.add(a, b, 1), "float32", {5.0, 7.0, 9.0})
    assert_equal(lt.add(2, b, 3), "float32", {14.0, 17.0, 20.0})     -- a Lua number operand
    assert_equal(lt.sub(a, 1, 2), "float32", {-1.0, 0.0, 1.0})
    assert_equal(lt.add(a, lt.tensor({{1.0}, {2.0}}), 10), "float32", {{11.0, 12.0, 13.0}, {21.0, 22.0, 23.0}})
    assert_equal(lt.add(a:t(), b[{{-1, 1, -1}}], 2), "float32", {13.0, 12.0, 11.0})   -- reversed view
  end)

  it("integer and bool dtypes, wrapping; a float alpha only for float results", function()
    assert_equal(lt.add(lt.tensor({1, 2}), lt.tensor({3, 4}), 3), "int64", {10, 14})
    assert_equal(lt.add(lt.tensor({1, 2}), lt.tensor({3, 4}), 3.0), "int64", {10, 14})
    assert_equal(lt.sub(lt.tensor({1}, lt.uint8), lt.tensor({1}, lt.uint8), 2), "uint8", {255})
    assert_equal(lt.add(lt.tensor({1, 2}, lt.int32), lt.tensor({0.5, 0.25}), 2), "float32", {2.0, 2.5})
    assert_equal(lt.add(lt.tensor({true, false}), lt.tensor({true, true}), 0), "bool", {true, false})
    assert_equal(lt.add(lt.tensor({true, false}), lt.tensor({false, true}), 1), "bool", {true, true})
    assert.has_error(function() lt.add(lt.tensor({1, 2}), lt.tensor({3, 4}), 0.5) end,
      "add: alpha must be an integer for int64 tensors, got 0.5")
    assert.has_error(function() lt.tensor({1, 2}):sub_(lt.tensor({3, 4}), 1.5) end,
      "sub_: alpha must be an integer for int64 tensors, got 1.5")
    -- NaN prints as "nan" whatever its sign bit (0/0 is -nan on x86)
    assert.has_error(function() lt.add(lt.tensor({1, 2}), lt.tensor({3, 4}), 0 / 0) end,
      "add: alpha must be an integer for int64 tensors, got nan")
    assert.has_error(function() lt.addmm(lt.zeros(2, 2, "int64"), lt.zeros(2, 2, "int64"), lt.zeros(2, 2, "int64"), 0 / 0) end,
      "addmm: beta must be an integer for int64 tensors, got nan")
    assert.has_error(function() lt.sub(lt.tensor({true}), lt.tensor({false}), 2) end, "sub: not supported for dtype bool")
    assert.has_error(function() lt.add(lt.ones(3), lt.ones(2), 2) end,
      "add: the size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 1")
    assert.error_matches(function() lt.add(lt.ones(2), lt.ones(2), "2") end,
      "bad argument #3 to 'add' (number (alpha) or out tensor expected, got string)", nil, true)
    assert.has_error(function() lt.add(1, 2, 3) end, "add: expected at least one tensor operand")
  end)

  it("in-place and out forms, with and without alpha", function()
    local a = lt.tensor({1.0, 2.0})
    assert.are.equal(a, a:add_(lt.tensor({1.0, 1.0}), 3))
    assert_equal(a, "float32", {4.0, 5.0})
    assert.are.equal(a, a:sub_(lt.tensor({1.0, 2.0}), 2))
    assert_equal(a, "float32", {2.0, 1.0})
    assert.are.equal(a, a:sub_(1, 0.5))
    assert_equal(a, "float32", {1.5, 0.5})
    local out = lt.empty(2)
    assert.are.equal(out, lt.add(a, a, 2, out))
    assert_equal(out, "float32", {4.5, 1.5})
    assert.are.equal(out, lt.add(a, a, out))            -- the old form: out third
    assert_equal(out, "float32", {3.0, 1.0})
    assert.are.equal(out, lt.sub(a, a, nil, out))
    assert_equal(out, "float32", {0.0, 0.0})
    assert.has_error(function() lt.ones(2):add_(lt.ones(2, 2), 2) end,
      "add_: output with shape (2) doesn't match the broadcast shape (2, 2)")
    -- the operators are unchanged
    assert_equal(lt.tensor({1.0}) + lt.tensor({2.0}), "float32", {3.0})
    assert_equal(lt.tensor({1.0}) - 2, "float32", {-1.0})
  end)

  it("give the bits of a + alpha * b computed in two passes, in every layout", function()
    lt.manual_seed(8)
    for _, l in ipairs({{lt.randn(6, 7), lt.randn(6, 7)}, {lt.randn(7, 6):t(), lt.randn(7)},
                        {lt.randn(1 << 18), lt.randn(1 << 18)}, {lt.randn(3, 4, lt.float64), lt.randn(4)}}) do
      for _, alpha in ipairs({2.5, -0.1, 3}) do
        -- alpha * b in the result's dtype (a float32 b of a float64 sum is widened first, as PyTorch)
        local scaled = lt.mul(l[2]:to(l[1].dtype), alpha)
        assert.is_true(same_bits(lt.add(l[1], scaled), lt.add(l[1], l[2], alpha)))
        assert.is_true(same_bits(lt.sub(l[1], scaled), lt.sub(l[1], l[2], alpha)))
      end
    end
  end)
end)

describe("lerp_ in one pass", function()
  it("gives the bits of the composed formula (number and tensor weights, in place and strided)", function()
    lt.manual_seed(9)
    for _, w in ipairs({0.1, 0.3, 0.5, 0.9, -0.7, 1.5}) do
      local s, e = lt.randn(5, 6), lt.randn(6, 5):t()
      local diff = lt.sub(e, s)
      local want = math.abs(w) < 0.5 and lt.add(s, lt.mul(diff, w)) or lt.sub(e, lt.mul(diff, 1 - w))
      assert.is_true(same_bits(want, lt.lerp(s, e, w)), "weight " .. w)
      local t = s:clone()
      t:lerp_(e, w)
      assert.is_true(same_bits(want, t), "in place, weight " .. w)
    end
    local s, e, w = lt.randn(4, 5, lt.float64), lt.randn(5, lt.float64), lt.rand(4, 1, lt.float64) * 2 - 0.5
    local diff = e - s
    local want = lt.where(w:abs():lt(0.5), s + w * diff, e - diff * (1 - w))
    assert.is_true(same_bits(want, lt.lerp(s, e, w)))
  end)
end)
