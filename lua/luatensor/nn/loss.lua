--- luatensor.nn.loss: loss functions (nn.mse_loss, nn.cross_entropy, ...) and their module
-- wrappers (nn.MSELoss, nn.CrossEntropyLoss, ...), re-exported by luatensor.nn. Each takes
-- `{reduction = "mean" | "sum" | "none"}` (default "mean") as its last argument; "none" keeps
-- one loss per element (per sample for cross_entropy and nll_loss). Built from recorded ops
-- only: the tape differentiates them.
local lt = require "luatensor"
local base = require "luatensor.nn.module"

local Module, shape_str = base.Module, base._shape_str
local fmt = string.format
local is_tensor = lt.is_tensor

local F = {}

local FLOAT = { float32 = true, float64 = true }
local INT = { int32 = true, int64 = true }
local REDUCTIONS = { mean = true, sum = true, none = true }

-- opts -> reduction (checked), opts
local function options(who, opts)
  if opts == nil then return "mean", {} end
  if type(opts) ~= "table" or is_tensor(opts) then
    error(fmt("%s: options must be a table, got %s", who, is_tensor(opts) and "tensor" or type(opts)), 3)
  end
  local r = opts.reduction
  if r == nil then return "mean", opts end
  if not REDUCTIONS[r] then
    error(fmt("%s: reduction must be \"mean\", \"sum\" or \"none\", got %s", who, tostring(r)), 3)
  end
  return r, opts
end

local function reduce(l, reduction)
  if reduction == "mean" then return l:mean() end
  if reduction == "sum" then return l:sum() end
  return l
end

local function check_float(who, what, t)
  if not is_tensor(t) then error(fmt("%s: %s must be a tensor, got %s", who, what, type(t)), 3) end
  if not FLOAT[t.dtype] then error(fmt("%s: %s must be a float tensor, got %s", who, what, t.dtype), 3) end
end

local function same_shape(a, b)
  if a:dim() ~= b:dim() then return false end
  for d = 1, a:dim() do
    if a:size(d) ~= b:size(d) then return false end
  end
  return true
end

-- input and target of the same shape (no silent broadcasting of (N, 1) against (N))
local function check_pair(who, input, target)
  check_float(who, "input", input)
  if not is_tensor(target) then error(fmt("%s: target must be a tensor, got %s", who, type(target)), 3) end
  if not same_shape(input, target) then
    error(fmt("%s: input shape %s and target shape %s differ", who, shape_str(input.shape),
      shape_str(target.shape)), 3)
  end
end

--- nn.mse_loss(input, target [, opts]): (input - target)^2, reduced
function F.mse_loss(input, target, opts)
  local reduction = options("mse_loss", opts)
  check_pair("mse_loss", input, target)
  return reduce((input - target):square(), reduction)
end

--- nn.l1_loss(input, target [, opts]): |input - target|, reduced
function F.l1_loss(input, target, opts)
  local reduction = options("l1_loss", opts)
  check_pair("l1_loss", input, target)
  return reduce((input - target):abs(), reduction)
end

