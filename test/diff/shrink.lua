-- Shrinks a failing program while it still fails the same way (same kind, same op): cut what
-- follows the failing op, drop ops nothing uses, replace an op's result by a plain input of its
-- value, skip an op, make inputs contiguous, smaller and rounder. Each round evaluates every
-- candidate in one Python batch and keeps the first that still fails.
local util = require "util"
local compare = require "compare"
local evaluate = require "evaluate"

local shrink = {}

local function refs_of(args, acc)
  for _, a in ipairs(args) do
    if type(a) == "table" and a.ref then acc[a.ref] = true
    elseif type(a) == "table" and a.list then refs_of(a.list, acc)
    elseif type(a) == "table" and a ~= util.NIL then refs_of(a, acc) end
  end
  return acc
end

-- keeps the steps up to `last` that it depends on
local function prune(prog, last)
  local needed = { [last] = true }
  for i = #prog.steps, 1, -1 do
    local s = prog.steps[i]
    if needed[s.id] and s.kind == "op" then refs_of(s.args, needed) end
  end
  local out = { steps = {}, final = prog.final, weights = prog.weights }
  for _, s in ipairs(prog.steps) do
    if needed[s.id] and s.id <= last then out.steps[#out.steps + 1] = util.copy(s) end
  end
  if out.final and out.final > last then out.final, out.weights = nil, nil end
  return out
end

local function replace_step(prog, id, new)
  local p = util.copy(prog)
  for i, s in ipairs(p.steps) do if s.id == id then new.id = id; p.steps[i] = new end end
  return p
end

local function as_input(desc)
  return { kind = "input", dtype = desc.dtype, shape = util.copy(desc.shape), data = util.copy(desc.data),
    layout = { kind = "contig" } }
end

-- data of a contiguous input with dim d cut to its first n - 1 entries
local function cut_dim(s, d)
  local shape, keep = s.shape, {}
  local new = util.copy(shape)
  new[d] = shape[d] - 1
  local inner = 1
  for i = d + 1, #shape do inner = inner * shape[i] end
  for i, v in ipairs(s.data) do
    local idx = ((i - 1) // inner) % shape[d]
    if idx < shape[d] - 1 then keep[#keep + 1] = v end
  end
  local c = util.copy(s)
  c.shape, c.data = new, keep
  return c
end

local function candidates(prog, failure, obs)
  local out = {}
  local target = failure.kind == "grad" and prog.final or failure.id or prog.steps[#prog.steps].id
  if target then out[#out + 1] = prune(prog, target) end
  for _, s in ipairs(prog.steps) do
    if s.kind == "op" and s.id ~= target and obs.values[s.id] then
      out[#out + 1] = prune(replace_step(prog, s.id, as_input(obs.values[s.id])), target or prog.steps[#prog.steps].id)
      local first = refs_of(s.args, {})
      for r in pairs(first) do
        local p = util.copy(prog)
        for _, t in ipairs(p.steps) do
          if t.kind == "op" and t.id > s.id then
            local function sub(args)
              for i, a in ipairs(args) do
                if type(a) == "table" and a.ref == s.id then args[i] = { ref = r }
                elseif type(a) == "table" and (a.list or (a ~= util.NIL and not a.ref)) then sub(a.list or a) end
              end
            end
            sub(t.args)
          end
        end
        out[#out + 1] = prune(p, target or #p.steps)
      end
    end
  end
  for _, s in ipairs(prog.steps) do
    if s.kind == "input" then
      if s.layout.kind ~= "contig" then
        local c = util.copy(s); c.layout = { kind = "contig" }; c.base = nil
        out[#out + 1] = replace_step(prog, s.id, c)
      else
        for d = 1, #s.shape do
          if s.shape[d] > 1 then out[#out + 1] = replace_step(prog, s.id, cut_dim(s, d)) end
        end
        local float = s.dtype == "float32" or s.dtype == "float64"
        local c, changed = util.copy(s), false
        for i, v in ipairs(c.data) do
          local r = v
          if float and v == v and math.abs(v) ~= math.huge then r = math.floor(v + 0.5) + 0.0 end
          if r ~= v then changed = true end
          c.data[i] = r
        end
        if changed then out[#out + 1] = replace_step(prog, s.id, c) end
      end
    end
  end
  return out
end

-- the smallest program found that fails like `failure`, and its failure
function shrink.run(lt, catalogue, prog, failure, obs, dir, max_seconds)
  local sig = compare.signature(failure)
  local deadline = lt.clock() + (max_seconds or 20)   -- a Python start per round: keep CI short
  while lt.clock() < deadline do
    local cands = candidates(prog, failure, obs)
    if #cands == 0 then break end
    local results = evaluate.batch(lt, catalogue, cands, dir)
    local found = false
    for i, r in ipairs(results) do
      if r.failure and compare.signature(r.failure) == sig and #cands[i].steps > 0 then
        local smaller = #cands[i].steps < #prog.steps
        local sizes = 0
        for _, s in ipairs(cands[i].steps) do sizes = sizes + #(s.data or {}) end
        local old = 0
        for _, s in ipairs(prog.steps) do old = old + #(s.data or {}) end
        -- accept only progress, so the loop ends: fewer steps, fewer elements, or simpler inputs
        if smaller or sizes < old or sizes == old and #cands[i].steps == #prog.steps then
          prog, failure, obs, found = cands[i], r.failure, r.obs, true
          break
        end
      end
    end
    if not found then break end
  end
  return prog, failure, obs
end

return shrink
