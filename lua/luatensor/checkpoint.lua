--- luatensor.checkpoint: a model, its optimizer, its learning-rate schedule, the random
-- generator and the script's own values (epoch, best loss, ...) in ONE safetensors file, so a
-- training run can stop and resume exactly.
--
--   local ckpt = require "luatensor.checkpoint"
--   ckpt.save("run.safetensors", {model = model, optimizer = opt, scheduler = sched, rng = true,
--     extra = {epoch = epoch, best = best_loss}})
--   ...
--   local extra = ckpt.load("run.safetensors", {model = model, optimizer = opt, scheduler = sched,
--     rng = true})
--   for epoch = extra.epoch + 1, epochs do ... end
--
-- Every field is optional; load restores exactly the parts it is given (and `rng = true`).
--
-- The file is an ordinary safetensors file (lt.load reads it; so does Python's safetensors):
--   tensors
--     "model.<name>"                     every entry of model:state_dict() ("model.1.weight")
--     "optimizer.state.<i>.<key>"        the optimizer's state tensors: <i> the parameter's
--                                        index in opt.params, <key> momentum_buffer, exp_avg, ...
--     "rng"                              lt.get_rng_state() (uint8), with rng = true
--   metadata (__metadata__, strings only)
--     "luatensor.checkpoint"             a description of everything else, see below
--
-- The description is a table written in a small subset of Lua's table-constructor syntax, e.g.
--   {extra={epoch=2,name="run \"a\""},format=1,model=true,
--    optimizer={hyper={dampening=0,lr=0.050000000000000003,momentum=0.90000000000000002,
--      nesterov=false,weight_decay=0},n=4,optimizer="SGD",state={{step=10},{step=10},...},step=10},
--    rng=true,scheduler={base_lr=0.01,gamma=0.5,last_epoch=2,last_lr=0.0025000000000000001,
--      scheduler="StepLR",step_size=1}}
-- (one line; after the sequence part, keys sorted: numbers, then strings). Values are:
--   integers      decimal digits (math.type "integer" survives the round trip)
--   floats        "%.17g" (exact for every double), with ".0" appended when that looks like an
--                 integer ("3.0", "-0.0"); inf, -inf and nan as those words
--   strings       double-quoted; '"' and '\' escaped with '\', every byte outside the printable
--                 ASCII range 32..126 as '\ddd' (three decimal digits), so any byte string fits
--   booleans      true, false
--   tables        {v1,v2,...} for the sequence part 1..#t, then key=value for identifier keys
--                 and [key]=value for other keys (numbers, strings); nested up to 200 levels deep
-- It is read back by a small recursive-descent parser in this file: the file's content is never
-- given to load(). The optimizer's entry is opt:state_dict() without its tensors (state[i] keeps
-- step); the scheduler's is sched:state_dict().
--
-- Errors start with "checkpoint: ". load checks that the file has every part it is asked for
-- before restoring anything, and is all or nothing: if restoring a part fails (a shape
-- mismatch, another optimizer class, ...), the parts already restored are put back as they
-- were, and the error carries the load_state_dict message:
--   checkpoint: run.safetensors has no optimizer state
--   checkpoint: load_state_dict: size mismatch for '1.weight': copying a tensor of shape (8, 4) ...
local lt = require "luatensor"

local M = {}

local format, concat, sort = string.format, table.concat, table.sort
local mtype = math.type

M.FORMAT = 1
M.METADATA_KEY = "luatensor.checkpoint"

-- an error that the public functions re-raise at their caller's position
local function fail(msg, ...)
  error({checkpoint_error = "checkpoint: " .. format(msg, ...)}, 0)
end

local function guard(fn, ...)
  local res = table.pack(pcall(fn, ...))
  if res[1] then return table.unpack(res, 2, res.n) end
  local err = res[2]
  if type(err) == "table" and err.checkpoint_error then err = err.checkpoint_error end
  err = tostring(err)
  if err:sub(1, 12) ~= "checkpoint: " then err = "checkpoint: " .. err end
  error(err, 3)
end

---------------------------------------------------------------------------------------------
-- The serializer

local IDENT_WORDS = {["and"] = true, ["break"] = true, ["do"] = true, ["else"] = true, ["elseif"] = true,
  ["end"] = true, ["false"] = true, ["for"] = true, ["function"] = true, ["goto"] = true, ["if"] = true,
  ["in"] = true, ["local"] = true, ["nil"] = true, ["not"] = true, ["or"] = true, ["repeat"] = true,
  ["return"] = true, ["then"] = true, ["true"] = true, ["until"] = true, ["while"] = true,
  inf = true, nan = true}

