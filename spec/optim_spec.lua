-- luatensor.optim (issue 6): SGD, Adam, AdamW, RMSprop and the schedulers.
--
-- Each optimizer's steps are compared with its update rule written out by hand in plain Lua
-- numbers (PyTorch's formulas as the torch.optim docs give them, element by element, in the
-- order PyTorch computes them), for every combination of its options, over several steps with
-- changing gradients; float64 parameters must agree to 1e-12 (the library computes the same
-- formulas in a slightly different order: see optim.lua), float32 ones to float32 rounding.
-- Then: nil gradients, state_dict/load_state_dict resuming bit for bit, the schedulers' rates,
-- nothing recorded on an active tape, a least-squares problem trained by each optimizer, and
-- the error messages.
local lt = require "luatensor"
local optim = require "luatensor.optim"

local D, F = lt.float64, lt.float32

-- ---- helpers ----------------------------------------------------------------------------------

local function close(a, b, tol)
  return math.abs(a - b) <= tol * math.max(1, math.abs(a), math.abs(b))
end

-- a tensor's values against a flat Lua list
local function assert_values(want, t, tol, what)
  local got = t:reshape(-1):totable()
  assert.are.equal(#want, #got, (what or "values") .. ": element count")
  for i = 1, #want do
    if not close(want[i], got[i], tol) then
      error(string.format("%s: element %d is %.17g, expected %.17g", what or "values", i, got[i], want[i]), 2)
    end
  end
end

local function flat(t) return t:reshape(-1):totable() end

local function copy(list)
  local c = {}
  for i, v in ipairs(list) do c[i] = v end
  return c
end

-- gradients for step k: a fixed pattern whose signs and sizes change from step to step
local function grad_values(n, k, salt)
  local g = {}
  for i = 1, n do
    g[i] = math.sin(1.3 * i + 0.7 * k + (salt or 0)) * (1 + 0.5 * ((i + k) % 3))
  end
  return g
end

local P0 = {0.5, -1.25, 2.0, 0.0, -0.3, 1.7}          -- initial parameter values (2 x 3)

-- ---- the reference rules, element by element (PyTorch's torch.optim formulas) -------------------

local ref = {}

function ref.SGD(o)
  local lr, mom, damp, nest, wd = o.lr or 0.01, o.momentum or 0, o.dampening or 0, o.nesterov or false,
    o.weight_decay or 0
  local buf
  return function(p, g)
    local n = #p
    local d = {}
    for i = 1, n do d[i] = g[i] end
    if wd ~= 0 then for i = 1, n do d[i] = d[i] + wd * p[i] end end
    if mom ~= 0 then
      if buf == nil then
        buf = copy(d)
      else
        for i = 1, n do buf[i] = mom * buf[i] + (1 - damp) * d[i] end
      end
      if nest then
        for i = 1, n do d[i] = d[i] + mom * buf[i] end
      else
        d = copy(buf)
      end
    end
    for i = 1, n do p[i] = p[i] - lr * d[i] end
  end
end

local function adam_ref(o, decoupled)
  local lr, eps = o.lr or 1e-3, o.eps or 1e-8
  local b1, b2 = (o.betas or {0.9, 0.999})[1], (o.betas or {0.9, 0.999})[2]
  local wd = o.weight_decay or (decoupled and 0.01 or 0)
  local amsgrad = o.amsgrad or false
  local m, v, vmax, t
  return function(p, g)
    local n = #p
    if m == nil then
      m, v, vmax, t = {}, {}, {}, 0
      for i = 1, n do m[i], v[i], vmax[i] = 0, 0, 0 end
    end
    t = t + 1
    local d = copy(g)
    for i = 1, n do
      if decoupled then p[i] = p[i] * (1 - lr * wd) else d[i] = d[i] + wd * p[i] end
    end
    local bc1, bc2 = 1 - b1 ^ t, 1 - b2 ^ t
    for i = 1, n do
      m[i] = b1 * m[i] + (1 - b1) * d[i]
      v[i] = b2 * v[i] + (1 - b2) * d[i] * d[i]
      local vv = v[i]
      if amsgrad then
        vmax[i] = math.max(vmax[i], v[i])
        vv = vmax[i]
      end
      local denom = math.sqrt(vv) / math.sqrt(bc2) + eps
      p[i] = p[i] - (lr / bc1) * m[i] / denom
    end
  end
end
function ref.Adam(o) return adam_ref(o, false) end
function ref.AdamW(o) return adam_ref(o, true) end

function ref.RMSprop(o)
  local lr, alpha, eps, wd, mom, centered = o.lr or 1e-2, o.alpha or 0.99, o.eps or 1e-8, o.weight_decay or 0,
    o.momentum or 0, o.centered or false
  local sq, ga, buf
  return function(p, g)
    local n = #p
    if sq == nil then
      sq, ga, buf = {}, {}, {}
      for i = 1, n do sq[i], ga[i], buf[i] = 0, 0, 0 end
    end
    for i = 1, n do
      local d = g[i] + wd * p[i]
      sq[i] = alpha * sq[i] + (1 - alpha) * d * d
      local avg
      if centered then
        ga[i] = alpha * ga[i] + (1 - alpha) * d
        avg = math.sqrt(sq[i] - ga[i] * ga[i]) + eps
      else
        avg = math.sqrt(sq[i]) + eps
      end
      if mom > 0 then
        buf[i] = mom * buf[i] + d / avg
        p[i] = p[i] - lr * buf[i]
      else
        p[i] = p[i] - lr * d / avg
      end
    end
  end
end

-- runs `steps` steps of optim[name] (dtype) and of the reference on P0 and compares after each
local function compare(name, opts, steps, dtype, tol)
  local p = lt.tensor(P0, dtype):view(2, 3)
  local opt = optim[name]({p}, opts)
  local rp = copy(P0)
  local rstep = ref[name](opts)
  for k = 1, steps do
    local g = grad_values(#P0, k)
    opt:step({lt.tensor(g, dtype):view(2, 3)})
    rstep(rp, g)
    assert_values(rp, p, tol, string.format("%s step %d", name, k))
  end
  return opt
end

-- every combination of the given option values (a list of option tables)
local function combos(axes)
  local out = {{}}
  for _, axis in ipairs(axes) do
    local key, vals = axis[1], axis[2]
    local nxt = {}
    for _, base in ipairs(out) do
      for _, v in ipairs(vals) do
        local o = {}
        for k, x in pairs(base) do o[k] = x end
        o[key] = v
        nxt[#nxt + 1] = o
      end
    end
    out = nxt
  end
  return out
end

local function describe_opts(o)
  local keys = {}
  for k in pairs(o) do keys[#keys + 1] = k end
  table.sort(keys)
  local parts = {}
  for _, k in ipairs(keys) do
    local v = o[k]
    if type(v) == "table" then v = "{" .. table.concat(v, ",") .. "}" end
    parts[#parts + 1] = k .. "=" .. tostring(v)
  end
  return "{" .. table.concat(parts, " ") .. "}"
end

local CASES = {
  SGD = combos({{"lr", {0.1}}, {"momentum", {0, 0.9}}, {"dampening", {0, 0.25}}, {"nesterov", {false, true}},
    {"weight_decay", {0, 0.05}}}),
  Adam = combos({{"lr", {0.01}}, {"betas", {{0.9, 0.999}, {0.5, 0.8}}}, {"eps", {1e-8, 0.1}},
    {"weight_decay", {0, 0.1}}, {"amsgrad", {false, true}}}),
  AdamW = combos({{"lr", {0.01}}, {"betas", {{0.9, 0.999}, {0.5, 0.8}}}, {"eps", {1e-8}},
    {"weight_decay", {0, 0.01, 0.5}}, {"amsgrad", {false, true}}}),
  RMSprop = combos({{"lr", {0.01}}, {"alpha", {0.99, 0.5}}, {"eps", {1e-8}}, {"weight_decay", {0, 0.1}},
    {"momentum", {0, 0.9}}, {"centered", {false, true}}}),
}

-- ---- one step, written out ---------------------------------------------------------------------

describe("optim: one step by hand", function()
  it("SGD: p - lr * g", function()
    local p = lt.tensor({1.0, -2.0, 3.0}, D)
    local opt = optim.SGD({p}, {lr = 0.1})
    opt:step({lt.tensor({0.5, 0.25, -1.0}, D)})
    assert_values({1 - 0.05, -2 - 0.025, 3 + 0.1}, p, 1e-15)
  end)

  it("SGD with momentum: the first buffer is the gradient, then m * buf + g", function()
    local p = lt.tensor({1.0}, D)
    local opt = optim.SGD({p}, {lr = 0.1, momentum = 0.9})
    opt:step({lt.tensor({2.0}, D)})                   -- buf = 2, p = 1 - 0.2
    assert_values({0.8}, p, 1e-15)
    opt:step({lt.tensor({1.0}, D)})                   -- buf = 0.9 * 2 + 1 = 2.8, p = 0.8 - 0.28
    assert_values({0.52}, p, 1e-15)
    assert_values({2.8}, opt.state[1].momentum_buffer, 1e-15)
  end)

  it("SGD nesterov with weight decay", function()
    local p = lt.tensor({1.0}, D)
    local opt = optim.SGD({p}, {lr = 0.1, momentum = 0.5, nesterov = true, weight_decay = 0.1})
    opt:step({lt.tensor({2.0}, D)})                   -- d = 2.1, buf = 2.1, d = 2.1 + 1.05
    assert_values({1 - 0.315}, p, 1e-15)
  end)

  it("Adam: the first step moves each element by lr * g / (|g| + eps)", function()
    local p = lt.tensor({1.0, 1.0}, D)
    local opt = optim.Adam({p}, {lr = 0.1})
    opt:step({lt.tensor({0.5, -4.0}, D)})
    assert_values({1 - 0.1 * 0.5 / (0.5 + 1e-8), 1 + 0.1 * 4 / (4 + 1e-8)}, p, 1e-14)
    assert.are.equal(1, opt.state[1].step)
    assert_values({0.05, -0.4}, opt.state[1].exp_avg, 1e-14)
    assert_values({0.001 * 0.25, 0.001 * 16}, opt.state[1].exp_avg_sq, 1e-14)
  end)

  it("AdamW: decay p * (1 - lr * wd) before the Adam step", function()
    local p = lt.tensor({2.0}, D)
    local opt = optim.AdamW({p}, {lr = 0.1, weight_decay = 0.5})
    opt:step({lt.tensor({1.0}, D)})
    assert_values({2 * (1 - 0.05) - 0.1 * 1 / (1 + 1e-8)}, p, 1e-14)
  end)

  it("RMSprop: p - lr * g / (sqrt((1 - alpha) g^2) + eps)", function()
    local p = lt.tensor({1.0}, D)
    local opt = optim.RMSprop({p}, {lr = 0.01, alpha = 0.9})
    opt:step({lt.tensor({2.0}, D)})
    assert_values({1 - 0.01 * 2 / (math.sqrt(0.1 * 4) + 1e-8)}, p, 1e-14)
    assert_values({0.4}, opt.state[1].square_avg, 1e-14)
  end)

  it("the defaults are PyTorch's", function()
    local p = lt.zeros(1)
    local s = optim.SGD({p})
    assert.are.same({0.01, 0, 0, false, 0}, {s.lr, s.momentum, s.dampening, s.nesterov, s.weight_decay})
    local a = optim.Adam({p})
    assert.are.same({1e-3, {0.9, 0.999}, 1e-8, 0, false}, {a.lr, a.betas, a.eps, a.weight_decay, a.amsgrad})
    local w = optim.AdamW({p})
    assert.are.same({1e-3, {0.9, 0.999}, 1e-8, 0.01, false}, {w.lr, w.betas, w.eps, w.weight_decay, w.amsgrad})
    local r = optim.RMSprop({p})
    assert.are.same({1e-2, 0.99, 1e-8, 0, 0, false},
      {r.lr, r.alpha, r.eps, r.weight_decay, r.momentum, r.centered})
  end)
end)

-- ---- every combination, several steps, against the reference -----------------------------------

for _, name in ipairs({"SGD", "Adam", "AdamW", "RMSprop"}) do
  describe("optim." .. name .. " against the update rule by hand", function()
    local count = 0
    for _, o in ipairs(CASES[name]) do
      local valid = not (name == "SGD" and o.nesterov and (o.momentum == 0 or o.dampening ~= 0))
      if valid then
        count = count + 1
        it(describe_opts(o) .. ": 4 steps, float64", function()
          compare(name, o, 4, D, 1e-12)
        end)
        it(describe_opts(o) .. ": 4 steps, float32", function()
          compare(name, o, 4, F, 2e-6)
        end)
      end
    end
    it("covers " .. count .. " option combinations", function() assert.is_true(count >= 8) end)
  end)
end

describe("optim: several parameters and layouts", function()
  it("updates each parameter of a list with its own gradient and state", function()
    local ps = {lt.tensor(P0, D):view(2, 3), lt.tensor({3.0, -1.0}, D), lt.tensor(0.25, D)}
    local opt = optim.Adam(ps, {lr = 0.05, amsgrad = true, weight_decay = 0.01})
    local refs = {copy(P0), {3.0, -1.0}, {0.25}}
    local rsteps = {ref.Adam({lr = 0.05, amsgrad = true, weight_decay = 0.01}),
      ref.Adam({lr = 0.05, amsgrad = true, weight_decay = 0.01}),
      ref.Adam({lr = 0.05, amsgrad = true, weight_decay = 0.01})}
    for k = 1, 5 do
      local gs = {grad_values(6, k, 0), grad_values(2, k, 1), grad_values(1, k, 2)}
      opt:step({lt.tensor(gs[1], D):view(2, 3), lt.tensor(gs[2], D), lt.tensor(gs[3][1], D)})
      for j = 1, 3 do
        rsteps[j](refs[j], gs[j])
        assert_values(refs[j], ps[j], 1e-12, "parameter " .. j .. " step " .. k)
      end
    end
    assert.are.same({}, ps[3].shape)
  end)

  it("takes non-contiguous and expanded gradients, and non-contiguous parameters", function()
    local base = lt.tensor(P0, D):view(2, 3)
    local p = base:t()                                -- a transposed view: updated in place
    local opt = optim.SGD({p}, {lr = 0.5, momentum = 0.9, weight_decay = 0.1})
    local rp = flat(p)
    local rstep = ref.SGD({lr = 0.5, momentum = 0.9, weight_decay = 0.1})
    local g1 = lt.tensor({{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}}, D):t()
    opt:step({g1})
    rstep(rp, flat(g1))
    assert_values(rp, p, 1e-14)
    local g2 = lt.tensor({1.5}, D):expand(3, 2)       -- stride 0
    opt:step({g2})
    rstep(rp, flat(g2))
    assert_values(rp, p, 1e-14)
    assert.are.same(flat(base:t()), flat(p))          -- the base sees the update
  end)

  it("reads opt.lr at every step (a scheduler or the user may change it)", function()
    local p = lt.tensor({1.0}, D)
    local opt = optim.SGD({p}, {lr = 0.1})
    opt:step({lt.tensor({1.0}, D)})
    opt.lr = 0.01
    opt:step({lt.tensor({1.0}, D)})
    assert_values({1 - 0.1 - 0.01}, p, 1e-15)
  end)
end)

-- ---- nil gradients -------------------------------------------------------------------------------

describe("optim: nil gradients", function()
  for _, name in ipairs({"SGD", "Adam", "AdamW", "RMSprop"}) do
    it(name .. " skips a parameter whose gradient is nil (its state and step count too)", function()
      local opts = {lr = 0.05, momentum = name ~= "Adam" and name ~= "AdamW" and 0.9 or nil}
      local a, b = lt.tensor({1.0, 2.0}, D), lt.tensor({-1.0, 0.5}, D)
      local opt = optim[name]({a, b}, opts)
      local ra, rb = {1.0, 2.0}, {-1.0, 0.5}
      local sa, sb = ref[name](opts), ref[name](opts)
      -- b gets a gradient only at steps 2 and 4
      for k = 1, 4 do
        local ga, gb = grad_values(2, k, 0), grad_values(2, k, 5)
        local grads = {lt.tensor(ga, D), n = 2}
        if k % 2 == 0 then grads[2] = lt.tensor(gb, D) end
        opt:step(grads)
        sa(ra, ga)
        if k % 2 == 0 then sb(rb, gb) end
        assert_values(ra, a, 1e-12, "a step " .. k)
        assert_values(rb, b, 1e-12, "b step " .. k)
        if k == 1 then assert.is_nil(opt.state[2]) end
      end
      assert.are.equal(4, opt.state[1].step)
      assert.are.equal(2, opt.state[2].step)
      assert.are.equal(4, opt.step_count)
    end)
  end

  it("takes the list tape:gradient returns, nil where the loss does not depend on a parameter", function()
    local w = lt.variable(lt.tensor({1.0, 2.0}, D))
    local unused = lt.variable(lt.tensor({5.0}, D))
    local opt = optim.SGD({w, unused}, {lr = 0.1})
    local tape = lt.tape()
    local loss = (w * w):sum()
    local grads = tape:gradient(loss, {w, unused})
    assert.is_nil(grads[2])
    opt:step(grads)
    assert_values({1 - 0.2, 2 - 0.4}, w, 1e-15)
    assert_values({5.0}, unused, 0)
  end)

  it("a list of only nils changes nothing", function()
    local p = lt.tensor({1.0}, D)
    local opt = optim.Adam({p})
    opt:step({n = 1})
    assert_values({1.0}, p, 0)
    assert.is_nil(opt.state[1])
  end)
end)

-- ---- state_dict / load_state_dict ------------------------------------------------------------------

local RESUME = {
  {"SGD", {lr = 0.1, momentum = 0.9, nesterov = true, weight_decay = 0.01}},
  {"SGD", {lr = 0.1, momentum = 0.5, dampening = 0.2}},
  {"Adam", {lr = 0.01, amsgrad = true, weight_decay = 0.1}},
  {"AdamW", {lr = 0.01, betas = {0.8, 0.9}}},
  {"RMSprop", {lr = 0.01, momentum = 0.9, centered = true, weight_decay = 0.05}},
}

describe("optim: state_dict / load_state_dict", function()
  -- parameters a (2x3) and b (2); b has no gradient at step 1
  local function grads_at(k, dtype)
    local g = {lt.tensor(grad_values(6, k), dtype):view(2, 3), n = 2}
    if k > 1 then g[2] = lt.tensor(grad_values(2, k, 3), dtype) end
    return g
  end

  for _, case in ipairs(RESUME) do
    local name, opts = case[1], case[2]
    it(name .. " " .. describe_opts(opts) .. ": resuming gives the same bits as an uninterrupted run", function()
      for _, dtype in ipairs({D, F}) do
        local function params() return {lt.tensor(P0, dtype):view(2, 3), lt.tensor({0.3, -0.7}, dtype)} end
        -- uninterrupted: 7 steps
        local ps = params()
        local opt = optim[name](ps, opts)
        for k = 1, 7 do opt:step(grads_at(k, dtype)) end
        -- interrupted after 3 steps: save parameters and optimizer, continue in a fresh optimizer
        local qs = params()
        local opt1 = optim[name](qs, opts)
        for k = 1, 3 do opt1:step(grads_at(k, dtype)) end
        local sd = opt1:state_dict()
        local saved = {qs[1]:clone(), qs[2]:clone()}
        opt1:step(grads_at(4, dtype))                 -- later steps do not change the saved dict
        opt1:step(grads_at(5, dtype))
        local rs = {saved[1]:clone(), saved[2]:clone()}
        local opt2 = optim[name](rs, {lr = 123})      -- other hyperparameters: the dict restores them
        opt2:load_state_dict(sd)
        assert.are.equal(opts.lr, opt2.lr)
        assert.are.equal(3, opt2.step_count)
        for k = 4, 7 do opt2:step(grads_at(k, dtype)) end
        for j = 1, 2 do
          assert.are.same(flat(ps[j]), flat(rs[j]), name .. " " .. dtype .. " parameter " .. j)
        end
      end
    end)
  end

  it("is a plain table: optimizer name, hyperparameters, step count, state by parameter position", function()
    local a, b = lt.tensor({1.0, 2.0}, D), lt.tensor({3.0}, D)
    local opt = optim.Adam({a, b}, {lr = 0.01, amsgrad = true})
    opt:step({lt.tensor({0.5, -0.5}, D), n = 2})
    opt:step({lt.tensor({0.5, -0.5}, D), n = 2})
    local sd = opt:state_dict()
    assert.are.equal("Adam", sd.optimizer)
    assert.are.equal(2, sd.n)
    assert.are.equal(2, sd.step)
    assert.are.same({lr = 0.01, betas = {0.9, 0.999}, eps = 1e-8, weight_decay = 0, amsgrad = true}, sd.hyper)
    assert.are.equal(2, sd.state[1].step)
    assert.is_nil(sd.state[2])
    for _, k in ipairs({"exp_avg", "exp_avg_sq", "max_exp_avg_sq"}) do
      assert.is_true(lt.is_tensor(sd.state[1][k]), k)
      assert.are_not.equal(opt.state[1][k], sd.state[1][k]) -- a copy
      assert.are.same(flat(opt.state[1][k]), flat(sd.state[1][k]))
    end
    local s = optim.SGD({a}, {momentum = 0.9})
    s:step({lt.tensor({1.0, 1.0}, D)})
    assert.are.same({1.0, 1.0}, flat(s:state_dict().state[1].momentum_buffer))
  end)

  it("refuses a dict from another optimizer or for other parameters", function()
    local p = lt.tensor({1.0}, D)
    local sgd = optim.SGD({p}, {momentum = 0.9})
    sgd:step({lt.tensor({1.0}, D)})
    local adam = optim.Adam({p})
    assert.has_error(function() adam:load_state_dict(sgd:state_dict()) end,
      "Adam.load_state_dict: the state dict is from SGD")
    local two = optim.SGD({p, lt.tensor({1.0}, D)})
    assert.has_error(function() two:load_state_dict(sgd:state_dict()) end,
      "SGD.load_state_dict: the state dict has 1 parameters, this optimizer 2")
    local other = optim.SGD({lt.tensor({1.0, 2.0}, D)})
    assert.has_error(function() other:load_state_dict(sgd:state_dict()) end,
      "SGD.load_state_dict: momentum_buffer of parameter 1 has shape (1), the parameter (2)")
  end)
end)

-- ---- schedulers ---------------------------------------------------------------------------------------

describe("optim: learning-rate schedulers", function()
  it("StepLR: lr * gamma every step_size epochs", function()
    local opt = optim.SGD({lt.zeros(1)}, {lr = 0.1})
    local sched = optim.StepLR(opt, {step_size = 3, gamma = 0.5})
    assert.are.equal(0.1, sched:get_lr())
    local want = {0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.0125, 0.0125}
    for e = 1, #want do
      sched:step()
      assert.is_true(close(want[e], opt.lr, 1e-15), "epoch " .. e .. ": " .. opt.lr)
      assert.are.equal(opt.lr, sched:get_lr())
    end
    assert.are.equal(10, sched.last_epoch)
  end)

  it("takes its options in order too", function()
    local opt = optim.SGD({lt.zeros(1)}, {lr = 1.0})
    local sched = optim.StepLR(opt, {2, 0.5})
    assert.are.same({2, 0.5}, {sched.step_size, sched.gamma})
    local cos = optim.CosineAnnealingLR(opt, {8})
    assert.are.same({8, 0}, {cos.T_max, cos.eta_min})
  end)

  it("StepLR's gamma defaults to 0.1", function()
    local opt = optim.Adam({lt.zeros(1)}, {lr = 1.0})
    local sched = optim.StepLR(opt, {step_size = 2})
    local got = {}
    for e = 1, 6 do sched:step(); got[e] = opt.lr end
    local want = {1, 0.1, 0.1, 0.01, 0.01, 0.001}
    for e = 1, 6 do assert.is_true(close(want[e], got[e], 1e-15), "epoch " .. e) end
  end)

  it("CosineAnnealingLR: eta_min + (base - eta_min) (1 + cos(pi t / T_max)) / 2", function()
    local opt = optim.SGD({lt.zeros(1)}, {lr = 0.1})
    local sched = optim.CosineAnnealingLR(opt, {T_max = 4, eta_min = 0.02})
    -- cos(pi/4) = sqrt(2)/2: 0.02 + 0.08 * (1 + 0.7071...) / 2
    local h = math.sqrt(2) / 2
    local want = {0.02 + 0.04 * (1 + h), 0.06, 0.02 + 0.04 * (1 - h), 0.02, 0.02 + 0.04 * (1 - h), 0.06}
    for e = 1, #want do
      sched:step()
      assert.is_true(close(want[e], opt.lr, 1e-15), "epoch " .. e .. ": " .. opt.lr .. " vs " .. want[e])
    end
    local zero = optim.CosineAnnealingLR(optim.SGD({lt.zeros(1)}, {lr = 1.0}), {T_max = 2})
    assert.are.equal(0.5, zero:step())
    assert.is_true(math.abs(zero:step()) < 1e-16)
  end)

  it("the optimizer steps with the rate the scheduler set", function()
    local p = lt.tensor({0.0}, D)
    local opt = optim.SGD({p}, {lr = 1.0})
    local sched = optim.StepLR(opt, {step_size = 1, gamma = 0.5})
    local want = 0
    for e = 1, 3 do
      opt:step({lt.tensor({1.0}, D)})
      want = want - 1.0 * 0.5 ^ (e - 1)
      sched:step()
    end
    assert_values({want}, p, 1e-15)
  end)

  it("state_dict / load_state_dict resume the schedule", function()
    local opt = optim.SGD({lt.zeros(1)}, {lr = 0.1})
    local sched = optim.CosineAnnealingLR(opt, {T_max = 10})
    for _ = 1, 4 do sched:step() end
    local sd, osd = sched:state_dict(), opt:state_dict()
    local opt2 = optim.SGD({lt.zeros(1)}, {lr = 0.1})
    opt2:load_state_dict(osd)
    local sched2 = optim.CosineAnnealingLR(opt2, {T_max = 10})
    sched2:load_state_dict(sd)
    assert.are.equal(opt.lr, opt2.lr)
    for _ = 1, 3 do assert.are.equal(sched:step(), sched2:step()) end
    assert.are.equal(opt.lr, opt2.lr)
  end)

  it("checks its options", function()
    local opt = optim.SGD({lt.zeros(1)})
    assert.has_error(function() optim.StepLR(opt, {}) end, "StepLR: option 'step_size' is required")
    assert.has_error(function() optim.StepLR(opt, {step_size = 0}) end,
      "StepLR: step_size must be a positive integer (got 0)")
    assert.has_error(function() optim.CosineAnnealingLR(opt, {T_max = 2.5}) end,
      "CosineAnnealingLR: T_max must be a positive integer (got 2.5)")
    assert.has_error(function() optim.CosineAnnealingLR(opt, {T_max = 2, eta = 0}) end,
      "CosineAnnealingLR: unknown option 'eta'")
    assert.has_error(function() optim.StepLR({}, {step_size = 1}) end,
      "StepLR: the first argument must be an optimizer")
  end)
end)

-- ---- tapes ----------------------------------------------------------------------------------------

describe("optim: steps and tapes", function()
  for _, name in ipairs({"SGD", "Adam", "AdamW", "RMSprop"}) do
    it(name .. ":step records nothing on an active tape and may write into tracked parameters", function()
      local w = lt.variable(lt.tensor({1.0, -2.0}, F))
      local v = lt.tensor({0.5}, F)
      local opts = {lr = 0.1, momentum = (name == "SGD" or name == "RMSprop") and 0.9 or nil}
      local opt = optim[name]({w, v}, opts)
      local tape = lt.tape({persistent = true})
      tape:watch(v)
      local before = #tape
      opt:step({lt.tensor({1.0, 1.0}, F), lt.tensor({1.0}, F)})
      opt:step({lt.tensor({1.0, 1.0}, F), lt.tensor({1.0}, F)})
      assert.are.equal(before, #tape)
      assert.are.equal(0, #tape)
      assert.is_true(tape.recording)
      -- recording still works after the step
      local y = (w * 2):sum()
      assert.are.equal(2, #tape)
      tape:stop()
      assert.is_true(lt.is_tensor(y))
    end)
  end

  it("the tape's gradients of a step's parameters stay valid (nothing saved is changed)", function()
    local w = lt.variable(lt.tensor({1.0, 2.0}, D))
    local opt = optim.Adam({w}, {lr = 0.1})
    for _ = 1, 3 do
      local tape = lt.tape()
      local loss = (w * w * w):sum()
      local g = tape:gradient(loss, {w})
      opt:step(g)
    end
    assert.is_true(w[1] < 1.0 and w[2] < 2.0)
  end)
end)

-- ---- a toy problem ----------------------------------------------------------------------------------

describe("optim: least squares", function()
  -- y = X w* + b* + noise; minimize mean((X w + b - y)^2) from w = 0, b = 0
  local function problem()
    lt.manual_seed(606)
    local X = lt.randn(64, 4)
    local wstar = lt.tensor({1.5, -2.0, 0.5, 3.0})
    local y = X:matmul(wstar) + 0.7 + lt.randn(64) * 0.01
    return X, y
  end
  local SETTINGS = {
    {"SGD", {lr = 0.1}},
    {"SGD", {lr = 0.05, momentum = 0.9}},
    {"SGD", {lr = 0.05, momentum = 0.9, nesterov = true, weight_decay = 1e-4}},
    {"Adam", {lr = 0.1}},
    {"Adam", {lr = 0.1, amsgrad = true}},
    {"AdamW", {lr = 0.1}},
    {"RMSprop", {lr = 0.05}},
    {"RMSprop", {lr = 0.02, momentum = 0.5, centered = true}},
  }
  for _, s in ipairs(SETTINGS) do
    it(s[1] .. " " .. describe_opts(s[2]) .. ": the loss falls", function()
      local X, y = problem()
      local w, b = lt.variable(lt.zeros(4)), lt.variable(lt.zeros(1))
      local params = {w, b}
      local opt = optim[s[1]](params, s[2])
      local losses = {}
      for it_ = 1, 150 do
        local tape = lt.tape()
        local r = X:matmul(w) + b - y
        local loss = (r * r):mean()
        losses[it_] = loss:item()
        opt:step(tape:gradient(loss, params))
      end
      assert.is_true(losses[150] < 0.05 * losses[1],
        string.format("loss %.4g -> %.4g", losses[1], losses[150]))
      assert.is_true(losses[150] < 0.5, string.format("final loss %.4g", losses[150]))
      for k = 2, 10 do -- falls from the start
        assert.is_true(losses[k] < losses[1], "step " .. k)
      end
    end)
  end
end)

-- ---- errors ----------------------------------------------------------------------------------------

describe("optim: errors", function()
  local p = lt.zeros(2)
  it("checks the parameters", function()
    assert.has_error(function() optim.SGD(p) end, "SGD: params must be a list of tensors (got userdata)")
    assert.has_error(function() optim.SGD({}) end, "SGD: got an empty parameter list")
    assert.has_error(function() optim.Adam({p, 3}) end, "Adam: parameter 2 is not a tensor (got number)")
    assert.has_error(function() optim.Adam({lt.zeros(2, lt.int64)}) end,
      "Adam: parameter 1 has dtype int64; only float32 and float64 tensors can be optimized")
  end)

  it("checks the options as PyTorch does, and names unknown ones", function()
    assert.has_error(function() optim.SGD({p}, {lr = -1}) end, "SGD: invalid learning rate -1")
    assert.has_error(function() optim.SGD({p}, {learning_rate = 0.1}) end, "SGD: unknown option 'learning_rate'")
    assert.has_error(function() optim.SGD({p}, {nesterov = true}) end,
      "SGD: Nesterov momentum requires a momentum and zero dampening")
    assert.has_error(function() optim.SGD({p}, {nesterov = true, momentum = 0.9, dampening = 0.1}) end,
      "SGD: Nesterov momentum requires a momentum and zero dampening")
    assert.has_error(function() optim.SGD({p}, {momentum = -0.5}) end, "SGD: invalid momentum -0.5")
    assert.has_error(function() optim.Adam({p}, {betas = {0.9, 1.0}}) end,
      "Adam: invalid beta parameter at index 2: 1.0 (must be in [0, 1))")
    assert.has_error(function() optim.Adam({p}, {eps = -1e-8}) end, "Adam: invalid eps -1e-08")
    assert.has_error(function() optim.AdamW({p}, {weight_decay = -0.1}) end, "AdamW: invalid weight_decay -0.1")
    assert.has_error(function() optim.RMSprop({p}, {centered = 1}) end,
      "RMSprop: centered must be a boolean (got number)")
    assert.has_error(function() optim.RMSprop({p}, {alpha = -0.1}) end, "RMSprop: invalid alpha -0.1")
  end)

  it("checks the gradients a step gets", function()
    local opt = optim.SGD({p, lt.zeros(3)})
    local function msg(f)
      local ok, err = pcall(f)
      assert.is_false(ok)
      return (tostring(err):gsub("^[^:]+:%d+: ", ""))
    end
    assert.are.equal("SGD.step: grads must be the list of gradients tape:gradient returned (got a tensor)",
      msg(function() opt:step(p) end))
    assert.are.equal("SGD.step: 3 gradients for 2 parameters",
      msg(function() opt:step({lt.zeros(2), lt.zeros(3), lt.zeros(1)}) end))
    assert.are.equal("SGD.step: gradient 2 (float32 (2)) does not match parameter 2 (float32 (3))",
      msg(function() opt:step({lt.zeros(2), lt.zeros(2)}) end))
    assert.are.equal("SGD.step: gradient 1 (float64 (2)) does not match parameter 1 (float32 (2))",
      msg(function() opt:step({lt.zeros(2, D)}) end))
    assert.are.equal("SGD.step: gradient 1 is not a tensor (got string)",
      msg(function() opt:step({"x"}) end))
    opt.lr = -0.5
    assert.are.equal("SGD.step: invalid learning rate -0.5", msg(function() opt:step({lt.zeros(2)}) end))
  end)

  it("tostring names the optimizer and its settings", function()
    local opt = optim.SGD({p}, {lr = 0.1, momentum = 0.9})
    assert.are.equal(
      "SGD(1 parameters, step 0; lr = 0.1, momentum = 0.9, dampening = 0, nesterov = false, weight_decay = 0)",
      tostring(opt))
    local sched = optim.StepLR(opt, {step_size = 2})
    assert.are.equal("StepLR(step_size = 2, gamma = 0.1; epoch 0, lr 0.1)", tostring(sched))
  end)
end)
