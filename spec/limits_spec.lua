-- Limits: asking for more memory than the machine has, for sizes whose product overflows int64,
-- or for negative sizes is a Lua error with an exact message naming the function, never a crash
-- or a hang; and after every such error the library keeps working and holds no buffer it did
-- not hold before (lt.memory_stats().allocated, the bytes of live tensor buffers, is back to
-- where it was once the garbage is collected).
--
-- "Too much memory" here is always at least 1 TB (1e12 elements, or 2^40 elements through an
-- expanded view of one element, which costs nothing to make). src/alloc.c refuses any buffer
-- larger than the machine's physical memory before asking malloc, so these never touch memory.
-- None of them runs a kernel over the huge input: each fails at its first allocation.
local lt = require "luatensor"

-- bytes of live tensor buffers once the garbage is gone
local function live()
  collectgarbage()
  collectgarbage()
  return lt.memory_stats().allocated
end

-- a real computation after an error: a 300x300 float32 product (its buffers are counted) and
-- a view write and read
local function works()
  local p = lt.ones(300, 300):matmul(lt.full({300, 300}, 2.0))
  local x = lt.arange(12):view(3, 4)
  x[{ 2, 3 }] = 40
  return p:sum():item() == 300 * 300 * 600 and x:t()[{ 3, 2 }] == 40 and x:sum():item() == 100
end

-- f raises exactly msg (the "file:line: " position stripped), frees what it took, and the
-- library still computes the right values afterwards
local function refuses(f, msg)
  local before = live()
  assert.has_error(f, msg)
  assert.are.equal(before, live(), "live buffer bytes changed by: " .. msg)
  assert.is_true(works(), "wrong result after: " .. msg)
end

local function nomem(fname, nbytes)
  return ("%s: not enough memory (failed to allocate %d bytes)"):format(fname, nbytes)
end

local TB4 = 4000000000000  -- 1e12 float32
local TB8 = 8000000000000  -- 1e12 int64 / float64
local T40 = 1 << 40        -- elements of the expanded views below
local B40 = 4 * T40        -- their bytes as float32: 4398046511104

