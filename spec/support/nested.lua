-- Helpers for specs that compare tensors with nested Lua tables (loaded with dofile: busted
-- runs from the repository root).
local nested = {}

-- the sizes of a nested table ({} for a number or a boolean)
function nested.shape_of(v)
  local s = {}
  while type(v) == "table" do
    s[#s + 1] = #v
    v = v[1]
  end
  return s
end

-- the leaves of a nested table in order
function nested.flatten(v, out)
  out = out or {}
  if type(v) == "table" then
    for _, x in ipairs(v) do nested.flatten(x, out) end
  else
    out[#out + 1] = v
  end
  return out
end

return nested
