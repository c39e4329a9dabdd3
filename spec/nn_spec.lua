-- luatensor.nn: the Module base (registries, state_dict, train/eval, tostring), every layer and
-- loss against hand-computed references (cross_entropy against PyTorch's numbers, worked out by
-- hand), gradcheck of every module (w.r.t. input and parameters) and loss, initialization, and
-- tiny models trained with a hand-written SGD loop.
local lt = require "luatensor"
local nn = require "luatensor.nn"
local nested = dofile("spec/support/nested.lua")

local function f64(data) return lt.tensor(data, lt.float64) end

local function assert_close(expected, got, tol, what)
  tol = tol or 1e-6
  what = what or "value"
  assert.is_true(lt.is_tensor(got), what .. " is not a tensor: " .. tostring(got))
  if type(expected) == "number" then
    assert.are.same({}, got.shape, what .. ": shape")
    expected = { expected }
  else
    assert.are.same(nested.shape_of(expected), got.shape, what .. ": shape")
  end
  local want, have = nested.flatten(expected), nested.flatten(got:totable())
  if #got.shape == 0 then have = { got:item() } end
  for i = 1, #want do
    if not (math.abs(want[i] - have[i]) <= tol * math.max(1, math.abs(want[i]))) then
      error(string.format("%s: element %d is %.12g, expected %.12g\n%s", what, i, have[i], want[i], tostring(got)), 2)
    end
  end
end

local function assert_tensors_equal(a, b, what)
  assert.are.same(a.shape, b.shape, (what or "") .. " shape")
  assert.is_true(a:eq(b):all():item(), (what or "") .. ": tensors differ")
end

-- Sets a parameter's values (outside any tape).
local function set(p, data) p:copy_(lt.tensor(data, p.dtype)) end

-- gradcheck bookkeeping: the worst error seen per name (printed with NN_GRADCHECK_REPORT=1)
local worst = {}
local function record(name, report)
  worst[name] = math.max(worst[name] or 0, report.max_error)
end

local function check_grad(name, f, inputs, opts)
  local ok, report = lt.gradcheck(f, inputs, opts)
  record(name, report)
  assert.is_true(ok, string.format("%s: gradcheck failed: input %d at {%s}: analytic %.10g, numeric %.10g", name,
    report.input or 0, table.concat(report.index or {}, ", "), report.analytic or 0, report.numeric or 0))
  return report
end

