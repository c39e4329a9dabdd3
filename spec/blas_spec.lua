-- OpenBLAS loaded at run time: the kernels it runs (OPENBLAS_CORETYPE chosen by luatensor unless
-- the user set it), lt.blas_info(), LUATENSOR_BLAS, and threads. Each case runs in a fresh
-- process, since OpenBLAS picks its kernels once per process.
local lt = require "luatensor"
local run = dofile("spec/support/subprocess.lua").run

local function cpu_has(flag)
  local f = io.open("/proc/cpuinfo")
  if not f then return false end
  local text = f:read("a")
  f:close()
  return text:find("%f[%w]" .. flag .. "%f[%W]") ~= nil
end

local INFO = [[
local lt = require "luatensor"
local info = lt.blas_info()
print(info.coretype, info.coretype_from, info.library, info.threads, os.getenv("OPENBLAS_CORETYPE"))
]]

local function info_in_child(env)
  local out, ok = run(INFO, env)
  assert(ok, out)
  local coretype, from, library, threads, visible = out:match("^(%S+)\t(%S+)\t(%S+)\t(%S+)\t(%S+)\n$")
  assert(coretype, "unexpected output: " .. out)
  return { coretype = coretype, from = from, library = library, threads = tonumber(threads), visible = visible }
end

describe("blas_info", function()
  it("describes the loaded library", function()
    local info = lt.blas_info()
    assert.is_string(info.library)
    assert.is_string(info.coretype)
    assert.matches("^OpenBLAS", info.config)
    assert.is_truthy(({ environment = true, luatensor = true, openblas = true })[info.coretype_from])
    assert.is_true(math.type(info.threads) == "integer" and info.threads >= 1)
  end)

  it("chooses the fast kernels for this CPU when OPENBLAS_CORETYPE is unset, and leaves it unset", function()
    local info = info_in_child({ OPENBLAS_CORETYPE = false })
    local expected = (cpu_has("avx512f") and cpu_has("avx512bw") and cpu_has("avx512dq") and cpu_has("avx512vl"))
      and "SkylakeX" or (cpu_has("avx2") and cpu_has("fma")) and "Haswell" or nil
    if expected then
      assert.are.equal(expected, info.coretype)
      assert.are.equal("luatensor", info.from)
    else
      assert.are.equal("openblas", info.from)
    end
    assert.are.equal("nil", info.visible) -- the script sees the environment the user gave
  end)

  it("lets the user's OPENBLAS_CORETYPE win", function()
    local info = info_in_child({ OPENBLAS_CORETYPE = "Sandybridge" })
    assert.are.equal("Sandybridge", info.coretype)
    assert.are.equal("environment", info.from)
    assert.are.equal("Sandybridge", info.visible)
  end)

  it("applies set_num_threads given before OpenBLAS loads", function()
    local out, ok = run([[
      local lt = require "luatensor"
      lt.set_num_threads(1)
      print(lt.blas_info().threads)
      lt.set_num_threads(2)
      print(lt.blas_info().threads)
    ]])
    assert.is_true(ok, out)
    assert.are.equal("1\n2\n", out)
  end)

  it("loads the library LUATENSOR_BLAS names, and says so when it cannot", function()
    local info = info_in_child({ LUATENSOR_BLAS = "libopenblas.so.0" })
    assert.are.equal("libopenblas.so.0", info.library)
    local out, ok = run([[
      local lt = require "luatensor"
      -- integer products need no BLAS
      print(lt.tensor({{1, 2}, {3, 4}}):matmul(lt.tensor({{1, 0}, {0, 1}})):sum():item())
      print(select(2, pcall(lt.matmul, lt.ones(2, 2), lt.ones(2, 2))))
      print(select(2, pcall(lt.blas_info)))
      print(lt.ones(3):sum():item())
    ]], { LUATENSOR_BLAS = "/nonexistent/libblas.so" })
    assert.is_true(ok, out)
    assert.are.equal("10\n"
      .. "matmul: cannot load the BLAS named by LUATENSOR_BLAS: /nonexistent/libblas.so: cannot open "
      .. "shared object file: No such file or directory\n"
      .. "blas_info: cannot load the BLAS named by LUATENSOR_BLAS: /nonexistent/libblas.so: cannot open "
      .. "shared object file: No such file or directory\n"
      .. "3.0\n", out)
  end)

  it("is not linked into the module: a script that never multiplies matrices never loads it", function()
    local out, ok = run([[
      local lt = require "luatensor"
      local t = lt.ones(1000) * 2
      for line in io.lines("/proc/self/maps") do
        if line:find("libopenblas", 1, true) then print("loaded") return end
      end
      print("not loaded")
    ]])
    assert.is_true(ok, out)
    assert.are.equal("not loaded\n", out)
  end)
end)
