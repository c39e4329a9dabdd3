--- luatensor: strided n-d tensors for Lua 5.4.
-- The C core (luatensor.core) is the module table and the tensors' method table at once, so
-- every function defined here is also a method.
local lt = require "luatensor.core"

lt._VERSION = "luatensor scm"

return lt
