-- The second seed article, "How can I compute the differentiable product of tensors in
-- TensorFlow?" (shared/seeds/001_879aa10eec46ddd4.txt): the forward pass of its first two
-- examples in Lua; the gradients are in spec/seed_tape_spec.lua, example 3 (einsum) also in
-- spec/einsum_spec.lua.
-- Our tostring always shows the dtype, where TensorFlow's .numpy() shows none.
local lt = require "luatensor"

describe("seed: the differentiable product of tensors", function()
  describe("example 1: matrix multiplication", function()
    it("C = matmul(A, B) and the loss sum(C)", function()
      -- A = tf.constant([[1.0, 2.0], [3.0, 4.0]], dtype=tf.float32), B likewise
      local A = lt.tensor({ { 1.0, 2.0 }, { 3.0, 4.0 } }, lt.float32)
      local B = lt.tensor({ { 5.0, 6.0 }, { 7.0, 8.0 } }, lt.float32)

      local C = lt.matmul(A, B) -- tf.matmul(A, B)
      local loss = C:sum()      -- tf.reduce_sum(C)

      assert.are.equal("tensor([[1., 2.],\n        [3., 4.]], dtype=float32)", tostring(A))
      assert.are.equal("tensor([[5., 6.],\n        [7., 8.]], dtype=float32)", tostring(B))
      assert.are.equal("tensor([[19., 22.],\n        [43., 50.]], dtype=float32)", tostring(C))
      assert.are.equal("float32", C.dtype)
      assert.are.same({ { 19.0, 22.0 }, { 43.0, 50.0 } }, C:totable())
      assert.are.equal(0, loss:dim())
      assert.are.equal("float32", loss.dtype)
      assert.are.equal(134, loss:item())
      -- the method form and mm give the same product; the operands are untouched
      assert.are.same(C:totable(), A:matmul(B):totable())
      assert.are.same(C:totable(), lt.mm(A, B):totable())
      assert.are.same({ { 1.0, 2.0 }, { 3.0, 4.0 } }, A:totable())
      assert.are.same({ { 5.0, 6.0 }, { 7.0, 8.0 } }, B:totable())
    end)

    it("as the article says: the element-wise product is not the matrix product", function()
      local A = lt.tensor({ { 1.0, 2.0 }, { 3.0, 4.0 } })
      local B = lt.tensor({ { 5.0, 6.0 }, { 7.0, 8.0 } })
      assert.are.same({ { 5.0, 12.0 }, { 21.0, 32.0 } }, (A * B):totable())
      assert.are.equal(70, (A * B):sum():item())
      assert.are.equal(134, A:matmul(B):sum():item())
    end)

  end)

  describe("example 2: element-wise multiplication with a reduction", function()
    it("the element-wise product [4, 10, 18] and the loss 32", function()
      local A = lt.tensor({ 1.0, 2.0, 3.0 }, lt.float32)
      local B = lt.tensor({ 4.0, 5.0, 6.0 }, lt.float32)

      local element_wise_product = lt.mul(A, B) -- tf.multiply(A, B)
      local loss = element_wise_product:sum()   -- tf.reduce_sum(element_wise_product)

      assert.are.equal("tensor([1., 2., 3.], dtype=float32)", tostring(A))
      assert.are.equal("tensor([4., 5., 6.], dtype=float32)", tostring(B))
      assert.are.equal("tensor([ 4., 10., 18.], dtype=float32)", tostring(element_wise_product))
      assert.are.same({ 4.0, 10.0, 18.0 }, element_wise_product:totable())
      assert.are.equal("float32", loss.dtype)
      assert.are.equal(32, loss:item())
      -- the * operator is the same product, and the sum of it is the dot product
      assert.are.same(element_wise_product:totable(), (A * B):totable())
      assert.are.equal(32, lt.dot(A, B):item())
      assert.are.equal(32, A:matmul(B):item())
    end)

  end)
end)
