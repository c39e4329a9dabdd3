--- luatensor.data: numeric CSV files into tensors, seeded shuffles, train/test splits and
-- minibatches.
--
--   local data = require "luatensor.data"
--   local M = data.read_csv("examples/data/digits.csv")        -- 1797 x 65, float32
--   local X, y = M[{ {}, {1, 64} }], M[{ {}, 65 }]:long()
--   local Xtr, ytr, Xte, yte = data.split(X, y, {test = 0.2})  -- seeded (lt.manual_seed)
--   for xb, yb in data.batches(Xtr, ytr, 64) do ... end        -- a new order every epoch
--
-- Every random choice draws from luatensor's seeded generator: after lt.manual_seed(n) the same
-- script gives the same shuffles, splits and batches on every run and machine.
local lt = require "luatensor"

local data = {}

local find, sub, byte, format = string.find, string.sub, string.byte, string.format
local tonumber, floor = tonumber, math.floor

local DTYPES = {float32 = true, float64 = true, int32 = true, int64 = true, uint8 = true, bool = true}
local INTEGER = {int32 = true, int64 = true, uint8 = true, bool = true}

local function check_opts(fname, opts, known)
  if opts == nil then return {} end
  if type(opts) ~= "table" then
    error(format("%s: options must be a table (got %s)", fname, type(opts)), 3)
  end
  for k in pairs(opts) do
    if not known[k] then error(format("%s: unknown option '%s'", fname, tostring(k)), 3) end
  end
  return opts
end

local function rows_of(fname, what, t)
  if not lt.is_tensor(t) then
    error(format("%s: %s must be a tensor (got %s)", fname, what, type(t)), 3)
  end
  if t:dim() == 0 then error(format("%s: %s must have at least one dimension", fname, what), 3) end
  return t:size(1)
end

---------------------------------------------------------------------------------------------
-- read_csv

-- a field as the error messages show it
local function show(s)
  if #s > 40 then s = sub(s, 1, 37) .. "..." end
  return "'" .. s .. "'"
end

local SPECIAL = {nan = 0 / 0, ["+nan"] = 0 / 0, ["-nan"] = 0 / 0, inf = math.huge, ["+inf"] = math.huge,
  ["-inf"] = -math.huge, infinity = math.huge, ["+infinity"] = math.huge, ["-infinity"] = -math.huge}

-- the value of a field tonumber refused: nan/inf spellings, or a number in double quotes;
-- nil when it is not a number
local function slow_number(s)
  local t = s:match("^%s*(.-)%s*$")
  local q = t:match('^"%s*(.-)%s*"$')
  if q then t = q end
  local v = tonumber(t)
  if v ~= nil then return v end
  return SPECIAL[t:lower()]
end

