-- The files exchanged with reference.py: one JSON line per case going out (inputs, ops and
-- luatensor's value of each op, floats as exact hex), and a line format coming back.
local util = require "util"

local wire = {}

local function data_json(desc)
  local parts = {}
  local float = desc.dtype == "float32" or desc.dtype == "float64"
  for i, v in ipairs(desc.data) do
    parts[i] = float and ('"' .. util.hex(v) .. '"') or string.format("%d", v)
  end
  return "[" .. table.concat(parts, ",") .. "]"
end

local function shape_json(s) return "[" .. table.concat(s, ",") .. "]" end

local function desc_json(desc)
  return ('{"dtype":"%s","shape":%s,"data":%s}'):format(desc.dtype, shape_json(desc.shape), data_json(desc))
end

-- one case: prog as generated, obs as exec.observe saw it
function wire.encode(n, prog, obs)
  local steps = {}
  for _, s in ipairs(prog.steps) do
    if s.kind == "input" then
      steps[#steps + 1] = ('{"id":%d,"kind":"input","dtype":"%s","shape":%s,"data":%s}'):format(
        s.id, s.dtype, shape_json(s.shape), data_json(s))
    else
      local lt_part
      if obs.error and obs.error.id == s.id then
        lt_part = '{"error":' .. string.format("%q", obs.error.msg):gsub("\\\n", "\\n") .. '}'
      else
        lt_part = desc_json(obs.values[s.id])
      end
      steps[#steps + 1] = ('{"id":%d,"kind":"op","op":"%s","args":%s,"lt":%s%s}'):format(
        s.id, s.op, util.json(s.args), lt_part, obs.kinks and obs.kinks[s.id] and ',"kink":true' or "")
    end
    if obs.error and obs.error.id == s.id then break end
  end
  local w = "null"
  if prog.weights and not obs.error and not obs.grad_skip then w = data_json({ dtype = "float64", data = prog.weights }) end
  return ('{"case":%d,"final":%s,"weights":%s,"steps":[%s]}'):format(n, prog.final or "null", w,
    table.concat(steps, ","))
end

local function parse_desc(dtype, shape, rest)
  local s = {}
  if shape ~= "-" then for v in shape:gmatch("[^,]+") do s[#s + 1] = math.tointeger(tonumber(v)) end end
  local d = {}
  local float = dtype == "float32" or dtype == "float64"
  for v in (rest or ""):gmatch("%S+") do d[#d + 1] = float and util.unhex(v) or math.tointeger(tonumber(v)) end
  return { dtype = dtype, shape = s, data = d }
end

-- reference.py's output: results[case] = {values = {id -> desc}, errors = {id -> msg},
-- grads = {id -> desc | "none"}, grad_scale = the largest gradient of any value,
-- grad_singular = some gradient of a value is not finite in PyTorch, grad_error = msg, grad_skip = why PyTorch's rerun is not
-- compared, fatal = msg}
function wire.parse(path)
  local results, cur = {}, nil
  for line in io.lines(path) do
    local tag, rest = line:match("^(%S+)%s?(.*)$")
    if tag == "case" then
      cur = { values = {}, errors = {}, grads = {} }
      results[math.tointeger(tonumber(rest))] = cur
    elseif tag == "val" then
      local id, dt, sh, d = rest:match("^(%d+) (%S+) (%S+) ?(.*)$")
      cur.values[tonumber(id)] = parse_desc(dt, sh, d)
    elseif tag == "err" then
      local id, msg = rest:match("^(%d+) (.*)$")
      cur.errors[tonumber(id)] = msg
    elseif tag == "grad" then
      local id, dt, sh, d = rest:match("^(%d+) (%S+) (%S+) ?(.*)$")
      cur.grads[tonumber(id)] = parse_desc(dt, sh, d)
    elseif tag == "gnone" then
      cur.grads[tonumber(rest)] = "none"
    elseif tag == "gscale" then
      cur.grad_scale = util.unhex(rest)
    elseif tag == "gsingular" then
      cur.grad_singular = true
    elseif tag == "gskip" then
      cur.grad_skip = rest
    elseif tag == "gerr" then
      cur.grad_error = rest
    elseif tag == "fatal" then
      cur.fatal = rest
    end
  end
  return results
end

return wire