--- nn.smooth_l1_loss(input, target [, {reduction, beta = 1}]): 0.5 d^2 / beta where |d| < beta,
-- |d| - 0.5 beta elsewhere (PyTorch's; nn.huber_loss with delta is delta * this with beta = delta)
function F.smooth_l1_loss(input, target, opts)
  local reduction
  reduction, opts = options("smooth_l1_loss", opts)
  check_pair("smooth_l1_loss", input, target)
  local beta = opts.beta or 1
  local d = (input - target):abs()
  if beta == 0 then return reduce(d, reduction) end
  return reduce(lt.where(d:lt(beta), d:square() * (0.5 / beta), d - 0.5 * beta), reduction)
end

-- labels: an integer tensor of 1-based classes in [1, C], shaped as x without its class dim
-- (dim 2; x may be (C) with 0-d labels). Returns x and labels as (N, C, ...) and (N, ...).
local function check_labels(who, x, labels)
  if not is_tensor(labels) or not INT[labels.dtype] then
    error(fmt("%s: labels must be an int32 or int64 tensor of 1-based class indices, got %s", who,
      is_tensor(labels) and labels.dtype .. " tensor" or type(labels)), 3)
  end
  local nd = x:dim()
  if nd == 0 then error(who .. ": the input must have a class dim", 3) end
  local ok
  if nd == 1 then
    ok = labels:dim() == 0
  else
    ok = labels:dim() == nd - 1 and labels:size(1) == x:size(1)
    for d = 3, nd do ok = ok and labels:size(d - 1) == x:size(d) end
  end
  if not ok then
    error(fmt("%s: labels of shape %s do not fit input of shape %s (expected the input's shape without dim %d)",
      who, shape_str(labels.shape), shape_str(x.shape), nd == 1 and 1 or 2), 3)
  end
  local C = x:size(nd == 1 and 1 or 2)
  if labels:numel() > 0 then
    local lo, hi = labels:amin():item(), labels:amax():item()
    if lo < 1 or hi > C then
      error(fmt("%s: label %d out of range for %d classes (labels are 1-based: 1 to %d)", who,
        lo < 1 and lo or hi, C, C), 3)
    end
  end
  if nd == 1 then return x:unsqueeze(1), labels:reshape(1), true end
  return x, labels, false
end

--- nn.nll_loss(log_probs, labels [, opts]): -log_probs[i, labels[i]] per sample, reduced.
-- log_probs (N, C) or (N, C, d...) (class dim 2) or (C); labels (N) / (N, d...) / 0-d, 1-based.
function F.nll_loss(log_probs, labels, opts)
  local reduction = options("nll_loss", opts)
  check_float("nll_loss", "input", log_probs)
  local lp, lab, single = check_labels("nll_loss", log_probs, labels)
  local l = -lp:gather(2, lab:unsqueeze(2)):squeeze(2)
  if single then l = l:squeeze(1) end
  return reduce(l, reduction)
end

--- nn.cross_entropy(logits, target [, {reduction, label_smoothing = 0}]): log_softmax over the
-- class dim (dim 2, or dim 1 of a (C) input) and the negative log-likelihood, fused as
-- logsumexp(z) - z[label] (no (N, C) log_softmax tensor in the forward pass).
-- target: 1-based integer class indices (N) (or (N, d...), or 0-d for (C) logits), or class
-- probabilities of the logits' shape. label_smoothing = e mixes the target with the uniform
-- distribution as PyTorch: (1 - e) * nll + e * mean over classes of -log_softmax.
function F.cross_entropy(logits, target, opts)
  local who = "cross_entropy"
  local reduction
  reduction, opts = options(who, opts)
  check_float(who, "logits", logits)
  local eps = opts.label_smoothing or 0
  if type(eps) ~= "number" or not (eps >= 0 and eps <= 1) then
    error("cross_entropy: label_smoothing must be a number in [0, 1], got " .. tostring(eps), 2)
  end
  local cdim = logits:dim() == 1 and 1 or 2
  if is_tensor(target) and FLOAT[target.dtype] then -- class probabilities
    if not same_shape(logits, target) then
      error(fmt("cross_entropy: probability targets must have the logits' shape %s, got %s",
        shape_str(logits.shape), shape_str(target.shape)), 2)
    end
    local C = logits:size(cdim)
    if eps > 0 then target = target * (1 - eps) + eps / C end
    return reduce(-(logits:log_softmax(cdim) * target):sum(cdim), reduction)
  end
  local z, lab, single = check_labels(who, logits, target)
  local lse = z:logsumexp(2)
  local l = lse - z:gather(2, lab:unsqueeze(2)):squeeze(2)
  if eps > 0 then
    local smooth = lse - z:mean(2) -- the mean over classes of -log_softmax
    l = l * (1 - eps) + smooth * eps
  end
  if single then l = l:squeeze(1) end
  return reduce(l, reduction)
end

-- log(t) clamped at -100 as PyTorch, with a gradient that stays finite (0 where t <= e^-100)
local TINY = math.exp(-100)
local function clamped_log(t) return t:clamp(TINY):log():clamp(-100) end

--- nn.binary_cross_entropy(p, target [, opts]): -(t log p + (1 - t) log(1 - p)), each log
-- clamped at -100 as PyTorch (so p = 0 or 1 gives a finite loss and gradient). p in [0, 1].
function F.binary_cross_entropy(p, target, opts)
  local reduction = options("binary_cross_entropy", opts)
  check_pair("binary_cross_entropy", p, target)
  if p:numel() > 0 then
    local lo, hi = p:detach():amin():item(), p:detach():amax():item()
    if not (lo >= 0 and hi <= 1) then
      error(fmt("binary_cross_entropy: input values must be between 0 and 1, got %g to %g", lo, hi), 2)
    end
  end
  local l = -(target * clamped_log(p) + (1 - target) * clamped_log(1 - p))
  return reduce(l, reduction)
end

--- nn.binary_cross_entropy_with_logits(z, target [, {reduction, pos_weight}]): the binary cross
-- entropy of sigmoid(z), computed stably as t softplus(-z) + (1 - t) softplus(z), which equals
-- max(z, 0) - z t + log1p(exp(-|z|)) and keeps small losses precise and the gradient
-- (sigmoid(z) - t) right everywhere, z = 0 included. pos_weight (a number or a tensor
-- broadcasting over the classes) weighs the positive term as PyTorch.
function F.binary_cross_entropy_with_logits(z, target, opts)
  local reduction
  reduction, opts = options("binary_cross_entropy_with_logits", opts)
  check_pair("binary_cross_entropy_with_logits", z, target)
  local pos = target * (-z):softplus()
  if opts.pos_weight ~= nil then pos = pos * opts.pos_weight end
  return reduce(pos + (1 - target) * z:softplus(), reduction)
end

-- module wrappers --------------------------------------------------------------------------------

local function wrapper(name, fn)
  local W = Module:extend(name)
  function W:init(opts)
    options(name, opts) -- checked now
    self.opts = opts or {}
  end
  function W:forward(input, target) return fn(input, target, self.opts) end
  function W:extra_repr()
    local keys = {}
    for k in pairs(self.opts) do keys[#keys + 1] = k end
    table.sort(keys)
    for i, k in ipairs(keys) do keys[i] = k .. "=" .. tostring(self.opts[k]) end
    return table.concat(keys, ", ")
  end
  F[name] = W
end

--- nn.MSELoss(opts), nn.L1Loss, nn.SmoothL1Loss, nn.CrossEntropyLoss, nn.NLLLoss, nn.BCELoss,
-- nn.BCEWithLogitsLoss: modules whose forward(input, target) calls the function with opts
wrapper("MSELoss", F.mse_loss)
wrapper("L1Loss", F.l1_loss)
wrapper("SmoothL1Loss", F.smooth_l1_loss)
wrapper("CrossEntropyLoss", F.cross_entropy)
wrapper("NLLLoss", F.nll_loss)
wrapper("BCELoss", F.binary_cross_entropy)
wrapper("BCEWithLogitsLoss", F.binary_cross_entropy_with_logits)

return F
