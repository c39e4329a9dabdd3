--- pool.lua: the live objects arguments are drawn from: a zoo of tensors of every dtype and
-- shape (0-d, empty, 1-d..4-d), views of views (transposed, stepped and reversed slices,
-- expanded, narrowed, selected), freed tensors and variables; tensors that calls returned; tapes
-- (recording, stopped, used up, freed); nn modules and optimizers.
--
-- Only small tensors are kept (at most MAX_NUMEL elements), so that no later call computes
-- for long on a huge (e.g. expanded) view; an empty tensor may have a huge dim only after its
-- first dim is 0 (totable and friends then have nothing to walk).
local V = require "values"

local random, pick = math.random, V.pick

local MAX_NUMEL = 256
local MAX_POOL = 200 -- results kept besides the zoo
local TAPE_LIFETIME = 40 -- calls a fuzzed tape may record before we stop it

local P = {}

local function numel_ok(t)
  local ok, n = pcall(t.numel, t)
  if not ok then return true end -- freed: fine to keep
  if n == 0 then
    local okk, shape = pcall(function() return t.shape end)
    if not okk then return false end
    -- an empty tensor is walked up to its first 0: everything before it must be small
    local walk = 1
    for _, s in ipairs(shape) do
      if s == 0 then return true end
      walk = walk * s
      if walk > MAX_NUMEL then return false end
    end
    return true
  end
  return n <= MAX_NUMEL
end

function P.new(lt, nn, optim)
  local self = {lt = lt, nn = nn, optim = optim, zoo = {}, results = {}, tapes = {}, objects = {}}

  local SHAPES = {{}, {0}, {1}, {3}, {2, 3}, {3, 1}, {1, 3}, {2, 0}, {0, 3}, {2, 3, 4}, {1, 2, 1, 3},
                  {2, 2, 2, 2}, {4, 4}, {3, 3}, {2, 2, 3}, {0, 1 << 40}}

  -- values that matter as data: indices (1-based, negative, 0, past the end), NaN, inf
  local function fill_values(t)
    local r = random(6)
    if r == 1 then return t end -- zeros
    if r == 2 then return t:fill_(pick({1, 2, -1, 0, 3, 4, true})) end
    pcall(function()
      if t.dtype == "float32" or t.dtype == "float64" then
        t:uniform_(-3, 3)
        if random(3) == 1 and t:numel() > 0 then t:view(-1)[1] = pick({0 / 0, math.huge, -math.huge, -0.0}) end
      else
        t:copy_(lt.randint(-3, 5, t:size(), "int64"))
      end
    end)
    return t
  end

  -- one view of t, of a random kind; t itself if that view does not apply
  local function view_of(t)
    local ok, v = pcall(function()
      local r, nd = random(8), t:dim()
      if nd == 0 then return t:view(1):expand(3) end
      if r == 1 and nd >= 2 then return t:transpose(1, nd) end
      if r == 2 then return t[{{-1, 1, -1}}] end
      if r == 3 then return t[{{1, -1, 2}}] end
      if r == 4 then return t:unsqueeze(1):expand(2, table.unpack(t:size())) end
      if r == 5 and t:size(nd) > 0 then return t:narrow(nd, 1, math.max(1, t:size(nd) - 1)) end
      if r == 6 and t:size(1) > 0 then return t:select(1, 1) end
      if r == 7 then return t:unsqueeze(-1) end
      return t:t()
    end)
    return ok and v or t
  end

  -- a fresh tensor of a random dtype and shape, a view of views of it, maybe freed or a variable
  function self.make_tensor()
    local dtype, shape = pick(V.DTYPES), pick(SHAPES)
    local base = fill_values(lt.zeros(shape, dtype))
    local t = base
    for _ = 1, random(0, 3) do t = view_of(t) end
    if not numel_ok(t) then t = base end -- e.g. a transposed (huge x 0)
    local r = random(20)
    if r == 1 then t:free()
    elseif r <= 3 and (dtype == "float32" or dtype == "float64") then pcall(lt.variable, t) end
    return t
  end

  function self.refresh_zoo()
    for i = 1, 60 do self.zoo[i] = self.make_tensor() end
    -- a few objects of each kind, so that their methods always have a receiver
    for i = 1, 3 do self.new_tape() end
    pcall(function()
      self.add_object(nn.Linear(3, 2))
      self.add_object(nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2)))
      self.add_object(nn.Conv2d(1, 2, 2))
      local m = nn.Linear(2, 2)
      self.add_object(optim.Adam(m:parameters(), {lr = 0.01}))
      local opt = optim.SGD(m:parameters(), {lr = 0.1})
      self.add_object(opt)
      self.add_object(optim.StepLR(opt, {step_size = 2}))
    end)
  end

  function self.tensor()
    if #self.results > 0 and random(3) == 1 then return pick(self.results) end
    if random(30) == 1 then return self.make_tensor() end
    return pick(self.zoo)
  end

  function self.keep_tensor(t)
    if not numel_ok(t) then return end
    if #self.results < MAX_POOL then self.results[#self.results + 1] = t
    else self.results[random(MAX_POOL)] = t end
  end

  -- tapes: each fuzz-made tape records for a few calls, then is stopped (a tape left recording
  -- keeps every later op on the tensors it tracks)
  function self.keep_tape(tp, age)
    self.tapes[#self.tapes + 1] = {tape = tp, born = age or 0}
  end

  function self.new_tape()
    local tp = lt.tape(random(3) == 1 and {persistent = true} or nil)
    local r = random(6)
    if r == 1 then tp:stop() elseif r == 2 then tp:free() end
    self.keep_tape(tp, self.clock or 0)
    return tp
  end

  function self.tape()
    if #self.tapes == 0 or random(8) == 1 then return self.new_tape() end
    return pick(self.tapes).tape
  end

  function self.age_tapes(now)
    self.clock = now
    local keep = {}
    for _, e in ipairs(self.tapes) do
      if now - e.born > TAPE_LIFETIME then
        pcall(e.tape.stop, e.tape)
        if random(2) == 1 then pcall(e.tape.free, e.tape) end
      end
      if now - e.born <= 4 * TAPE_LIFETIME then keep[#keep + 1] = e end
    end
    self.tapes = keep
  end

  function self.add_object(o)
    if #self.objects < 40 then self.objects[#self.objects + 1] = o
    else self.objects[random(40)] = o end
  end

  function self.object()
    if #self.objects == 0 then return nil end
    return pick(self.objects)
  end

  return self
end

return P