describe("limits", function()
  local big, col, row -- 2^40 elements, (2^20, 1) and (1, 2^20): views of one element
  before_each(function()
    big = lt.ones(1):expand(T40)
    col, row = lt.ones(1, 1):expand(1 << 20, 1), lt.ones(1, 1):expand(1, 1 << 20)
  end)

  describe("more memory than the machine has", function()
    it("creation functions", function()
      refuses(function() lt.zeros(1e12) end, nomem("zeros", TB4))
      refuses(function() lt.zeros(1000000000000) end, nomem("zeros", TB4))
      refuses(function() lt.zeros({ 1000000, 1000000 }) end, nomem("zeros", TB4))
      refuses(function() lt.empty(1e12) end, nomem("empty", TB4))
      refuses(function() lt.empty(1e12, lt.float64) end, nomem("empty", TB8))
      refuses(function() lt.ones(1e12) end, nomem("ones", TB4))
      refuses(function() lt.ones(1e12, lt.bool) end, nomem("ones", 1000000000000))
      refuses(function() lt.zeros(1e12, lt.uint8) end, nomem("zeros", 1000000000000))
      refuses(function() lt.rand(1e12) end, nomem("rand", TB4))
      refuses(function() lt.randn(1e12) end, nomem("randn", TB4))
      refuses(function() lt.full({ 1e12 }, 1.5) end, nomem("full", TB4))
      refuses(function() lt.full(1e12, 7) end, nomem("full", TB8)) -- an integer value: int64
      refuses(function() lt.arange(1e12) end, nomem("arange", TB4))
      refuses(function() lt.linspace(0, 1, 1e12) end, nomem("linspace", TB4))
      refuses(function() lt.eye(1000000) end, nomem("eye", TB4))
      refuses(function() lt.randint(10, { 1e12 }) end, nomem("randint", TB8))
    end)

    it("the *_like functions of a huge expanded view", function()
      refuses(function() lt.zeros_like(big) end, nomem("zeros_like", B40))
      refuses(function() lt.ones_like(big) end, nomem("ones_like", B40))
      refuses(function() lt.empty_like(big) end, nomem("empty_like", B40))
      refuses(function() lt.full_like(big, 2) end, nomem("full_like", B40))
      refuses(function() lt.rand_like(big) end, nomem("rand_like", B40))
      refuses(function() lt.randn_like(big) end, nomem("randn_like", B40))
      refuses(function() lt.randint_like(big, 5) end, nomem("randint_like", B40))
    end)

    it("copies of expanded views: contiguous, clone, to, t():contiguous()", function()
      refuses(function() big:contiguous() end, nomem("contiguous", B40))
      refuses(function() big:clone() end, nomem("clone", B40))
      refuses(function() big:to(lt.float64) end, nomem("to", 2 * B40))
      refuses(function() big:int() end, nomem("int", B40))
      refuses(function() lt.ones(1, 2):expand(T40, 2):t():contiguous() end, nomem("contiguous", 2 * B40))
      refuses(function() big:unfold(1, 1 << 20, 1):contiguous() end,
        nomem("contiguous", 4 * ((T40 - (1 << 20) + 1) * (1 << 20))))
    end)

    -- reshape and flatten of a layout no view can express copy; the copy's failure released an
    -- uninitialized pointer (src/tensor.c converted()): a segfault
    it("reshape and flatten that must copy", function()
      local wide = lt.ones(1, 2):expand(T40, 2) -- strides (0, 1): no 1-d view
      refuses(function() wide:reshape(-1) end, nomem("reshape", 2 * B40))
      refuses(function() wide:reshape(2, T40) end, nomem("reshape", 2 * B40))
      refuses(function() wide:flatten() end, nomem("flatten", 2 * B40))
      refuses(function() lt.reshape(wide, { -1 }) end, nomem("reshape", 2 * B40))
      -- a layout that is a view stays a view: (2^40, 2^40) of one element is 2^80 elements
      assert.are.equal(T40, lt.ones(1, 1):expand(1 << 20, 1 << 20):reshape(-1):numel())
    end)

    it("element-wise ops with huge (broadcast) results", function()
      refuses(function() return col + row end, nomem("add", B40))
      refuses(function() return col * 2 + row end, nomem("add", B40))
      refuses(function() return big + 1 end, nomem("add", B40))
      refuses(function() big:exp() end, nomem("exp", B40))
      refuses(function() big:neg() end, nomem("neg", B40))
      refuses(function() big:eq(1) end, nomem("eq", T40)) -- bool: one byte each
      refuses(function() lt.where(col:gt(0), col, row) end, nomem("where", B40))
      refuses(function() big:clamp(0, 1) end, nomem("clamp", B40))
      refuses(function() big:masked_fill(lt.ones(1, lt.bool):expand(T40), 0) end, nomem("masked_fill", B40))
      refuses(function() big:cumsum(1) end, nomem("cumsum", B40))
    end)

    it("matrix products with huge results", function()
      refuses(function() col:matmul(row) end, nomem("matmul", B40))
      refuses(function() lt.mm(col, row) end, nomem("mm", B40))
      refuses(function() lt.outer(col:view(-1), row:view(-1)) end, nomem("outer", B40))
      refuses(function() lt.ones(1, 1, 1):expand(1 << 20, 1, 1):bmm(lt.ones(1, 1, 1):expand(1 << 20, 1, 1 << 20)) end,
        nomem("bmm", B40))
      refuses(function() lt.addmm(lt.zeros(1), col, row) end, nomem("addmm", B40))
      refuses(function() lt.einsum("i,j->ij", col:view(-1), row:view(-1)) end, nomem("einsum", B40))
      refuses(function() lt.tensordot(col:view(-1), row:view(-1), 0) end, nomem("tensordot", B40))
    end)

    it("joins and reductions with huge results", function()
      refuses(function() lt.cat({ big, big }) end, nomem("cat", 2 * B40))
      refuses(function() lt.cat({ big, lt.ones(3) }) end, nomem("cat", B40 + 12))
      refuses(function() lt.stack({ big, big }) end, nomem("stack", 2 * B40))
      refuses(function() lt.ones(1, 1):expand(T40, 2):argmax(2) end, nomem("argmax", B40)) -- the values come first
    end)

    -- index_select and gather checked every index before allocating their result: with an
    -- expanded index of 2^36 elements the error came only after minutes of scanning
    it("index_select and gather with a huge index fail at once", function()
      local t = lt.ones(1, 1):expand(4, 1 << 20)
      local t0 = lt.clock()
      refuses(function() t:index_select(1, lt.ones(1, lt.int64):expand(1 << 36)) end,
        nomem("index_select", 4 << 56))
      refuses(function() t:gather(1, lt.ones(1, 1, lt.int64):expand(1 << 36, 1 << 20)) end, nomem("gather", 4 << 56))
      assert.is_true(lt.clock() - t0 < 5, "took " .. (lt.clock() - t0) .. " s")
      -- the index is still checked
      assert.has_error(function() lt.ones(3, 2):index_select(1, lt.tensor({ 1, 4 })) end,
        "index_select: index 4 out of range for dimension 1 of size 3")
      assert.has_error(function() lt.ones(3, 2):gather(1, lt.tensor({ { 0, 1 } })) end,
        "gather: index 0 out of range for dimension 1 of size 3")
    end)

    it("a failed op on a tape leaves the tape and its gradients right", function()
      local w = lt.variable(lt.tensor({ 1.0, 2.0, 3.0 }))
      local tape = lt.tape()
      local y = (w * w):sum()
      refuses(function() return w:view(3, 1):expand(3, T40):exp() end, nomem("exp", 3 * B40))
      refuses(function() return w:view(3, 1):matmul(lt.ones(1, T40 // 4)) end, nomem("ones", B40 // 4))
      local g = tape:gradient(y, w)
      assert.are.same({ 2, 4, 6 }, g:totable())
    end)

    -- the gradient of scatter_add's src when src is larger than the index needs zeros of src's
    -- shape; when they could not be allocated, the gathered gradient was released twice
    -- (src/ops_index.c corner(); a use after free that `make asan` reports)
    it("a gradient too large to allocate is an error of gradient()", function()
      local src = lt.variable(lt.ones(1, 1))
      local tape = lt.tape()
      local y = lt.zeros(2, 2):scatter_add(1, lt.tensor({ { 1, 2 }, { 2, 1 } }), src:expand(1 << 20, 1 << 20))
      assert.are.same({ { 1, 1 }, { 1, 1 } }, y:totable())
      refuses(function() tape:gradient(y:sum(), src) end, nomem("gradient", B40))
    end)
  end)

  describe("sizes whose product overflows int64", function()
    it("creation functions", function()
      refuses(function() lt.zeros(2 ^ 31, 2 ^ 31, 2 ^ 31) end,
        "zeros: shape (2147483648, 2147483648, 2147483648) has too many elements")
      refuses(function() lt.ones(1 << 31, 1 << 31, 1 << 31) end,
        "ones: shape (2147483648, 2147483648, 2147483648) has too many elements")
      refuses(function() lt.empty({ 1 << 31, 1 << 31, 2 }) end, "empty: shape (2147483648, 2147483648, 2) has too many elements")
      refuses(function() lt.rand(1 << 62, 4) end, "rand: shape (4611686018427387904, 4) has too many elements")
      refuses(function() lt.randn(T40, T40) end, "randn: shape (1099511627776, 1099511627776) has too many elements")
      refuses(function() lt.full({ T40, T40 }, 1) end, "full: shape (1099511627776, 1099511627776) has too many elements")
      refuses(function() lt.randint(10, { T40, T40 }) end, "randint: shape (1099511627776, 1099511627776) has too many elements")
      refuses(function() lt.eye(1 << 32) end, "eye: shape (4294967296, 4294967296) has too many elements")
      refuses(function() lt.linspace(0, 1, math.maxinteger) end, "linspace: shape (9223372036854775807) has too many elements")
      refuses(function() lt.arange(math.mininteger, math.maxinteger) end, "arange: too many elements (1.84467e+19)")
    end)

    it("element counts that fit int64 but whose bytes do not fit size_t", function()
      refuses(function() lt.zeros(1 << 62) end, "zeros: shape (4611686018427387904) has too many elements")
      refuses(function() lt.zeros(1 << 61, lt.float64) end, "zeros: shape (2305843009213693952) has too many elements")
      refuses(function() lt.zeros(math.maxinteger) end, "zeros: shape (9223372036854775807) has too many elements")
      refuses(function() lt.zeros(math.maxinteger, lt.uint8) end, nomem("zeros", math.maxinteger))
    end)

    it("views, broadcasts, products and joins", function()
      refuses(function() lt.ones(1):expand(1 << 31, 1 << 31, 1 << 31) end,
        "expand: shape (2147483648, 2147483648, 2147483648) has too many elements")
      refuses(function() lt.ones(4):view(1 << 62, 1 << 62, 4) end,
        "view: shape (4611686018427387904, 4611686018427387904, 4) is invalid for input of size 4")
      refuses(function() lt.ones(4):reshape(-1, 1 << 62, 1 << 62) end,
        "reshape: shape (-1, 4611686018427387904, 4611686018427387904) is invalid for input of size 4")
      refuses(function() return lt.ones(1, 1):expand(1 << 32, 1) + lt.ones(1):expand(1 << 32) end,
        "add: shape (4294967296, 4294967296) has too many elements")
      refuses(function() lt.ones(1, 1, 1):expand(1 << 32, 1, 1):matmul(lt.ones(1, 1, 1, 1):expand(1 << 32, 1, 1, 1)) end,
        "matmul: shape (4294967296, 4294967296, 1, 1) has too many elements")
      refuses(function() lt.outer(big, big) end, "outer: shape (1099511627776, 1099511627776) has too many elements")
      refuses(function() lt.einsum("i,j->ij", big, big) end, "einsum: shape (1099511627776, 1099511627776) has too many elements")
      refuses(function() lt.tensordot(big, big, 0) end, "tensordot: shape (1099511627776, 1099511627776) has too many elements")
      refuses(function() lt.cat({ lt.ones(1):expand(math.maxinteger), lt.ones(1) }) end, "cat: the result would be too large")
      refuses(function() lt.stack({ lt.ones(1):expand(1 << 62), lt.ones(1):expand(1 << 62) }) end,
        "stack: shape (2, 4611686018427387904) has too many elements")
    end)

    -- lt_is_contiguous multiplied the sizes after the zero one first: 2^62 * 2^62, a signed
    -- overflow (src/shape.c; UBSan under `make asan` reports it)
    it("a zero-size dim makes any other sizes fine", function()
      local z = lt.zeros(0, 1 << 62, 1 << 62)
      assert.are.equal(0, z:numel())
      assert.are.same({ 0, 1 << 62, 1 << 62 }, z:size())
      assert.are.equal(0, (z + 1):numel())
      assert.are.equal(0, z:sum():item())
    end)
  end)

  describe("negative sizes", function()
    it("creation functions", function()
      refuses(function() lt.zeros(-1) end, "bad argument #1 to 'zeros' (size 1 is negative (-1))")
      refuses(function() lt.zeros(2, -3) end, "bad argument #2 to 'zeros' (size 2 is negative (-3))")
      refuses(function() lt.zeros(math.mininteger) end,
        "bad argument #1 to 'zeros' (size 1 is negative (-9223372036854775808))")
      refuses(function() lt.empty(-5) end, "bad argument #1 to 'empty' (size 1 is negative (-5))")
      refuses(function() lt.ones({ 3, -1 }) end, "bad argument #1 to 'ones' (size 2 is negative (-1))")
      refuses(function() lt.rand(-2) end, "bad argument #1 to 'rand' (size 1 is negative (-2))")
      refuses(function() lt.randn(2, -2) end, "bad argument #2 to 'randn' (size 2 is negative (-2))")
      refuses(function() lt.full({ -2 }, 1) end, "bad argument #1 to 'full' (size 1 is negative (-2))")
      refuses(function() lt.full(-2, 1) end, "bad argument #1 to 'full' (size 1 is negative (-2))")
      refuses(function() lt.randint(10, { -2 }) end, "bad argument #2 to 'randint' (size 1 is negative (-2))")
      refuses(function() lt.eye(-1) end, "eye: sizes must be non-negative (got -1, -1)")
      refuses(function() lt.eye(2, -3) end, "eye: sizes must be non-negative (got 2, -3)")
      refuses(function() lt.linspace(0, 1, -1) end, "linspace: number of steps must be non-negative (got -1)")
    end)

    it("view, reshape, expand, narrow, unfold", function()
      local t = lt.ones(4)
      refuses(function() t:view(-2, -2) end, "bad argument #1 to 'view' (size 1 is negative (-2))")
      refuses(function() t:reshape(2, -2) end, "bad argument #2 to 'reshape' (size 2 is negative (-2))")
      refuses(function() t:expand(-2, 4) end, "bad argument #1 to 'expand' (size 1 is negative (-2))")
      refuses(function() lt.ones(1):expand(-3) end, "bad argument #1 to 'expand' (size 1 is negative (-3))")
      refuses(function() t:narrow(1, 1, -1) end, "narrow: length must be non-negative (got -1)")
      refuses(function() t:unfold(1, -1, 1) end, "unfold: window size must be non-negative (got -1)")
    end)
  end)

  it("many failed allocations in a row leak nothing", function()
    local before = live()
    for i = 1, 1000 do
      pcall(lt.zeros, 1e12)
      pcall(function() return col:matmul(row) end)
      pcall(function() return lt.ones(1, 2):expand(T40, 2):reshape(-1) end)
      pcall(lt.cat, { lt.ones(1, 1 << 20), big:view(1 << 20, 1 << 20) }) -- the first piece is real
      if i % 100 == 0 then assert.is_true(works()) end
    end
    assert.are.equal(before, live())
  end)
end)
