-- A short tour of luatensor: creating, viewing, slicing, writing and printing tensors.
-- Run it with `make demo` (or `lua5.4 examples/tour.lua` once the module is on your paths).
local lt = require "luatensor"

local function section(title) print(("\n-- %s %s"):format(title, ("-"):rep(60 - #title))) end

section("creating")
local a = lt.tensor({ { 1.0, 2.0 }, { 3.0, 4.0 } })
print("lt.tensor({{1.0, 2.0}, {3.0, 4.0}}) ->")
print(a)
print("dtype", a.dtype, "shape", table.concat(a:size(), "x"), "strides", table.concat(a:stride(), ","))
print(lt.tensor({ 1, 2, 3 }))                   -- Lua integers give int64
print(lt.tensor({ true, false }))               -- booleans give bool
print(lt.zeros(2, 3, lt.float64))
print(lt.arange(0, 1, 0.25))
print(lt.linspace(-1, 1, 5))
print(lt.eye(3))
lt.manual_seed(42)                              -- every run prints the same numbers
print(lt.randn(2, 3))
print(lt.randint(1, 7, { 10 }))                 -- dice: 1..6 (the high end is excluded)

section("views share memory")
local x = lt.arange(12):view(3, 4)
print(x)
local xt = x:t()
print("x:t() is a view:", xt:is_contiguous() and "contiguous" or "not contiguous", "strides", table.concat(xt:stride(), ","))
local row = x[2]
row:fill_(0)                                    -- writes into x's memory
print("after x[2]:fill_(0):")
print(x)
print("x:unsqueeze(1):expand(2, 3, 4) has strides", table.concat(x:unsqueeze(1):expand(2, 3, 4):stride(), ","))

section("slicing, Torch7 style (1-based, inclusive, negative from the end)")
local m = lt.arange(1, 21):view(4, 5)
print(m)
print("m[{ {2, 3}, {} }] ->")
print(m[{ { 2, 3 }, {} }])
print("m[{ {}, -1 }] (last column) ->")
print(m[{ {}, -1 }])
print("m[{ {-1, 1, -2}, {1, 5, 2} }] (every other row backwards, odd columns) ->")
print(m[{ { -1, 1, -2 }, { 1, 5, 2 } }])
print("m[{2, 3}] ->", m[{ 2, 3 }])
m[{ { 1, 2 }, { 1, 2 } }] = -1                  -- assignment writes through the view
m[{ 4, {} }] = lt.tensor({ 9, 9, 9, 9, 9 })
print(m)

section("converting and reading")
local f = lt.tensor({ -1.5, 0.5, 300.7 })
print(f:to(lt.int32), f:to(lt.uint8), f:to(lt.bool))
print("item", lt.tensor({ { 7.25 } }):item(), "totable", table.concat(lt.arange(4):totable(), " "))

section("element-wise ops: * is the Hadamard product")
local p = lt.tensor({ { 1.0, 2.0 }, { 3.0, 4.0 } })
local q = lt.tensor({ { 5.0, 6.0 }, { 7.0, 8.0 } })
print("p * q ->")
print(p * q)
print("p * lt.tensor({5.0, 6.0}) (broadcast over rows) ->")
print(p * lt.tensor({ 5.0, 6.0 }))
local p64 = p:to(lt.float64)
print("p:to(float64):mul_(q) (in place, dtypes promote) ->")
print(p64:mul_(q))
print("2 * p + 1, p:exp(), p:gt(2) ->")
print(2 * p + 1, p:exp(), p:gt(2))
print(("float32 * float64 gives %s; int64 * 2.5 gives %s"):format((p * p64).dtype, (lt.arange(3) * 2.5).dtype))

section("reductions")
local r = lt.arange(1, 13):view(3, 4):float()
print(r)
print("sum", r:sum():item(), "mean over dim 1", r:mean(1), "max over dim 2:")
local values, indices = r:max(2)
print(values, indices)
print("softmax over dim 2 (rows sum to 1) ->")
print(r:softmax(2))

section("big tensors print short")
print(lt.arange(1000000):view(1000, 1000))

section("memory")
do
  local big <close> = lt.zeros(4096, 4096)     -- 64 MiB, released at the end of this block
  print(("inside the block: %.0f MiB in tensor buffers"):format(lt.memory_stats().allocated / 2 ^ 20))
end
print(("after the block:  %.0f MiB in tensor buffers"):format(lt.memory_stats().allocated / 2 ^ 20))

section("matrix products and einsum")
local A = lt.tensor({ { 1.0, 2.0 }, { 3.0, 4.0 } })
local B = lt.tensor({ { 5.0, 6.0 }, { 7.0, 8.0 } })
print("A:matmul(B) ->", A:matmul(B))
print("einsum('ij,jk->ik') is the same ->", lt.einsum("ij,jk->ik", A, B))
print("OpenBLAS kernels:", lt.blas_info().coretype)

section("gradients from a tape")
do
  local tape <close> = lt.tape()
  tape:watch(A, B)
  local loss = A:matmul(B):sum()
  local grads = tape:gradient(loss, { A, B })
  print("d sum(A.B) / dA ->", grads[1])
  print("d sum(A.B) / dB ->", grads[2])
end
local cube = function(x) return (x * x * x):sum() end
print("lt.grad(x^3) at (1, 2) ->", lt.grad(cube)(lt.tensor({ 1.0, 2.0 })))
print("second derivative ->", lt.grad(function(x) return lt.grad(cube)(x):sum() end)(lt.tensor({ 1.0, 2.0 })))
