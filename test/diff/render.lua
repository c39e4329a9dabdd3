-- A program as Lua source a developer can paste: inputs built in their layouts, the ops, and
-- for a gradient failure the tape around them.
local util = require "util"
local data = require "data"

local render = {}

local function tensor_src(flat, shape, dt)
  local nested = util.nest(flat, shape, dt == "bool")
  return ("lt.tensor(%s, %q)"):format(util.lua_literal(nested), dt)
end

local function input_src(s)
  local name, lay = "v" .. s.id, s.layout
  if lay.kind == "contig" then
    return ("local %s = %s"):format(name, tensor_src(s.data, s.shape, s.dtype))
  elseif lay.kind == "expand" then
    return ("local %s = %s:expand(%s)"):format(name, tensor_src(s.base, lay.reduced, s.dtype),
      util.lua_literal(s.shape))
  end
  local base
  if lay.kind == "perm" then
    base = ("lt.zeros(%s, %q):permute(%s)"):format(util.lua_literal(data.base_shape(s)), s.dtype,
      util.lua_literal(lay.perm))
  else
    base = ("lt.full(%s, %s, %q)[%s]"):format(util.lua_literal(data.base_shape(s)),
      s.dtype == "bool" and "true" or "7", s.dtype, util.lua_literal(data.slice_spec(s)))
  end
  return ("local %s = %s   -- a non-contiguous view\n%s:copy_(%s)"):format(name, base, name,
    tensor_src(s.data, s.shape, s.dtype))
end

local function op_src(s, catalogue)
  local spec = catalogue.by_name[s.op]
  local args = {}
  local n = #s.args
  while n > 0 and s.args[n] == util.NIL do n = n - 1 end
  for i = 1, n do args[i] = util.lua_literal(s.args[i]) end
  local expr
  if spec.render then expr = spec.render(args)
  else expr = ("lt.%s(%s)"):format(spec.lua_name or s.op, table.concat(args, ", ")) end
  return ("local v%d = %s"):format(s.id, expr)
end

-- failure: what compare.case returned; ref: the reference's results for this program
function render.program(prog, catalogue, failure)
  local lines = { 'local lt = require "luatensor"' }
  local grad = failure.kind == "grad"
  local watched = {}
  for _, s in ipairs(prog.steps) do
    if s.kind == "input" then
      lines[#lines + 1] = input_src(s)
      if grad and s.dtype == "float64" then watched[#watched + 1] = "v" .. s.id end
    end
  end
  if grad then
    lines[#lines + 1] = "local tape = lt.tape()"
    lines[#lines + 1] = ("tape:watch(%s)"):format(table.concat(watched, ", "))
  end
  for _, s in ipairs(prog.steps) do
    if s.kind == "op" then lines[#lines + 1] = op_src(s, catalogue) end
  end
  if grad then
    local final = prog.steps[#prog.steps]
    lines[#lines + 1] = ("local w = %s"):format(tensor_src(prog.weights, failure.final_shape or {}, "float64"))
    lines[#lines + 1] = ("local grads = tape:gradient(v%d, {%s}, w, {unconnected = \"zero\"})"):format(final.id,
      table.concat(watched, ", "))
    lines[#lines + 1] = "for i, g in ipairs(grads) do print(i, g) end"
  else
    lines[#lines + 1] = ("print(v%d)"):format(failure.id or prog.steps[#prog.steps].id)
  end
  return table.concat(lines, "\n")
end

return render
