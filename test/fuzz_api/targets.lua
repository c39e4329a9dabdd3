--- targets.lua: every public entry point, as a list of {name, sig, call} where
-- call(gen) draws its own arguments from gen (run.lua's argument maker) and makes the call.
-- Enumerated from the live tables, sorted by name (pairs order is not deterministic):
--   lt.<fn>               everything in require "luatensor" (the core and autograd)
--   t:<method>            the same functions reached through a tensor's __index
--   meta <op>             the tensor metamethods, through the operators that call them
--   tape:<method>, tape <op>   the tape's methods, fields and metamethods
--   nn.<fn>, optim.<fn>, data.<fn>, checkpoint.<fn>, plot.<fn>, nn.init.<fn>
--   obj:<method>          methods of nn modules, optimizers and schedulers, found on their classes
local T = {}

local random = math.random

local function sorted_keys(t)
  local keys = {}
  for k in pairs(t) do if type(k) == "string" then keys[#keys + 1] = k end end
  table.sort(keys)
  return keys
end

-- the tensor metamethods, each called the way Lua calls it
local function metamethod_targets(add)
  local bin = {
    __add = function(a, b) return a + b end, __sub = function(a, b) return a - b end,
    __mul = function(a, b) return a * b end, __div = function(a, b) return a / b end,
    __mod = function(a, b) return a % b end, __idiv = function(a, b) return a // b end,
    __pow = function(a, b) return a ^ b end, __concat = function(a, b) return a .. b end,
    __eq = function(a, b) return a == b end, __lt = function(a, b) return a < b end,
    __le = function(a, b) return a <= b end, __band = function(a, b) return a & b end,
    __shl = function(a, b) return a << b end,
  }
  for _, name in ipairs(sorted_keys(bin)) do
    local op = bin[name]
    add("meta " .. name, nil, function(g)
      local a, b = g.tensor(), g.any()
      if random(2) == 1 then a, b = b, a end
      return op(a, b)
    end)
  end
  add("meta __unm", nil, function(g) return -g.tensor() end)
  add("meta __bnot", nil, function(g) return ~g.tensor() end)
  add("meta __len", nil, function(g) return #g.tensor() end)
  add("meta __tostring", nil, function(g) return tostring(g.tensor()) end)
  add("meta __call", nil, function(g) return g.tensor()(g.any()) end)
  add("meta __index", nil, function(g) return g.tensor()[g.key()] end)
  add("meta __newindex", nil, function(g)
    local t = g.tensor()
    t[g.key()] = g.any()
  end)
  add("meta __close", nil, function(g)
    local t <close> = g.tensor()
    return t
  end)
  add("meta ipairs", nil, function(g)
    local n = 0
    for _, v in ipairs(g.tensor()) do
      n = n + 1
      if n > 8 then break end
    end
    return n
  end)
  add("meta pairs", nil, function(g)
    for _ in pairs(g.tensor()) do break end
  end)
end

local function tape_targets(add)
  for _, m in ipairs({"stop", "start", "watch", "gradient", "reset", "ops", "free"}) do
    add("tape:" .. m, nil, function(g)
      local tp = g.tape()
      return tp[m](tp, g.args(m == "gradient" and "T L? T? O?" or m == "watch" and "T T? T?" or ""))
    end)
  end
  add("tape #", nil, function(g) return #g.tape() end)
  add("tape tostring", nil, function(g) return tostring(g.tape()) end)
  add("tape .field", nil, function(g) return g.tape()[g.key()] end)
  add("tape close", nil, function(g)
    local tp <close> = g.tape()
    return tp
  end)
  add("tape ops loop", nil, function(g)
    local n = 0
    for _, e in g.tape():ops() do
      n = n + #e.inputs
    end
    return n
  end)
  add("tape newindex", nil, function(g)
    local tp = g.tape()
    tp[g.key()] = g.any()
  end)
end

-- methods of objects (modules, optimizers, schedulers): walk the class chain from the metatable
local method_cache = setmetatable({}, {__mode = "k"})
local function methods_of(obj)
  local mt = getmetatable(obj)
  if type(mt) ~= "table" then return {} end
  if method_cache[mt] then return method_cache[mt] end
  local seen, list, cls = {}, {}, mt
  while type(cls) == "table" do
    for _, k in ipairs(sorted_keys(cls)) do
      if not seen[k] and k:sub(1, 1) ~= "_" and type(rawget(cls, k)) == "function" then
        seen[k] = true
        list[#list + 1] = k
      end
    end
    local up = getmetatable(cls)
    cls = type(up) == "table" and up.__index or nil
  end
  table.sort(list)
  method_cache[mt] = list
  return list
end

local function object_targets(add)
  add("obj:<method>", nil, function(g)
    local obj = g.object()
    local list = methods_of(obj)
    if #list == 0 then return nil end
    local m = list[random(#list)]
    g.note(m)
    return obj[m](obj, g.args("A? A? A?"))
  end)
  add("obj(...)", nil, function(g)
    local obj = g.object()
    return obj(g.args("T A?"))
  end)
  add("obj.field=", nil, function(g)
    local obj = g.object()
    obj[g.key()] = g.any()
  end)
  add("obj tostring", nil, function(g) return tostring(g.object()) end)
end

-- a short program on the tape: a variable through one to three ops, then gradient (the
-- backward rules see every shape, dtype and view the forward ops accept)
local function scenario_targets(add, lt, sigs)
  local ops = {}
  for name, sig in pairs(sigs) do
    if type(sig) == "string" and sig:match("^[TX] ") and not name:match("_$") then ops[#ops + 1] = name end
  end
  table.sort(ops)
  add("scenario gradient", nil, function(g)
    local x = g.tensor()
    if random(4) > 1 then x = lt.variable(x:to(random(2) == 1 and "float32" or "float64"):clone()) end
    local tape <close> = lt.tape(random(3) == 1 and {persistent = true} or nil)
    local y = x
    for _ = 1, random(3) do
      local name = ops[random(#ops)]
      g.note(name)
      local r = table.pack(lt[name](y, select(2, g.args(sigs[name]))))
      if lt.is_tensor(r[1]) then y = r[1] end
    end
    local out_grad = random(4) == 1 and g.any() or nil
    local grads = tape:gradient(y, random(2) == 1 and x or {x, g.tensor()}, out_grad)
    if random(2) == 1 and tape.persistent then return tape:gradient(y:sum(), x) end
    return grads
  end)
end

-- functions (and callable classes) of a Lua module table, as "prefix.name"
local function module_targets(add, prefix, mod, sigs, files, valid)
  for _, name in ipairs(sorted_keys(mod)) do
    local v = mod[name]
    local callable = type(v) == "function" or (type(v) == "table" and getmetatable(v) and getmetatable(v).__call)
    if callable and name:sub(1, 1) ~= "_" then
      local builder = valid[prefix .. name]
      add(prefix .. name, sigs and sigs[name], function(g) return v(g.args(sigs and sigs[name], builder)) end,
        files and files[name])
    end
  end
end

function T.enumerate(lt, mods, sigs, valid)
  local list = {}
  local function add(name, sig, call, file)
    list[#list + 1] = {name = name, sig = sig, call = call, file = file}
  end

  for _, name in ipairs(sorted_keys(lt)) do
    if type(lt[name]) == "function" and name:match("^[%a_][%w_]*$") then
      local sig, file = sigs[name], sigs.FILE_FUNCTIONS[name]
      -- compiled call sites, as a script writes them: errors then name the function
      -- ("bad argument #1 to 'add'"), which a call through lt[name] cannot
      local call_fn = load("local lt = ... return function(...) return lt." .. name .. "(...) end", "=fuzz")(lt)
      local call_method = load("return function(t, ...) return t:" .. name .. "(...) end", "=fuzz")()
      local builder = valid["lt." .. name]
      add("lt." .. name, sig, function(g) return call_fn(g.args(sig, builder)) end, file)
      -- the method form: the receiver is always a tensor, the function comes from __index
      add("t:" .. name, sig, function(g)
        local t = g.tensor()
        return call_method(t, select(2, g.args(sig)))
      end, file)
    end
  end
  metamethod_targets(add)
  tape_targets(add)
  -- the scenario is one target among ~590: give it a weight of 10
  for _ = 1, 10 do scenario_targets(add, lt, sigs) end
  object_targets(add)

  local nn_sigs = {Linear = "I I O?", Conv2d = "I I I O?", Embedding = "I I", Sequential = "M? M? M?"}
  module_targets(add, "nn.", mods.nn, nn_sigs, nil, valid)
  module_targets(add, "nn.init.", mods.nn.init, nil, nil, valid)
  module_targets(add, "optim.", mods.optim, {Adam = "L O?", AdamW = "L O?", RMSprop = "L O?", SGD = "L O?"}, nil, valid)
  local path_first = {read_csv = "P O?", save = "P O?", load = "P O?", write = "P O?"}
  module_targets(add, "data.", mods.data, {read_csv = "P O?", batches = "T T I O?", split = "T T O?"},
    {read_csv = true}, valid)
  module_targets(add, "checkpoint.", mods.checkpoint, path_first, {save = true, load = true}, valid)
  module_targets(add, "plot.", mods.plot, {write = "P O?"}, {write = true}, valid)
  return list
end

return T
