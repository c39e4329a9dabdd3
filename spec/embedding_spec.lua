-- What a host process that embeds luatensor relies on, checked on the built module itself:
-- no mutable process-wide state of our own, and nothing that prints, exits or aborts (errors
-- are Lua errors). The C hosts that exercise the public API (threads, failing allocator, static
-- and dynamic linking) are in test/host and examples/embed (make host-tests, make embed).
local lt = require "luatensor"

local function core_path()
  return assert(package.searchpath("luatensor.core", package.cpath))
end

local function command_output(cmd)
  local p = assert(io.popen(cmd .. " 2>&1"))
  local out = p:read("a")
  local ok = p:close()
  assert(ok, cmd .. " failed: " .. out)
  return out
end

local function lua_sources()
  local files = {}
  local p = assert(io.popen("find lua/luatensor -name '*.lua' | LC_ALL=C sort"))
  for path in p:lines() do files[#files + 1] = path end
  p:close()
  assert.is_true(#files > 5, "found no Lua sources under lua/luatensor")
  return files
end

describe("the module a host loads", function()
  it("has no writable data of its own (only the toolchain's CPU-feature cache)", function()
    -- lines of `objdump -t` for objects in .data or .bss (not .data.rel.ro: read-only after
    -- relocation); the allowed ones come from crtstuff and libgcc's __builtin_cpu_supports,
    -- and AddressSanitizer adds one __odr_asan.NAME marker byte per global in `make asan`
    local allowed = { ["completed.0"] = true, __dso_handle = true, __TMC_END__ = true,
      __cpu_model = true, __cpu_features2 = true }
    local writable = {}
    for line in command_output("objdump -t " .. core_path()):gmatch("[^\n]+") do
      local section, name = line:match("%s(%.[%w_]+)%s+%x+%s+(%S+)$")
      if (section == ".data" or section == ".bss") and not allowed[name] and not name:find("^__odr_asan%.") then
        writable[#writable + 1] = name
      end
    end
    assert.are.same({}, writable)
  end)

  it("imports nothing that prints, exits or aborts", function()
    local banned = { "abort", "exit", "_exit", "_Exit", "quick_exit", "printf", "fprintf", "vfprintf",
      "puts", "fputs", "putchar", "perror", "__assert_fail", "__printf_chk", "__fprintf_chk",
      "__vfprintf_chk", "raise", "kill" } -- (fwrite is fine: the file formats write files)
    local imported = {}
    for name in command_output("nm -D --undefined-only " .. core_path()):gmatch("U%s+([%w_]+)") do
      imported[name] = true
    end
    assert.is_true(imported.dlopen ~= nil or imported.malloc ~= nil, "nm listed no imports")
    local found = {}
    for _, name in ipairs(banned) do
      if imported[name] then found[#found + 1] = name end
    end
    assert.are.same({}, found)
  end)

  it("has a Lua part that never prints or exits on its own", function()
    local found = {}
    for _, path in ipairs(lua_sources()) do
      local n = 0
      for line in io.lines(path) do
        n = n + 1
        local code = line:gsub("%-%-.*$", "") -- comments may mention them
        for _, pattern in ipairs({ "%f[%w_.:]print%s*%(", "os%.exit", "io%.write", "io%.stdout", "io%.stderr" }) do
          if code:find(pattern) then found[#found + 1] = path .. ":" .. n .. ": " .. line end
        end
      end
    end
    assert.are.same({}, found)
  end)

  it("keeps errors inside Lua: a failing call raises, and the state goes on", function()
    local ok, err = pcall(lt.matmul, lt.zeros(2, 3), lt.zeros(2, 3))
    assert.is_false(ok)
    assert.are.equal("matmul: shapes (2x3) and (2x3) cannot be multiplied (3 != 2)", err:gsub("^.-:%d+: ", ""))
    assert.are.equal(12, lt.ones(2, 3):matmul(lt.ones(3, 2)):sum():item())
  end)
end)
