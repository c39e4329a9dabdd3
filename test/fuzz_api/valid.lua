--- valid.lua: argument builders that are right (or nearly: shapes one off, an index out of
-- range now and then) for the functions random picks almost never satisfy: products with
-- matching inner sizes, index ops with in-range indices, losses, files written then read back.
-- gen.lua uses them for a share of the calls to these functions; sigs.lua covers the rest.
local V = require "values"

local random, pick = math.random, V.pick

local B = {}

function B.new(lt, nn, checkpoint, path)
  local FLOATS = {"float32", "float64"}
  local NUMERIC = {"float32", "float64", "int32", "int64", "uint8"}

  -- a random tensor of the shape given, sometimes as a non-contiguous view of the same values
  local function tensor(shape, dtypes)
    local t = lt.rand(shape, "float64"):mul(10):sub(5):to(pick(dtypes or NUMERIC))
    local r = random(4)
    if r == 1 and #shape >= 2 then t = t:transpose(1, 2):contiguous():transpose(1, 2) end
    if r == 2 and #shape >= 1 and shape[1] > 0 then
      t = lt.cat({t, t}, 1)[{{1, -1, 2}}] -- a stepped slice, same values
    end
    return t
  end
  local function n() return random(0, 4) end
  local function near(k) return random(8) == 1 and k + 1 or k end -- a mismatch now and then
  -- 1-based indices into a dim of `size`, negative ones too, out of range now and then
  local function index(size, shape)
    if size == 0 then return lt.ones(shape, "int64") end
    local t = lt.randint(1, size + 1, shape)
    if random(3) == 1 then t = t:neg() end
    if random(10) == 1 then t = t + size end
    return t:to(pick({"int64", "int32"}))
  end

  local b = {}
  function b.mm() local i, k, j = n(), n(), n() return {tensor({i, k}), tensor({near(k), j})} end
  function b.mv() local i, k = n(), n() return {tensor({i, k}), tensor({near(k)})} end
  function b.dot() local k = n() return {tensor({k}), tensor({near(k)})} end
  function b.outer() return {tensor({n()}), tensor({n()})} end
  function b.bmm() local p, i, k, j = n(), n(), n(), n() return {tensor({p, i, k}), tensor({p, near(k), j})} end
  function b.matmul()
    local r = random(4)
    if r == 1 then return b.mm() elseif r == 2 then return b.mv() elseif r == 3 then return b.bmm() end
    local i, k, j = n(), n(), n()
    return {tensor({random(0, 2), 1, i, k}), tensor({3, k, j})}
  end
  function b.addmm()
    local i, k, j = n(), n(), n()
    local inp = pick({{i, j}, {j}, {1}, {}, {i, 1}})
    return {tensor(inp), tensor({i, k}), tensor({near(k), j}), V.number(), V.number()}
  end
  function b.addmv() local i, k = n(), n() return {tensor(pick({{i}, {1}, {}})), tensor({i, k}), tensor({near(k)}), V.number(), V.number()} end
  function b.baddbmm()
    local p, i, k, j = n(), n(), n(), n()
    return {tensor(pick({{p, i, j}, {i, j}, {1}})), tensor({p, i, k}), tensor({p, near(k), j}), V.number(), V.number()}
  end
  b.addmm_, b.addmv_, b.baddbmm_ = b.addmm, b.addmv, b.baddbmm
  -- the fused element-wise ops: operands that broadcast to s (one dim off now and then), of
  -- mixed dtypes (float mostly: addcdiv refuses integer t1 and t2 both), value/alpha a number
  -- (integral or not, special now and then), an out tensor sometimes
  local function part(s)
    local r = random(6)
    if r == 1 then return {} end
    if r == 2 then return {s[2]} end
    if r == 3 then return {s[1], 1} end
    if r == 4 then return {1, near(s[2])} end
    return {s[1], s[2]}
  end
  local function mostly_float() return random(3) == 1 and NUMERIC or FLOATS end
  local function addc(inplace)
    return function()
      local s = {random(1, 3), random(0, 3)}
      local out = {tensor(inplace and s or part(s), mostly_float()), tensor(part(s), mostly_float()),
                   tensor(part(s), mostly_float())}
      local r = random(4)
      if r >= 2 then out[4] = V.number() end
      if not inplace and r >= 3 then out[5] = tensor(s, mostly_float()) end
      return out
    end
  end
  b.addcmul, b.addcdiv, b.addcmul_, b.addcdiv_ = addc(false), addc(false), addc(true), addc(true)
  local function add_alpha(inplace)
    return function()
      local s = {random(1, 3), random(0, 3)}
      local other = random(5) == 1 and V.number() or tensor(part(s), random(4) == 1 and {"bool"} or NUMERIC)
      local out = {tensor(inplace and s or part(s), NUMERIC), other, V.number()}
      if inplace then return out end
      local r = random(5)
      if r == 1 then out[3] = nil end                                -- no alpha
      if r == 2 then out[4] = tensor(s, NUMERIC) end                 -- alpha and out
      if r == 3 then out[3] = tensor(s, NUMERIC) end                 -- the old form: out third
      if r == 4 then out = {out[1], out[2], nil, tensor(s, NUMERIC)} end -- nil alpha, out
      return out
    end
  end
  b.add, b.sub, b.add_, b.sub_ = add_alpha(false), add_alpha(false), add_alpha(true), add_alpha(true)
  function b.einsum()
    local i, j, k = n(), n(), n()
    return pick({
      {"ij,jk->ik", tensor({i, j}), tensor({near(j), k})},
      {"ii->i", tensor({i, near(i)})},
      {"...ij,...jk", tensor({2, i, j}), tensor({j, k})},
      {"i,j,k->ijk", tensor({i}), tensor({j}), tensor({k})},
      {"bij,bjk->bik", tensor({2, i, j}), tensor({2, j, k})},
    })
  end
  function b.tensordot()
    local i, j, k = n(), n(), n()
    return pick({{tensor({i, j}), tensor({j, k}), 1}, {tensor({i, j, k}), tensor({j, k}), 2}, {tensor({i}), tensor({j}), 0},
      {tensor({i, j}), tensor({k, i}), {{1}, {2}}}})
  end
  function b.gather()
    local shape = {random(1, 3), random(1, 3)}
    local d = random(2)
    local ishape = {shape[1], shape[2]}
    ishape[3 - d] = random(1, shape[3 - d])
    ishape[d] = random(0, 4)
    return {tensor(shape), d, index(shape[d], ishape)}
  end
  function b.index_select()
    local shape = {random(1, 3), random(0, 3)}
    local d = random(2)
    return {tensor(shape), d, index(math.max(shape[d], 1), {n()})}
  end
  function b.scatter_add()
    local shape = {random(1, 3), random(1, 3)}
    local d = random(2)
    local ishape = {random(1, shape[1]), random(1, shape[2])}
    return {tensor(shape), d, index(shape[d], ishape), tensor({ishape[1], ishape[2] + random(0, 1)})}
  end
  function b.index_add()
    local shape = {random(1, 3), random(1, 3)}
    local d, L = random(2), n()
    local sshape = {shape[1], shape[2]}
    sshape[d] = near(L)
    return {tensor(shape), d, index(shape[d], {L}), tensor(sshape)}
  end
  b.scatter_add_, b.index_add_ = b.scatter_add, b.index_add
  function b.cat()
    local shape = {n(), n()}
    local list = {}
    for i = 1, random(1, 3) do
      local s = {shape[1], shape[2]}
      s[2] = near(random(0, 3))
      list[i] = tensor(s)
    end
    return {list, pick({1, 2, -1})}
  end
  function b.stack() local s = {n(), n()} return {{tensor(s), tensor(s), tensor({s[1], near(s[2])})}, random(-3, 3)} end
  function b.save()
    local tensors = {}
    for i = 1, random(0, 3) do tensors["t" .. i] = tensor({n(), n()}, pick({NUMERIC, {"bool"}})) end
    local p = path()
    return {p, tensors, random(2) == 1 and {note = "fuzz"} or nil}
  end
  function b.save_npy() return {path(), tensor(pick({{}, {n()}, {n(), n()}}), pick({NUMERIC, {"bool"}}))} end
  function b.load() return {path(), random(2) == 1 and {mmap = random(2) == 1} or nil} end
  b.load_npy, b.load_npz = b.load, b.load
  function b.set_rng_state()
    local s = lt.get_rng_state()
    if type(s) == "table" and random(2) == 1 then s[random(math.max(#s, 1))] = V.number() end
    return {s}
  end
  -- losses (nn.*): predictions and targets of matching shapes
  function b.mse_loss() local s = {n(), n()} return {tensor(s, FLOATS), tensor({s[1], near(s[2])}, FLOATS)} end
  b.l1_loss, b.smooth_l1_loss = b.mse_loss, b.mse_loss
  function b.binary_cross_entropy() local s = {n()} return {lt.rand(s), lt.rand(s):round()} end
  b.binary_cross_entropy_with_logits = b.mse_loss
  function b.cross_entropy()
    local N, C = n(), random(1, 4)
    return {tensor({N, C}, FLOATS), index(C, {near(N)}):long()}
  end
  b.nll_loss = b.cross_entropy
  function b.read_csv()
    local p = path():gsub("[^/]*$", pick({"d.csv", "d.csv", "e.csv"}))
    return {p, pick({false, {header = true}, {delimiter = ";"}, {header = true, dtype = pick(NUMERIC)}}) or nil}
  end
  function b.deserialize()
    local s = checkpoint.serialize({1, "a", {b = true}, n = random(5)})
    if random(2) == 1 then s = s:sub(1, random(0, #s)) end
    return {s}
  end
  function b.svg() return {{series = {{x = {1, 2, 3}, y = {V.number(), V.number(), 2}}}, title = V.string()}} end
  function b.write() return {path(), b.svg()[1]} end
  -- keyed by target name
  local by_target = {}
  local where = {mse_loss = "nn.", l1_loss = "nn.", smooth_l1_loss = "nn.", binary_cross_entropy = "nn.",
    binary_cross_entropy_with_logits = "nn.", cross_entropy = "nn.", nll_loss = "nn.", read_csv = "data.",
    deserialize = "checkpoint.", svg = "plot.", write = "plot."}
  for name, fn in pairs(b) do by_target[(where[name] or "lt.") .. name] = fn end
  return by_target
end

return B
