--- luatensor.nn.init_fns: nn.init, PyTorch's weight initializers, drawing from the library's
-- seeded generator (lt.manual_seed). Each fills its tensor in place (outside any recording tape,
-- as for every in-place write into a parameter) and returns it.
local lt = require "luatensor"

local init = {}

-- the first argument of every initializer: a live tensor (raw Lua errors otherwise)
local function check_tensor(t, who)
  if not lt.is_tensor(t) then
    error(string.format("nn.init.%s: expected a tensor, got %s", who, type(t)), 3)
  end
end

local function fans(t, who)
  check_tensor(t, who)
  local nd = t:dim()
  if nd < 2 then error(who .. ": fan in and fan out need a tensor of at least 2 dims", 3) end
  local receptive = 1
  for d = 3, nd do receptive = receptive * t:size(d) end
  return t:size(2) * receptive, t:size(1) * receptive
end

--- nn.init.calculate_fan_in_and_fan_out(t) -> fan_in, fan_out (dim 2 and dim 1 times the
-- receptive field, as PyTorch)
function init.calculate_fan_in_and_fan_out(t) return fans(t, "calculate_fan_in_and_fan_out") end

--- nn.init.calculate_gain(nonlinearity [, param]) as PyTorch
function init.calculate_gain(nonlinearity, param)
  if type(nonlinearity) ~= "string" then
    error("calculate_gain: nonlinearity must be a string, got " .. type(nonlinearity), 2)
  end
  if param ~= nil and type(param) ~= "number" then
    error("calculate_gain: param must be a number, got " .. type(param), 2)
  end
  if nonlinearity == "linear" or nonlinearity == "sigmoid" or nonlinearity:match("^conv") then return 1 end
  if nonlinearity == "tanh" then return 5 / 3 end
  if nonlinearity == "relu" then return math.sqrt(2) end
  if nonlinearity == "leaky_relu" then
    local a = param or 0.01
    return math.sqrt(2 / (1 + a * a))
  end
  if nonlinearity == "selu" then return 3 / 4 end
  error("calculate_gain: unsupported nonlinearity " .. tostring(nonlinearity), 2)
end

local function run(fn) return lt.no_grad(fn) end

function init.uniform_(t, a, b) check_tensor(t, "uniform_") return run(function() return t:uniform_(a or 0, b or 1) end) end
function init.normal_(t, mean, std) check_tensor(t, "normal_") return run(function() return t:normal_(mean or 0, std or 1) end) end
function init.constant_(t, v) check_tensor(t, "constant_") return run(function() return t:fill_(v) end) end
function init.zeros_(t) check_tensor(t, "zeros_") return run(function() return t:zero_() end) end
function init.ones_(t) check_tensor(t, "ones_") return run(function() return t:fill_(1) end) end

--- xavier_uniform_(t [, gain = 1]): U(-a, a), a = gain * sqrt(6 / (fan_in + fan_out))
function init.xavier_uniform_(t, gain)
  local fi, fo = fans(t, "xavier_uniform_")
  local a = (gain or 1) * math.sqrt(6 / (fi + fo))
  return init.uniform_(t, -a, a)
end

--- xavier_normal_(t [, gain = 1]): N(0, gain * sqrt(2 / (fan_in + fan_out)))
function init.xavier_normal_(t, gain)
  local fi, fo = fans(t, "xavier_normal_")
  return init.normal_(t, 0, (gain or 1) * math.sqrt(2 / (fi + fo)))
end

local function kaiming_std(t, who, a, mode, nonlinearity)
  local fi, fo = fans(t, who)
  local fan = (mode or "fan_in") == "fan_in" and fi or fo
  local gain = init.calculate_gain(nonlinearity or "leaky_relu", a or 0)
  return fan > 0 and gain / math.sqrt(fan) or 0
end

--- kaiming_uniform_(t [, a = 0 [, mode = "fan_in" [, nonlinearity = "leaky_relu"]]]):
-- U(-b, b), b = gain * sqrt(3 / fan). nn.Linear and nn.Conv2d use a = sqrt(5), which gives
-- b = 1 / sqrt(fan_in).
function init.kaiming_uniform_(t, a, mode, nonlinearity)
  local b = math.sqrt(3) * kaiming_std(t, "kaiming_uniform_", a, mode, nonlinearity)
  return init.uniform_(t, -b, b)
end

--- kaiming_normal_(t [, a = 0 [, mode [, nonlinearity]]]): N(0, gain / sqrt(fan))
function init.kaiming_normal_(t, a, mode, nonlinearity)
  return init.normal_(t, 0, kaiming_std(t, "kaiming_normal_", a, mode, nonlinearity))
end

return init
