-- The functional forms of the tape (lua/luatensor/autograd.lua): lt.grad, lt.value_and_grad,
-- lt.jacobian, lt.hessian and lt.gradcheck, against hand-computed values.
local lt = require "luatensor"
local nested = dofile("spec/support/nested.lua")

local function f64(data) return lt.tensor(data, lt.float64) end

local function assert_close(expected, got, tol, what)
  tol = tol or 1e-12
  assert.is_true(lt.is_tensor(got), (what or "value") .. " is not a tensor: " .. tostring(got))
  assert.are.same(nested.shape_of(expected), got.shape, (what or "value") .. ": shape")
  local want, have = nested.flatten(expected), nested.flatten(got:totable())
  for i = 1, #want do
    if not (math.abs(want[i] - have[i]) <= tol * math.max(1, math.abs(want[i]))) then
      error(string.format("%s: element %d is %.12g, expected %.12g\n%s", what or "value", i, have[i], want[i],
        tostring(got)), 2)
    end
  end
end

-- true when no tape is left recording (an in-place write into a watched-then-stopped tensor works)
local function nothing_recording()
  local probe = lt.tensor({1.0})
  local ok = pcall(function() probe:add_(1) end)
  return ok
end

-- diag(v) as nested tables
local function diag(v)
  local m = {}
  for i = 1, #v do
    m[i] = {}
    for j = 1, #v do m[i][j] = i == j and v[i] or 0.0 end
  end
  return m
end

