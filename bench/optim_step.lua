-- bench/optim_step.lua: one optimizer's step on parameters totalling ~1M float32 (an MLP's
-- 512x1024, 1024x480, 480x10 weights and biases), 200 timed steps after 5 warm-up steps, with
-- the same gradients every step. Not part of run.sh (no peer runs it); for before/after
-- comparisons of lua/luatensor/optim.lua and the fused ops it uses.
--   lua5.4 bench/optim_step.lua [Adam|AdamW|AMSGrad|SGD|RMSprop] [threads]
-- Time it with OPENBLAS_CORETYPE unset (env -u OPENBLAS_CORETYPE).
local lt = require "luatensor"
local optim = require "luatensor.optim"
local which = arg[1] or "Adam"
local opts = ({
  Adam = {lr = 1e-3},
  AdamW = {lr = 1e-3, weight_decay = 0.01},
  AMSGrad = {lr = 1e-3, amsgrad = true},
  SGD = {lr = 0.01, momentum = 0.9, nesterov = true, weight_decay = 1e-4},
  RMSprop = {lr = 0.01, momentum = 0.9, centered = true},
})[which]
local cls = which == "AMSGrad" and "Adam" or which
lt.manual_seed(1)
if arg[2] then lt.set_num_threads(tonumber(arg[2])) end
local shapes = {{512, 1024}, {1024}, {1024, 480}, {480}, {480, 10}, {10}}
local params, grads, total = {}, {}, 0
for i, s in ipairs(shapes) do
  params[i] = lt.randn(s); grads[i] = lt.randn(s); total = total + params[i]:numel()
end
local opt = optim[cls](params, opts)
for _ = 1, 5 do opt:step(grads) end
local t0 = lt.clock()
local steps = 200
for _ = 1, steps do opt:step(grads) end
local dt = lt.clock() - t0
print(string.format("%-8s %d params  %d steps  %.3f s  %.3f ms/step", which, total, steps, dt, dt / steps * 1e3))