local function encode_number(v)
  if mtype(v) == "integer" then return format("%d", v) end
  if v ~= v then return "nan" end
  if v == math.huge then return "inf" end
  if v == -math.huge then return "-inf" end
  local s = format("%.17g", v)
  if not s:find("[%.eE]") then s = s .. ".0" end
  return s
end

local function encode_string(s)
  return '"' .. s:gsub('[\0-\31"\\\127-\255]', function(c)
    if c == '"' or c == "\\" then return "\\" .. c end
    return format("\\%03d", c:byte())
  end) .. '"'
end

local function key_rank(k)
  local t = type(k)
  return t == "number" and 1 or t == "string" and 2 or 3
end

local function key_less(a, b)
  local ra, rb = key_rank(a), key_rank(b)
  if ra ~= rb then return ra < rb end
  if ra == 3 then return tostring(a) < tostring(b) end
  return a < b
end

--- M.serialize(v) -> string: v (a number, string, boolean or table of them, nested; no cycles)
-- in the description syntax; `what` names v in errors ("extra.epoch")
local function serialize(v, what, out, active)
  local t = type(v)
  if t == "number" then
    out[#out + 1] = encode_number(v)
  elseif t == "string" then
    out[#out + 1] = encode_string(v)
  elseif t == "boolean" then
    out[#out + 1] = tostring(v)
  elseif t == "table" and not lt.is_tensor(v) and getmetatable(v) == nil then
    if active[v] then fail("%s refers to itself (a cycle); it cannot be saved", what) end
    active[v] = true
    out[#out + 1] = "{"
    local n, first = #v, true
    for i = 1, n do
      if v[i] == nil then n = i - 1 break end
      if not first then out[#out + 1] = "," end
      first = false
      serialize(v[i], format("%s[%d]", what, i), out, active)
    end
    local keys = {}
    for k in pairs(v) do
      if not (mtype(k) == "integer" and k >= 1 and k <= n) then
        local kt = type(k)
        if kt ~= "string" and kt ~= "number" then
          fail("%s has a key of type %s; keys must be strings or numbers", what, kt)
        end
        if k ~= k then fail("%s has a NaN key", what) end
        keys[#keys + 1] = k
      end
    end
    sort(keys, key_less)
    for _, k in ipairs(keys) do
      if not first then out[#out + 1] = "," end
      first = false
      local sub
      if type(k) == "string" and k:match("^[%a_][%w_]*$") and not IDENT_WORDS[k] then
        out[#out + 1] = k
        sub = what .. "." .. k
      else
        out[#out + 1] = "[" .. (type(k) == "string" and encode_string(k) or encode_number(k)) .. "]"
        sub = format("%s[%s]", what, type(k) == "string" and encode_string(k) or encode_number(k))
      end
      out[#out + 1] = "="
      serialize(v[k], sub, out, active)
    end
    out[#out + 1] = "}"
    active[v] = nil
  else
    local desc = lt.is_tensor(v) and "a tensor" or t == "table" and "a table with a metatable" or "a " .. t
    fail("%s is %s; only numbers, strings, booleans and plain tables of them can be saved", what, desc)
  end
  return out
end

function M.serialize(v, what)
  local s = guard(function() return concat(serialize(v, what or "value", {}, {})) end)
  return s
end

---------------------------------------------------------------------------------------------
-- The parser (recursive descent over the syntax above; never load())

local MAX_DEPTH = 200

local function parse(s, src)
  local pos = 1
  local function bad(msg)
    fail("%s: invalid checkpoint description at byte %d: %s", src, pos, msg)
  end
  local function skip()
    pos = s:find("[^ \t\r\n]", pos) or #s + 1
  end
  local value
  local function string_lit()
    -- at the opening quote
    local parts, i = {}, pos + 1
    while true do
      local j = s:find('["\\]', i)
      if j == nil then pos = #s + 1 bad("unfinished string") end
      parts[#parts + 1] = s:sub(i, j - 1)
      if s:sub(j, j) == '"' then
        pos = j + 1
        return concat(parts)
      end
      local e = s:sub(j + 1, j + 1)
      if e == '"' or e == "\\" then
        parts[#parts + 1] = e
        i = j + 2
      else
        local d = s:match("^%d%d%d", j + 1)
        if not d or tonumber(d) > 255 then pos = j bad("invalid escape in a string") end
        parts[#parts + 1] = string.char(tonumber(d))
        i = j + 4
      end
    end
  end
  local function number_lit()
    local word = s:match("^%-?[%w%.%+%-]+", pos)
    if word == nil then bad("expected a value") end
    local v
    if word == "nan" then v = 0 / 0
    elseif word == "inf" then v = math.huge
    elseif word == "-inf" then v = -math.huge
    elseif word:match("^%-?%d+$") then
      v = math.tointeger(tonumber(word))
      if v == nil then bad("integer out of range '" .. word .. "'") end
    elseif word:match("^%-?%d+%.?%d*[eE]?[%+%-]?%d*$") or word:match("^%-?%.%d+[eE]?[%+%-]?%d*$") then
      v = tonumber(word) -- a float: the word has a '.' or an exponent
      if v ~= nil and mtype(v) ~= "float" then v = nil end
    end
    if v == nil then bad("invalid number '" .. word .. "'") end
    pos = pos + #word
    return v
  end
  local function table_lit(depth)
    if depth > MAX_DEPTH then bad("tables nested too deeply") end
    pos = pos + 1 -- {
    local t, n = {}, 0
    skip()
    if s:sub(pos, pos) == "}" then pos = pos + 1 return t end
    while true do
      skip()
      local c = s:sub(pos, pos)
      local key
      if c == "[" then
        pos = pos + 1
        skip()
        local kc = s:sub(pos, pos)
        if kc == '"' then key = string_lit() else key = number_lit() end
        if key ~= key then bad("a NaN key") end
        skip()
        if s:sub(pos, pos) ~= "]" then bad("expected ']'") end
        pos = pos + 1
        skip()
        if s:sub(pos, pos) ~= "=" then bad("expected '='") end
        pos = pos + 1
      else
        local id = s:match("^[%a_][%w_]*", pos)
        if id and not IDENT_WORDS[id] then
          local after = s:find("[^ \t\r\n]", pos + #id)
          if after and s:sub(after, after) == "=" then
            key = id
            pos = after + 1
          end
        end
      end
      skip()
      local v = value(depth + 1)
      if key == nil then
        n = n + 1
        key = n
      end
      if t[key] ~= nil then bad("the key " .. tostring(key) .. " appears twice") end
      t[key] = v
      skip()
      c = s:sub(pos, pos)
      if c == "}" then pos = pos + 1 return t end
      if c ~= "," then bad("expected ',' or '}'") end
      pos = pos + 1
    end
  end
  value = function(depth)
    skip()
    local c = s:sub(pos, pos)
    if c == "{" then return table_lit(depth) end
    if c == '"' then return string_lit() end
    if s:find("^true", pos) and not s:find("^[%w_]", pos + 4) then pos = pos + 4 return true end
    if s:find("^false", pos) and not s:find("^[%w_]", pos + 5) then pos = pos + 5 return false end
    if c == "" then bad("unexpected end") end
    return number_lit()
  end
  local v = value(0)
  skip()
  if pos <= #s then bad("unexpected text after the description") end
  return v
end

function M.deserialize(s, src)
  if type(s) ~= "string" then error("checkpoint: deserialize: expected a string", 2) end
  local v = guard(parse, s, src or "string")
  return v
end

---------------------------------------------------------------------------------------------
-- save

local SAVE_OPTS = {model = true, optimizer = true, scheduler = true, rng = true, extra = true}

local function check_opts(fname, opts)
  if opts == nil then return {} end
  if type(opts) ~= "table" then fail("%s: options must be a table (got %s)", fname, type(opts)) end
  for k in pairs(opts) do
    if not SAVE_OPTS[k] or (fname == "load" and k == "extra") then
      fail("%s: unknown option '%s'", fname, tostring(k))
    end
  end
  local function has(k, method)
    local v = opts[k]
    if v ~= nil and (type(v) ~= "table" or type(v[method]) ~= "function" or type(v.load_state_dict) ~= "function") then
      fail("%s: %s must be %s with state_dict and load_state_dict (got %s)", fname, k,
        k == "model" and "a module" or k == "optimizer" and "an optimizer" or "a scheduler",
        lt.is_tensor(v) and "a tensor" or type(v))
    end
  end
  has("model", "state_dict")
  has("optimizer", "state_dict")
  has("scheduler", "state_dict")
  if opts.rng ~= nil and type(opts.rng) ~= "boolean" then
    fail("%s: rng must be a boolean (got %s)", fname, type(opts.rng))
  end
  return opts
end

local function save(path, opts)
  if type(path) ~= "string" then fail("save: path must be a string (got %s)", type(path)) end
  opts = check_opts("save", opts)
  local tensors = {}
  local desc = {format = M.FORMAT}
  if opts.model then
    for name, t in pairs(opts.model:state_dict()) do tensors["model." .. name] = t end
    desc.model = true
  end
  if opts.optimizer then
    local sd = opts.optimizer:state_dict()
    local state = {}
    for i, st in pairs(sd.state or {}) do
      local entry = {}
      for k, v in pairs(st) do
        if lt.is_tensor(v) then
          tensors[format("optimizer.state.%d.%s", i, k)] = v
        else
          entry[k] = v
        end
      end
      state[i] = entry
    end
    sd.state = state
    desc.optimizer = sd
  end
  if opts.scheduler then
    local sd = opts.scheduler:state_dict()
    sd.optimizer = nil -- a reference, not state (were a scheduler to include it)
    desc.scheduler = sd
  end
  if opts.rng then
    tensors.rng = lt.get_rng_state()
    desc.rng = true
  end
  if opts.extra ~= nil then
    if type(opts.extra) ~= "table" or lt.is_tensor(opts.extra) then
      fail("save: extra must be a table (got %s)", lt.is_tensor(opts.extra) and "a tensor" or type(opts.extra))
    end
    desc.extra = opts.extra
  end
  local text = concat(serialize(desc, "checkpoint", {}, {}))
  local ok, err = pcall(lt.save, path, tensors, {[M.METADATA_KEY] = text})
  if not ok then fail("%s", tostring(err)) end
end

--- ckpt.save(path, {model = m, optimizer = opt, scheduler = sched, rng = true, extra = {...}})
function M.save(path, opts)
  guard(save, path, opts)
end

---------------------------------------------------------------------------------------------
-- load

local function load(path, opts)
  if type(path) ~= "string" then fail("load: path must be a string (got %s)", type(path)) end
  opts = check_opts("load", opts)
  local ok, tensors, meta = pcall(lt.load, path)
  if not ok then fail("%s", tostring(tensors)) end
  local text = meta[M.METADATA_KEY]
  if text == nil then
    fail("%s is not a luatensor checkpoint (no '%s' metadata)", path, M.METADATA_KEY)
  end
  local desc = parse(text, path)
  if type(desc) ~= "table" or desc.format == nil then
    fail("%s: the checkpoint description has no format", path)
  end
  if desc.format ~= M.FORMAT then
    fail("%s has checkpoint format %s; this version reads format %d", path, tostring(desc.format), M.FORMAT)
  end

  -- every part asked for is there, before anything changes
  local parts = {
    {"model", desc.model, "model state"},
    {"optimizer", desc.optimizer, "optimizer state"},
    {"scheduler", desc.scheduler, "scheduler state"},
    {"rng", desc.rng and tensors.rng, "rng state"},
  }
  for _, p in ipairs(parts) do
    if opts[p[1]] and not p[2] then fail("%s has no %s", path, p[3]) end
  end

  -- the pieces, rebuilt
  local model_sd, opt_sd
  if opts.model then
    model_sd = {}
    for name, t in pairs(tensors) do
      local n = name:match("^model%.(.+)$")
      if n then model_sd[n] = t end
    end
  end
  if opts.optimizer then
    opt_sd = {}
    for k, v in pairs(desc.optimizer) do opt_sd[k] = v end
    local state = {}
    for i, st in pairs(type(desc.optimizer.state) == "table" and desc.optimizer.state or {}) do
      if mtype(i) ~= "integer" or type(st) ~= "table" then
        fail("%s: invalid optimizer state entry %s", path, tostring(i))
      end
      local c = {}
      for k, v in pairs(st) do c[k] = v end
      state[i] = c
    end
    for name, t in pairs(tensors) do
      local i, k = name:match("^optimizer%.state%.(%d+)%.(.+)$")
      if i then
        i = math.tointeger(tonumber(i))
        state[i] = state[i] or {}
        state[i][k] = t
      end
    end
    opt_sd.state = state
  end

  -- restore, all or nothing: snapshots of what is about to change, put back if a part fails
  local undo = {}
  local sched_opt = opts.scheduler and opts.scheduler.optimizer
  local lr_before = type(sched_opt) == "table" and sched_opt.lr
  local function rollback(err)
    for j = #undo, 1, -1 do undo[j]() end
    if lr_before then sched_opt.lr = lr_before end
    fail("%s", tostring(err))
  end
  local function restore(obj, sd, clone)
    local snap = obj:state_dict()
    if clone then
      for k, t in pairs(snap) do snap[k] = t:clone() end
    end
    local ok2, err = pcall(obj.load_state_dict, obj, sd)
    if not ok2 then rollback(err) end
    undo[#undo + 1] = function() obj:load_state_dict(snap) end
  end
  if opts.model then restore(opts.model, model_sd, true) end
  if opts.optimizer then restore(opts.optimizer, opt_sd) end
  if opts.scheduler then restore(opts.scheduler, desc.scheduler) end
  if opts.rng then
    local ok2, err = pcall(lt.set_rng_state, tensors.rng)
    if not ok2 then rollback(err) end
  end
  local extra = desc.extra
  if type(extra) ~= "table" then extra = {} end
  return extra
end

--- ckpt.load(path, {model = m, optimizer = opt, scheduler = sched, rng = true}) -> extra (the
-- table given to save, or an empty table)
function M.load(path, opts)
  local extra = guard(load, path, opts)
  return extra
end

return M