describe("lt.grad", function()
  it("the gradient of sum(x^3) is 3x^2", function()
    local g = lt.grad(function(x) return (x * x * x):sum() end)
    assert_close({3.0, 12.0, 27.0}, g(f64({1.0, 2.0, 3.0})))
    assert_close({{0.75}}, g(f64({{0.5}})))
  end)

  it("a 0-d argument gives a 0-d gradient; a non-scalar result is summed", function()
    local g = lt.grad(function(x) return x:sin() end)
    local d = g(f64(0.5))
    assert.are_same({}, d.shape)
    assert_close(math.cos(0.5), d)
    assert_close({1.0, 1.0, 1.0}, lt.grad(function(x) return x * 1 end)(f64({4.0, 5.0, 6.0})))
    assert_close({2.0, 4.0}, lt.grad(function(x) return x * x end)(f64({1.0, 2.0})))
  end)

  it("gradients keep the arguments' dtypes", function()
    local g = lt.grad(function(x, w) return (x * w):sum() end, {1, 2})
    local r = g(lt.tensor({1.0, 2.0}), f64({3.0, 4.0}))
    assert.are.equal("float32", r[1].dtype)
    assert.are.equal("float64", r[2].dtype)
    assert.are_same({3.0, 4.0}, r[1]:totable())
    assert.are_same({1.0, 2.0}, r[2]:totable())
  end)

  it("argnums: a number gives one tensor, a list gives a list (with .n) in that order", function()
    local function f(a, b, c) return (a * b * c):sum() end
    local a, b, c = f64({1.0, 2.0}), f64({3.0, 4.0}), f64({5.0, 6.0})
    local gb = lt.grad(f, 2)(a, b, c)
    assert.is_true(lt.is_tensor(gb))
    assert.are_same({5.0, 12.0}, gb:totable())
    local g = lt.grad(f, {3, 1})(a, b, c)
    assert.is_false(lt.is_tensor(g))
    assert.are.equal(2, g.n)
    assert.are_same({3.0, 8.0}, g[1]:totable())
    assert.are_same({15.0, 24.0}, g[2]:totable())
    local one = lt.grad(f, {2})(a, b, c)
    assert.are.equal(1, one.n)
    assert.are_same({5.0, 12.0}, one[1]:totable())
  end)

  it("arguments f does not use get zeros; non-tensor arguments pass through untouched", function()
    local g = lt.grad(function(a, b, scale) return a:sum() * scale end, {1, 2})
    local r = g(f64({1.0, 2.0}), f64({{7.0}}), 3)
    assert.are_same({3.0, 3.0}, r[1]:totable())
    assert.are_same({{0.0}}, r[2]:totable())
  end)

  it("the same tensor at two positions gets the full gradient at each", function()
    local x = f64({2.0})
    local r = lt.grad(function(a, b) return a * b end, {1, 2})(x, x)
    assert.are_same({4.0}, r[1]:totable()) -- d(x*x)/dx: both uses count, at both positions
    assert.are_same({4.0}, r[2]:totable())
  end)

  it("grad of grad: d2/dx2 x^3 at 2 is 12, and elementwise second derivatives", function()
    local d1 = lt.grad(function(x) return x * x * x end)
    local d2 = lt.grad(d1)
    assert.are.equal(12.0, d2(lt.tensor(2.0)):item())
    local d3 = lt.grad(lt.grad(lt.grad(function(x) return x:sin() end)))
    assert_close(-math.cos(0.3), d3(f64(0.3)))
    -- the second derivative of sum(exp(2x)) elementwise: 4 exp(2x)
    local g2 = lt.grad(function(x) return lt.grad(function(y) return (y * 2):exp():sum() end)(x) end)
    assert_close({4 * math.exp(2), 4 * math.exp(-1)}, g2(f64({1.0, -0.5})))
  end)

  it("an error in f propagates and leaves no tape recording", function()
    local g = lt.grad(function(x) local y = x * 2; error("bad f") end)
    local x = f64({1.0})
    local ok, err = pcall(g, x)
    assert.is_false(ok)
    assert.matches("bad f", err)
    assert.is_true(nothing_recording())
    x:add_(1)
  end)

  it("bad uses are errors that say what is wrong", function()
    assert.has_error(function() lt.grad(5) end, "grad: expected a function, got number")
    assert.has_error(function() lt.grad(function() end, 0) end,
      "grad: argnums must be a positive integer or a non-empty list of them, got number")
    assert.has_error(function() lt.grad(function() end, {1, 1.5}) end,
      "grad: argnums[2] must be a positive integer, got 1.5")
    assert.has_error(function() lt.grad(function() end, {}) end,
      "grad: argnums must be a positive integer or a non-empty list of them, got table")
    assert.has_error(function() lt.grad(function() end, "1") end,
      "grad: argnums must be a positive integer or a non-empty list of them, got string")
    local id = lt.grad(function(x) return x end, 2)
    assert.has_error(function() local r = id(f64({1.0})) return r end,
      "grad: argument 2 must be a tensor to differentiate with respect to it, got nil")
    assert.has_error(function() local r = lt.grad(function(x) return x end)(3) return r end,
      "grad: argument 1 must be a tensor to differentiate with respect to it, got number")
    assert.has_error(function() local r = lt.grad(function(x) return x end)(lt.arange(3)) return r end,
      "grad: argument 1 must be a floating point tensor to differentiate with respect to it, got int64")
    assert.has_error(function() local r = lt.grad(function(x) return 1 end)(f64({1.0})) return r end,
      "grad: the function must return a tensor, got number")
    local freed = f64({1.0})
    freed:free()
    assert.has_error(function() local r = lt.grad(function(x) return x end)(freed) return r end,
      "grad: argument 1 must be a floating point tensor to differentiate with respect to it, got freed tensor")
    assert.has_error(function() lt.jacobian(function(x) return x end, freed) end,
      "jacobian: x must be a floating point tensor, got freed tensor")
    assert.has_error(function() lt.gradcheck(function(x) return x end, freed) end,
      "gradcheck: input 1 must be a floating point tensor, got freed tensor")
    assert.has_error(function() local r = lt.grad(function(x) return x:gt(0) end)(f64({1.0})) return r end,
      "gradient: only floating point tensors can be differentiated, got bool")
    assert.has_error(function() local r = lt.grad(function(x) return x:gt(0):double() end)(f64({1.0})) return r end,
      "gradient: no gradient flows to source 1: the target depends on it only through gt, which is not differentiable")
    assert.is_true(nothing_recording())
  end)

  it("errors point at the caller's line", function()
    local g = lt.grad(function(x) return 1 end)
    local ok, err = pcall(function()
      local r = g(f64({1.0})) -- this line
      return r
    end)
    assert.is_false(ok)
    assert.matches("autograd_spec%.lua:%d+: grad: the function must return a tensor", err)
  end)
end)

