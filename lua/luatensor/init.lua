--- luatensor: strided n-d tensors for Lua 5.4.
-- The C core (luatensor.core) is the module table and the tensors' method table at once, so
-- every function defined here is also a method.
local lt = require "luatensor.core"

lt._VERSION = "luatensor scm"

-- The functional forms of the gradient tape (pure Lua, luatensor/autograd.lua): grad,
-- value_and_grad, jacobian, hessian, gradcheck. (A name already bound to the same function is
-- from an earlier run of this file that failed later, e.g. out of memory: running it again is fine.)
for name, fn in pairs(require "luatensor.autograd") do
  assert(lt[name] == nil or lt[name] == fn, "luatensor: autograd's " .. name .. " would replace the core's")
  lt[name] = fn
end

return lt
