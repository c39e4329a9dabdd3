-- Interop with PyTorch (/usr/bin/python3 with torch, run through io.popen; pending when either is
-- missing; CI installs python3-torch from Debian):
--   * a safetensors file that Python writes from PyTorch tensors by the format's rules (the
--     safetensors Python package is not in Debian: JSON header + tensor.numpy().tobytes()) loads
--     in luatensor, copied and mapped, with identical values, for every dtype of the format;
--   * a file lt.save writes loads in PyTorch (header parsed in Python, torch.frombuffer) with
--     identical values, non-contiguous tensors included;
--   * a .npy file lt.save_npy writes loads in PyTorch through NumPy (torch.from_numpy(np.load)).
-- "Identical" means bit for bit: both sides print each tensor's little-endian bytes in hex (the
-- Lua side packs its values with string.pack), so -0.0, infinities, NaN, denormals and the
-- integer extremes are compared exactly, along with dtype and shape.
-- torch.save files (Python pickles) are out of scope.
local lt = require "luatensor"

local files = dofile("spec/support/files.lua")
local tmp = files.tmp

local py = dofile("spec/support/python.lua")
local TORCH = py.can_import({"torch", "numpy"})

local python = py.run

-- shared Python code: "name dtype [shape] hexbytes" for a dict of tensors, in name order
local PY_DUMP = [==[
import json, struct, sys, torch, numpy as np
SAFE = {torch.float32: 'F32', torch.float64: 'F64', torch.int32: 'I32', torch.int64: 'I64',
        torch.uint8: 'U8', torch.bool: 'BOOL'}
TORCH = {v: k for k, v in SAFE.items()}
def dump(ts):
    for name in sorted(ts):
        t = ts[name]
        print(name, SAFE[t.dtype], json.dumps(list(t.shape)).replace(' ', ''), t.numpy().tobytes().hex() or '-')
]==]

local SAFE = { float32 = "F32", float64 = "F64", int32 = "I32", int64 = "I64", uint8 = "U8", bool = "BOOL" }
local PACK = { float32 = "<f", float64 = "<d", int32 = "<i4", int64 = "<i8", uint8 = "B", bool = "B" }

