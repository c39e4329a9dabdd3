-- Saving and loading: safetensors (lt.save / lt.load, with and without mmap), NumPy .npy
-- (lt.save_npy / lt.load_npy) and stored .npz archives (lt.load_npz).
--
-- Bad files are built byte by byte with string.pack; every case asserts the exact message and
-- that the library still works afterwards. Interop with NumPy runs /usr/bin/python3 when it can
-- import numpy (pending otherwise).
local lt = require "luatensor"

local files = dofile("spec/support/files.lua")
local tmp = files.tmp

local function write(bytes) return files.write(tmp(), bytes) end
local function read(p) return assert(files.read(p), p) end

-- a safetensors file from a header string and the data bytes
local function st_file(header, data)
  return write(string.pack("<I8", #header) .. header .. (data or ""))
end

-- a .npy file: version major, the header dict text, the data bytes
local function npy_bytes(major, dict, data)
  local len = major == 1 and string.pack("<I2", #dict) or string.pack("<I4", #dict)
  return "\x93NUMPY" .. string.char(major, 0) .. len .. dict .. (data or "")
end

-- a ZIP archive of stored members {name, bytes [, method]}
local function zip_bytes(members)
  local out, cd, off = {}, {}, 0
  for _, m in ipairs(members) do
    local name, data, method = m[1], m[2], m[3] or 0
    local lh = string.pack("<I4I2I2I2I2I2I4I4I4I2I2", 0x04034b50, 20, 0, method, 0, 0, 0, #data, #data,
      #name, 0) .. name
    out[#out + 1] = lh .. data
    cd[#cd + 1] = string.pack("<I4I2I2I2I2I2I2I4I4I4I2I2I2I2I2I4I4", 0x02014b50, 20, 20, 0, method, 0, 0,
      0, #data, #data, #name, 0, 0, 0, 0, 0, off) .. name
    off = off + #lh + #data
  end
  local cds = table.concat(cd)
  return table.concat(out) .. cds .. string.pack("<I4I2I2I2I2I4I4I2", 0x06054b50, 0, 0, #members,
    #members, #cds, off, 0)
end

local function healthy()
  local x = lt.arange(6):view(2, 3)
  x[{1, 2}] = 40
  return x[{1, 2}] == 40 and x[{2, 3}] == 5
end

local py = dofile("spec/support/python.lua")
local NUMPY = py.can_import({"numpy"})

local python = py.run

-- one tensor of every dtype, with awkward values
local function samples()
  return {
    f32 = lt.tensor({{1.5, -2.25, 3e30}, {0, -0.0, 1e-30}}, "float32"),
    f64 = lt.tensor({1 / 3, -1e300, 5e-324}, "float64"),
    i32 = lt.tensor({{-2147483648, 2147483647}, {0, -1}}, "int32"),
    i64 = lt.tensor({math.mininteger, math.maxinteger, 0, -7}, "int64"),
    u8 = lt.tensor({0, 1, 128, 255}, "uint8"),
    bool = lt.tensor({{true, false, true}}, "bool"),
  }
end

local function same(a, b)
  assert.are.equal(a:type(), b:type())
  assert.are.same(a:size(), b:size())
  assert.are.same(a:totable(), b:totable())
end

describe("io", function()
  after_each(function()
    assert.is_true(healthy())
  end)

  teardown(function()
    files.remove_all()
  end)

  describe("safetensors round trips", function()
    it("every dtype, with metadata", function()
      local p = tmp()
      local s = samples()
      lt.save(p, s, { format = "pt", note = "qu\"ote\\ and \n newline, é" })
      local t, meta = lt.load(p)
      for name, x in pairs(s) do same(t[name], x) end
      assert.are.same({ format = "pt", note = "qu\"ote\\ and \n newline, é" }, meta)
    end)

    it("0-d, zero-size and non-contiguous tensors", function()
      local p = tmp()
      local m = lt.arange(12):view(3, 4)
      local s = {
        scalar = lt.tensor(3.5, "float64"),
        empty = lt.zeros(0, 3),
        empty1 = lt.zeros({ 0 }, "int32"),
        transposed = m:t(),
        sliced = m:narrow(2, 2, 2),
        stepped = lt.arange(10):float():view(5, 2):select(2, 2),
        expanded = lt.tensor({ 1, 2 }):view(2, 1):expand(2, 3),
      }
      lt.save(p, s)
      local t, meta = lt.load(p)
      for name, x in pairs(s) do same(t[name], x) end
      assert.are.equal(0, t.scalar:dim())
      assert.are.equal(3.5, t.scalar:item())
      assert.is_true(t.transposed:is_contiguous())
      assert.are.same({}, meta)
    end)

    it("no tensors at all", function()
      local p = tmp()
      lt.save(p, {})
      local t, meta = lt.load(p)
      assert.are.same({}, t)
      assert.are.same({}, meta)
    end)

    it("the header is padded to 8 bytes and the data laid out largest element first", function()
      local p = tmp()
      lt.save(p, { a = lt.tensor({ true }), b = lt.tensor({ 1.0 }, "float64"), c = lt.tensor({ 2.0 }) })
      local bytes = read(p)
      local n = string.unpack("<I8", bytes)
      assert.are.equal(0, n % 8)
      local header = bytes:sub(9, 8 + n)
      assert.are.equal(
        '{"b":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},"c":{"dtype":"F32","shape":[1],' ..
        '"data_offsets":[8,12]},"a":{"dtype":"BOOL","shape":[1],"data_offsets":[12,13]}}',
        (header:gsub(" +$", "")))
      assert.are.equal(8 + n + 13, #bytes)
    end)

    it("reads JSON escapes and whitespace in a hand-written header", function()
      local h = '{ "\\u00e9\\ud83d\\ude00\\n\\"x" : { "shape" : [ 2 ] , "dtype" : "I32", ' ..
          '"data_offsets" : [ 0 , 8 ] } , "__metadata__" : { "a\\/b" : "\\t" } }'
      local t, meta = lt.load(st_file(h, string.pack("<i4i4", 7, -8)))
      assert.are.same({ 7, -8 }, t["é😀\n\"x"]:totable())
      assert.are.same({ ["a/b"] = "\t" }, meta)
    end)
  end)

  describe("safetensors mmap", function()
    local function mapped(p)
      local f = assert(io.open("/proc/self/maps"))
      local maps = f:read("a")
      f:close()
      return maps:find(p, 1, true) ~= nil
    end

    it("gives the same values, copy-on-write, and unmaps when the last tensor dies", function()
      local p = tmp()
      local s = samples()
      lt.save(p, s)
      local before = read(p)
      local t = lt.load(p, { mmap = true })
      for name, x in pairs(s) do same(t[name], x) end
      assert.is_true(mapped(p))
      -- writes go to private pages, never to the file
      t.i32[{ 1, 1 }] = 5
      assert.are.equal(5, t.i32[{ 1, 1 }])
      assert.are.equal(before, read(p))
      assert.are.same(s.i32:totable(), lt.load(p).i32:totable())
      -- the tensors outlive the table; the mapping lives as long as any of them
      local keep = t.f64
      t = nil
      collectgarbage()
      collectgarbage()
      assert.is_true(mapped(p))
      assert.are.same(s.f64:totable(), keep:totable())
      keep = nil
      collectgarbage()
      collectgarbage()
      assert.is_false(mapped(p))
    end)

    it("saving over a mapped file replaces it and leaves the mapped tensors intact", function()
      local p = tmp()
      lt.save(p, { w = lt.arange(4):float() })
      local t = lt.load(p, { mmap = true })
      lt.save(p, { v = lt.zeros(1) })
      assert.are.same({ 0, 1, 2, 3 }, t.w:totable())
      assert.are.same({ 0 }, lt.load(p).v:totable())
    end)

    it("copies a tensor whose data is not aligned to its element size", function()
      -- a 1-byte tensor first, then an int32 at data offset 1
      local h = '{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},' ..
          '"b":{"dtype":"I32","shape":[2],"data_offsets":[1,9]}}'
      h = h .. string.rep(" ", (8 - #h % 8) % 8)
      local p = st_file(h, "\7" .. string.pack("<i4i4", 1, -2))
      local t = lt.load(p, { mmap = true })
      assert.are.same({ 7 }, t.a:totable())
      assert.are.same({ 1, -2 }, t.b:totable())
    end)

    it("checks the option", function()
      assert.has_error(function() lt.load("x", { mmap = 1 }) end,
        "bad argument #2 to 'load' (mmap to be a boolean expected, got table)")
      assert.has_error(function() lt.load("x", 5) end,
        "bad argument #2 to 'load' (table expected, got number)")
    end)
  end)

  describe("npy", function()
    it("round trips every dtype, 0-d, zero-size and non-contiguous tensors", function()
      local cases = samples()
      local m = lt.arange(12):view(3, 4)
      cases.scalar = lt.tensor(7, "int64")
      cases.empty = lt.zeros(2, 0, "float64")
      cases.t = m:t()
      cases.slice = m:narrow(1, 2, 2):narrow(2, 1, 3)
      for _, x in pairs(cases) do
        local p = tmp()
        lt.save_npy(p, x)
        same(lt.load_npy(p), x)
      end
    end)

    it("writes version 1.0 with the data 64-byte aligned", function()
      local p = tmp()
      lt.save_npy(p, lt.tensor({ 1, 2, 3 }, "int32"))
      local bytes = read(p)
      assert.are.equal("\x93NUMPY\1\0", bytes:sub(1, 8))
      local hlen = string.unpack("<I2", bytes, 9)
      assert.are.equal(0, (10 + hlen) % 64)
      assert.are.equal("{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }",
        bytes:sub(11, 10 + hlen):gsub(" *\n$", ""))
      assert.are.equal(string.pack("<i4i4i4", 1, 2, 3), bytes:sub(11 + hlen))
    end)

    it("reads versions 1.0, 2.0 and 3.0", function()
      local data = string.pack("<f<f", 1.5, -2)
      for _, major in ipairs({ 1, 2, 3 }) do
        local p = write(npy_bytes(major, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }\n", data))
        assert.are.same({ 1.5, -2 }, lt.load_npy(p):totable())
      end
    end)

    it("reads Fortran order", function()
      -- the 2x3 matrix {{1, 2, 3}, {4, 5, 6}} stored column by column
      local data = string.pack("<i8i8i8i8i8i8", 1, 4, 2, 5, 3, 6)
      local p = write(npy_bytes(1, "{'descr': '<i8', 'fortran_order': True, 'shape': (2, 3), }\n", data))
      local t = lt.load_npy(p)
      assert.are.same({ { 1, 2, 3 }, { 4, 5, 6 } }, t:totable())
      assert.is_true(t:is_contiguous())
    end)

    it("reads big-endian data of every size", function()
      local cases = {
        { "'>f4'", string.pack(">f>f", 1.5, -3), { 1.5, -3 }, "float32" },
        { "'>f8'", string.pack(">d>d", 0.1, -1e300), { 0.1, -1e300 }, "float64" },
        { "'>i4'", string.pack(">i4>i4", -2, 65536), { -2, 65536 }, "int32" },
        { "'>i8'", string.pack(">i8>i8", math.mininteger, 258), { math.mininteger, 258 }, "int64" },
        { "'|u1'", "\1\255", { 1, 255 }, "uint8" },
        { "'|b1'", "\1\0", { true, false }, "bool" },
      }
      for _, c in ipairs(cases) do
        local t = lt.load_npy(write(npy_bytes(1, "{'descr': " .. c[1] .. ", 'fortran_order': False, 'shape': (2,), }", c[2])))
        assert.are.equal(c[4], t:type())
        assert.are.same(c[3], t:totable())
      end
    end)

    it("reads keys in any order, double quotes and a 0-d shape", function()
      local p = write(npy_bytes(1, '{"shape": (), "fortran_order": False, "descr": "<f8"}', string.pack("<d", 2.5)))
      local t = lt.load_npy(p)
      assert.are.equal(0, t:dim())
      assert.are.equal(2.5, t:item())
    end)
  end)

  describe("npz", function()
    local function member(dict, data) return npy_bytes(1, dict, data) end

    it("reads a stored archive", function()
      local p = write(zip_bytes({
        { "w.npy", member("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }", string.pack("<f<f<f<f", 1, 2, 3, 4)) },
        { "dir/b.npy", member("{'descr': '>i8', 'fortran_order': False, 'shape': (1,), }", string.pack(">i8", -9)) },
      }))
      local z = lt.load_npz(p)
      assert.are.same({ { 1, 2 }, { 3, 4 } }, z.w:totable())
      assert.are.same({ -9 }, z["dir/b"]:totable())
    end)

    it("reads an empty archive", function()
      assert.are.same({}, lt.load_npz(write(zip_bytes({}))))
    end)
  end)

  describe("bad files", function()
    local F32_HEADER = '{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,12]}}'

    local function fails(fn, p, msg)
      local fname = fn == lt.load_npy and "load_npy" or fn == lt.load_npz and "load_npz" or "load"
      assert.has_error(function() fn(p) end, fname .. ": " .. p .. ": " .. msg)
    end

    it("a missing file, a directory", function()
      fails(lt.load, "/nonexistent/x.safetensors", "cannot open: No such file or directory")
      fails(lt.load_npy, "/", "not a regular file")
    end)

    it("safetensors: truncated files", function()
      fails(lt.load, write(""), "safetensors: truncated: 0 bytes is too short for the header length")
      fails(lt.load, write("\1\0\0"), "safetensors: truncated: 3 bytes is too short for the header length")
      local p = st_file(F32_HEADER, string.rep("\0", 8))
      fails(lt.load, p, "safetensors: tensor 'w': data_offsets [0, 12] reach past the data area (8 bytes)")
      fails(function(q) return lt.load(q, { mmap = true }) end, p,
        "safetensors: tensor 'w': data_offsets [0, 12] reach past the data area (8 bytes)")
    end)

    it("safetensors: a lying header length", function()
      local p = write(string.pack("<I8", 999999) .. string.rep(" ", 112))
      fails(lt.load, p, "safetensors: header length 999999 exceeds the file size 120")
      p = write(string.pack("<I8", -1) .. "{}")
      fails(lt.load, p, "safetensors: header length 18446744073709551615 exceeds the file size 10")
    end)

    it("safetensors: offsets outside the file, overlapping, with gaps, reversed", function()
      fails(lt.load, st_file('{"w":{"dtype":"U8","shape":[4],"data_offsets":[100,104]}}', "abcd"),
        "safetensors: tensor 'w': data_offsets [100, 104] reach past the data area (4 bytes)")
      fails(lt.load, st_file('{"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]},' ..
        '"b":{"dtype":"U8","shape":[4],"data_offsets":[2,6]}}', "abcdef"),
        "safetensors: tensors 'a' [0, 4] and 'b' [2, 6] overlap")
      fails(lt.load, st_file('{"b":{"dtype":"U8","shape":[2],"data_offsets":[4,6]},' ..
        '"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]}}', "abcdef"),
        "safetensors: tensor 'b': data_offsets [4, 6] leave a gap after byte 2")
      fails(lt.load, st_file('{"w":{"dtype":"U8","shape":[0],"data_offsets":[4,0]}}', "abcd"),
        "safetensors: tensor 'w': data_offsets [4, 0] end before they begin")
      fails(lt.load, st_file('{"w":{"dtype":"U8","shape":[2],"data_offsets":[0,2]}}', "abcd"),
        "safetensors: the tensors use 2 bytes but the data area has 4")
    end)

    it("safetensors: shapes that disagree with the offsets or overflow", function()
      fails(lt.load, st_file('{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}', string.rep("\0", 8)),
        "safetensors: tensor 'w': data_offsets [0, 8] do not match dtype F32 and shape [3] (12 bytes)")
      fails(lt.load, st_file('{"w":{"dtype":"F64","shape":[4294967296,4294967296],"data_offsets":[0,8]}}',
        string.rep("\0", 8)),
        "safetensors: tensor 'w': shape (4294967296, 4294967296) has too many elements")
      fails(lt.load, st_file('{"w":{"dtype":"F64","shape":[1152921504606846976,16],"data_offsets":[0,8]}}',
        string.rep("\0", 8)),
        "safetensors: tensor 'w': shape (1152921504606846976, 16) has too many elements")
      fails(lt.load, st_file('{"w":{"dtype":"F64","shape":[2305843009213693952],"data_offsets":[0,8]}}',
        string.rep("\0", 8)),
        "safetensors: tensor 'w': data_offsets [0, 8] do not match dtype F64 and shape [2305843009213693952] (more than 9223372036854775807 bytes)")
      fails(lt.load, st_file('{"w":{"dtype":"U8","shape":[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1],"data_offsets":[0,1]}}', "x"),
        "safetensors: tensor 'w': the shape has more than 16 dimensions")
    end)

    it("safetensors: unknown dtypes and fields, bad bools, duplicates", function()
      fails(lt.load, st_file('{"w":{"dtype":"F16","shape":[1],"data_offsets":[0,2]}}', "ab"),
        "safetensors: tensor 'w': unsupported dtype 'F16' (supported: F32, F64, I32, I64, U8, BOOL)")
      fails(lt.load, st_file('{"w":{"dtype":"U8","shape":[1],"data_offsets":[0,1],"x":[]}}', "a"),
        "safetensors: tensor 'w': unknown field 'x'")
      fails(lt.load, st_file('{"w":{"dtype":"U8","shape":[1]}}', "a"),
        "safetensors: tensor 'w': missing field 'data_offsets'")
      fails(lt.load, st_file('{"w":{"dtype":"BOOL","shape":[2],"data_offsets":[0,2]}}', "\1\7"),
        "safetensors: tensor 'w': bool element 1 is 7, not 0 or 1")
      fails(lt.load, st_file('{"w":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},' ..
        '"w":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}}', "ab"),
        "safetensors: tensor 'w' appears twice")
      fails(lt.load, st_file('{"w":{"dtype":"U8","shape":[1],"data_offsets":[0,1,2]}}', "ab"),
        "safetensors: tensor 'w': data_offsets needs exactly 2 numbers")
      fails(lt.load, st_file('{"__metadata__":{"k":"a","k":"b"}}', ""),
        "safetensors: __metadata__ has the key 'k' twice")
    end)

    it("safetensors: invalid JSON", function()
      local cases = {
        { "[1, 2]   ", "at byte 0: expected '{'" },
        { '{"w":}', "at byte 5: expected an object for a tensor" },
        { '{"w":{"dtype":"U8","shape":[1.5],"data_offsets":[0,1]}}', "at byte 29: expected an integer" },
        { '{"w":{"dtype":"U8","shape":[-1],"data_offsets":[0,1]}}', "at byte 28: negative number" },
        { '{"w":{"dtype":"U8","shape":[01],"data_offsets":[0,1]}}', "at byte 28: leading zero in a number" },
        { '{"w\\x":{}}', "at byte 3: invalid escape in a string" },
        { '{"\\ud800":{}}', "at byte 2: unpaired surrogate in a \\u escape" },
        { '{"\\u0000":{}}', "at byte 2: \\u0000 in a string" },
        { '{"w', "at byte 1: unterminated string" },
        { '{"w":{"dtype":"U8","shape":[],"data_offsets":[0,1]}} x', "at byte 53: unexpected text after the header object" },
        { '{"w" {}}', "at byte 5: expected ':'" },
        { '{"w":{"dtype":"U8","shape":[],"data_offsets":[0,1]},}', "at byte 52: expected a string" },
        { '{"a\tb":{}}', "at byte 3: control character in a string" },
        { '{"w":{"dtype":true}}', "at byte 14: expected a string" },
      }
      for _, c in ipairs(cases) do
        fails(lt.load, st_file(c[1], "x"), "safetensors: invalid JSON header at byte " .. c[2]:match("^at byte (.*)$"))
      end
    end)

    it("npy: wrong magic, versions, truncation, lying header length", function()
      fails(lt.load_npy, write("PK\3\4 not an npy file"), "npy: bad magic (not a .npy file)")
      fails(lt.load_npy, write("\x93NUM"), "npy: truncated: 4 bytes is too short for a .npy file")
      fails(lt.load_npy, write("\x93NUMPY\4\0\0\0\0\0"), "npy: unsupported format version 4.0 (1.0, 2.0 and 3.0 are)")
      fails(lt.load_npy, write("\x93NUMPY\1\0\255\255{}"), "npy: header length 65535 exceeds the file size 12")
      fails(lt.load_npy, write("\x93NUMPY\2\0\255\255\255\255{}"), "npy: header length 4294967295 exceeds the file size 14")
      local dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }"
      fails(lt.load_npy, write(npy_bytes(1, dict, string.rep("\0", 16))),
        "npy: the shape needs 24 bytes of data but the file has 16")
      fails(lt.load_npy, write(npy_bytes(1, dict, string.rep("\0", 32))),
        "npy: the shape needs 24 bytes of data but the file has 32")
    end)

    it("npy: bad headers", function()
      local cases = {
        { "{'descr': '<f2', 'fortran_order': False, 'shape': (1,), }",
          "npy: unsupported dtype '<f2' (supported: <f4, <f8, <i4, <i8, |u1, |b1 and their big-endian forms)" },
        { "{'descr': '<f4', 'fortran_order': 0, 'shape': (1,), }", "npy: invalid header at byte 34: expected True or False" },
        { "{'descr': '<f4', 'fortran_order': False, 'shape': (1), }", "npy: invalid header at byte 53: a 1-tuple needs a trailing comma" },
        { "{'descr': '<f4', 'fortran_order': False}", "npy: invalid header: missing key 'shape'" },
        { "{'descr': '<f4', 'descr': '<f4'}", "npy: invalid header: duplicate key 'descr'" },
        { "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1}", "npy: invalid header: unexpected key 'x'" },
        { "{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }", "npy: invalid header at byte 51: expected a non-negative integer" },
        { "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), } junk", "npy: invalid header at byte 58: unexpected text after the dict" },
        { "{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296), }",
          "npy: shape (4294967296, 4294967296) has too many elements" },
        { "{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999,), }",
          "npy: invalid header at byte 69: dimension too large" },
        { "{'descr': '<f8', 'fortran_order': False, 'shape': (2305843009213693952,), }",
          "npy: the shape has too many bytes of data" },
        { "{'descr': '|b1', 'fortran_order': False, 'shape': (4,), }", "npy: bool element 2 is 2, not 0 or 1", "\0\1\2\0" },
      }
      for _, c in ipairs(cases) do
        fails(lt.load_npy, write(npy_bytes(1, c[1], c[3] or "abcd")), c[2])
      end
    end)

    it("npz: compressed members, bad magic, bad members, ZIP64", function()
      local good = npy_bytes(1, "{'descr': '|u1', 'fortran_order': False, 'shape': (1,), }", "\5")
      fails(lt.load_npz, write(zip_bytes({ { "x.npy", good, 8 } })),
        "npz: member 'x.npy' is compressed (deflate); only stored archives are supported")
      fails(lt.load_npz, write(string.rep("x", 40)), "npz: bad magic (no ZIP end-of-central-directory record)")
      fails(lt.load_npz, write("PK"), "npz: truncated: 2 bytes is too short for a ZIP archive")
      fails(lt.load_npz, write(zip_bytes({ { "x.txt", good } })), "npz: member 'x.txt' is not a .npy file")
      fails(lt.load_npz, write(zip_bytes({ { "x.npy", good }, { "x.npy", good } })), "npz: member 'x.npy' appears twice")
      fails(lt.load_npz, write(zip_bytes({ { "x.npy", "\x93NUMPX\1\0\0\0" } })), "npz: member 'x.npy': bad magic (not a .npy file)")
      local z = zip_bytes({ { "x.npy", good } })
      -- the central directory offset of the end record pointing past the archive
      local bad = z:sub(1, -7) .. string.pack("<I4", 0xFFFFFF) .. "\0\0"
      fails(lt.load_npz, write(bad), "npz: the central directory [16777215, 16777266) reaches past its end record at 154")
      local zip64 = z:sub(1, -7) .. string.pack("<I4", 0xFFFFFFFF) .. "\0\0"
      fails(lt.load_npz, write(zip64), "npz: ZIP64 archives are not supported")
      -- a member whose data runs into the central directory
      local trunc = zip_bytes({ { "x.npy", good } })
      local cdpos = trunc:find("PK\1\2", 1, true)
      local lied = trunc:sub(1, cdpos + 19) .. string.pack("<I4I4", 500, 500) .. trunc:sub(cdpos + 28)
      fails(lt.load_npz, write(lied), "npz: member 'x.npy': its data [35, 535) is outside the data area")
    end)
  end)

  describe("argument checks", function()
    it("save", function()
      assert.has_error(function() lt.save() end, "bad argument #1 to 'save' (string expected, got no value)")
      assert.has_error(function() lt.save("x") end, "bad argument #2 to 'save' (table expected, got no value)")
      assert.has_error(function() lt.save("x", {}, 3) end, "bad argument #3 to 'save' (table expected, got number)")
      assert.has_error(function() lt.save("x", { 1 }) end, "save: tensors: keys must be strings (got a number key)")
      assert.has_error(function() lt.save("x", { w = 1 }) end, "save: tensors['w'] is number, expected a tensor")
      local t = lt.zeros(1)
      t:free()
      assert.has_error(function() lt.save("x", { w = t }) end, "save: tensors['w'] is a freed tensor, expected a tensor")
      assert.has_error(function() lt.save("x", {}, { k = 1 }) end, "save: metadata['k'] is a number, expected a string")
      assert.has_error(function() lt.save("x", { ["a\0b"] = lt.zeros(1) }) end,
        "save: tensors: the key 'a...' contains a zero byte")
      assert.has_error(function() lt.save("/nonexistent/dir/x", { w = lt.zeros(1) }) end,
        "save: /nonexistent/dir/x: cannot open for writing: No such file or directory")
      assert.has_error(function() lt.save("x", { __metadata__ = lt.zeros(1) }) end,
        "save: x: safetensors: '__metadata__' is reserved and cannot name a tensor")
    end)

    it("npy functions", function()
      assert.has_error(function() lt.save_npy("x") end, "bad argument #2 to 'save_npy' (luatensor.Tensor expected, got no value)")
      assert.has_error(function() lt.load_npy() end, "bad argument #1 to 'load_npy' (string expected, got no value)")
      assert.has_error(function() lt.load_npz({}) end, "bad argument #1 to 'load_npz' (string expected, got table)")
      assert.has_error(function() lt.save_npy("/nonexistent/dir/x.npy", lt.zeros(1)) end,
        "save_npy: /nonexistent/dir/x.npy: cannot open for writing: No such file or directory")
    end)
  end)

  describe("interop with NumPy", function()
    local it_np = NUMPY and it or pending

    it_np("reads what np.save and np.savez write, every dtype, both orders, both byte orders", function()
      local dir = tmp()
      os.remove(dir)
      assert(os.execute("mkdir " .. dir))
      python(([==[
import numpy as np
d = %q
a = np.arange(24, dtype='<f4').reshape(2, 3, 4) / 7
np.save(d + '/f4.npy', a)
np.save(d + '/f8f.npy', np.asfortranarray(np.arange(6, dtype='<f8').reshape(2, 3) / 3))
np.save(d + '/i4be.npy', np.arange(-3, 3, dtype='>i4'))
np.save(d + '/i8.npy', np.array([np.iinfo(np.int64).min, np.iinfo(np.int64).max]))
np.save(d + '/u1.npy', np.array([0, 255], dtype=np.uint8))
np.save(d + '/b1.npy', np.array([[True, False]]))
np.save(d + '/s.npy', np.float64(2.5))
np.save(d + '/z.npy', np.zeros((0, 3), dtype='<f4'))
np.savez(d + '/all.npz', w=a, b=np.array([1, 2, 3], dtype='>i8'), m=np.eye(2, dtype=np.float64))
]==]):format(dir))
      local a = lt.arange(24):float():view(2, 3, 4) / 7
      local f4 = lt.load_npy(dir .. "/f4.npy")
      assert.are.equal("float32", f4:type())
      assert.are.same(a:totable(), f4:totable())
      assert.are.same((lt.arange(6):double():view(2, 3) / 3):totable(), lt.load_npy(dir .. "/f8f.npy"):totable())
      local i4 = lt.load_npy(dir .. "/i4be.npy")
      assert.are.equal("int32", i4:type())
      assert.are.same({ -3, -2, -1, 0, 1, 2 }, i4:totable())
      assert.are.same({ math.mininteger, math.maxinteger }, lt.load_npy(dir .. "/i8.npy"):totable())
      assert.are.same({ 0, 255 }, lt.load_npy(dir .. "/u1.npy"):totable())
      assert.are.same({ { true, false } }, lt.load_npy(dir .. "/b1.npy"):totable())
      assert.are.equal(2.5, lt.load_npy(dir .. "/s.npy"):item())
      assert.are.same({ 0, 3 }, lt.load_npy(dir .. "/z.npy"):size())
      local z = lt.load_npz(dir .. "/all.npz")
      assert.are.same(a:totable(), z.w:totable())
      assert.are.same({ 1, 2, 3 }, z.b:totable())
      assert.are.same({ { 1, 0 }, { 0, 1 } }, z.m:totable())
      os.execute("rm -rf " .. dir)
    end)

    it_np("NumPy reads what save_npy writes, with identical values", function()
      local s = samples()
      s.t = lt.arange(6):view(2, 3):t()
      s.scalar = lt.tensor(1.25, "float64")
      s.empty = lt.zeros(0, 2)
      local paths = {}
      for name, x in pairs(s) do
        paths[name] = tmp()
        lt.save_npy(paths[name], x)
      end
      local lines = {}
      for name, x in pairs(s) do
        lines[#lines + 1] = ("print(%q, repr(np.load(%q).tolist()), np.load(%q).dtype)"):format(name, paths[name], paths[name])
      end
      local out = python("import numpy as np\n" .. table.concat(lines, "\n") .. "\n")
      local function has(line) assert.is_truthy(out:find(line, 1, true), out) end
      has("f32 [[1.5, -2.25, 2.999999894026671e+30], [0.0, -0.0, 1.0000000031710769e-30]] float32")
      has("f64 [0.3333333333333333, -1e+300, 5e-324] float64")
      has("i32 [[-2147483648, 2147483647], [0, -1]] int32")
      has("i64 [-9223372036854775808, 9223372036854775807, 0, -7] int64")
      has("u8 [0, 1, 128, 255] uint8")
      has("bool [[True, False, True]] bool")
      has("t [[0, 3], [1, 4], [2, 5]] int64")
      has("scalar 1.25 float64")
      has("empty [] float32")
    end)

    it_np("reads a safetensors file written by the format's rules in Python, and Python reads ours", function()
      local p, q = tmp(), tmp()
      python(([==[
import json, struct, numpy as np
arrs = {'w': np.arange(6, dtype='<f4').reshape(2, 3) / 3, 'b': np.array([True, False]), 'i': np.array([-5, 7], dtype='<i8')}
header, data, off = {'__metadata__': {'format': 'np'}}, b'', 0
for name, dt in [('i', 'I64'), ('w', 'F32'), ('b', 'BOOL')]:
    raw = arrs[name].tobytes()
    header[name] = {'dtype': dt, 'shape': list(arrs[name].shape), 'data_offsets': [off, off + len(raw)]}
    data += raw
    off += len(raw)
h = json.dumps(header).encode()
h += b' ' * (-len(h) %% 8)
open(%q, 'wb').write(struct.pack('<Q', len(h)) + h + data)
]==]):format(p))
      local t, meta = lt.load(p)
      assert.are.same((lt.arange(6):float():view(2, 3) / 3):totable(), t.w:totable())
      assert.are.same({ true, false }, t.b:totable())
      assert.are.same({ -5, 7 }, t.i:totable())
      assert.are.same({ format = "np" }, meta)
      lt.save(q, { w = t.w:t(), i = t.i }, { k = "v" })
      local out = python(([==[
import json, struct, numpy as np
b = open(%q, 'rb').read()
n = struct.unpack('<Q', b[:8])[0]
h = json.loads(b[8:8 + n])
dts = {'F32': '<f4', 'I64': '<i8'}
for k in sorted(h):
    if k == '__metadata__':
        print(k, h[k]); continue
    s, e = h[k]['data_offsets']
    print(k, np.frombuffer(b[8 + n + s:8 + n + e], dtype=dts[h[k]['dtype']]).reshape(h[k]['shape']).tolist())
]==]):format(q))
      assert.are.equal("__metadata__ {'k': 'v'}\ni [-5, 7]\nw [[0.0, 1.0], [0.3333333432674408, 1.3333333730697632], " ..
        "[0.6666666865348816, 1.6666666269302368]]\n", out)
    end)
  end)
end)

-- Found by the fuzz targets (fuzz/): zero-size tensors whose other dims multiply past int64 made
-- the storage-bounds check overflow (undefined behaviour, caught by UBSan).
describe("io: zero-size tensors with huge dims (fuzz findings)", function()
  it("a Fortran-order .npy with a 0 dim and dims of 2^32 loads as an empty tensor", function()
    local dict = "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 4294967296, 4294967296, 0), }\n"
    local t = lt.load_npy(write(npy_bytes(1, dict)))
    assert.are.same({ 2, 4294967296, 4294967296, 0 }, t:size())
    assert.are.equal(0, t:numel())
  end)

  it("a safetensors entry of shape [2^40, 2^40, 0] loads, mapped or not", function()
    local header = '{"x":{"dtype":"F32","shape":[1099511627776,1099511627776,0],"data_offsets":[0,0]}}'
    header = header .. string.rep(" ", (8 - #header % 8) % 8)
    local path = st_file(header)
    for _, mmap in ipairs({ false, true }) do
      local x = lt.load(path, { mmap = mmap }).x
      assert.are.same({ 1099511627776, 1099511627776, 0 }, x:size())
      assert.are.equal(0, x:numel())
      assert.are.same({ 0, 1099511627776, 1099511627776 }, x:permute(3, 1, 2):size())
    end
  end)
end)
