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
-- (dim 2; x may be (C) with 0-d labels); labels equal to ignore (if given) may be anything.
-- Returns x and labels as (N, C, ...) and (N, ...), whether x was a single (C) sample, and the
-- ignored positions (a bool tensor shaped as the labels, or nil when nothing is ignored); the
-- labels returned hold 1 at ignored positions, so that they can be gathered.
local function check_labels(who, x, labels, ignore)
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
  local ignored
  if ignore ~= nil and labels:numel() > 0 then
    ignored = labels:eq(ignore)
    if ignored:any():item() then
      labels = labels:masked_fill(ignored, 1)
    else
      ignored = nil
    end
  end
  local C = x:size(nd == 1 and 1 or 2)
  if labels:numel() > 0 then
    local lo, hi = labels:amin():item(), labels:amax():item()
    if lo < 1 or hi > C then
      error(fmt("%s: label %d out of range for %d classes (labels are 1-based: 1 to %d%s)", who,
        lo < 1 and lo or hi, C, C, ignore ~= nil and fmt(", or ignore_index %d", ignore) or ""), 3)
    end
  end
  if nd == 1 then
    return x:unsqueeze(1), labels:reshape(1), true, ignored and ignored:reshape(1)
  end
  return x, labels, false, ignored
end

-- the class options of cross_entropy and nll_loss: weight (nil, or a float tensor of C elements,
-- returned in x's dtype), ignore_index (nil or an integer), label_smoothing (cross_entropy only)
local function class_options(who, opts, C, dtype)
  local w = opts.weight
  if w ~= nil then
    if not is_tensor(w) or not FLOAT[w.dtype] then
      error(fmt("%s: weight must be a float tensor of one weight per class, got %s", who,
        is_tensor(w) and w.dtype .. " tensor" or type(w)), 3)
    end
    if C and (w:dim() ~= 1 or w:size(1) ~= C) then
      error(fmt("%s: weight must have one element per class (%d), got shape %s", who, C, shape_str(w.shape)), 3)
    end
    if dtype and w.dtype ~= dtype then w = w:to(dtype) end
  end
  local ii = opts.ignore_index
  if ii ~= nil and math.type(ii) ~= "integer" then
    error(fmt("%s: ignore_index must be an integer (a 1-based class label), got %s", who,
      type(ii) == "number" and tostring(ii) or type(ii)), 3)
  end
  local eps = opts.label_smoothing
  if eps ~= nil and (type(eps) ~= "number" or not (eps >= 0 and eps <= 1)) then
    error(fmt("%s: label_smoothing must be a number in [0, 1], got %s", who, tostring(eps)), 3)
  end
  return w, ii, eps or 0
end

-- The loss of class labels, PyTorch's nll_loss / cross_entropy with weight, ignore_index and
-- label_smoothing. z: (N, C, ...) log-probabilities (nll) or logits (cross_entropy, lse given:
-- logsumexp over dim 2). Per position i with label y_i and weight w: loss_i = w[y_i] * nll_i,
-- where nll_i = -log p(y_i); with smoothing e: (1 - e) * w[y_i] * nll_i + e / C * sum_c w[c] *
-- (-log p(c)); ignored positions give 0. "mean" divides the sum by the sum of w[y_i] over the
-- positions not ignored (their count without weight), as PyTorch: nan when all are ignored.
local function label_loss(z, lse, lab, ignored, w, eps, reduction, single)
  local picked = z:gather(2, lab:unsqueeze(2)):squeeze(2)
  local l = lse and lse - picked or -picked
  local wy -- w[y_i], 0 where ignored
  if w then
    wy = w:index_select(1, lab:reshape(-1)):view(lab.shape)
    if ignored then wy = wy:masked_fill(ignored, 0) end
    l = l * wy
  end
  if eps > 0 then
    local C = z:size(2)
    local smooth -- sum over classes of w[c] * -log_softmax(z)[c], divided by C
    if w then
      local wshape = { 1, C }
      for _ = 3, z:dim() do wshape[#wshape + 1] = 1 end
      smooth = (lse * w:sum() - (z * w:view(wshape)):sum(2)) * (1 / C)
    else
      smooth = lse - z:mean(2)
    end
    l = l * (1 - eps) + smooth * eps
  end
  if ignored then l = l:masked_fill(ignored, 0) end
  if single then l = l:squeeze(1) end
  if reduction == "none" then return l end
  if reduction == "sum" then return l:sum() end
  if wy then return l:sum() / wy:sum() end
  if ignored then return l:sum() / (ignored:numel() - ignored:sum():item()) end
  return l:mean()
end

--- nn.nll_loss(log_probs, labels [, {reduction, weight, ignore_index}]): -log_probs[i, labels[i]]
-- per sample, reduced. log_probs (N, C) or (N, C, d...) (class dim 2) or (C); labels (N) /
-- (N, d...) / 0-d, 1-based. weight: a float tensor of C per-class weights (each sample's loss is
-- multiplied by its class's weight, and "mean" divides by the sum of those weights, as PyTorch);
-- ignore_index: a label value whose samples give 0 and are left out of the mean (it need not be
-- a class: -100 as PyTorch's default works; there is no default here).
function F.nll_loss(log_probs, labels, opts)
  local who = "nll_loss"
  local reduction
  reduction, opts = options(who, opts)
  check_float(who, "input", log_probs)
  if opts.label_smoothing ~= nil then error("nll_loss: label_smoothing is an option of cross_entropy", 2) end
  local C = log_probs:dim() > 0 and log_probs:size(log_probs:dim() == 1 and 1 or 2) or nil
  local w, ii = class_options(who, opts, C, log_probs.dtype)
  local lp, lab, single, ignored = check_labels(who, log_probs, labels, ii)
  return label_loss(lp, nil, lab, ignored, w, 0, reduction, single)
end

--- nn.cross_entropy(logits, target [, {reduction, weight, ignore_index, label_smoothing = 0}]):
-- log_softmax over the class dim (dim 2, or dim 1 of a (C) input) and the negative
-- log-likelihood, fused as logsumexp(z) - z[label] (no (N, C) log_softmax tensor in the forward
-- pass), with PyTorch's semantics for every option and their combinations.
-- target: 1-based integer class indices (N) (or (N, d...), or 0-d for (C) logits), or class
-- probabilities of the logits' shape (soft labels, float).
-- weight: C per-class weights (a float tensor). With labels, sample i's loss is scaled by
-- weight[label_i] and "mean" divides by the sum of weight[label_i] (a weighted mean); with
-- probabilities, the loss is -sum_c weight[c] target[c] log_softmax(z)[c] and "mean" divides by
-- the number of samples, as PyTorch.
-- ignore_index: a label value (1-based like the labels; any integer, e.g. -100) whose samples
-- give a loss of 0 and are left out of the mean; not allowed with probabilities. No default.
-- label_smoothing = e mixes the target with the uniform distribution as PyTorch: with labels,
-- (1 - e) * the (weighted) nll + e / C * sum_c weight[c] * -log_softmax(z)[c] (weight[c] = 1
-- without weight); with probabilities, target * (1 - e) + e / C.
function F.cross_entropy(logits, target, opts)
  local who = "cross_entropy"
  local reduction
  reduction, opts = options(who, opts)
  check_float(who, "logits", logits)
  local cdim = logits:dim() == 1 and 1 or 2
  local C = logits:dim() > 0 and logits:size(cdim) or nil
  local w, ii, eps = class_options(who, opts, C, logits.dtype)
  if is_tensor(target) and FLOAT[target.dtype] then -- class probabilities
    if not same_shape(logits, target) then
      error(fmt("cross_entropy: probability targets must have the logits' shape %s, got %s",
        shape_str(logits.shape), shape_str(target.shape)), 2)
    end
    if ii ~= nil and ii >= 1 then -- PyTorch accepts only an ignore_index that is no class
      error(fmt("cross_entropy: ignore_index %d is not supported with probability targets", ii), 2)
    end
    if eps > 0 then target = target * (1 - eps) + eps / C end
    local prod = logits:log_softmax(cdim) * target
    if w then
      local wshape = {}
      for d = 1, logits:dim() do wshape[d] = d == cdim and C or 1 end
      prod = prod * w:view(wshape)
    end
    return reduce(-prod:sum(cdim), reduction)
  end
  local z, lab, single, ignored = check_labels(who, logits, target, ii)
  return label_loss(z, z:logsumexp(2), lab, ignored, w, eps, reduction, single)
end

-- log(t) clamped at -100 as PyTorch (log(0) = -inf included; t is never tracked: its gradient
-- would be inf * 0 at 0)
-- PyTorch's EPSILON of binary_cross_entropy's backward: 1e-12 rounded to float32 (for every dtype)
local BCE_EPS = string.unpack("f", string.pack("f", 1e-12))
local function clamped_log(t) return t:log():clamp(-100) end

--- nn.binary_cross_entropy(p, target [, opts]): -(t log p + (1 - t) log(1 - p)), p in [0, 1],
-- matching PyTorch 1.13 at the saturated points too:
-- - the loss: each log is clamped at -100, so p = 0 or 1 gives a finite loss (at most 100);
-- - the gradient with respect to p is PyTorch's (p - t) / max(p (1 - p), EPSILON) everywhere
--   (EPSILON = 1e-12 as a float32): where p (1 - p) >= EPSILON that is the derivative of the
--   formula; where it is smaller (p = 0 or 1, or within about 1e-12 of them) it is
--   (p - t) / EPSILON: 0 for a right prediction (p = t = 0 or 1), about +-1e12 for a wrong one;
-- - the gradient with respect to the target is log(1 - p) - log(p) with the logs clamped at
--   -100 (at most 100 in size); PyTorch gives +-inf at p = 0 or 1, the only difference.
-- The saturated entries take a second, detached path (the tape differentiates both; no Lua
-- backward): the clamped loss's value plus (p - p:detach()) * g, which is 0 with gradient g.
function F.binary_cross_entropy(p, target, opts)
  local reduction = options("binary_cross_entropy", opts)
  check_pair("binary_cross_entropy", p, target)
  local sat
  if p:numel() > 0 then
    local pd = p:detach()
    local lo, hi = pd:amin():item(), pd:amax():item()
    if not (lo >= 0 and hi <= 1) then
      error(fmt("binary_cross_entropy: input values must be between 0 and 1, got %g to %g", lo, hi), 2)
    end
    sat = (pd * (1 - pd)):lt(BCE_EPS)
    if not sat:any():item() then sat = nil end
  end
  if not sat then return reduce(-(target * p:log() + (1 - target) * (1 - p):log()), reduction) end
  local ps = p:masked_fill(sat, 0.5) -- the regular entries (0.5 elsewhere: finite, unused)
  local l = -(target * ps:log() + (1 - target) * (1 - ps):log())
  local pd, td = p:detach(), target:detach()
  local g = (pd - td) / BCE_EPS -- PyTorch's gradient where p (1 - p) < its EPSILON
  local ls = -(target * clamped_log(pd) + (1 - target) * clamped_log(1 - pd)) + (p - pd) * g
  return reduce(lt.where(sat, ls, l), reduction)
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

local function wrapper(name, fn, check)
  local W = Module:extend(name)
  function W:init(opts)
    local _
    _, opts = options(name, opts) -- checked now
    if check then check(name, opts) end
    self.opts = opts
  end
  function W:forward(input, target) return fn(input, target, self.opts) end
  function W:extra_repr()
    local keys = {}
    for k in pairs(self.opts) do keys[#keys + 1] = k end
    table.sort(keys)
    for i, k in ipairs(keys) do
      local v = self.opts[k]
      keys[i] = k .. "=" .. (is_tensor(v) and v.dtype .. shape_str(v.shape) or tostring(v))
    end
    return table.concat(keys, ", ")
  end
  F[name] = W
end

-- the options of CrossEntropyLoss and NLLLoss, checked when the module is made (the weight's
-- length is checked against the input's classes in forward)
local function check_class_options(name, opts)
  class_options(name, opts)
  if name == "NLLLoss" and opts.label_smoothing ~= nil then
    error("NLLLoss: label_smoothing is an option of cross_entropy", 4)
  end
end

--- nn.MSELoss(opts), nn.L1Loss, nn.SmoothL1Loss, nn.CrossEntropyLoss, nn.NLLLoss, nn.BCELoss,
-- nn.BCEWithLogitsLoss: modules whose forward(input, target) calls the function with opts
-- (nn.CrossEntropyLoss({weight = w, ignore_index = -100, label_smoothing = 0.1}) ...)
wrapper("MSELoss", F.mse_loss)
wrapper("L1Loss", F.l1_loss)
wrapper("SmoothL1Loss", F.smooth_l1_loss)
wrapper("CrossEntropyLoss", F.cross_entropy, check_class_options)
wrapper("NLLLoss", F.nll_loss, check_class_options)
wrapper("BCELoss", F.binary_cross_entropy)
wrapper("BCEWithLogitsLoss", F.binary_cross_entropy_with_logits)

return F
