--- luatensor.optim: optimizers that take the gradients a tape returned, and learning-rate
-- schedules.
--
--   local optim = require "luatensor.optim"
--   local opt = optim.SGD(model:parameters(), {lr = 0.1, momentum = 0.9})
--   local sched = optim.CosineAnnealingLR(opt, {T_max = epochs})
--   for epoch = 1, epochs do
--     for xb, yb in data.batches(X, y, 64) do
--       local tape = lt.tape()
--       local loss = nn.cross_entropy(model(xb), yb)
--       opt:step(tape:gradient(loss, params))
--     end
--     sched:step()
--   end
--
-- The updates are PyTorch's (torch.optim, single-tensor forms), written with the same fused
-- in-place ops PyTorch uses (add_ with alpha, lerp_, addcmul_, addcdiv_: one pass each, no
-- temporaries) and `out` arguments, with recording off (lt.no_grad): a step records nothing on
-- any tape and allocates no tensor after the first one. Scratch tensors (one shared buffer per
-- dtype, as large as the largest parameter) hold what PyTorch allocates (grad + wd * p, the
-- denominators). Running averages are PyTorch's: `m:lerp_(g, 1 - b1)` and
-- `v:mul_(b2):addcmul_(g, g, 1 - b2)`. Adam's `p:addcdiv_(m, sqrt(v) / c2 + eps, -lr / c1)` is
-- computed as `p:addcdiv_(m, sqrt(v) + eps * c2, -lr * c2 / c1)`, the same number in one pass
-- fewer. The results agree with PyTorch's to rounding.
--
-- Choices where PyTorch's behaviour is not the obvious one:
--   * one parameter group: `opt.lr` (and every other hyperparameter, `opt.momentum`, ...) is a
--     plain field, read at every step; schedulers write `opt.lr`.
--   * a nil gradient skips its parameter (PyTorch's None), including its step count.
--   * state tensors (momentum_buffer, exp_avg, exp_avg_sq, max_exp_avg_sq, square_avg,
--     grad_avg) are created at a parameter's first step, as in PyTorch (SGD's momentum buffer is
--     a copy of the first gradient).
--   * state_dict() returns copies of the state tensors (PyTorch returns references), so a
--     saved dict is not changed by later steps; load_state_dict copies them again.
local lt = require "luatensor"

local optim = {}

local floor, sqrt, cos, pi = math.floor, math.sqrt, math.cos, math.pi
local format = string.format
local no_grad = lt.no_grad

local FLOAT = {float32 = true, float64 = true}

local function shape_str(t)
  local parts = {}
  for d = 1, t:dim() do parts[d] = tostring(t:size(d)) end
  return "(" .. table.concat(parts, ", ") .. ")"
end

local function same_shape(a, b)
  local n = a:dim()
  if b:dim() ~= n then return false end
  for d = 1, n do
    if a:size(d) ~= b:size(d) then return false end
  end
  return true
end

local function is_number(v) return type(v) == "number" and v == v end

---------------------------------------------------------------------------------------------
-- The optimizer base: parameters, options, scratch buffers, step, state_dict.


-- Fills the hyperparameters of a new optimizer or scheduler from opts (by name; for schedulers
-- also by position: {10, 0.5} is {step_size = 10, gamma = 0.5}), then the defaults, and checks
-- them. Errors name the constructor and blame its caller.
local function set_options(self, name, opts, order, defaults, check, positional)
  for k in pairs(opts) do
    if defaults[k] == nil and not (positional and math.type(k) == "integer" and order[k]) then
      error(format("%s: unknown option '%s'", name, tostring(k)), 3)
    end
  end
  for j, k in ipairs(order) do
    local v = opts[k]
    if v == nil and positional then v = opts[j] end
    if v == nil then v = defaults[k] end
    if positional and v == false then error(format("%s: option '%s' is required", name, k), 3) end
    if type(v) == "table" then v = {table.unpack(v)} end -- betas: our own copy
    self[k] = v
  end
  local ok, err = pcall(check, self)
  if not ok then error(name .. ": " .. tostring(err), 3) end
  return self
