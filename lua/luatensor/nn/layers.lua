--- luatensor.nn.layers: the layers of luatensor.nn (re-exported there). Every forward is built
-- from recorded tensor ops, so the tape differentiates it; nothing writes into a tensor a tape
-- tracks (padding is a cat with constant blocks, dropout multiplies by a fresh mask).
-- Parameters follow PyTorch's default initialization, drawn from the seeded generator.
local lt = require "luatensor"
local base = require "luatensor.nn.module"
local init = require "luatensor.nn.init_fns"

local Module, shape_str = base.Module, base._shape_str
local fmt, sqrt, mtype = string.format, math.sqrt, math.type
local is_tensor = lt.is_tensor

local L = {}

local FLOAT = { float32 = true, float64 = true }
local INT = { int32 = true, int64 = true }

-- argument checks -------------------------------------------------------------------------

local function check_int(who, name, v, min)
  if mtype(v) ~= "integer" or v < (min or 1) then
    error(fmt("%s: %s must be an integer >= %d, got %s", who, name, min or 1, tostring(v)), 4)
  end
  return v
end

local function check_opts(who, opts)
  if opts == nil then return {} end
  if type(opts) ~= "table" or is_tensor(opts) then
    error(fmt("%s: options must be a table, got %s", who, type(opts)), 4)
  end
  return opts
end

local function check_bool(who, name, v, default)
  if v == nil then return default end
  if type(v) ~= "boolean" then error(fmt("%s: %s must be a boolean, got %s", who, name, type(v)), 4) end
  return v
end

local function check_dtype(who, dtype)
  dtype = dtype or lt.get_default_dtype()
  if not FLOAT[dtype] then error(fmt("%s: dtype must be a float dtype, got %s", who, tostring(dtype)), 4) end
  return dtype
end

local function check_number(who, name, v, default, lo, hi)
  if v == nil then return default end
  if type(v) ~= "number" or v ~= v or (lo and v < lo) or (hi and v > hi) then
    error(fmt("%s: %s must be a number%s, got %s", who, name,
      lo and hi and fmt(" in [%g, %g]", lo, hi) or lo and fmt(" >= %g", lo) or "", tostring(v)), 4)
  end
  return v
end

-- a number or a pair {a, b} of integers >= min -> a, b
local function pair(who, name, v, min)
  if type(v) == "table" and not is_tensor(v) then
    if #v ~= 2 then error(fmt("%s: %s must be an integer or a pair of them", who, name), 4) end
    return check_int(who, name, v[1], min), check_int(who, name, v[2], min)
  end
  check_int(who, name, v, min)
  return v, v
end

local function pair_str(a, b) return a == b and tostring(a) or fmt("(%d, %d)", a, b) end

local function check_input(who, x, min_dim, max_dim)
  if not is_tensor(x) then error(fmt("%s: expected a tensor input, got %s", who, type(x)), 3) end
  local nd = x:dim()
  if nd < min_dim or nd > (max_dim or math.huge) then
    local want = max_dim == min_dim and tostring(min_dim)
      or max_dim and fmt("%d to %d", min_dim, max_dim) or fmt("at least %d", min_dim)
    error(fmt("%s: expected an input of %s dims, got shape %s", who, want, shape_str(x.shape)), 3)
  end
  return nd
end

