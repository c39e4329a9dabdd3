-- Views and slices: transpose, permute, narrow, select, expand, squeeze/unsqueeze, flatten,
-- view/reshape, unfold, Torch7-style indexing with steps (negative too), contiguous and clone.
local util = require "util"

local ops = {}
local function def(spec)
  spec.family = "view"
  spec.tol = "exact"
  spec.call = spec.call or function(lt, ...) return lt[spec.name](...) end
  ops[#ops + 1] = spec
end

local function shuffled(g, n)
  local p = {}
  for i = 1, n do p[i] = i end
  for i = n, 2, -1 do local j = g:int(1, i); p[i], p[j] = p[j], p[i] end
  return p
end

def({ name = "transpose", gen = function(g, x)
  local n = #x.shape
  if n == 0 then return nil end
  return { { ref = x.id }, g:dim(n), g:dim(n) }
end })

def({ name = "t", gen = function(g, x)
  if #x.shape > 2 then return nil end
  return { { ref = x.id } }
end })

def({ name = "permute", gen = function(g, x)
  if #x.shape == 0 then return nil end
  return { { ref = x.id }, shuffled(g, #x.shape) }
end })

def({ name = "narrow", gen = function(g, x)
  local n = #x.shape
  if n == 0 then return nil end
  local d = g:dim(n)
  local size = x.shape[d > 0 and d or d + n + 1]
  local start = g:int(1, size)
  return { { ref = x.id }, d, start, g:int(1, size - start + 1) }
end })

def({ name = "select", gen = function(g, x)
  local n = #x.shape
  if n == 0 then return nil end
  local d = g:dim(n)
  local size = x.shape[d > 0 and d or d + n + 1]
  local i = g:int(1, size)
  if g:chance(0.3) then i = i - size - 1 end
  return { { ref = x.id }, d, i }
end })

-- size-1 dims stretch, -1 keeps a size, and new leading dims may appear
def({ name = "expand", gen = function(g, x)
  local s = {}
  for i, v in ipairs(x.shape) do
    if v == 1 then s[i] = g:int(1, 3) elseif g:chance(0.3) then s[i] = -1 else s[i] = v end
  end
  if #s < 4 and g:chance(0.4) then table.insert(s, 1, g:int(1, 3)) end
  if #s == 0 then return nil end
  return { { ref = x.id }, s }
end })

def({ name = "squeeze", gen = function(g, x)
  if #x.shape == 0 or g:chance(0.4) then return { { ref = x.id } } end
  return { { ref = x.id }, g:dim(#x.shape) }
end })

def({ name = "unsqueeze", gen = function(g, x)
  local n = #x.shape + 1
  if n > 5 then return nil end
  return { { ref = x.id }, g:dim(n) }
end })

def({ name = "flatten", gen = function(g, x)
  local n = #x.shape
  if n == 0 or g:chance(0.3) then return { { ref = x.id } } end
  local a, b = g:int(1, n), g:int(1, n)
  if a > b then a, b = b, a end
  return { { ref = x.id }, a, b }
end })

-- a new shape for the same elements, maybe with one -1
local function reshape_sizes(g, x)
  local n = util.numel(x.shape)
  local s, left = {}, n
  while left > 1 and #s < 4 do
    local divs = {}
    for d = 2, left do if left % d == 0 then divs[#divs + 1] = d end end
    local d = g:pick(divs)
    s[#s + 1] = d
    left = left // d
    if g:chance(0.3) then s[#s + 1] = 1 end
  end
  if #s > 0 and g:chance(0.3) then s[g:int(1, #s)] = -1 end
  return s
end

def({ name = "reshape", gen = function(g, x)
  return { { ref = x.id }, reshape_sizes(g, x) }
end })

-- view only where the strides allow it
def({ name = "view", gen = function(g, x)
  if not x.t:is_contiguous() then return nil end
  local s = reshape_sizes(g, x)
  if #s == 0 then return nil end
  return { { ref = x.id }, s }
end })

def({ name = "contiguous", gen = function(g, x) return { { ref = x.id } } end })
def({ name = "clone", gen = function(g, x) return { { ref = x.id } } end })

def({ name = "unfold", gen = function(g, x)
  local n = #x.shape
  if n == 0 or n > 3 then return nil end
  local d = g:dim(n)
  local size = x.shape[d > 0 and d or d + n + 1]
  return { { ref = x.id }, d, g:int(1, size), g:int(1, 2) }
end })

-- t[{...}]: numbers select, {} keeps, {i}, {a, b}, {a, b, step} (negative steps walk back)
local function range_entry(g, size)
  local r = g.rng()
  local function idx(i) if g:chance(0.3) then return i - size - 1 end return i end
  if r < 0.15 then return {} end
  if r < 0.25 then return { idx(g:int(1, size)) } end
  local a, b = g:int(1, size), g:int(1, size)
  local step = g:pick({ 1, 1, 2, 3, -1, -2 })
  if step > 0 and a > b or step < 0 and a < b then a, b = b, a end
  if r < 0.45 and step == 1 then return { idx(a), idx(b) } end
  return { idx(a), idx(b), step }
end

def({ name = "index", gen = function(g, x)
  local n = #x.shape
  if n == 0 then return nil end
  local k, spec, any_range = g:int(1, n), {}, false
  for i = 1, k do
    if g:chance(0.25) then
      local v = g:int(1, x.shape[i])
      spec[i] = g:chance(0.3) and v - x.shape[i] - 1 or v
    else
      spec[i] = range_entry(g, x.shape[i]); any_range = true
    end
  end
  if not any_range and k == n then spec[k] = {} end   -- every dim selected gives a number
  return { { ref = x.id }, spec }
end, call = function(lt, t, spec) return t[spec] end,
  render = function(a) return ("%s[%s]"):format(a[1], a[2]) end })

return ops