local function flatten(v, acc)
  if type(v) ~= "table" then
    acc[#acc + 1] = v
  else
    for _, x in ipairs(v) do flatten(x, acc) end
  end
  return acc
end

-- the line PY_DUMP prints for t
local function dump(name, t)
  local fmt, hex = PACK[t:type()], {}
  for _, v in ipairs(flatten(t:totable(), {})) do
    if v == true then v = 1 elseif v == false then v = 0 end
    hex[#hex + 1] = (string.pack(fmt, v):gsub(".", function(c) return ("%02x"):format(c:byte()) end))
  end
  local h = table.concat(hex)
  return ("%s %s [%s] %s"):format(name, SAFE[t:type()], table.concat(t:size(), ","), h == "" and "-" or h)
end

local function dump_all(ts)
  local names, lines = {}, {}
  for name in pairs(ts) do names[#names + 1] = name end
  table.sort(names)
  for _, name in ipairs(names) do lines[#lines + 1] = dump(name, ts[name]) end
  return table.concat(lines, "\n") .. "\n"
end

-- tensors with the values that tell a faithful copy from an approximate one
local function lua_samples()
  return {
    f32 = lt.tensor({ { 1.5, -2.25, 1 / 0 }, { -0.0, 1e-45, 3.4028234663852886e38 } }, "float32"),
    f64 = lt.tensor({ 1 / 3, -1e300, 5e-324, -1 / 0 }, "float64"),
    i32 = lt.tensor({ -2147483648, 2147483647, 0, -1 }, "int32"),
    i64 = lt.tensor({ math.mininteger, math.maxinteger, 0, -7 }, "int64"),
    u8 = lt.tensor({ 0, 1, 128, 255 }, "uint8"),
    b = lt.tensor({ { true, false, true } }),
    scalar = lt.tensor(2.5, "float64"),
    empty = lt.zeros(0, 3),
    -- non-contiguous: a transpose, a permutation and a column
    t = lt.arange(6):view(2, 3):t(),
    perm = (lt.arange(24):float():view(2, 3, 4) / 8):permute(3, 1, 2),
    col = lt.arange(12):int():view(3, 4)[{ {}, 2 }],
  }
end

describe("interop with PyTorch", function()
  local it_torch = TORCH and it or pending

  teardown(function()
    files.remove_all()
  end)

  it("the dump helper packs values bit for bit", function()
    assert.are.equal("x F32 [2] 000080bf0000c0bf\n", dump_all({ x = lt.tensor({ -1, -1.5 }, "float32") }))
    assert.are.equal("i I64 [2] ffffffffffffffff0700000000000000\n", dump_all({ i = lt.tensor({ -1, 7 }, "int64") }))
    assert.are.equal("b BOOL [1,2] 0100\n", dump_all({ b = lt.tensor({ { true, false } }) }))
    assert.are.equal("s F64 [] 0000000000000440\n", dump_all({ s = lt.tensor(2.5, "float64") }))
    assert.are.equal("e F32 [0,3] -\n", dump_all({ e = lt.zeros(0, 3) }))
  end)

  it_torch("loads a safetensors file that Python writes from PyTorch tensors, every dtype, identical values", function()
    local p = tmp()
    local expected = python(PY_DUMP .. ([==[
ts = {
    'f32': torch.tensor([[1.5, -2.25, float('inf')], [-0.0, 1e-45, 3.4028234663852886e38]], dtype=torch.float32),
    'nan': torch.tensor([float('nan'), -float('nan')], dtype=torch.float32),
    'f64': torch.tensor([1 / 3, -1e300, 5e-324, float('-inf')], dtype=torch.float64),
    'i32': torch.tensor([-2**31, 2**31 - 1, 0, -1], dtype=torch.int32),
    'i64': torch.tensor([-2**63, 2**63 - 1, 0, -7], dtype=torch.int64),
    'u8': torch.tensor([0, 1, 128, 255], dtype=torch.uint8),
    'b': torch.tensor([[True, False, True]]),
    'scalar': torch.tensor(2.5, dtype=torch.float64),
    'empty': torch.zeros(0, 3),
    'perm': (torch.arange(24, dtype=torch.float32).reshape(2, 3, 4) / 8).permute(2, 0, 1),
    'r': torch.randn(5, 7, generator=torch.Generator().manual_seed(3), dtype=torch.float64),
}
assert set(t.dtype for t in ts.values()) == set(SAFE), 'every dtype of the format'
# the format's rules: data by dtype size (largest first) then name, so that every tensor is
# aligned; an 8-byte little-endian header length, the JSON header padded with spaces
order = sorted(ts, key=lambda n: (-ts[n].element_size(), n))
header, data = {'__metadata__': {'format': 'pt', 'writer': 'torch ' + torch.__version__}}, b''
for name in order:
    raw = ts[name].numpy().tobytes()
    header[name] = {'dtype': SAFE[ts[name].dtype], 'shape': list(ts[name].shape),
                    'data_offsets': [len(data), len(data) + len(raw)]}
    data += raw
h = json.dumps(header).encode()
h += b' ' * (-len(h) %% 8)
open(%q, 'wb').write(struct.pack('<Q', len(h)) + h + data)
dump(ts)
]==]):format(p))
    for _, opts in ipairs({ {}, { mmap = true } }) do
      local t, meta = lt.load(p, opts)
      assert.are.equal(expected, dump_all(t))
      assert.are.equal("pt", meta.format)
      assert.is_truthy(meta.writer:match("^torch "))
    end
    local t = lt.load(p)
    assert.are.same({ math.mininteger, math.maxinteger, 0, -7 }, t.i64:totable())
    assert.are.same({ { true, false, true } }, t.b:totable())
    assert.are.same({ 4, 2, 3 }, t.perm:size())
    assert.are.equal(0.125, t.perm[{ 2, 1, 1 }])
    assert.are.equal("float32", t.empty:type())
  end)

  it_torch("PyTorch loads what lt.save writes (non-contiguous tensors too), identical values", function()
    local s = lua_samples()
    s.nan = lt.tensor({ 0 / 0, -(0 / 0) }, "float32")
    local p = tmp()
    lt.save(p, s, { k = "v" })
    local out = python(PY_DUMP .. ([==[
b = open(%q, 'rb').read()
n = struct.unpack('<Q', b[:8])[0]
h = json.loads(b[8:8 + n])
assert n %% 8 == 0, 'the data area starts 8-aligned'
print('meta', json.dumps(h.pop('__metadata__')))
ts = {}
for name, info in h.items():
    s, e = info['data_offsets']
    dt = TORCH[info['dtype']]
    assert (8 + n + s) %% torch.empty(0, dtype=dt).element_size() == 0, name + ' is aligned'
    if e > s:
        ts[name] = torch.frombuffer(bytearray(b[8 + n + s:8 + n + e]), dtype=dt).reshape(info['shape'])
    else:  # frombuffer refuses an empty buffer
        ts[name] = torch.empty(info['shape'], dtype=dt)
dump(ts)
print('t', ts['t'].tolist())
print('col', ts['col'].tolist())
print('perm', ts['perm'][1].tolist())
]==]):format(p))
    assert.are.equal('meta {"k": "v"}\n' .. dump_all(s) .. "t [[0, 3], [1, 4], [2, 5]]\ncol [1, 5, 9]\n" ..
      "perm [[0.125, 0.625, 1.125], [1.625, 2.125, 2.625]]\n", out)
  end)

  it_torch("PyTorch loads what lt.save_npy writes, through NumPy, identical values", function()
    local s = lua_samples()
    local lines = {}
    for name, x in pairs(s) do
      local p = tmp()
      lt.save_npy(p, x)
      lines[#lines + 1] = ("ts[%q] = torch.from_numpy(np.load(%q))"):format(name, p)
    end
    local out = python(PY_DUMP .. "ts = {}\n" .. table.concat(lines, "\n") .. "\ndump(ts)\n" ..
      "print('t', ts['t'].tolist(), ts['t'].is_contiguous())\n")
    assert.are.equal(dump_all(s) .. "t [[0, 3], [1, 4], [2, 5]] True\n", out)
  end)
end)
