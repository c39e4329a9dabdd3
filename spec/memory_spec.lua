-- Tensor memory and the Lua collector: buffers are felt by the GC, released at once by free()
-- and <close>, and shared by views.
local lt = require "luatensor"

local run_lua = dofile("spec/support/subprocess.lua").run

local function allocated() return lt.memory_stats().allocated end

describe("tensor memory", function()
  it("keeps resident memory flat over 100,000 garbage 1 MiB tensors without collectgarbage()", function()
    local out, ok = run_lua([[
      local lt = require "luatensor"
      for _ = 1, 100000 do
        local t = lt.zeros(262144) -- 1 MiB of float32, touched
      end
      for line in io.lines("/proc/self/status") do
        local kb = line:match("^VmHWM:%s*(%d+) kB")
        if kb then print(kb) end
      end
    ]])
    assert.is_true(ok, out)
    local peak_mib = tonumber(out:match("(%d+)")) / 1024
    assert.is_true(peak_mib < 300, ("peak resident memory %.1f MiB"):format(peak_mib))
  end)

  describe("with the collector stopped", function()
    before_each(function()
      collectgarbage()
      collectgarbage("stop")
    end)
    after_each(function() collectgarbage("restart") end)

    it("counts the bytes of live buffers", function()
      local before = allocated()
      local t = lt.empty(1000, 1000)
      local grown = allocated() - before
      assert.is_true(grown >= 4000000 and grown < 4000000 + 4096, tostring(grown)) -- whole pages
      t:free()
      assert.are.equal(before, allocated())
    end)

    it("releases a buffer at the end of a <close> scope", function()
      local before = allocated()
      do
        local t <close> = lt.ones(1000, 1000)
        assert.is_true(allocated() >= before + 4000000)
      end
      assert.are.equal(before, allocated())
    end)

    it("releases a buffer on free(), and free() is idempotent", function()
      local before = allocated()
      local t = lt.ones(500, 500)
      t:free()
      assert.are.equal(before, allocated())
      t:free()
      assert.are.equal(before, allocated())
      assert.are.equal("tensor(freed)", tostring(t))
    end)

    it("keeps the buffer while a view of a freed tensor lives", function()
      local before = allocated()
      local base = lt.arange(1000) -- 8000 bytes: a buffer of its own (tiny ones share a block)
      local view = base[{ {3, 5} }]
      base:free()
      assert.is_true(allocated() > before)
      assert.are.same({ 2, 3, 4 }, view:totable())
      view:free()
      assert.are.equal(before, allocated())
    end)
  end)

  it("keeps a view's storage alive after its base is collected", function()
    local base = lt.arange(6):view(2, 3)
    local col = base:select(2, 3)
    base = nil
    collectgarbage()
    collectgarbage()
    assert.are.same({ 2, 5 }, col:totable())
  end)

  it("reuses freed large buffers and empty_cache() returns them", function()
    lt.empty_cache()
    local t = lt.empty(1 << 20)
    t:free()
    assert.are.equal(4 << 20, lt.memory_stats().cached)
    local u = lt.empty(1 << 20) -- same size class: served from the cache
    assert.are.equal(0, lt.memory_stats().cached)
    u:free()
    lt.empty_cache()
    assert.are.equal(0, lt.memory_stats().cached)
  end)
end)
