-- The seed article "How do I perform element-wise multiplication in PyTorch?"
-- (shared/seeds/000_e6a821dbbca38ec0.txt): its three Python examples, written in Lua, print
-- what the article prints. Our tostring always shows the dtype, where PyTorch leaves out the
-- default one (float32).
local lt = require "luatensor"

describe("seed: element-wise multiplication", function()
  it("example 1: two tensors of the same shape, with the * operator", function()
    local tensor_a = lt.tensor({{1.0, 2.0}, {3.0, 4.0}})
    local tensor_b = lt.tensor({{5.0, 6.0}, {7.0, 8.0}})

    local result = tensor_a * tensor_b -- element-wise multiplication using the * operator

    assert.are.equal("tensor([[ 5., 12.],\n        [21., 32.]], dtype=float32)", tostring(result))
    assert.are.equal("float32", result.dtype)
    -- * is the Hadamard product, not the matrix product ([[19, 22], [43, 50]])
    assert.are.same({{5.0, 12.0}, {21.0, 32.0}}, result:totable())
    -- and the operands are untouched
    assert.are.equal("tensor([[1., 2.],\n        [3., 4.]], dtype=float32)", tostring(tensor_a))
  end)

  it("example 2: broadcasting a 1-d tensor over the rows of a 2-d one", function()
    local tensor_a = lt.tensor({{1.0, 2.0}, {3.0, 4.0}})
    local tensor_b = lt.tensor({5.0, 6.0})

    local result = tensor_a * tensor_b

    assert.are.equal("tensor([[ 5., 12.],\n        [15., 24.]], dtype=float32)", tostring(result))
    assert.are.same({2, 2}, result:size())
  end)

  it("example 2, as the article notes: a (1, 2) tensor_b works too, and so does b * a", function()
    local tensor_a = lt.tensor({{1.0, 2.0}, {3.0, 4.0}})
    local expected = "tensor([[ 5., 12.],\n        [15., 24.]], dtype=float32)"
    assert.are.equal(expected, tostring(tensor_a * lt.tensor({{5.0, 6.0}})))
    assert.are.equal(expected, tostring(lt.tensor({5.0, 6.0}) * tensor_a))
    assert.are.equal(expected, tostring(lt.mul(tensor_a, lt.tensor({5.0, 6.0}))))
    assert.are.equal(expected, tostring(tensor_a:mul(lt.tensor({5.0, 6.0}))))
  end)

  it("example 2, as the article notes: shapes that do not broadcast are an error", function()
    local tensor_a = lt.tensor({{1.0, 2.0}, {3.0, 4.0}})
    assert.has_error(function() return tensor_a * lt.tensor({5.0, 6.0, 7.0}) end,
      "mul: the size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 2")
  end)

  it("example 3: explicit conversion with to(), then the in-place mul_", function()
    local tensor_a = lt.tensor({{1.0, 2.0}, {3.0, 4.0}}, lt.float32)
    local tensor_b = lt.tensor({{5.0, 6.0}, {7.0, 8.0}}, lt.float64)
    local original_a = tensor_a

    tensor_a = tensor_a:to(tensor_b.dtype) -- explicit type casting to maintain consistency

    local result = tensor_a:mul_(tensor_b) -- in-place operation, modifies tensor_a directly

    assert.are.equal("tensor([[ 5., 12.],\n        [21., 32.]], dtype=float64)", tostring(result))
    -- mul_ returns the very tensor it modified
    assert.is_true(rawequal(result, tensor_a))
    assert.are.equal("float64", result.dtype)
    assert.are.equal("tensor([[ 5., 12.],\n        [21., 32.]], dtype=float64)", tostring(tensor_a))
    -- to() made a new float64 tensor: the float32 one is unchanged
    assert.is_false(rawequal(original_a, tensor_a))
    assert.are.equal("tensor([[1., 2.],\n        [3., 4.]], dtype=float32)", tostring(original_a))
    -- to() of the dtype a tensor already has returns the tensor itself
    assert.is_true(rawequal(tensor_a, tensor_a:to(lt.float64)))
  end)

  it("example 3, as the article notes: float32 * float64 gives float64 without the conversion", function()
    local tensor_a = lt.tensor({{1.0, 2.0}, {3.0, 4.0}}, lt.float32)
    local tensor_b = lt.tensor({{5.0, 6.0}, {7.0, 8.0}}, lt.float64)
    assert.are.equal("tensor([[ 5., 12.],\n        [21., 32.]], dtype=float64)", tostring(tensor_a * tensor_b))
    -- but in place the result keeps tensor_a's dtype
    assert.are.equal("tensor([[ 5., 12.],\n        [21., 32.]], dtype=float32)", tostring(tensor_a:mul_(tensor_b)))
  end)
end)