-- gradcheck of m (converted to float64) with respect to its input x and every parameter; the
-- output is weighted by a fixed random tensor so that sums with a constant value (softmax) still
-- check something. reseed: draw the same random numbers in every evaluation (Dropout).
local function check_module(name, m, x, reseed)
  m:double()
  local named = m:named_parameters()
  local inputs = { x }
  for _, np in ipairs(named) do inputs[#inputs + 1] = np[2] end
  if reseed then lt.manual_seed(reseed) end
  local probe = m(x:to(lt.float64))
  lt.manual_seed(1234)
  local R = lt.randn(probe.shape, lt.float64)
  local function f(xx, ...)
    local ps = table.pack(...)
    local t = {}
    for i, np in ipairs(named) do t[np[1]] = ps[i] end
    if reseed then lt.manual_seed(reseed) end
    return nn.functional_call(m, t, xx) * R
  end
  -- the check is not vacuous: a gradient reaches the input and every parameter
  local copies = {}
  for i, v in ipairs(inputs) do copies[i] = v:double():clone() end
  local tape = lt.tape()
  tape:watch(copies)
  local grads = tape:gradient(f(table.unpack(copies)), copies)
  for i = 1, #copies do
    assert.is_not_nil(grads[i], name .. ": no gradient reaches " .. (i == 1 and "the input" or named[i - 1][1]))
  end
  return check_grad(name, f, inputs)
end

describe("nn.Module", function()
  local Affine = nn.Module:extend("Affine")
  function Affine:init(n)
    self.n = n
    self:add_parameter("scale", lt.ones(n))
    self:add_parameter("shift", lt.zeros(n))
  end
  function Affine:forward(x) return x * self.scale + self.shift end
  function Affine:extra_repr() return "n=" .. self.n end

  local Net = nn.Module:extend("Net")
  function Net:init()
    self.fc = nn.Linear(3, 4)                  -- registered by assignment
    self.gain = lt.variable(lt.tensor({2.0}))   -- a variable assigned as a field: a parameter
    self:add_buffer("steps", lt.tensor(0))
    self.act = nn.ReLU()
    self.out = Affine(4)
    self.note = "not registered"
    self.plain = lt.zeros(2)                    -- a plain tensor field: neither
  end
  function Net:forward(x) return self.out(self.act(self.fc(x))) * self.gain end

  it("extend makes classes; calling a class constructs, calling an instance runs forward", function()
    local a = Affine(3)
    assert.is_true(nn.is_module(a))
    assert.is_false(nn.is_module(Affine))
    assert.are.equal("Affine", a:_get_name())
    assert.are.equal(nn.Module, Affine.super)
    assert_close({ 1.0, 2.0, 3.0 }, a(lt.tensor({ 1.0, 2.0, 3.0 })))
    assert.are.equal("class Affine", tostring(Affine))
    assert.is_true(a.training)
    assert.has_error(function() nn.Module()(lt.ones(1)) end, "Module: forward is not implemented")
  end)

  it("subclasses of subclasses inherit methods and metamethods", function()
    local Scaled = Affine:extend("Scaled")
    function Scaled:init(n, k)
      Scaled.super.init(self, n)
      self.k = k
    end
    function Scaled:forward(x) return Affine.forward(self, x) * self.k end
    local s = Scaled(2, 3)
    assert_close({ 3.0, 6.0 }, s(lt.tensor({ 1.0, 2.0 })))
    assert.are.equal("Scaled(n=2)", tostring(s))
    assert.are.same({ "scale", "shift" }, s:state_dict_names())
  end)

  it("parameters and named_parameters follow registration order, recursing into children", function()
    local net = Net()
    local names = {}
    for i, np in ipairs(net:named_parameters()) do names[i] = np[1] end
    assert.are.same({ "gain", "fc.weight", "fc.bias", "out.scale", "out.shift" }, names)
    local ps = net:parameters()
    assert.are.equal(5, #ps)
    assert.are.equal(net.gain, ps[1])
    assert.are.equal(net.fc.weight, ps[2])
    assert.are.equal(net.out.shift, ps[5])
    for _, p in ipairs(ps) do assert.is_true(p:is_variable()) end
    assert.are.equal(1 + 12 + 4 + 4 + 4, net:num_parameters())
    assert.are.equal("not registered", net.note)
    local bufs = net:named_buffers()
    assert.are.equal(1, #bufs)
    assert.are.equal("steps", bufs[1][1])
  end)

  it("children, named_children, modules and named_modules", function()
    local net = Net()
    local kids = net:named_children()
    assert.are.same({ "fc", "act", "out" }, { kids[1][1], kids[2][1], kids[3][1] })
    assert.are.equal(net.fc, net:children()[1])
    local mods = net:named_modules()
    assert.are.equal(4, #mods)
    assert.are.equal("", mods[1][1])
    assert.are.equal(net, mods[1][2])
    local seq = nn.Sequential(nn.Linear(2, 2), nn.Sequential(nn.ReLU(), nn.Linear(2, 1)))
    local names = {}
    for i, nm in ipairs(seq:named_modules()) do names[i] = nm[1] end
    assert.are.same({ "", "1", "2", "2.1", "2.2" }, names)
  end)

  it("a module or parameter used twice is listed once", function()
    local shared = nn.Linear(2, 2)
    local seq = nn.Sequential(shared, nn.ReLU(), shared)
    assert.are.equal(2, #seq:parameters())
    local names = {}
    for i, np in ipairs(seq:named_parameters()) do names[i] = np[1] end
    assert.are.same({ "1.weight", "1.bias" }, names)
    -- state_dict keeps every name, as PyTorch
    assert.are.same({ "1.weight", "1.bias", "3.weight", "3.bias" }, seq:state_dict_names())
  end)

  it("registering checks names and values", function()
    local m = nn.Module()
    m:add_parameter("w", lt.ones(2))
    assert.has_error(function() m:add_buffer("w", lt.ones(2)) end, "add_buffer: 'w' is already a parameter")
    assert.has_error(function() m:add_parameter("a.b", lt.ones(2)) end,
      "add_parameter: invalid name 'a.b' (empty or containing '.')")
    assert.has_error(function() m:add_parameter("forward", lt.ones(2)) end,
      "add_parameter: attribute 'forward' already exists")
    assert.has_error(function() m:add_parameter("i", lt.ones(2, lt.int64)) end,
      "add_parameter: parameters must be float tensors, got int64")
    assert.has_error(function() m:add_module("c", lt.ones(2)) end, "add_module: expected a module, got float32 tensor")
    assert.has_error(function() m.w = "x" end, "Module: cannot assign string as parameter 'w' (a tensor or nil expected)")
    -- assigning a tensor to a parameter's name replaces it (marked as a variable); nil removes it
    local t = lt.zeros(3)
    m.w = t
    assert.are.equal(t, m.w)
    assert.is_true(t:is_variable())
    assert.are.equal(t, m:parameters()[1])
    m.w = nil
    assert.are.equal(0, #m:parameters())
    assert.is_nil(m.w)
  end)

  it("train() and eval() set training in every descendant", function()
    local net = nn.Sequential(nn.Linear(2, 2), nn.Sequential(nn.Dropout(), nn.BatchNorm1d(2)))
    assert.are.equal(net, net:eval())
    for _, m in ipairs(net:modules()) do assert.is_false(m.training) end
    net:train()
    for _, m in ipairs(net:modules()) do assert.is_true(m.training) end
    net[2]:train(false)
    assert.is_true(net.training)
    assert.is_false(net[2][1].training)
    assert.has_error(function() net:train("yes") end, "train: expected a boolean, got string")
  end)

  it("state_dict holds parameters and buffers under dotted names, sharing memory", function()
    local net = nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2), nn.ReLU())
    local sd = net:state_dict()
    local keys = {}
    for k in pairs(sd) do keys[#keys + 1] = k end
    table.sort(keys)
    assert.are.same({ "1.bias", "1.weight", "2.bias", "2.num_batches_tracked", "2.running_mean", "2.running_var",
      "2.weight" }, keys)
    assert.are.same({ "1.weight", "1.bias", "2.weight", "2.bias", "2.running_mean", "2.running_var",
      "2.num_batches_tracked" }, net:state_dict_names())
    assert.is_false(sd["1.weight"]:is_variable())
    net[1].weight:fill_(7)
    assert.are.equal(7, sd["1.weight"][{ 1, 1 }])
    assert.are.equal("int64", sd["2.num_batches_tracked"].dtype)
  end)

  it("load_state_dict round-trips a model's state", function()
    lt.manual_seed(1)
    local function make() return nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.Tanh(), nn.Linear(4, 2)) end
    local a = make()
    a(lt.randn(5, 3)) -- moves the running stats
    local b = make()
    local snapshot = {}
    for k, v in pairs(a:state_dict()) do snapshot[k] = v:clone() end
    local res = b:load_state_dict(snapshot)
    assert.are.same({}, res.missing_keys)
    assert.are.same({}, res.unexpected_keys)
    for k, v in pairs(b:state_dict()) do assert_tensors_equal(a:state_dict()[k], v, k) end
    a:eval()
    b:eval()
    local x = lt.randn(4, 3)
    assert_tensors_equal(a(x), b(x), "outputs")
    -- b's tensors are still its own (copied into, not replaced)
    b[1].weight:fill_(0)
    assert.is_false(a[1].weight:eq(0):all():item())
  end)

  it("load_state_dict errors name the key and leave the module unchanged", function()
    local m = nn.Sequential(nn.Linear(3, 2))
    local before = m[1].weight:clone()
    local sd = { ["1.weight"] = lt.zeros(3, 2), ["1.bias"] = lt.zeros(2) }
    assert.has_error(function() m:load_state_dict(sd) end,
      "load_state_dict: size mismatch for '1.weight': copying a tensor of shape (3, 2) into one of shape (2, 3)")
    assert_tensors_equal(before, m[1].weight)
    sd = { ["1.weight"] = lt.zeros(2, 3) }
    assert.has_error(function() m:load_state_dict(sd) end,
      "load_state_dict: error loading the state of Sequential: missing keys: 1.bias")
    sd = { ["1.weight"] = lt.zeros(2, 3), ["1.bias"] = lt.zeros(2), ["2.weight"] = lt.zeros(1), extra = lt.ones(1) }
    assert.has_error(function() m:load_state_dict(sd) end,
      "load_state_dict: error loading the state of Sequential: unexpected keys: 2.weight, extra")
    assert_tensors_equal(before, m[1].weight)
    assert.has_error(function() m:load_state_dict({ ["1.weight"] = 3 }, false) end,
      "load_state_dict: entry '1.weight' must be a tensor, got number")
    assert.has_error(function() m:load_state_dict(lt.ones(1)) end,
      "load_state_dict: expected a table of name -> tensor, got float32 tensor")
    -- non-strict: loads what matches, reports the rest
    local res = m:load_state_dict({ ["1.weight"] = lt.ones(2, 3, lt.float64), extra = lt.ones(1) }, false)
    assert.are.same({ "1.bias" }, res.missing_keys)
    assert.are.same({ "extra" }, res.unexpected_keys)
    assert_tensors_equal(lt.ones(2, 3), m[1].weight)
    assert.are.equal("float32", m[1].weight.dtype)
  end)

  it("tostring prints a PyTorch-like tree", function()
    local model = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Dropout(0.25),
      nn.Sequential(nn.Linear(128, 10, { bias = false }), nn.LogSoftmax(2)))
    assert.are.equal([[
Sequential(
  (1): Linear(in_features=64, out_features=128, bias=true)
  (2): ReLU()
  (3): Dropout(p=0.25)
  (4): Sequential(
    (1): Linear(in_features=128, out_features=10, bias=false)
    (2): LogSoftmax(dim=2)
  )
)]], tostring(model))
    local net = Net()
    assert.are.equal([[
Net(
  (fc): Linear(in_features=3, out_features=4, bias=true)
  (act): ReLU()
  (out): Affine(n=4)
)]], tostring(net))
    assert.are.equal("Conv2d(1, 8, kernel_size=3, stride=1, padding=1)",
      tostring(nn.Conv2d(1, 8, 3, { padding = 1 })))
    assert.are.equal("Conv2d(3, 4, kernel_size=(3, 2), stride=2, bias=false)",
      tostring(nn.Conv2d(3, 4, { 3, 2 }, { stride = 2, bias = false })))
    assert.are.equal("MaxPool2d(kernel_size=2, stride=2, padding=0)", tostring(nn.MaxPool2d(2)))
    assert.are.equal("BatchNorm1d(8, eps=1e-05, momentum=0.1, affine=true, track_running_stats=true)",
      tostring(nn.BatchNorm1d(8)))
    assert.are.equal("LayerNorm((8), eps=1e-05, elementwise_affine=true)", tostring(nn.LayerNorm(8)))
    assert.are.equal("Embedding(10, 3)", tostring(nn.Embedding(10, 3)))
    assert.are.equal("Flatten(start_dim=2, end_dim=-1)", tostring(nn.Flatten()))
    assert.are.equal("CrossEntropyLoss(label_smoothing=0.1)", tostring(nn.CrossEntropyLoss({ label_smoothing = 0.1 })))
    assert.are.equal("Module()", tostring(nn.Module()))
  end)

  it("to(dtype) converts parameters and float buffers", function()
    local m = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3))
    local w = m[1].weight:clone()
    assert.are.equal(m, m:double())
    for _, p in ipairs(m:parameters()) do
      assert.are.equal("float64", p.dtype)
      assert.is_true(p:is_variable())
    end
    assert.are.equal("float64", m[2].running_var.dtype)
    assert.are.equal("int64", m[2].num_batches_tracked.dtype)
    assert_tensors_equal(w:double(), m[1].weight)
    assert.are.equal("float64", m(lt.randn(4, 2, lt.float64)).dtype)
    m:float()
    assert.are.equal("float32", m[1].bias.dtype)
    -- tied weights stay tied
    local shared = nn.Linear(2, 2)
    local tied = nn.Sequential(shared, nn.Tanh(), shared):double()
    assert.are.equal(tied[1].weight, tied[3].weight)
    assert.are.equal(2, #tied:parameters())
  end)

  it("functional_call runs forward with other tensors in place of parameters, then restores them", function()
    local lin = nn.Linear(2, 1)
    local W, b = lin.weight, lin.bias
    local y = nn.functional_call(lin, { weight = lt.tensor({ { 1.0, 2.0 } }), bias = lt.tensor({ 0.5 }) },
      lt.tensor({ { 1.0, 1.0 } }))
    assert_close({ { 3.5 } }, y)
    assert.are.equal(W, lin.weight)
    assert.are.equal(b, lin.bias)
    local seq = nn.Sequential(lin)
    assert.has_error(function() nn.functional_call(seq, { ["1.weight"] = lt.ones(1, 2) }, lt.ones(1, 3)) end)
    assert.are.equal(W, lin.weight)
    assert.has_error(function() nn.functional_call(seq, { ["2.weight"] = lt.ones(1) }, lt.ones(1, 2)) end,
      "functional_call: Sequential has no parameter or buffer '2.weight'")
    -- differentiating with respect to given tensors (lt.grad)
    local g = lt.grad(function(w) return nn.functional_call(seq, { ["1.weight"] = w }, lt.tensor({ { 3.0, 4.0 } })) end)
    assert_close({ { 3.0, 4.0 } }, g(lt.zeros(1, 2)))
  end)

  it("Sequential: 1-based children, indexing, #, add", function()
    local a, b = nn.Linear(2, 3), nn.ReLU()
    local seq = nn.Sequential(a, b)
    assert.are.equal(a, seq[1])
    assert.are.equal(b, seq[2])
    assert.are.equal(a, seq["1"])
    assert.are.equal(2, #seq)
    local c = nn.Linear(3, 1)
    assert.are.equal(seq, seq:add(c))
    assert.are.equal(c, seq[3])
    assert.are.equal(3, #seq)
    local seq2 = nn.Sequential({ a, b })
    assert.are.equal(2, #seq2)
    local n = 0
    for i, m in ipairs(seq) do
      n = n + 1
      assert.are.equal(seq[i], m)
    end
    assert.are.equal(3, n)
    assert.has_error(function() nn.Sequential(a, 3) end, "Sequential: argument 2 must be a module, got number")
    assert.are.same({ 4, 1 }, seq(lt.ones(4, 2)).shape)
    local id = lt.ones(2)
    assert.are.equal(id, nn.Sequential()(id))
  end)
end)

describe("nn layers", function()
  it("Linear computes x W^T + b for 1-d, 2-d and batched inputs", function()
    local lin = nn.Linear(3, 2)
    set(lin.weight, { { 1.0, 2.0, 3.0 }, { -1.0, 0.5, 0.0 } })
    set(lin.bias, { 0.5, -1.0 })
    local x = lt.tensor({ { 1.0, 0.0, 2.0 }, { 0.0, 1.0, -1.0 } })
    assert_close({ { 7.5, -2.0 }, { -0.5, -0.5 } }, lin(x))
    assert_close({ 7.5, -2.0 }, lin(x[1]))
    local xb = lt.stack({ x, x * 2 }) -- (2, 2, 3)
    assert_close({ { { 7.5, -2.0 }, { -0.5, -0.5 } }, { { 14.5, -3.0 }, { -1.5, 0.0 } } }, lin(xb))
    local nb = nn.Linear(3, 2, { bias = false })
    assert.is_nil(nb.bias)
    assert.are.equal(1, #nb:parameters())
    set(nb.weight, { { 1.0, 2.0, 3.0 }, { -1.0, 0.5, 0.0 } })
    assert_close({ { 7.0, -1.0 }, { -1.0, 0.5 } }, nb(x))
    assert.has_error(function() lin(lt.ones(2, 4)) end,
      "Linear: expected an input whose last dim is 3 (in_features), got shape (2, 4)")
    assert.has_error(function() nn.Linear(0.5, 2) end, "Linear: in_features must be an integer >= 0, got 0.5")
    assert.are.equal("float64", nn.Linear(2, 2, { dtype = lt.float64 }).weight.dtype)
  end)

  -- the naive definition of a 2-d cross-correlation, in plain Lua
  local function naive_conv(x, w, b, stride, pad, dil)
    local X, Wt = x:totable(), w:totable()
    local N, C, H, W = x:size(1), x:size(2), x:size(3), x:size(4)
    local O, kh, kw = w:size(1), w:size(3), w:size(4)
    local Ho = (H + 2 * pad - dil * (kh - 1) - 1) // stride + 1
    local Wo = (W + 2 * pad - dil * (kw - 1) - 1) // stride + 1
    local out = {}
    for n = 1, N do
      out[n] = {}
      for o = 1, O do
        out[n][o] = {}
        for i = 1, Ho do
          out[n][o][i] = {}
          for j = 1, Wo do
            local s = b and b[o] or 0
            for c = 1, C do
              for p = 1, kh do
                for q = 1, kw do
                  local r = (i - 1) * stride + (p - 1) * dil + 1 - pad
                  local k = (j - 1) * stride + (q - 1) * dil + 1 - pad
                  if r >= 1 and r <= H and k >= 1 and k <= W then s = s + X[n][c][r][k] * Wt[o][c][p][q] end
                end
              end
            end
            out[n][o][i][j] = s
          end
        end
      end
    end
    return out
  end

  it("Conv2d: a hand-computed example", function()
    local conv = nn.Conv2d(1, 1, 2)
    set(conv.weight, { { { { 1.0, 2.0 }, { 3.0, 4.0 } } } })
    set(conv.bias, { 1.0 })
    local x = lt.arange(9):view(1, 1, 3, 3):float()
    -- [[0 1 2] [3 4 5] [6 7 8]]: window (1,1): 0 + 2 + 9 + 16 + 1 = 28
    assert_close({ { { { 28.0, 38.0 }, { 58.0, 68.0 } } } }, conv(x))
    local padded = nn.Conv2d(1, 1, 2, { padding = 1, stride = 2, bias = false })
    set(padded.weight, { { { { 1.0, 2.0 }, { 3.0, 4.0 } } } })
    -- windows at rows/cols -1..0 and 1..2 of the zero-padded input
    assert_close({ { { { 0.0, 3 * 1 + 4 * 2 }, { 2 * 3 + 4 * 6, 1 * 4 + 2 * 5 + 3 * 7 + 4 * 8 } } } }, padded(x))
  end)

  it("Conv2d matches the naive definition (channels, stride, padding, dilation, batch, CHW input)", function()
    lt.manual_seed(3)
    local cases = {
      { 2, 3, 3, {} },
      { 3, 2, 2, { stride = 2 } },
      { 2, 4, 3, { padding = 1 } },
      { 1, 2, 3, { padding = 2, stride = 2 } },
      { 2, 2, 2, { dilation = 2, padding = 1 } },
      { 3, 2, 1, {} },
      { 3, 2, 1, { stride = 2 } },
    }
    for _, c in ipairs(cases) do
      local conv = nn.Conv2d(c[1], c[2], c[3], c[4])
      local x = lt.randn(2, c[1], 6, 5)
      local y = conv(x)
      local ref = naive_conv(x, conv.weight, conv.bias:totable(), c[4].stride or 1, c[4].padding or 0,
        c[4].dilation or 1)
      assert_close(ref, y, 1e-5, "conv case " .. c[1] .. "," .. c[2] .. "," .. c[3])
      -- unbatched (C, H, W)
      assert_close(ref[2], conv(x[2]), 1e-5, "unbatched")
    end
    local conv = nn.Conv2d(2, 3, 3)
    assert.has_error(function() conv(lt.ones(1, 3, 5, 5)) end, "Conv2d: expected 2 input channels, got shape (1, 3, 5, 5)")
    assert.has_error(function() conv(lt.ones(1, 2, 2, 5)) end)
    assert.has_error(function() conv(lt.ones(2, 5)) end, "Conv2d: expected an input of 3 to 4 dims, got shape (2, 5)")
  end)

  it("MaxPool2d and AvgPool2d", function()
    local x = lt.arange(16):view(1, 1, 4, 4):float()
    assert_close({ { { { 5.0, 7.0 }, { 13.0, 15.0 } } } }, nn.MaxPool2d(2)(x))
    assert_close({ { { { 2.5, 4.5 }, { 10.5, 12.5 } } } }, nn.AvgPool2d(2)(x))
    assert_close({ { { { 10.0, 11.0 }, { 14.0, 15.0 } } } }, nn.MaxPool2d(3, 1)(x))
    assert_close({ { { 5.0, 7.0 }, { 13.0, 15.0 } } }, nn.MaxPool2d(2)(x[1])) -- (C, H, W)
    -- padding: -inf for max, zeros (counted) for avg
    assert_close({ { { { 0.0, 2.0, 3.0 }, { 8.0, 10.0, 11.0 }, { 12.0, 14.0, 15.0 } } } }, nn.MaxPool2d(2, 2, 1)(x))
    assert_close({ { { { 0.0, 0.75, 0.75 }, { 3.0, 7.5, 4.5 }, { 3.0, 6.75, 3.75 } } } }, nn.AvgPool2d(2, 2, 1)(x))
    -- windows of more than 16 elements take the reduction path
    local x5 = lt.arange(50):view(1, 2, 5, 5):float()
    assert_close({ { { { 24.0 } }, { { 49.0 } } } }, nn.MaxPool2d(5)(x5))
    assert_close({ { { { 12.0 } }, { { 37.0 } } } }, nn.AvgPool2d(5)(x5))
    -- overlapping windows (stride < kernel)
    assert_close({ { { { 5.0, 6.0, 7.0 }, { 9.0, 10.0, 11.0 }, { 13.0, 14.0, 15.0 } } } }, nn.MaxPool2d(2, 1)(x))
    assert_close({ { { { 2.5, 3.5, 4.5 }, { 6.5, 7.5, 8.5 }, { 10.5, 11.5, 12.5 } } } }, nn.AvgPool2d(2, 1)(x))
    local rect = nn.MaxPool2d({ 1, 2 })
    assert.are.same({ 1, 1, 4, 2 }, rect(x).shape)
    assert.has_error(function() nn.MaxPool2d(2, 2, 2) end, "MaxPool2d: padding should be at most half of the kernel size")
    assert.has_error(function() nn.MaxPool2d(5)(x) end, "MaxPool2d: the input (1, 1, 4, 4) is smaller than the kernel (5x5)")
  end)

  it("Flatten keeps the batch dim", function()
    local x = lt.ones(2, 3, 4, 5)
    assert.are.same({ 2, 60 }, nn.Flatten()(x).shape)
    assert.are.same({ 120 }, nn.Flatten(1)(x).shape)
    assert.are.same({ 2, 12, 5 }, nn.Flatten(2, 3)(x).shape)
    assert.are.equal(x, nn.Identity()(x))
  end)

  it("Dropout: inverted dropout in training, the identity in eval mode, reproducible under a seed", function()
    local d = nn.Dropout(0.25)
    local x = lt.ones(200, 100)
    lt.manual_seed(7)
    local y = d(x)
    local kept = y:ne(0):sum():item()
    assert.is_true(math.abs(kept / 20000 - 0.75) < 0.02, "kept fraction " .. kept / 20000)
    assert.is_true(y:eq(0):logical_or(y:eq(1 / 0.75)):all():item())
    lt.manual_seed(7)
    assert_tensors_equal(y, d(x), "same seed")
    assert.is_false(y:eq(d(x)):all():item())
    d:eval()
    assert.are.equal(x, d(x))
    assert.are.equal(x, nn.Dropout(0)(x))
    assert_tensors_equal(lt.zeros(3), nn.Dropout(1)(lt.ones(3)))
    assert.has_error(function() nn.Dropout(1.5) end, "Dropout: p must be a number in [0, 1], got 1.5")
    -- the gradient is the mask
    local dd = nn.Dropout(0.5)
    local v = lt.ones(50, lt.float64)
    lt.manual_seed(9)
    local tape = lt.tape()
    tape:watch(v)
    local out = dd(v)
    local g = tape:gradient(out, v)
    assert_tensors_equal(out, g)
  end)

  it("Embedding looks up rows by 1-based indices", function()
    local e = nn.Embedding(4, 2)
    set(e.weight, { { 1.0, 2.0 }, { 3.0, 4.0 }, { 5.0, 6.0 }, { 7.0, 8.0 } })
    assert_close({ { 7.0, 8.0 }, { 1.0, 2.0 }, { 7.0, 8.0 } }, e(lt.tensor({ 4, 1, 4 })))
    assert_close({ { { 3.0, 4.0 }, { 5.0, 6.0 } }, { { 1.0, 2.0 }, { 3.0, 4.0 } } }, e(lt.tensor({ { 2, 3 }, { 1, 2 } })))
    assert_close({ 5.0, 6.0 }, e(lt.tensor(3)))
    assert_close({ { 3.0, 4.0 } }, e(lt.tensor({ 2 }, lt.int32)))
    assert.has_error(function() e(lt.tensor({ 1.0 })) end,
      "Embedding: expected an int32 or int64 tensor of 1-based indices, got float32 tensor")
    assert.has_error(function() e(lt.tensor({ 1, 0 })) end,
      "Embedding: index 0 out of range for 4 embeddings (indices are 1-based)")
    assert.has_error(function() e(lt.tensor({ 5 })) end,
      "Embedding: index 5 out of range for 4 embeddings (indices are 1-based)")
    assert.has_error(function() e(lt.tensor({ -1 })) end,
      "Embedding: index -1 out of range for 4 embeddings (indices are 1-based)")
    -- gradients accumulate per row
    local tape = lt.tape()
    local out = e(lt.tensor({ 2, 2, 4 }))
    local g = tape:gradient(out:sum(), e.weight)
    assert_close({ { 0.0, 0.0 }, { 2.0, 2.0 }, { 0.0, 0.0 }, { 1.0, 1.0 } }, g)
    -- padding_idx: a zero row without gradient
    local p = nn.Embedding(3, 2, { padding_idx = 2 })
    assert_close({ 0.0, 0.0 }, p.weight[2])
    tape = lt.tape()
    out = p(lt.tensor({ 1, 2, 2 }))
    g = tape:gradient((out * 3):sum(), p.weight)
    assert_close({ { 3.0, 3.0 }, { 0.0, 0.0 }, { 0.0, 0.0 } }, g)
    assert.are.equal("Embedding(3, 2, padding_idx=2)", tostring(p))
  end)

  it("LayerNorm normalizes the trailing dims", function()
    local ln = nn.LayerNorm(4)
    local x = lt.tensor({ { 1.0, 2.0, 3.0, 4.0 }, { 2.0, 2.0, 2.0, 2.0 } })
    local a = { -1.3416354199689269, -0.447211806656309, 0.447211806656309, 1.3416354199689269 }
    assert_close({ a, { 0.0, 0.0, 0.0, 0.0 } }, ln(x), 1e-5)
    set(ln.weight, { 1.0, 2.0, 1.0, 1.0 })
    set(ln.bias, { 0.0, 0.0, 0.0, 1.0 })
    assert_close({ { a[1], 2 * a[2], a[3], a[4] + 1 }, { 0.0, 0.0, 0.0, 1.0 } }, ln(x), 1e-5)
    local ln2 = nn.LayerNorm({ 2, 2 }, { elementwise_affine = false })
    assert.are.equal(0, #ln2:parameters())
    assert_close({ { { a[1], a[2] }, { a[3], a[4] } } }, ln2(x[1]:view(1, 2, 2)), 1e-5)
    assert.has_error(function() ln(lt.ones(2, 3)) end,
      "LayerNorm: expected an input whose trailing dims are (4), got shape (2, 3)")
  end)

  it("BatchNorm1d: batch statistics and running-stat updates in training, running stats in eval", function()
    local bn = nn.BatchNorm1d(2)
    local x = lt.tensor({ { 1.0, 2.0 }, { 3.0, 6.0 }, { 5.0, 4.0 } })
    local c = 1.2247425750014138
    assert_close({ { -c, -c }, { 0.0, c }, { c, 0.0 } }, bn(x), 1e-5)
    assert_close({ 0.3, 0.4 }, bn.running_mean)
    assert_close({ 1.3, 1.3 }, bn.running_var) -- 0.9 * 1 + 0.1 * 4 (unbiased variance 4)
    assert.are.equal(1, bn.num_batches_tracked:item())
    bn:eval()
    assert_close({ { 0.6139382522184912, 1.4032874336422658 }, { 2.368047544271324, 4.9115060177479295 },
      { 4.122156836324156, 3.157396725695098 } }, bn(x), 1e-5)
    assert.are.equal(1, bn.num_batches_tracked:item())
    bn:train()
    -- affine parameters scale and shift per feature
    set(bn.weight, { 2.0, 1.0 })
    set(bn.bias, { 0.0, 10.0 })
    assert_close({ { -2 * c, 10 - c }, { 0.0, 10 + c }, { 2 * c, 10.0 } }, bn(x), 1e-5)
    assert_close({ 0.57, 0.76 }, bn.running_mean, 1e-5)
    -- (N, C, L): statistics over dims 1 and 3
    local bn3 = nn.BatchNorm1d(2, { affine = false })
    local x3 = lt.tensor({ { { 1.0, 3.0 }, { 0.0, 0.0 } }, { { 5.0, 3.0 }, { 2.0, -2.0 } } }) -- mean 3, 0
    local y3 = bn3(x3)
    assert.are.same({ 2, 2, 2 }, y3.shape)
    local s1, s2 = math.sqrt(8 / 4 + 1e-5), math.sqrt(8 / 4 + 1e-5)
    assert_close({ { { -2 / s1, 0.0 }, { 0.0, 0.0 } }, { { 2 / s1, 0.0 }, { 2 / s2, -2 / s2 } } }, y3, 1e-5)
    assert_close({ 0.3, 0.0 }, bn3.running_mean)
    assert_close({ 0.9 + 0.1 * 8 / 3, 0.9 + 0.1 * 8 / 3 }, bn3.running_var, 1e-5)
    -- momentum = false: the cumulative average
    local cum = nn.BatchNorm1d(1, { momentum = false })
    cum(lt.tensor({ { 1.0 }, { 3.0 } }))
    cum(lt.tensor({ { 5.0 }, { 7.0 } }))
    assert_close({ 4.0 }, cum.running_mean)
    -- track_running_stats = false: batch statistics always, no buffers
    local nt = nn.BatchNorm1d(2, { track_running_stats = false })
    assert.are.equal(0, #nt:buffers())
    nt:eval()
    assert_close({ { -c, -c }, { 0.0, c }, { c, 0.0 } }, nt(x), 1e-5)
    assert.has_error(function() nn.BatchNorm1d(2)(lt.ones(1, 2)) end,
      "BatchNorm1d: expected more than 1 value per channel when training, got input shape (1, 2)")
    assert.has_error(function() bn(lt.ones(3, 4)) end, "BatchNorm1d: expected 2 features in dim 2, got shape (3, 4)")
  end)

  it("BatchNorm1d updates its running stats while a tape records, and the gradient still flows", function()
    local bn = nn.BatchNorm1d(3)
    local x = lt.randn(4, 3)
    local tape = lt.tape()
    tape:watch(x)
    local y = bn(x)
    local gs = tape:gradient((y * y):sum(), { x, bn.weight, bn.bias })
    assert.are.same({ 4, 3 }, gs[1].shape)
    assert.are.same({ 3 }, gs[2].shape)
    assert.are.equal(1, bn.num_batches_tracked:item())
    assert.is_false(bn.running_mean:eq(0):all():item())
  end)

  it("activations", function()
    local x = lt.tensor({ -1.0, 0.0, 1.0, 2.0 }, lt.float64)
    assert_close({ 0.0, 0.0, 1.0, 2.0 }, nn.ReLU()(x))
    assert_close({ -0.7615941559557649, 0.0, 0.7615941559557649, 0.9640275800758169 }, nn.Tanh()(x), 1e-12)
    assert_close({ 0.2689414213699951, 0.5, 0.7310585786300049, 0.8807970779778823 }, nn.Sigmoid()(x), 1e-12)
    assert_close({ -0.15865525393145707, 0.0, 0.8413447460685429, 1.9544997361036416 }, nn.GELU()(x), 1e-12)
    assert_close({ -0.2689414213699951, 0.0, 0.7310585786300049, 1.7615941559557646 }, nn.SiLU()(x), 1e-12)
    assert_close({ -0.01, 0.0, 1.0, 2.0 }, nn.LeakyReLU()(x), 1e-12)
    assert_close({ math.log(1 + math.exp(-1)), math.log(2), math.log(1 + math.exp(1)), math.log(1 + math.exp(2)) },
      nn.Softplus()(x), 1e-12)
    local sm = { 0.09003057317038043, 0.24472847105479759, 0.6652409557748217 }
    local z = lt.tensor({ { 1.0, 2.0, 3.0 }, { 1.0, 2.0, 3.0 } }, lt.float64)
    assert_close({ sm, sm }, nn.Softmax(2)(z), 1e-12)
    assert_close({ sm, sm }, nn.Softmax()(z), 1e-12)
    assert_close({ { 0.5, 0.5, 0.5 }, { 0.5, 0.5, 0.5 } }, nn.Softmax(1)(z), 1e-12)
    local lsm = {}
    for i, v in ipairs(sm) do lsm[i] = math.log(v) end
    assert_close({ lsm, lsm }, nn.LogSoftmax(2)(z), 1e-12)
  end)
end)

describe("nn losses", function()
  local Z = { { 1.0, 2.0, 3.0 }, { 0.5, -1.0, 2.5 }, { -2.0, 0.0, 0.25 } }
  local labels = lt.tensor({ 3, 1, 2 })
  -- PyTorch: F.cross_entropy(torch.tensor(Z), torch.tensor([2, 0, 1]), reduction='none'),
  -- worked out by hand as logsumexp(z) - z[label]
  local CE = { 0.4076059644443806, 2.1531782071222882, 0.8835033316836294 }

  it("mse_loss, l1_loss and smooth_l1_loss with every reduction", function()
    local a = lt.tensor({ { 1.0, 2.0 }, { 3.0, 4.0 } })
    local b = lt.tensor({ { 0.0, 2.0 }, { 5.0, 3.5 } })
    assert_close(5.25 / 4, nn.mse_loss(a, b))
    assert_close(5.25, nn.mse_loss(a, b, { reduction = "sum" }))
    assert_close({ { 1.0, 0.0 }, { 4.0, 0.25 } }, nn.mse_loss(a, b, { reduction = "none" }))
    assert_close(3.5 / 4, nn.l1_loss(a, b))
    assert_close(3.5, nn.l1_loss(a, b, { reduction = "sum" }))
    assert_close({ { 1.0, 0.0 }, { 2.0, 0.5 } }, nn.l1_loss(a, b, { reduction = "none" }))
    local d = lt.tensor({ 0.0, 0.5, 2.0, -3.0 })
    assert_close({ 0.0, 0.125, 1.5, 2.5 }, nn.smooth_l1_loss(d, lt.zeros(4), { reduction = "none" }))
    assert_close({ 0.0, 0.0625, 1.0, 2.0 }, nn.smooth_l1_loss(d, lt.zeros(4), { reduction = "none", beta = 2 }))
    assert.has_error(function() nn.mse_loss(lt.ones(4, 1), lt.ones(4)) end,
      "mse_loss: input shape (4, 1) and target shape (4) differ")
    assert.has_error(function() nn.mse_loss(a, b, { reduction = "avg" }) end,
      "mse_loss: reduction must be \"mean\", \"sum\" or \"none\", got avg")
    assert.has_error(function() nn.l1_loss(lt.ones(2, lt.int64), lt.ones(2)) end, "l1_loss: input must be a float tensor, got int64")
  end)

  it("cross_entropy matches PyTorch (1-based labels)", function()
    local z = lt.tensor(Z, lt.float64)
    assert_close(CE, nn.cross_entropy(z, labels, { reduction = "none" }), 1e-12)
    assert_close(1.1480958344167662, nn.cross_entropy(z, labels), 1e-12)
    assert_close(3.4442875032502984, nn.cross_entropy(z, labels, { reduction = "sum" }), 1e-12)
    -- float32 logits, int32 labels
    assert_close(1.1480958344167662, nn.cross_entropy(lt.tensor(Z), labels:int()), 1e-6)
    -- a single sample: (C) logits and a 0-d label
    assert_close(CE[2], nn.cross_entropy(z[2], lt.tensor(1)), 1e-12)
    -- (N, C, d): the class dim is dim 2
    local z3 = lt.stack({ z, z }, 3) -- (3, 3, 2)
    local l3 = nn.cross_entropy(z3, lt.stack({ labels, labels }, 2), { reduction = "none" })
    assert_close({ { CE[1], CE[1] }, { CE[2], CE[2] }, { CE[3], CE[3] } }, l3, 1e-12)
    -- equals nll_loss of log_softmax
    assert_close(1.1480958344167662, nn.nll_loss(z:log_softmax(2), labels), 1e-12)
    -- huge logits stay finite
    assert_close({ 0.0, 1000.0 }, nn.cross_entropy(lt.tensor({ { 1000.0, 0.0 }, { 1000.0, 0.0 } }), lt.tensor({ 1, 2 }),
      { reduction = "none" }))
  end)

  it("cross_entropy with label smoothing and with probability targets matches PyTorch", function()
    local z = lt.tensor(Z, lt.float64)
    assert_close({ 0.5076059644443807, 2.1365115404556216, 0.9418366650169627 },
      nn.cross_entropy(z, labels, { reduction = "none", label_smoothing = 0.1 }), 1e-12)
    assert_close(1.1953180566389883, nn.cross_entropy(z, labels, { label_smoothing = 0.1 }), 1e-12)
    local T = lt.tensor({ { 0.1, 0.2, 0.7 }, { 1.0, 0.0, 0.0 }, { 0.3, 0.3, 0.4 } }, lt.float64)
    assert_close({ 0.8076059644443805, 2.1531782071222882, 1.3835033316836292 },
      nn.cross_entropy(z, T, { reduction = "none" }), 1e-12)
    assert_close(1.4653180566389883, nn.cross_entropy(z, T, { label_smoothing = 0.1 }), 1e-12)
    -- one-hot probabilities give the same as labels
    local onehot = lt.tensor({ { 0.0, 0.0, 1.0 }, { 1.0, 0.0, 0.0 }, { 0.0, 1.0, 0.0 } }, lt.float64)
    assert_close(1.1480958344167662, nn.cross_entropy(z, onehot), 1e-12)
  end)

  it("cross_entropy and nll_loss check their labels", function()
    local z = lt.tensor(Z)
    assert.has_error(function() nn.cross_entropy(z, lt.tensor({ 3, 0, 2 })) end,
      "cross_entropy: label 0 out of range for 3 classes (labels are 1-based: 1 to 3)")
    assert.has_error(function() nn.cross_entropy(z, lt.tensor({ 3, 4, 2 })) end,
      "cross_entropy: label 4 out of range for 3 classes (labels are 1-based: 1 to 3)")
    assert.has_error(function() nn.nll_loss(z, lt.tensor({ -1, 1, 1 })) end,
      "nll_loss: label -1 out of range for 3 classes (labels are 1-based: 1 to 3)")
    assert.has_error(function() nn.cross_entropy(z, lt.tensor({ 1, 2 })) end,
      "cross_entropy: labels of shape (2) do not fit input of shape (3, 3) (expected the input's shape without dim 2)")
    assert.has_error(function() nn.cross_entropy(z, lt.tensor({ 1.0, 2.0, 3.0 })) end,
      "cross_entropy: probability targets must have the logits' shape (3, 3), got (3)")
    assert.has_error(function() nn.cross_entropy(z, lt.tensor({ true, false, true })) end,
      "cross_entropy: labels must be an int32 or int64 tensor of 1-based class indices, got bool tensor")
    assert.has_error(function() nn.cross_entropy(z, labels, { label_smoothing = 2 }) end,
      "cross_entropy: label_smoothing must be a number in [0, 1], got 2")
  end)

  it("nll_loss", function()
    local lp = lt.tensor({ { -0.5, -1.0 }, { -2.0, -0.1 } })
    assert_close({ 1.0, 2.0 }, nn.nll_loss(lp, lt.tensor({ 2, 1 }), { reduction = "none" }))
    assert_close(1.5, nn.nll_loss(lp, lt.tensor({ 2, 1 })))
    assert_close(3.0, nn.nll_loss(lp, lt.tensor({ 2, 1 }), { reduction = "sum" }))
  end)

  it("binary_cross_entropy clamps its logs at -100 as PyTorch", function()
    local p = lt.tensor({ 0.1, 0.5, 0.9, 0.0, 1.0 }, lt.float64)
    local t = lt.tensor({ 0.0, 1.0, 1.0, 0.0, 0.5 }, lt.float64)
    local want = { 0.10536051565782628, 0.6931471805599453, 0.10536051565782628, 0.0, 50.0 }
    assert_close(want, nn.binary_cross_entropy(p, t, { reduction = "none" }), 1e-12)
    assert_close(10.180773642375119, nn.binary_cross_entropy(p, t), 1e-12)
    -- saturated predictions: finite loss and gradient
    local tape = lt.tape()
    local q = lt.tensor({ 0.0, 1.0, 1.0 }, lt.float64)
    tape:watch(q)
    local l = nn.binary_cross_entropy(q, lt.tensor({ 0.0, 1.0, 0.0 }, lt.float64), { reduction = "sum" })
    local g = tape:gradient(l, q)
    assert_close(100.0, l)
    -- PyTorch's (p - t) / max(p (1 - p), 1e-12): 0 for a right saturated prediction, 1e12 for a
    -- wrong one (more PyTorch reference values in "binary_cross_entropy at saturated points")
    assert_close({ 0.0, 0.0, 1e12 }, g)
    assert.has_error(function() nn.binary_cross_entropy(lt.tensor({ 1.5 }), lt.tensor({ 1.0 })) end,
      "binary_cross_entropy: input values must be between 0 and 1, got 1.5 to 1.5")
  end)

  it("binary_cross_entropy_with_logits is stable and matches the formula", function()
    local z = lt.tensor({ -2.0, 0.0, 3.0, 50.0, -50.0 }, lt.float64)
    local t = lt.tensor({ 0.0, 1.0, 0.5, 1.0, 1.0 }, lt.float64)
    local want = { 0.1269280110429725, 0.6931471805599453, 1.548587351573742, 1.9287498479639178e-22, 50.0 }
    local got = nn.binary_cross_entropy_with_logits(z, t, { reduction = "none" })
    assert_close(want, got, 1e-12)
    assert.is_true(math.abs(got[4] - 1.9287498479639178e-22) < 1e-30) -- tiny losses keep their precision
    assert_close(10.473732508635333, nn.binary_cross_entropy_with_logits(z, t), 1e-12)
    assert_close({ 0.1269280110429727, 1.3862943611198906, 1.572881027360613, 3.8574996959278356e-22, 100.0 },
      nn.binary_cross_entropy_with_logits(z, t, { reduction = "none", pos_weight = 2 }), 1e-12)
    -- the gradient is sigmoid(z) - t, also at z = 0
    local g = lt.grad(function(zz) return nn.binary_cross_entropy_with_logits(zz, t, { reduction = "sum" }) end)(z)
    assert_close((z:sigmoid() - t):totable(), g, 1e-12)
    -- agrees with binary_cross_entropy of the sigmoid where that is accurate
    local zz = lt.tensor({ -1.0, 0.3, 2.0 }, lt.float64)
    local tt = lt.tensor({ 1.0, 0.0, 0.25 }, lt.float64)
    assert_close(nn.binary_cross_entropy(zz:sigmoid(), tt):item(), nn.binary_cross_entropy_with_logits(zz, tt), 1e-12)
  end)

  it("loss modules call the functions with their options", function()
    local z = lt.tensor(Z, lt.float64)
    local crit = nn.CrossEntropyLoss({ label_smoothing = 0.1 })
    assert_close(1.1953180566389883, crit(z, labels), 1e-12)
    assert_close(5.25 / 4, nn.MSELoss()(lt.tensor({ { 1.0, 2.0 }, { 3.0, 4.0 } }), lt.tensor({ { 0.0, 2.0 }, { 5.0, 3.5 } })))
    assert_close(3.5, nn.L1Loss({ reduction = "sum" })(lt.tensor({ { 1.0, 2.0 }, { 3.0, 4.0 } }),
      lt.tensor({ { 0.0, 2.0 }, { 5.0, 3.5 } })))
    assert.are.equal(0, #crit:parameters())
    assert.has_error(function() nn.MSELoss({ reduction = "max" }) end)
  end)
end)

describe("nn gradcheck", function()
  local function x64(...) return lt.randn(...):double() end

  before_each(function() lt.manual_seed(42) end)

  it("Linear (2-d, batched and 1-d inputs; without bias)", function()
    check_module("Linear", nn.Linear(4, 3), x64(5, 4))
    check_module("Linear", nn.Linear(3, 2), x64(2, 2, 3))
    check_module("Linear", nn.Linear(3, 2), x64(3))
    check_module("Linear", nn.Linear(3, 2, { bias = false }), x64(4, 3))
  end)

  it("Conv2d (stride, padding, dilation, no bias)", function()
    check_module("Conv2d", nn.Conv2d(2, 3, 3), x64(2, 2, 5, 5))
    check_module("Conv2d", nn.Conv2d(2, 2, 2, { stride = 2, padding = 1 }), x64(1, 2, 5, 4))
    check_module("Conv2d", nn.Conv2d(1, 2, { 2, 3 }, { dilation = 2, bias = false }), x64(2, 1, 5, 6))
    check_module("Conv2d", nn.Conv2d(3, 2, 1), x64(2, 3, 3, 2)) -- 1x1: no im2col copy
    check_module("Conv2d", nn.Conv2d(2, 2, 3, { stride = { 2, 1 }, padding = { 0, 1 } }), x64(2, 5, 4)) -- (C, H, W)
  end)

  it("MaxPool2d and AvgPool2d", function()
    check_module("MaxPool2d", nn.MaxPool2d(2), x64(2, 2, 4, 4))
    check_module("MaxPool2d", nn.MaxPool2d(3, 2, 1), x64(1, 2, 5, 5))
    check_module("AvgPool2d", nn.AvgPool2d(2), x64(2, 2, 4, 4))
    check_module("AvgPool2d", nn.AvgPool2d(3, 2, 1), x64(1, 2, 5, 5))
    check_module("MaxPool2d", nn.MaxPool2d(5, 1), x64(2, 2, 6, 5)) -- the reduction path
    check_module("AvgPool2d", nn.AvgPool2d(5, 1), x64(2, 2, 6, 5))
    check_module("MaxPool2d", nn.MaxPool2d({ 2, 3 }, { 1, 2 }), x64(3, 5, 7)) -- (C, H, W)
  end)

  it("Flatten and Dropout", function()
    check_module("Flatten", nn.Flatten(), x64(2, 3, 2))
    check_module("Dropout", nn.Dropout(0.3), x64(4, 5), 77)
  end)

  it("Embedding (with respect to its weight)", function()
    local e = nn.Embedding(5, 3):double()
    local idx = lt.tensor({ { 1, 3 }, { 3, 5 } })
    check_grad("Embedding", function(w) return nn.functional_call(e, { weight = w }, idx) * lt.arange(1, 4):double() end,
      { e.weight })
  end)

  it("LayerNorm and BatchNorm1d (train and eval)", function()
    local ln = nn.LayerNorm(4)
    ln.weight = x64(4)
    ln.bias = x64(4)
    check_module("LayerNorm", ln, x64(3, 4))
    check_module("LayerNorm", nn.LayerNorm({ 2, 3 }), x64(2, 2, 3))
    local bn = nn.BatchNorm1d(3)
    bn.weight = x64(3)
    bn.bias = x64(3)
    check_module("BatchNorm1d", bn, x64(5, 3))
    check_module("BatchNorm1d", nn.BatchNorm1d(2), x64(3, 2, 4))
    local ev = nn.BatchNorm1d(3)
    ev(lt.randn(6, 3))
    ev:eval()
    check_module("BatchNorm1d", ev, x64(4, 3))
  end)

  it("activations", function()
    for _, name in ipairs({ "ReLU", "Tanh", "Sigmoid", "GELU", "SiLU", "Softplus", "LeakyReLU" }) do
      check_module(name, nn[name](), x64(3, 4))
    end
    check_module("Softmax", nn.Softmax(2), x64(3, 4))
    check_module("Softmax", nn.Softmax(1), x64(3, 4))
    check_module("LogSoftmax", nn.LogSoftmax(2), x64(3, 4))
  end)

  it("Sequential models: an MLP and a small CNN", function()
    check_module("Sequential", nn.Sequential(nn.Linear(4, 6), nn.Tanh(), nn.LayerNorm(6), nn.Linear(6, 3)), x64(5, 4))
    check_module("Sequential", nn.Sequential(nn.Conv2d(1, 2, 3, { padding = 1 }), nn.ReLU(), nn.MaxPool2d(2),
      nn.Flatten(), nn.Linear(8, 3)), x64(2, 1, 4, 4))
  end)

  it("losses (with respect to inputs, and targets where differentiable)", function()
    local labels = lt.tensor({ 2, 1, 3, 3 })
    local z = x64(4, 3)
    check_grad("cross_entropy", function(zz) return nn.cross_entropy(zz, labels) end, { z })
    check_grad("cross_entropy", function(zz) return nn.cross_entropy(zz, labels, { reduction = "none" }) * lt.arange(1, 5):double() end, { z })
    check_grad("cross_entropy", function(zz) return nn.cross_entropy(zz, labels, { label_smoothing = 0.2, reduction = "sum" }) end, { z })
    local probs = lt.rand(4, 3):double():softmax(2)
    check_grad("cross_entropy", function(zz, pp) return nn.cross_entropy(zz, pp) end, { z, probs })
    check_grad("nll_loss", function(lp) return nn.nll_loss(lp, labels) end, { z })
    local a, b = x64(3, 2), x64(3, 2)
    check_grad("mse_loss", function(u, v) return nn.mse_loss(u, v) end, { a, b })
    check_grad("l1_loss", function(u, v) return nn.l1_loss(u, v, { reduction = "sum" }) end, { a, b })
    check_grad("smooth_l1_loss", function(u, v) return nn.smooth_l1_loss(u, v, { reduction = "none" }) end, { a * 2, b })
    local p = lt.rand(3, 2):double() * 0.8 + 0.1
    local t = lt.rand(3, 2):double()
    check_grad("binary_cross_entropy", function(pp, tt) return nn.binary_cross_entropy(pp, tt) end, { p, t })
    local zz = x64(3, 2) * 3
    zz[{ 1, 1 }] = 0 -- the kink of max(z, 0) is no kink of the loss
    check_grad("binary_cross_entropy_with_logits", function(u, tt) return nn.binary_cross_entropy_with_logits(u, tt) end,
      { zz, t })
    check_grad("binary_cross_entropy_with_logits",
      function(u) return nn.binary_cross_entropy_with_logits(u, t, { pos_weight = f64({ 2.0, 0.5 }) }) end, { zz })
  end)

  teardown(function()
    if os.getenv("NN_GRADCHECK_REPORT") then
      local names = {}
      for k in pairs(worst) do names[#names + 1] = k end
      table.sort(names)
      for _, k in ipairs(names) do io.stderr:write(string.format("gradcheck %-34s %.3g\n", k, worst[k])) end
    end
  end)
end)

describe("nn initialization", function()
  it("Linear and Conv2d draw from U(-1/sqrt(fan_in), 1/sqrt(fan_in))", function()
    lt.manual_seed(0)
    local lin = nn.Linear(400, 300)
    local bound = 1 / math.sqrt(400)
    assert.is_true(lin.weight:abs():max():item() <= bound)
    assert.is_true(lin.bias:abs():max():item() <= bound)
    assert.is_true(lin.weight:abs():max():item() > 0.99 * bound) -- the bound is reached, not a narrower one
    local std = lin.weight:std():item()
    assert.is_true(math.abs(std - bound / math.sqrt(3)) < 0.01 * bound, "std " .. std)
    assert.is_true(math.abs(lin.weight:mean():item()) < 0.01 * bound)
    local conv = nn.Conv2d(8, 16, 3)
    local cb = 1 / math.sqrt(8 * 9)
    assert.is_true(conv.weight:abs():max():item() <= cb)
    assert.is_true(conv.weight:abs():max():item() > 0.98 * cb)
    assert.is_true(conv.bias:abs():max():item() <= cb)
  end)

  it("Embedding draws from N(0, 1); norms start at ones and zeros", function()
    lt.manual_seed(0)
    local e = nn.Embedding(1000, 50)
    assert.is_true(math.abs(e.weight:mean():item()) < 0.02)
    assert.is_true(math.abs(e.weight:std():item() - 1) < 0.02)
    local ln = nn.LayerNorm(3)
    assert_tensors_equal(lt.ones(3), ln.weight)
    assert_tensors_equal(lt.zeros(3), ln.bias)
    local bn = nn.BatchNorm1d(3)
    assert_tensors_equal(lt.ones(3), bn.weight)
    assert_tensors_equal(lt.zeros(3), bn.running_mean)
    assert_tensors_equal(lt.ones(3), bn.running_var)
  end)

  it("is deterministic under a seed", function()
    local function make() return nn.Sequential(nn.Linear(5, 4), nn.Conv2d(1, 2, 2), nn.Embedding(3, 2)) end
    lt.manual_seed(123)
    local a = make()
    lt.manual_seed(123)
    local b = make()
    local c = make()
    local pa, pb, pc = a:parameters(), b:parameters(), c:parameters()
    for i = 1, #pa do assert_tensors_equal(pa[i], pb[i], "parameter " .. i) end
    assert.is_false(pa[1]:eq(pc[1]):all():item())
  end)

  it("nn.init functions", function()
    lt.manual_seed(0)
    local w = lt.empty(200, 100)
    nn.init.xavier_uniform_(w)
    local a = math.sqrt(6 / 300)
    assert.is_true(w:abs():max():item() <= a and w:abs():max():item() > 0.99 * a)
    nn.init.kaiming_normal_(w, 0, "fan_in", "relu")
    assert.is_true(math.abs(w:std():item() - math.sqrt(2 / 100)) < 0.01)
    assert.are.equal(w, nn.init.zeros_(w))
    assert.are.equal(0, w:abs():sum():item())
    local fi, fo = nn.init.calculate_fan_in_and_fan_out(lt.empty(4, 3, 2, 2))
    assert.are.same({ 12, 16 }, { fi, fo })
  end)

  it("nn.init functions name themselves when given no tensor (found by test/fuzz_api)", function()
    local function err(f, ...)
      local ok, e = pcall(f, ...)
      assert.is_false(ok)
      return (tostring(e):gsub("^[^:]*:%d+: ", ""))
    end
    assert.are.equal("nn.init.ones_: expected a tensor, got table", err(nn.init.ones_, {}))
    assert.are.equal("nn.init.uniform_: expected a tensor, got string", err(nn.init.uniform_, "w"))
    assert.are.equal("nn.init.xavier_normal_: expected a tensor, got nil", err(nn.init.xavier_normal_))
    assert.are.equal("nn.init.kaiming_uniform_: expected a tensor, got number", err(nn.init.kaiming_uniform_, 3))
    assert.are.equal("calculate_gain: nonlinearity must be a string, got table", err(nn.init.calculate_gain, {}))
    assert.are.equal("calculate_gain: param must be a number, got string",
      err(nn.init.calculate_gain, "leaky_relu", "x"))
    assert.are.equal("calculate_gain: param must be a number, got string",
      err(nn.init.kaiming_uniform_, lt.empty(2, 2), "x"))
  end)
end)

describe("nn training", function()
  -- a hand-written SGD step outside the tape
  local function sgd(params, grads, lr)
    for i, p in ipairs(params) do p:sub_(grads[i] * lr) end
  end

  it("gradients of every parameter come from the tape", function()
    lt.manual_seed(5)
    -- BatchNorm1d over (N, C, L) after a reshape: a custom module
    local Net = nn.Module:extend("Net")
    function Net:init()
      self.conv = nn.Conv2d(1, 4, 3, { padding = 1 })
      self.bn = nn.BatchNorm1d(4)
      self.pool = nn.MaxPool2d(2)
      self.drop = nn.Dropout(0.1)
      self.fc = nn.Linear(16, 3)
      self.emb = nn.Embedding(5, 16)
      self.ln = nn.LayerNorm(16)
    end
    function Net:forward(x, tok)
      local h = self.conv(x)                                   -- (N, 4, 4, 4)
      h = self.bn(h:reshape(h:size(1), 4, 16)):view(-1, 4, 4, 4)
      h = self.pool(h:relu()):flatten(2)                       -- (N, 16)
      h = self.ln(h + self.emb(tok))
      return self.fc(self.drop(h:gelu()))
    end
    local net = Net()
    local params = net:parameters()
    assert.are.equal(9, #params)
    local x, tok, y = lt.randn(3, 1, 4, 4), lt.tensor({ 1, 5, 2 }), lt.tensor({ 3, 1, 2 })
    local tape = lt.tape()
    local loss = nn.cross_entropy(net(x, tok), y)
    local grads = tape:gradient(loss, params)
    for i, p in ipairs(params) do
      assert.is_not_nil(grads[i], "no gradient for parameter " .. i)
      assert.are.same(p.shape, grads[i].shape)
    end
  end)

  it("an MLP learns XOR with binary_cross_entropy_with_logits and plain SGD", function()
    lt.manual_seed(2024)
    local model = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 1))
    local X = lt.tensor({ { 0.0, 0.0 }, { 0.0, 1.0 }, { 1.0, 0.0 }, { 1.0, 1.0 } })
    local Y = lt.tensor({ { 0.0 }, { 1.0 }, { 1.0 }, { 0.0 } })
    local params = model:parameters()
    local first, last
    for step = 1, 600 do
      local tape = lt.tape()
      local loss = nn.binary_cross_entropy_with_logits(model(X), Y)
      local grads = tape:gradient(loss, params)
      sgd(params, grads, 0.5)
      if step == 1 then first = loss:item() end
      last = loss:item()
    end
    assert.is_true(last < 0.1 * first, string.format("loss %.4f -> %.4f", first, last))
    local pred = model(X):gt(0)
    assert.are.same({ { false }, { true }, { true }, { false } }, pred:totable())
  end)

  it("a linear regression recovers its weights with mse_loss; a classifier's cross_entropy falls", function()
    lt.manual_seed(11)
    local X = lt.randn(64, 3)
    local w_true = lt.tensor({ { 2.0 }, { -1.0 }, { 0.5 } })
    local Y = X:matmul(w_true) + 0.3
    local lin = nn.Linear(3, 1)
    local params = lin:parameters()
    for _ = 1, 300 do
      local tape = lt.tape()
      local loss = nn.mse_loss(lin(X), Y)
      sgd(params, tape:gradient(loss, params), 0.1)
    end
    assert_close({ { 2.0, -1.0, 0.5 } }, lin.weight, 1e-3)
    assert_close({ 0.3 }, lin.bias, 1e-3)

    -- three Gaussian blobs, labels 1..3, with lt.no_grad for the update
    local centers = lt.tensor({ { 2.0, 0.0 }, { -2.0, 1.0 }, { 0.0, -2.0 } })
    local labels = lt.randint(1, 4, { 96 })
    local pts = centers:index_select(1, labels) + lt.randn(96, 2) * 0.5
    local model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Dropout(0.1), nn.Linear(16, 3))
    local ps = model:parameters()
    local losses = {}
    for epoch = 1, 40 do
      local tape = lt.tape()
      local loss = nn.cross_entropy(model(pts), labels, { label_smoothing = 0.05 })
      local grads = tape:gradient(loss, ps)
      lt.no_grad(sgd, ps, grads, 0.3)
      losses[epoch] = loss:item()
    end
    assert.is_true(losses[40] < 0.5 * losses[1], string.format("loss %.4f -> %.4f", losses[1], losses[40]))
    model:eval()
    local acc = model(pts):argmax(2):eq(labels):float():mean():item()
    assert.is_true(acc > 0.9, "accuracy " .. acc)
  end)
end)

-- class weights, ignore_index and soft labels in cross_entropy / nll_loss; Conv2d groups and
-- nn.conv2d; ceil_mode and count_include_pad in pooling; binary_cross_entropy's saturated
-- points. Reference values from PyTorch 1.13 (float64), computed once with the Python snippets
-- in the comments and hard-coded here; labels are 1-based here, 0-based there (ignore_index too:
-- Lua's i is PyTorch's i - 1).
describe("nn PyTorch parity: class weights, ignore_index, groups, ceil_mode", function()
  -- import torch, torch.nn.functional as F
  -- d = torch.float64
  -- Z = torch.tensor([[1.0, 2.0, 3.0], [0.5, -1.0, 2.5], [-2.0, 0.0, 0.25], [0.3, 0.7, -0.4]], dtype=d)
  -- y = torch.tensor([2, 0, 1, 0])   # Lua labels {3, 1, 2, 1}
  -- w = torch.tensor([0.2, 1.0, 3.0], dtype=d)
  local Z = { { 1.0, 2.0, 3.0 }, { 0.5, -1.0, 2.5 }, { -2.0, 0.0, 0.25 }, { 0.3, 0.7, -0.4 } }
  local function z64() return lt.tensor(Z, lt.float64) end
  local y = lt.tensor({ 3, 1, 2, 1 })
  local w = lt.tensor({ 0.2, 1.0, 3.0 }, lt.float64)
  local TOL = 1e-12

  it("cross_entropy with class weights (a weighted mean)", function()
    -- F.cross_entropy(Z, y, weight=w, reduction=red) for red in none, mean, sum
    local z = z64()
    assert_close({ 1.2228178933331413, 0.43063564142445765, 0.8835033316836294, 0.21894829477311506 },
      nn.cross_entropy(z, y, { weight = w, reduction = "none" }), TOL)
    assert_close(0.626342082094169, nn.cross_entropy(z, y, { weight = w }), TOL)
    assert_close(2.7559051612143435, nn.cross_entropy(z, y, { weight = w, reduction = "sum" }), TOL)
    -- F.cross_entropy(Z, y, weight=w, label_smoothing=0.2)
    assert_close(0.7634058127039209, nn.cross_entropy(z, y, { weight = w, label_smoothing = 0.2 }), TOL)
    -- float32 logits and int32 labels; a float32 weight with float64 logits is converted
    assert_close(0.626342082094169, nn.cross_entropy(lt.tensor(Z), y:int(), { weight = w:float() }), 1e-6)
    assert.are.equal("float32", nn.cross_entropy(lt.tensor(Z), y, { weight = w }).dtype)
    assert_close(0.626342082094169, nn.cross_entropy(z, y, { weight = w:float() }), 1e-6)
    -- one sample, (C) logits: F.cross_entropy(Z[1], torch.tensor(2), weight=w, reduction=mean / sum)
    assert_close(0.1531782071222881, nn.cross_entropy(z[2], lt.tensor(3), { weight = w }), TOL)
    assert_close(0.4595346213668643, nn.cross_entropy(z[2], lt.tensor(3), { weight = w, reduction = "sum" }), TOL)
  end)

  it("cross_entropy with ignore_index, alone and with weight and label_smoothing", function()
    local z = z64()
    -- F.cross_entropy(Z, y, ignore_index=0, reduction=red)
    assert_close({ 0.4076059644443804, 0.0, 0.8835033316836294, 0.0 },
      nn.cross_entropy(z, y, { ignore_index = 1, reduction = "none" }), TOL)
    assert_close(0.6455546480640049, nn.cross_entropy(z, y, { ignore_index = 1 }), TOL)
    assert_close(1.2911092961280097, nn.cross_entropy(z, y, { ignore_index = 1, reduction = "sum" }), TOL)
    -- F.cross_entropy(Z, y, weight=w, ignore_index=0, label_smoothing=0.1, reduction=red)
    local o = { weight = w, ignore_index = 1, label_smoothing = 0.1 }
    o.reduction = "none"
    assert_close({ 1.2042676056887072, 0.0, 0.9071767982843079, 0.0 }, nn.cross_entropy(z, y, o), TOL)
    o.reduction = "mean"
    assert_close(0.5278611009932538, nn.cross_entropy(z, y, o), TOL)
    o.reduction = "sum"
    assert_close(2.111444403973015, nn.cross_entropy(z, y, o), TOL)
    -- F.cross_entropy(Z, y, ignore_index=0, label_smoothing=0.3)
    assert_close(0.8830546480640048, nn.cross_entropy(z, y, { ignore_index = 1, label_smoothing = 0.3 }), TOL)
    -- an ignore_index that is no class (PyTorch's default -100):
    -- F.cross_entropy(Z, torch.tensor([2, -101, 1, -101]), weight=w, ignore_index=-101)
    assert_close(0.5265803062541927, nn.cross_entropy(z, lt.tensor({ 3, -100, 2, -100 }), { weight = w, ignore_index = -100 }),
      TOL)
    -- an ignore_index that no label uses changes nothing
    assert_close(0.626342082094169, nn.cross_entropy(z, y, { weight = w, ignore_index = -100 }), TOL)
    -- every label ignored: "mean" is 0 / 0 = nan (as PyTorch), "sum" 0
    local all = nn.cross_entropy(z, lt.tensor({ 1, 1, 1, 1 }), { ignore_index = 1 }):item()
    assert.is_true(all ~= all)
    assert_close(0.0, nn.cross_entropy(z, lt.tensor({ 1, 1, 1, 1 }), { ignore_index = 1, reduction = "sum" }))
    -- (N, C, d): Z3 = torch.stack([Z, 2 * Z], 2); y3 = torch.tensor([[2, 0], [0, 1], [1, 1], [0, 2]])
    -- F.cross_entropy(Z3, y3, weight=w, ignore_index=0, label_smoothing=0.1, reduction=red)
    local z3 = lt.stack({ z, z * 2 }, 3)
    local y3 = lt.tensor({ { 3, 1 }, { 1, 2 }, { 2, 2 }, { 1, 3 } })
    o.reduction = "none"
    assert_close({ { 1.2042676056887072, 0.0 }, { 0.0, 6.579806808194427 }, { 0.9071767982843079, 0.9968734745154841 },
      { 0.0, 7.428481586198583 } }, nn.cross_entropy(z3, y3, o), TOL)
    o.reduction = nil
    assert_close(1.9018451414312787, nn.cross_entropy(z3, y3, o), TOL)
  end)

  it("nll_loss with weight and ignore_index", function()
    -- lp = F.log_softmax(Z, 1); F.nll_loss(lp, y, weight=w, ignore_index=0, reduction=red)
    local lp = z64():log_softmax(2)
    assert_close({ 1.2228178933331413, 0.0, 0.8835033316836294, 0.0 },
      nn.nll_loss(lp, y, { weight = w, ignore_index = 1, reduction = "none" }), TOL)
    assert_close(0.5265803062541927, nn.nll_loss(lp, y, { weight = w, ignore_index = 1 }), TOL)
    assert_close(2.106321225016771, nn.nll_loss(lp, y, { weight = w, ignore_index = 1, reduction = "sum" }), TOL)
    -- F.nll_loss(lp, y, weight=w)
    assert_close(0.626342082094169, nn.nll_loss(lp, y, { weight = w }), TOL)
  end)

  it("cross_entropy with probability targets and class weights", function()
    -- P = torch.tensor([[0.1, 0.2, 0.7], [1.0, 0.0, 0.0], [0.3, 0.3, 0.4], [0.5, 0.25, 0.25]], dtype=d)
    -- F.cross_entropy(Z, P, weight=w, reduction=red); F.cross_entropy(Z, P, weight=w, label_smoothing=0.1)
    local z = z64()
    local P = lt.tensor({ { 0.1, 0.2, 0.7 }, { 1.0, 0.0, 0.0 }, { 0.3, 0.3, 0.4 }, { 0.5, 0.25, 0.25 } }, lt.float64)
    assert_close({ 1.1856458375109626, 0.43063564142445765, 1.198265197426462, 1.629215621252133 },
      nn.cross_entropy(z, P, { weight = w, reduction = "none" }), TOL)
    assert_close(1.1109405744035037, nn.cross_entropy(z, P, { weight = w }), TOL)
    assert_close(4.443762297614015, nn.cross_entropy(z, P, { weight = w, reduction = "sum" }), TOL)
    assert_close(1.1441291978288757, nn.cross_entropy(z, P, { weight = w, label_smoothing = 0.1 }), TOL)
    -- an ignore_index that is no class is accepted (and means nothing), as PyTorch's -100
    assert_close(1.1109405744035037, nn.cross_entropy(z, P, { weight = w, ignore_index = -100 }), TOL)
  end)

  it("cross_entropy and nll_loss check weight and ignore_index", function()
    local z = lt.tensor(Z)
    assert.has_error(function() nn.cross_entropy(z, y, { weight = lt.tensor({ 1.0, 2.0 }) }) end,
      "cross_entropy: weight must have one element per class (3), got shape (2)")
    assert.has_error(function() nn.cross_entropy(z, y, { weight = lt.ones(1, 3) }) end,
      "cross_entropy: weight must have one element per class (3), got shape (1, 3)")
    assert.has_error(function() nn.nll_loss(z, y, { weight = lt.tensor({ 1, 2, 3 }) }) end,
      "nll_loss: weight must be a float tensor of one weight per class, got int64 tensor")
    assert.has_error(function() nn.cross_entropy(z, y, { weight = { 1, 2, 3 } }) end,
      "cross_entropy: weight must be a float tensor of one weight per class, got table")
    assert.has_error(function() nn.cross_entropy(z, y, { ignore_index = 1.5 }) end,
      "cross_entropy: ignore_index must be an integer (a 1-based class label), got 1.5")
    assert.has_error(function() nn.nll_loss(z, y, { ignore_index = "pad" }) end,
      "nll_loss: ignore_index must be an integer (a 1-based class label), got string")
    assert.has_error(function() nn.cross_entropy(z, lt.tensor({ 3, 5, 2, -100 }), { ignore_index = -100 }) end,
      "cross_entropy: label 5 out of range for 3 classes (labels are 1-based: 1 to 3, or ignore_index -100)")
    assert.has_error(function() nn.cross_entropy(z, z:softmax(2), { ignore_index = 2 }) end,
      "cross_entropy: ignore_index 2 is not supported with probability targets")
    assert.has_error(function() nn.nll_loss(z, y, { label_smoothing = 0.1 }) end,
      "nll_loss: label_smoothing is an option of cross_entropy")
    -- the module forms check their options when made
    assert.has_error(function() nn.CrossEntropyLoss({ ignore_index = 0.5 }) end,
      "CrossEntropyLoss: ignore_index must be an integer (a 1-based class label), got 0.5")
    assert.has_error(function() nn.NLLLoss({ weight = "w" }) end,
      "NLLLoss: weight must be a float tensor of one weight per class, got string")
    assert.has_error(function() nn.NLLLoss({ label_smoothing = 0.1 }) end,
      "NLLLoss: label_smoothing is an option of cross_entropy")
  end)

  it("CrossEntropyLoss and NLLLoss take weight and ignore_index", function()
    local z = z64()
    local crit = nn.CrossEntropyLoss({ weight = w, ignore_index = 1, label_smoothing = 0.1 })
    assert_close(0.5278611009932538, crit(z, y), TOL)
    assert.are.equal("CrossEntropyLoss(ignore_index=1, label_smoothing=0.1, weight=float64(3))", tostring(crit))
    assert_close(0.5265803062541927, nn.NLLLoss({ weight = w, ignore_index = 1 })(z:log_softmax(2), y), TOL)
  end)

  -- deterministic inputs both sides can make: seq(shape, a, f) = f(arange(n) * a) as shape
  -- def seq(shape, a, f): return f(torch.arange(math.prod(shape), dtype=d) * a).reshape(shape)
  local function seq(shape, a, f)
    local n = 1
    for _, s in ipairs(shape) do n = n * s end
    return (lt.arange(n):double() * a)[f](lt.arange(n):double() * a):view(shape)
  end

  it("Conv2d and nn.conv2d with groups match PyTorch", function()
    -- x = seq((1, 4, 3, 4), 0.37, torch.sin); w = seq((2, 2, 2, 2), 0.11, torch.cos)
    -- F.conv2d(x, w, torch.tensor([0.1, -0.2], dtype=d), groups=2)
    local x, wt, b = seq({ 1, 4, 3, 4 }, 0.37, "sin"), seq({ 2, 2, 2, 2 }, 0.11, "cos"), lt.tensor({ 0.1, -0.2 }, lt.float64)
    local want = { { { { 0.34509856762044844, 1.4316160636380675, 2.337905572335623 },
      { 3.160147237530753, 2.96481284195419, 2.381739467663708 } },
      { { -0.19997656257057844, -0.6181956889352944, -0.9798139906472805 },
        { -1.3517596649303536, -1.3117459353632612, -1.1212626088807007 } } } }
    assert_close(want, nn.conv2d(x, wt, b, { groups = 2 }), TOL)
    assert_close(want[1], nn.conv2d(x[1], wt, b, { groups = 2 }), TOL) -- (C, H, W)
    local conv = nn.Conv2d(4, 2, 2, { groups = 2, dtype = lt.float64 })
    assert.are.same({ 2, 2, 2, 2 }, conv.weight.shape)
    set(conv.weight, wt:totable())
    set(conv.bias, { 0.1, -0.2 })
    assert_close(want, conv(x), TOL)
    assert.are.equal("Conv2d(4, 2, kernel_size=2, stride=1, groups=2)", tostring(conv))
    -- depthwise with a channel multiplier of 2, stride 2, padding 1:
    -- x = seq((2, 3, 5, 4), 0.37, torch.sin); w = seq((6, 1, 3, 3), 0.11, torch.cos)
    -- y = F.conv2d(x, w, torch.arange(6, dtype=d) * 0.1, stride=2, padding=1, groups=3)
    -- R = seq(tuple(y.shape), 0.05, torch.sin); y.sum(), (y * y).sum(), (y * R).sum(), y[1, 5]
    x, wt = seq({ 2, 3, 5, 4 }, 0.37, "sin"), seq({ 6, 1, 3, 3 }, 0.11, "cos")
    local yd = nn.conv2d(x, wt, lt.arange(6):double() * 0.1, { stride = 2, padding = 1, groups = 3 })
    assert.are.same({ 2, 6, 3, 2 }, yd.shape)
    local R = seq(yd.shape, 0.05, "sin")
    assert_close(17.649506106353435, yd:sum(), TOL)
    assert_close(216.70331806421765, (yd * yd):sum(), TOL)
    assert_close(5.503591314503197, (yd * R):sum(), TOL)
    assert_close({ { 1.2836508160390627, 3.0467417699626527 }, { 0.7548816831438336, -0.6939089812168264 },
      { -1.0563730249747725, -0.9711620796224318 } }, yd[2][6], TOL)
    -- groups = G is G independent convolutions of the channel blocks
    lt.manual_seed(5)
    local xg = lt.randn(2, 6, 5, 5, lt.float64)
    local g = nn.Conv2d(6, 4, 3, { groups = 2, padding = 1, dtype = lt.float64 })
    local parts = {}
    for k = 1, 2 do
      parts[k] = nn.conv2d(xg[{ {}, { 3 * k - 2, 3 * k } }], g.weight[{ { 2 * k - 1, 2 * k } }],
        g.bias[{ { 2 * k - 1, 2 * k } }], { padding = 1 })
    end
    assert_close(lt.cat(parts, 2):totable(), g(xg), 1e-12)
    -- 1x1 grouped (no im2col copy) and depthwise without bias
    local g1 = nn.Conv2d(4, 6, 1, { groups = 2, dtype = lt.float64 })
    local x1 = lt.randn(2, 4, 3, 3, lt.float64)
    local ref = lt.cat({ nn.conv2d(x1[{ {}, { 1, 2 } }], g1.weight[{ { 1, 3 } }], g1.bias[{ { 1, 3 } }]),
      nn.conv2d(x1[{ {}, { 3, 4 } }], g1.weight[{ { 4, 6 } }], g1.bias[{ { 4, 6 } }]) }, 2)
    assert_close(ref:totable(), g1(x1), 1e-12)
    local dw = nn.Conv2d(3, 3, 3, { groups = 3, bias = false })
    assert.are.same({ 3, 1, 3, 3 }, dw.weight.shape)
    assert.are.same({ 2, 3, 3, 3 }, dw(lt.randn(2, 3, 5, 5)).shape)
  end)

  it("Conv2d groups: initialization uses fan_in = in / groups * kh * kw", function()
    lt.manual_seed(0)
    local conv = nn.Conv2d(64, 64, 3, { groups = 16 }) -- fan_in = 4 * 9 = 36
    local bound = 1 / math.sqrt(36)
    assert.is_true(conv.weight:abs():max():item() <= bound)
    assert.is_true(conv.weight:abs():max():item() > 0.9 * bound)
    assert.is_true(conv.bias:abs():max():item() <= bound)
    assert.is_true(conv.bias:abs():max():item() > 0.8 * bound)
  end)

  it("Conv2d and nn.conv2d check groups and shapes", function()
    assert.has_error(function() nn.Conv2d(3, 4, 3, { groups = 2 }) end, "Conv2d: in_channels (3) must be divisible by groups (2)")
    assert.has_error(function() nn.Conv2d(4, 3, 3, { groups = 2 }) end, "Conv2d: out_channels (3) must be divisible by groups (2)")
    assert.has_error(function() nn.Conv2d(4, 4, 3, { groups = 0 }) end, "Conv2d: groups must be an integer >= 1, got 0")
    assert.has_error(function() nn.Conv2d(4, 4, 3, { groups = 1.5 }) end, "Conv2d: groups must be an integer >= 1, got 1.5")
    assert.has_error(function() nn.Conv2d(4, 4, 3, { groups = 2 })(lt.ones(1, 2, 5, 5)) end,
      "Conv2d: expected 4 input channels, got shape (1, 2, 5, 5)")
    local x, wt = lt.ones(1, 4, 5, 5), lt.ones(2, 3, 3, 3)
    assert.has_error(function() nn.conv2d(x, wt) end,
      "conv2d: input (1, 4, 5, 5) has 4 channels, but weight (2, 3, 3, 3) with groups = 1 expects 3")
    assert.has_error(function() nn.conv2d(x, lt.ones(3, 2, 3, 3), nil, { groups = 2 }) end,
      "conv2d: out channels (3, weight dim 1) must be divisible by groups (2)")
    assert.has_error(function() nn.conv2d(x, lt.ones(2, 3)) end,
      "conv2d: weight must be a 4-d tensor (out, in / groups, kh, kw), got shape (2, 3)")
    assert.has_error(function() nn.conv2d(x, lt.ones(2, 2, 3, 3), lt.ones(3), { groups = 2 }) end,
      "conv2d: bias must be a 1-d tensor of 2 elements (out channels), got shape (3)")
    assert.has_error(function() nn.conv2d(x, lt.ones(2, 2, 3, 3), { groups = 2, stride = 0 }) end,
      "conv2d: stride must be an integer >= 1, got 0")
    assert.has_error(function() nn.conv2d(lt.ones(4, 5), wt) end, "conv2d: expected an input of 3 to 4 dims, got shape (4, 5)")
    assert.has_error(function() nn.conv2d(lt.ones(1, 4, 2, 2), lt.ones(2, 4, 3, 3)) end,
      "conv2d: the input (1, 4, 2, 2) (padded to 2x2) is smaller than the kernel (3x3)")
    -- options given in place of the bias
    assert.are.same({ 1, 2, 3, 3 }, nn.conv2d(x, lt.ones(2, 2, 3, 3), { groups = 2 }).shape)
  end)

  it("MaxPool2d and AvgPool2d with ceil_mode and count_include_pad match PyTorch", function()
    -- x = torch.arange(25, dtype=d).reshape(1, 1, 5, 5); x6 = torch.arange(36, dtype=d).reshape(1, 1, 6, 6)
    local x = lt.arange(25):double():view(1, 1, 5, 5)
    local x6 = lt.arange(36):double():view(1, 1, 6, 6)
    -- F.max_pool2d(x, 2, ceil_mode=True); F.avg_pool2d(x, 2, ceil_mode=True)
    assert_close({ { { { 6.0, 8.0, 9.0 }, { 16.0, 18.0, 19.0 }, { 21.0, 23.0, 24.0 } } } },
      nn.MaxPool2d(2, { ceil_mode = true })(x))
    assert_close({ { { { 3.0, 5.0, 6.5 }, { 13.0, 15.0, 16.5 }, { 20.5, 22.5, 24.0 } } } },
      nn.AvgPool2d(2, { ceil_mode = true })(x), TOL)
    -- F.max_pool2d(x6, 3, 2, 1, ceil_mode=True) (4x4; 3x3 without ceil_mode)
    assert_close({ { { { 7.0, 9.0, 11.0, 11.0 }, { 19.0, 21.0, 23.0, 23.0 }, { 31.0, 33.0, 35.0, 35.0 },
      { 31.0, 33.0, 35.0, 35.0 } } } }, nn.MaxPool2d(3, 2, 1, { ceil_mode = true })(x6))
    assert.are.same({ 1, 1, 3, 3 }, nn.MaxPool2d(3, 2, 1)(x6).shape)
    -- F.avg_pool2d(x6, 3, 2, 1, ceil_mode=True): padding counts, the overhang past it does not
    assert_close({ { { { 1.5555555555555556, 3.3333333333333335, 4.666666666666667, 2.6666666666666665 },
      { 8.333333333333334, 14.0, 16.0, 8.5 }, { 16.333333333333332, 26.0, 28.0, 14.5 },
      { 10.166666666666666, 16.0, 17.0, 8.75 } } } }, nn.AvgPool2d(3, 2, 1, { ceil_mode = true })(x6), TOL)
    -- F.avg_pool2d(x6, 3, 2, 1, ceil_mode=True, count_include_pad=False)
    assert_close({ { { { 3.5, 5.0, 7.0, 8.0 }, { 12.5, 14.0, 16.0, 17.0 }, { 24.5, 26.0, 28.0, 29.0 },
      { 30.5, 32.0, 34.0, 35.0 } } } },
      nn.AvgPool2d(3, { stride = 2, padding = 1, ceil_mode = true, count_include_pad = false })(x6), TOL)
    -- F.avg_pool2d(x, 3, 2, 1, count_include_pad=False); F.avg_pool2d(x, 2, 2, 1, count_include_pad=False)
    assert_close({ { { { 3.0, 4.5, 6.0 }, { 10.5, 12.0, 13.5 }, { 18.0, 19.5, 21.0 } } } },
      nn.AvgPool2d(3, 2, 1, { count_include_pad = false })(x), TOL)
    assert_close({ { { { 0.0, 1.5, 3.5 }, { 7.5, 9.0, 11.0 }, { 17.5, 19.0, 21.0 } } } },
      nn.AvgPool2d(2, 2, 1, { count_include_pad = false })(x), TOL)
    -- F.avg_pool2d(x, (2, 3), 2, ceil_mode=True)
    assert_close({ { { { 3.5, 5.5 }, { 13.5, 15.5 }, { 21.0, 23.0 } } } }, nn.AvgPool2d({ 2, 3 }, 2, { ceil_mode = true })(x),
      TOL)
    -- F.max_pool2d(torch.arange(16.).reshape(1, 1, 4, 4), 3, 3, ceil_mode=True)
    assert_close({ { { { 10.0, 11.0 }, { 14.0, 15.0 } } } },
      nn.MaxPool2d(3, 3, { ceil_mode = true })(lt.arange(16):double():view(1, 1, 4, 4)))
    -- a last window that would start in the right padding is dropped:
    -- F.max_pool2d(torch.arange(4.).reshape(1, 1, 2, 2), 3, 2, 1, ceil_mode=True) is 2x2, not 3x3
    assert_close({ { { { 3.0, 3.0 }, { 3.0, 3.0 } } } },
      nn.MaxPool2d(3, 2, 1, { ceil_mode = true })(lt.arange(4):double():view(1, 1, 2, 2)))
    -- an input smaller than the kernel has one window in ceil_mode: F.max_pool2d(torch.ones(1, 1, 1, 1), 2, ceil_mode=True)
    assert_close({ { { { 1.0 } } } }, nn.MaxPool2d(2, { ceil_mode = true })(lt.ones(1, 1, 1, 1)))
    -- (C, H, W) input; windows of more than 16 elements (the reduction path)
    assert_close({ { { 6.0, 8.0, 9.0 }, { 16.0, 18.0, 19.0 }, { 21.0, 23.0, 24.0 } } }, nn.MaxPool2d(2, { ceil_mode = true })(x[1]))
    -- F.avg_pool2d(x6, 5, 2, 2, ceil_mode=True, count_include_pad=False), and with count_include_pad=True
    assert_close({ { { { 7.0, 8.0, 9.5, 10.5 }, { 13.0, 14.0, 15.5, 16.5 }, { 22.0, 23.0, 24.5, 25.5 },
      { 28.0, 29.0, 30.5, 31.5 } } } }, nn.AvgPool2d(5, 2, 2, { ceil_mode = true, count_include_pad = false })(x6), TOL)
    assert_close({ { { { 2.52, 4.8, 4.56, 3.15 }, { 7.8, 14.0, 12.4, 8.25 }, { 10.56, 18.4, 15.68, 10.2 },
      { 8.4, 14.5, 12.2, 7.875 } } } }, nn.AvgPool2d(5, 2, 2, { ceil_mode = true })(x6), TOL)
    assert.are.equal("AvgPool2d(kernel_size=3, stride=2, padding=1, ceil_mode=true, count_include_pad=false)",
      tostring(nn.AvgPool2d(3, 2, 1, { ceil_mode = true, count_include_pad = false })))
    assert.are.equal("MaxPool2d(kernel_size=2, stride=2, padding=0, ceil_mode=true)", tostring(nn.MaxPool2d(2, { ceil_mode = true })))
    -- errors
    assert.has_error(function() nn.MaxPool2d(2, { ceil_mode = 1 }) end, "MaxPool2d: ceil_mode must be a boolean, got number")
    assert.has_error(function() nn.AvgPool2d(2, 2, { count_include_pad = "no" }) end,
      "AvgPool2d: count_include_pad must be a boolean, got string")
    assert.has_error(function() nn.MaxPool2d(2, { count_include_pad = false }) end, "MaxPool2d: unknown option count_include_pad")
    -- F.max_pool2d(torch.ones(1, 1, 1, 1), 3, ceil_mode=True) is (1, 1, 1, 1); with stride 1 an error
    assert_close({ { { { 1.0 } } } }, nn.MaxPool2d(3, { ceil_mode = true })(lt.ones(1, 1, 1, 1)))
    assert.has_error(function() nn.MaxPool2d(3, 1, { ceil_mode = true })(lt.ones(1, 1, 1, 1)) end,
      "MaxPool2d: the input (1, 1, 1, 1) is smaller than the kernel (3x3)")
    assert.has_error(function() nn.AvgPool2d(2, { padding = 2 }) end, "AvgPool2d: padding should be at most half of the kernel size")
  end)

  it("binary_cross_entropy at saturated points matches PyTorch's loss and input gradient", function()
    -- for dt in (torch.float64, torch.float32):
    --   p = torch.tensor([0.3, 0.0, 0.8, 1.0, 1e-13], dtype=dt, requires_grad=True)
    --   t = torch.tensor([0.2, 1.0, 0.5, 1.0, 0.0], dtype=dt)
    --   l = F.binary_cross_entropy(p, t, reduction='none'); l.sum().backward(); l, p.grad
    local want = {
      float64 = { { 0.5261345160161732, 100.0, 0.9162907318741551, 0.0, 1.000310945187316e-13 },
        { 0.4761904761904761, -1000000003995.8029, 1.8750000000000007, 0.0, 0.10000000039958029 } },
      float32 = { { 0.5261345505714417, 100.0, 0.9162907600402832, 0.0, 0.0 },
        { 0.4761905074119568, -999999995904.0, 1.8750001192092896, 0.0, 0.10000000149011612 } },
    }
    for _, dt in ipairs({ "float64", "float32" }) do
      local p = lt.tensor({ 0.3, 0.0, 0.8, 1.0, 1e-13 }, dt)
      local t = lt.tensor({ 0.2, 1.0, 0.5, 1.0, 0.0 }, dt)
      local tape = lt.tape()
      tape:watch({ p, t })
      local l = nn.binary_cross_entropy(p, t, { reduction = "none" })
      local g = tape:gradient(l:sum(), { p, t })
      local tol = dt == "float64" and TOL or 1e-6
      assert_close(want[dt][1], l, tol, dt .. " loss")
      assert_close(want[dt][2], g[1], tol, dt .. " gradient")
      -- the target's gradient: log(1 - p) - log(p), each log clamped at -100 (PyTorch: +-inf at 0 and 1)
      assert_close({ math.log(0.7) - math.log(0.3), 100.0, math.log(0.2) - math.log(0.8), -100.0,
        -math.log(1e-13) }, g[2], dt == "float64" and 1e-9 or 1e-5, dt .. " target gradient")
      assert.are.equal(dt, l.dtype)
    end
    -- F.binary_cross_entropy(p, t) (float64, mean)
    assert_close(20.288485049578085, nn.binary_cross_entropy(lt.tensor({ 0.3, 0.0, 0.8, 1.0, 1e-13 }, lt.float64),
      lt.tensor({ 0.2, 1.0, 0.5, 1.0, 0.0 }, lt.float64)), TOL)
  end)
end)

describe("nn gradcheck: class weights, ignore_index, groups, ceil_mode", function()
  local function x64(...) return lt.randn(...):double() end

  before_each(function() lt.manual_seed(7) end)

  it("cross_entropy and nll_loss with weight, ignore_index and label_smoothing", function()
    local z = x64(5, 3)
    local w = lt.tensor({ 0.5, 2.0, 1.5 }, lt.float64)
    local labels = lt.tensor({ 2, -100, 3, 1, 3 })
    for _, red in ipairs({ "mean", "sum", "none" }) do
      for _, eps in ipairs({ 0, 0.2 }) do
        local o = { weight = w, ignore_index = -100, label_smoothing = eps, reduction = red }
        check_grad("cross_entropy weighted", function(zz, ww)
          o.weight = ww
          return nn.cross_entropy(zz, labels, o) * (red == "none" and lt.arange(1, 6):double() or 1)
        end, { z, w })
      end
    end
    check_grad("cross_entropy ignore_index", function(zz)
      return nn.cross_entropy(zz, lt.tensor({ 2, 1, 3, 1, 1 }), { ignore_index = 1, label_smoothing = 0.1 })
    end, { z })
    local z3 = x64(2, 3, 4)
    local l3 = lt.tensor({ { 1, 2, 3, 2 }, { 3, 3, 1, 2 } })
    check_grad("cross_entropy weighted", function(zz, ww)
      return nn.cross_entropy(zz, l3, { weight = ww, ignore_index = 2, label_smoothing = 0.3 })
    end, { z3, w })
    check_grad("nll_loss weighted", function(lp, ww) return nn.nll_loss(lp, labels, { weight = ww, ignore_index = -100 }) end,
      { z, w })
    local probs = lt.rand(5, 3):double():softmax(2)
    check_grad("cross_entropy soft weighted", function(zz, pp, ww)
      return nn.cross_entropy(zz, pp, { weight = ww, label_smoothing = 0.1 })
    end, { z, probs, w })
  end)

  it("binary_cross_entropy with saturated entries: the target gradient and the regular entries", function()
    local p = lt.tensor({ 0.0, 0.3, 1.0, 0.6 }, lt.float64)
    check_grad("binary_cross_entropy saturated", function(tt) return nn.binary_cross_entropy(p, tt) end,
      { lt.rand(4):double() })
    -- the regular entries' gradient is the same as without the saturated ones
    local t = lt.tensor({ 0.5, 0.2, 0.3, 0.9 }, lt.float64)
    local g = lt.grad(function(pp) return nn.binary_cross_entropy(pp, t, { reduction = "sum" }) end)(p)
    local g2 = lt.grad(function(pp) return nn.binary_cross_entropy(pp, t[{ { 2, 2 } }], { reduction = "sum" }) end)(p[{ { 2, 2 } }])
    assert.near(g2:item(), g[2], 1e-12)
  end)

  it("Conv2d with groups (depthwise, multiplier, 1x1, CHW) and nn.conv2d", function()
    check_module("Conv2d groups", nn.Conv2d(4, 6, 3, { groups = 2, padding = 1 }), x64(2, 4, 5, 5))
    check_module("Conv2d groups", nn.Conv2d(3, 3, 3, { groups = 3, stride = 2 }), x64(2, 3, 5, 6)) -- depthwise
    check_module("Conv2d groups", nn.Conv2d(2, 4, { 2, 3 }, { groups = 2, dilation = 2, bias = false }), x64(1, 2, 6, 7))
    check_module("Conv2d groups", nn.Conv2d(4, 2, 1, { groups = 2 }), x64(2, 4, 3, 3)) -- 1x1
    check_module("Conv2d groups", nn.Conv2d(4, 4, 2, { groups = 4, padding = { 1, 0 } }), x64(4, 3, 3)) -- (C, H, W)
    check_grad("conv2d", function(x, w, b) return nn.conv2d(x, w, b, { groups = 3, stride = { 1, 2 } }) * 1.5 end,
      { x64(2, 6, 4, 5), x64(3, 2, 2, 2), x64(3) })
  end)

  it("MaxPool2d and AvgPool2d with ceil_mode and count_include_pad", function()
    check_module("MaxPool2d ceil", nn.MaxPool2d(2, { ceil_mode = true }), x64(2, 2, 5, 5))
    check_module("MaxPool2d ceil", nn.MaxPool2d(3, 2, 1, { ceil_mode = true }), x64(1, 2, 6, 6))
    check_module("AvgPool2d ceil", nn.AvgPool2d(2, { ceil_mode = true }), x64(2, 2, 5, 5))
    check_module("AvgPool2d ceil", nn.AvgPool2d(3, 2, 1, { ceil_mode = true }), x64(1, 2, 6, 6))
    check_module("AvgPool2d ceil", nn.AvgPool2d(3, 2, 1, { ceil_mode = true, count_include_pad = false }), x64(1, 2, 6, 7))
    check_module("AvgPool2d ceil", nn.AvgPool2d({ 2, 3 }, { 1, 2 }, { 1, 1 }, { count_include_pad = false }), x64(2, 5, 6))
    check_module("AvgPool2d ceil", nn.AvgPool2d(5, 2, 2, { ceil_mode = true, count_include_pad = false }), x64(1, 1, 7, 7))
  end)
end)