end

local Optimizer = {}
Optimizer.__index = Optimizer

-- a class: `defaults` maps option names to default values, `order` lists them (state_dict and
-- tostring use it), `check(opt)` validates, `update(opt, p, g, st, a, b)` updates one
-- parameter (a and b are scratch tensors shaped like p; b only when `needs_b(opt)`).
local function class(name, order, defaults, check, update, needs_b)
  local cls = setmetatable({}, {__index = Optimizer})
  cls.__index = cls
  cls.__name = name
  cls._name, cls._order, cls._defaults, cls._check, cls._update, cls._needs_b =
    name, order, defaults, check, update, needs_b
  cls.__tostring = Optimizer.__tostring
  optim[name] = function(params, opts)
    if type(params) ~= "table" then
      error(format("%s: params must be a list of tensors (got %s)", name, type(params)), 2)
    end
    local n = params.n or #params
    if n == 0 then error(name .. ": got an empty parameter list", 2) end
    local ps = {}
    for i = 1, n do
      local p = params[i]
      if not lt.is_tensor(p) then
        error(format("%s: parameter %d is not a tensor (got %s)", name, i, type(p)), 2)
      end
      if not FLOAT[p.dtype] then
        error(format("%s: parameter %d has dtype %s; only float32 and float64 tensors can be optimized",
          name, i, p.dtype), 2)
      end
      ps[i] = p
    end
    if opts ~= nil and type(opts) ~= "table" then
      error(format("%s: options must be a table (got %s)", name, type(opts)), 2)
    end
    local self = setmetatable({params = ps, n = n, state = {}, step_count = 0, _scratch = {}}, cls)
    return set_options(self, name, opts or {}, order, defaults, check, false)
  end
  return cls
end

