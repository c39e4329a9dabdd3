-- test/host/oom_workload.lua: what test/host/oom.c runs again and again while its allocator fails
-- at one allocation after another. It touches every layer that allocates from Lua: tensor
-- boxes, printing, views, reductions, products, einsum, joins, indexing, the tape, nn + optim,
-- the file formats and the C API's tensors (the host passes `ext`, over its own buffer, and
-- `copy`). Any error must be a memory error; other failures re-raise their own message, which
-- the host then reports as not being one.
local ext, copy, path = ...
local lt = require "luatensor"
local nn = require "luatensor.nn"
local optim = require "luatensor.optim"

lt.manual_seed(1)
local a = lt.randn(4, 5)
local b = lt.randn(5, 3, "float64")
local c = a:matmul(b) + 1
local text = tostring(c) .. tostring(ext)
assert(#text > 0)
local v = c:t()[{ { 1, 2 } }]:contiguous()
local r = c:sum(1, true):amax() + v:mean() + ext:sum() + copy:sum()
ext:add_(1) -- in place, in the host's memory
local e = lt.einsum("ij,jk->ik", a, b)
local joined = lt.cat({ a, a, a }, 1):narrow(1, 2, 4) + lt.stack({ a, a }):sum(1)
local picked = a:index_select(1, lt.tensor({ 1, 3 }, "int64"))

local x = lt.variable(lt.randn(3, 3, "float64"))
do
  local tape <close> = lt.tape()
  local y = (x:matmul(x):tanh() * 2 + x:exp()):sum()
  local g = tape:gradient(y, x)
  assert(g.shape[1] == 3)
end

local model = nn.Sequential(nn.Linear(5, 4), nn.ReLU(), nn.Linear(4, 2))
local params = model:parameters()
local opt = optim.Adam(params, { lr = 0.01 })
local labels = lt.tensor({ 1, 2, 1, 2 }, "int64")
for _ = 1, 2 do
  local tape <close> = lt.tape()
  local loss = nn.cross_entropy(model(a), labels)
  opt:step(tape:gradient(loss, params))
end

lt.save(path, { a = a, b = b }, { note = "oom" })
local back = lt.load(path)
assert(back.a:eq(a):all():item())
lt.save_npy(path .. ".npy", b)
assert(lt.load_npy(path .. ".npy"):eq(b):all():item())

-- an error that is not about memory keeps its own message (or becomes a memory error)
local ok, msg = pcall(lt.matmul, lt.zeros(2, 3), lt.zeros(2, 3))
if ok or not (msg:find("cannot be multiplied", 1, true) or msg:find("not enough memory", 1, true)) then
  error(ok and "matmul of (2x3) and (2x3) succeeded" or msg, 0)
end
return r:item() + e:sum():item() + joined:sum():item() + picked:sum():item()