describe("lt.value_and_grad", function()
  it("returns f's result as it is (not summed) and the gradient", function()
    local vg = lt.value_and_grad(function(x) return x * x end)
    local v, g = vg(f64({1.0, 2.0, 3.0}))
    assert.are_same({1.0, 4.0, 9.0}, v:totable())
    assert.are_same({2.0, 4.0, 6.0}, g:totable())
  end)

  it("with argnums as a list", function()
    local vg = lt.value_and_grad(function(w, x) return (w * x):sum() end, {1, 2})
    local v, g = vg(f64({2.0}), f64({5.0}))
    assert.are.equal(10.0, v:item())
    assert.are.equal(2, g.n)
    assert.are_same({5.0}, g[1]:totable())
    assert.are_same({2.0}, g[2]:totable())
  end)

  it("a loss and its parameter gradients: least squares", function()
    -- loss(w) = sum((X w - y)^2): gradient 2 X^T (X w - y)
    local X = f64({{1.0, 2.0}, {3.0, 4.0}, {5.0, 6.0}})
    local y = f64({1.0, 0.0, -1.0})
    local w = f64({0.5, -0.25})
    local loss, g = lt.value_and_grad(function(w_)
      local r = X:matmul(w_) - y
      return (r * r):sum()
    end)(w)
    local r = X:matmul(w) - y
    assert_close((r * r):sum():item(), loss)
    assert_close((X:t():matmul(r) * 2):totable(), g)
  end)

  it("errors name value_and_grad", function()
    assert.has_error(function() lt.value_and_grad(nil) end, "value_and_grad: expected a function, got nil")
    assert.has_error(function() local v, g = lt.value_and_grad(function(x) return "s" end)(f64({1.0})) return v end,
      "value_and_grad: the function must return a tensor, got string")
  end)
end)

describe("lt.jacobian", function()
  it("the jacobian of x * x is diag(2x)", function()
    local J = lt.jacobian(function(x) return x * x end, f64({1.0, 2.0, 3.0}))
    assert_close(diag({2.0, 4.0, 6.0}), J)
  end)

  it("the jacobian of a linear map A x is A", function()
    local A = f64({{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}})
    local J = lt.jacobian(function(x) return A:matmul(x) end, f64({1.0, 1.0, 1.0}))
    assert_close(A:totable(), J)
  end)

  it("shapes: y.shape .. x.shape (matrices, 0-d results, 0-d arguments)", function()
    local X = f64({{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}})
    local J = lt.jacobian(function(x) return x:sum(1) end, X) -- (3) from (2, 3)
    assert.are_same({3, 2, 3}, J.shape)
    for i = 1, 3 do
      for a = 1, 2 do
        for b = 1, 3 do assert.are.equal(b == i and 1.0 or 0.0, J[{i, a, b}]) end
      end
    end
    local Js = lt.jacobian(function(x) return (x * x):sum() end, X) -- 0-d result: the gradient's shape
    assert_close((X * 2):totable(), Js)
    local Jx = lt.jacobian(function(s) return f64({1.0, 2.0, 3.0}) * s * s end, f64(2.0)) -- 0-d argument
    assert_close({4.0, 8.0, 12.0}, Jx)
    local J00 = lt.jacobian(function(s) return s:exp() end, f64(0.0))
    assert.are_same({}, J00.shape)
    assert.are.equal(1.0, J00:item())
  end)

  it("elementwise functions with broadcasting and a Jacobian with off-diagonal terms", function()
    -- y_i = x_i * sum(x): dy_i/dx_j = delta_ij sum(x) + x_i
    local x = f64({1.0, 2.0, 3.0})
    local J = lt.jacobian(function(x_) return x_ * x_:sum() end, x)
    assert_close({{7.0, 1.0, 1.0}, {2.0, 8.0, 2.0}, {3.0, 3.0, 9.0}}, J)
  end)

  it("an output that does not depend on x gives zeros; the dtype is x's", function()
    local J = lt.jacobian(function(x) return f64({1.0, 2.0}) end, lt.tensor({1.0, 2.0, 3.0}))
    assert.are_same({{0.0, 0.0, 0.0}, {0.0, 0.0, 0.0}}, J:totable())
    assert.are.equal("float32", J.dtype)
    local J2 = lt.jacobian(function(x) return x:double() * 3 end, lt.tensor({1.0, 2.0}))
    assert.are.equal("float32", J2.dtype)
    assert.are_same({{3.0, 0.0}, {0.0, 3.0}}, J2:totable())
  end)

  it("bad uses are errors", function()
    assert.has_error(function() lt.jacobian(5, f64({1.0})) end, "jacobian: expected a function, got number")
    assert.has_error(function() lt.jacobian(function(x) return x end, 3) end, "jacobian: x must be a tensor, got number")
    assert.has_error(function() lt.jacobian(function(x) return x end, lt.arange(2)) end,
      "jacobian: x must be a floating point tensor, got int64")
    assert.has_error(function() lt.jacobian(function(x) return {} end, f64({1.0})) end,
      "jacobian: the function must return a tensor, got table")
    assert.is_true(nothing_recording())
  end)
end)