function Optimizer:__tostring()
  local parts = {}
  for _, k in ipairs(self._order) do
    local v = self[k]
    if type(v) == "table" then v = "{" .. table.concat(v, ", ") .. "}" end
    parts[#parts + 1] = k .. " = " .. tostring(v)
  end
  return format("%s(%d parameters, step %d; %s)", self._name, self.n, self.step_count,
    table.concat(parts, ", "))
end

-- scratch views shaped like parameter i: one shared buffer per dtype, as large as the largest
-- parameter of that dtype; b (a second one) only for the options that need it
local function scratch(self, i, p, need_b)
  local s = self._scratch[i]
  if s and (s[2] or not need_b) then return s[1], s[2] end
  local bufs = self._scratch
  local key = p.dtype
  local maxn = 0
  for _, q in ipairs(self.params) do
    if q.dtype == key and q:numel() > maxn then maxn = q:numel() end
  end
  bufs[key] = bufs[key] or {}
  local slot = bufs[key]
  if not slot[1] then slot[1] = lt.empty(maxn, key) end
  if need_b and not slot[2] then slot[2] = lt.empty(maxn, key) end
  local size = p:size()
  local a = slot[1]:narrow(1, 1, p:numel()):view(size)
  local b = need_b and slot[2]:narrow(1, 1, p:numel()):view(size) or nil
  self._scratch[i] = {a, b}
  return a, b
end

local function step_body(self, grads)
  local params, state, update = self.params, self.state, self._update
  local need_b = self._needs_b(self)
  for i = 1, self.n do
    local g = grads[i]
    if g ~= nil then
      local p = params[i]
      if not lt.is_tensor(g) then
        error(format("%s.step: gradient %d is not a tensor (got %s)", self._name, i, type(g)), 0)
      end
      if g.dtype ~= p.dtype or not same_shape(p, g) then
        error(format("%s.step: gradient %d (%s %s) does not match parameter %d (%s %s)", self._name,
          i, g.dtype, shape_str(g), i, p.dtype, shape_str(p)), 0)
      end
      local st = state[i]
      if st == nil then st = {step = 0}; state[i] = st end
      st.step = st.step + 1
      local a, b = scratch(self, i, p, need_b)
      update(self, p, g, st, a, b)
    end
  end
  self.step_count = self.step_count + 1
end

--- opt:step(grads): one update of every parameter whose gradient is not nil. grads is the list
-- tape:gradient returned for opt.params (same order).
function Optimizer:step(grads)
  if type(grads) ~= "table" or lt.is_tensor(grads) then
    error(format("%s.step: grads must be the list of gradients tape:gradient returned (got %s)",
      self._name, lt.is_tensor(grads) and "a tensor" or type(grads)), 2)
  end
  local n = grads.n or #grads
  if n > self.n then
    error(format("%s.step: %d gradients for %d parameters", self._name, n, self.n), 2)
  end
  if not is_number(self.lr) or self.lr < 0 then
    error(format("%s.step: invalid learning rate %s", self._name, tostring(self.lr)), 2)
  end
  local ok, err = pcall(no_grad, step_body, self, grads)
  if not ok then error(err, 2) end
end

local STATE_KEYS = {"momentum_buffer", "exp_avg", "exp_avg_sq", "max_exp_avg_sq", "square_avg", "grad_avg"}

--- opt:state_dict(): {optimizer = name, n = #params, step = steps taken, hyper = {lr = ..., ...},
-- state = {[i] = {step = k, exp_avg = tensor, ...}}} (state tensors copied; a parameter that has
-- not been stepped has no entry).
function Optimizer:state_dict()
  local hyper = {}
  for _, k in ipairs(self._order) do
    local v = self[k]
    if type(v) == "table" then v = {table.unpack(v)} end
    hyper[k] = v
  end
  local state = {}
  for i = 1, self.n do
    local st = self.state[i]
    if st then
      local c = {step = st.step}
      for _, k in ipairs(STATE_KEYS) do
        if st[k] ~= nil then c[k] = st[k]:clone() end
      end
      state[i] = c
    end
  end
  return {optimizer = self._name, n = self.n, step = self.step_count, hyper = hyper, state = state}
end

--- opt:load_state_dict(sd): restores what state_dict() returned (copies its tensors), so that
-- training resumes exactly.
function Optimizer:load_state_dict(sd)
  local name = self._name
  if type(sd) ~= "table" then
    error(format("%s.load_state_dict: expected a table (got %s)", name, type(sd)), 2)
  end
  if sd.optimizer ~= name then
    error(format("%s.load_state_dict: the state dict is from %s", name, tostring(sd.optimizer)), 2)
  end
  if sd.n ~= self.n then
    error(format("%s.load_state_dict: the state dict has %s parameters, this optimizer %d", name,
      tostring(sd.n), self.n), 2)
  end
  local state = {}
  for i, st in pairs(sd.state or {}) do
    local p = self.params[i]
    if p == nil then error(format("%s.load_state_dict: state for parameter %s, which does not exist",
      name, tostring(i)), 2) end
    local c = {step = st.step or 0}
    for _, k in ipairs(STATE_KEYS) do
      local t = st[k]
      if t ~= nil then
        if not lt.is_tensor(t) or not same_shape(t, p) then
          error(format("%s.load_state_dict: %s of parameter %d has shape %s, the parameter %s", name, k,
            i, lt.is_tensor(t) and shape_str(t) or type(t), shape_str(p)), 2)
        end
        local copy = lt.empty_like(p)
        copy:copy_(t)
        c[k] = copy
      end
    end
    state[i] = c
  end
  local hyper = sd.hyper or {}
  local saved = {}
  for _, k in ipairs(self._order) do
    saved[k] = self[k]
    local v = hyper[k]
    if v ~= nil then
      if type(v) == "table" then v = {table.unpack(v)} end
      self[k] = v
    end
  end
  local ok, err = pcall(self._check, self)
  if not ok then
    for k, v in pairs(saved) do self[k] = v end
    error(name .. ".load_state_dict: " .. tostring(err), 2)
  end
  self.state = state
  self.step_count = sd.step or 0
end

---------------------------------------------------------------------------------------------
-- Option checks

local function check_lr(o)
  if not is_number(o.lr) or o.lr < 0 then error("invalid learning rate " .. tostring(o.lr), 0) end
end
local function check_nonneg(o, k)
  if not is_number(o[k]) or o[k] < 0 then error(format("invalid %s %s", k, tostring(o[k])), 0) end
end
local function check_bool(o, k)
  if type(o[k]) ~= "boolean" then error(format("%s must be a boolean (got %s)", k, type(o[k])), 0) end
end
local function check_betas(o)
  local b = o.betas
  if type(b) ~= "table" or #b ~= 2 then error("betas must be a table of two numbers", 0) end
  for j = 1, 2 do
    if not is_number(b[j]) or b[j] < 0 or b[j] >= 1 then
      error(format("invalid beta parameter at index %d: %s (must be in [0, 1))", j, tostring(b[j])), 0)
    end
  end
end

local function never() return false end

---------------------------------------------------------------------------------------------
-- SGD:  d = g + wd * p;  buf = d (first step) or momentum * buf + (1 - dampening) * d;
--       d = d + momentum * buf (nesterov) or buf;  p = p - lr * d

local function sgd_update(o, p, g, st, a, b)
  local wd, mom = o.weight_decay, o.momentum
  local d = g
  if wd ~= 0 then
    lt.add(g, p, wd, b) -- g + wd * p
    d = b
  end
  if mom ~= 0 then
    local buf = st.momentum_buffer
    if buf == nil then
      buf = d:clone()
      st.momentum_buffer = buf
    else
      buf:mul_(mom):add_(d, 1 - o.dampening)
    end
    if o.nesterov then
      lt.add(d, buf, mom, a)
      d = a
    else
      d = buf
    end
  end
  p:add_(d, -o.lr)
end

class("SGD", {"lr", "momentum", "dampening", "nesterov", "weight_decay"},
  {lr = 0.01, momentum = 0, dampening = 0, nesterov = false, weight_decay = 0},
  function(o)
    check_lr(o)
    check_nonneg(o, "momentum")
    if not is_number(o.dampening) then error("invalid dampening " .. tostring(o.dampening), 0) end
    check_nonneg(o, "weight_decay")
    check_bool(o, "nesterov")
    if o.nesterov and (o.momentum <= 0 or o.dampening ~= 0) then
      error("Nesterov momentum requires a momentum and zero dampening", 0)
    end
  end,
  sgd_update,
  function(o) return o.weight_decay ~= 0 end)

---------------------------------------------------------------------------------------------
-- Adam / AdamW:
--   AdamW: p = p * (1 - lr * wd);  Adam: g = g + wd * p
--   m = beta1 * m + (1 - beta1) * g;  v = beta2 * v + (1 - beta2) * g^2
--   vmax = max(vmax, v) (amsgrad);  denom = sqrt(v or vmax) / sqrt(1 - beta2^t) + eps
--   p = p - lr / (1 - beta1^t) * m / denom

local function adam_update(o, p, g, st, a, b, decoupled)
  local lr, wd = o.lr, o.weight_decay
  local b1, b2 = o.betas[1], o.betas[2]
  local m, v = st.exp_avg, st.exp_avg_sq
  if m == nil then
    m, v = lt.zeros_like(p), lt.zeros_like(p)
    st.exp_avg, st.exp_avg_sq = m, v
    if o.amsgrad then st.max_exp_avg_sq = lt.zeros_like(p) end
  end
  local d = g
  if wd ~= 0 then
    if decoupled then
      p:mul_(1 - lr * wd)
    else
      lt.add(g, p, wd, b)
      d = b
    end
  end
  m:lerp_(d, 1 - b1)
  v:mul_(b2):addcmul_(d, d, 1 - b2)
  local t = st.step
  local bc2_sqrt = sqrt(1 - b2 ^ t)
  local step_size = lr / (1 - b1 ^ t) * bc2_sqrt
  if o.amsgrad then
    local vmax = st.max_exp_avg_sq
    if vmax == nil then -- amsgrad switched on after the first steps (as PyTorch: from zeros)
      vmax = lt.zeros_like(p)
      st.max_exp_avg_sq = vmax
    end
    lt.maximum(vmax, v, vmax)
    v = vmax
  end
  lt.sqrt(v, a)
  a:add_(o.eps * bc2_sqrt)
  p:addcdiv_(m, a, -step_size)
end

local function check_adam(o)
  check_lr(o)
  check_nonneg(o, "eps")
  check_betas(o)
  check_nonneg(o, "weight_decay")
  if o.amsgrad ~= nil then check_bool(o, "amsgrad") end
end

class("Adam", {"lr", "betas", "eps", "weight_decay", "amsgrad"},
  {lr = 1e-3, betas = {0.9, 0.999}, eps = 1e-8, weight_decay = 0, amsgrad = false},
  check_adam,
  function(o, p, g, st, a, b) return adam_update(o, p, g, st, a, b, false) end,
  function(o) return o.weight_decay ~= 0 end)

class("AdamW", {"lr", "betas", "eps", "weight_decay", "amsgrad"},
  {lr = 1e-3, betas = {0.9, 0.999}, eps = 1e-8, weight_decay = 0.01, amsgrad = false},
  check_adam,
  function(o, p, g, st, a, b) return adam_update(o, p, g, st, a, b, true) end,
  never)

---------------------------------------------------------------------------------------------
-- RMSprop:
--   g = g + wd * p;  sq = alpha * sq + (1 - alpha) * g^2
--   centered: ga = alpha * ga + (1 - alpha) * g; avg = sqrt(sq - ga^2) + eps;  else avg = sqrt(sq) + eps
--   momentum: buf = momentum * buf + g / avg; p = p - lr * buf;  else p = p - lr * g / avg

local function rmsprop_update(o, p, g, st, a, b)
  local alpha, mom = o.alpha, o.momentum
  local sq = st.square_avg
  if sq == nil then
    sq = lt.zeros_like(p)
    st.square_avg = sq
  end
  local d = g
  if o.weight_decay ~= 0 then
    lt.add(g, p, o.weight_decay, b)
    d = b
  end
  sq:mul_(alpha):addcmul_(d, d, 1 - alpha)
  if o.centered then
    local ga = st.grad_avg
    if ga == nil then
      ga = lt.zeros_like(p)
      st.grad_avg = ga
    end
    ga:lerp_(d, 1 - alpha)
    lt.addcmul(sq, ga, ga, -1, a):sqrt_()
  else
    lt.sqrt(sq, a)
  end
  a:add_(o.eps)
  if mom > 0 then
    local buf = st.momentum_buffer
    if buf == nil then
      buf = lt.zeros_like(p)
      st.momentum_buffer = buf
    end
    buf:mul_(mom):addcdiv_(d, a)
    p:add_(buf, -o.lr)
  else
    p:addcdiv_(d, a, -o.lr)
  end
end

class("RMSprop", {"lr", "alpha", "eps", "weight_decay", "momentum", "centered"},
  {lr = 1e-2, alpha = 0.99, eps = 1e-8, weight_decay = 0, momentum = 0, centered = false},
  function(o)
    check_lr(o)
    check_nonneg(o, "alpha")
    check_nonneg(o, "eps")
    check_nonneg(o, "weight_decay")
    check_nonneg(o, "momentum")
    check_bool(o, "centered")
  end,
  rmsprop_update,
  function(o) return o.weight_decay ~= 0 end)

---------------------------------------------------------------------------------------------
-- Learning-rate schedulers. Constructing one records the optimizer's lr as base_lr (PyTorch's
-- initial_lr) and sets last_epoch = 0; sched:step() (once per epoch) advances last_epoch and
-- writes the new rate into opt.lr; sched:get_lr() is the rate it set last (PyTorch's
-- get_last_lr()). Options may be given by name or in order: StepLR(opt, {10, 0.5}) is
-- StepLR(opt, {step_size = 10, gamma = 0.5}).

