-- luatensor.checkpoint (issue 7, item 4): a model, its optimizer, its scheduler, the random
-- generator and the script's own values in one safetensors file, so that training stops and
-- resumes exactly.
--
-- The resume tests train a small MLP on a random dataset with shuffled minibatches (drawn from
-- the seeded generator) for 4 epochs in one go, and again for 2 epochs, a checkpoint, a fresh
-- model/optimizer/scheduler built from another seed, the checkpoint loaded, 2 more epochs: the
-- parameters must be bit-identical. Then round trips of each piece, the encoding of `extra`,
-- the error messages, and that the file is an ordinary safetensors file.
local lt = require "luatensor"
local nn = require "luatensor.nn"
local optim = require "luatensor.optim"
local data = require "luatensor.data"
local ckpt = require "luatensor.checkpoint"

local files = dofile("spec/support/files.lua")
local tmp = files.tmp

local function params_table(m)
  local out = {}
  for _, np in ipairs(m:named_parameters()) do out[np[1]] = np[2]:totable() end
  return out
end

-- the dataset: 40 samples of 4 features, 3 classes
local function dataset()
  lt.manual_seed(1234)
  local X = lt.randn(40, 4)
  local y = lt.randint(1, 4, {40})
  return X, y
end

local function build(kind, seed)
  lt.manual_seed(seed)
  local m = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
  local opt, sched
  if kind == "sgd" then
    opt = optim.SGD(m:parameters(), {lr = 0.05, momentum = 0.9})
  else
    opt = optim.Adam(m:parameters(), {lr = 0.01, betas = {0.8, 0.99}})
    sched = optim.StepLR(opt, {step_size = 1, gamma = 0.5})
  end
  return m, opt, sched
end

local function train(m, opt, sched, X, y, epochs)
  local params = m:parameters()
  for _ = 1, epochs do
    for xb, yb in data.batches(X, y, 8) do
      local tape <close> = lt.tape()
      local loss = nn.cross_entropy(m(xb), yb)
      opt:step(tape:gradient(loss, params))
    end
    if sched then sched:step() end
  end
end

