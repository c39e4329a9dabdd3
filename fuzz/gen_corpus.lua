-- fuzz/gen_corpus.lua OUTDIR: writes the seed corpus for the fuzz targets (`make fuzz` runs it
-- with the built module): OUTDIR/safetensors/ (files lt.save writes) and OUTDIR/npy/ (.npy
-- files lt.save_npy writes, the same data re-wrapped as format versions 2.0 and 3.0, hand-made
-- Fortran-order and big-endian files, and stored .npz archives of them). Every seed is loaded
-- back here, so the corpus starts from files the parsers accept.
local lt = require "luatensor"

local out = assert(arg[1], "usage: lua5.4 fuzz/gen_corpus.lua OUTDIR")
for _, d in ipairs({ out, out .. "/safetensors", out .. "/npy" }) do
  assert(os.execute("mkdir -p '" .. d .. "'"))
end

local function read(p)
  local f = assert(io.open(p, "rb"))
  local s = f:read("a")
  f:close()
  return s
end

local function write(p, bytes)
  local f = assert(io.open(p, "wb"))
  f:write(bytes)
  f:close()
end


-- ---- safetensors ----
local st = out .. "/safetensors/"
local x = lt.arange(6):view(2, 3)
lt.save(st .. "all_dtypes.safetensors", {
  f32 = x:float() / 3, f64 = x:double() / 7, i32 = x:int(), i64 = x, u8 = lt.tensor({ 0, 1, 255 }, "uint8"),
  b = lt.tensor({ true, false, true }),
}, { format = "pt", note = "tab\there, quote \" and \\ backslash, \u{e9}\u{1F600}" })
lt.save(st .. "noncontiguous.safetensors", { t = x:t(), s = x[{ {}, 2 }] })
lt.save(st .. "scalar_and_empty.safetensors", { s = lt.tensor(2.5, "float64"), z = lt.zeros(0, 3), e = lt.zeros(3, 0, 2):int() })
lt.save(st .. "nothing.safetensors", {})
lt.save(st .. "meta_only.safetensors", {}, { a = "1", b = "" })
lt.save(st .. "one.safetensors", { w = lt.ones(1) })
for _, f in ipairs({ "all_dtypes", "noncontiguous", "scalar_and_empty", "nothing", "meta_only", "one" }) do
  lt.load(st .. f .. ".safetensors")
end

-- ---- npy ----
local np = out .. "/npy/"
local samples = {
  f32 = lt.tensor({ { 1.5, -2.25 }, { 0, 1e-30 } }, "float32"),
  f64 = lt.tensor({ 1 / 3, -1e300 }, "float64"),
  i32 = lt.tensor({ -2147483648, 2147483647 }, "int32"),
  i64 = lt.tensor({ math.mininteger, 7 }, "int64"),
  u8 = lt.tensor({ 0, 128, 255 }, "uint8"),
  b1 = lt.tensor({ { true, false, true } }),
  scalar = lt.tensor(1.25, "float64"),
  empty = lt.zeros(0, 2),
  t = lt.arange(6):view(2, 3):t(),
}
local v1 = {}
for name, t in pairs(samples) do
  local p = np .. name .. ".npy"
  lt.save_npy(p, t)
  v1[name] = read(p)
end

-- the same header and data as format 2.0 / 3.0 (4-byte header length)
local function rewrap(bytes, major)
  local hlen = string.unpack("<I2", bytes, 9)
  local dict = bytes:sub(11, 10 + hlen)
  return "\x93NUMPY" .. string.char(major, 0) .. string.pack("<I4", #dict) .. dict .. bytes:sub(11 + hlen)
end
write(np .. "f32_v2.npy", rewrap(v1.f32, 2))
write(np .. "i64_v3.npy", rewrap(v1.i64, 3))
write(np .. "b1_v3.npy", rewrap(v1.b1, 3))

local function npy(major, dict, data)
  local len = major == 1 and string.pack("<I2", #dict) or string.pack("<I4", #dict)
  return "\x93NUMPY" .. string.char(major, 0) .. len .. dict .. data
end
-- Fortran order, big endian, the '=' byte order and Python 2's long suffix
write(np .. "f8_fortran_be.npy", npy(1, "{'descr': '>f8', 'fortran_order': True, 'shape': (2, 3), }\n",
  string.pack(">dddddd", 0, 3, 1, 4, 2, 5)))
write(np .. "i4_native_long.npy", npy(2, "{'shape': (3L,), 'fortran_order': False, 'descr': '=i4'}\n",
  string.pack("<i4i4i4", -1, 0, 1)))

-- stored ZIP archives of .npy members {name, bytes}
local function zip(members, comment)
  comment = comment or ""
  local body, cd, off = {}, {}, 0
  for _, m in ipairs(members) do
    local name, data = m[1], m[2]
    local lh = string.pack("<I4I2I2I2I2I2I4I4I4I2I2", 0x04034b50, 20, 0, 0, 0, 0, 0, #data, #data, #name, 0) .. name
    body[#body + 1] = lh .. data
    cd[#cd + 1] = string.pack("<I4I2I2I2I2I2I2I4I4I4I2I2I2I2I2I4I4", 0x02014b50, 20, 20, 0, 0, 0, 0, 0,
      #data, #data, #name, 0, 0, 0, 0, 0, off) .. name
    off = off + #lh + #data
  end
  local cds = table.concat(cd)
  return table.concat(body) .. cds .. string.pack("<I4I2I2I2I2I4I4I2", 0x06054b50, 0, 0, #members, #members,
    #cds, off, #comment) .. comment
end
write(np .. "two.npz", zip({ { "w.npy", v1.f32 }, { "b.npy", v1.b1 } }))
write(np .. "mixed.npz", zip({ { "a.npy", rewrap(v1.i64, 2) }, { "dir/s.npy", v1.scalar }, { "e.npy", v1.empty } }, "a comment"))
write(np .. "empty.npz", zip({}))

-- every seed loads
for name in pairs(samples) do lt.load_npy(np .. name .. ".npy") end
for _, f in ipairs({ "f32_v2", "i64_v3", "b1_v3", "f8_fortran_be", "i4_native_long" }) do lt.load_npy(np .. f .. ".npy") end
local ft = lt.load_npy(np .. "f8_fortran_be.npy"):totable()
assert(ft[1][1] == 0 and ft[1][3] == 2 and ft[2][1] == 3 and ft[2][3] == 5, "Fortran-order seed")
for _, f in ipairs({ "two", "mixed", "empty" }) do lt.load_npz(np .. f .. ".npz") end
print(("[fuzz] seeds written to %s/safetensors and %s/npy"):format(out, out))
