--- values.lua: random plain Lua arguments (numbers, strings, tables, functions, coroutines),
-- good and bad. Tensors, tapes and modules come from pool.lua; this file knows nothing of them
-- except through the `pick_tensor` callback it is given (for lists of tensors).
--
-- Sizes are either small (0..6) or impossible (>= 1e12 elements even at one byte, or an
-- overflow): never a valid allocation of gigabytes that would succeed and be slow.
local V = {}

local random = math.random

local function pick(list) return list[random(#list)] end
V.pick = pick

V.SPECIAL_NUMBERS = {
  0 / 0, math.huge, -math.huge, -0.0, 0.0, 0.5, -0.5, 1.5, 1e-300, 1e308, -1e308,
  1e12, -1e12, 2 ^ 53, 2 ^ 62, 2.5e15,
  -1, 0, 1, 2, 3, -2, -3,
  1000000000000, 1 << 40, 1 << 62, math.maxinteger, math.mininteger, -(1 << 62),
}

-- integers a tensor's dims and indices might accept (1-based, negative from the end)
function V.small_int() return random(-4, 6) end

function V.number()
  local r = random(10)
  if r <= 5 then return V.small_int() end
  if r <= 7 then return (random() - 0.5) * 8 end
  return pick(V.SPECIAL_NUMBERS)
end

V.DTYPES = {"float32", "float64", "int32", "int64", "uint8", "bool"}
local BAD_DTYPES = {"float16", "Float32", "", "int", "float", "double", "complex64", "bfloat16", "float32 ", "uint16"}
-- strings some functions take besides dtypes (norm's "fro", einsum specs, options, fields)
local WORDS = {
  "fro", "zero", "none", "mean", "sum", "dtype", "shape", "ndim", "persistent", "recording",
  "ij,jk->ik", "ii", "ii->i", "ij->ji", "i,i->", "...ij,...jk->...ik", "bij,bjk->bik", "i,j->ij",
  "ij", "ab,bc,cd->ad", "i->", "->", "i,j", "ij1,jk->ik", "...", "i...->...", "iij->j", "aA->Aa",
  "ij,jk", "ij->jj", "i->i->i", "a,b,c,d,e,f,g,h,i,j,k,l,m", "\0", "%s%s%n", "\255\254",
}

function V.string()
  local r = random(10)
  if r <= 4 then return pick(V.DTYPES) end
  if r <= 6 then return pick(BAD_DTYPES) end
  if r <= 9 then return pick(WORDS) end
  return string.rep("x", random(0, 300))
end

-- nested numeric data for lt.tensor: regular, ragged, mixed types, deep, empty
local function data_table(depth)
  local r = random(12)
  if depth > 5 or r <= 5 then return random(3) == 1 and random(-3, 3) or V.number() end
  if r == 6 then return random(2) == 1 end
  if r == 7 then return {} end
  if r == 8 then return V.string() end
  local n, t = random(0, 3), {}
  for i = 1, n do t[i] = data_table(depth + 1) end
  return t
end

local function regular_table(shape, d)
  d = d or 1
  if d > #shape then return V.number() end
  local t = {}
  for i = 1, shape[d] do t[i] = regular_table(shape, d + 1) end
  return t
end

local function sizes_table()
  local t = {}
  for i = 1, random(0, 4) do t[i] = random(6) == 1 and V.number() or random(0, 4) end
  return t
end

local function slice_table()
  local t = {}
  for i = 1, random(0, 4) do
    local r = random(4)
    if r == 1 then t[i] = V.small_int()
    elseif r == 2 then t[i] = {}
    elseif r == 3 then t[i] = {V.small_int(), V.small_int()}
    else t[i] = {V.small_int(), V.small_int(), random(3) == 1 and V.number() or V.small_int()} end
  end
  return t
end

-- a table whose length and elements come from metamethods: luaL_len and lua_geti see them. Its
-- length may be huge, not an integer, or change between two questions: a binding that trusts
-- the length after narrowing it to int, or asks twice, could run past its buffer.
local LENGTHS = {{0}, {1}, {3}, {1 << 32 | 1}, {1 << 31}, {-1}, {2 ^ 62}, {1.5}, {math.maxinteger}, {1, 5}, {4, 1}}
function V.proxy(elem)
  local lens, calls = pick(LENGTHS), 0
  return setmetatable({}, {
    __len = function()
      calls = calls + 1
      return lens[math.min(calls, #lens)]
    end,
    __index = function(_, k)
      local len = lens[math.min(math.max(calls, 1), #lens)]
      if math.type(k) ~= "integer" then return nil end
      if k < 1 or k > len then return nil end -- ipairs reads one past the end: fine
      if k > 16 then error("fuzz_api: proxy table ends here") end -- a long list: enough
      return elem()
    end,
  })
end

local OPTION_TABLES = {
  function() return {persistent = random(2) == 1} end,
  function() return {unconnected = pick({"zero", "none", "bogus", 1})} end,
  function() return {lr = V.number(), momentum = V.number(), weight_decay = V.number()} end,
  function() return {lr = 0.01} end,
  function() return {betas = {V.number(), V.number()}, eps = V.number()} end,
  function() return {eps = V.number(), atol = V.number(), rtol = V.number(), raise = random(2) == 1} end,
  function() return {shuffle = random(2) == 1, drop_last = random(2) == 1, test = V.number()} end,
  function() return {header = random(2) == 1, delimiter = V.string(), label = V.small_int()} end,
  function() return {rng = random(2) == 1, extra = {a = 1, b = "x"}} end,
  function() return {bias = random(2) == 1, stride = V.small_int(), padding = V.small_int()} end,
  function() return {[V.string()] = V.number()} end,
}

-- tables of every useful kind; pick_tensor() gives a tensor (or a non-tensor now and then)
function V.table(pick_tensor, any)
  local r = random(16)
  if r <= 3 then return sizes_table() end
  if r <= 5 then return slice_table() end
  if r == 6 then
    local shape = {}
    for i = 1, random(0, 3) do shape[i] = random(0, 3) end
    return regular_table(shape)
  end
  if r == 7 then return data_table(0) end
  if r <= 10 then -- a list of tensors (with a stranger now and then)
    local t = {}
    for i = 1, random(0, 4) do t[i] = random(8) == 1 and any() or pick_tensor() end
    if random(4) == 1 then t.n = random(-1, 5) end
    return t
  end
  if r == 11 then return {{V.small_int(), V.small_int()}, {V.small_int()}} end -- tensordot dims
  if r == 12 then return V.proxy(pick_tensor) end
  if r == 13 then return {} end
  return pick(OPTION_TABLES)()
end

-- functions given as callbacks (lt.tape(fn), no_grad, grad, apply, ...): they return values,
-- call back into the API, or raise a string error; never a non-string error (that would be
-- our own error object, not the library's)
function V.fn(any, pick_tensor)
  local r = random(8)
  if r == 1 then return function() end end
  if r == 2 then return function(...) return ... end end
  if r == 3 then return function() error("fuzz_api: callback raised") end end
  if r == 4 then return function(x) if type(x) == "userdata" and x.sum then return x:sum() end return x end end
  if r == 5 then local v = any() return function() return v end end
  if r == 6 then return function(x) return x * 2 end end -- raises on most values: fine
  if r == 7 then local t = pick_tensor() return function() return t end end
  return function() coroutine.yield(1) end -- yields across the C boundary (or into our coroutine)
end

function V.coroutine()
  return coroutine.create(function() coroutine.yield() end)
end

return V
