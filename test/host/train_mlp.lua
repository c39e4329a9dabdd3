-- test/host/train_mlp.lua: the workload of test/host/threads.c, run by several lua_States at the
-- same time (one per thread) and once alone. Trains a small MLP on synthetic data from a fixed
-- seed with the tape, Adam, matmul (OpenBLAS), element-wise ops large enough to be split over the
-- state's thread pool, and a reduction; returns a fingerprint of the result that must be the same
-- bit for bit in every run: the final loss and every parameter, as hex floats.
local lt = require "luatensor"
local nn = require "luatensor.nn"
local optim = require "luatensor.optim"

lt.manual_seed(2024)
local X = lt.randn(256, 16)
local y = (X:matmul(lt.randn(16, 1)):tanh() + 0.1 * lt.randn(256, 1)):squeeze(2)
local model = nn.Sequential(nn.Linear(16, 32), nn.Tanh(), nn.Linear(32, 1))
local params = model:parameters()
local opt = optim.Adam(params, { lr = 0.01 })

local loss
for _ = 1, 60 do
  local tape <close> = lt.tape()
  loss = nn.mse_loss(model(X):squeeze(2), y)
  opt:step(tape:gradient(loss, params))
end
-- a large element-wise op and reduction: above the pool's grain, so the workers take part
local big = lt.rand(400000, "float64")
local spread = ((big - big:mean()) * (big - 0.5)):sum()

local parts = { string.format("%a", loss:item()), string.format("%a", spread:item()) }
for _, p in ipairs(params) do
  local flat = p:reshape(-1)
  for i = 1, flat:numel() do parts[#parts + 1] = string.format("%a", flat[i]) end
end
return table.concat(parts, " ")
