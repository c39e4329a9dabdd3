-- examples/embed/train.lua: run by examples/embed/host_static.c (make embed).
-- The host gives a global `w`: a float32 tensor of 3 elements over the host's own float array
-- (zero-copy) and the module as the global `lt`. The script fits w to a small linear regression
-- y = X w* with the gradient tape and updates w IN PLACE (w:sub_), outside the tape, so the host
-- reads the trained weights straight from its array afterwards.
local lt = lt or require "luatensor"
assert(w ~= nil and w.dtype == lt.float32 and w:numel() == 3, "the host must set a global w")

lt.manual_seed(7)
local w_true = lt.tensor({ 2.0, -3.0, 0.5 })
local X = lt.randn(64, 3)
local y = X:matmul(w_true)

local lr, steps = 0.1, 300
local loss
for step = 1, steps do
  local tape <close> = lt.tape()
  tape:watch(w)
  loss = (X:matmul(w) - y):pow(2):mean()
  local g = tape:gradient(loss, w)
  tape:stop()
  w:sub_(lr * g) -- in place, on the host's memory
  if step == 1 or step % 100 == 0 then
    print(string.format("step %3d  loss %.6f", step, loss:item()))
  end
end
print("trained w:", w)
assert(loss:item() < 1e-6, "not converged: loss " .. loss:item())
print("ok")
