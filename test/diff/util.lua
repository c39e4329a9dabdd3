-- Small helpers shared by the differential tester: flattening tensors to Lua lists, exact
-- number encodings for the Python wire, and the NIL sentinel for optional op arguments.
local util = {}

-- stands for an explicit nil argument (clamp's missing bound): Lua lists cannot hold nil
util.NIL = setmetatable({}, { __tostring = function() return "nil" end })

-- a tensor's elements in row-major order as a flat list (booleans become 1/0)
function util.flat(t)
  local out = {}
  local function walk(v)
    if type(v) == "table" then
      for i = 1, #v do walk(v[i]) end
    elseif v == true then out[#out + 1] = 1
    elseif v == false then out[#out + 1] = 0
    else out[#out + 1] = v end
  end
  walk(t:totable())
  return out
end

-- a flat list reshaped into nested tables (a bare value for shape {})
function util.nest(flat, shape, as_bool)
  local pos = 0
  local function build(d)
    if d > #shape then
      pos = pos + 1
      local v = flat[pos]
      if as_bool then return v ~= 0 end
      return v
    end
    local t = {}
    for i = 1, shape[d] do t[i] = build(d + 1) end
    return t
  end
  return build(1)
end

function util.numel(shape)
  local n = 1
  for _, s in ipairs(shape) do n = n * s end
  return n
end

function util.copy(t)
  if type(t) ~= "table" or t == util.NIL then return t end
  local c = {}
  for k, v in pairs(t) do c[k] = util.copy(v) end
  return c
end

-- exact text of a float for Python's float.fromhex (Lua prints NaN as "-nan" or "nan")
function util.hex(x)
  if x ~= x then return "nan" end
  return string.format("%a", x)
end

-- parses what Python's float.hex() printed
function util.unhex(s)
  if s == "nan" then return 0 / 0 end
  if s == "inf" then return math.huge end
  if s == "-inf" then return -math.huge end
  return tonumber(s)
end

-- JSON for the Python side: refs {"v":k}, Lua integers {"i":n}, floats {"f":hex}
function util.json(v)
  local ty = type(v)
  if v == util.NIL or v == nil then return "null" end
  if ty == "boolean" then return tostring(v) end
  if ty == "string" then return string.format("%q", v) end
  if ty == "number" then
    if math.type(v) == "integer" then return '{"i":' .. v .. '}' end
    return '{"f":"' .. util.hex(v) .. '"}'
  end
  if v.ref then return '{"v":' .. v.ref .. '}' end
  if v.list then return '{"l":' .. util.json(v.list) .. '}' end
  local parts = {}
  for i = 1, #v do parts[i] = util.json(v[i]) end
  return "[" .. table.concat(parts, ",") .. "]"
end

-- readable Lua source for a literal argument (refs become variable names)
function util.lua_literal(v)
  local ty = type(v)
  if v == util.NIL then return "nil" end
  if ty == "boolean" then return tostring(v) end
  if ty == "string" then return string.format("%q", v) end
  if ty == "number" then
    if math.type(v) == "integer" then return tostring(v) end
    if v ~= v then return "(0/0)" end
    if v == math.huge then return "math.huge" end
    if v == -math.huge then return "-math.huge" end
    local s = string.format("%.17g", v)
    for _, p in ipairs({ 6, 9, 12, 15 }) do   -- the shortest form that reads back exactly
      local short = string.format("%." .. p .. "g", v)
      if tonumber(short) == v then s = short break end
    end
    if not s:find("[%.eEn]") then s = s .. ".0" end
    return s
  end
  if v.ref then return "v" .. v.ref end
  if v.list then return util.lua_literal(v.list) end
  local parts = {}
  for i = 1, #v do parts[i] = util.lua_literal(v[i]) end
  return "{" .. table.concat(parts, ", ") .. "}"
end

return util
