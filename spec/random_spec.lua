-- Random numbers: one xoshiro256++ generator per Lua state, reproducible from a seed; fills
-- draw elements in index order whatever the memory layout.
local lt = require "luatensor"

local N = 100000

local function flat(t)
  local out = {}
  local function walk(x)
    if type(x) == "table" then
      for _, v in ipairs(x) do walk(v) end
    else
      out[#out + 1] = x
    end
  end
  walk(t:totable())
  return out
end

local function mean_var(xs)
  local s = 0
  for _, x in ipairs(xs) do s = s + x end
  local m = s / #xs
  local q = 0
  for _, x in ipairs(xs) do q = q + (x - m) * (x - m) end
  return m, q / #xs
end

local function min_max(xs)
  local lo, hi = math.huge, -math.huge
  for _, x in ipairs(xs) do
    if x < lo then lo = x end
    if x > hi then hi = x end
  end
  return lo, hi
end

-- runs a Lua chunk in a fresh lua5.4 process (a fresh Lua state) and returns its output
local function fresh_state(chunk)
  local out, ok = dofile("spec/support/subprocess.lua").run(chunk)
  assert(ok, "the fresh Lua state failed: " .. out)
  return out
end

-- the draws printed by the fresh-state checks, each value as a hex float (exact)
local DRAWS = [[
local function dump(t)
  local parts = {}
  for _, v in ipairs(t:totable()) do parts[#parts + 1] = string.format("%a", v) end
  return table.concat(parts, " ")
end
print(dump(lt.rand(5, lt.float64)))
print(dump(lt.randn(5, lt.float64)))
print(dump(lt.rand(3)))
print(dump(lt.randint(0, 1000, {5})))
]]

local DEFAULT_SEED = 67280421310721 -- PyTorch's default, and luatensor's (src/lt_core.h)

describe("manual_seed", function()
  it("makes rand reproducible for float32 and float64", function()
    for _, dt in ipairs({lt.float32, lt.float64}) do
      lt.manual_seed(123)
      local a = lt.rand(4, 5, dt)
      lt.manual_seed(123)
      local b = lt.rand(4, 5, dt)
      assert.are.equal(dt, a.dtype)
      assert.are.same(a:totable(), b:totable())
    end
  end)

  it("makes randn reproducible for float32 and float64", function()
    for _, dt in ipairs({lt.float32, lt.float64}) do
      lt.manual_seed(7)
      local a = lt.randn(3, 7, dt)
      lt.manual_seed(7)
      local b = lt.randn(3, 7, dt)
      assert.are.equal(dt, a.dtype)
      assert.are.same(a:totable(), b:totable())
    end
  end)

  it("makes randint reproducible for int64 and int32", function()
    for _, dt in ipairs({lt.int64, lt.int32}) do
      lt.manual_seed(99)
      local a = lt.randint(-50, 50, {6, 6}, dt)
      lt.manual_seed(99)
      local b = lt.randint(-50, 50, {6, 6}, dt)
      assert.are.equal(dt, a.dtype)
      assert.are.same(a:totable(), b:totable())
    end
  end)

  it("makes a sequence of mixed draws reproducible", function()
    local function draws()
      return {lt.rand(3):totable(), lt.randn(2, lt.float64):totable(),
              lt.randint(10, {4}):totable(), lt.zeros(2):uniform_(-1, 1):totable(),
              lt.zeros(2, lt.float64):normal_(3, 0.5):totable()}
    end
    lt.manual_seed(2024)
    local a = draws()
    lt.manual_seed(2024)
    assert.are.same(a, draws())
  end)

  it("gives different values for different seeds", function()
    lt.manual_seed(1)
    local a = lt.rand(10, lt.float64):totable()
    local n1 = lt.randn(10):totable()
    lt.manual_seed(2)
    local b = lt.rand(10, lt.float64):totable()
    local n2 = lt.randn(10):totable()
    assert.are_not.same(a, b)
    assert.are_not.same(n1, n2)
    for i = 1, 10 do assert.are_not.equal(a[i], b[i]) end
  end)

  it("gives different values on successive draws", function()
    lt.manual_seed(5)
    local a = lt.rand(10):totable()
    local b = lt.rand(10):totable()
    assert.are_not.same(a, b)
  end)

  it("sets initial_seed", function()
    lt.manual_seed(4242)
    assert.are.equal(4242, lt.initial_seed())
    assert.are.equal("integer", math.type(lt.initial_seed()))
    lt.manual_seed(0)
    assert.are.equal(0, lt.initial_seed())
    lt.manual_seed(DEFAULT_SEED)
    assert.are.equal(DEFAULT_SEED, lt.initial_seed())
  end)

  it("accepts seeds up to math.maxinteger", function()
    lt.manual_seed(math.maxinteger)
    local a = lt.rand(3):totable()
    lt.manual_seed(math.maxinteger)
    assert.are.same(a, lt.rand(3):totable())
  end)

  it("rejects non-integer seeds", function()
    assert.has_error(function() lt.manual_seed(1.5) end)
    assert.has_error(function() lt.manual_seed("x") end)
  end)
end)

describe("a fresh Lua state", function()
  it("starts from the fixed default seed", function()
    local out = fresh_state([[
      local lt = require "luatensor"
      print(lt.initial_seed())
    ]])
    assert.are.equal(tostring(DEFAULT_SEED) .. "\n", out)
  end)

  it("gives the same first values every run", function()
    local chunk = 'lt = require "luatensor"\n' .. DRAWS
    local first = fresh_state(chunk)
    local second = fresh_state(chunk)
    assert.are.equal(first, second)
    local lines = 0
    for _ in first:gmatch("\n") do lines = lines + 1 end
    assert.are.equal(4, lines)
  end)

  it("draws what manual_seed(initial_seed()) draws", function()
    local fresh = fresh_state('lt = require "luatensor"\n' .. DRAWS)
    local again = fresh_state('lt = require "luatensor"\nlt.manual_seed(lt.initial_seed())\n'
      .. DRAWS)
    assert.are.equal(fresh, again)
    local explicit = fresh_state('lt = require "luatensor"\nlt.manual_seed(' .. DEFAULT_SEED
      .. ')\n' .. DRAWS)
    assert.are.equal(fresh, explicit)
  end)

  it("draws the same in this state after manual_seed(default)", function()
    local fresh = fresh_state('lt = require "luatensor"\n' .. DRAWS)
    lt.manual_seed(DEFAULT_SEED)
    local here = {}
    local function dump(t)
      local parts = {}
      for _, v in ipairs(t:totable()) do parts[#parts + 1] = string.format("%a", v) end
      here[#here + 1] = table.concat(parts, " ")
    end
    dump(lt.rand(5, lt.float64))
    dump(lt.randn(5, lt.float64))
    dump(lt.rand(3))
    dump(lt.randint(0, 1000, {5}))
    assert.are.equal(fresh, table.concat(here, "\n") .. "\n")
  end)
end)

describe("seed", function()
  it("returns an integer that becomes initial_seed", function()
    local s = lt.seed()
    assert.are.equal("integer", math.type(s))
    assert.is_true(s >= 0)
    assert.are.equal(s, lt.initial_seed())
  end)

  it("reseeds: the draws after it are those of manual_seed(s)", function()
    local s = lt.seed()
    local a = lt.rand(8, lt.float64):totable()
    lt.manual_seed(s)
    assert.are.same(a, lt.rand(8, lt.float64):totable())
  end)

  it("gives a new seed each time", function()
    local s1, s2 = lt.seed(), lt.seed()
    assert.are_not.equal(s1, s2)
  end)
end)

describe("statistics on 100k samples", function()
  before_each(function() lt.manual_seed(31337) end)

  it("rand is in [0, 1) with mean 1/2 and variance 1/12", function()
    local xs = flat(lt.rand(N, lt.float64))
    assert.are.equal(N, #xs)
    local lo, hi = min_max(xs)
    assert.is_true(lo >= 0)
    assert.is_true(hi < 1)
    local m, v = mean_var(xs)
    assert.is_true(math.abs(m - 0.5) < 0.01, "mean " .. m)
    assert.is_true(math.abs(v - 1 / 12) < 0.002, "variance " .. v)
    -- each tenth of [0, 1) gets about a tenth of the samples
    local bins = {}
    for i = 0, 9 do bins[i] = 0 end
    for _, x in ipairs(xs) do local b = math.floor(x * 10); bins[b] = bins[b] + 1 end
    for i = 0, 9 do assert.is_true(math.abs(bins[i] - N / 10) < 600, "bin " .. i) end
  end)

  it("rand in float32 is in [0, 1) too", function()
    local xs = flat(lt.rand(N))
    local lo, hi = min_max(xs)
    assert.is_true(lo >= 0)
    assert.is_true(hi < 1)
    local m, v = mean_var(xs)
    assert.is_true(math.abs(m - 0.5) < 0.01, "mean " .. m)
    assert.is_true(math.abs(v - 1 / 12) < 0.002, "variance " .. v)
  end)

  it("randn has mean 0 and std 1", function()
    for _, dt in ipairs({lt.float64, lt.float32}) do
      local xs = flat(lt.randn(N, dt))
      local m, v = mean_var(xs)
      assert.is_true(math.abs(m) < 0.02, "mean " .. m)
      assert.is_true(math.abs(math.sqrt(v) - 1) < 0.02, "std " .. math.sqrt(v))
      -- about 68.27% within one std, 95.45% within two
      local one, two = 0, 0
      for _, x in ipairs(xs) do
        if math.abs(x) < 1 then one = one + 1 end
        if math.abs(x) < 2 then two = two + 1 end
      end
      assert.is_true(math.abs(one / N - 0.6827) < 0.01, "within 1: " .. one / N)
      assert.is_true(math.abs(two / N - 0.9545) < 0.01, "within 2: " .. two / N)
    end
  end)

  it("randint covers [low, high) evenly and never gives high", function()
    local t = lt.randint(3, 10, {N})
    assert.are.equal(lt.int64, t.dtype)
    local counts = {}
    for _, x in ipairs(flat(t)) do
      assert.are.equal("integer", math.type(x))
      counts[x] = (counts[x] or 0) + 1
    end
    for k in pairs(counts) do assert.is_true(k >= 3 and k < 10, "value " .. k) end
    assert.is_nil(counts[10])
    for k = 3, 9 do
      assert.is_true(math.abs((counts[k] or 0) - N / 7) < 1000, "count of " .. k)
    end
  end)

  it("randint with one bound starts at 0", function()
    local counts = {}
    for _, x in ipairs(flat(lt.randint(4, {N}))) do counts[x] = (counts[x] or 0) + 1 end
    for k in pairs(counts) do assert.is_true(k >= 0 and k < 4, "value " .. k) end
    for k = 0, 3 do assert.is_true(math.abs((counts[k] or 0) - N / 4) < 1000) end
  end)

  it("randint covers negative ranges", function()
    local lo, hi = min_max(flat(lt.randint(-5, 5, {N}, lt.int32)))
    assert.are.equal(-5, lo)
    assert.are.equal(4, hi)
  end)

  it("randint handles ranges near the int64 limits", function()
    local big = 1 << 62
    local xs = flat(lt.randint(0, big, {1000}))
    local lo, hi = min_max(xs)
    assert.is_true(lo >= 0 and hi < big)
    assert.is_true(hi > big // 2)
    local ys = flat(lt.randint(math.mininteger, math.maxinteger, {1000}))
    local neg = 0
    for _, y in ipairs(ys) do
      assert.are.equal("integer", math.type(y))
      assert.are_not.equal(math.maxinteger, y)
      if y < 0 then neg = neg + 1 end
    end
    assert.is_true(neg > 400 and neg < 600, "negatives " .. neg)
  end)

  it("uniform_(low, high) is in [low, high) with the right mean", function()
    local xs = flat(lt.zeros(N, lt.float64):uniform_(-2, 3))
    local lo, hi = min_max(xs)
    assert.is_true(lo >= -2 and hi < 3)
    local m, v = mean_var(xs)
    assert.is_true(math.abs(m - 0.5) < 0.05, "mean " .. m)
    assert.is_true(math.abs(v - 25 / 12) < 0.05, "variance " .. v)
  end)

  it("normal_(mean, std) has that mean and std", function()
    local xs = flat(lt.zeros(N, lt.float64):normal_(5, 2))
    local m, v = mean_var(xs)
    assert.is_true(math.abs(m - 5) < 0.05, "mean " .. m)
    assert.is_true(math.abs(math.sqrt(v) - 2) < 0.05, "std " .. math.sqrt(v))
  end)
end)

describe("in-place fills", function()
  it("uniform_ and normal_ return the tensor", function()
    local t = lt.zeros(3)
    assert.is_true(rawequal(t, t:uniform_()))
    assert.is_true(rawequal(t, t:normal_()))
  end)

  it("uniform_() with no bounds draws what rand draws", function()
    lt.manual_seed(11)
    local r = lt.rand(3, 4):totable()
    lt.manual_seed(11)
    assert.are.same(r, lt.zeros(3, 4):uniform_():totable())
  end)

  it("normal_() with no arguments draws what randn draws", function()
    lt.manual_seed(12)
    local r = lt.randn(3, 4, lt.float64):totable()
    lt.manual_seed(12)
    assert.are.same(r, lt.zeros(3, 4, lt.float64):normal_():totable())
  end)

  it("uniform_ on a transposed view fills in index order", function()
    lt.manual_seed(5)
    local c = lt.zeros(3, 4):uniform_():totable()
    lt.manual_seed(5)
    local base = lt.zeros(4, 3)
    local v = base:t()
    v:uniform_()
    assert.are.same(c, v:totable())
    -- and the base holds the transpose
    for i = 1, 3 do
      for j = 1, 4 do assert.are.equal(c[i][j], base[{j, i}]) end
    end
  end)

  it("normal_ on a transposed view fills in index order", function()
    lt.manual_seed(6)
    local c = lt.zeros(3, 4, lt.float64):normal_():totable()
    lt.manual_seed(6)
    local v = lt.zeros(4, 3, lt.float64):t()
    v:normal_()
    assert.are.same(c, v:totable())
  end)

  it("fills a reversed slice in index order", function()
    lt.manual_seed(8)
    local c = lt.rand(5):totable()
    lt.manual_seed(8)
    local base = lt.zeros(5)
    base[{{-1, 1, -1}}]:uniform_()
    assert.are.same({c[5], c[4], c[3], c[2], c[1]}, base:totable())
  end)

  it("fills a strided column and leaves the rest alone", function()
    lt.manual_seed(9)
    local c = lt.randn(3):totable()
    lt.manual_seed(9)
    local m = lt.zeros(3, 3)
    m[{{}, 2}]:normal_()
    assert.are.same({{0, c[1], 0}, {0, c[2], 0}, {0, c[3], 0}}, m:totable())
  end)

  it("refuse integer tensors and expanded views", function()
    assert.has_error(function() lt.zeros(3, lt.int64):uniform_() end)
    assert.has_error(function() lt.zeros(3, lt.int32):normal_() end)
    local base = lt.zeros(1, 3)
    assert.has_error(function() base:expand(4, 3):uniform_() end)
    assert.are.same({{0, 0, 0}}, base:totable())
  end)

  it("refuse bad parameters", function()
    assert.has_error(function() lt.zeros(2):uniform_(3, 1) end)
    assert.has_error(function() lt.zeros(2):normal_(0, -1) end)
  end)
end)

describe("random creation", function()
  it("rand and randn take sizes as varargs or a table, and a dtype", function()
    assert.are.same({2, 3}, lt.rand(2, 3):size())
    assert.are.same({2, 3}, lt.randn({2, 3}):size())
    assert.are.equal(lt.float32, lt.rand(2).dtype)
    assert.are.equal(lt.float64, lt.randn(2, lt.float64).dtype)
    assert.are.equal(0, lt.rand():dim())
    assert.are.equal(0, lt.randn(lt.float64):dim())
  end)

  it("rand and randn follow the default dtype", function()
    local saved = lt.get_default_dtype()
    lt.set_default_dtype(lt.float64)
    local ok, err = pcall(function()
      assert.are.equal(lt.float64, lt.rand(2).dtype)
      assert.are.equal(lt.float64, lt.randn(2).dtype)
    end)
    lt.set_default_dtype(saved)
    assert(ok, err)
  end)

  it("rand and randn refuse non-float dtypes", function()
    assert.has_error(function() lt.rand(2, lt.int64) end)
    assert.has_error(function() lt.randn(2, lt.int32) end)
    assert.has_error(function() lt.rand(2, lt.bool) end)
  end)

  it("randint takes a size table and a dtype", function()
    local t = lt.randint(5, 10, {2, 3}, lt.int32)
    assert.are.same({2, 3}, t:size())
    assert.are.equal(lt.int32, t.dtype)
    for _, x in ipairs(flat(t)) do assert.is_true(x >= 5 and x < 10) end
    local f = lt.randint(0, 10, {50}, lt.float32)
    assert.are.equal(lt.float32, f.dtype)
    for _, x in ipairs(flat(f)) do
      assert.are.equal(math.floor(x), x)
      assert.is_true(x >= 0 and x < 10)
    end
  end)

  it("randint refuses empty ranges and bounds the dtype cannot hold", function()
    assert.has_error(function() lt.randint(5, 5, {2}) end)
    assert.has_error(function() lt.randint(5, 4, {2}) end)
    assert.has_error(function() lt.randint(0, 300, {2}, lt.uint8) end)
    assert.has_error(function() lt.randint(0, 1 << 40, {2}, lt.int32) end)
  end)

  it("randint_like keeps shape and dtype", function()
    local t = lt.zeros(2, 3, lt.int32)
    local r = lt.randint_like(t, 10)
    assert.are.same({2, 3}, r:size())
    assert.are.equal(lt.int32, r.dtype)
    for _, x in ipairs(flat(r)) do assert.is_true(x >= 0 and x < 10) end
    local r2 = t:randint_like(5, 10)
    assert.are.equal(lt.int32, r2.dtype)
    for _, x in ipairs(flat(r2)) do assert.is_true(x >= 5 and x < 10) end
    local r3 = lt.randint_like(t, 10, lt.int64)
    assert.are.equal(lt.int64, r3.dtype)
    assert.are.same({2, 3}, r3:size())
    local r4 = lt.randint_like(lt.zeros(4), 3, 10)
    assert.are.equal(lt.float32, r4.dtype)
    for _, x in ipairs(flat(r4)) do assert.is_true(x >= 3 and x < 10 and x == math.floor(x)) end
  end)

  it("rand_like and randn_like keep shape and dtype", function()
    local t = lt.zeros(3, 2, lt.float64)
    local r = lt.rand_like(t)
    assert.are.same({3, 2}, r:size())
    assert.are.equal(lt.float64, r.dtype)
    for _, x in ipairs(flat(r)) do assert.is_true(x >= 0 and x < 1) end
    local n = t:randn_like()
    assert.are.same({3, 2}, n:size())
    assert.are.equal(lt.float64, n.dtype)
    assert.are.equal(lt.float32, lt.rand_like(t, lt.float32).dtype)
    assert.are.equal(lt.float32, lt.randn_like(lt.zeros(5)).dtype)
    assert.are.same({2, 3}, lt.rand_like(lt.zeros(3, 2):t()):size())
  end)

  it("rand_like draws what rand draws", function()
    lt.manual_seed(77)
    local a = lt.rand(2, 3, lt.float64):totable()
    lt.manual_seed(77)
    assert.are.same(a, lt.rand_like(lt.zeros(2, 3, lt.float64)):totable())
  end)

  it("rand_like and randn_like of an integer tensor need a float dtype", function()
    local i = lt.zeros(2, lt.int64)
    assert.has_error(function() lt.rand_like(i) end)
    assert.has_error(function() lt.randn_like(i) end)
    assert.are.equal(lt.float64, lt.rand_like(i, lt.float64).dtype)
    assert.are.equal(lt.float32, lt.randn_like(i, lt.float32).dtype)
  end)

  it("makes empty random tensors", function()
    assert.are.equal(0, lt.rand(0):numel())
    assert.are.equal(0, lt.randn(2, 0):numel())
    assert.are.equal(0, lt.randint(10, {0}):numel())
  end)
end)

describe("generator state", function()
  it("get_rng_state/set_rng_state replay the same draws, normals' spare included", function()
    lt.manual_seed(11)
    lt.randn(3) -- leaves a spare normal
    local state = lt.get_rng_state()
    assert.are.equal("uint8", state.dtype)
    assert.are.equal(56, state:numel())
    local a, u = lt.randn(5), lt.rand(4)
    lt.manual_seed(99)
    lt.set_rng_state(state)
    assert.are.same(a:totable(), lt.randn(5):totable())
    assert.are.same(u:totable(), lt.rand(4):totable())
    assert.are.equal(11, lt.initial_seed())
  end)

  it("refuses what get_rng_state did not make", function()
    assert.has_error(function() lt.set_rng_state(lt.zeros(5)) end,
      "set_rng_state: expected a uint8 tensor of 56 bytes (from get_rng_state)")
    assert.has_error(function() lt.set_rng_state(lt.zeros(56, lt.uint8)) end,
      "set_rng_state: not a state get_rng_state made")
  end)
end)