-- pads the last two dims of x with ph rows and pw columns of `value` on each side (ph2 rows at
-- the bottom and pw2 columns at the right if given): a cat with constant blocks, which the tape
-- differentiates (x itself is never written)
local function pad2d(x, ph, pw, value, ph2, pw2)
  ph2, pw2 = ph2 or ph, pw2 or pw
  local nd = x:dim()
  if pw > 0 or pw2 > 0 then
    local s, parts = x.shape, {}
    if pw > 0 then
      s[nd] = pw
      parts[1] = lt.full(s, value, x.dtype)
    end
    parts[#parts + 1] = x
    if pw2 > 0 then
      s[nd] = pw2
      parts[#parts + 1] = lt.full(s, value, x.dtype)
    end
    x = lt.cat(parts, nd)
  end
  if ph > 0 or ph2 > 0 then
    local s, parts = x.shape, {}
    if ph > 0 then
      s[nd - 1] = ph
      parts[1] = lt.full(s, value, x.dtype)
    end
    parts[#parts + 1] = x
    if ph2 > 0 then
      s[nd - 1] = ph2
      parts[#parts + 1] = lt.full(s, value, x.dtype)
    end
    x = lt.cat(parts, nd - 1)
  end
  return x
end
L._pad2d = pad2d

-- Linear --------------------------------------------------------------------------------------

local Linear = Module:extend("Linear")
L.Linear = Linear

--- nn.Linear(in_features, out_features [, {bias = true, dtype}]): y = x W^T + b, with W
-- (out, in) and b (out) drawn from U(-1/sqrt(in), 1/sqrt(in)) (PyTorch's default); x has any
-- number of leading dims (or is a single vector).
function Linear:init(in_features, out_features, opts)
  local who = "Linear"
  check_int(who, "in_features", in_features, 0)
  check_int(who, "out_features", out_features, 0)
  opts = check_opts(who, opts)
  local dtype = check_dtype(who, opts.dtype)
  self.in_features, self.out_features = in_features, out_features
  self:add_parameter("weight", lt.empty(out_features, in_features, dtype))
  if check_bool(who, "bias", opts.bias, true) then self:add_parameter("bias", lt.empty(out_features, dtype)) end
  self:reset_parameters()
end

function Linear:reset_parameters()
  init.kaiming_uniform_(self.weight, sqrt(5))
  local b = self.bias
  if b then
    local bound = self.in_features > 0 and 1 / sqrt(self.in_features) or 0
    init.uniform_(b, -bound, bound)
  end
end

function Linear:forward(x)
  local params = self._params.map
  local W, b = params.weight, params.bias
  local nd = check_input("Linear", x, 1)
  local n_in = self.in_features
  if x:size(nd) ~= n_in then
    error(fmt("Linear: expected an input whose last dim is %d (in_features), got shape %s", n_in,
      shape_str(x.shape)), 2)
  end
  local Wt = W:t() -- a view: BLAS reads it with a transpose flag
  if nd == 2 then
    if b then return lt.addmm(b, x, Wt) end
    return x:mm(Wt)
  elseif nd == 1 then
    local y = x:matmul(Wt)
    if b then return y + b end
    return y
  end
  local shape = x.shape
  local x2 = x:reshape(-1, n_in)
  local y = b and lt.addmm(b, x2, Wt) or x2:mm(Wt)
  shape[nd] = self.out_features
  return y:view(shape)
end

function Linear:extra_repr()
  return fmt("in_features=%d, out_features=%d, bias=%s", self.in_features, self.out_features,
    tostring(self.bias ~= nil))
end

-- Conv2d ----------------------------------------------------------------------------------------

-- The convolution itself (arguments checked by the callers). x (N, C, H, W); W (O, C / groups,
-- kh, kw); b (O) or nil.
-- Computed as im2col + GEMM: the kh * kw shifted (strided) views of the padded input are
-- stacked into a (C * kh * kw, N * Ho * Wo) matrix (each copy moves rows of Wo contiguous
-- elements, far cheaper than copying an unfolded view whose inner runs are kw long), and
-- y^T = W (O, C * kh * kw) . cols + b is one addmm; the result is returned as an NCHW view of
-- that (O, N, Ho, Wo) tensor. With groups G the channels are the outer dim of cols, so cols is
-- a (G, C / G * kh * kw, N * Ho * Wo) batch as it stands, and one baddbmm of the (G, O / G,
-- C / G * kh * kw) weights gives (G, O / G, N * Ho * Wo) = (O, N * Ho * Wo): no loop over groups,
-- no extra copy (depthwise, G = C, is the same call).
local function conv2d(who, x, W, b, kh, kw, sh, sw, ph, pw, dh, dw, G, level)
  local N, C, H, Wd = x:size(1), x:size(2), x:size(3), x:size(4)
  local ekh, ekw = (kh - 1) * dh + 1, (kw - 1) * dw + 1 -- the dilated kernel's extent
  local Hp, Wp = H + 2 * ph, Wd + 2 * pw
  if Hp < ekh or Wp < ekw then
    error(fmt("%s: the input %s (padded to %dx%d) is smaller than the kernel (%dx%d)", who, shape_str(x.shape),
      Hp, Wp, ekh, ekw), level)
  end
  if ph > 0 or pw > 0 then x = pad2d(x, ph, pw, 0) end
  local Ho, Wo = (Hp - ekh) // sh + 1, (Wp - ekw) // sw + 1
  local O, K, M = W:size(1), C * kh * kw, N * Ho * Wo
  local cols
  if kh == 1 and kw == 1 and sh == 1 and sw == 1 then
    cols = x:transpose(1, 2):reshape(C, M)
  else
    local shifted = {}
    for i = 1, kh do
      local r0 = (i - 1) * dh + 1
      for j = 1, kw do
        local c0 = (j - 1) * dw + 1
        shifted[#shifted + 1] = x[{ {}, {}, { r0, r0 + (Ho - 1) * sh, sh }, { c0, c0 + (Wo - 1) * sw, sw } }]
          :transpose(1, 2) -- (C, N, Ho, Wo)
      end
    end
    cols = lt.stack(shifted, 2):view(K, M) -- (C, kh * kw, N, Ho, Wo): the one im2col copy
  end
  local y
  if G == 1 then
    local Wm = W:view(O, K)
    y = b and lt.addmm(b:view(O, 1), Wm, cols) or Wm:mm(cols) -- (O, N * Ho * Wo)
  else
    local Og, Kg = O // G, K // G
    local Wg, cg = W:view(G, Og, Kg), cols:view(G, Kg, M)
    y = b and lt.baddbmm(b:view(G, Og, 1), Wg, cg) or Wg:bmm(cg) -- (G, O / G, N * Ho * Wo)
  end
  return y:view(O, N, Ho, Wo):transpose(1, 2)
end

local Conv2d = Module:extend("Conv2d")
L.Conv2d = Conv2d

--- nn.Conv2d(in_channels, out_channels, kernel_size [, {stride = 1, padding = 0, dilation = 1,
-- groups = 1, bias = true, dtype}]): 2-d cross-correlation of NCHW input (or CHW, unbatched), as
-- PyTorch. kernel_size, stride, padding and dilation are integers or pairs {h, w}. groups splits
-- the channels into that many groups convolved separately (in_channels and out_channels must
-- be divisible by it; output channels g * out/groups + 1 .. (g + 1) * out/groups see input
-- channels g * in/groups + 1 .. (g + 1) * in/groups); groups = in_channels is a depthwise
-- convolution. Weight (out, in / groups, kh, kw) and bias (out) from
-- U(-1/sqrt(fan_in), 1/sqrt(fan_in)), fan_in = in / groups * kh * kw.
-- im2col + one GEMM (one batched GEMM over the groups); see nn.conv2d.
function Conv2d:init(in_channels, out_channels, kernel_size, opts)
  local who = "Conv2d"
  check_int(who, "in_channels", in_channels)
  check_int(who, "out_channels", out_channels)
  opts = check_opts(who, opts)
  local dtype = check_dtype(who, opts.dtype)
  local groups = check_int(who, "groups", opts.groups or 1)
  if in_channels % groups ~= 0 then
    error(fmt("Conv2d: in_channels (%d) must be divisible by groups (%d)", in_channels, groups), 3)
  end
  if out_channels % groups ~= 0 then
    error(fmt("Conv2d: out_channels (%d) must be divisible by groups (%d)", out_channels, groups), 3)
  end
  self.in_channels, self.out_channels, self.groups = in_channels, out_channels, groups
  self.kh, self.kw = pair(who, "kernel_size", kernel_size, 1)
  self.sh, self.sw = pair(who, "stride", opts.stride or 1, 1)
  self.ph, self.pw = pair(who, "padding", opts.padding or 0, 0)
  self.dh, self.dw = pair(who, "dilation", opts.dilation or 1, 1)
  self:add_parameter("weight", lt.empty(out_channels, in_channels // groups, self.kh, self.kw, dtype))
  if check_bool(who, "bias", opts.bias, true) then self:add_parameter("bias", lt.empty(out_channels, dtype)) end
  self:reset_parameters()
end

function Conv2d:reset_parameters()
  init.kaiming_uniform_(self.weight, sqrt(5))
  local b = self.bias
  if b then
    local fan_in = self.in_channels // (self.groups or 1) * self.kh * self.kw
    init.uniform_(b, -1 / sqrt(fan_in), 1 / sqrt(fan_in))
  end
end

function Conv2d:forward(x)
  local who = "Conv2d"
  local nd = check_input(who, x, 3, 4)
  if nd == 3 then return self:forward(x:unsqueeze(1)):squeeze(1) end
  local params = self._params.map
  if x:size(2) ~= self.in_channels then
    error(fmt("Conv2d: expected %d input channels, got shape %s", self.in_channels, shape_str(x.shape)), 2)
  end
  return conv2d(who, x, params.weight, params.bias, self.kh, self.kw, self.sh, self.sw, self.ph, self.pw, self.dh,
    self.dw, self.groups or 1, 3)
end

function Conv2d:extra_repr()
  local s = fmt("%d, %d, kernel_size=%s, stride=%s", self.in_channels, self.out_channels,
    pair_str(self.kh, self.kw), pair_str(self.sh, self.sw))
  if self.ph ~= 0 or self.pw ~= 0 then s = s .. ", padding=" .. pair_str(self.ph, self.pw) end
  if self.dh ~= 1 or self.dw ~= 1 then s = s .. ", dilation=" .. pair_str(self.dh, self.dw) end
  if (self.groups or 1) ~= 1 then s = s .. ", groups=" .. self.groups end
  if self.bias == nil then s = s .. ", bias=false" end
  return s
end

--- nn.conv2d(input, weight [, bias [, {stride = 1, padding = 0, dilation = 1, groups = 1}]]):
-- the functional form of nn.Conv2d (PyTorch's F.conv2d): input (N, C, H, W) or (C, H, W),
-- weight (out, C / groups, kh, kw), bias (out) or nil; the options as nn.Conv2d's.
function L.conv2d(x, W, b, opts)
  local who = "conv2d"
  if type(b) == "table" and not is_tensor(b) and opts == nil then b, opts = nil, b end
  local nd = check_input(who, x, 3, 4)
  if not FLOAT[x.dtype] then error(fmt("conv2d: input must be a float tensor, got %s", x.dtype), 2) end
  if not is_tensor(W) or W:dim() ~= 4 then
    error(fmt("conv2d: weight must be a 4-d tensor (out, in / groups, kh, kw), got %s",
      is_tensor(W) and "shape " .. shape_str(W.shape) or type(W)), 2)
  end
  if b ~= nil and (not is_tensor(b) or b:dim() ~= 1 or b:size(1) ~= W:size(1)) then
    error(fmt("conv2d: bias must be a 1-d tensor of %d elements (out channels), got %s", W:size(1),
      is_tensor(b) and "shape " .. shape_str(b.shape) or type(b)), 2)
  end
  opts = opts == nil and {} or opts
  if type(opts) ~= "table" or is_tensor(opts) then
    error(fmt("conv2d: options must be a table, got %s", is_tensor(opts) and "tensor" or type(opts)), 2)
  end
  local sh, sw = pair(who, "stride", opts.stride or 1, 1)
  local ph, pw = pair(who, "padding", opts.padding or 0, 0)
  local dh, dw = pair(who, "dilation", opts.dilation or 1, 1)
  local G = check_int(who, "groups", opts.groups or 1)
  local C = x:size(nd - 2)
  if W:size(1) % G ~= 0 then
    error(fmt("conv2d: out channels (%d, weight dim 1) must be divisible by groups (%d)", W:size(1), G), 2)
  end
  if W:size(2) * G ~= C then
    error(fmt("conv2d: input %s has %d channels, but weight %s with groups = %d expects %d", shape_str(x.shape), C,
      shape_str(W.shape), G, W:size(2) * G), 2)
  end
  if nd == 3 then x = x:unsqueeze(1) end
  local y = conv2d(who, x, W, b, W:size(3), W:size(4), sh, sw, ph, pw, dh, dw, G, 3)
  if nd == 3 then y = y:squeeze(1) end
  return y
end

-- Pooling ---------------------------------------------------------------------------------------

-- The number of windows along a dim of size n (padding p on each side), as PyTorch: floor((n +
-- 2p - k) / s) + 1, or with ceil_mode the ceiling, less one if that last window would start in
-- the right padding (every window starts inside the input or the left padding).
local function pool_out(n, k, s, p, ceil)
  if not ceil then return (n + 2 * p - k) // s + 1 end
  local o = (n + 2 * p - k + s - 1) // s + 1
  if (o - 1) * s >= n + p then o = o - 1 end
  return o
end

-- The windows of the last two dims of x (padded with `value`) as a contiguous (kh * kw, ...,
-- Ho, Wo) tensor: one copy (of the unfolded view, window dims moved to the front), after which
-- each window position is a contiguous slice. With ceil_mode the last windows may run past the
-- padded input: x is padded further at the bottom and right for them. Returns it, Ho, Wo and the
-- input's H, W.
local function windows(who, self, x, value)
  local nd = check_input(who, x, 3, 4)
  local H, W = x:size(nd - 1), x:size(nd)
  local kh, kw, sh, sw, ph, pw = self.kh, self.kw, self.sh, self.sw, self.ph, self.pw
  local Ho, Wo = pool_out(H, kh, sh, ph, self.ceil_mode), pool_out(W, kw, sw, pw, self.ceil_mode)
  if Ho < 1 or Wo < 1 then
    error(fmt("%s: the input %s is smaller than the kernel (%dx%d)", who, shape_str(x.shape), kh, kw), 3)
  end
  -- rows and columns past the padded input that the last windows reach (ceil_mode only)
  local eh, ew = math.max(0, (Ho - 1) * sh + kh - (H + 2 * ph)), math.max(0, (Wo - 1) * sw + kw - (W + 2 * pw))
  if ph > 0 or pw > 0 or eh > 0 or ew > 0 then x = pad2d(x, ph, pw, value, ph + eh, pw + ew) end
  local u = x:unfold(nd - 1, kh, sh):unfold(nd, kw, sw) -- (..., Ho, Wo, kh, kw)
  local perm, shape = { nd + 1, nd + 2 }, { kh * kw }
  for d = 1, nd do
    perm[d + 2] = d
    shape[d + 1] = u:size(d)
  end
  return u:permute(perm):reshape(shape), Ho, Wo, H, W
end

-- up to this many window elements are reduced by a chain of element-wise ops over contiguous
-- slices (far faster than a reduction over tiny strided dims); larger windows by one reduction
local CHAIN = 16

-- MaxPool2d(kernel_size [, stride [, padding]] [, opts]): opts (a table with keys, not a pair)
-- may come in place of stride or padding, and may give them too
local function pool_init(self, who, kernel_size, stride, padding, opts, extra)
  local function is_opts(v) return type(v) == "table" and not is_tensor(v) and v[1] == nil end
  if is_opts(stride) then
    stride, padding, opts = nil, nil, stride
  elseif is_opts(padding) then
    padding, opts = nil, padding
  end
  opts = check_opts(who, opts)
  for k in pairs(opts) do
    if not (k == "stride" or k == "padding" or k == "ceil_mode" or extra[k]) then
      error(fmt("%s: unknown option %s", who, tostring(k)), 3)
    end
  end
  if stride == nil then stride = opts.stride end
  if padding == nil then padding = opts.padding end
  self.kh, self.kw = pair(who, "kernel_size", kernel_size, 1)
  if stride == nil then
    self.sh, self.sw = self.kh, self.kw
  else
    self.sh, self.sw = pair(who, "stride", stride, 1)
  end
  self.ph, self.pw = pair(who, "padding", padding or 0, 0)
  if self.ph * 2 > self.kh or self.pw * 2 > self.kw then
    error(fmt("%s: padding should be at most half of the kernel size", who), 3)
  end
  self.ceil_mode = check_bool(who, "ceil_mode", opts.ceil_mode, false)
  return opts
end

local function pool_repr(self)
  local s = fmt("kernel_size=%s, stride=%s, padding=%s", pair_str(self.kh, self.kw), pair_str(self.sh, self.sw),
    pair_str(self.ph, self.pw))
  if self.ceil_mode then s = s .. ", ceil_mode=true" end
  if self.count_include_pad == false then s = s .. ", count_include_pad=false" end
  return s
end

local MaxPool2d = Module:extend("MaxPool2d")
L.MaxPool2d = MaxPool2d

--- nn.MaxPool2d(kernel_size [, stride = kernel_size [, padding = 0]] [, {stride, padding,
-- ceil_mode = false}]): the maximum of each window of the last two dims of (N, C, H, W) or
-- (C, H, W) input (padding with -inf); unfold + maximum over the window positions. Its gradient
-- goes to the window's maximum (tied maxima share it). ceil_mode rounds the output size up as
-- PyTorch: a last, partial window is kept if it starts inside the input or the left padding.
-- The options table may replace stride or padding: nn.MaxPool2d(3, {stride = 2, ceil_mode = true}).
function MaxPool2d:init(kernel_size, stride, padding, opts)
  pool_init(self, "MaxPool2d", kernel_size, stride, padding, opts, {})
end

function MaxPool2d:forward(x)
  local u = windows("MaxPool2d", self, x, -math.huge)
  local k = u:size(1)
  if k > CHAIN then return u:amax(1) end
  local m = u[1]
  for i = 2, k do m = lt.maximum(m, u[i]) end
  return m
end

MaxPool2d.extra_repr = pool_repr

local AvgPool2d = Module:extend("AvgPool2d")
L.AvgPool2d = AvgPool2d

--- nn.AvgPool2d(kernel_size [, stride = kernel_size [, padding = 0]] [, {stride, padding,
-- ceil_mode = false, count_include_pad = true}]): the mean of each window; unfold + a sum over
-- the window positions. As PyTorch: with count_include_pad (the default) the zero padding
-- counts in the divisor, without it only input elements do; with ceil_mode (output size as
-- MaxPool2d's) the part of a last window past the padded input never counts.
function AvgPool2d:init(kernel_size, stride, padding, opts)
  opts = pool_init(self, "AvgPool2d", kernel_size, stride, padding, opts, { count_include_pad = true })
  self.count_include_pad = check_bool("AvgPool2d", "count_include_pad", opts.count_include_pad, true)
end

-- the divisors of each window along one dim (PyTorch's avg_pool2d), or nil if all are k
local function divisors(n, k, s, p, o, include_pad)
  local t, uniform = {}, true
  for i = 1, o do
    local lo = (i - 1) * s - p
    local hi = math.min(lo + k, n + p)
    if include_pad then
      t[i] = hi - lo
    else
      t[i] = math.min(hi, n) - math.max(lo, 0)
    end
    uniform = uniform and t[i] == k
  end
  return not uniform and t or nil
end

function AvgPool2d:forward(x)
  local u, Ho, Wo, H, W = windows("AvgPool2d", self, x, 0)
  local k = u:size(1)
  local inc = self.count_include_pad ~= false
  local dh = divisors(H, self.kh, self.sh, self.ph, Ho, inc)
  local dw = divisors(W, self.kw, self.sw, self.pw, Wo, inc)
  if k > CHAIN and not dh and not dw then return u:mean(1) end
  local m
  if k > CHAIN then
    m = u:sum(1)
  else
    m = u[1]
    for i = 2, k do m = m + u[i] end
  end
  if not dh and not dw then return m * (1 / k) end
  local rh, rw = {}, {}
  for i = 1, Ho do rh[i] = 1 / (dh and dh[i] or self.kh) end
  for j = 1, Wo do rw[j] = 1 / (dw and dw[j] or self.kw) end
  -- (Ho, Wo) reciprocals of the divisors: a constant, broadcast over the leading dims
  return m * lt.tensor(rh, m.dtype):view(Ho, 1) * lt.tensor(rw, m.dtype):view(1, Wo)
end

AvgPool2d.extra_repr = pool_repr

-- Flatten, Identity, Dropout --------------------------------------------------------------------

local Flatten = Module:extend("Flatten")
L.Flatten = Flatten

--- nn.Flatten([start_dim = 2 [, end_dim = -1]]): x:flatten(start_dim, end_dim) (dim 1 is the batch)
function Flatten:init(start_dim, end_dim)
  self.start_dim, self.end_dim = start_dim or 2, end_dim or -1
  if mtype(self.start_dim) ~= "integer" or mtype(self.end_dim) ~= "integer" then
    error("Flatten: start_dim and end_dim must be integers", 3)
  end
end

function Flatten:forward(x) return x:flatten(self.start_dim, self.end_dim) end

function Flatten:extra_repr() return fmt("start_dim=%d, end_dim=%d", self.start_dim, self.end_dim) end

local Identity = Module:extend("Identity")
L.Identity = Identity

--- nn.Identity(): returns its input
function Identity:forward(x) return x end

local Dropout = Module:extend("Dropout")
L.Dropout = Dropout

--- nn.Dropout([p = 0.5]): in training, zeroes each element with probability p and scales the
-- others by 1 / (1 - p) (inverted dropout; the mask is drawn from the seeded generator); in
-- eval mode (m:eval()) returns its input.
function Dropout:init(p)
  self.p = check_number("Dropout", "p", p, 0.5, 0, 1)
end

function Dropout:forward(x)
  local p = self.p
  if not self.training or p == 0 then return x end
  if p == 1 then return x * 0 end
  local mask = lt.rand_like(x):lt(1 - p):to(x.dtype):mul_(1 / (1 - p)) -- fresh: nothing tracks it
  return x * mask
end

function Dropout:extra_repr() return fmt("p=%g", self.p) end

-- Embedding ---------------------------------------------------------------------------------------

local Embedding = Module:extend("Embedding")
L.Embedding = Embedding

--- nn.Embedding(num_embeddings, embedding_dim [, {padding_idx, dtype}]): a lookup table; weight
-- (num, dim) from N(0, 1). The input is an integer tensor of 1-based indices, any shape; the
-- output has a last dim of embedding_dim (index_select of the rows). With padding_idx (1-based),
-- that row starts at zero and gets no gradient.
function Embedding:init(num_embeddings, embedding_dim, opts)
  local who = "Embedding"
  check_int(who, "num_embeddings", num_embeddings)
  check_int(who, "embedding_dim", embedding_dim)
  opts = check_opts(who, opts)
  local dtype = check_dtype(who, opts.dtype)
  self.num_embeddings, self.embedding_dim = num_embeddings, embedding_dim
  local pad = opts.padding_idx
  if pad ~= nil then
    if mtype(pad) ~= "integer" or pad == 0 or pad > num_embeddings or pad < -num_embeddings then
      error(fmt("Embedding: padding_idx must be a 1-based index into %d rows, got %s", num_embeddings,
        tostring(pad)), 3)
    end
    if pad < 0 then pad = num_embeddings + 1 + pad end
    self.padding_idx = pad
  end
  self:add_parameter("weight", lt.empty(num_embeddings, embedding_dim, dtype))
  self:reset_parameters()
end

function Embedding:reset_parameters()
  init.normal_(self.weight)
  if self.padding_idx then lt.no_grad(function() self.weight[self.padding_idx] = 0 end) end
end

function Embedding:forward(idx)
  if not is_tensor(idx) or not INT[idx.dtype] then
    error("Embedding: expected an int32 or int64 tensor of 1-based indices, got " ..
      (is_tensor(idx) and idx.dtype .. " tensor" or type(idx)), 2)
  end
  local W = self._params.map.weight
  if idx:numel() > 0 then
    local lo, hi = idx:amin():item(), idx:amax():item()
    if lo < 1 or hi > self.num_embeddings then
      error(fmt("Embedding: index %d out of range for %d embeddings (indices are 1-based)", lo < 1 and lo or hi,
        self.num_embeddings), 2)
    end
  end
  local shape = idx.shape
  local y = W:index_select(1, idx:reshape(-1))
  if self.padding_idx then
    y = y:masked_fill(idx:reshape(-1, 1):eq(self.padding_idx), 0)
  end
  shape[#shape + 1] = self.embedding_dim
  return y:view(shape)
end

function Embedding:extra_repr()
  local s = fmt("%d, %d", self.num_embeddings, self.embedding_dim)
  if self.padding_idx then s = s .. ", padding_idx=" .. self.padding_idx end
  return s
end

-- Normalization -----------------------------------------------------------------------------------

local LayerNorm = Module:extend("LayerNorm")
L.LayerNorm = LayerNorm

--- nn.LayerNorm(normalized_shape [, {eps = 1e-5, elementwise_affine = true, bias = true, dtype}]):
-- normalizes over the trailing dims given by normalized_shape (an integer or a table), with the
-- biased variance, then scales by weight (ones) and adds bias (zeros).
function LayerNorm:init(normalized_shape, opts)
  local who = "LayerNorm"
  if mtype(normalized_shape) == "integer" then normalized_shape = { normalized_shape } end
  if type(normalized_shape) ~= "table" or #normalized_shape == 0 then
    error("LayerNorm: normalized_shape must be an integer or a non-empty table of them", 3)
  end
  local shape = {}
  for i, s in ipairs(normalized_shape) do shape[i] = check_int(who, "normalized_shape", s) end
  opts = check_opts(who, opts)
  local dtype = check_dtype(who, opts.dtype)
  self.normalized_shape = shape
  self.eps = check_number(who, "eps", opts.eps, 1e-5, 0)
  self.elementwise_affine = check_bool(who, "elementwise_affine", opts.elementwise_affine, true)
  local dims = {}
  for i = 1, #shape do dims[i] = -i end
  self._dims = dims
  if self.elementwise_affine then
    self:add_parameter("weight", lt.ones(shape, dtype))
    if check_bool(who, "bias", opts.bias, true) then self:add_parameter("bias", lt.zeros(shape, dtype)) end
  end
end

function LayerNorm:forward(x)
  local shape = self.normalized_shape
  local k = #shape
  local nd = check_input("LayerNorm", x, k)
  for i = 1, k do
    if x:size(nd - k + i) ~= shape[i] then
      error(fmt("LayerNorm: expected an input whose trailing dims are %s, got shape %s", shape_str(shape),
        shape_str(x.shape)), 2)
    end
  end
  local dims = self._dims
  local mean = x:mean(dims, true)
  local var = x:var(dims, false, true)
  local y = (x - mean) * (var + self.eps):rsqrt()
  local params = self._params.map
  if params.weight then y = y * params.weight end
  if params.bias then y = y + params.bias end
  return y
end

function LayerNorm:extra_repr()
  return fmt("%s, eps=%g, elementwise_affine=%s", shape_str(self.normalized_shape), self.eps,
    tostring(self.elementwise_affine))
end

local BatchNorm1d = Module:extend("BatchNorm1d")
L.BatchNorm1d = BatchNorm1d

--- nn.BatchNorm1d(num_features [, {eps = 1e-5, momentum = 0.1, affine = true,
-- track_running_stats = true, dtype}]): input (N, C) or (N, C, L). In training, normalizes with
-- the batch's mean and biased variance and updates the buffers running_mean and running_var
-- (with the unbiased variance, as PyTorch; momentum = false gives the cumulative average) and
-- num_batches_tracked, without recording; in eval mode, normalizes with the running statistics.
-- weight starts at ones, bias at zeros.
function BatchNorm1d:init(num_features, opts)
  local who = "BatchNorm1d"
  check_int(who, "num_features", num_features)
  opts = check_opts(who, opts)
  local dtype = check_dtype(who, opts.dtype)
  self.num_features = num_features
  self.eps = check_number(who, "eps", opts.eps, 1e-5, 0)
  if opts.momentum == false then
    self.momentum = false
  else
    self.momentum = check_number(who, "momentum", opts.momentum, 0.1, 0, 1)
  end
  self.affine = check_bool(who, "affine", opts.affine, true)
  self.track_running_stats = check_bool(who, "track_running_stats", opts.track_running_stats, true)
  if self.affine then
    self:add_parameter("weight", lt.ones(num_features, dtype))
    self:add_parameter("bias", lt.zeros(num_features, dtype))
  end
  if self.track_running_stats then
    self:add_buffer("running_mean", lt.zeros(num_features, dtype))
    self:add_buffer("running_var", lt.ones(num_features, dtype))
    self:add_buffer("num_batches_tracked", lt.tensor(0))
  end
end

local DIMS2, DIMS3 = { 1 }, { 1, 3 }

function BatchNorm1d:forward(x)
  local nd = check_input("BatchNorm1d", x, 2, 3)
  local C = self.num_features
  if x:size(2) ~= C then
    error(fmt("BatchNorm1d: expected %d features in dim 2, got shape %s", C, shape_str(x.shape)), 2)
  end
  local stat_shape = nd == 2 and { C } or { C, 1 } -- broadcasts against (N, C) or (N, C, L)
  local bufs, params = self._buffers.map, self._params.map
  local mean, var
  if self.training or not self.track_running_stats then
    local dims = nd == 2 and DIMS2 or DIMS3
    local n = x:numel() // C
    if n <= 1 and self.training then
      error(fmt("BatchNorm1d: expected more than 1 value per channel when training, got input shape %s",
        shape_str(x.shape)), 2)
    end
    mean = x:mean(dims, true)
    var = x:var(dims, false, true)
    if self.training and self.track_running_stats then
      lt.no_grad(function()
        local nbt = bufs.num_batches_tracked
        nbt:add_(1)
        local m = self.momentum or 1 / nbt:item()
        local rm, rv = bufs.running_mean, bufs.running_var
        rm:mul_(1 - m):add_(mean:detach():view(C) * m)
        rv:mul_(1 - m):add_(var:detach():view(C) * (m * n / (n - 1)))
      end)
    end
  else
    mean = bufs.running_mean:view(stat_shape)
    var = bufs.running_var:view(stat_shape)
  end
  local y = (x - mean) * (var + self.eps):rsqrt()
  if params.weight then y = y * params.weight:view(stat_shape) + params.bias:view(stat_shape) end
  return y
end

function BatchNorm1d:extra_repr()
  return fmt("%d, eps=%g, momentum=%s, affine=%s, track_running_stats=%s", self.num_features, self.eps,
    self.momentum and fmt("%g", self.momentum) or "false", tostring(self.affine), tostring(self.track_running_stats))
end

-- Activations -------------------------------------------------------------------------------------

local function activation(name, fn)
  local A = Module:extend(name)
  A.forward = function(_, x) return fn(x) end
  L[name] = A
  return A
end

--- nn.ReLU(), nn.Tanh(), nn.Sigmoid(), nn.GELU() (exact, with erf), nn.SiLU(), nn.Softplus()
activation("ReLU", lt.relu)
activation("Tanh", lt.tanh)
activation("Sigmoid", lt.sigmoid)
activation("GELU", lt.gelu)
activation("SiLU", lt.silu)
activation("Softplus", lt.softplus)

local LeakyReLU = Module:extend("LeakyReLU")
L.LeakyReLU = LeakyReLU

--- nn.LeakyReLU([negative_slope = 0.01]): x for x > 0, negative_slope * x otherwise
function LeakyReLU:init(negative_slope)
  self.negative_slope = check_number("LeakyReLU", "negative_slope", negative_slope, 0.01)
end

function LeakyReLU:forward(x)
  return lt.where(x:gt(0), x, x * self.negative_slope)
end

function LeakyReLU:extra_repr() return fmt("negative_slope=%g", self.negative_slope) end

local function dim_module(name, method)
  local D = Module:extend(name)
  function D:init(dim)
    if dim ~= nil and mtype(dim) ~= "integer" then error(name .. ": dim must be an integer", 3) end
    self.dim = dim or -1
  end
  D.forward = function(self, x) return x[method](x, self.dim) end
  D.extra_repr = function(self) return "dim=" .. self.dim end
  L[name] = D
end

--- nn.Softmax([dim = -1]), nn.LogSoftmax([dim = -1])
dim_module("Softmax", "softmax")
dim_module("LogSoftmax", "log_softmax")

return L
