--- luatensor: strided n-d tensors for Lua 5.4.
-- The C core (luatensor.core) is the module table and the tensors' method table at once, so
-- every function defined here is also a method: lt.float(t) == t:float().
local lt = require "luatensor.core"

lt._VERSION = "luatensor scm"

-- Torch7/PyTorch-style conversions. There is no t:bool(): lt.bool is the dtype name; use
-- t:to(lt.bool).
local conversions = {
  float = lt.float32, double = lt.float64, int = lt.int32, long = lt.int64, byte = lt.uint8,
}
for name, dtype in pairs(conversions) do
  lt[name] = function(t) return lt.to(t, dtype) end
end

return lt
