-- The per-state thread pool: its setting, and results that do not depend on it.
local lt = require "luatensor"

describe("threads", function()
  local saved
  before_each(function() saved = lt.get_num_threads() end)
  after_each(function() lt.set_num_threads(saved) end)

  it("start with at least one thread and round-trip set/get", function()
    assert.is_true(saved >= 1)
    lt.set_num_threads(3)
    assert.are.equal(3, lt.get_num_threads())
    lt.set_num_threads(1)
    assert.are.equal(1, lt.get_num_threads())
  end)

  -- (a float sum split over threads adds in another order: its last bits may differ between
  -- thread counts, though never between runs with the same count)
  it("give the same element-wise results, copies and fills on 1 and on 2 threads", function()
    lt.manual_seed(7)
    local a, b = lt.rand(300001), lt.rand(300001) -- above the parallel grain, odd length
    local function run()
      return {
        mul = a * b,
        mixed = a * b:double(),
        strided = a[{ {1, -1, 2} }] + 1,
        copy = lt.empty(300001):copy_(a),
        fill = lt.empty(300001):fill_(0.5),
        exp = a:exp(),
      }
    end
    lt.set_num_threads(1)
    local one = run()
    lt.set_num_threads(2)
    local two = run()
    for k, v in pairs(one) do assert.is_true(v:eq(two[k]):all():item(), k) end
    assert.are.equal(0.5, one.fill:amin():item())
    assert.are.equal(0.5, two.fill:amax():item())
  end)

  it("refuses a thread count out of range", function()
    assert.has_error(function() lt.set_num_threads(0) end, "set_num_threads: expected 1 to 1024 threads, got 0")
    assert.has_error(function() lt.set_num_threads(5000) end, "set_num_threads: expected 1 to 1024 threads, got 5000")
    assert.has_error(function() lt.set_num_threads("x") end, "bad argument #1 to 'set_num_threads' (number expected, got string)")
  end)
end)

describe("clock", function()
  it("is a monotonic wall clock in seconds", function()
    local t0 = lt.clock()
    local t1 = lt.clock()
    assert.are.equal("float", math.type(t0))
    assert.is_true(t1 >= t0)
  end)
end)