local function split_header(text, i, j, delim)
  local names, p = {}, i
  while true do
    local q = find(text, delim, p, true)
    local e = (q == nil or q > j) and j or q - 1
    local name = sub(text, p, e):match("^%s*(.-)%s*$")
    name = name:match('^"(.*)"$') or name
    names[#names + 1] = name
    if e == j then break end
    p = q + #delim
  end
  return names
end

local function read_all(path)
  local text, err
  if path:match("%.gz$") then
    -- gzip -dc through the shell, the path quoted for it
    local quoted = "'" .. path:gsub("'", "'\\''") .. "'"
    local f, msg = io.open(path, "rb")
    if not f then return nil, "cannot open " .. tostring(msg) end
    f:close()
    local pipe = io.popen("gzip -dc -- " .. quoted .. " 2>/dev/null", "r")
    if not pipe then return nil, "cannot run gzip to read " .. path end
    text = pipe:read("a")
    local ok = pipe:close()
    if not ok then return nil, "cannot decompress " .. path .. " (gzip -dc failed)" end
    return text
  end
  local f
  f, err = io.open(path, "rb")
  if not f then return nil, "cannot open " .. tostring(err) end
  text, err = f:read("a")
  f:close()
  if not text then return nil, "cannot read " .. path .. ": " .. tostring(err) end
  return text
end

--- data.read_csv(path [, {header = false, delimiter = ",", dtype = "float32"}]): the numeric CSV
-- file at `path` as a 2-d tensor (rows x columns). With header = true the first line holds
-- column names: they are the second result. Blank lines are skipped, CRLF line ends and
-- spaces around fields are fine, `nan`/`inf`/`-inf` and numbers in double quotes are read; a
-- path ending in .gz is decompressed with gzip. A non-numeric or empty field, a row with a
-- different number of fields, or a non-integral value for an integer dtype is an error naming
-- the file, the line and the column (1-based).
function data.read_csv(path, opts)
  if type(path) ~= "string" then
    error(format("read_csv: path must be a string (got %s)", type(path)), 2)
  end
  opts = check_opts("read_csv", opts, {header = true, delimiter = true, dtype = true})
  local header = opts.header or false
  local delim = opts.delimiter or ","
  local dtype = opts.dtype or lt.float32
  if type(delim) ~= "string" or delim == "" or find(delim, "[\r\n]") then
    error("read_csv: delimiter must be a non-empty string without line breaks", 2)
  end
  if not DTYPES[dtype] then
    error(format("read_csv: unknown dtype %s (float32, float64, int32, int64, uint8 or bool)",
      show(tostring(dtype))), 2)
  end
  local integral = INTEGER[dtype]
  local text, err = read_all(path)
  if not text then error("read_csv: " .. err, 2) end

  local values, nv = {}, 0
  local ncols, first_line -- the width and where it was set (the header or the first row)
  local names
  local nrows = 0
  local len, dlen = #text, #delim
  local pos, lineno = 1, 0
  if sub(text, 1, 3) == "\239\187\191" then pos = 4 end -- a UTF-8 byte order mark
  while pos <= len do
    local nl = find(text, "\n", pos, true)
    local j = nl and nl - 1 or len
    local next_pos = j + 2
    lineno = lineno + 1
    if j >= pos and byte(text, j) == 13 then j = j - 1 end
    local nonblank = find(text, "[^ \t\r]", pos)
    if nonblank == nil or nonblank > j then
      -- blank line: skipped
    elseif header and names == nil then
      names = split_header(text, pos, j, delim)
      ncols, first_line = #names, "the header (line " .. lineno .. ")"
    else
      local col, p = 0, pos
      while true do
        local q = find(text, delim, p, true)
        local e
        if q == nil or q > j then e = j else e = q - 1 end
        col = col + 1
        local s = sub(text, p, e)
        local v = tonumber(s)
        if v == nil then
          v = slow_number(s)
          if v == nil then
            if find(s, "^%s*$") then
              error(format("read_csv: %s:%d: column %d is empty", path, lineno, col), 2)
            end
            error(format("read_csv: %s:%d: column %d: %s is not a number", path, lineno, col,
              show(s:match("^%s*(.-)%s*$"))), 2)
          end
        end
        if integral and (v ~= v or v ~= floor(v) or v == math.huge or v == -math.huge) then
          error(format("read_csv: %s:%d: column %d: %s is not an integer (dtype %s)", path, lineno, col,
            show(s:match("^%s*(.-)%s*$")), dtype), 2)
        end
        nv = nv + 1
        values[nv] = v
        if e == j then break end
        p = q + dlen
      end
      if ncols == nil then
        ncols, first_line = col, "line " .. lineno
      elseif col ~= ncols then
        error(format("read_csv: %s:%d: %d column%s, but %s has %d", path, lineno, col,
          col == 1 and "" or "s", first_line, ncols), 2)
      end
      nrows = nrows + 1
    end
    pos = next_pos
  end
  if nrows == 0 then error(format("read_csv: %s: no data rows", path), 2) end
  return lt.tensor(values, dtype):view(nrows, ncols), names
end

---------------------------------------------------------------------------------------------
-- shuffle, split, batches

--- data.shuffle(n): a random permutation of 1..n (int64 tensor), drawn from luatensor's seeded
-- generator (Fisher-Yates over one lt.rand draw of n - 1 float64 numbers).
function data.shuffle(n)
  if math.type(n) ~= "integer" then
    if type(n) == "number" and n == floor(n) then n = floor(n)
    else error(format("shuffle: n must be a non-negative integer (got %s)", tostring(n)), 2) end
  end
  if n < 0 then error(format("shuffle: n must be a non-negative integer (got %d)", n), 2) end
  -- a Lua table holds at most 2^31 elements: fail now rather than after filling memory
  if n > 0x7fffffff then error(format("shuffle: n = %d is too large (at most 2^31 - 1)", n), 2) end
  local perm = {}
  for i = 1, n do perm[i] = i end
  if n > 1 then
    local u = lt.rand(n - 1, lt.float64):totable()
    for i = n, 2, -1 do
      local j = floor(u[n - i + 1] * i) + 1 -- uniform in 1..i
      perm[i], perm[j] = perm[j], perm[i]
    end
  end
  return lt.tensor(perm, lt.int64)
end

--- data.split(X, y [, {test = 0.2, shuffle = true}]): Xtrain, ytrain, Xtest, ytest. `test` is a
-- fraction of the rows (the test set gets ceil(test * n) of them, as scikit-learn) or, when an
-- integer >= 1, their number. Rows are shuffled with the seeded generator unless shuffle =
-- false (then the last rows are the test set). y may be nil (its results are then nil).
-- The results are copies (index_select), never views of X and y.
function data.split(X, y, opts)
  local n = rows_of("split", "X", X)
  if y ~= nil and rows_of("split", "y", y) ~= n then
    error(format("split: X has %d rows but y has %d", n, y:size(1)), 2)
  end
  opts = check_opts("split", opts, {test = true, shuffle = true})
  local test = opts.test
  if test == nil then test = 0.2 end
  local ntest
  if type(test) ~= "number" or test ~= test or test < 0 then
    error(format("split: test must be a fraction in [0, 1) or a number of rows (got %s)", tostring(test)), 2)
  elseif test < 1 then
    ntest = math.ceil(test * n - 1e-9) -- 0.2 * 10 is 2, not 3
  elseif test == floor(test) and test <= n then
    ntest = floor(test)
  else
    error(format("split: test = %s rows, but there are %d", tostring(test), n), 2)
  end
  local ntrain = n - ntest
  local order
  if opts.shuffle == false then order = lt.arange(1, n + 1)
  else order = data.shuffle(n) end
  local itrain, itest = order:narrow(1, 1, ntrain), order:narrow(1, ntrain + 1, ntest)
  local Xtr, Xte = X:index_select(1, itrain), X:index_select(1, itest)
  local ytr, yte
  if y ~= nil then ytr, yte = y:index_select(1, itrain), y:index_select(1, itest) end
  return Xtr, ytr, Xte, yte
end

--- data.batches(X, y, batch_size [, {shuffle = true, drop_last = false}]): an iterator for
-- `for xb, yb in data.batches(X, y, 64) do ... end` over batches of rows (copies, made with
-- index_select). With shuffle (the default) each call draws a new order from the seeded
-- generator, so call it once per epoch; every row appears exactly once per call. The last
-- batch is smaller when batch_size does not divide the rows, unless drop_last = true drops it.
-- y may be nil (then only xb is yielded).
function data.batches(X, y, batch_size, opts)
  local n = rows_of("batches", "X", X)
  if y ~= nil and rows_of("batches", "y", y) ~= n then
    error(format("batches: X has %d rows but y has %d", n, y:size(1)), 2)
  end
  if type(batch_size) ~= "number" or batch_size ~= floor(batch_size) or batch_size < 1 then
    error(format("batches: batch_size must be a positive integer (got %s)", tostring(batch_size)), 2)
  end
  batch_size = floor(batch_size)
  opts = check_opts("batches", opts, {shuffle = true, drop_last = true})
  local order
  if opts.shuffle == false then order = lt.arange(1, n + 1)
  else order = data.shuffle(n) end
  local last = n -- rows covered
  if opts.drop_last then last = n - n % batch_size end
  local start = 1
  return function()
    if start > last then return nil end
    local len = math.min(batch_size, last - start + 1)
    local idx = order:narrow(1, start, len)
    start = start + len
    if y == nil then return X:index_select(1, idx) end
    return X:index_select(1, idx), y:index_select(1, idx)
  end
end

--- data.num_batches(n, batch_size [, drop_last]): how many batches data.batches yields for n rows
function data.num_batches(n, batch_size, drop_last)
  if math.type(n) ~= "integer" or n < 0 then
    error(format("num_batches: n must be a non-negative integer (got %s)", tostring(n)), 2)
  end
  if math.type(batch_size) ~= "integer" or batch_size < 1 then
    error(format("num_batches: batch_size must be a positive integer (got %s)", tostring(batch_size)), 2)
  end
  if drop_last then return n // batch_size end
  return (n + batch_size - 1) // batch_size
end

return data