local Scheduler = {}
Scheduler.__index = Scheduler

local function scheduler(name, order, defaults, check, lr_at)
  local cls = setmetatable({}, {__index = Scheduler})
  cls.__index = cls
  cls.__name = name
  cls._name, cls._order, cls._lr_at = name, order, lr_at
  cls.__tostring = Scheduler.__tostring
  optim[name] = function(opt, opts)
    if type(opt) ~= "table" or getmetatable(opt) == nil or type(opt.lr) ~= "number" then
      error(name .. ": the first argument must be an optimizer", 2)
    end
    if type(opts) ~= "table" then
      error(format("%s: options must be a table (got %s)", name, type(opts)), 2)
    end
    local self = setmetatable({optimizer = opt, base_lr = opt.lr, last_epoch = 0, last_lr = opt.lr}, cls)
    return set_options(self, name, opts, order, defaults, check, true)
  end
  return cls
end

function Scheduler:step()
  self.last_epoch = self.last_epoch + 1
  local lr = self:_lr_at(self.last_epoch)
  self.optimizer.lr = lr
  self.last_lr = lr
  return lr
end

function Scheduler:get_lr() return self.last_lr end

function Scheduler:state_dict()
  local sd = {scheduler = self._name, base_lr = self.base_lr, last_epoch = self.last_epoch,
    last_lr = self.last_lr}
  for _, k in ipairs(self._order) do sd[k] = self[k] end
  return sd
