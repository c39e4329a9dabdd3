-- luatensor.data (issue 6): read_csv (values, options, every error message), shuffle, split
-- and batches (coverage, sizes, reproducibility under lt.manual_seed).
local lt = require "luatensor"
local data = require "luatensor.data"

local files = dofile("spec/support/files.lua")
local function write_tmp(text, suffix) return files.write(files.tmp(suffix or ".csv"), text) end

-- the message of the error f raises (without a position prefix)
local function err_of(f, ...)
  local ok, err = pcall(f, ...)
  assert.is_false(ok, "expected an error")
  return (tostring(err):gsub("^[^\n:]+%.lua:%d+: ", ""))
end

local function rows(t) return t:totable() end
local function ids(t) -- a 1-d int tensor as a Lua list
  return t:totable()
end

teardown(function()
  files.remove_all()
end)

-- ---- read_csv ---------------------------------------------------------------------------------------

describe("data.read_csv", function()
  it("reads a numeric CSV into a 2-d float32 tensor, row by row", function()
    local path = write_tmp("1,2,3\n4.5,-6,7e2\n-0.25,1e-3,0\n")
    local t = data.read_csv(path)
    assert.are.equal(lt.float32, t.dtype)
    assert.are.same({3, 3}, t.shape)
    assert.is_true(t:is_contiguous())
    assert.are.same({{1, 2, 3}, {4.5, -6, 700}, {-0.25, lt.tensor(1e-3):item(), 0}}, rows(t))
  end)

  it("dtype = float64 keeps every digit; integer dtypes read integers", function()
    local path = write_tmp("0.1,123456789.125\n-7,2.5e-300\n")
    local t = data.read_csv(path, {dtype = "float64"})
    assert.are.equal(lt.float64, t.dtype)
    assert.are.same({{0.1, 123456789.125}, {-7, 2.5e-300}}, rows(t))
    local ipath = write_tmp("1,-2,9007199254740993\n4,5.0,6\n")
    local i = data.read_csv(ipath, {dtype = lt.int64})
    assert.are.equal(lt.int64, i.dtype)
    assert.are.same({{1, -2, 9007199254740993}, {4, 5, 6}}, rows(i))
    assert.are.same({{1, -2}, {4, 5}}, rows(data.read_csv(write_tmp("1,-2\n4,5\n"), {dtype = "int32"})))
  end)

  it("header = true skips the first line and returns the column names", function()
    local path = write_tmp('a, "b c" ,label\n1,2,3\n4,5,6\n')
    local t, names = data.read_csv(path, {header = true})
    assert.are.same({{1, 2, 3}, {4, 5, 6}}, rows(t))
    assert.are.same({"a", "b c", "label"}, names)
    local _, none = data.read_csv(write_tmp("1,2\n"))
    assert.is_nil(none)
  end)

  it("takes other delimiters, several characters long too", function()
    assert.are.same({{1, 2}, {3, 4}}, rows(data.read_csv(write_tmp("1;2\n3;4\n"), {delimiter = ";"})))
    assert.are.same({{1, 2}, {3, 4}}, rows(data.read_csv(write_tmp("1\t2\n3\t4\n"), {delimiter = "\t"})))
    assert.are.same({{1, 2}, {3, 4}}, rows(data.read_csv(write_tmp("1::2\n3::4\n"), {delimiter = "::"})))
    -- with ";" as the delimiter a comma is part of a field
    assert.are.equal("read_csv: " .. "X" .. ":1: column 1: '1,5' is not a number",
      (err_of(data.read_csv, write_tmp("1,5;2\n"), {delimiter = ";"}):gsub("^read_csv: [^:]+", "read_csv: X")))
  end)

  it("CRLF line ends, blank lines, no final newline, spaces, a BOM, quotes, nan and inf", function()
    local t = data.read_csv(write_tmp('\239\187\191 1 , 2\r\n\r\n3,"4"\n   \n-inf,inf\nnan,-5'))
    local v = rows(t)
    assert.are.same({1, 2}, v[1])
    assert.are.same({3, 4}, v[2])
    assert.are.same({-math.huge, math.huge}, v[3])
    assert.is_true(v[4][1] ~= v[4][1])
    assert.are.equal(-5, v[4][2])
    assert.are.same({4, 2}, t.shape)
  end)

  it("a single column gives an n x 1 tensor", function()
    local t = data.read_csv(write_tmp("1\n2\n3\n"))
    assert.are.same({3, 1}, t.shape)
  end)

  it("reads a gzip-compressed file (path ending in .gz)", function()
    local plain = write_tmp("1,2\n3,4\n")
    local gz = plain .. ".gz"
    if not os.execute("gzip -c '" .. plain .. "' > '" .. gz .. "' 2>/dev/null") then
      pending("no gzip")
      return
    end
    files.track(gz)
    assert.are.same({{1, 2}, {3, 4}}, rows(data.read_csv(gz)))
    local bad = write_tmp("not gzip", ".csv.gz")
    assert.are.equal("read_csv: cannot decompress " .. bad .. " (gzip -dc failed)", err_of(data.read_csv, bad))
  end)

  it("reads a 250 KB file quickly (the digits data set: 1797 x 65)", function()
    lt.manual_seed(7)
    local vals = lt.randint(0, 17, {1797, 65}):totable()
    local lines = {}
    for i, r in ipairs(vals) do lines[i] = table.concat(r, ",") end
    local text = table.concat(lines, "\n") .. "\n"
    assert.is_true(#text > 200000)
    local path = write_tmp(text)
    local t0 = lt.clock()
    local t = data.read_csv(path)
    local dt = lt.clock() - t0
    assert.are.same({1797, 65}, t.shape)
    assert.are.same(vals, rows(t:long()))
    assert.is_true(dt < 1.0, string.format("read_csv took %.3f s", dt))
  end)

  it("reads the shipped digits data when it is there", function()
    local path
    for _, p in ipairs({"examples/data/digits.csv", "../shared/data/digits.csv.gz"}) do
      local f = io.open(p, "rb")
      if f then f:close(); path = p; break end
    end
    if not path then
      pending("no digits file")
      return
    end
    local M = data.read_csv(path)
    assert.are.same({1797, 65}, M.shape)
    local labels = M[{ {}, 65 }]:long()
    assert.are.equal(0, labels:min():item())
    assert.are.equal(9, labels:max():item())
    assert.are.equal(0, M[{ {}, {1, 64} }]:min():item())
    assert.are.equal(16, M[{ {}, {1, 64} }]:max():item())
  end)

  describe("errors name the file, the line and the column", function()
    it("a non-numeric field", function()
      local path = write_tmp("1,2,3\n4,five,6\n")
      assert.are.equal("read_csv: " .. path .. ":2: column 2: 'five' is not a number", err_of(data.read_csv, path))
    end)

    it("a header read as data", function()
      local path = write_tmp("x,y\n1,2\n")
      assert.are.equal("read_csv: " .. path .. ":1: column 1: 'x' is not a number", err_of(data.read_csv, path))
    end)

    it("a long field is shortened", function()
      local path = write_tmp("1," .. string.rep("z", 100) .. "\n")
      assert.are.equal("read_csv: " .. path .. ":1: column 2: '" .. string.rep("z", 37) .. "...' is not a number",
        err_of(data.read_csv, path))
    end)

    it("an empty field", function()
      local path = write_tmp("1,2,3\n\n4,,6\n")
      assert.are.equal("read_csv: " .. path .. ":3: column 2 is empty", err_of(data.read_csv, path))
      local trailing = write_tmp("1,2,\n")
      assert.are.equal("read_csv: " .. trailing .. ":1: column 3 is empty", err_of(data.read_csv, trailing))
    end)

    it("a row shorter or longer than the first", function()
      local short = write_tmp("1,2,3\n4,5,6\n7,8\n")
      assert.are.equal("read_csv: " .. short .. ":3: 2 columns, but line 1 has 3", err_of(data.read_csv, short))
      local long = write_tmp("\n1\n2,3\n")
      assert.are.equal("read_csv: " .. long .. ":3: 2 columns, but line 2 has 1", err_of(data.read_csv, long))
      local one = write_tmp("1,2\n3\n")
      assert.are.equal("read_csv: " .. one .. ":2: 1 column, but line 1 has 2", err_of(data.read_csv, one))
    end)

    it("a row that does not match the header", function()
      local path = write_tmp("a,b,c\n1,2\n")
      assert.are.equal("read_csv: " .. path .. ":2: 2 columns, but the header (line 1) has 3",
        err_of(data.read_csv, path, {header = true}))
    end)

    it("a non-integral value for an integer dtype", function()
      local path = write_tmp("1,2\n3,4.5\n")
      assert.are.equal("read_csv: " .. path .. ":2: column 2: '4.5' is not an integer (dtype int64)",
        err_of(data.read_csv, path, {dtype = "int64"}))
      local nan = write_tmp("nan\n")
      assert.are.equal("read_csv: " .. nan .. ":1: column 1: 'nan' is not an integer (dtype int32)",
        err_of(data.read_csv, nan, {dtype = "int32"}))
    end)

    it("a missing file, an empty one, one with only a header", function()
      local missing = files.tmp("-missing.csv") -- (never created)
      assert.are.equal("read_csv: cannot open " .. missing .. ": No such file or directory",
        err_of(data.read_csv, missing))
      local empty = write_tmp("")
      assert.are.equal("read_csv: " .. empty .. ": no data rows", err_of(data.read_csv, empty))
      local blank = write_tmp("\n \n")
      assert.are.equal("read_csv: " .. blank .. ": no data rows", err_of(data.read_csv, blank))
      local header = write_tmp("a,b\n")
      assert.are.equal("read_csv: " .. header .. ": no data rows", err_of(data.read_csv, header, {header = true}))
    end)

    it("bad arguments", function()
      local path = write_tmp("1\n")
      assert.are.equal("read_csv: path must be a string (got nil)", err_of(data.read_csv))
      assert.are.equal("read_csv: unknown option 'sep'", err_of(data.read_csv, path, {sep = ";"}))
      assert.are.equal("read_csv: options must be a table (got string)", err_of(data.read_csv, path, ";"))
      assert.are.equal("read_csv: unknown dtype 'float16' (float32, float64, int32, int64, uint8 or bool)",
        err_of(data.read_csv, path, {dtype = "float16"}))
      assert.are.equal("read_csv: delimiter must be a non-empty string without line breaks",
        err_of(data.read_csv, path, {delimiter = ""}))
    end)
  end)
end)

-- ---- shuffle -----------------------------------------------------------------------------------------

local function is_permutation(list, n)
  if #list ~= n then return false end
  local seen = {}
  for _, v in ipairs(list) do
    if math.type(v) ~= "integer" or v < 1 or v > n or seen[v] then return false end
    seen[v] = true
  end
  return true
end

describe("data.shuffle", function()
  it("is a permutation of 1..n as an int64 tensor", function()
    for _, n in ipairs({1, 2, 7, 100, 1797}) do
      local p = data.shuffle(n)
      assert.are.equal(lt.int64, p.dtype)
      assert.are.same({n}, p.shape)
      assert.is_true(is_permutation(ids(p), n), "n = " .. n)
    end
    local z = data.shuffle(0)
    assert.are.same({0}, z.shape)
    assert.are.equal(lt.int64, z.dtype)
  end)

  it("is reproducible under lt.manual_seed and changes from call to call", function()
    lt.manual_seed(123)
    local a, b = ids(data.shuffle(50)), ids(data.shuffle(50))
    lt.manual_seed(123)
    local a2, b2 = ids(data.shuffle(50)), ids(data.shuffle(50))
    assert.are.same(a, a2)
    assert.are.same(b, b2)
    assert.are_not.same(a, b)
    lt.manual_seed(124)
    assert.are_not.same(a, ids(data.shuffle(50)))
  end)

  it("draws every permutation of 3 about equally often", function()
    lt.manual_seed(9)
    local counts, N = {}, 6000
    for _ = 1, N do
      local key = table.concat(ids(data.shuffle(3)), "")
      counts[key] = (counts[key] or 0) + 1
    end
    local kinds = 0
    for key, c in pairs(counts) do
      kinds = kinds + 1
      assert.is_true(c > 850 and c < 1150, key .. ": " .. c)
    end
    assert.are.equal(6, kinds)
  end)

  it("refuses a bad n", function()
    assert.are.equal("shuffle: n must be a non-negative integer (got -1)", err_of(data.shuffle, -1))
    assert.are.equal("shuffle: n must be a non-negative integer (got 2.5)", err_of(data.shuffle, 2.5))
    assert.are.equal("shuffle: n must be a non-negative integer (got nil)", err_of(data.shuffle))
  end)

  it("refuses an n no Lua table can hold at once (found by test/fuzz_api: it filled memory)", function()
    assert.are.equal("shuffle: n = 1000000000000 is too large (at most 2^31 - 1)", err_of(data.shuffle, 1e12))
    assert.are.equal("shuffle: n = 1099511627776 is too large (at most 2^31 - 1)",
      err_of(data.split, lt.zeros(1 << 40, 0)))
  end)
end)

-- ---- split ---------------------------------------------------------------------------------------------

-- X: row i is {i, 100 + i}; y: 10 * i (int64), so rows can be traced
local function traced(n)
  local x, y = {}, {}
  for i = 1, n do x[i], y[i] = {i, 100 + i}, 10 * i end
  return lt.tensor(x), lt.tensor(y, lt.int64)
end

local function row_ids(X) -- the first column as integers
  local out = {}
  for i, r in ipairs(X:totable()) do out[i] = math.tointeger(r[1]) end
  return out
end

describe("data.split", function()
  it("gives ceil(test * n) test rows, the rest for training, disjoint, covering every row", function()
    local X, y = traced(1797)
    lt.manual_seed(1)
    local Xtr, ytr, Xte, yte = data.split(X, y, {test = 0.2})
    assert.are.same({1437, 2}, Xtr.shape)
    assert.are.same({360, 2}, Xte.shape)
    assert.are.same({1437}, ytr.shape)
    assert.are.same({360}, yte.shape)
    assert.are.equal(lt.int64, ytr.dtype)
    local seen = {}
    for _, set in ipairs({{Xtr, ytr}, {Xte, yte}}) do
      local r, labels = row_ids(set[1]), ids(set[2])
      for k, i in ipairs(r) do
        assert.is_nil(seen[i], "row " .. i .. " twice")
        seen[i] = true
        assert.are.equal(10 * i, labels[k])        -- y stays aligned with X
        assert.are.equal(100 + i, set[1][{k, 2}])
      end
    end
    for i = 1, 1797 do assert.is_true(seen[i], "row " .. i .. " missing") end
  end)

  it("sizes: fractions as scikit-learn (ceil), an integer as a count, the default 0.2", function()
    local X, y = traced(10)
    local cases = {{0.2, 2}, {0.25, 3}, {0.7, 7}, {0.5, 5}, {0.01, 1}, {0, 0}, {3, 3}, {1, 1}, {10, 10}}
    for _, c in ipairs(cases) do
      local Xtr, _, Xte = data.split(X, y, {test = c[1]})
      assert.are.equal(c[2], Xte:size(1), "test = " .. c[1])
      assert.are.equal(10 - c[2], Xtr:size(1), "test = " .. c[1])
    end
    local _, _, Xte = data.split(X, y)
    assert.are.equal(2, Xte:size(1))
  end)

  it("is shuffled, reproducibly under a seed", function()
    local X, y = traced(100)
    lt.manual_seed(5)
    local a = {data.split(X, y)}
    lt.manual_seed(5)
    local b = {data.split(X, y)}
    for k = 1, 4 do assert.are.same(a[k]:totable(), b[k]:totable()) end
    local order = row_ids(a[1])
    local sorted = {table.unpack(order)}
    table.sort(sorted)
    assert.are_not.same(sorted, order)
  end)

  it("shuffle = false keeps the order: the last rows are the test set", function()
    local X, y = traced(10)
    local Xtr, ytr, Xte, yte = data.split(X, y, {test = 0.3, shuffle = false})
    assert.are.same({1, 2, 3, 4, 5, 6, 7}, row_ids(Xtr))
    assert.are.same({8, 9, 10}, row_ids(Xte))
    assert.are.same({10, 20, 30, 40, 50, 60, 70}, ids(ytr))
    assert.are.same({80, 90, 100}, ids(yte))
  end)

  it("returns copies, and takes y = nil", function()
    local X = traced(6)
    local Xtr, ytr, Xte, yte = data.split(X, nil, {test = 2, shuffle = false})
    assert.is_nil(ytr)
    assert.is_nil(yte)
    Xtr:fill_(0)
    Xte:fill_(0)
    assert.are.same({1, 2, 3, 4, 5, 6}, row_ids(X))
  end)

  it("refuses bad arguments", function()
    local X, y = traced(10)
    assert.are.equal("split: X has 10 rows but y has 9", err_of(data.split, X, y:narrow(1, 1, 9)))
    assert.are.equal("split: test must be a fraction in [0, 1) or a number of rows (got -0.1)",
      err_of(data.split, X, y, {test = -0.1}))
    assert.are.equal("split: test = 11 rows, but there are 10", err_of(data.split, X, y, {test = 11}))
    assert.are.equal("split: test = 1.5 rows, but there are 10", err_of(data.split, X, y, {test = 1.5}))
    assert.are.equal("split: unknown option 'test_size'", err_of(data.split, X, y, {test_size = 0.1}))
    assert.are.equal("split: X must be a tensor (got table)", err_of(data.split, {}, y))
  end)
end)

-- ---- batches ---------------------------------------------------------------------------------------------

describe("data.batches", function()
  local function epoch(X, y, bs, opts)
    local sizes, seen_order = {}, {}
    for xb, yb in data.batches(X, y, bs, opts) do
      sizes[#sizes + 1] = xb:size(1)
      assert.are.equal(xb:size(1), yb:size(1))
      local r, labels = row_ids(xb), ids(yb)
      for k, i in ipairs(r) do
        assert.are.equal(10 * i, labels[k])
        seen_order[#seen_order + 1] = i
      end
    end
    return sizes, seen_order
  end

  it("covers every row exactly once per epoch, the last batch smaller", function()
    local X, y = traced(103)
    lt.manual_seed(2)
    local sizes, order = epoch(X, y, 10)
    assert.are.same({10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 3}, sizes)
    assert.is_true(is_permutation(order, 103))
    local sorted = {table.unpack(order)}
    table.sort(sorted)
    assert.are_not.same(sorted, order)               -- shuffled
    assert.are.equal(11, data.num_batches(103, 10))
  end)

  it("drop_last drops the incomplete batch; the rest are distinct rows", function()
    local X, y = traced(103)
    lt.manual_seed(3)
    local sizes, order = epoch(X, y, 10, {drop_last = true})
    assert.are.same({10, 10, 10, 10, 10, 10, 10, 10, 10, 10}, sizes)
    assert.are.equal(100, #order)
    local seen = {}
    for _, i in ipairs(order) do
      assert.is_nil(seen[i])
      seen[i] = true
    end
    assert.are.equal(10, data.num_batches(103, 10, true))
    -- found by test/fuzz_api: bad arguments gave Lua's arithmetic errors
    assert.are.equal("num_batches: n must be a non-negative integer (got x)", err_of(data.num_batches, "x", 10))
    assert.are.equal("num_batches: batch_size must be a positive integer (got 0)", err_of(data.num_batches, 10, 0))
    -- a batch size that divides n: drop_last changes nothing
    local s2 = epoch(X:narrow(1, 1, 100), y:narrow(1, 1, 100), 25, {drop_last = true})
    assert.are.same({25, 25, 25, 25}, s2)
    -- larger than n: one batch, or none with drop_last
    assert.are.same({103}, (epoch(X, y, 500)))
    assert.are.same({}, (epoch(X, y, 500, {drop_last = true})))
  end)

  it("is reproducible under a seed, with a new order each epoch", function()
    local X, y = traced(50)
    lt.manual_seed(11)
    local _, e1 = epoch(X, y, 8)
    local _, e2 = epoch(X, y, 8)
    lt.manual_seed(11)
    local _, f1 = epoch(X, y, 8)
    local _, f2 = epoch(X, y, 8)
    assert.are.same(e1, f1)
    assert.are.same(e2, f2)
    assert.are_not.same(e1, e2)
    assert.is_true(is_permutation(e2, 50))
  end)

  it("shuffle = false walks the rows in order", function()
    local X, y = traced(7)
    local sizes, order = epoch(X, y, 3, {shuffle = false})
    assert.are.same({3, 3, 1}, sizes)
    assert.are.same({1, 2, 3, 4, 5, 6, 7}, order)
  end)

  it("yields copies of rows of any shape, and only xb when y is nil", function()
    local X = lt.arange(24):view(6, 2, 2)
    local n, total = 0, 0
    for xb, extra in data.batches(X, nil, 4) do
      n = n + 1
      assert.is_nil(extra)
      assert.are.same({2, 2}, {xb:size(2), xb:size(3)})
      total = total + xb:size(1)
      xb:fill_(-1)
    end
    assert.are.equal(2, n)
    assert.are.equal(6, total)
    assert.are.equal(0, X:min():item())              -- X untouched
  end)

  it("refuses bad arguments", function()
    local X, y = traced(10)
    assert.are.equal("batches: batch_size must be a positive integer (got 0)", err_of(data.batches, X, y, 0))
    assert.are.equal("batches: batch_size must be a positive integer (got nil)", err_of(data.batches, X, y))
    assert.are.equal("batches: X has 10 rows but y has 3", err_of(data.batches, X, y:narrow(1, 1, 3), 2))
    assert.are.equal("batches: unknown option 'shuffled'", err_of(data.batches, X, y, 2, {shuffled = false}))
    assert.are.equal("batches: X must have at least one dimension", err_of(data.batches, lt.tensor(1.0), nil, 2))
  end)
end)