describe("lt.hessian", function()
  it("the Hessian of sum(x^3) is diag(6x)", function()
    local H = lt.hessian(function(x) return (x * x * x):sum() end, f64({1.0, 2.0, 3.0}))
    assert_close(diag({6.0, 12.0, 18.0}), H)
  end)

  it("the Hessian of sum(x)^2 is 2 everywhere; of a linear function, zeros", function()
    local H = lt.hessian(function(x) local s = x:sum() return s * s end, f64({1.0, -2.0}))
    assert_close({{2.0, 2.0}, {2.0, 2.0}}, H)
    local Z = lt.hessian(function(x) return (x * 3):sum() end, f64({1.0, 2.0}))
    assert.are_same({{0.0, 0.0}, {0.0, 0.0}}, Z:totable())
  end)

  it("a Hessian with cross terms: f = x1^2 x2 + sin(x1 x2)", function()
    local function f(x) return x[{ {1} }] * x[{ {1} }] * x[{ {2} }] + (x[{ {1} }] * x[{ {2} }]):sin() end
    local x1, x2 = 0.7, -1.3
    local H = lt.hessian(function(x) return f(x):sum() end, f64({x1, x2}))
    local s, c = math.sin(x1 * x2), math.cos(x1 * x2)
    assert_close({
      { 2 * x2 - x2 * x2 * s, 2 * x1 + c - x1 * x2 * s },
      { 2 * x1 + c - x1 * x2 * s, -x1 * x1 * s },
    }, H, 1e-12)
  end)

  it("shape x.shape .. x.shape; a 0-d x gives a 0-d Hessian", function()
    local H = lt.hessian(function(x) return (x * x):sum() end, f64({{1.0, 2.0}, {3.0, 4.0}}))
    assert.are_same({2, 2, 2, 2}, H.shape)
    assert.are.equal(2.0, H[{1, 2, 1, 2}])
    assert.are.equal(0.0, H[{1, 2, 2, 1}])
    assert.are.equal(8.0, H:sum():item())
    local h0 = lt.hessian(function(x) return x * x * x end, f64(2.0))
    assert.are_same({}, h0.shape)
    assert.are.equal(12.0, h0:item())
  end)

  it("the Hessian of x . (A x) is A + A^T (second order through matmul)", function()
    local A = f64({{1.0, 2.0, 0.0}, {-1.0, 3.0, 4.0}, {0.5, 0.0, -2.0}})
    local H = lt.hessian(function(x) return x:matmul(A:matmul(x)) end, f64({0.3, -0.7, 1.1}))
    assert_close((A + A:t()):totable(), H)
  end)

  it("Hessians through the matmul family and the element-wise ops match finite differences", function()
    lt.manual_seed(3)
    local A = lt.randn(3, 3, lt.float64)
    -- finite differences of lt.grad, one column per element of x
    local function fd_hessian(f, x)
      local g, n, eps = lt.grad(f), x:numel(), 1e-5
      local H = lt.zeros(n, n, lt.float64)
      for k = 1, n do
        local xp, xm = x:clone(), x:clone()
        xp:view(-1)[k] = xp:view(-1)[k] + eps
        xm:view(-1)[k] = xm:view(-1)[k] - eps
        H[{ {}, k }] = ((g(xp) - g(xm)) / (2 * eps)):reshape(n)
      end
      return H
    end
    local cases = {
      { "sum(X X)", function(X) return X:matmul(X):sum() end, lt.randn(3, 3, lt.float64) },
      { "sum(sin(X A))", function(X) return X:matmul(A):sin():sum() end, lt.randn(3, 3, lt.float64) },
      { "dot(x, mv(A, x))", function(x) return lt.dot(x, A:mv(x)) end, lt.randn(3, lt.float64) },
      { "einsum ij,jk", function(X) return lt.einsum("ij,jk->ik", X, X):tanh():sum() end, lt.randn(3, 3, lt.float64) },
      { "bmm", function(X) local Y = X:view(1, 3, 3) return lt.bmm(Y, Y):sum() end, lt.randn(3, 3, lt.float64) },
      { "tensordot", function(X) return lt.tensordot(X, X, 1):exp():sum() end, lt.randn(3, 3, lt.float64) * 0.3 },
      { "outer", function(x) return lt.outer(x, x):sin():sum() end, lt.randn(3, lt.float64) },
      { "exp, sin, tanh, sigmoid", function(x) return (x:exp() * x:sin() + x:tanh() * x:sigmoid()):sum() end,
        lt.randn(3, lt.float64) },
      { "div, pow, log, sqrt", function(x) return (x / (x * x + 1) + (x * x + 2):sqrt():log() + (x * x + 1) ^ 1.5):sum() end,
        lt.randn(3, lt.float64) },
      { "broadcast and views", function(x) return (x:view(3, 1) * x:view(1, 3)):t():exp():sum() end,
        lt.randn(3, lt.float64) },
    }
    local bad = {}
    for _, c in ipairs(cases) do
      local H = lt.hessian(c[2], c[3])
      local F = fd_hessian(c[2], c[3])
      local err = (H:reshape(F.shape) - F):abs():max():item()
      if not (err < 1e-6) then bad[#bad + 1] = string.format("%s: max |H - FD| = %.3g", c[1], err) end
    end
    assert.are_same({}, bad)
  end)

  it("a non-scalar result is summed first (as grad does)", function()
    local H = lt.hessian(function(x) return x * x * x end, f64({1.0, 2.0}))
    assert_close(diag({6.0, 12.0}), H)
  end)

  it("under an outer tape the Hessian itself is differentiable (third derivatives)", function()
    local x = f64({1.0, 2.0, 3.0})
    local tape <close> = lt.tape()
    tape:watch(x)
    local H = lt.hessian(function(x_) return (x_ ^ 4):sum() end, x) -- diag(12 x^2)
    assert_close(diag({12.0, 48.0, 108.0}), H)
    assert_close({24.0, 48.0, 72.0}, tape:gradient(H, x))             -- d/dx sum(12 x^2)
  end)

  it("errors name hessian and point at the caller", function()
    assert.has_error(function() lt.hessian(5, f64({1.0})) end, "hessian: expected a function, got number")
    assert.has_error(function() lt.hessian(function(x) return x end, lt.arange(2)) end,
      "hessian: x must be a floating point tensor, got int64")
    assert.has_error(function() local h = lt.hessian(function(x) return 1 end, f64({1.0})) return h end,
      "hessian: the function must return a tensor, got number")
    local ok, err = pcall(function()
      local h = lt.hessian(function(x) return x:gt(0):double() end, f64({1.0}))
      return h
    end)
    assert.is_false(ok)
    assert.matches("autograd_spec%.lua:%d+: gradient: no gradient flows to source 1", err)
    local ok2, err2 = pcall(lt.hessian, function(x) error("mine") end, f64({1.0}))
    assert.is_false(ok2)
    assert.matches("autograd_spec%.lua:%d+: mine$", err2)
    assert.is_true(nothing_recording())
  end)
end)

describe("lt.gradcheck", function()
  it("passes for correct gradients: element-wise, matmul, broadcasting, several inputs", function()
    lt.manual_seed(5)
    local cases = {
      { function(x) return x:sin() * x:exp() end, { lt.randn(3, 4, lt.float64) } },
      { function(a, b) return a:matmul(b):tanh() end, { lt.randn(3, 4, lt.float64), lt.randn(4, 2, lt.float64) } },
      { function(a, b) return a * b + a / (b * b + 1) end, { lt.randn(3, 1, lt.float64), lt.randn(1, 4, lt.float64) } },
      { function(a, v) return lt.einsum("ij,j->i", a, v):sigmoid() end, { lt.randn(2, 3, lt.float64), lt.randn(3, lt.float64) } },
      { function(x) return x:t():reshape(6) * lt.arange(6):double() end, { lt.randn(2, 3, lt.float64) } },
    }
    for i, c in ipairs(cases) do
      local ok, report = lt.gradcheck(c[1], c[2])
      assert.is_true(ok, "case " .. i .. ": max_error " .. tostring(report.max_error))
      assert.is_true(report.max_error < 1e-6, "case " .. i)
      assert.are.equal(0, report.failures)
    end
  end)

  it("a single tensor or a list; the report says how much was checked", function()
    local x = f64({{1.0, 2.0}, {3.0, 4.0}})
    local ok, report = lt.gradcheck(function(t) return t * t end, x)
    assert.is_true(ok)
    assert.are.equal(4, report.checked)
    assert.are.equal(0, report.failures)
    assert.is_number(report.max_error)
    assert.are.equal(1, report.input)
    assert.are.equal(2, #report.index)
    local ok2, r2 = lt.gradcheck(function(a, b) return a * b end, {x, f64({5.0, 6.0})})
    assert.is_true(ok2)
    assert.are.equal(6, r2.checked)
  end)

  it("float32 inputs are evaluated through float64 copies and left untouched", function()
    lt.manual_seed(9)
    local x = lt.randn(3, 3)
    local before = x:totable()
    local seen
    local ok, report = lt.gradcheck(function(t)
      seen = t.dtype
      return (t * t):exp()
    end, x)
    assert.is_true(ok, tostring(report.max_error))
    assert.are.equal("float64", seen)
    assert.are.equal("float32", x.dtype)
    assert.are_same(before, x:totable())
  end)

  it("non-contiguous inputs work", function()
    lt.manual_seed(10)
    local base = lt.randn(4, 3, lt.float64)
    local ok, report = lt.gradcheck(function(t) return t:matmul(t:t()) end, base:t())
    assert.is_true(ok, tostring(report.max_error))
    assert.are.equal(12, report.checked)
  end)

  it("reports a wrong gradient with its location: input, 1-based index, analytic and numeric", function()
    -- the tape sees x * x:detach() at element (2, 3) of b: an analytic gradient of b instead of 2b
    local mask = lt.tensor({ { false, false, false }, { false, false, true } })
    local a = f64({1.0, 2.0})
    local b = f64({{0.5, -1.0, 1.5}, {2.0, 0.25, 3.0}})
    local function f(a_, b_)
      return a_:sum() + lt.where(mask, b_ * b_:detach(), b_ * b_)
    end
    local ok, report = lt.gradcheck(f, {a, b})
    assert.is_false(ok)
    assert.are.equal(1, report.failures)
    assert.are.equal(2, report.input)
    assert.are_same({2, 3}, report.index)
    assert.is_true(math.abs(report.analytic - 3.0) < 1e-12)
    assert.is_true(math.abs(report.numeric - 6.0) < 1e-6)
    assert.is_true(math.abs(report.max_error - 0.5) < 1e-6) -- |3 - 6| / 6
    assert.are.equal(8, report.checked)
  end)

  it("opts.raise turns a failed check into an error that says where", function()
    local function f(x) return x * x:detach() end
    local ok, err = pcall(lt.gradcheck, f, f64({2.0}), { raise = true })
    assert.is_false(ok)
    assert.matches("gradcheck: 1 of 1 gradient elements differ from finite differences; worst: input 1 at {1}: "
      .. "analytic 2, numeric 4", err, 1, true)
    assert.is_true(lt.gradcheck(function(x) return x * x end, f64({2.0}), { raise = true }))
  end)

  it("tolerances: a loose rtol accepts what the default refuses", function()
    -- a gradient 0.5% off, through a detached factor
    local function f(x) return x * x + x * lt.stop_gradient(x) * 0.01 end
    -- analytic 2x + 0.01x, numeric 2x + 0.02x: relative error 0.01 / 2.02 ~ 0.5%
    local x = f64({1.0, 2.0})
    assert.is_false((lt.gradcheck(f, x)))
    assert.is_true((lt.gradcheck(f, x, { rtol = 1e-2 })))
    assert.is_true((lt.gradcheck(f, x, { atol = 1, rtol = 0 })))
    assert.is_true((lt.gradcheck(function(t) return t:exp() end, x, { eps = 1e-4, rtol = 1e-6, atol = 1e-6 })))
  end)

  it("an op the tape does not record shows up as analytic zeros", function()
    -- the tape cannot see through a value copied out to a Lua number
    local function f(x) return lt.tensor(x:sum():item(), lt.float64) * 1 + x * 0 end
    local ok, report = lt.gradcheck(f, f64({1.0, 2.0}))
    assert.is_false(ok)
    assert.are.equal(0.0, report.analytic)
  end)

  it("bad arguments are errors", function()
    local id = function(x) return x end
    assert.has_error(function() lt.gradcheck(5, f64({1.0})) end, "gradcheck: expected a function, got number")
    assert.has_error(function() lt.gradcheck(id, {}) end,
      "gradcheck: inputs must be a tensor or a non-empty list of tensors, got table")
    assert.has_error(function() lt.gradcheck(id, 3) end,
      "gradcheck: inputs must be a tensor or a non-empty list of tensors, got number")
    assert.has_error(function() lt.gradcheck(id, {f64({1.0}), 2}) end, "gradcheck: input 2 must be a tensor, got number")
    assert.has_error(function() lt.gradcheck(id, {lt.arange(3)}) end,
      "gradcheck: input 1 must be a floating point tensor, got int64")
    assert.has_error(function() lt.gradcheck(id, f64({1.0}), 1) end, "gradcheck: opts must be a table, got number")
    assert.has_error(function() lt.gradcheck(id, f64({1.0}), { eps = -1 }) end,
      "gradcheck: opts.eps must be a non-negative number, got -1")
    assert.has_error(function() lt.gradcheck(id, f64({1.0}), { eps = 0 }) end, "gradcheck: opts.eps must be positive")
    assert.has_error(function() lt.gradcheck(id, f64({1.0}), { rtol = "x" }) end,
      "gradcheck: opts.rtol must be a non-negative number, got x")
    assert.has_error(function() lt.gradcheck(function() return 1 end, f64({1.0})) end,
      "gradcheck: the function must return a tensor, got number")
    assert.is_true(nothing_recording())
  end)
end)

describe("autograd functions in the module", function()
  it("are plain functions of the module table (and so methods too), written by init.lua", function()
    for _, name in ipairs({ "grad", "value_and_grad", "jacobian", "hessian", "gradcheck" }) do
      assert.are.equal("function", type(lt[name]), name)
      assert.are.equal(require("luatensor.autograd")[name], lt[name], name)
      assert.is_nil(rawget(_G, name), name .. " leaked into _G")
    end
  end)
end)

describe("luatensor/init.lua", function()
  -- a host whose first `require "luatensor"` ran out of memory half way retries it: the
  -- autograd functions it already put in the core table are the same ones, not a clash
  it("can run again after a run that stopped half way", function()
    local path = assert(package.searchpath("luatensor", package.path))
    local again = dofile(path)
    assert.are.equal(lt, again)
    assert.are.equal(require("luatensor.autograd").grad, again.grad)
  end)

  it("still refuses an autograd name that the core defines otherwise", function()
    local path = assert(package.searchpath("luatensor", package.path))
    local saved = lt.gradcheck
    lt.gradcheck = function() end
    local ok, err = pcall(dofile, path)
    lt.gradcheck = saved
    assert.is_false(ok)
    assert.matches("luatensor: autograd's gradcheck would replace the core's", err, 1, true)
  end)
end)
