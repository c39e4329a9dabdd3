--- gen.lua: argument lists for one call, from a signature (sigs.lua) or from nothing, and a
-- short description of what was passed (printed with --verbose, --trace and bug reports).
local V = require "values"

local random, pick = math.random, V.pick

local G = {}

function G.new(pool, tmpdir)
  local g = {desc = {}, file_mode = false}

  local PATHS = {"a.safetensors", "b.npy", "c.npz", "d.csv", "e.ckpt", "f.csv.gz", "no/such/dir/x",
                 "", ".", "a.safetensors/x", "g.svg", "h.bin"}
  function g.path()
    local r = random(12)
    if r == 1 then return tmpdir end
    return tmpdir .. "/" .. pick(PATHS)
  end

  local function string_arg()
    if g.file_mode then return g.path() end
    return V.string()
  end

  -- every value handed to a target directly is described (g.args describes its own)
  function g.note(s)
    g.desc[#g.desc + 1] = s
    if g.log then g.log("  " .. s) end
  end
  local function noted(v)
    g.note(G.describe(v))
    return v
  end

  local any_kinds -- filled below (they refer to each other)
  local function any()
    local r = random(100)
    if r <= 35 then return pool.tensor() end
    for _, k in ipairs(any_kinds) do
      if r <= k[1] then return k[2]() end
    end
    return nil
  end

  function g.any() return noted(any()) end
  function g.tensor() return noted(pool.tensor()) end
  function g.tape() return noted(pool.tape()) end
  function g.object() return noted(pool.object()) end

  -- keys for t[k], t[k] = v and obj[k]: indices, slices, fields, method names, junk
  local function key()
    local r = random(10)
    if r <= 3 then return V.small_int() end
    if r <= 6 then return V.table(pool.tensor, any) end
    if r == 7 then return pick({"dtype", "shape", "ndim", "persistent", "recording", "weight", "lr", "training", "sum", "nope"}) end
    if r == 8 then return V.number() end
    if r == 9 then return pool.tensor() end
    return pick({true, false, print, 0.5})
  end
  function g.key() return noted(key()) end

  any_kinds = {
    {55, V.number},
    {65, string_arg},
    {77, function() return V.table(pool.tensor, any) end},
    {80, function() return random(2) == 1 end},
    {84, function() return V.fn(any, pool.tensor) end},
    {86, V.coroutine},
    {90, pool.tape},
    {94, pool.object},
    -- the rest: nil
  }

  local KINDS = {
    T = function() return pool.tensor() end,
    X = function() return random(3) == 1 and V.number() or pool.tensor() end,
    N = V.number,
    I = function() return random(0, 4) end,
    D = function() return random(4) == 1 and {V.small_int(), V.small_int()} or random(-3, 4) end,
    Y = function() return random(6) == 1 and V.string() or pick(V.DTYPES) end,
    B = function() return random(2) == 1 end,
    L = function()
      if random(10) == 1 then return V.proxy(pool.tensor) end
      local t = {}
      for i = 1, random(0, 3) do t[i] = pool.tensor() end
      return t
    end,
    A = function() return any() end,
    O = function() return V.table(pool.tensor, any) end,
    F = function() return V.fn(any, pool.tensor) end,
    P = g.path,
    H = function() return pick({1, 2, 3, 4, 0, -1, math.mininteger, 0.5, 0 / 0, "2", nil, {}}) end,
    Q = function() return pool.tape() end,
    M = function() return pool.object() end,
    E = function() return random(4) == 1 and V.string() or pick({"ij,jk->ik", "ii", "ij->ji", "i,i->", "...ij,...jk->...ik",
      "bij,bjk->bik", "i,j->ij", "ij", "ii->i", "i->", "ij,j->i", "ab,bc,cd->ad"}) end,
  }

  -- sizes: integers as separate arguments or one table (S expands to several values)
  local function sizes(out)
    if random(3) == 1 then out[#out + 1] = V.table(pool.tensor, any) return end
    for _ = 1, random(0, 4) do
      out[#out + 1] = random(8) == 1 and V.number() or random(0, 4)
    end
  end

  local function from_sig(sig)
    local out = {}
    for tok in sig:gmatch("%S+") do
      local kind, optional = tok:match("^(%a)(%??)$")
      if optional == "?" and random(2) == 1 then break end
      if random(12) == 1 then out[#out + 1] = any() -- a mutation
      elseif kind == "S" then sizes(out)
      else out[#out + 1] = KINDS[kind]() end
    end
    return out
  end

  local function random_args()
    local out = {}
    for i = 1, pick({0, 1, 1, 2, 2, 2, 3, 3, 4, 5}) do out[i] = any() end
    return out
  end

  -- g.args(sig): a fresh argument list (as multiple values), described in g.desc
  -- builder: valid.lua's maker of right arguments for this target, if it has one
  local function from_builder(builder)
    local ok, out = pcall(builder)
    if not ok then return nil end
    if #out > 0 and random(8) == 1 then out[random(#out)] = any() end -- a mutation
    return out
  end

  function g.args(sig, builder)
    local r = random(10)
    local out = (builder and r <= 4 and from_builder(builder))
      or ((sig and r <= 7) and from_sig(sig) or random_args())
    -- file functions take the path first, and a number converts to a path too ("2"): only
    -- paths inside the temp dir ever get there
    local first = out[1]
    if g.file_mode and (type(first) == "number" or (type(first) == "string" and first:sub(1, #tmpdir) ~= tmpdir)) then
      out[1] = g.path()
    end
    local n = #out
    if n > 0 and random(20) == 1 then n = n + 1 end -- a trailing nil
    for i = 1, n do g.note(G.describe(out[i])) end
    return table.unpack(out, 1, n)
  end

  return g
end

-- a short, deterministic description of a value (no addresses)
function G.describe(v)
  local ty = type(v)
  if ty == "userdata" then
    local ok, s = pcall(function() return v.dtype .. "(" .. table.concat(v.shape, "x") .. ")" end)
    if ok then return "tensor " .. s end
    ok, s = pcall(tostring, v)
    return ok and s:gsub("\n.*", "") or "userdata"
  end
  if ty == "number" then return string.format("%.17g", v) .. (math.type(v) == "integer" and "" or "f") end
  if ty == "string" then return string.format("%q", #v > 40 and v:sub(1, 40) .. "..." or v) end
  if ty == "table" then
    if getmetatable(v) then return "table(meta)" end
    local parts = {}
    for i = 1, math.min(#v, 6) do parts[i] = G.describe(v[i]) end
    return "{" .. table.concat(parts, ", ") .. (#v > 6 and ", ..." or "") .. "}"
  end
  return ty
end

return G
