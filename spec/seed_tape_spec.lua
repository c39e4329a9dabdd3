-- The seed article "How can I compute the differentiable product of tensors in TensorFlow?"
-- (shared/seeds/001_879aa10eec46ddd4.txt): its three GradientTape examples, written in Lua.
-- The article's example 1 computes C = tf.matmul(A, B) before the tape starts, so TensorFlow
-- would give no gradient (loss = reduce_sum(C) would not depend on the watched A and B); here
-- C is computed inside the tape, as the article means it.
local lt = require "luatensor"

-- central differences of sum(f(A, B)) with respect to every element of A and of B (float64)
local function finite_differences(f, A, B, eps)
  eps = eps or 1e-6
  local grads = {}
  for which, T in ipairs({ A, B }) do
    local flat = T:view(-1)
    local g = lt.zeros(T.shape, lt.float64)
    local gflat = g:view(-1)
    for k = 1, flat:numel() do
      local v = flat[k]
      flat[k] = v + eps
      local plus = f(A, B):sum():item()
      flat[k] = v - eps
      local minus = f(A, B):sum():item()
      flat[k] = v
      gflat[k] = (plus - minus) / (2 * eps)
    end
    grads[which] = g
  end
  return grads[1], grads[2]
end

describe("seed: differentiable products with a gradient tape", function()
  it("example 1: matrix multiplication, loss = sum(C), gradients of A and B", function()
    -- Define tensors
    local A = lt.tensor({{1.0, 2.0}, {3.0, 4.0}}, lt.float32)
    local B = lt.tensor({{5.0, 6.0}, {7.0, 8.0}}, lt.float32)

    local tape <close> = lt.tape()
    tape:watch({A, B})
    local C = A:matmul(B)      -- recorded: inside the tape
    local loss = C:sum()       -- example loss function

    local grads = tape:gradient(loss, {A, B})
    local dA, dB = grads[1], grads[2]

    assert.are.equal("tensor([[19., 22.],\n        [43., 50.]], dtype=float32)", tostring(C))
    assert.are.equal("tensor([[11., 15.],\n        [11., 15.]], dtype=float32)", tostring(dA))
    assert.are.equal("tensor([[4., 4.],\n        [6., 6.]], dtype=float32)", tostring(dB))
    assert.are_same({{11.0, 15.0}, {11.0, 15.0}}, dA:totable())
    assert.are_same({{4.0, 4.0}, {6.0, 6.0}}, dB:totable())
    assert.are.equal("float32", dA.dtype)
  end)

  it("example 1 as the article wrote it: C computed before the tape gives no gradient", function()
    local A = lt.tensor({{1.0, 2.0}, {3.0, 4.0}})
    local B = lt.tensor({{5.0, 6.0}, {7.0, 8.0}})
    local C = A:matmul(B)
    local tape <close> = lt.tape()
    tape:watch({A, B})
    local loss = C:sum()
    local grads = tape:gradient(loss, {A, B})
    assert.are.equal(2, grads.n)
    assert.is_nil(grads[1]) -- None in TensorFlow
    assert.is_nil(grads[2])
  end)

  it("example 2: element-wise product with a reduction", function()
    local A = lt.tensor({1.0, 2.0, 3.0}, lt.float32)
    local B = lt.tensor({4.0, 5.0, 6.0}, lt.float32)

    local tape <close> = lt.tape()
    tape:watch({A, B})
    local element_wise_product = lt.mul(A, B)
    local loss = element_wise_product:sum()

    local grads = tape:gradient(loss, {A, B})
    local dA, dB = grads[1], grads[2]

    assert.are.equal("tensor([ 4., 10., 18.], dtype=float32)", tostring(element_wise_product))
    assert.are_same({4.0, 5.0, 6.0}, dA:totable())
    assert.are_same({1.0, 2.0, 3.0}, dB:totable())
    assert.are.equal("tensor([4., 5., 6.], dtype=float32)", tostring(dA))
    assert.are.equal("tensor([1., 2., 3.], dtype=float32)", tostring(dB))
  end)

  it("example 3: higher-dimensional tensors with einsum('ijk,ikl->ijl')", function()
    lt.manual_seed(2025)
    local A = lt.randn(3, 2, 4)
    local B = lt.randn(3, 4, 5)

    local tape <close> = lt.tape()
    tape:watch({A, B})
    local C = lt.einsum("ijk,ikl->ijl", A, B) -- efficient contraction
    local loss = C:sum()

    local grads = tape:gradient(loss, {A, B})
    local dA, dB = grads[1], grads[2]

    assert.are_same({3, 2, 4}, A.shape)
    assert.are_same({3, 4, 5}, B.shape)
    assert.are_same({3, 2, 5}, C.shape)
    assert.are_same({3, 2, 4}, dA.shape)
    assert.are_same({3, 4, 5}, dB.shape)
    assert.are.equal("float32", dA.dtype)

    -- values: central differences in float64
    local fdA, fdB = finite_differences(function(a, b) return lt.einsum("ijk,ikl->ijl", a, b) end,
      A:double(), B:double())
    local errA = (dA:double() - fdA):abs():max():item()
    local errB = (dB:double() - fdB):abs():max():item()
    assert.is_true(errA < 1e-4, "dA differs from finite differences by " .. errA)
    assert.is_true(errB < 1e-4, "dB differs from finite differences by " .. errB)

    -- and the closed form: dA[i,j,k] = sum_l B[i,k,l], dB[i,k,l] = sum_j A[i,j,k]
    local wantA = B:sum(3):unsqueeze(2):expand(3, 2, 4)
    local wantB = A:sum(2):unsqueeze(3):expand(3, 4, 5)
    assert.is_true((dA - wantA):abs():max():item() < 1e-5)
    assert.is_true((dB - wantB):abs():max():item() < 1e-5)

    -- the same with gradcheck (float64 copies of the float32 inputs)
    local ok, report = lt.gradcheck(function(a, b) return lt.einsum("ijk,ikl->ijl", a, b) end, {A, B})
    assert.is_true(ok, "gradcheck: max_error " .. tostring(report.max_error))
  end)

  it("example 3 with the tape's functional form (lt.value_and_grad)", function()
    lt.manual_seed(2025)
    local A = lt.randn(3, 2, 4)
    local B = lt.randn(3, 4, 5)
    local loss, grads = lt.value_and_grad(function(a, b)
      return lt.einsum("ijk,ikl->ijl", a, b):sum()
    end, {1, 2})(A, B)
    assert.are_same({}, loss.shape)
    assert.are_same({3, 2, 4}, grads[1].shape)
    assert.are_same({3, 4, 5}, grads[2].shape)
    local tape <close> = lt.tape()
    tape:watch({A, B})
    local g = tape:gradient(lt.einsum("ijk,ikl->ijl", A, B):sum(), {A, B})
    assert.are_same(g[1]:totable(), grads[1]:totable())
    assert.are_same(g[2]:totable(), grads[2]:totable())
  end)
end)
