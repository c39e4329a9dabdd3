-- Joining and gathering: cat, stack, index_select, gather (1-based indices, negative ones
-- counting from the end: a luatensor extension the reference maps to positive ones).
local util = require "util"

local ops = {}
local function def(spec)
  spec.family = "join"
  spec.tol = "exact"
  spec.call = spec.call or function(lt, ...) return lt[spec.name](...) end
  ops[#ops + 1] = spec
end

local function pos(d, n) return d > 0 and d or d + n + 1 end

def({ name = "cat", gen = function(g, x)
  local n = #x.shape
  if n == 0 then return nil end
  local d = g:dim(n)
  local s = util.copy(x.shape)
  s[pos(d, n)] = g:int(1, 3)
  local other = g:input(s, g:chance(0.7) and x.dtype or g:dtype())
  if g:chance(0.3) then return { { list = { other, { ref = x.id } } }, d } end
  return { { list = { { ref = x.id }, other } }, d }
end, call = function(lt, list, d) return lt.cat(list, d) end })

def({ name = "stack", gen = function(g, x)
  local n = #x.shape
  local d = g:dim(n + 1)
  local other = g:input(x.shape, g:chance(0.7) and x.dtype or g:dtype())
  return { { list = { { ref = x.id }, other } }, d }
end, call = function(lt, list, d) return lt.stack(list, d) end })

def({ name = "index_select", gen = function(g, x)
  local n = #x.shape
  if n == 0 then return nil end
  local d = g:dim(n)
  local size = x.shape[pos(d, n)]
  local idx = g:input({ g:int(1, 4) }, g:pick({ "int64", "int32" }), { range = { -size, size } })
  return { { ref = x.id }, d, idx }
end })

-- index dims may not exceed x's (besides along d)
def({ name = "gather", gen = function(g, x)
  local n = #x.shape
  if n == 0 then return nil end
  local d = g:dim(n)
  local pd = pos(d, n)
  local s = {}
  for i = 1, n do s[i] = (i == pd) and g:int(1, 3) or g:int(1, x.shape[i]) end
  local size = x.shape[pd]
  local idx = g:input(s, "int64", { range = { -size, size } })
  return { { ref = x.id }, d, idx }
end })

return ops
