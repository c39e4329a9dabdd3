--- luatensor.nn.module: nn.Module (the base of every layer), nn.Sequential and
-- nn.functional_call. Loaded by luatensor.nn, which re-exports everything here.
--
-- Classes. `local M = nn.Module:extend("Name")` makes a class; `function M:init(...)` is its
-- constructor and `function M:forward(x, ...)` its computation. Calling the class makes an
-- instance (`M(...)`), and calling an instance runs forward (`m(x)`). A class extends further
-- (`local N = M:extend("N")`; `N.super` is M, so `N.super.init(self, ...)` runs M's constructor).
--
-- Registries. Each instance keeps three ordered registries, as PyTorch does: parameters,
-- buffers and submodules. `self:add_parameter(name, t)` (marks t with lt.variable, so every
-- tape tracks it), `self:add_buffer(name, t)` and `self:add_module(name, m)` register; so does
-- assigning a new field whose value is a module or a variable tensor (`self.fc = nn.Linear(...)`,
-- `self.scale = lt.variable(...)`). Registered values are read as fields (`m.weight`, `m.fc`;
-- `seq[2]` for a child named "2") and replaced by assignment (`m.weight = t` marks t as a
-- variable; `m.fc = nil` removes a child). Everything walks the registries in registration
-- order, so parameters() and named_parameters() are deterministic.
--
-- Gradients come from the tape only: `tape:gradient(loss, m:parameters())`. Nothing here writes
-- into a parameter while a tape records; load_state_dict and to() work outside tapes.
local lt = require "luatensor"

local is_tensor = lt.is_tensor
local fmt, concat = string.format, table.concat
local mtype = math.type

local M = {}

local FLOAT = { float32 = true, float64 = true }

-- ordered registry helpers: reg = { names = {...}, map = {name -> value} }
local function new_reg() return { names = {}, map = {} } end

local function reg_remove(reg, name)
  reg.map[name] = nil
  for i, n in ipairs(reg.names) do
    if n == name then table.remove(reg.names, i) return end
  end
end

local function reg_set(reg, name, value)
  if value == nil then return reg_remove(reg, name) end
  if reg.map[name] == nil then reg.names[#reg.names + 1] = name end
  reg.map[name] = value
end

--- true when v is a module instance
local function is_module(v)
  return type(v) == "table" and rawget(v, "_modules") ~= nil and getmetatable(v) ~= nil
end
M.is_module = is_module

local function describe(v)
  if is_tensor(v) then return v.dtype .. " tensor" end
  if is_module(v) then return v:_get_name() end
  return type(v)
end

local function shape_str(shape)
  local s = {}
  for i = 1, #shape do s[i] = tostring(shape[i]) end
  return "(" .. concat(s, ", ") .. ")"
end
M._shape_str = shape_str

local Module = {}
M.Module = Module

-- The instances' __index: the class chain first (methods), then the registries (an integer key
-- is looked up as its decimal name, so seq[1] is the child "1").
local function make_index(cls)
  return function(self, k)
    local v = cls[k]
    if v ~= nil then return v end
    if mtype(k) == "integer" then k = tostring(k) end
    v = self._params.map[k]
    if v ~= nil then return v end
    v = self._modules.map[k]
    if v ~= nil then return v end
    return self._buffers.map[k]
  end
end

-- Every instance field assignment whose key is not a raw field lands here.
local function newindex(self, k, v)
  if mtype(k) == "integer" then k = tostring(k) end
  if self._params.map[k] ~= nil then
    if v ~= nil and not is_tensor(v) then
      error(fmt("%s: cannot assign %s as parameter '%s' (a tensor or nil expected)", self:_get_name(),
        describe(v), k), 2)
    end
    if v ~= nil and not v:is_variable() then lt.variable(v) end
    return reg_set(self._params, k, v)
  elseif self._buffers.map[k] ~= nil then
    if v ~= nil and not is_tensor(v) then
      error(fmt("%s: cannot assign %s as buffer '%s' (a tensor or nil expected)", self:_get_name(),
        describe(v), k), 2)
    end
    return reg_set(self._buffers, k, v)
  elseif self._modules.map[k] ~= nil then
    if v ~= nil and not is_module(v) then
      error(fmt("%s: cannot assign %s as child module '%s' (a module or nil expected)", self:_get_name(),
        describe(v), k), 2)
    end
    return reg_set(self._modules, k, v)
  elseif type(k) == "string" and is_module(v) then
    return reg_set(self._modules, k, v)
  elseif type(k) == "string" and is_tensor(v) and v:is_variable() then
    return reg_set(self._params, k, v)
  end
  rawset(self, k, v)
end

-- cls(...): a new instance, constructed by cls.init
local function new(cls, ...)
  local self = setmetatable({ training = true, _params = new_reg(), _buffers = new_reg(), _modules = new_reg(),
    _nonpersistent = {} }, cls)
  self:init(...)
  return self
end

Module.__name = "Module"
Module.__index = make_index(Module)
Module.__newindex = newindex
Module.__call = function(self, ...) return self:forward(...) end
Module.__tostring = function(self) return self:repr() end
setmetatable(Module, { __call = new, __tostring = function() return "class Module" end })

--- Module:extend(name) -> a new class deriving from this one
function Module:extend(name)
  if rawget(self, "__index") == nil then error("extend: call it on a class (nn.Module:extend(\"Name\"))", 2) end
  if type(name) ~= "string" then error("extend: the class needs a name (a string), got " .. type(name), 2) end
  local cls = {}
  for k, v in pairs(self) do
    if type(k) == "string" and k:sub(1, 2) == "__" then cls[k] = v end -- metamethods are not inherited
  end
  cls.__name = name
  cls.__index = make_index(cls)
  cls.super = self
  return setmetatable(cls, { __index = self, __call = new, __tostring = function() return "class " .. name end })
end

--- Module:init(...): the constructor; the base one does nothing (a bare container)
function Module:init() end

function Module:forward()
  error(self:_get_name() .. ": forward is not implemented", 2)
end

function Module:_get_name() return getmetatable(self).__name end

-- the name is free for a new registration of kind `what`
local function check_name(self, who, name)
  if type(name) ~= "string" and mtype(name) ~= "integer" then
    error(fmt("%s: the name must be a string, got %s", who, type(name)), 3)
  end
  name = tostring(name)
  if name == "" or name:find(".", 1, true) then
    error(fmt("%s: invalid name '%s' (empty or containing '.')", who, name), 3)
  end
  if rawget(self, name) ~= nil or getmetatable(self)[name] ~= nil then
    error(fmt("%s: attribute '%s' already exists", who, name), 3)
  end
  return name
end

local function check_free(self, who, name, except)
  for kind, reg in pairs({ parameter = self._params, buffer = self._buffers, module = self._modules }) do
    if kind ~= except and reg.map[name] ~= nil then
      error(fmt("%s: '%s' is already a %s", who, name, kind), 3)
    end
  end
end

--- self:add_parameter(name, t) -> t: registers t (a float tensor, marked with lt.variable) or nil
function Module:add_parameter(name, t)
  name = check_name(self, "add_parameter", name)
  check_free(self, "add_parameter", name, "parameter")
  if t ~= nil then
    if not is_tensor(t) then error("add_parameter: expected a tensor, got " .. describe(t), 2) end
    if not FLOAT[t.dtype] then error("add_parameter: parameters must be float tensors, got " .. t.dtype, 2) end
    if not t:is_variable() then lt.variable(t) end
  end
  reg_set(self._params, name, t)
  return t
end

--- self:add_buffer(name, t [, persistent = true]) -> t: state that is not trained (running
-- statistics); persistent buffers are part of state_dict()
function Module:add_buffer(name, t, persistent)
  name = check_name(self, "add_buffer", name)
  check_free(self, "add_buffer", name, "buffer")
  if t ~= nil and not is_tensor(t) then error("add_buffer: expected a tensor, got " .. describe(t), 2) end
  reg_set(self._buffers, name, t)
  self._nonpersistent[name] = persistent == false or nil
  return t
end

--- self:add_module(name, m) -> m
function Module:add_module(name, m)
  name = check_name(self, "add_module", name)
  check_free(self, "add_module", name, "module")
  if m ~= nil and not is_module(m) then error("add_module: expected a module, got " .. describe(m), 2) end
  reg_set(self._modules, name, m)
  return m
end

--- m:named_children() -> { {name, module}, ... }; m:children() -> { module, ... }
function Module:named_children()
  local out = {}
  for _, n in ipairs(self._modules.names) do out[#out + 1] = { n, self._modules.map[n] } end
  return out
end

function Module:children()
  local out = {}
  for _, n in ipairs(self._modules.names) do out[#out + 1] = self._modules.map[n] end
  return out
end

--- m:named_modules() -> { {name, module}, ... }: m itself (name "") and every descendant, pre-order,
-- each module once
function Module:named_modules()
  local out, seen = {}, {}
  local function walk(m, name)
    if seen[m] then return end
    seen[m] = true
    out[#out + 1] = { name, m }
    for _, n in ipairs(m._modules.names) do
      walk(m._modules.map[n], name == "" and n or name .. "." .. n)
    end
  end
  walk(self, "")
  return out
end

function Module:modules()
  local out = {}
  for i, nm in ipairs(self:named_modules()) do out[i] = nm[2] end
  return out
end

-- {name, tensor} pairs of the registry `field` of every module, pre-order; a tensor reachable
-- twice (shared modules, tied weights) is listed once unless keep_dups
local function collect(self, field, keep_dups, persistent_only)
  local out, seen, seen_mod = {}, {}, {}
  local function walk(m, prefix)
    if seen_mod[m] and not keep_dups then return end
    seen_mod[m] = true
    local reg = m[field]
    for _, n in ipairs(reg.names) do
      local t = reg.map[n]
      if not (persistent_only and m._nonpersistent[n]) and (keep_dups or not seen[t]) then
        seen[t] = true
        out[#out + 1] = { prefix .. n, t }
      end
    end
    for _, n in ipairs(m._modules.names) do walk(m._modules.map[n], prefix .. n .. ".") end
  end
  walk(self, "")
  return out
end

--- m:named_parameters() -> { {name, tensor}, ... }, dotted names ("fc.weight", "2.bias"), in
-- registration order (a module's own parameters, then each child's, recursively)
function Module:named_parameters() return collect(self, "_params") end

--- m:parameters() -> { tensor, ... } in the order of named_parameters
function Module:parameters()
  local out = {}
  for i, np in ipairs(collect(self, "_params")) do out[i] = np[2] end
  return out
end

function Module:named_buffers() return collect(self, "_buffers") end

function Module:buffers()
  local out = {}
  for i, nb in ipairs(collect(self, "_buffers")) do out[i] = nb[2] end
  return out
end

--- m:num_parameters() -> the number of trainable elements
function Module:num_parameters()
  local n = 0
  for _, p in ipairs(self:parameters()) do n = n + p:numel() end
  return n
end

--- m:train([on = true]) -> m; m:eval() -> m: set m.training in m and every descendant
function Module:train(on)
  if on == nil then on = true end
  if type(on) ~= "boolean" then error("train: expected a boolean, got " .. type(on), 2) end
  for _, m in ipairs(self:modules()) do rawset(m, "training", on) end
  return self
end

function Module:eval() return self:train(false) end

--- m:apply(fn) -> m: fn(module) for every descendant (children first) and m itself
function Module:apply(fn)
  for _, c in ipairs(self:children()) do c:apply(fn) end
  fn(self)
  return self
end

--- m:state_dict() -> { name = tensor }: every parameter and persistent buffer under its dotted
-- name. The tensors share memory with the module's (detached views, as PyTorch): clone them to
-- keep a snapshot. m:state_dict_names() gives the names in order.
function Module:state_dict()
  local sd = {}
  for _, np in ipairs(collect(self, "_params", true)) do sd[np[1]] = np[2]:detach() end
  for _, nb in ipairs(collect(self, "_buffers", true, true)) do sd[nb[1]] = nb[2]:detach() end
  return sd
end

function Module:state_dict_names()
  local names = {}
  for _, np in ipairs(collect(self, "_params", true)) do names[#names + 1] = np[1] end
  for _, nb in ipairs(collect(self, "_buffers", true, true)) do names[#names + 1] = nb[1] end
  return names
end

--- m:load_state_dict(sd [, strict = true]) -> { missing_keys = {...}, unexpected_keys = {...} }
-- Copies every entry of sd into the parameter or buffer of that name (converting the dtype).
-- Everything is checked before anything is written: a shape mismatch, or (strict) a missing or
-- unexpected key, is an error naming the key, and leaves the module unchanged.
function Module:load_state_dict(sd, strict)
  if type(sd) ~= "table" or is_tensor(sd) then
    error("load_state_dict: expected a table of name -> tensor, got " .. describe(sd), 2)
  end
  if strict == nil then strict = true end
  local own = {}
  for _, np in ipairs(collect(self, "_params", true)) do own[#own + 1] = np end
  for _, nb in ipairs(collect(self, "_buffers", true, true)) do own[#own + 1] = nb end
  local known, missing, unexpected, copies = {}, {}, {}, {}
  for _, e in ipairs(own) do
    local name, t = e[1], e[2]
    known[name] = true
    local v = sd[name]
    if v == nil then
      missing[#missing + 1] = name
    else
      if not is_tensor(v) then
        error(fmt("load_state_dict: entry '%s' must be a tensor, got %s", name, describe(v)), 2)
      end
      local a, b = v.shape, t.shape
      local same = #a == #b
      for i = 1, #a do same = same and a[i] == b[i] end
      if not same then
        error(fmt("load_state_dict: size mismatch for '%s': copying a tensor of shape %s into one of shape %s",
          name, shape_str(a), shape_str(b)), 2)
      end
      copies[#copies + 1] = { t, v }
    end
  end
  for k in pairs(sd) do
    if not known[k] then unexpected[#unexpected + 1] = tostring(k) end
  end
  table.sort(unexpected)
  if strict and (#missing > 0 or #unexpected > 0) then
    local parts = {}
    if #missing > 0 then parts[#parts + 1] = "missing keys: " .. concat(missing, ", ") end
    if #unexpected > 0 then parts[#parts + 1] = "unexpected keys: " .. concat(unexpected, ", ") end
    error("load_state_dict: error loading the state of " .. self:_get_name() .. ": " .. concat(parts, "; "), 2)
  end
  lt.no_grad(function()
    for _, c in ipairs(copies) do
      if c[1] ~= c[2] then c[1]:copy_(c[2]) end
    end
  end)
  return { missing_keys = missing, unexpected_keys = unexpected }
end

--- m:to(dtype) -> m: converts every float parameter and buffer (new tensors: make optimizers
-- after this); m:double(), m:float() are shortcuts
function Module:to(dtype)
  if not FLOAT[dtype] then error("to: modules convert to float dtypes only, got " .. tostring(dtype), 2) end
  local done = {} -- a tensor shared by several modules (tied weights) stays shared
  for _, m in ipairs(self:modules()) do
    for _, n in ipairs(m._params.names) do
      local p = m._params.map[n]
      if p.dtype ~= dtype then
        done[p] = done[p] or lt.variable(p:detach():to(dtype))
        m._params.map[n] = done[p]
      end
    end
    for _, n in ipairs(m._buffers.names) do
      local b = m._buffers.map[n]
      if FLOAT[b.dtype] and b.dtype ~= dtype then
        done[b] = done[b] or b:to(dtype)
        m._buffers.map[n] = done[b]
      end
    end
  end
  return self
end

function Module:double() return self:to(lt.float64) end
function Module:float() return self:to(lt.float32) end

--- m:extra_repr() -> the text inside the parentheses of this module's line in tostring
function Module:extra_repr() return "" end

local function addindent(s, n)
  local pad = string.rep(" ", n)
  return (s:gsub("\n", "\n" .. pad))
end

--- m:repr() -> tostring(m): PyTorch's layout, e.g.
-- Sequential(
--   (1): Linear(in_features=64, out_features=128, bias=true)
--   (2): ReLU()
-- )
function Module:repr()
  local extra = self:extra_repr()
  local extra_lines = {}
  if extra ~= "" then
    for line in (extra .. "\n"):gmatch("(.-)\n") do extra_lines[#extra_lines + 1] = line end
  end
  local lines = {}
  for _, l in ipairs(extra_lines) do lines[#lines + 1] = l end
  local nchild = 0
  for _, n in ipairs(self._modules.names) do
    nchild = nchild + 1
    lines[#lines + 1] = "(" .. n .. "): " .. addindent(self._modules.map[n]:repr(), 2)
  end
  local s = self:_get_name() .. "("
  if #lines > 0 then
    if #extra_lines == 1 and nchild == 0 then
      s = s .. extra_lines[1]
    else
      s = s .. "\n  " .. concat(lines, "\n  ") .. "\n"
    end
  end
  return s .. ")"
end

-- the registry entry for a dotted name: module, registry, leaf name
local function locate(root, name)
  local m = root
  local parts = {}
  for p in name:gmatch("[^.]+") do parts[#parts + 1] = p end
  for i = 1, #parts - 1 do
    m = m._modules.map[parts[i]]
    if m == nil then return nil end
  end
  local leaf = parts[#parts]
  if leaf == nil then return nil end
  if m._params.map[leaf] ~= nil then return m._params, leaf end
  if m._buffers.map[leaf] ~= nil then return m._buffers, leaf end
end

--- nn.functional_call(m, tensors, ...) -> m(...) with the parameters and buffers named in
-- `tensors` ({["fc.weight"] = W, ...}) replaced by the given tensors for this one call (as
-- torch.func.functional_call). The given tensors are not marked as variables; the module's own
-- are restored afterwards, also when forward raises. For differentiating with respect to other
-- tensors than the module's (lt.grad, lt.gradcheck, per-example weights).
function M.functional_call(m, tensors, ...)
  if not is_module(m) then error("functional_call: expected a module, got " .. describe(m), 2) end
  if type(tensors) ~= "table" then error("functional_call: expected a table name -> tensor", 2) end
  local saved = {}
  for name, t in pairs(tensors) do
    local reg, leaf = locate(m, tostring(name))
    if reg == nil then error(fmt("functional_call: %s has no parameter or buffer '%s'", m:_get_name(), name), 2) end
    if not is_tensor(t) then error(fmt("functional_call: '%s' must be a tensor, got %s", name, describe(t)), 2) end
    saved[#saved + 1] = { reg, leaf, reg.map[leaf] }
  end
  for name, t in pairs(tensors) do
    local reg, leaf = locate(m, tostring(name))
    reg.map[leaf] = t
  end
  local res = table.pack(pcall(m.forward, m, ...))
  for i = #saved, 1, -1 do
    local s = saved[i]
    s[1].map[s[2]] = s[3]
  end
  if not res[1] then error(res[2], 0) end
  return table.unpack(res, 2, res.n)
end

---------------------------------------------------------------------------------------------
-- Sequential

local Sequential = Module:extend("Sequential")
M.Sequential = Sequential

--- nn.Sequential(m1, m2, ...) or nn.Sequential({m1, m2, ...}): runs its children in order.
-- Children are named "1", "2", ... (1-based, as Lua: seq[1] is the first, #seq their number).
function Sequential:init(...)
  local mods = table.pack(...)
  if mods.n == 1 and type(mods[1]) == "table" and not is_module(mods[1]) then
    mods = table.pack(table.unpack(mods[1]))
  end
  for i = 1, mods.n do
    if not is_module(mods[i]) then
      error(fmt("Sequential: argument %d must be a module, got %s", i, describe(mods[i])), 3)
    end
    self:add_module(tostring(i), mods[i])
  end
end

--- seq:add(m) -> seq: appends m as the next child
function Sequential:add(m)
  if not is_module(m) then error("add: expected a module, got " .. describe(m), 2) end
  self:add_module(tostring(#self._modules.names + 1), m)
  return self
end

function Sequential:forward(x)
  local reg = self._modules
  local names, map = reg.names, reg.map
  for i = 1, #names do x = map[names[i]](x) end
  return x
end

Sequential.__len = function(self) return #self._modules.names end

return M