describe("checkpoint", function()
  teardown(function()
    files.remove_all()
  end)

  describe("resuming training", function()
    for _, kind in ipairs({"sgd", "adam"}) do
      local what = kind == "sgd" and "SGD with momentum" or "Adam with a StepLR schedule"
      it("gives bit-identical parameters to an uninterrupted run (" .. what .. ")", function()
        local X, y = dataset()
        local m, opt, sched = build(kind, 7)
        train(m, opt, sched, X, y, 4)
        local want = params_table(m)

        local m1, opt1, sched1 = build(kind, 7)
        train(m1, opt1, sched1, X, y, 2)
        local path = tmp()
        ckpt.save(path, {model = m1, optimizer = opt1, scheduler = sched1, rng = true, extra = {epoch = 2}})
        local at_save = params_table(m1)
        lt.rand(100) -- the generator moves on after the save: the load must put it back

        local m2, opt2, sched2 = build(kind, 99) -- nothing carries over
        assert.are_not.same(at_save, params_table(m2))
        local extra = ckpt.load(path, {model = m2, optimizer = opt2, scheduler = sched2, rng = true})
        assert.are.same({epoch = 2}, extra)
        assert.are.same(at_save, params_table(m2))
        assert.are.equal(opt1.lr, opt2.lr)
        assert.are.equal(opt1.step_count, opt2.step_count)
        train(m2, opt2, sched2, X, y, extra.epoch)
        assert.are.same(want, params_table(m2))
        if sched then assert.are.equal(sched.last_epoch, sched2.last_epoch) end
      end)
    end

    it("differs without the optimizer state or without the generator (the test can tell)", function()
      local X, y = dataset()
      local m, opt = build("sgd", 7)
      train(m, opt, nil, X, y, 4)
      local want = params_table(m)
      local m1, opt1 = build("sgd", 7)
      train(m1, opt1, nil, X, y, 2)
      local path = tmp()
      ckpt.save(path, {model = m1, optimizer = opt1, rng = true})

      local m2, opt2 = build("sgd", 99)
      ckpt.load(path, {model = m2, rng = true}) -- a fresh momentum buffer
      train(m2, opt2, nil, X, y, 2)
      assert.are_not.same(want, params_table(m2))

      local m3, opt3 = build("sgd", 99)
      ckpt.load(path, {model = m3, optimizer = opt3}) -- other shuffles
      train(m3, opt3, nil, X, y, 2)
      assert.are_not.same(want, params_table(m3))
    end)
  end)

  describe("round trips", function()
    it("the model alone", function()
      lt.manual_seed(3)
      local m = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
      local path = tmp()
      ckpt.save(path, {model = m})
      lt.manual_seed(4)
      local m2 = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
      assert.are.same({}, ckpt.load(path, {model = m2}))
      assert.are.same(params_table(m), params_table(m2))
    end)

    it("buffers (BatchNorm running statistics) and float64 models", function()
      lt.manual_seed(3)
      local m = nn.Sequential(nn.Linear(3, 5), nn.BatchNorm1d(5)):double()
      m(lt.randn(6, 3, lt.float64)) -- updates the running statistics
      local path = tmp()
      ckpt.save(path, {model = m})
      local m2 = nn.Sequential(nn.Linear(3, 5), nn.BatchNorm1d(5)):double()
      ckpt.load(path, {model = m2})
      local a, b = m:state_dict(), m2:state_dict()
      for k, t in pairs(a) do
        assert.are.equal(t.dtype, b[k].dtype)
        assert.are.same(t:totable(), b[k]:totable(), k)
      end
    end)

    it("the optimizer: state tensors, steps and hyperparameters", function()
      for _, make in ipairs({
        function(p) return optim.SGD(p, {lr = 0.1, momentum = 0.9, nesterov = true}) end,
        function(p) return optim.Adam(p, {lr = 0.003, betas = {0.85, 0.995}, amsgrad = true}) end,
        function(p) return optim.AdamW(p, {lr = 0.002, weight_decay = 0.1}) end,
        function(p) return optim.RMSprop(p, {lr = 0.01, momentum = 0.5, centered = true}) end,
      }) do
        lt.manual_seed(5)
        local m = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
        local params = m:parameters()
        local opt = make(params)
        for _ = 1, 3 do
          local tape <close> = lt.tape()
          local loss = (m(lt.randn(5, 4)) ^ 2):sum()
          local g = tape:gradient(loss, params)
          g[2] = nil -- a parameter without a gradient has no state: that survives too
          opt:step(g)
        end
        local path = tmp()
        ckpt.save(path, {optimizer = opt})
        local opt2 = make(params)
        opt2.lr = 123
        ckpt.load(path, {optimizer = opt2})
        local a, b = opt:state_dict(), opt2:state_dict()
        assert.are.same(a.hyper, b.hyper)
        assert.are.equal(a.step, b.step)
        assert.is_nil(b.state[2])
        for i, st in pairs(a.state) do
          for k, v in pairs(st) do
            if lt.is_tensor(v) then
              assert.are.same(v:totable(), b.state[i][k]:totable(), a.optimizer .. " " .. k)
            else
              assert.are.equal(v, b.state[i][k])
            end
          end
        end
      end
    end)

    it("the scheduler, which also sets the optimizer's rate", function()
      lt.manual_seed(5)
      local p = {lt.variable(lt.randn(3))}
      local opt = optim.SGD(p, {lr = 0.5})
      local sched = optim.CosineAnnealingLR(opt, {T_max = 10, eta_min = 0.01})
      for _ = 1, 3 do sched:step() end
      local path = tmp()
      ckpt.save(path, {scheduler = sched})
      local opt2 = optim.SGD(p, {lr = 0.5})
      local sched2 = optim.CosineAnnealingLR(opt2, {T_max = 20})
      ckpt.load(path, {scheduler = sched2})
      assert.are.same(sched:state_dict(), sched2:state_dict())
      assert.are.equal(opt.lr, opt2.lr)
      assert.are.equal(sched:step(), sched2:step())
    end)

    it("the random generator", function()
      lt.manual_seed(11)
      lt.rand(7)
      local path = tmp()
      ckpt.save(path, {rng = true})
      local want = lt.rand(5):totable()
      lt.manual_seed(12)
      ckpt.load(path, {rng = true})
      assert.are.same(want, lt.rand(5):totable())
    end)

    it("extra: integers and floats exactly, strings, booleans, nested tables", function()
      local extra = {
        epoch = 3, neg = -7, maxint = math.maxinteger, minint = math.mininteger,
        third = 1 / 3, tenth = 0.1, whole = 3.0, negzero = -0.0, tiny = 5e-324, huge = 1.7976931348623157e308,
        inf = math.huge, ninf = -math.huge,
        name = 'run "a" \\ b', bytes = "\0\1\n\r\t\127\200\255 end", empty = "",
        yes = true, no = false,
        betas = {0.9, 0.999},
        nested = {a = {b = {c = {1, "two", false, {}}}}, ["with space"] = 1, ["end"] = 2, [10] = "ten", [2.5] = "x"},
        history = {0.5, 0.25, 0.125},
      }
      local path = tmp()
      ckpt.save(path, {extra = extra})
      local got = ckpt.load(path)
      assert.are.same(extra, got)
      for _, k in ipairs({"epoch", "neg", "maxint", "minint"}) do
        assert.are.equal("integer", math.type(got[k]), k)
      end
      for _, k in ipairs({"third", "tenth", "whole", "negzero", "tiny", "huge", "inf", "ninf"}) do
        assert.are.equal("float", math.type(got[k]), k)
        assert.are.equal(string.format("%a", extra[k]), string.format("%a", got[k]), k)
      end
      assert.are.equal(-math.huge, 1 / got.negzero)

      ckpt.save(path, {extra = {x = 0 / 0}})
      local x = ckpt.load(path).x
      assert.is_true(x ~= x)
    end)

    it("a file with every part restores every part", function()
      local X, y = dataset()
      local m, opt, sched = build("adam", 7)
      train(m, opt, sched, X, y, 1)
      local path = tmp()
      ckpt.save(path, {model = m, optimizer = opt, scheduler = sched, rng = true, extra = {tag = "all"}})
      local t, meta = lt.load(path)
      local names = {}
      for k in pairs(t) do names[#names + 1] = k end
      table.sort(names)
      assert.are.same({"model.1.bias", "model.1.weight", "model.3.bias", "model.3.weight",
        "optimizer.state.1.exp_avg", "optimizer.state.1.exp_avg_sq", "optimizer.state.2.exp_avg",
        "optimizer.state.2.exp_avg_sq", "optimizer.state.3.exp_avg", "optimizer.state.3.exp_avg_sq",
        "optimizer.state.4.exp_avg", "optimizer.state.4.exp_avg_sq", "rng"}, names)
      assert.are.same({"luatensor.checkpoint"}, (function()
        local ks = {}
        for k in pairs(meta) do ks[#ks + 1] = k end
        return ks
      end)())
    end)
  end)

  describe("the file", function()
    it("is an ordinary safetensors file that lt.load reads", function()
      lt.manual_seed(3)
      local m = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
      local path = tmp()
      ckpt.save(path, {model = m, rng = true, extra = {epoch = 1}})
      local t, meta = lt.load(path)
      assert.are.same(m[1].weight:totable(), t["model.1.weight"]:totable())
      assert.are.same(m[3].bias:totable(), t["model.3.bias"]:totable())
      assert.are.equal("uint8", t.rng.dtype)
      assert.are.same(lt.get_rng_state():totable(), t.rng:totable())
      assert.are.equal('{extra={epoch=1},format=1,model=true,rng=true}', meta["luatensor.checkpoint"])
      -- and with mmap
      local tm = lt.load(path, {mmap = true})
      assert.are.same(m[1].bias:totable(), tm["model.1.bias"]:totable())
    end)

    it("writes the documented description", function()
      assert.are.equal('{1,2.5,-0.0,3.0,"a\\"\\\\\\000\\010",true,{},[2.5]=false,[10]=1,["a b"]=2,["end"]=3,x={y=1}}',
        ckpt.serialize({1, 2.5, -0.0, 3.0, 'a"\\\0\n', true, {}, [10] = 1, [2.5] = false,
          x = {y = 1}, ["a b"] = 2, ["end"] = 3}))
      assert.are.same({1, 2.5, {a = "x"}, [7] = true, ["a b"] = -1e-300},
        ckpt.deserialize(' { 1 , 2.5,{ a = "x" } , [7]=true, ["a b"]=-1e-300 } '))
    end)
  end)

  describe("errors", function()
    local function setup()
      lt.manual_seed(3)
      local m = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
      local opt = optim.SGD(m:parameters(), {lr = 0.1, momentum = 0.9})
      local sched = optim.StepLR(opt, {step_size = 2})
      return m, opt, sched
    end

    it("names the missing part", function()
      local m, opt, sched = setup()
      local path = tmp()
      ckpt.save(path, {extra = {a = 1}})
      assert.has_error(function() ckpt.load(path, {model = m}) end, "checkpoint: " .. path .. " has no model state")
      assert.has_error(function() ckpt.load(path, {optimizer = opt}) end,
        "checkpoint: " .. path .. " has no optimizer state")
      assert.has_error(function() ckpt.load(path, {scheduler = sched}) end,
        "checkpoint: " .. path .. " has no scheduler state")
      assert.has_error(function() ckpt.load(path, {rng = true}) end, "checkpoint: " .. path .. " has no rng state")
    end)

    it("passes on load_state_dict's mismatches, and changes nothing", function()
      local m, opt, sched = setup()
      local path = tmp()
      ckpt.save(path, {model = m, optimizer = opt, scheduler = sched})

      local other = nn.Sequential(nn.Linear(4, 6), nn.ReLU(), nn.Linear(6, 3))
      assert.has_error(function() ckpt.load(path, {model = other}) end,
        "checkpoint: load_state_dict: size mismatch for '1.weight': copying a tensor of shape (8, 4) into one of shape (6, 4)")
      local deeper = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3), nn.Linear(3, 3))
      assert.has_error(function() ckpt.load(path, {model = deeper}) end,
        "checkpoint: load_state_dict: error loading the state of Sequential: missing keys: 4.weight, 4.bias")

      local adam = optim.Adam(m:parameters())
      assert.has_error(function() ckpt.load(path, {optimizer = adam}) end,
        "checkpoint: Adam.load_state_dict: the state dict is from SGD")
      local cos = optim.CosineAnnealingLR(opt, {T_max = 3})
      assert.has_error(function() ckpt.load(path, {scheduler = cos}) end,
        "checkpoint: CosineAnnealingLR.load_state_dict: not a CosineAnnealingLR state dict")

      -- all or nothing: the model part loaded, the optimizer failed: the model is as before
      lt.manual_seed(50)
      local m2 = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
      local before = params_table(m2)
      local opt2 = optim.Adam(m2:parameters(), {lr = 0.25})
      assert.has_error(function() ckpt.load(path, {model = m2, optimizer = opt2}) end,
        "checkpoint: Adam.load_state_dict: the state dict is from SGD")
      assert.are.same(before, params_table(m2))
      assert.are.equal(0.25, opt2.lr)
      -- and a failing scheduler puts back the model and the optimizer
      local opt3 = optim.SGD(m2:parameters(), {lr = 0.75, momentum = 0.1})
      local cos3 = optim.CosineAnnealingLR(opt3, {T_max = 3})
      assert.has_error(function() ckpt.load(path, {model = m2, optimizer = opt3, scheduler = cos3}) end,
        "checkpoint: CosineAnnealingLR.load_state_dict: not a CosineAnnealingLR state dict")
      assert.are.same(before, params_table(m2))
      assert.are.equal(0.75, opt3.lr)
      assert.are.equal(0.1, opt3.momentum)
      assert.are.same({}, opt3.state)
    end)

    it("refuses what it cannot save", function()
      local path = tmp()
      assert.has_error(function() ckpt.save(path, {extra = {f = print}}) end,
        "checkpoint: checkpoint.extra.f is a function; only numbers, strings, booleans and plain tables of them can be saved")
      assert.has_error(function() ckpt.save(path, {extra = {t = lt.zeros(2)}}) end,
        "checkpoint: checkpoint.extra.t is a tensor; only numbers, strings, booleans and plain tables of them can be saved")
      local cyc = {}
      cyc.self = cyc
      assert.has_error(function() ckpt.save(path, {extra = {c = cyc}}) end,
        "checkpoint: checkpoint.extra.c.self refers to itself (a cycle); it cannot be saved")
      assert.has_error(function() ckpt.save(path, {extra = {[true] = 1}}) end,
        "checkpoint: checkpoint.extra has a key of type boolean; keys must be strings or numbers")
      assert.has_error(function() ckpt.save(path, {extra = 3}) end, "checkpoint: save: extra must be a table (got number)")
      assert.has_error(function() ckpt.save(path, {modle = 1}) end, "checkpoint: save: unknown option 'modle'")
      assert.has_error(function() ckpt.save(path, {model = {}}) end,
        "checkpoint: save: model must be a module with state_dict and load_state_dict (got table)")
      assert.has_error(function() ckpt.save(path, {rng = 1}) end, "checkpoint: save: rng must be a boolean (got number)")
      assert.has_error(function() ckpt.load(path, {extra = {}}) end, "checkpoint: load: unknown option 'extra'")
      assert.has_error(function() ckpt.save(nil, {}) end, "checkpoint: save: path must be a string (got nil)")
    end)

    it("rejects files that are not checkpoints, and bad descriptions, without load()", function()
      local path = tmp()
      lt.save(path, {a = lt.zeros(2)})
      assert.has_error(function() ckpt.load(path) end,
        "checkpoint: " .. path .. " is not a luatensor checkpoint (no 'luatensor.checkpoint' metadata)")
      lt.save(path, {}, {["luatensor.checkpoint"] = "{format=2}"})
      assert.has_error(function() ckpt.load(path) end,
        "checkpoint: " .. path .. " has checkpoint format 2; this version reads format 1")
      lt.save(path, {}, {["luatensor.checkpoint"] = "{format=1,extra=os.exit(1)}"})
      assert.has_error(function() ckpt.load(path) end,
        "checkpoint: " .. path .. ": invalid checkpoint description at byte 17: invalid number 'os.exit'")
      lt.save(path, {}, {["luatensor.checkpoint"] = '{format=1,extra={a="x}}'})
      assert.has_error(function() ckpt.load(path) end,
        "checkpoint: " .. path .. ": invalid checkpoint description at byte 24: unfinished string")
      lt.save(path, {}, {["luatensor.checkpoint"] = '{format=1} x'})
      assert.has_error(function() ckpt.load(path) end,
        "checkpoint: " .. path .. ": invalid checkpoint description at byte 12: unexpected text after the description")
      lt.save(path, {}, {["luatensor.checkpoint"] = string.rep("{", 1000) .. string.rep("}", 1000)})
      assert.has_error(function() ckpt.load(path) end,
        "checkpoint: " .. path .. ": invalid checkpoint description at byte 202: tables nested too deeply")
      assert.has_error(function() ckpt.load("/nonexistent/x.safetensors") end)
    end)
  end)
end)