end

--- restores base_lr, last_epoch and the options, and sets the optimizer's lr to the last rate
function Scheduler:load_state_dict(sd)
  if type(sd) ~= "table" or sd.scheduler ~= self._name then
    error(format("%s.load_state_dict: not a %s state dict", self._name, self._name), 2)
  end
  for _, k in ipairs(self._order) do
    if sd[k] ~= nil then self[k] = sd[k] end
  end
  self.base_lr, self.last_epoch, self.last_lr = sd.base_lr, sd.last_epoch, sd.last_lr
  self.optimizer.lr = self.last_lr
end

function Scheduler:__tostring()
  local parts = {}
  for _, k in ipairs(self._order) do parts[#parts + 1] = k .. " = " .. tostring(self[k]) end
  return format("%s(%s; epoch %d, lr %g)", self._name, table.concat(parts, ", "), self.last_epoch,
    self.last_lr)
end

local function check_positive_int(s, k)
  local v = s[k]
  if not (is_number(v) and v == floor(v) and v >= 1 and v < math.huge) then
    error(format("%s must be a positive integer (got %s)", k, tostring(v)), 0)
  end
  s[k] = floor(v)
end

-- StepLR: lr = lr * gamma at every multiple of step_size (PyTorch's recursive form:
-- base_lr * gamma^floor(epoch / step_size) when nothing else changes the rate)
scheduler("StepLR", {"step_size", "gamma"}, {step_size = false, gamma = 0.1},
  function(s)
    check_positive_int(s, "step_size")
    if not is_number(s.gamma) then error("gamma must be a number", 0) end
  end,
  function(s, epoch)
    if epoch % s.step_size ~= 0 then return s.optimizer.lr end
    return s.optimizer.lr * s.gamma
  end)

-- CosineAnnealingLR (closed form): eta_min + (base_lr - eta_min) * (1 + cos(pi * epoch / T_max)) / 2
-- (past T_max the cosine continues: the rate rises again, as PyTorch's closed form)
scheduler("CosineAnnealingLR", {"T_max", "eta_min"}, {T_max = false, eta_min = 0},
  function(s)
    check_positive_int(s, "T_max")
    if not is_number(s.eta_min) then error("eta_min must be a number", 0) end
  end,
  function(s, epoch)
    return s.eta_min + (s.base_lr - s.eta_min) * (1 + cos(pi * epoch / s.T_max)) / 2
  end)

return optim
