--- luatensor.nn: neural network modules and losses on the gradient tape.
--
--   local nn = require "luatensor.nn"
--   local model = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 10))
--   local tape = lt.tape()
--   local loss = nn.cross_entropy(model(x), labels)       -- labels: 1-based classes
--   local grads = tape:gradient(loss, model:parameters())  -- one gradient per parameter
--
-- The pieces live in luatensor/nn/: module.lua (nn.Module, nn.Sequential, nn.functional_call),
-- layers.lua (Linear, Conv2d and its functional form nn.conv2d, pooling, Flatten, Dropout,
-- Embedding, LayerNorm, BatchNorm1d, activations), loss.lua (the losses and their module wrappers) and init_fns.lua (nn.init).
-- Everything is re-exported here.
local nn = {}

local function merge(t, from)
  for k, v in pairs(t) do
    if k:sub(1, 1) ~= "_" then
      assert(nn[k] == nil, "luatensor.nn: " .. k .. " is defined twice (" .. from .. ")")
      nn[k] = v
    end
  end
end

merge(require "luatensor.nn.module", "module")
merge(require "luatensor.nn.layers", "layers")
merge(require "luatensor.nn.loss", "loss")
nn.init = require "luatensor.nn.init_fns"

return nn
